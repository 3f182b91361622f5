import type { Lesson } from '$lib/core/lessons/lesson';
import type { LabSetup } from './open-lab';

/** The lab's setup for a lesson's scenario; its predictions are where auto mode stops. */
export function setupOf(lesson: Lesson): LabSetup {
	const { scenario } = lesson;
	return {
		ice: scenario.ice,
		trickle: scenario.trickle,
		media: scenario.media,
		bundlePolicy: scenario.bundlePolicy,
		drop: { kinds: scenario.drop, from: scenario.dropFrom },
		...(scenario.replay ? { replay: scenario.replay } : {}),
		breakpoints: lesson.predict.map((p) => p.before)
	};
}
