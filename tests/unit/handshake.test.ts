import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from 'xstate';
import { initialFacts, initialPeerFacts, type Facts } from '$lib/core/handshake/facts';
import { GREETING, plan, STEP_IDS, type Outlook } from '$lib/core/handshake/plan';
import { DEFAULT_SETTINGS } from '$lib/core/settings';
import { Session } from '$lib/core/session';
import type { BusMessage } from '$lib/core/signaling/bus.machine';
import type { PeerName, StateMachineName, TraceEvent } from '$lib/core/trace/types';
import { FakeNetwork, type FakeNetworkOptions } from './fake-peer-connection';

/** The offer/answer exchange, in the order JSEP (RFC 8829 §3.2) gives it. */
const JSEP = [
	'start',
	'alice.createOffer',
	'alice.setLocalDescription',
	'bus.deliver.offer',
	'bob.setRemoteDescription',
	'bob.createAnswer',
	'bob.setLocalDescription',
	'bus.deliver.answer',
	'alice.setRemoteDescription'
];

const ADD_ICE_REJECTION =
	"Failed to execute 'addIceCandidate' on 'RTCPeerConnection': The remote description was null";

interface Lab {
	network: FakeNetwork;
	session: Session;
	/** The session's clock, in ms; it only moves when a test moves it. */
	clock: { time: number };
}

const labs: Lab[] = [];

function lab(options?: FakeNetworkOptions): Lab {
	const network = new FakeNetwork(options);
	const clock = { time: 1000 };
	const session = new Session({ factory: network.factory, now: () => clock.time });
	const made = { network, session, clock };
	labs.push(made);
	return made;
}

afterEach(async () => {
	for (const { network, session } of labs.splice(0)) {
		session.dispose();
		await network.settle();
		// Every connection a test made is closed again: nothing leaks.
		expect(network.live).toBe(0);
	}
});

const factsOf = (session: Session): Facts => session.handshake.getSnapshot().context.facts;
const outlookOf = (session: Session): Outlook => plan(factsOf(session));

/** Until the step being taken has completed (or a rejection after two seconds). */
const ready = (session: Session) =>
	waitFor(session.handshake, (s) => s.matches({ running: 'ready' }), { timeout: 2000 });

async function next(session: Session): Promise<void> {
	session.command('next');
	await ready(session);
}

/**
 * The guided walk: one `next` at a time, each waited for, until the plan has no step left.
 * `instead` may act in place of a step (and return true); `after` runs after every step.
 */
async function walk(
	session: Session,
	instead?: (outlook: Outlook) => boolean,
	after?: () => void
): Promise<{ end: Outlook; nexts: number }> {
	let nexts = 0;
	for (let i = 0; i < 60; i++) {
		const outlook = outlookOf(session);
		if (!outlook.step) return { end: outlook, nexts };
		if (instead?.(outlook)) continue;
		await next(session);
		nexts++;
		after?.();
	}
	throw new Error('the guided walk did not end within 60 steps');
}

function ofType<T extends TraceEvent['type']>(events: readonly TraceEvent[], type: T) {
	return events.filter((e): e is Extract<TraceEvent, { type: T }> => e.type === type);
}

const stepIds = (events: readonly TraceEvent[]) => ofType(events, 'step').map((e) => e.id);

/** The values one of a peer's state machines took, in order, as the trace recorded them. */
const changes = (events: readonly TraceEvent[], peer: PeerName, machine: StateMachineName) =>
	ofType(events, 'state-change')
		.filter((e) => e.peer === peer && e.machine === machine)
		.map((e) => e.value);

/** Each peer's signaling state as the trace tells it (a connection starts "stable"). */
function signalingStates(events: readonly TraceEvent[]): Record<PeerName, string> {
	return {
		alice: changes(events, 'alice', 'signaling').at(-1) ?? 'stable',
		bob: changes(events, 'bob', 'signaling').at(-1) ?? 'stable'
	};
}

/**
 * Where each sender's delivered candidates (and end-of-candidates) fell in the trace: all after
 * the receiver's setRemoteDescription resolved? All before Bob's createAnswer was called?
 */
