/**
 * Reads and checks lesson files (`content/lessons/NN-slug/index.md`). A lesson refers to the
 * handshake's step ids, so a typo would silently leave a question or a paragraph unshown: every
 * reference is checked here, and every problem names the file and the field, so that the build
 * can fail with a message a teacher can act on. Pure: the app loads the files with Vite, the build
 * check and the tests with node:fs.
 *
 *     ---
 *     title: The offer/answer exchange
 *     summary: One sentence for the lesson list.
 *     objectives:
 *       - Say what signaling carries and what it does not.
 *     scenario:
 *       ice: none
 *     predict:
 *       - before: bob.setRemoteDescription
 *         question: What will Bob's signaling state be after this step?
 *         choices: [stable, have-local-offer, have-remote-offer]
 *         answer: have-remote-offer
 *         why: Bob has applied a remote offer and not yet answered it.
 *     ---
 *
 *     Intro.
 *
 *     ## after alice.setLocalDescription
 *     Narration.
 */
import { LineCounter, parseDocument } from 'yaml';
// Explicit ".ts": the build check (scripts/vite-plugin-lessons-check.js) bundles this file into
// the Vite config, whose loader warns about extensionless imports.
import { inFileOrder } from '../content/file-order.ts';
import { STEP_IDS, type StepId } from '../handshake/plan.ts';
import {
	DEFAULT_SCENARIO,
	type DroppableKind,
	type Lesson,
	type LessonIce,
	type LessonProblem,
	type LessonScenario,
	type Narration,
	type Predict
} from './lesson.ts';

const FRONT = /^---[ \t]*\r?\n(?:([\s\S]*?)\r?\n)?---[ \t]*(?:\r?\n|$)/;
/** Two digits, a dash, then a slug of lowercase words joined by single dashes. */
const FOLDER = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)$/;
/** A trace's name as it sits in static/traces/<name>.trace.json. */
const TRACE_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const FIELDS = ['title', 'summary', 'objectives', 'scenario', 'predict'];
const PREDICT_FIELDS = ['before', 'question', 'choices', 'answer', 'why'];
const ICE: readonly LessonIce[] = ['none', 'local-stun', 'local-turn', 'public-stun'];
const BUNDLE: readonly RTCBundlePolicy[] = ['balanced', 'max-bundle', 'max-compat'];
const DROPPABLE: readonly DroppableKind[] = ['candidate', 'end-of-candidates'];
const DROP_FROM: readonly LessonScenario['dropFrom'][] = ['alice', 'bob', 'both'];

const isStepId = (s: unknown): s is StepId =>
	typeof s === 'string' && (STEP_IDS as readonly string[]).includes(s);
const isRecord = (v: unknown): v is Record<string, unknown> =>
	typeof v === 'object' && v !== null && !Array.isArray(v);
const oneOf = <T extends string>(list: readonly T[], v: unknown): v is T =>
	typeof v === 'string' && (list as readonly string[]).includes(v);
const quoted = (v: unknown) =>
	typeof v === 'string' ? `"${v}"` : (JSON.stringify(v) ?? String(v));
const listOf = (list: readonly string[]) => list.join(', ');
const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

type Problem = (field: string, message: string) => void;

/** `NN-slug` from the folder that holds index.md. */
function readFolder(file: string, problem: Problem): { order: number; slug: string } | null {
	const folder = file.split(/[\\/]/).filter(Boolean).at(-2) ?? '';
	const m = FOLDER.exec(folder);
	if (!m?.[1] || !m[2]) {
		problem(
			'folder',
			`the lesson's folder must be named NN-slug (two digits, a dash, then lowercase letters, digits and dashes), like 01-why-signaling; got ${quoted(folder)}`
		);
		return null;
	}
	return { order: Number(m[1]), slug: m[2] };
}

