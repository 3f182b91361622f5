import { lessons } from '$lib/content/lessons';

// Lessons are read and checked at build time: a broken lesson fails the build.
export const load = () => ({
	lessons: lessons.map(({ slug, title, summary, order }) => ({ slug, title, summary, order }))
});
