// Marks the client chunks a page runs as it starts with V8's explicit compile hint, the magic
// comment `//# allFunctionsCalledOnLoad` as the file's first line (Chrome 136 and later; to other
// engines it is only a comment). V8 then compiles every function of the file eagerly, on the thread
// that streams the script in, instead of lazily, on the main thread, the first time each is
// called, work that fell inside the page's hydration and the lab's first render.
// https://v8.dev/blog/explicit-compile-hints
//
// Which chunks: each entry (SvelteKit's start and app, and one node per layout and page, which
// runs when its page opens), the modules a page imports lazily yet at once (LOADED_AT_START), and
// what those import statically. Lazy parts that wait for the reader (the Inspector's views, the
// trace import, …) are left to compile lazily: eager compilation of functions never called would
// cost time and memory for nothing.
import { resolve } from 'node:path';

/** The comment, exactly as V8 looks for it at the start of a script. */
export const COMPILE_HINT = '//# allFunctionsCalledOnLoad\n';

/**
 * Modules a page imports lazily (`import()`) yet at once, before the reader does anything. The
 * lab's state and machines (open-lab-later.ts) are a chunk of their own so that running them is a
 * task of its own, not part of the page's hydration; every page with the lab loads them as it
 * starts. The bench's first-load count (scripts/bench/first-load.js) counts them too.
 */
export const LOADED_AT_START = ['src/lib/state/open-lab.ts'];

/**
 * The file names of the chunks to mark: entries, chunks whose module is in `atStart`, and what
 * those import statically, transitively.
 * @param {Record<string, { type: string, fileName: string, isEntry?: boolean, facadeModuleId?: string | null, imports?: string[] }>} bundle
 * @param {string[]} atStart absolute paths of modules loaded at once
 * @returns {Set<string>}
 */
export function chunksRunAtStart(bundle, atStart) {
	/** @type {Set<string>} */
	const marked = new Set();
	/** @param {string} fileName */
	const visit = (fileName) => {
		const chunk = bundle[fileName];
		if (!chunk || chunk.type !== 'chunk' || marked.has(fileName)) return;
		marked.add(fileName);
		for (const imported of chunk.imports ?? []) visit(imported);
	};
	for (const chunk of Object.values(bundle))
		if (
			chunk.type === 'chunk' &&
			(chunk.isEntry || (chunk.facadeModuleId && atStart.includes(chunk.facadeModuleId)))
		)
			visit(chunk.fileName);
	return marked;
}

/**
 * Puts COMPILE_HINT first in a chunk of the bundle, once. In a build with source maps (vite build
 * --sourcemap) the chunk's map, already an asset beside it, moves down by the same line, or every
 * position would map to the line above (Source Map rev. 3: `;` ends a line, so a leading one is an
 * empty first line).
 * @param {Record<string, { type: string, code?: string, source?: string | Uint8Array }>} bundle
 * @param {string} fileName
 */
export function addCompileHint(bundle, fileName) {
	const chunk = bundle[fileName];
	if (chunk?.type !== 'chunk' || typeof chunk.code !== 'string') return;
	if (chunk.code.startsWith(COMPILE_HINT)) return;
	chunk.code = COMPILE_HINT + chunk.code;
	const map = bundle[`${fileName}.map`];
	if (map?.type !== 'asset' || map.source === undefined) return;
	const text = typeof map.source === 'string' ? map.source : new TextDecoder().decode(map.source);
	const json = JSON.parse(text);
	json.mappings = `;${json.mappings}`;
	map.source = JSON.stringify(json);
}

/** @returns {import('vite').Plugin} */
export function compileHints() {
	let root = process.cwd();
	let ssr = false;
	return {
		name: 'lab-compile-hints',
		apply: 'build',
		configResolved(config) {
			root = config.root;
			ssr = Boolean(config.build.ssr);
		},
		generateBundle: {
			// Last: after minification, which would drop the comment, and after Vite's own
			// generateBundle, which puts a line first in each chunk that imports lazily
			// (vite:build-import-analysis, `__vite__mapDeps`). So after the files are named: a change
			// to LOADED_AT_START alone can add or remove the comment under the same name, and a
			// browser holding the old copy compiles it the old way (speed only, never behaviour).
			order: 'post',
			handler(_options, bundle) {
				// The server's chunks are not sent to browsers.
				if (ssr) return;
				const atStart = LOADED_AT_START.map((path) => resolve(root, path));
				const marked = chunksRunAtStart(
					/** @type {Parameters<typeof chunksRunAtStart>[0]} */ (/** @type {unknown} */ (bundle)),
					atStart
				);
				for (const fileName of marked) addCompileHint(bundle, fileName);
			}
		}
	};
}