function readScenario(value: unknown, problem: Problem): LessonScenario {
	const scenario: LessonScenario = { ...DEFAULT_SCENARIO, drop: [] };
	if (value === undefined || value === null) return scenario;
	if (!isRecord(value)) {
		problem('scenario', 'must be a mapping of settings (ice, trickle, media, …)');
		return scenario;
	}
	const must = (key: string, what: string, got: unknown) =>
		problem(`scenario.${key}`, `must be ${what}; got ${quoted(got)}`);
	for (const [key, v] of Object.entries(value)) {
		switch (key) {
			case 'ice':
				if (oneOf(ICE, v)) scenario.ice = v;
				else must(key, `one of ${listOf(ICE)}`, v);
				break;
			case 'trickle':
			case 'media':
				if (typeof v === 'boolean') scenario[key] = v;
				else must(key, 'true or false', v);
				break;
			case 'bundlePolicy':
				if (oneOf(BUNDLE, v)) scenario.bundlePolicy = v;
				else must(key, `one of ${listOf(BUNDLE)}`, v);
				break;
			case 'drop':
				if (!Array.isArray(v)) {
					must(key, `a list of message kinds (${listOf(DROPPABLE)}), like [candidate]`, v);
					break;
				}
				v.forEach((kind: unknown, i) => {
					if (!oneOf(DROPPABLE, kind)) must(`drop[${i}]`, `one of ${listOf(DROPPABLE)}`, kind);
					else if (!scenario.drop.includes(kind)) scenario.drop.push(kind);
				});
				break;
			case 'dropFrom':
				if (oneOf(DROP_FROM, v)) scenario.dropFrom = v;
				else must(key, `one of ${listOf(DROP_FROM)}`, v);
				break;
			case 'replay':
				if (typeof v === 'string' && TRACE_NAME.test(v)) scenario.replay = v;
				else
					must(
						key,
						'the name of a trace in static/traces/, without ".trace.json" (lowercase letters, digits and dashes)',
						v
					);
				break;
			default:
				problem(
					`scenario.${key}`,
					`unknown scenario field; the known ones are ${listOf(Object.keys(DEFAULT_SCENARIO))}`
				);
		}
	}
	// A replay shows a recording made with its own settings: live settings would claim what it
	// does not show.
	if (scenario.replay)
		for (const key of Object.keys(value))
			if (key !== 'replay')
				problem(
					`scenario.${key}`,
					'has no effect with replay: the recorded run has its own settings, so leave it out'
				);
	return scenario;
}

/** A choice may be written as a bare number or boolean in YAML; it is shown as text. */
const choiceText = (v: unknown): string | null =>
	typeof v === 'string'
		? v.trim()
		: typeof v === 'number' || typeof v === 'boolean'
			? String(v)
			: null;

function readPredict(value: unknown, problem: Problem): Predict[] {
	if (value === undefined || value === null) return [];
	if (!Array.isArray(value)) {
		problem(
			'predict',
			'must be a list of questions (each with before, question, choices, answer, why)'
		);
		return [];
	}
	const predicts: Predict[] = [];
	const asked = new Map<string, number>();
	value.forEach((item: unknown, i) => {
		const at = `predict[${i}]`;
		if (!isRecord(item)) {
			problem(at, 'must be a mapping with before, question, choices, answer and why');
			return;
		}
		let ok = true;
		const fail = (field: string, message: string) => {
			ok = false;
			problem(`${at}.${field}`, message);
		};
		for (const key of Object.keys(item))
			if (!PREDICT_FIELDS.includes(key))
				fail(key, `unknown field; a question has ${listOf(PREDICT_FIELDS)}`);

		const { before, question, choices, answer, why } = item;
		if (before === undefined) fail('before', 'missing: the step id the question is asked before');
		else if (!isStepId(before))
			fail('before', `unknown step id ${quoted(before)}; the step ids are ${listOf(STEP_IDS)}`);
		else if (asked.has(before))
			fail('before', `step "${before}" already has a question (predict[${asked.get(before)}])`);
		else asked.set(before, i);
		const text = (field: string, v: unknown, what: string) => {
			if (v === undefined) fail(field, `missing: ${what}`);
			else if (!nonEmpty(v)) fail(field, `must be a non-empty text; got ${quoted(v)}`);
		};
		text('question', question, 'the question, as text');
		text('why', why, 'why the answer is right, as text');

		const texts = Array.isArray(choices) ? choices.map(choiceText) : [];
		if (!Array.isArray(choices) || choices.length < 2 || choices.length > 5)
			fail('choices', `must be a list of 2 to 5 choices; got ${quoted(choices)}`);
		else if (texts.some((t) => !t)) fail('choices', 'every choice must be a non-empty text');
		else if (new Set(texts).size !== texts.length) fail('choices', 'a choice appears twice');
		const answerText = choiceText(answer);
		if (!answerText) fail('answer', 'missing: the right choice');
		else if (Array.isArray(choices) && !texts.includes(answerText))
			fail('answer', `${quoted(answerText)} is not one of the choices`);

		if (ok && isStepId(before) && nonEmpty(question) && nonEmpty(why) && answerText)
			predicts.push({
				before,
				question: question.trim(),
				choices: texts.filter((t): t is string => !!t),
				answer: answerText,
				why: why.trim()
			});
	});
	return predicts;
}

