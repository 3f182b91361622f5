import type { TraceEvent } from '../trace/types';
import type { Lesson, Narration, Predict } from './lesson';

/** Where the walk is, as a lesson sees it. */
export interface WalkPoint {
	/** Step ids taken so far, in order (the trace's `step` events). */
	taken: string[];
	/** The id of the next step, or null once the handshake has ended. */
	next: string | null;
	ended: boolean;
}

export function walkPoint(events: readonly TraceEvent[], next: string | null): WalkPoint {
	const taken = events.flatMap((e) => (e.type === 'step' ? [e.id] : []));
	return { taken, next, ended: next === null && taken.length > 0 };
}

/**
 * The narration for this point of the walk: the end's once it has ended; else the one written
 * for the step about to be taken; else the one for the latest step taken that has one; else
 * none (the lesson's introduction stands).
 */
export function narrationAt(lesson: Lesson, point: WalkPoint): Narration | null {
	const { narration } = lesson;
	if (point.ended) {
		const end = narration.find((n) => n.when === 'end');
		if (end) return end;
	}
	const before = narration.find((n) => n.when === 'before' && n.step === point.next);
	if (before && !point.ended) return before;
	for (let i = point.taken.length - 1; i >= 0; i--) {
		const after = narration.find((n) => n.when === 'after' && n.step === point.taken[i]);
		if (after) return after;
	}
	return null;
}

/** The prediction to answer before the next step, if it has not been answered yet. */
export function pendingPrediction(
	lesson: Lesson,
	point: WalkPoint,
	answered: ReadonlySet<string>
): Predict | null {
	if (point.next === null) return null;
	return lesson.predict.find((p) => p.before === point.next && !answered.has(p.before)) ?? null;
}
