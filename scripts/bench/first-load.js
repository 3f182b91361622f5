// First-load JavaScript per route, from the build: what a prerendered page asks for before it runs
// (its entry scripts, every `modulepreload`, and every module those import statically) and the
// lazy modules it imports at once on its own (LOADED_AT_START), each file gzipped at level 9,
// summed.
import { init, parse } from 'es-module-lexer';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { LOADED_AT_START } from '../vite-plugin-compile-hints.js';

/**
 * Vite's manifest of the client build, which SvelteKit leaves beside its output rather than in the
 * adapter's build directory: for each chunk, the source modules it imports lazily.
 * @param {string} buildDir the adapter's output, in the repository's root
 * @returns {Promise<Record<string, { file: string, dynamicImports?: string[] }>>}
 */
export async function clientManifest(buildDir) {
	const path = join(buildDir, '..', '.svelte-kit/output/client/.vite/manifest.json');
	return JSON.parse(await readFile(path, 'utf8'));
}

/**
 * The lesson a reader meets first: content/lessons/NN-slug, lowest NN, without the number.
 * @param {string} root the repository
 */
export async function firstLessonSlug(root) {
	const folders = (await readdir(join(root, 'content/lessons'), { withFileTypes: true }))
		.filter((d) => d.isDirectory() && /^\d+-/.test(d.name))
		.map((d) => d.name)
		.sort();
	if (!folders.length) throw new Error('no lesson in content/lessons');
	return /** @type {string} */ (folders[0]).replace(/^\d+-/, '');
}

/**
 * The JS files a page loads at first: `<script src>`, `<link rel="modulepreload">`, and the
 * `import("…")` of SvelteKit's inline bootstrap (its entry points, normally preloaded as well).
 * Modules those import lazily later (`import()` inside them) are not first load and not counted.
 * @param {string} html
 * @returns {string[]} the URLs as written in the page
 */
export function firstLoadScripts(html) {
	const urls = new Set();
	for (const [tag] of html.matchAll(/<(?:script|link)\b[^>]*>/gi)) {
		const attr = (/** @type {string} */ name) =>
			tag.match(new RegExp(`\\s${name}\\s*=\\s*["']([^"']+)["']`, 'i'))?.[1];
		if (tag.toLowerCase().startsWith('<script') && attr('src')) urls.add(attr('src'));
		if (/^modulepreload$/i.test(attr('rel') ?? '') && attr('href')) urls.add(attr('href'));
	}
	for (const [, body] of html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/gi))
		for (const [, url] of (body ?? '').matchAll(/\bimport\(\s*["']([^"']+\.js)["']\s*\)/g))
			urls.add(url);
	return [...urls];
}

/**
 * The modules a script imports statically (`import … from "./x.js"`, `export … from`), which the
 * browser fetches before it runs the script; `import()` inside it is lazy and not listed.
 * @param {string} code
 * @returns {string[]} the specifiers as written
 */
export function staticImports(code) {
	const [imports] = parse(code);
	return imports.flatMap((i) => (i.d === -1 && i.n ? [i.n] : []));
}

/**
 * The JS files a prerendered page names (firstLoadScripts), as absolute paths in the build.
 * @param {string} buildDir
 * @param {string} page the HTML file, relative to buildDir
 * @returns {Promise<string[]>}
 */
export async function pageScripts(buildDir, page) {
	const file = join(buildDir, page);
	const scripts = firstLoadScripts(await readFile(file, 'utf8'));
	if (!scripts.length) throw new Error(`${page} loads no script`);
	return scripts.map((url) => {
		if (/^[a-z]+:|^\/\//i.test(url)) throw new Error(`${page} loads ${url} from elsewhere`);
		// Paths in the build are relative to the page (./_app/…, ../_app/…); a leading / is the root.
		return url.startsWith('/') ? join(buildDir, url) : resolve(dirname(file), url);
	});
}

/**
 * The JS files one prerendered page loads at first: its scripts and preloads, what they import
 * statically, transitively, and the LOADED_AT_START modules they import lazily (with what those
 * import). It follows the imports rather than trusting the preloads to be complete: SvelteKit
 * 2.70 left out of them a chunk it met first as a dependency of a lazy chunk, even when an eager
 * chunk imports it too (find_deps, one `seen` set for both; patched in scripts/patches), and the
 * browser fetched it anyway, one round trip later.
 * @param {string} buildDir
 * @param {string} page the HTML file, relative to buildDir
 * @param {{ loadedAtStart?: boolean }} [options] `loadedAtStart: false`: only what the page's
 *   scripts import statically, which it should preload
 * @returns {Promise<string[]>} absolute paths, each once
 */
export async function firstLoadFiles(buildDir, page, { loadedAtStart = true } = {}) {
	await init;
	const scripts = await pageScripts(buildDir, page);
	const manifest = loadedAtStart ? await clientManifest(buildDir) : {};
	/** Built file (relative to buildDir) → the LOADED_AT_START chunks it imports lazily. */
	const atStart = new Map(
		Object.values(manifest).map((chunk) => [
			chunk.file,
			(chunk.dynamicImports ?? [])
				.filter((src) => LOADED_AT_START.includes(src))
				.map((src) => /** @type {{ file: string }} */ (manifest[src]).file)
		])
	);
	/** @type {Set<string>} */
	const seen = new Set();
	/** @param {string} path */
	const visit = async (path) => {
		if (seen.has(path)) return;
		seen.add(path);
		if (relative(buildDir, path).startsWith('..')) throw new Error(`${path} is outside the build`);
		for (const url of staticImports(await readFile(path, 'utf8'))) {
			if (!url.startsWith('.'))
				throw new Error(`${path} imports ${url}, which the build cannot serve`);
			await visit(resolve(dirname(path), url));
		}
		for (const lazy of atStart.get(relative(buildDir, path)) ?? [])
			await visit(join(buildDir, lazy));
	};
	for (const path of scripts) await visit(path);
	return [...seen];
}

/**
 * First-load JS of one prerendered page (firstLoadFiles), each file gzipped at level 9, summed.
 * @param {string} buildDir
 * @param {string} page the HTML file, relative to buildDir
 * @returns {Promise<{ gzip: number, raw: number, files: number }>} bytes
 */
export async function firstLoadOf(buildDir, page) {
	const files = await firstLoadFiles(buildDir, page);
	let gzip = 0;
	let raw = 0;
	for (const path of files) {
		const bytes = await readFile(path);
		raw += bytes.length;
		gzip += gzipSync(bytes, { level: 9 }).length;
	}
	return { gzip, raw, files: files.length };
}