const tidy = (text: string) => text.trim().replace(/\n{3,}/g, '\n\n');

/** The intro and the `## before|after <step id>` / `## end` sections of the Markdown body. */
function readBody(body: string, problem: Problem): { intro: string; narration: Narration[] } {
	const intro: string[] = [];
	const sections: { heading: string; lines: string[] }[] = [];
	let fence: string | null = null;
	for (const line of body.split(/\r?\n/)) {
		// A "## " inside a fenced code block is code, not a heading.
		const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
		if (marker && (fence === null || marker.startsWith(fence))) fence = fence ? null : marker;
		// "## x" or a bare "##" (CommonMark §4.2); "##x" and "### x" are not level-2 headings.
		const m = fence === null ? /^##(?:[ \t]+(.*)|[ \t]*)$/.exec(line) : null;
		if (m) sections.push({ heading: (m[1] ?? '').trim(), lines: [] });
		else (sections.at(-1)?.lines ?? intro).push(line);
	}

	const narration: Narration[] = [];
	const seen = new Set<string>();
	for (const { heading, lines } of sections) {
		const field = heading ? `## ${heading}` : '##';
		const m = /^(before|after)[ \t]+(\S+)$/.exec(heading);
		const when = heading === 'end' ? 'end' : (m?.[1] as 'before' | 'after' | undefined);
		if (!when) {
			problem(
				field,
				'a narration heading must be "## before <step id>", "## after <step id>" or "## end"'
			);
			continue;
		}
		const id = m?.[2];
		if (id !== undefined && !isStepId(id)) {
			problem(field, `unknown step id "${id}"; the step ids are ${listOf(STEP_IDS)}`);
			continue;
		}
		const text = tidy(lines.join('\n'));
		if (seen.has(heading)) problem(field, 'this heading appears twice');
		else if (!text) problem(field, 'has no text under it');
		else narration.push({ when, step: id ?? null, text });
		seen.add(heading);
	}
	return { intro: tidy(intro.join('\n')), narration };
}

/**
 * Parses one lesson file. `file` is its path (`/content/lessons/01-why-signaling/index.md`): the
 * folder gives the order and the slug. Never throws: a broken lesson gives its problems, each
 * naming the file and the field.
 */
