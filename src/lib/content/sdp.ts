/**
 * The explanation texts of content/ for the app: bundled by Vite at build time, parsed once.
 * A broken entry (no `spec:` reference, a key explained twice …) throws here, at import, so it
 * fails the build and the dev server instead of shipping; scripts/vite-plugin-content-check.js
 * says the same thing earlier. Node tests and scripts read the same files with
 * tests/unit/content.ts.
 */
import {
	formatProblems,
	indexExplanations,
	type Explanations
} from '$lib/core/content/explanations';

// Only the explanation folders: content/ also holds other things (lessons) in other formats.
const files: Record<string, string> = import.meta.glob('/content/{sdp,ice}/**/*.md', {
	query: '?raw',
	import: 'default',
	eager: true
});

const indexed = indexExplanations(files);
if (indexed.problems.length) throw new Error(formatProblems(indexed.problems));

export const explanations: Explanations = indexed.explanations;
