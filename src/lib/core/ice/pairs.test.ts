import { describe, expect, it } from 'vitest';
import type { StatsEvent } from '../trace/types';
import { latestPairs, pairsOf, pathOf } from './pairs';

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
});
