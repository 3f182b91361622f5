import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// Every route is prerendered: the build is a static site anyone can host.
		// BUILD_DIR and BASE_PATH: a build for a sub-path (npm run build:subpath, README "Hosting").
		adapter: adapter({
			pages: process.env.BUILD_DIR ?? 'build',
			assets: process.env.BUILD_DIR ?? 'build',
			strict: true
		}),
		paths: { base: process.env.BASE_PATH ?? '' },
		// Its own working folder too: `vite preview` serves .svelte-kit/output, which a second build
		// with another base would otherwise overwrite under a running preview.
		outDir: process.env.BUILD_DIR ? `.svelte-kit/${process.env.BUILD_DIR}` : '.svelte-kit'
	}
};

export default config;