export function parseLesson(
	file: string,
	source: string
): { lesson: Lesson } | { problems: LessonProblem[] } {
	const problems: LessonProblem[] = [];
	const problem: Problem = (field, message) => problems.push({ file, field, message });
	const folder = readFolder(file, problem);

	const text = source.replace(/^\uFEFF/, '');
	const front = FRONT.exec(text);
	if (!front) {
		problem(
			'front matter',
			'missing: the file must begin with a "---" line, the YAML fields (title, summary, objectives, scenario, predict), and a closing "---" line'
		);
		return { problems };
	}

	const lineCounter = new LineCounter();
	const doc = parseDocument(front[1] ?? '', { lineCounter, prettyErrors: false });
	if (doc.errors.length) {
		for (const error of doc.errors) {
			// +1: the front matter starts on the file's second line, after "---".
			const line = lineCounter.linePos(error.pos[0]).line + 1;
			problem('front matter', `invalid YAML on line ${line}: ${error.message}`);
		}
		return { problems };
	}
	let data: unknown;
	try {
		data = doc.toJS();
	} catch (e) {
		// toJS refuses documents that expand aliases without bound; say so rather than throw.
		problem('front matter', `invalid YAML: ${e instanceof Error ? e.message : String(e)}`);
		return { problems };
	}
	if (!isRecord(data)) {
		problem('front matter', 'must be a mapping of fields (title, summary, objectives, …)');
		return { problems };
	}

	for (const key of Object.keys(data))
		if (!FIELDS.includes(key)) problem(key, `unknown field; the known ones are ${listOf(FIELDS)}`);
	const { title, summary, objectives } = data;
	if (title === undefined) problem('title', 'missing: every lesson needs a title');
	else if (!nonEmpty(title)) problem('title', `must be a non-empty text; got ${quoted(title)}`);
	if (summary === undefined) problem('summary', 'missing: one sentence for the lesson list');
	else if (!nonEmpty(summary))
		problem('summary', `must be a non-empty text; got ${quoted(summary)}`);
	if (objectives === undefined)
		problem('objectives', 'missing: a list of what the learner will be able to do');
	else if (!Array.isArray(objectives) || objectives.length === 0)
		problem('objectives', `must be a list of one or more texts; got ${quoted(objectives)}`);
	else
		objectives.forEach((o: unknown, i) => {
			if (!nonEmpty(o)) problem(`objectives[${i}]`, `must be a non-empty text; got ${quoted(o)}`);
		});
	const scenario = readScenario(data.scenario, problem);
	const predict = readPredict(data.predict, problem);
	const { intro, narration } = readBody(text.slice(front[0].length), problem);

	if (problems.length || !folder || !nonEmpty(title) || !nonEmpty(summary)) return { problems };
	return {
		lesson: {
			slug: folder.slug,
			order: folder.order,
			file,
			title: title.trim(),
			summary: summary.trim(),
			objectives: (objectives as string[]).map((o) => o.trim()),
			scenario,
			predict,
			intro,
			narration
		}
	};
}

export interface IndexOptions {
	/**
	 * The traces that exist (names without `.trace.json`). When given, a `scenario.replay` that
	 * names none of them is a problem; the build check passes what static/traces/ holds.
	 */
	traces?: Iterable<string>;
}

/** Parses every lesson; returns the good ones in order, and every problem of every file. */
export function indexLessons(
	files: Record<string, string>,
	options: IndexOptions = {}
): { lessons: Lesson[]; problems: LessonProblem[] } {
	const lessons: Lesson[] = [];
	const problems: LessonProblem[] = [];
	const traces = options.traces ? new Set(options.traces) : null;
	const byOrder = new Map<number, string>();
	const bySlug = new Map<string, string>();
	for (const [file, source] of inFileOrder(files)) {
		const parsed = parseLesson(file, source);
		if ('problems' in parsed) {
			problems.push(...parsed.problems);
			continue;
		}
		const { lesson } = parsed;
		const problem = (field: string, message: string) => problems.push({ file, field, message });
		const sameOrder = byOrder.get(lesson.order);
		const sameSlug = bySlug.get(lesson.slug);
		if (sameOrder)
			problem(
				'folder',
				`number ${String(lesson.order).padStart(2, '0')} is already used by ${sameOrder}`
			);
		if (sameSlug) problem('folder', `slug "${lesson.slug}" is already used by ${sameSlug}`);
		if (lesson.scenario.replay && traces && !traces.has(lesson.scenario.replay))
			problem('scenario.replay', `no trace static/traces/${lesson.scenario.replay}.trace.json`);
		byOrder.set(lesson.order, sameOrder ?? file);
		bySlug.set(lesson.slug, sameSlug ?? file);
		if (!sameOrder && !sameSlug) lessons.push(lesson);
	}
	lessons.sort((a, b) => a.order - b.order);
	return { lessons, problems };
}

/** One line per problem: `file (field): message`. */
export function formatLessonProblems(problems: readonly LessonProblem[]): string {
	return problems.map((p) => `${p.file} (${p.field}): ${p.message}`).join('\n');
}
