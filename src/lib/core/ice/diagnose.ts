import { PEER_NAMES } from '../trace/types';
import type { IceCandidateEvent, PeerName, TraceEvent } from '../trace/types';
import { other } from '../handshake/facts';
import { latestPairs, PATH_TEXT } from './pairs';
import { hostPort, summarizeCandidate } from './summary';

export interface Finding {
	kind: 'failure' | 'timing' | 'path';
	peer?: PeerName;
	text: string;
}

const Name = PEER_NAMES;
const Her: Record<PeerName, string> = { alice: 'her', bob: 'his' };
const She: Record<PeerName, string> = { alice: 'she', bob: 'he' };
const Him: Record<PeerName, string> = { alice: 'her', bob: 'him' };
const ms = (t: number) => `${Math.round(t)} ms`;

/** What one `icecandidateerror` means, from its code (RFC 8489 §14.8, RFC 8656 §7.2). */
function errorMeaning(code: number, url: string): string {
	const turn = /^turns?:/.test(url);
	if (code === 401)
		return 'the server refused the credential (401 Unauthorized): the username or credential is wrong, so it allocated no relay';
	if (code === 701)
		return `no answer came back (701 is Chromium's code for a server it could not reach or whose name it could not resolve), so it gave no ${turn ? 'relay' : 'server-reflexive'} candidate`;
	if (code === 438)
		return 'the server said the nonce was stale (438) and the retry did not succeed';
	if (code === 403) return 'the server forbade the request (403)';
	if (code === 486)
		return 'the server has no more allocations for this user (486 Allocation Quota Reached)';
	return `the server answered ${code}`;
}

type StateChange = Extract<TraceEvent, { type: 'state-change' }>;

/** The first time one of a peer's state machines took one of these values. */
const firstState = (
	events: readonly TraceEvent[],
	peer: PeerName,
	machine: StateChange['machine'],
	...values: string[]
) =>
	events.find(
		(e): e is StateChange =>
			e.type === 'state-change' &&
			e.peer === peer &&
			e.machine === machine &&
			values.includes(e.value)
	);

/**
 * Plain explanations of what happened in a run, each built from events in the trace (codes,
 * candidate types, timings, getStats), never from a list of likely causes.
 */
