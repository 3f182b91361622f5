import { assign, enqueueActions, sendTo, setup, type ActorRefFrom } from 'xstate';
import { peerActor } from '../peers/peer.actor';
import type { PeerCommand, PeerConnectionFactory, PeerReport } from '../peers/types';
import type { busMachine, BusMessage } from '../signaling/bus.machine';
import type { Description, PeerName, TraceEventInput } from '../trace/types';
import { countCandidateLines, initialFacts, other, type Facts, type PeerFacts } from './facts';
import { plan, type Step } from './plan';
import { configurationOf, DEFAULT_SETTINGS, type LabSettings } from '../settings';

export interface HandshakeInput {
	bus: ActorRefFrom<typeof busMachine>;
	factory: PeerConnectionFactory;
	record: (event: TraceEventInput) => void;
	settings?: LabSettings;
}

/** The commands that begin a session carry the settings it runs with. */
type Begin = { settings?: LabSettings };

export type HandshakeEvent =
	| ({ type: 'start' } & Begin)
	| ({ type: 'next' } & Begin)
	| ({ type: 'play' } & Begin)
	| { type: 'pause' }
	| { type: 'reset' }
	/** Steps auto mode stops before (a lesson's predictions); `next` still takes them. */
	| { type: 'breakpoints'; steps: string[] }
	/** Forwarded from the bus's own emitted events. */
	| { type: 'bus.sent' | 'bus.delivered' | 'bus.dropped'; message: BusMessage }
	| PeerReport;

interface Context extends HandshakeInput {
	settings: LabSettings;
	facts: Facts;
	/** The step being taken, until it completes. */
	current: Step | null;
	stepDone: boolean;
	playing: boolean;
	/**
	 * A delivered candidate's receiver, until its addIceCandidate settles: in guided mode that is
	 * the step's end, so the learner sees what the call did before the next step.
	 */
	adding: PeerName | null;
	breakpoints: string[];
}

type PeerUpdate = Partial<PeerFacts>;
const withPeer = (facts: Facts, peer: PeerName, update: PeerUpdate): Facts => ({
	...facts,
	[peer]: { ...facts[peer], ...update }
});

const STATE_FIELD = {
	signaling: 'signalingState',
	iceGathering: 'iceGatheringState',
	iceConnection: 'iceConnectionState',
	connection: 'connectionState'
} as const;

/** A message is handed to the bus: it is on its way until the bus reports it sent. */
const handing = ({ context }: { context: Context }) => ({
	facts: { ...context.facts, sending: context.facts.sending + 1 }
});

/**
 * Start is over when both connections exist. Invoked actors start after the transition that
 * enters `running`, so without this an auto step would be recorded before the connections are.
 */
const peersReady = (f: Facts) => (f.alice.ready && f.bob.ready) || !!f.alice.fatal || !!f.bob.fatal;

/** The message a step is waiting on, if it is a delivery. */
const deliveryId = (step: Step | null) => (step?.kind === 'deliver' ? step.message.id : null);

/**
 * The choreography of the handshake. `plan()` decides what the next step is; this machine takes
 * it (guided: one per `next`; auto: one after another while playing), tells the peer actors and
 * the bus what to do, and folds what they report back into facts.
 */
