import { describe, expect, it } from 'vitest';
import { DEFAULT_SCENARIO } from './lesson';
import { formatLessonProblems, indexLessons, parseLesson } from './parse';

const FILE = '/content/lessons/01-offer-answer/index.md';

const good = `---
title: The offer/answer exchange
summary: One sentence for the lesson list.
objectives:
  - Say what signaling carries and what it does not.
predict:
  - before: bob.setRemoteDescription
    question: What will Bob's signaling state be after this step?
    choices: [stable, have-local-offer, have-remote-offer]
    answer: have-remote-offer
    why: Bob has applied a remote offer and not yet answered it.
---

Intro paragraph.

Second paragraph.

## before start
Shown while start is next.

## after alice.setLocalDescription
Shown once Alice has set her offer.

\`\`\`
## after not.a.heading
\`\`\`

## end
The end.
`;

/** The good lesson with its front matter replaced (the body kept). */
const withFront = (front: string) => `---\n${front}\n---\n\nIntro.\n`;
const problemsOf = (source: string, file = FILE) => {
	const parsed = parseLesson(file, source);
	return 'problems' in parsed ? parsed.problems : [];
};
const BASE = 'title: T\nsummary: S\nobjectives: [O]';

describe('parseLesson', () => {
	it('reads a good lesson, with the scenario defaults applied', () => {
		const parsed = parseLesson(FILE, good);
		expect('lesson' in parsed).toBe(true);
		if (!('lesson' in parsed)) return;
		const { lesson } = parsed;
		expect(lesson).toMatchObject({
			slug: 'offer-answer',
			order: 1,
			file: FILE,
			title: 'The offer/answer exchange',
			summary: 'One sentence for the lesson list.',
			objectives: ['Say what signaling carries and what it does not.'],
			intro: 'Intro paragraph.\n\nSecond paragraph.'
		});
		expect(lesson.scenario).toEqual({
			ice: 'none',
			trickle: true,
			media: false,
			bundlePolicy: 'balanced',
			drop: [],
			dropFrom: 'both',
			replay: null
		});
		expect(lesson.predict).toEqual([
			{
				before: 'bob.setRemoteDescription',
				question: "What will Bob's signaling state be after this step?",
				choices: ['stable', 'have-local-offer', 'have-remote-offer'],
				answer: 'have-remote-offer',
				why: 'Bob has applied a remote offer and not yet answered it.'
			}
		]);
		expect(lesson.narration).toEqual([
			{ when: 'before', step: 'start', text: 'Shown while start is next.' },
			{
				when: 'after',
				step: 'alice.setLocalDescription',
				// A "##" line inside a code fence is text, not a heading.
				text: 'Shown once Alice has set her offer.\n\n```\n## after not.a.heading\n```'
			},
			{ when: 'end', step: null, text: 'The end.' }
		]);
	});

	it('reads every scenario field, and does not share the default drop list', () => {
		const parsed = parseLesson(
			FILE,
			withFront(
				`${BASE}\nscenario:\n  ice: local-turn\n  trickle: false\n  media: true\n  bundlePolicy: max-bundle\n  drop: [candidate, end-of-candidates, candidate]\n  dropFrom: alice`
			)
		);
		if (!('lesson' in parsed)) throw new Error(formatLessonProblems(parsed.problems));
		expect(parsed.lesson.scenario).toEqual({
			ice: 'local-turn',
			trickle: false,
			media: true,
			bundlePolicy: 'max-bundle',
			drop: ['candidate', 'end-of-candidates'],
			dropFrom: 'alice',
			replay: null
		});
		expect(DEFAULT_SCENARIO.drop).toEqual([]);
	});

	it('reads a replay, and takes numbers as choices written bare in YAML', () => {
		const parsed = parseLesson(
			FILE,
			withFront(
				`${BASE}\nscenario:\n  replay: mdns-host-candidates\npredict:\n  - before: alice.createOffer\n    question: How many?\n    choices: [1, 2, 3]\n    answer: 3\n    why: Because.`
			)
		);
		if (!('lesson' in parsed)) throw new Error(formatLessonProblems(parsed.problems));
		expect(parsed.lesson.scenario.replay).toBe('mdns-host-candidates');
		expect(parsed.lesson.predict[0]).toMatchObject({ choices: ['1', '2', '3'], answer: '3' });
	});

	it('fails on a missing title, naming the file and the field', () => {
		expect(problemsOf(withFront('summary: S\nobjectives: [O]'))).toEqual([
			{ file: FILE, field: 'title', message: 'missing: every lesson needs a title' }
		]);
		expect(problemsOf(withFront(`title: "  "\nsummary: S\nobjectives: [O]`))[0]).toMatchObject({
			file: FILE,
			field: 'title'
		});
	});

	it('fails on a missing summary or objectives, and on an unknown field', () => {
		expect(problemsOf(withFront('title: T\nobjectives: [O]'))).toMatchObject([
			{ field: 'summary' }
		]);
		expect(problemsOf(withFront('title: T\nsummary: S'))).toMatchObject([{ field: 'objectives' }]);
		expect(problemsOf(withFront('title: T\nsummary: S\nobjectives: [O, 3]'))).toMatchObject([
			{ field: 'objectives[1]' }
		]);
		expect(problemsOf(withFront(`${BASE}\nobjective: typo`))).toMatchObject([
			{ file: FILE, field: 'objective', message: expect.stringMatching(/^unknown field/) }
		]);
	});

	it('fails on an unknown scenario field, naming scenario.<field>', () => {
		expect(problemsOf(withFront(`${BASE}\nscenario:\n  busMode: step`))).toEqual([
			{
				file: FILE,
				field: 'scenario.busMode',
				message:
					'unknown scenario field; the known ones are ice, trickle, media, bundlePolicy, drop, dropFrom, replay'
			}
		]);
	});

	it('fails on a bad scenario value, naming the field and the value', () => {
		const cases: [string, string, RegExp][] = [
			[
				'ice: custom',
				'scenario.ice',
				/one of none, local-stun, local-turn, public-stun; got "custom"/
			],
			['trickle: yes', 'scenario.trickle', /true or false; got "yes"/],
			['media: 1', 'scenario.media', /true or false; got 1/],
			['bundlePolicy: all', 'scenario.bundlePolicy', /one of balanced, max-bundle, max-compat/],
			['drop: candidate', 'scenario.drop', /a list of message kinds/],
			[
				'drop: [candidate, offer]',
				'scenario.drop[1]',
				/one of candidate, end-of-candidates; got "offer"/
			],
			['dropFrom: carol', 'scenario.dropFrom', /one of alice, bob, both/],
			['replay: x.trace.json', 'scenario.replay', /without ".trace.json"/]
		];
		for (const [line, field, message] of cases)
			expect(problemsOf(withFront(`${BASE}\nscenario:\n  ${line}`)), line).toEqual([
				{ file: FILE, field, message: expect.stringMatching(message) }
			]);
		expect(problemsOf(withFront(`${BASE}\nscenario: local-stun`))).toMatchObject([
			{ field: 'scenario' }
		]);
	});

	it('refuses live settings beside a replay, which could only mislead', () => {
		expect(problemsOf(withFront(`${BASE}\nscenario:\n  replay: r\n  ice: local-stun`))).toEqual([
			{ file: FILE, field: 'scenario.ice', message: expect.stringMatching(/no effect with replay/) }
		]);
	});

	it('fails on an unknown step id in predict', () => {
		const source = withFront(
			`${BASE}\npredict:\n  - before: bob.setRemote\n    question: Q?\n    choices: [a, b]\n    answer: a\n    why: W.`
		);
		expect(problemsOf(source)).toEqual([
			{
				file: FILE,
				field: 'predict[0].before',
				message: expect.stringMatching(/^unknown step id "bob.setRemote"; the step ids are start, /)
			}
		]);
	});

	it('fails when the answer is not among the choices', () => {
		const source = withFront(
			`${BASE}\npredict:\n  - before: start\n    question: Q?\n    choices: [stable, closed]\n    answer: have-local-offer\n    why: W.`
		);
		expect(problemsOf(source)).toEqual([
			{
				file: FILE,
				field: 'predict[0].answer',
				message: '"have-local-offer" is not one of the choices'
			}
		]);
	});

	it('checks the rest of a question: fields, choices, text, one question per step', () => {
		const q = (body: string) =>
			problemsOf(withFront(`${BASE}\npredict:\n${body}`)).map((p) => p.field);
		const ok = '    question: Q?\n    choices: [a, b]\n    answer: a\n    why: W.';
		expect(q(`  - before: start\n${ok}\n    hint: H`)).toEqual(['predict[0].hint']);
		expect(
			q(`  - before: start\n    question: Q?\n    choices: [a]\n    answer: a\n    why: W.`)
		).toEqual(['predict[0].choices']);
		expect(
			q(
				`  - before: start\n    question: Q?\n    choices: [a, b, c, d, e, f]\n    answer: a\n    why: W.`
			)
		).toEqual(['predict[0].choices']);
		expect(
			q(`  - before: start\n    question: Q?\n    choices: [a, a]\n    answer: a\n    why: W.`)
		).toEqual(['predict[0].choices']);
		expect(q(`  - before: start\n    choices: [a, b]\n    answer: a`)).toEqual([
			'predict[0].question',
			'predict[0].why'
		]);
		expect(q(`  - before: start\n${ok}\n  - before: start\n${ok}`)).toEqual(['predict[1].before']);
		expect(q('  - start')).toEqual(['predict[0]']);
		expect(
			problemsOf(
				withFront(
					`${BASE}\npredict:\n  - before: start\n    question: 42\n${ok.split('\n').slice(1).join('\n')}`
				)
			)
		).toEqual([
			{ file: FILE, field: 'predict[0].question', message: 'must be a non-empty text; got 42' }
		]);
		expect(problemsOf(withFront(`${BASE}\npredict: start`))).toMatchObject([{ field: 'predict' }]);
	});

	it('fails on an unknown step id in a narration heading, naming the heading', () => {
		expect(problemsOf(`---\n${BASE}\n---\nIntro.\n\n## after bob.setRemote\nText.\n`)).toEqual([
			{
				file: FILE,
				field: '## after bob.setRemote',
				message: expect.stringMatching(/^unknown step id "bob.setRemote"/)
			}
		]);
	});

	it('fails on a narration heading of another form, a repeated one, or one with no text', () => {
		const fields = (body: string) =>
			problemsOf(`---\n${BASE}\n---\n${body}`).map((p) => [p.field, p.message]);
		expect(fields('## Before start\nText.\n## end now\nText.')).toEqual([
			['## Before start', expect.stringMatching(/^a narration heading must be/)],
			['## end now', expect.stringMatching(/^a narration heading must be/)]
		]);
		expect(fields('## end\nA.\n## end\nB.')).toEqual([['## end', 'this heading appears twice']]);
		expect(fields('## after start\n\n## end\nB.')).toEqual([
			['## after start', 'has no text under it']
		]);
		expect(fields('##\nText.')).toEqual([['##', expect.stringMatching(/^a narration heading/)]]);
		// Other heading levels, and "##" glued to its text, are text.
		expect(fields('### Notes\nText.\n##end\n## end\nB.')).toEqual([]);
	});

	it('fails on a bad folder name', () => {
		for (const file of [
			'/content/lessons/1-why/index.md',
			'/content/lessons/01_why/index.md',
			'/content/lessons/01-Why/index.md',
			'/content/lessons/01-why--not/index.md',
			'/content/lessons/01-/index.md',
			'index.md'
		])
			expect(problemsOf(good, file), file).toEqual([
				{
					file,
					field: 'folder',
					message: expect.stringMatching(/^the lesson's folder must be named NN-slug/)
				}
			]);
	});

	it('fails with no front matter', () => {
		for (const source of ['# A lesson\n\nText.', 'title: T\n---\n', '---\ntitle: T\n'])
			expect(problemsOf(source), source).toEqual([
				{
					file: FILE,
					field: 'front matter',
					message: expect.stringMatching(/^missing: the file must begin/)
				}
			]);
	});

	it('fails on bad YAML, with the line in the file', () => {
		expect(problemsOf('---\ntitle: T\nsummary: [S\nobjectives: [O]\n---\n')).toEqual([
			{
				file: FILE,
				field: 'front matter',
				message: expect.stringMatching(/^invalid YAML on line \d+: /)
			}
		]);
		expect(problemsOf('---\ntitle: T\ntitle: U\nsummary: S\nobjectives: [O]\n---\n')).toEqual([
			{
				file: FILE,
				field: 'front matter',
				message: expect.stringMatching(/^invalid YAML on line 3: Map keys must be unique/)
			}
		]);
		expect(problemsOf('---\n- a\n- b\n---\n')).toMatchObject([{ field: 'front matter' }]);
		expect(problemsOf('---\n---\n')).toMatchObject([{ field: 'front matter' }]);
	});

	it('never throws, whatever it is given', () => {
		const inputs = [
			'',
			'---',
			'---\n---',
			'---\n: :\n---',
			'---\na: &a [*a]\n---',
			'---\ntitle: !!binary x\n---',
			'---\nscenario: [1]\npredict: {a: 1}\nobjectives: {}\n---\n## \n##',
			'\uFEFF---\ntitle: T\n---',
			good.replace(/\n/g, '\r\n')
		];
		for (const source of inputs) expect(() => parseLesson(FILE, source), source).not.toThrow();
		expect('lesson' in parseLesson(FILE, good.replace(/\n/g, '\r\n'))).toBe(true);
	});
});

describe('indexLessons', () => {
	const lesson = (title: string) => withFront(`title: ${title}\nsummary: S\nobjectives: [O]`);

	it('orders lessons by their number, and gathers every problem', () => {
		const { lessons, problems } = indexLessons({
			'/content/lessons/10-ten/index.md': lesson('Ten'),
			'/content/lessons/02-two/index.md': lesson('Two'),
			'/content/lessons/03-three/index.md': withFront('summary: S\nobjectives: [O]'),
			'/content/lessons/x/index.md': lesson('X')
		});
		expect(lessons.map((l) => [l.order, l.slug, l.title])).toEqual([
			[2, 'two', 'Two'],
			[10, 'ten', 'Ten']
		]);
		expect(problems.map((p) => [p.file, p.field])).toEqual([
			['/content/lessons/03-three/index.md', 'title'],
			['/content/lessons/x/index.md', 'folder']
		]);
	});

	it('refuses a number or a slug used twice', () => {
		const { lessons, problems } = indexLessons({
			'/content/lessons/01-a/index.md': lesson('A'),
			'/content/lessons/01-b/index.md': lesson('B'),
			'/content/lessons/02-a/index.md': lesson('A again')
		});
		expect(lessons.map((l) => l.title)).toEqual(['A']);
		expect(problems).toEqual([
			{
				file: '/content/lessons/01-b/index.md',
				field: 'folder',
				message: 'number 01 is already used by /content/lessons/01-a/index.md'
			},
			{
				file: '/content/lessons/02-a/index.md',
				field: 'folder',
				message: 'slug "a" is already used by /content/lessons/01-a/index.md'
			}
		]);
	});

	it('checks a replay against the traces, when it is told which exist', () => {
		const files = {
			'/content/lessons/01-r/index.md': withFront(`${BASE}\nscenario:\n  replay: missing-one`)
		};
		expect(indexLessons(files).problems).toEqual([]);
		expect(indexLessons(files, { traces: ['other'] }).problems).toEqual([
			{
				file: '/content/lessons/01-r/index.md',
				field: 'scenario.replay',
				message: 'no trace static/traces/missing-one.trace.json'
			}
		]);
		expect(indexLessons(files, { traces: ['missing-one'] }).problems).toEqual([]);
	});

	it('formats one line per problem, naming the file and the field', () => {
		expect(
			formatLessonProblems([
				{ file: 'a.md', field: 'title', message: 'missing' },
				{ file: 'b.md', field: 'scenario.x', message: 'unknown' }
			])
		).toBe('a.md (title): missing\nb.md (scenario.x): unknown');
	});
});