export function diagnose(events: readonly TraceEvent[]): Finding[] {
	const findings: Finding[] = [];
	const seen = new Set<string>();
	const first = <T extends TraceEvent>(match: (e: TraceEvent) => e is T) => events.find(match);

	for (const e of events) {
		if (e.type !== 'ice-candidate-error') continue;
		const key = `${e.peer} ${e.url} ${e.errorCode}`;
		if (seen.has(key)) continue;
		seen.add(key);
		findings.push({
			kind: 'failure',
			peer: e.peer,
			text: `${Name[e.peer]} asked ${e.url} at ${ms(e.t)}: ${errorMeaning(e.errorCode, e.url)}. (${e.errorCode} ${e.errorText})`
		});
	}

	for (const peer of ['alice', 'bob'] as const) {
		const created = events.find((e) => e.type === 'peer-created' && e.peer === peer);
		if (!created || created.type !== 'peer-created') continue;
		const candidates = events.filter(
			(e): e is IceCandidateEvent => e.type === 'ice-candidate' && e.peer === peer && !!e.candidate
		);
		const types = candidates.map((c) => summarizeCandidate(c.candidate)?.type);
		const gathered = firstState(events, peer, 'iceGathering', 'complete');
		const urls = created.configuration.iceServers.flatMap((s) =>
			Array.isArray(s.urls) ? s.urls : [s.urls]
		);
		const relayOnly = created.configuration.iceTransportPolicy === 'relay';
		if (relayOnly && gathered && !types.includes('relay'))
			findings.push({
				kind: 'failure',
				peer,
				text: urls.some((u) => /^turns?:/.test(u))
					? `Relay only, and ${Name[peer]} gathered no relay candidate: the TURN server allocated nothing, so ${She[peer]} has no address ${She[peer]} is allowed to use and ICE cannot connect.`
					: `Relay only, but no TURN server is configured: ${Name[peer]} may use relayed candidates only, and there are none, so ICE has nothing to check.`
			});

		// Trickle ICE against vanilla (RFC 8838 §1): what waiting for gathering costs.
		const set = events.find(
			(e) =>
				e.type === 'api-call' &&
				e.peer === peer &&
				e.method === 'setLocalDescription' &&
				e.phase === 'resolve'
		);
		const sent = events.find(
			(e) =>
				e.type === 'bus-message' &&
				e.phase === 'sent' &&
				e.from === peer &&
				(e.kind === 'offer' || e.kind === 'answer')
		);
		if (set && gathered && sent && sent.type === 'bus-message') {
			const wait = gathered.t - set.t;
			const trickled = sent.t < gathered.t;
			findings.push({
				kind: 'timing',
				peer,
				text: trickled
					? `Trickle ICE: ${Name[peer]}'s ${sent.kind} left at ${ms(sent.t)}, ${ms(wait)} before ${Her[peer]} gathering completed; vanilla ICE would have held it that long.`
					: `Vanilla ICE: ${Name[peer]}'s ${sent.kind} waited ${ms(wait)} for gathering to complete before it was sent; trickle ICE would have sent it at once.`
			});
		}

		// Gathering ends once a pair works (measured in Chromium: "complete" within a few ms of ICE
		// connecting), so a STUN or TURN answer that comes later gives no candidate at all.
		const iceConnected = firstState(events, peer, 'iceConnection', 'connected');
		const missing = [
			...(urls.some((u) => /^stuns?:/.test(u)) && !relayOnly ? ['srflx'] : []),
			...(urls.some((u) => /^turns?:/.test(u)) ? ['relay'] : [])
		].filter((type) => !types.includes(type));
		if (gathered && iceConnected && gathered.t >= iceConnected.t && missing.length)
			findings.push({
				kind: 'timing',
				peer,
				text: `${Name[peer]}'s gathering ended at ${ms(gathered.t)}, ${ms(gathered.t - iceConnected.t)} after ${Her[peer]} ICE connected, with no ${missing.join(' or ')} candidate: once a candidate pair works, the browser stops gathering, and does not wait for a slower server's answer.`
			});

		// A peer checking before it was told any address of the other: the other's checks reached
		// it first, and it learned their source as a peer-reflexive candidate (RFC 8445 §7.3.1.3).
		const checking = firstState(events, peer, 'iceConnection', 'checking', 'connected');
		const told = events.find(
			(e) =>
				(e.type === 'bus-message' &&
					e.phase === 'delivered' &&
					e.to === peer &&
					e.kind === 'candidate') ||
				(e.type === 'remote-description' &&
					e.peer === peer &&
					/^a=candidate:/m.test(e.description.sdp))
		);
		if (checking && (!told || told.t > checking.t))
			findings.push({
				kind: 'timing',
				peer,
				text: `${Name[peer]} was ${checking.value} at ${ms(checking.t)}, before any candidate of ${Name[other(peer)]}'s reached ${Him[peer]}: ${Name[other(peer)]}'s connectivity checks came first, and ${She[peer]} learned their source address as a peer-reflexive candidate.`
			});

		// ICE nominates the first pair that works (RFC 8445 §8): it does not wait for slow servers.
		const connected = firstState(events, peer, 'connection', 'connected');
		const late = candidates.filter(
			(c) =>
				connected &&
				c.t > connected.t &&
				/^(srflx|relay)$/.test(summarizeCandidate(c.candidate)?.type ?? '')
		);
		if (connected && urls.length && (late.length || (gathered && gathered.t > connected.t)))
			findings.push({
				kind: 'timing',
				peer,
				text: `${Name[peer]} was connected at ${ms(connected.t)}, before ${late.length ? `${Her[peer]} ${late.map((c) => summarizeCandidate(c.candidate)?.type).join(' and ')} candidate arrived at ${ms(late[0]!.t)}` : `${Her[peer]} gathering completed at ${ms(gathered!.t)}`}: ICE uses the first pair that works and does not wait for slower candidates.`
			});
	}

	const failed = first(
		(e): e is Extract<TraceEvent, { type: 'state-change' }> =>
			e.type === 'state-change' && e.machine === 'iceConnection' && e.value === 'failed'
	);
	const pairs = latestPairs(events);
	if (failed) {
		const view = pairs[failed.peer];
		const answered = view?.pairs.filter((p) => p.responsesReceived > 0).length ?? 0;
		findings.push({
			kind: 'failure',
			peer: failed.peer,
			text: view
				? `ICE failed at ${ms(failed.t)}: ${view.pairs.length} candidate pair${view.pairs.length === 1 ? '' : 's'} checked, ${answered} answered.`
				: `ICE failed at ${ms(failed.t)}: no candidate pair got an answer.`
		});
	}
	for (const peer of ['alice', 'bob'] as const) {
		const view = pairs[peer];
		if (view?.selected && view.path)
			findings.push({
				kind: 'path',
				peer,
				text: `${Name[peer]}'s selected pair: ${view.selected.local.type} ${hostPort(view.selected.local.address, view.selected.local.port)} ↔ ${view.selected.remote.type} ${hostPort(view.selected.remote.address, view.selected.remote.port)}, ${PATH_TEXT[view.path]}.`
			});
	}
	return findings;
}