function candidateDeliveries(events: readonly TraceEvent[]) {
	const index = (match: (e: TraceEvent) => boolean) => events.findIndex(match);
	const setRemote = (peer: PeerName) =>
		index(
			(e) =>
				e.type === 'api-call' &&
				e.peer === peer &&
				e.method === 'setRemoteDescription' &&
				e.phase === 'resolve'
		);
	const answer = index(
		(e) => e.type === 'api-call' && e.method === 'createAnswer' && e.phase === 'start'
	);
	const summary = (from: PeerName) => {
		const at = ofType(events, 'bus-message')
			.filter((e) => e.from === from && e.phase === 'delivered' && e.kind !== 'offer')
			.filter((e) => e.kind !== 'answer')
			.map((e) => events.indexOf(e));
		return {
			afterReceiverSetRemote: at.every((i) => i > setRemote(from === 'alice' ? 'bob' : 'alice')),
			beforeAnswer: at.every((i) => i < answer),
			count: at.length
		};
	};
	return { alice: summary('alice'), bob: summary('bob') };
}

const isCandidateDelivery = (
	outlook: Outlook
): outlook is Outlook & { step: { message: BusMessage } } =>
	outlook.step?.kind === 'deliver' && outlook.step.message.kind === 'candidate';

describe('the handshake, guided', () => {
	it('takes the JSEP steps in order, one per next, and each signaling state follows', async () => {
		const { session } = lab();
		session.command('start');
		await ready(session);

		const after = new Map<string, Record<PeerName, string>>();
		const { end, nexts } = await walk(session, undefined, () => {
			const events = session.trace.events;
			const id = stepIds(events).at(-1);
			if (id) after.set(id, signalingStates(events));
		});
		expect(end).toMatchObject({ step: null, outcome: 'complete' });

		const events = session.trace.events;
		const ids = stepIds(events);
		expect(ids.length).toBe(nexts + 1);
		expect(ids.filter((id) => JSEP.includes(id))).toEqual(JSEP);
		expect(ids.slice(-2)).toEqual(['alice.send', 'bob.echo']);
		// Trickle ICE in between: every candidate and end-of-candidates, waiting where needed.
		const rest = ids.filter((id) => !JSEP.includes(id)).slice(0, -2);
		expect(rest.filter((id) => id === 'bus.deliver.candidate')).toHaveLength(4);
		expect(rest.filter((id) => id === 'bus.deliver.end-of-candidates')).toHaveLength(2);
		const allowed = [
			'bus.deliver.candidate',
			'bus.deliver.end-of-candidates',
			'wait.gathering',
			'wait.connection'
		];
		expect(rest.filter((id) => !allowed.includes(id))).toEqual([]);
		// Each candidate went as soon as its receiver could add it: Alice's reach Bob after his
		// setRemoteDescription(offer) and before his answer; Bob's reach Alice after hers.
		expect(candidateDeliveries(events)).toEqual({
			alice: { afterReceiverSetRemote: true, beforeAnswer: true, count: 3 },
			bob: { afterReceiverSetRemote: true, beforeAnswer: false, count: 3 }
		});

		expect(after.get('alice.createOffer')).toEqual({ alice: 'stable', bob: 'stable' });
		expect(after.get('alice.setLocalDescription')).toEqual({
			alice: 'have-local-offer',
			bob: 'stable'
		});
		expect(after.get('bob.setRemoteDescription')).toEqual({
			alice: 'have-local-offer',
			bob: 'have-remote-offer'
		});
		expect(after.get('bob.setLocalDescription')).toEqual({
			alice: 'have-local-offer',
			bob: 'stable'
		});
		expect(after.get('alice.setRemoteDescription')).toEqual({ alice: 'stable', bob: 'stable' });
		expect(changes(events, 'alice', 'signaling')).toEqual(['have-local-offer', 'stable']);
		expect(changes(events, 'bob', 'signaling')).toEqual(['have-remote-offer', 'stable']);

		const facts = factsOf(session);
		expect(facts.alice.connectionState).toBe('connected');
		expect(facts.bob.connectionState).toBe('connected');
		expect(facts.alice.candidatesAdded).toBe(2);
		expect(facts.bob.candidatesAdded).toBe(2);
		expect(facts.held).toEqual([]);
	});

	it('records each gathered candidate with its attributes and sends it as its toJSON()', async () => {
		const { session, network } = lab();
		session.command('start');
		await next(session);
		await next(session);
		await network.settle();

		const alice = ofType(session.trace.events, 'ice-candidate').filter((e) => e.peer === 'alice');
		expect(alice.map((e) => e.candidate)).toEqual([
			'candidate:1 1 udp 2122260223 192.0.2.1 50000 typ host',
			'candidate:2 1 udp 2122260223 192.0.2.1 50001 typ host',
			null
		]);
		expect(alice[0]).toMatchObject({
			sdpMid: '0',
			sdpMLineIndex: 0,
			url: null,
			fields: {
				foundation: '1',
				component: 'rtp',
				protocol: 'udp',
				priority: 2122260223,
				address: '192.0.2.1',
				port: 50000,
				type: 'host',
				tcpType: null,
				relatedAddress: null,
				relatedPort: null,
				usernameFragment: 'ufrag1'
			}
		});
		expect(factsOf(session).held.map((m) => [m.kind, m.payload])).toEqual([
			['offer', expect.objectContaining({ type: 'offer' })],
			[
				'candidate',
				{
					candidate: 'candidate:1 1 udp 2122260223 192.0.2.1 50000 typ host',
					sdpMid: '0',
					sdpMLineIndex: 0,
					usernameFragment: 'ufrag1'
				}
			],
			['candidate', expect.objectContaining({ sdpMid: '0' })],
			['end-of-candidates', null]
		]);
		expect(changes(session.trace.events, 'alice', 'iceGathering')).toEqual([
			'gathering',
			'complete'
		]);
	});
});

