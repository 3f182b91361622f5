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
		// Stylesheets are inlined into each page (kit hashes them into style-src below): linked,
		// each was a render-blocking request before the first paint (Lighthouse mobile, FCP).
		// Every stylesheet of the site is under this size; a larger one would stay a link.
		inlineStyleThreshold: 16 * 1024,
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
				// Two style attributes are allowed by the hash of their exact text ('unsafe-hashes'):
				// src/app.html's `display: contents`, and kit's route announcer, `position: absolute;
				// left: 0; top: 0; clip: rect(0 0 0 0); clip-path: inset(50%); overflow: hidden;
				// white-space: nowrap; width: 1px; height: 1px`. Kit adds the hash of each page's one
				// <style> (the stylesheets inlined by inlineStyleThreshold) itself. Every other inline
				// style and <style> stays blocked; tests/e2e/csp.spec.ts fails on any
				// securitypolicyviolation, so a change shows at once.
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