export const handshakeMachine = setup({
	types: {
		context: {} as Context,
		events: {} as HandshakeEvent,
		input: {} as HandshakeInput
	},
	actors: { peer: peerActor },
	guards: {
		hasStep: ({ context }) => peersReady(context.facts) && plan(context.facts).step !== null,
		shouldAdvance: ({ context }) => {
			const step = plan(context.facts).step;
			return (
				context.playing &&
				peersReady(context.facts) &&
				step !== null &&
				!context.breakpoints.includes(step.id)
			);
		},
		atBreakpoint: ({ context }) => {
			const step = plan(context.facts).step;
			return context.playing && step !== null && context.breakpoints.includes(step.id);
		},
		stepDone: ({ context }) => {
			const { current } = context;
			if (context.stepDone || !current) return true;
			// A wait ends when the browser has done what it was waited for: the plan moves on.
			return current.kind === 'wait' && plan(context.facts).step?.id !== current.id;
		}
	},
	actions: {
		recordStep: ({ context }) => {
			const outlook = plan(context.facts);
			if (outlook.step) context.record({ type: 'step', id: outlook.step.id, text: outlook.text });
		},
		take: assign(({ context }) => {
			const step = plan(context.facts).step;
			if (!step || step.kind === 'start') return { current: null, stepDone: true };
			let facts = context.facts;
			if (step.kind === 'send')
				facts = withPeer(facts, step.peer, { sent: [...facts[step.peer].sent, step.data] });
			return { current: step, stepDone: false, facts };
		}),
		perform: enqueueActions(({ context, enqueue }) => {
			const step = context.current;
			if (!step) return;
			const f = context.facts;
			const toPeer = (peer: PeerName, command: PeerCommand) => enqueue.sendTo(peer, command);
			switch (step.kind) {
				case 'call': {
					const p = f[step.peer];
					if (step.method === 'createOffer') return toPeer(step.peer, { type: 'peer.createOffer' });
					if (step.method === 'createAnswer')
						return toPeer(step.peer, { type: 'peer.createAnswer' });
					if (step.method === 'setLocalDescription' && p.created)
						return toPeer(step.peer, { type: 'peer.setLocalDescription', description: p.created });
					if (step.method === 'setRemoteDescription' && p.inbox)
						return toPeer(step.peer, { type: 'peer.setRemoteDescription', description: p.inbox });
					return;
				}
				case 'deliver':
					return enqueue.sendTo(context.bus, { type: 'bus.deliver', id: step.message.id });
				case 'send':
					return toPeer(step.peer, { type: 'peer.send', data: step.data });
			}
		}),
		finish: assign({ current: null, stepDone: false }),
		play: assign({ playing: true }),
		pause: assign({ playing: false }),
		stopIfDone: assign({
			playing: ({ context }) => context.playing && plan(context.facts).step !== null
		}),
		start: assign(({ context, event }) => ({
			facts: { ...initialFacts(), started: true },
			settings: ('settings' in event && event.settings) || context.settings
		})),
		noteTrickle: assign(({ context }) => ({
			facts: { ...context.facts, trickle: context.settings.trickle }
		})),
		clear: assign({
			facts: () => initialFacts(),
			current: null,
			stepDone: false,
			playing: false,
			adding: null
		}),
		resetBus: sendTo(({ context }) => context.bus, { type: 'bus.reset' }),

		onSettled: assign(({ context, event }) => {
			if (event.type !== 'peer.settled') return {};
			const { peer, method, ok, description } = event;
			let facts = context.facts;
			const p = facts[peer];
			if (ok && (method === 'createOffer' || method === 'createAnswer') && description)
				facts = withPeer(facts, peer, { created: description });
			if (ok && method === 'setLocalDescription')
				facts = withPeer(facts, peer, {
					created: null,
					local: description?.type ?? p.created?.type ?? null
				});
			if (ok && method === 'setRemoteDescription')
				facts = withPeer(facts, peer, {
					remote: p.inbox?.type ?? null,
					inbox: null,
					// Vanilla ICE carries the candidates inside the description (RFC 8839 §5.1).
					candidatesAdded: p.candidatesAdded + countCandidateLines(p.inbox?.sdp ?? '')
				});
			// Only a candidate the browser accepted gives ICE something to check.
			if (method === 'addIceCandidate')
				facts = withPeer(facts, peer, {
					adding: Math.max(0, p.adding - 1),
					candidatesAdded: p.candidatesAdded + (ok && event.candidate ? 1 : 0)
				});
			const current = context.current;
			// A description's setLocalDescription step ends when the description is on the bus
			// (onBusSent), so that the next step is planned from facts that hold it.
			const sends =
				ok &&
				method === 'setLocalDescription' &&
				(description?.type === 'offer' || description?.type === 'answer');
			const done =
				(current?.kind === 'call' &&
					current.peer === peer &&
					current.method === method &&
					!sends) ||
				(method === 'addIceCandidate' && context.adding === peer) ||
				(!ok && current?.kind === 'send' && current.peer === peer);
			return {
				facts,
				stepDone: context.stepDone || done,
				adding: method === 'addIceCandidate' && context.adding === peer ? null : context.adding,
				// A rejected call stops auto mode, so the learner sees the error where it happened.
				playing: ok ? context.playing : false
			};
		}),
		/** Once a local description is set, the peer sends it: that is what signaling is for. */
		sendDescription: enqueueActions(({ context, event, enqueue }) => {
			let description: Description | undefined;
			// Trickle ICE sends the description at once; vanilla ICE once gathering is complete.
			if (context.settings.trickle) {
				if (event.type !== 'peer.settled' || !event.ok || event.method !== 'setLocalDescription')
					return;
				description = event.description;
			} else {
				if (event.type !== 'peer.candidate' || event.candidate) return;
				description = event.description;
			}
			if (event.type !== 'peer.settled' && event.type !== 'peer.candidate') return;
			if (!description || (description.type !== 'offer' && description.type !== 'answer')) return;
			enqueue.assign(handing);
			enqueue.sendTo(context.bus, {
				type: 'bus.send',
				from: event.peer,
				to: other(event.peer),
				kind: description.type,
				payload: description
			});
		}),
		/** Trickle ICE (RFC 8838): every candidate is sent as soon as it is gathered. */
		sendCandidate: enqueueActions(({ context, event, enqueue }) => {
			if (event.type !== 'peer.candidate' || !context.settings.trickle) return;
			const { peer, candidate } = event;
			enqueue.assign(handing);
			enqueue.sendTo(context.bus, {
				type: 'bus.send',
				from: peer,
				to: other(peer),
				kind: candidate ? 'candidate' : 'end-of-candidates',
				payload: candidate
			});
		}),
		countGathered: assign(({ context, event }) => {
			if (event.type !== 'peer.candidate') return {};
			const p = context.facts[event.peer];
			return {
				facts: withPeer(
					context.facts,
					event.peer,
					event.candidate
						? { candidatesGathered: p.candidatesGathered + 1 }
						: { gatheringDone: true }
				)
			};
		}),
		onFailed: assign(({ context, event }) => {
			if (event.type !== 'peer.failed') return {};
			const fatal = `${event.error.name}: ${event.error.message}`;
			return {
				facts: withPeer(context.facts, event.peer, { fatal }),
				playing: false,
				stepDone: true
			};
		}),
		onState: assign(({ context, event }) => {
			if (event.type !== 'peer.state') return {};
			return {
				facts: withPeer(context.facts, event.peer, { [STATE_FIELD[event.machine]]: event.value })
			};
		}),
		onChannel: assign(({ context, event }) => {
			if (event.type !== 'peer.channel') return {};
			const closed = event.phase === 'close';
			const current = context.current;
			return {
				facts: withPeer(context.facts, event.peer, { channel: closed ? 'closed' : 'open' }),
				stepDone: context.stepDone || (closed && current?.kind === 'send')
			};
		}),
		onMessage: assign(({ context, event }) => {
			if (event.type !== 'peer.message') return {};
			const p = context.facts[event.peer];
			const current = context.current;
			return {
				facts: withPeer(context.facts, event.peer, { received: [...p.received, event.data] }),
				stepDone:
					context.stepDone || (current?.kind === 'send' && current.peer === other(event.peer))
			};
		}),
		onBusSent: assign(({ context, event }) => {
			if (event.type !== 'bus.sent') return {};
			const { message } = event;
			const current = context.current;
			const sentByStep =
				current?.kind === 'call' &&
				current.method === 'setLocalDescription' &&
				current.peer === message.from &&
				(message.kind === 'offer' || message.kind === 'answer');
			const { held, sending } = context.facts;
			return {
				facts: { ...context.facts, held: [...held, message], sending: Math.max(0, sending - 1) },
				stepDone: context.stepDone || sentByStep
			};
		}),
		onBusDropped: assign(({ context, event }) => {
			if (event.type !== 'bus.dropped') return {};
			const held = context.facts.held.filter((m) => m.id !== event.message.id);
			return {
				facts: { ...context.facts, held },
				stepDone: context.stepDone || deliveryId(context.current) === event.message.id
			};
		}),
		/** The receiving peer's signaling handler: keep a description, add a candidate at once. */
		onBusDelivered: assign(({ context, event }) => {
			if (event.type !== 'bus.delivered') return {};
			const m = event.message;
			let facts: Facts = {
				...context.facts,
				held: context.facts.held.filter((h) => h.id !== m.id)
			};
			const mine = deliveryId(context.current) === m.id;
			if (m.kind === 'offer' || m.kind === 'answer') {
				facts = withPeer(facts, m.to, { inbox: m.payload as Description });
				return { facts, stepDone: context.stepDone || mine };
			}
			// Auto mode moves on at once, as a real signaling handler does: each connection's
			// operations chain (webrtc-pc, "chain an operation") keeps its addIceCandidate calls
			// in order. Guided mode waits for the call to settle.
			if (mine && context.playing) return { facts, stepDone: true };
			return { facts, adding: mine ? m.to : context.adding };
		}),
		/** A real app adds a candidate the moment it arrives; so does the lab, errors and all. */
		addDeliveredCandidate: enqueueActions(({ event, enqueue }) => {
			if (event.type !== 'bus.delivered') return;
			const m = event.message;
			if (m.kind !== 'candidate' && m.kind !== 'end-of-candidates') return;
			const candidate = m.kind === 'candidate' ? (m.payload as RTCIceCandidateInit) : null;
			enqueue.assign(({ context }) => ({
				facts: withPeer(context.facts, m.to, { adding: context.facts[m.to].adding + 1 })
			}));
			enqueue.sendTo(m.to, { type: 'peer.addIceCandidate', candidate } satisfies PeerCommand);
		})
	}
}).createMachine({
	id: 'handshake',
	context: ({ input }) => ({
		...input,
		settings: input.settings ?? DEFAULT_SETTINGS,
		facts: initialFacts(),
		current: null,
		stepDone: false,
		playing: false,
		adding: null,
		breakpoints: []
	}),
	initial: 'idle',
	on: {
		breakpoints: { actions: assign({ breakpoints: ({ event }) => event.steps }) }
	},
	states: {
		idle: {
			on: {
				start: { target: 'running', actions: ['recordStep', 'start', 'noteTrickle'] },
				next: { target: 'running', actions: ['recordStep', 'start', 'noteTrickle'] },
				play: { target: 'running', actions: ['recordStep', 'start', 'noteTrickle', 'play'] }
			}
		},
		running: {
			invoke: [
				{
					id: 'alice',
					src: 'peer',
					input: ({ context }) => ({
						name: 'alice' as const,
						factory: context.factory,
						configuration: configurationOf(context.settings),
						record: context.record,
						dataChannel: 'chat',
						transceivers: context.settings.media ? ['audio', 'video'] : []
					})
				},
				{
					id: 'bob',
					src: 'peer',
					input: ({ context }) => ({
						name: 'bob' as const,
						factory: context.factory,
						configuration: configurationOf(context.settings),
						record: context.record
					})
				}
			],
			initial: 'ready',
			states: {
				ready: {
					entry: 'stopIfDone',
					always: [
						{ guard: 'shouldAdvance', target: 'busy' },
						// Auto mode stops before a breakpoint, so the learner can answer first.
						{ guard: 'atBreakpoint', actions: 'pause' }
					],
					on: {
						next: { guard: 'hasStep', target: 'busy' },
						play: { actions: 'play' }
					}
				},
				busy: {
					entry: ['recordStep', 'take', 'perform'],
					always: { guard: 'stepDone', target: 'ready', actions: 'finish' },
					on: { play: { actions: 'play' } }
				}
			},
			on: {
				pause: { actions: 'pause' },
				reset: { target: 'idle', actions: ['clear', 'resetBus'] },
				'peer.settled': { actions: ['onSettled', 'sendDescription'] },
				'peer.candidate': { actions: ['countGathered', 'sendCandidate', 'sendDescription'] },
				'peer.failed': { actions: 'onFailed' },
				'peer.ready': {
					actions: assign(({ context, event }) => ({
						facts: withPeer(context.facts, event.peer, { ready: true })
					}))
				},
				'peer.state': { actions: 'onState' },
				'peer.channel': { actions: 'onChannel' },
				'peer.message': { actions: 'onMessage' },
				'bus.sent': { actions: 'onBusSent' },
				'bus.delivered': { actions: ['onBusDelivered', 'addDeliveredCandidate'] },
				'bus.dropped': { actions: 'onBusDropped' }
			}
		}
	}
});