describe('the handshake, played', () => {
	it('plays to complete: Bob gets the greeting and Alice the echo', async () => {
		const { session } = lab();
		session.command('play');
		const done = await waitFor(
			session.handshake,
			(s) => s.matches({ running: 'ready' }) && plan(s.context.facts).step === null,
			{ timeout: 2000 }
		);
		expect(plan(done.context.facts)).toMatchObject({ step: null, outcome: 'complete' });
		expect(done.context.playing).toBe(false);

		const events = session.trace.events;
		const messages = ofType(events, 'data-channel').filter((e) => e.phase === 'message');
		expect(messages.map((e) => [e.peer, e.label, e.data])).toEqual([
			['bob', 'chat', GREETING],
			['alice', 'chat', GREETING]
		]);
		const ids = stepIds(events);
		expect(ids.filter((id) => JSEP.includes(id))).toEqual(JSEP);
		expect(ids.slice(-2)).toEqual(['alice.send', 'bob.echo']);
		expect(candidateDeliveries(events)).toEqual({
			alice: { afterReceiverSetRemote: true, beforeAnswer: true, count: 3 },
			bob: { afterReceiverSetRemote: true, beforeAnswer: false, count: 3 }
		});
		// No call failed on the way.
		expect(ofType(events, 'api-call').filter((e) => e.phase === 'reject')).toEqual([]);
	});

	it('delivers the next candidate without waiting for the last addIceCandidate to settle', async () => {
		const { session } = lab();
		session.command('play');
		await waitFor(
			session.handshake,
			(s) => s.matches({ running: 'ready' }) && plan(s.context.facts).step === null,
			{ timeout: 2000 }
		);
		const events = session.trace.events;
		const firstAdd = events.findIndex(
			(e) => e.type === 'api-call' && e.method === 'addIceCandidate' && e.phase === 'start'
		);
		const settled = events.findIndex(
			(e, i) =>
				i > firstAdd &&
				e.type === 'api-call' &&
				e.method === 'addIceCandidate' &&
				e.phase !== 'start'
		);
		// A signaling handler hands candidates on as they come; the connection queues the calls.
		const stepsBetween = ofType(events.slice(firstAdd, settled), 'step').map((e) => e.id);
		expect(stepsBetween[0]).toMatch(/^bus\.deliver\./);
		// Guided, each candidate's step ends only once its addIceCandidate has settled.
		const guided = lab().session;
		guided.command('start');
		await ready(guided);
		await walk(guided);
		const calls = guided.trace.events;
		for (const [i, e] of calls.entries()) {
			if (e.type !== 'step' || !e.id.startsWith('bus.deliver.')) continue;
			if (e.id === 'bus.deliver.offer' || e.id === 'bus.deliver.answer') continue;
			const nextStep = calls.findIndex((n, j) => j > i && n.type === 'step');
			const result = calls.findIndex(
				(n, j) =>
					j > i && n.type === 'api-call' && n.method === 'addIceCandidate' && n.phase !== 'start'
			);
			expect(result).toBeLessThan(nextStep === -1 ? Infinity : nextStep);
		}
	});

	it('pause stops auto mode after the current step; later events take no step', async () => {
		const { session, network } = lab();
		session.command('play');
		// Pause at the moment the offer's delivery is taken, as a learner's click could.
		const unsubscribe = session.trace.subscribe((event) => {
			if (event.type === 'step' && event.id === 'bus.deliver.offer') session.command('pause');
		});
		await ready(session);
		await network.settle();
		unsubscribe();

		const taken = stepIds(session.trace.events);
		expect(taken).toEqual(JSEP.slice(0, 4));
		expect(session.handshake.getSnapshot().context.playing).toBe(false);
		expect(outlookOf(session).step?.id).toBe('bob.setRemoteDescription');

		// Bob gets one of Alice's candidates by hand: the bus, the peer and the trace all say so,
		// but no step is taken.
		const candidate = factsOf(session).held.find((m) => m.kind === 'candidate');
		if (!candidate) throw new Error('Alice gathered no candidate');
		const before = session.trace.events.length;
		session.deliver(candidate.id);
		await network.settle();
		expect(session.trace.events.length).toBeGreaterThan(before);
		expect(stepIds(session.trace.events)).toEqual(taken);
		expect(session.handshake.getSnapshot().matches({ running: 'ready' })).toBe(true);

		// Next still takes exactly one step.
		await next(session);
		await network.settle();
		expect(stepIds(session.trace.events)).toEqual([...taken, 'bob.setRemoteDescription']);
	});
});

