/**
 * The explanation texts of content/, read with node:fs for unit tests and scripts: the same
 * files, parsed the same way, as the app's import.meta.glob in src/lib/content/sdp.ts.
 */
import {
	formatProblems,
	indexExplanations,
	type Explanations
} from '../../src/lib/core/content/explanations';
import { readContentFiles } from '../../scripts/vite-plugin-content-check.js';

/** Throws, listing every problem, if an entry is broken (as the build would). */
export function loadContent(root?: string): Explanations {
	const { explanations, problems } = indexExplanations(readContentFiles(root));
	if (problems.length) throw new Error(formatProblems(problems));
	return explanations;
}
