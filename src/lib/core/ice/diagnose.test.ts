import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../trace/types';
import { diagnose } from './diagnose';

const turn = 'turn:127.0.0.1:38420?transport=udp';
const created = (peer: 'alice' | 'bob', urls: string[], policy = 'all'): TraceEvent => ({
	t: 0,
	type: 'peer-created',
	peer,
	configuration: { iceServers: urls.map((u) => ({ urls: u })), iceTransportPolicy: policy }
});
const complete = (peer: 'alice' | 'bob', t: number): TraceEvent => ({
	t,
	type: 'state-change',
	peer,
	machine: 'iceGathering',
	value: 'complete'
});

describe('diagnose', () => {
	it('explains a wrong TURN credential from the 401 Chromium reported (fields as measured here)', () => {
		const findings = diagnose([
			created('alice', [turn], 'relay'),
			{
				t: 77.4,
				type: 'ice-candidate-error',
				peer: 'alice',
				url: turn,
				errorCode: 401,
				errorText: 'Unauthorized.',
				address: '0.0.0.x',
				port: 42348
			},
			{
				t: 78,
				type: 'ice-candidate-error',
				peer: 'alice',
				url: turn,
				errorCode: 401,
				errorText: 'Unauthorized.',
				address: '0.0.0.x',
				port: 42348
			},
			complete('alice', 80)
		]);
		const failures = findings.filter((f) => f.kind === 'failure').map((f) => f.text);
		expect(failures).toHaveLength(2);
		expect(failures[0]).toMatch(
			/^Alice asked turn:127\.0\.0\.1:38420\?transport=udp at 77 ms: the server refused the credential \(401 Unauthorized\)/
		);
		expect(failures[1]).toMatch(/^Relay only, and Alice gathered no relay candidate/);
	});

	it('says when relay only has no TURN server at all', () => {
		const [finding] = diagnose([created('bob', [], 'relay'), complete('bob', 5)]);
		expect(finding?.text).toBe(
			'Relay only, but no TURN server is configured: Bob may use relayed candidates only, and there are none, so ICE has nothing to check.'
		);
	});

	it('measures what trickle ICE saved, or what vanilla ICE waited', () => {
		const run = (sentAt: number): TraceEvent[] => [
			created('alice', []),
			{ t: 10, type: 'api-call', peer: 'alice', method: 'setLocalDescription', phase: 'resolve' },
			{
				t: sentAt,
				type: 'bus-message',
				id: 1,
				from: 'alice',
				to: 'bob',
				kind: 'offer',
				phase: 'sent'
			},
			complete('alice', 40)
		];
		expect(diagnose(run(11))[0]?.text).toBe(
			"Trickle ICE: Alice's offer left at 11 ms, 30 ms before her gathering completed; vanilla ICE would have held it that long."
		);
		expect(diagnose(run(41))[0]?.text).toBe(
			"Vanilla ICE: Alice's offer waited 30 ms for gathering to complete before it was sent; trickle ICE would have sent it at once."
		);
	});

	it('says ICE connected before a slower relay candidate arrived', () => {
		const findings = diagnose([
			created('bob', [turn]),
			{ t: 12, type: 'state-change', peer: 'bob', machine: 'connection', value: 'connected' },
			{
				t: 60,
				type: 'ice-candidate',
				peer: 'bob',
				candidate: 'candidate:2 1 udp 50339839 127.0.0.1 15923 typ relay raddr 0.0.0.0 rport 0',
				sdpMid: '0',
				sdpMLineIndex: 0,
				url: turn
			},
			complete('bob', 61)
		]);
		expect(findings.map((f) => f.text)).toContain(
			'Bob was connected at 12 ms, before his relay candidate arrived at 60 ms: ICE uses the first pair that works and does not wait for slower candidates.'
		);
	});

	it('says when gathering ended with ICE connected, before the STUN answer gave a srflx candidate', () => {
		const stun = 'stun:127.0.0.1:38419';
		// As measured in Chromium (Local STUN, Play): Bob's gathering completed 3 ms after his ICE
		// connected, with host candidates only, though the server logged his Binding.
		const bob = (t: number, machine: 'iceConnection' | 'iceGathering', value: string) =>
			({ t, type: 'state-change', peer: 'bob', machine, value }) as const;
		const host: TraceEvent = {
			t: 65,
			type: 'ice-candidate',
			peer: 'bob',
			candidate: 'candidate:1 1 udp 2122260223 192.0.2.1 37638 typ host',
			sdpMid: '0',
			sdpMLineIndex: 0,
			url: null
		};
		const texts = diagnose([
			created('bob', [stun]),
			bob(54.1, 'iceGathering', 'gathering'),
			host,
			bob(69.7, 'iceConnection', 'connected'),
			bob(72.5, 'iceGathering', 'complete')
		]).map((f) => f.text);
		expect(texts).toContain(
			"Bob's gathering ended at 73 ms, 3 ms after his ICE connected, with no srflx candidate: once a candidate pair works, the browser stops gathering, and does not wait for a slower server's answer."
		);
		// With the srflx candidate gathered first, nothing to say.
		const srflx: TraceEvent = {
			...host,
			t: 66,
			candidate:
				'candidate:2 1 udp 1686052607 127.0.0.1 37638 typ srflx raddr 192.0.2.1 rport 37638',
			url: stun
		};
		const gathered = diagnose([
			created('bob', [stun]),
			host,
			srflx,
			bob(69.7, 'iceConnection', 'connected'),
			bob(72.5, 'iceGathering', 'complete')
		]).map((f) => f.text);
		expect(gathered.filter((t) => t.includes('stops gathering'))).toEqual([]);
	});

	it("says when a peer was checking before any of the other's candidates reached it", () => {
		const iceState = (peer: 'alice' | 'bob', t: number, value: string): TraceEvent => ({
			t,
			type: 'state-change',
			peer,
			machine: 'iceConnection',
			value
		});
		const delivered = (to: 'alice' | 'bob', t: number): TraceEvent => ({
			t,
			type: 'bus-message',
			id: t,
			from: to === 'alice' ? 'bob' : 'alice',
			to,
			kind: 'candidate',
			phase: 'delivered'
		});
		// As measured in Chromium with trickle ICE: Alice's candidates reached Bob before his
		// answer, and his checks reached Alice before any of his candidates did.
		const texts = diagnose([
			created('alice', []),
			created('bob', []),
			delivered('bob', 9.2),
			iceState('bob', 14.1, 'checking'),
			iceState('alice', 15.3, 'checking'),
			delivered('alice', 21.7)
		]).map((f) => f.text);
		expect(texts).toEqual([
			"Alice was checking at 15 ms, before any candidate of Bob's reached her: Bob's connectivity checks came first, and she learned their source address as a peer-reflexive candidate."
		]);
		// Candidates inside a remote description (vanilla ICE) count as told.
		const vanilla = diagnose([
			created('alice', []),
			{
				t: 10,
				type: 'remote-description',
				peer: 'alice',
				description: {
					type: 'answer',
					sdp: 'v=0\r\na=candidate:1 1 udp 1 192.0.2.1 9 typ host\r\n'
				}
			},
			iceState('alice', 12, 'checking')
		]);
		expect(vanilla).toEqual([]);
	});

	it('names the selected path from getStats', () => {
		const findings = diagnose([
			{
				t: 1,
				type: 'stats',
				peer: 'alice',
				report: [
					{ id: 'T', type: 'transport', selectedCandidatePairId: 'P' },
					{
						id: 'P',
						type: 'candidate-pair',
						localCandidateId: 'L',
						remoteCandidateId: 'R',
						state: 'succeeded'
					},
					{
						id: 'L',
						type: 'local-candidate',
						candidateType: 'relay',
						address: '127.0.0.1',
						port: 15923
					},
					{
						id: 'R',
						type: 'remote-candidate',
						candidateType: 'relay',
						address: '127.0.0.1',
						port: 15969
					}
				]
			}
		]);
		expect(findings).toEqual([
			{
				kind: 'path',
				peer: 'alice',
				text: "Alice's selected pair: relay 127.0.0.1:15923 ↔ relay 127.0.0.1:15969, through the TURN relay."
			}
		]);
	});
});