describe('the handshake, with messages lost or early', () => {
	it('ends stuck, never connected, when every candidate is dropped', async () => {
		const { session, network } = lab();
		session.command('start');
		await ready(session);
		const dropped: number[] = [];
		const { end } = await walk(session, (outlook) => {
			if (!isCandidateDelivery(outlook)) return false;
			dropped.push(outlook.step.message.id);
			session.drop(outlook.step.message.id);
			return true;
		});
		expect(end).toMatchObject({ step: null, outcome: 'stuck' });
		expect(dropped).toHaveLength(4);

		// It stays stuck: nothing is left to happen on its own.
		await network.settle();
		expect(outlookOf(session)).toMatchObject({ step: null, outcome: 'stuck' });
		const facts = factsOf(session);
		for (const peer of ['alice', 'bob'] as const) {
			expect(facts[peer].connectionState).toBe('new');
			expect(facts[peer].channel).toBe('none');
			expect(changes(session.trace.events, peer, 'connection')).toEqual([]);
		}
		expect(network.connections.map((pc) => pc.connectionState)).toEqual(['new', 'new']);
		const dropEvents = ofType(session.trace.events, 'bus-message').filter(
			(e) => e.phase === 'dropped'
		);
		expect(dropEvents.map((e) => e.id)).toEqual(dropped);
	});

	it("makes Bob's addIceCandidate reject when a candidate arrives before the offer", async () => {
		const { session, network } = lab();
		session.command('start');
		await next(session); // alice.createOffer
		await next(session); // alice.setLocalDescription
		await network.settle(); // Alice gathers

		const candidate = factsOf(session).held.find((m) => m.kind === 'candidate');
		if (!candidate) throw new Error('Alice gathered no candidate');
		session.deliver(candidate.id);
		await network.settle();

		const calls = ofType(session.trace.events, 'api-call').filter(
			(e) => e.peer === 'bob' && e.method === 'addIceCandidate'
		);
		expect(calls.map((e) => e.phase)).toEqual(['start', 'reject']);
		expect(calls[1]?.error).toEqual({ name: 'InvalidStateError', message: ADD_ICE_REJECTION });
		expect(factsOf(session).bob.remote).toBeNull();

		// The early delivery loses that one candidate, not the call: the walk still completes.
		expect(outlookOf(session).step?.id).toBe('bus.deliver.offer');
		const { end } = await walk(session);
		expect(end).toMatchObject({ step: null, outcome: 'complete' });
	});

	it('ends stuck when the only candidates delivered were refused by addIceCandidate', async () => {
		const { session, network } = lab();
		session.command('start');
		await next(session); // alice.createOffer
		await next(session); // alice.setLocalDescription
		await network.settle();
		// Alice's candidates reach Bob before the offer: his addIceCandidate refuses each one.
		for (const m of factsOf(session).held.filter((h) => h.kind === 'candidate'))
			session.deliver(m.id);
		await network.settle();
		const { end } = await walk(session, (outlook) => {
			if (!isCandidateDelivery(outlook)) return false;
			session.drop(outlook.step.message.id);
			return true;
		});
		expect(end).toMatchObject({ step: null, outcome: 'stuck' });
		expect(factsOf(session).bob.candidatesAdded).toBe(0);
		expect(network.connections.map((pc) => pc.connectionState)).toEqual(['new', 'new']);
	});
});

