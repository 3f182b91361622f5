/**
 * A lesson is content, not code: `content/lessons/NN-slug/index.md`, Markdown with YAML front
 * matter that a teacher can edit. The number orders the lessons and is stripped from the slug.
 * These are the shapes a parsed lesson takes; `parse.ts` reads and checks the files.
 */
import type { StepId } from '../handshake/plan';
import type { IceChoice } from '../ice/servers';
import type { MessageKind, PeerName } from '../trace/types';

/** The ICE server presets a lesson may ask for; `custom` needs a URL and secrets, not content. */
export type LessonIce = Exclude<IceChoice, 'custom'>;

/** Only candidates may be dropped on purpose: without the descriptions there is no lesson. */
export type DroppableKind = Extract<MessageKind, 'candidate' | 'end-of-candidates'>;

/** The lab's settings for a lesson, with every default applied. */
export interface LessonScenario {
	ice: LessonIce;
	trickle: boolean;
	/** Audio and video transceivers before the offer (the `Audio and video` setting). */
	media: boolean;
	bundlePolicy: RTCBundlePolicy;
	/** Bus message kinds dropped as soon as they are sent. */
	drop: DroppableKind[];
	/** Whose messages `drop` applies to. */
	dropFrom: PeerName | 'both';
	/** Run from `static/traces/<replay>.trace.json` instead of live peers; null for live. */
	replay: string | null;
}

export const DEFAULT_SCENARIO: Readonly<LessonScenario> = {
	ice: 'none',
	trickle: true,
	media: false,
	bundlePolicy: 'balanced',
	drop: [],
	dropFrom: 'both',
	replay: null
};

/** A question answered before a step runs; the page then says whether it was right, and why. */
export interface Predict {
	before: StepId;
	question: string;
	/** Two to five, distinct. */
	choices: string[];
	/** One of `choices`. */
	answer: string;
	why: string;
}

/**
 * Text shown at a point of the walk: while `step` is next (`before`), once it has been taken and
 * until the next narrated point (`after`), or when the handshake ends (`end`, `step` null).
 * `text` is Markdown: render it with `markdownBlocks`, never as HTML.
 */
export interface Narration {
	when: 'before' | 'after' | 'end';
	step: StepId | null;
	text: string;
}

export interface Lesson {
	/** The folder name without its number: `01-why-signaling` → `why-signaling`. */
	slug: string;
	order: number;
	/** Where it came from, for messages (`/content/lessons/01-why-signaling/index.md`). */
	file: string;
	title: string;
	summary: string;
	objectives: string[];
	scenario: LessonScenario;
	predict: Predict[];
	/** Markdown shown before the first step. */
	intro: string;
	/** In file order. */
	narration: Narration[];
}

/** What is wrong, where: `field` is a front-matter path (`scenario.ice`) or a heading. */
export interface LessonProblem {
	file: string;
	field: string;
	message: string;
}
