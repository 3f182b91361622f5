import { describe, expect, it } from 'vitest';
import type { StatsEvent } from '../trace/types';
import {
	latestPairs,
	latestPairsTracker,
	pairsOf,
	pathOf,
	reuseUnchanged,
	samePair
} from './pairs';

// The shape Chromium's getStats gives, as the peer actor keeps it (a relay/relay run on loopback).
const sample: StatsEvent = {
	t: 130,
	type: 'stats',
	peer: 'alice',
	report: [
		{ id: 'T01', type: 'transport', selectedCandidatePairId: 'CP1', iceState: 'connected' },
		{
			id: 'CP1',
			type: 'candidate-pair',
			localCandidateId: 'L1',
			remoteCandidateId: 'R1',
			state: 'succeeded',
			nominated: true,
			requestsSent: 3,
			responsesReceived: 3,
			currentRoundTripTime: 0.001
		},
		{
			id: 'CP2',
			type: 'candidate-pair',
			localCandidateId: 'L1',
			remoteCandidateId: 'R2',
			state: 'waiting',
			nominated: false,
			requestsSent: 0,
			responsesReceived: 0
		},
		{
			id: 'L1',
			type: 'local-candidate',
			candidateType: 'relay',
			protocol: 'udp',
			address: '127.0.0.1',
			port: 15923,
			url: 'turn:127.0.0.1:38339?transport=udp'
		},
		{
			id: 'R1',
			type: 'remote-candidate',
			candidateType: 'relay',
			protocol: 'udp',
			address: '127.0.0.1',
			port: 15969
		},
		{
			id: 'R2',
			type: 'remote-candidate',
			candidateType: 'prflx',
			protocol: 'udp',
			address: '127.0.0.1',
			port: 40000
		}
	]
};

describe('candidate pairs', () => {
	it('joins each pair to its candidates and marks the selected one', () => {
		const view = pairsOf(sample);
		expect(view.pairs).toHaveLength(2);
		expect(view.selected).toMatchObject({
			id: 'CP1',
			state: 'succeeded',
			nominated: true,
			requestsSent: 3,
			responsesReceived: 3
		});
		expect(view.selected?.local).toEqual({
			type: 'relay',
			address: '127.0.0.1',
			port: 15923,
			protocol: 'udp',
			url: 'turn:127.0.0.1:38339?transport=udp'
		});
		expect(view.pairs[1]?.selected).toBe(false);
		expect(view.path).toBe('relay');
	});

	it('names the path: direct, reflexive or relayed', () => {
		const end = (type: string) => ({ type, address: 'a', port: 1, protocol: 'udp', url: null });
		expect(pathOf({ local: end('host'), remote: end('host') })).toBe('direct');
		expect(pathOf({ local: end('host'), remote: end('prflx') })).toBe('reflexive');
		expect(pathOf({ local: end('srflx'), remote: end('relay') })).toBe('relay');
	});

	it('keeps the latest sample of each peer, and none before any sample', () => {
		expect(latestPairs([])).toEqual({});
		const later = { ...sample, t: 200, report: sample.report.slice(0, 1) };
		expect(latestPairs([sample, later]).alice?.t).toBe(200);
		expect(latestPairs([sample]).bob).toBeUndefined();
	});

	it('joins a sample once, however often the latest samples are asked for', () => {
		const bob = { ...sample, t: 150, peer: 'bob' as const };
		const trace = [sample, bob, { ...sample, t: 300 }];
		const first = latestPairs(trace);
		expect(first.alice?.t).toBe(300);
		expect(first.bob?.t).toBe(150);
		expect(latestPairs(trace).alice).toBe(first.alice);
		expect(latestPairs(trace).bob).toBe(first.bob);
	});
});

describe('pairs over a growing trace', () => {
	const pair = (id: string, fields: Record<string, unknown> = {}) => ({
		id,
		type: 'candidate-pair',
		localCandidateId: 'L1',
		remoteCandidateId: 'R1',
		state: 'waiting',
		nominated: false,
		requestsSent: 0,
		responsesReceived: 0,
		...fields
	});
	const stats = (
		t: number,
		peer: 'alice' | 'bob',
		pairs: Record<string, unknown>[]
	): StatsEvent => ({
		t,
		type: 'stats',
		peer,
		report: [
			...sample.report.filter((e) => e.type !== 'candidate-pair' && e.type !== 'transport'),
			...pairs
		]
	});

	it('keeps the object of a pair that did not change, and only that one', () => {
		const before = pairsOf(stats(1, 'alice', [pair('A'), pair('B')])).pairs;
		const after = pairsOf(
			stats(2, 'alice', [pair('A'), pair('B', { state: 'in-progress', requestsSent: 1 })])
		).pairs;
		const kept = reuseUnchanged(before, after);
		expect(kept[0]).toBe(before[0]);
		expect(kept[1]).toBe(after[1]);
		expect(kept[1]).toMatchObject({ state: 'in-progress', requestsSent: 1 });
	});

	it('tells a changed round-trip time or candidate end from an unchanged pair', () => {
		const [a] = pairsOf(stats(1, 'alice', [pair('A')])).pairs;
		expect(a).toBeDefined();
		if (!a) return;
		expect(samePair(a, { ...a })).toBe(true);
		expect(samePair(a, { ...a, currentRoundTripTime: 0.002 })).toBe(false);
		expect(samePair(a, { ...a, remote: { ...a.remote, port: 1 } })).toBe(false);
	});

	it('gives what latestPairs gives, as the trace grows, and starts over on a new trace', () => {
		const latest = latestPairsTracker();
		const step = { t: 0, type: 'step', id: 'start', text: 'Start' } as const;
		const first = stats(10, 'alice', [pair('A')]);
		const second = stats(20, 'bob', [pair('B')]);
		const third = stats(30, 'alice', [pair('A'), pair('C', { state: 'succeeded' })]);
		const trace = [step, first, step, second, step, third];
		for (let n = 0; n <= trace.length; n++) {
			const shown = latest(trace.slice(0, n));
			const expected = latestPairs(trace.slice(0, n));
			expect(shown.alice?.t).toBe(expected.alice?.t);
			expect(shown.bob?.t).toBe(expected.bob?.t);
			expect(shown.alice?.pairs).toEqual(expected.alice?.pairs);
		}
		// Alice's pair A did not change from her first sample to her second.
		const a1 = latest(trace.slice(0, 2)).alice?.pairs[0];
		const a2 = latest(trace).alice?.pairs.find((p) => p.id === 'A');
		expect(a2).toBe(a1);
		// A reset: a new trace that does not extend the last one.
		expect(latest([step])).toEqual({});
		expect(latest([step, second]).bob?.t).toBe(20);
	});

	it('returns the same object while no new sample arrives', () => {
		const latest = latestPairsTracker();
		const step = { t: 0, type: 'step', id: 'start', text: 'Start' } as const;
		const trace = [stats(1, 'alice', [pair('A')])];
		const before = latest(trace);
		expect(latest([...trace, step])).toBe(before);
	});
});