describe('vanilla ICE (trickle off)', () => {
	it('sends each description once gathering is complete, with every candidate inside, and no candidate message', async () => {
		const { network, session } = lab();
		session.settings = { ...DEFAULT_SETTINGS, trickle: false };
		session.command('start');
		await ready(session);
		const { end } = await walk(session);
		expect(end).toMatchObject({ step: null, outcome: 'complete' });
		const sent = ofType(session.trace.events, 'bus-message').filter((e) => e.phase === 'sent');
		expect(sent.map((e) => e.kind)).toEqual(['offer', 'answer']);
		for (const m of sent) {
			const sdp = (m.payload as { sdp: string }).sdp;
			expect(sdp.match(/^a=candidate:/gm)).toHaveLength(network.candidatesPerPeer);
		}
		// Each description left only after its peer had finished gathering.
		for (const m of sent) {
			const complete = ofType(session.trace.events, 'state-change').find(
				(e) => e.peer === m.from && e.machine === 'iceGathering' && e.value === 'complete'
			);
			expect(session.trace.events.indexOf(m)).toBeGreaterThan(
				session.trace.events.indexOf(complete!)
			);
		}
		expect(stepIds(session.trace.events)).not.toContain('bus.deliver.candidate');
	});
});

describe('a connection that cannot be made', () => {
	it("ends failed with the constructor's own error, and takes no further step", async () => {
		const session = new Session({
			factory: () => {
				throw new DOMException(
					"Failed to construct 'RTCPeerConnection': 'stun:' is not a valid URL.",
					'SyntaxError'
				);
			}
		});
		session.command('play');
		await waitFor(session.handshake, (s) => plan(s.context.facts).step === null, { timeout: 2000 });
		expect(outlookOf(session)).toMatchObject({ outcome: 'failed' });
		expect(outlookOf(session).text).toMatch(
			/Alice's RTCPeerConnection could not be created: SyntaxError/
		);
		const rejected = ofType(session.trace.events, 'api-call').filter((e) => e.phase === 'reject');
		expect(rejected[0]).toMatchObject({
			peer: 'alice',
			method: 'RTCPeerConnection',
			error: { name: 'SyntaxError' }
		});
		session.dispose();
	});
});

