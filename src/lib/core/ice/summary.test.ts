import { describe, expect, it } from 'vitest';
import { candidateLabel, summarizeCandidate } from './summary';

describe('candidate summary', () => {
	it('reads a host candidate as Chromium writes it', () => {
		const c =
			'candidate:585059848 1 udp 2113937151 192.0.2.2 56913 typ host generation 0 ufrag PP3P network-cost 999';
		expect(summarizeCandidate(c)).toEqual({
			type: 'host',
			transport: 'udp',
			address: '192.0.2.2',
			port: '56913'
		});
		expect(candidateLabel(c)).toBe('host udp 192.0.2.2:56913');
	});

	it('brackets an IPv6 address and reads an a= line and a relayed candidate', () => {
		expect(candidateLabel('candidate:1 1 udp 2113942271 fd00::2 38643 typ host')).toBe(
			'host udp [fd00::2]:38643'
		);
		expect(
			candidateLabel(
				'a=candidate:3 1 UDP 41885695 203.0.113.5 50001 typ relay raddr 0.0.0.0 rport 0'
			)
		).toBe('relay udp 203.0.113.5:50001');
	});

	it('refuses what is not a candidate', () => {
		expect(summarizeCandidate('')).toBeNull();
		expect(summarizeCandidate(null)).toBeNull();
		expect(summarizeCandidate('candidate:1 1 udp 1 192.0.2.1 5000 host')).toBeNull();
		expect(candidateLabel('a=mid:0')).toBe('candidate');
	});
});
