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
		outDir: process.env.BUILD_DIR ? `.svelte-kit/${process.env.BUILD_DIR}` : '.svelte-kit',
		// A strict Content-Security-Policy on every page (README "Content Security Policy and
		// framing"). Prerendered, so it is a <meta http-equiv>: kit adds the hashes of its inline
		// bootstrap script; frame-ancestors cannot be set here, the host sends it as a header.
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				// The pages' only inline styles are two style attributes, allowed by the hash of their
				// exact text ('unsafe-hashes'), so every other inline style and <style> stays blocked:
				// src/app.html's `display: contents`, and kit's route announcer, `position: absolute;
				// left: 0; top: 0; clip: rect(0 0 0 0); clip-path: inset(50%); overflow: hidden;
				// white-space: nowrap; width: 1px; height: 1px`. tests/e2e/csp.spec.ts fails on any
				// securitypolicyviolation, so a change to either shows at once.
				'style-src': [
					'self',
					'unsafe-hashes',
					'sha256-tcbDxjMo+xKqM21aCGYbs/QAJqB7yUXC06oPWDapBgc=',
					'sha256-S8qMpvofolR8Mpjy4kQvEm7m1q8clzU4dfDH0AmvZjo='
				],
				'img-src': ['self', 'data:', 'blob:'],
				'connect-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self']
			}
		}
	}
};

export default config;