describe('reset', () => {
	it('closes both connections, empties the bus and starts a new trace at t = 0', async () => {
		const { session, network, clock } = lab();
		session.command('start');
		await ready(session);
		clock.time = 5000;
		for (let i = 0; i < 4; i++) await next(session); // up to bob.setRemoteDescription
		await network.settle();
		expect(stepIds(session.trace.events).at(-1)).toBe('bob.setRemoteDescription');
		expect(network.live).toBe(2);
		expect(session.bus.getSnapshot().context.held.length).toBeGreaterThan(0);
		expect(session.trace.events.at(-1)?.t).toBe(4000);

		session.command('reset');
		expect(network.live).toBe(0);
		for (const pc of network.connections) {
			expect([pc.signalingState, pc.iceConnectionState, pc.connectionState]).toEqual([
				'closed',
				'closed',
				'closed'
			]);
		}
		expect(session.handshake.getSnapshot().matches('idle')).toBe(true);
		expect(session.started).toBe(false);
		expect(session.bus.getSnapshot().context.held).toEqual([]);
		expect(factsOf(session)).toEqual(initialFacts());
		expect(session.trace.events).toEqual([]);
		// The closed connections say nothing more.
		await network.settle();
		expect(session.trace.events).toEqual([]);

		clock.time = 9000;
		session.command('start');
		expect(session.trace.events[0]).toMatchObject({ type: 'step', id: 'start', t: 0 });
		expect(network.connections).toHaveLength(4);
		expect(network.live).toBe(2);

		// The new run starts from nothing: a whole handshake, bus ids from 1 again.
		const { end } = await walk(session);
		expect(end).toMatchObject({ step: null, outcome: 'complete' });
		const sent = ofType(session.trace.events, 'bus-message').filter((e) => e.phase === 'sent');
		expect(sent[0]).toMatchObject({ id: 1, kind: 'offer' });
	});
});

describe('plan()', () => {
	const started = (): Facts => ({ ...initialFacts(), started: true });

	it('starts before anything else', () => {
		expect(plan(initialFacts()).step).toEqual({ kind: 'start', id: 'start' });
	});

	it('has Alice create the offer first', () => {
		expect(plan(started()).step).toEqual({
			kind: 'call',
			id: 'alice.createOffer',
			peer: 'alice',
			method: 'createOffer'
		});
	});

	it('ends failed when either connection has failed', () => {
		for (const peer of ['alice', 'bob'] as const) {
			const facts = started();
			facts[peer] = { ...initialPeerFacts(), connectionState: 'failed' };
			expect(plan(facts)).toMatchObject({ step: null, outcome: 'failed' });
		}
	});

	it('waits while a peer is still gathering, once nothing is held', () => {
		const facts: Facts = {
			started: true,
			trickle: true,
			held: [],
			sending: 0,
			alice: {
				...initialPeerFacts(),
				local: 'offer',
				remote: 'answer',
				iceGatheringState: 'complete',
				gatheringDone: true
			},
			bob: {
				...initialPeerFacts(),
				local: 'answer',
				remote: 'offer',
				iceGatheringState: 'gathering'
			}
		};
		expect(plan(facts).step).toMatchObject({ kind: 'wait', id: 'wait.gathering' });
		expect(plan(facts).text).toContain('Bob');

		// A held candidate is delivered before waiting.
		const candidate: BusMessage = {
			id: 7,
			from: 'bob',
			to: 'alice',
			kind: 'candidate',
			payload: { candidate: 'candidate:1 1 udp 2122260223 192.0.2.2 50000 typ host' }
		};
		const held = plan({ ...facts, held: [candidate] });
		expect(held.step).toEqual({ kind: 'deliver', id: 'bus.deliver.candidate', message: candidate });
		expect(held.text).toContain('host candidate (udp 192.0.2.2 port 50000)');
	});

	it('ends stuck when gathering is complete and no candidate reached either peer', () => {
		const facts: Facts = {
			started: true,
			trickle: true,
			held: [],
			sending: 0,
			alice: {
				...initialPeerFacts(),
				local: 'offer',
				remote: 'answer',
				iceGatheringState: 'complete',
				gatheringDone: true
			},
			bob: {
				...initialPeerFacts(),
				local: 'answer',
				remote: 'offer',
				iceGatheringState: 'complete',
				gatheringDone: true
			}
		};
		expect(plan(facts)).toMatchObject({ step: null, outcome: 'stuck' });
		// Chromium says "complete" just before its end-of-candidates event: not stuck until that came.
		const lastOnTheWay = { ...facts, bob: { ...facts.bob, gatheringDone: false } };
		expect(plan(lastOnTheWay).step).toMatchObject({ kind: 'wait', id: 'wait.gathering' });
		// Nor while a message is handed to the bus and not yet reported sent.
		expect(plan({ ...facts, sending: 1 }).step).toMatchObject({
			kind: 'wait',
			id: 'wait.signaling'
		});
		const delivered = { ...facts, bob: { ...facts.bob, candidatesAdded: 1 } };
		expect(plan(delivered).step).toMatchObject({ kind: 'wait', id: 'wait.connection' });
		// Nor while an addIceCandidate call has not settled: it may still be accepted.
		const adding = { ...facts, bob: { ...facts.bob, adding: 1 } };
		expect(plan(adding).step).toMatchObject({ kind: 'wait', id: 'wait.connection' });
	});

	it("delivers a candidate as soon as its receiver has set the remote description, before Bob's answer", () => {
		const candidate: BusMessage = {
			id: 3,
			from: 'alice',
			to: 'bob',
			kind: 'candidate',
			payload: { candidate: 'candidate:1 1 udp 2122260223 192.0.2.1 50000 typ host', sdpMid: '0' }
		};
		const offerSet: Facts = {
			...initialFacts(),
			started: true,
			held: [candidate],
			alice: { ...initialPeerFacts(), local: 'offer', ready: true },
			bob: { ...initialPeerFacts(), remote: 'offer', ready: true }
		};
		expect(plan(offerSet).step).toEqual({
			kind: 'deliver',
			id: 'bus.deliver.candidate',
			message: candidate
		});
		// Before Bob has the offer, the offer goes first and the candidate waits.
		const offer: BusMessage = { ...candidate, id: 2, kind: 'offer', payload: { type: 'offer' } };
		const offerHeld = { ...offerSet, held: [offer, candidate], bob: initialPeerFacts() };
		expect(plan(offerHeld).step).toMatchObject({ id: 'bus.deliver.offer' });
	});
});

