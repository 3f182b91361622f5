// Build check for the lessons in content/lessons/: `vite build` fails, naming the file and the
// field, when a lesson has no title, an unknown scenario field, a step id that does not exist, a
// replay trace that is not in static/traces/, or any other problem the lesson parser finds. The
// app itself would also refuse to load a broken lesson (src/lib/content/lessons.ts throws at
// import); this check says so before bundling, with every problem at once, and also catches a
// lesson folder without index.md, which the app's glob would silently skip. Also exports the fs
// readers that node tests use, so that everyone reads the same files the same way.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatLessonProblems, indexLessons } from '../src/lib/core/lessons/parse.ts';

/**
 * Every `content/lessons/<folder>/index.md` under `root`, keyed as Vite's import.meta.glob keys
 * them (`/content/lessons/01-why-signaling/index.md`), and the folders that have no index.md.
 * @param {string} [root] the project root
 * @returns {{ files: Record<string, string>, missing: string[] }}
 */
export function readLessonFiles(root = process.cwd()) {
	/** @type {Record<string, string>} */
	const files = {};
	/** @type {string[]} */
	const missing = [];
	const dir = join(root, 'content', 'lessons');
	/** @type {import('node:fs').Dirent[]} */
	let entries;
	try {
		entries = readdirSync(dir, { withFileTypes: true });
	} catch {
		return { files, missing };
	}
	for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
		if (!entry.isDirectory()) continue;
		const file = join(dir, entry.name, 'index.md');
		if (existsSync(file))
			files[`/content/lessons/${entry.name}/index.md`] = readFileSync(file, 'utf8');
		else missing.push(`/content/lessons/${entry.name}`);
	}
	return { files, missing };
}

/**
 * The names of the traces a lesson may replay: `static/traces/<name>.trace.json`.
 * @param {string} [root] the project root
 * @returns {string[]}
 */
export function listTraces(root = process.cwd()) {
	try {
		return readdirSync(join(root, 'static', 'traces'))
			.filter((name) => name.endsWith('.trace.json'))
			.map((name) => name.slice(0, -'.trace.json'.length));
	} catch {
		return [];
	}
}

/**
 * Every problem of the lessons under `root`, as the build sees them.
 * @param {string} [root] the project root
 */
export function checkLessons(root = process.cwd()) {
	const { files, missing } = readLessonFiles(root);
	const { lessons, problems } = indexLessons(files, { traces: listTraces(root) });
	for (const folder of missing)
		problems.push({
			file: folder,
			field: 'folder',
			message: 'has no index.md: a lesson is content/lessons/NN-slug/index.md'
		});
	return { lessons, problems };
}

/**
 * The Vite plugin: add `lessonsCheck()` to `plugins` in vite.config.ts.
 * @returns {import('vite').Plugin}
 */
export function lessonsCheck() {
	return {
		name: 'lessons-check',
		apply: 'build',
		buildStart() {
			const { problems } = checkLessons();
			if (problems.length)
				this.error(
					`content/lessons/ has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n` +
						formatLessonProblems(problems)
				);
		}
	};
}
