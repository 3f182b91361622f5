// Build check for the explanation texts in content/: `vite build` fails, naming the file and the
// entry, when an entry has no `spec:` reference (or any other problem the content parser finds),
// so that no explanation ships without saying which RFC it comes from. The app itself would also
// refuse to load such content (src/lib/content/sdp.ts throws at import); this check says so
// before bundling, with every problem at once. Also exports the fs reader that node tests and
// scripts use, so that everyone reads the same files the same way.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { formatProblems, indexExplanations } from '../src/lib/core/content/explanations.ts';

/** The folders of content/ that hold explanations (lessons and other content live beside them). */
export const EXPLANATION_FOLDERS = ['sdp', 'ice'];

/**
 * Every `content/{sdp,ice}/**\/*.md` under `root`, keyed as Vite's import.meta.glob keys them
 * (`/content/sdp/line.md`).
 * @param {string} [root] the project root
 * @returns {Record<string, string>}
 */
export function readContentFiles(root = process.cwd()) {
	/** @type {Record<string, string>} */
	const files = {};
	const dir = join(root, 'content');
	/** @type {string[]} */
	let names;
	try {
		names = readdirSync(dir, { recursive: true, encoding: 'utf8' });
	} catch {
		return files;
	}
	for (const name of names.sort())
		if (name.endsWith('.md') && EXPLANATION_FOLDERS.includes(name.split(/[\\/]/)[0] ?? ''))
			files['/' + relative(root, join(dir, name)).split(sep).join('/')] = readFileSync(
				join(dir, name),
				'utf8'
			);
	return files;
}

/**
 * The Vite plugin: add `contentCheck()` to `plugins` in vite.config.ts.
 * @returns {import('vite').Plugin}
 */
export function contentCheck() {
	return {
		name: 'content-check',
		apply: 'build',
		buildStart() {
			const { problems } = indexExplanations(readContentFiles());
			if (problems.length)
				this.error(
					`content/ has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n` +
						formatProblems(problems)
				);
		}
	};
}
