import { error } from '@sveltejs/kit';
import { lessonBySlug, lessons } from '$lib/content/lessons';
import type { PageServerLoad } from './$types';

/** Every lesson is prerendered. */
export const entries = () => lessons.map((lesson) => ({ slug: lesson.slug }));

export const load: PageServerLoad = ({ params }) => {
	const lesson = lessonBySlug(params.slug);
	if (!lesson) error(404, `No lesson "${params.slug}"`);
	const i = lessons.indexOf(lesson);
	const link = (l: (typeof lessons)[number] | undefined) =>
		l ? { slug: l.slug, title: l.title } : null;
	return { lesson, previous: link(lessons[i - 1]), next: link(lessons[i + 1]) };
};
