/**
 * The lessons of content/lessons/ for the app: bundled by Vite at build time, parsed once. A broken
 * lesson (no title, an unknown scenario field, a step id that does not exist …) throws here, at
 * import, so it fails the build and the dev server instead of shipping;
 * scripts/vite-plugin-lessons-check.js says the same thing earlier, with every problem at once.
 */
import type { Lesson } from '$lib/core/lessons/lesson';
import { formatLessonProblems, indexLessons } from '$lib/core/lessons/parse';

const files: Record<string, string> = import.meta.glob('/content/lessons/*/index.md', {
	query: '?raw',
	import: 'default',
	eager: true
});

const indexed = indexLessons(files);
if (indexed.problems.length)
	throw new Error(
		`content/lessons has ${indexed.problems.length} problem${indexed.problems.length === 1 ? '' : 's'}:\n` +
			formatLessonProblems(indexed.problems)
	);

/** Every lesson, in the order of their folder numbers. */
export const lessons: readonly Lesson[] = indexed.lessons;

export function lessonBySlug(slug: string): Lesson | undefined {
	return lessons.find((l) => l.slug === slug);
}
