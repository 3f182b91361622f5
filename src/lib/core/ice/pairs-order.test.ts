import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TraceFile } from '../trace/types';
import { latestPairs, type CandidatePair } from './pairs';
import { isChecked, pairsToShow, rankOf, SHOWN_FIRST } from './pairs-order';

const end = { type: 'host', address: '198.18.1.10', port: 5000, protocol: 'udp', url: null };
const pair = (id: string, fields: Partial<CandidatePair> = {}): CandidatePair => ({
	id,
	local: end,
	remote: end,
	state: 'waiting',
	nominated: false,
	requestsSent: 0,
	responsesReceived: 0,
	currentRoundTripTime: null,
	selected: false,
	...fields
});

describe('which candidate pairs are shown first', () => {
	it('ranks the selected pair, then nominated, succeeded, in-progress, failed, then the rest', () => {
		const ranks = [
			pair('s', { selected: true, state: 'succeeded', nominated: true }),
			pair('n', { nominated: true, state: 'succeeded' }),
			pair('ok', { state: 'succeeded' }),
			pair('p', { state: 'in-progress' }),
			pair('f', { state: 'failed' }),
			pair('sent', { requestsSent: 1 }),
			pair('w'),
			pair('z', { state: 'frozen' })
		].map(rankOf);
		expect(ranks).toEqual([0, 1, 2, 3, 4, 5, 6, 6]);
	});

	it('counts a pair as checked once ICE did anything with it', () => {
		expect(isChecked(pair('w'))).toBe(false);
		expect(isChecked(pair('z', { state: 'frozen' }))).toBe(false);
		expect(isChecked(pair('sent', { requestsSent: 2 }))).toBe(true);
		expect(isChecked(pair('f', { state: 'failed' }))).toBe(true);
	});

	it('shows a short sample whole, ranked, with pairs of one rank in getStats order', () => {
		const pairs = [
			pair('w1'),
			pair('ok1', { state: 'succeeded' }),
			pair('w2'),
			pair('sel', { selected: true })
		];
		const shown = pairsToShow(pairs);
		expect(shown.first.map((p) => p.id)).toEqual(['sel', 'ok1', 'w1', 'w2']);
		expect(shown.rest).toEqual([]);
		expect(shown.checked).toBe(2);
	});

	it('splits a long sample: the checked pairs first, the unchecked ones on request', () => {
		const pairs = Array.from({ length: 60 }, (_, i) =>
			pair(`p${i}`, i === 40 ? { selected: true } : i % 20 === 5 ? { state: 'succeeded' } : {})
		);
		const shown = pairsToShow(pairs, 50);
		expect(shown.first.map((p) => p.id)).toEqual(['p40', 'p5', 'p25', 'p45']);
		expect(shown.rest).toHaveLength(56);
		expect(shown.rest[0]?.id).toBe('p0');
		expect(shown.checked).toBe(4);
	});

	it('shows at most `limit` checked pairs first, the best ranked', () => {
		const pairs = Array.from({ length: 30 }, (_, i) =>
			pair(`p${i}`, { state: i < 25 ? 'in-progress' : 'succeeded' })
		);
		const shown = pairsToShow(pairs, 10);
		expect(shown.first).toHaveLength(10);
		expect(shown.first.slice(0, 5).map((p) => p.id)).toEqual(['p25', 'p26', 'p27', 'p28', 'p29']);
		expect(shown.rest).toHaveLength(20);
		expect(shown.checked).toBe(30);
	});

	it('on the recording with 200 candidates: the selected pair first, 2,050 pairs in all', () => {
		const file = JSON.parse(
			readFileSync('tests/fixtures/traces/many-candidates.trace.json', 'utf8')
		) as TraceFile;
		const bob = latestPairs(file.events).bob;
		expect(bob?.pairs).toHaveLength(2050);
		const shown = pairsToShow(bob?.pairs ?? []);
		expect(shown.first[0]).toBe(bob?.selected);
		expect(shown.first.every(isChecked)).toBe(true);
		expect(shown.first.length).toBeLessThanOrEqual(SHOWN_FIRST);
		expect(shown.first.length + shown.rest.length).toBe(2050);
		expect(shown.rest.some(isChecked)).toBe(false);
	});
});
