import { describe, expect, it } from 'vitest';
import type { Lesson } from './lesson';
import { DEFAULT_SCENARIO } from './lesson';
import { narrationAt, pendingPrediction, walkPoint } from './narrate';

const lesson: Lesson = {
	slug: 'x',
	order: 1,
	file: '/content/lessons/01-x/index.md',
	title: 'X',
	summary: '',
	objectives: [],
	scenario: { ...DEFAULT_SCENARIO },
	intro: 'Intro',
	predict: [
		{
			before: 'bob.setRemoteDescription',
			question: 'Q?',
			choices: ['stable', 'have-remote-offer'],
			answer: 'have-remote-offer',
			why: 'Because.'
		}
	],
	narration: [
		{ when: 'before', step: 'start', text: 'Press Start.' },
		{ when: 'after', step: 'alice.setLocalDescription', text: 'Alice has an offer.' },
		{ when: 'before', step: 'bob.setRemoteDescription', text: 'Bob is about to apply it.' },
		{ when: 'end', step: null, text: 'Done.' }
	]
};

describe('lesson narration', () => {
	it('reads the walk from the trace: the steps taken and what comes next', () => {
		const point = walkPoint(
			[
				{ t: 0, type: 'step', id: 'start', text: '' },
				{ t: 1, type: 'step', id: 'alice.createOffer', text: '' }
			],
			'alice.setLocalDescription'
		);
		expect(point).toEqual({
			taken: ['start', 'alice.createOffer'],
			next: 'alice.setLocalDescription',
			ended: false
		});
		expect(walkPoint([], null).ended).toBe(false);
	});

	it('follows the steps: before the next, else after the latest taken, else the end', () => {
		expect(narrationAt(lesson, { taken: [], next: 'start', ended: false })?.text).toBe(
			'Press Start.'
		);
		expect(
			narrationAt(lesson, { taken: ['start'], next: 'alice.createOffer', ended: false })
		).toBeNull();
		const later = {
			taken: ['start', 'alice.createOffer', 'alice.setLocalDescription', 'bus.deliver.offer'],
			next: 'bob.setRemoteDescription',
			ended: false
		};
		expect(narrationAt(lesson, later)?.text).toBe('Bob is about to apply it.');
		expect(narrationAt(lesson, { ...later, next: 'bob.createAnswer' })?.text).toBe(
			'Alice has an offer.'
		);
		expect(narrationAt(lesson, { ...later, next: null, ended: true })?.text).toBe('Done.');
	});

	it('asks a prediction before its step, once', () => {
		const point = { taken: ['start'], next: 'bob.setRemoteDescription', ended: false };
		expect(pendingPrediction(lesson, point, new Set())?.question).toBe('Q?');
		expect(pendingPrediction(lesson, point, new Set(['bob.setRemoteDescription']))).toBeNull();
		expect(pendingPrediction(lesson, { ...point, next: 'bob.createAnswer' }, new Set())).toBeNull();
	});
});