describe('step ids', () => {
	it('lists every step id a walk takes', async () => {
		const { session } = lab();
		session.command('start');
		await ready(session);
		await walk(session);
		for (const id of stepIds(session.trace.events)) expect(STEP_IDS).toContain(id);
	});
});

describe('a scenario fault', () => {
	it("drops the chosen kinds of message as soon as they are sent, and only the chosen peer's", async () => {
		const { session } = lab();
		session.settings = { ...DEFAULT_SETTINGS, drop: { kinds: ['candidate'], from: 'alice' } };
		session.command('start');
		await ready(session);
		const { end } = await walk(session);
		const messages = ofType(session.trace.events, 'bus-message');
		const dropped = messages.filter((e) => e.phase === 'dropped');
		expect(dropped.length).toBeGreaterThan(0);
		expect(dropped.every((e) => e.kind === 'candidate' && e.from === 'alice')).toBe(true);
		expect(
			messages.some((e) => e.phase === 'delivered' && e.kind === 'candidate' && e.from === 'bob')
		).toBe(true);
		// Bob's candidates still reach Alice: a peer-reflexive path still connects.
		expect(end).toMatchObject({ outcome: 'complete' });
	});
});

describe('breakpoints', () => {
	it('stop auto mode before the step, and next takes it', async () => {
		const { session } = lab();
		session.breakAt(['bob.setRemoteDescription']);
		session.command('play');
		await waitFor(session.handshake, (s) => s.matches({ running: 'ready' }) && !s.context.playing, {
			timeout: 2000
		});
		expect(outlookOf(session).step?.id).toBe('bob.setRemoteDescription');
		expect(stepIds(session.trace.events)).not.toContain('bob.setRemoteDescription');
		await next(session);
		expect(stepIds(session.trace.events).at(-1)).toBe('bob.setRemoteDescription');
		session.command('play');
		await waitFor(session.handshake, (s) => plan(s.context.facts).step === null, { timeout: 2000 });
		expect(outlookOf(session)).toMatchObject({ outcome: 'complete' });
	});
});

describe('the trace of a played run', () => {
	it('has both connections created before the first step after start', async () => {
		const { session } = lab();
		session.command('play');
		await waitFor(session.handshake, (s) => plan(s.context.facts).step === null, { timeout: 2000 });
		const order = session.trace.events.map((e) => (e.type === 'step' ? `step ${e.id}` : e.type));
		const firstCall = order.indexOf('step alice.createOffer');
		expect(order.slice(0, firstCall).filter((t) => t === 'peer-created')).toHaveLength(2);
	});
});
