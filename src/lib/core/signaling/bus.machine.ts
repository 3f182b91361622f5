/**
 * The signaling bus: the wire between the two peers, made visible.
 *
 * WebRTC leaves signaling to the application, and most bugs live in how its messages
 * travel. This bus is a lesson tool: it can hold messages, deliver them out of order,
 * drop them or duplicate them, so a learner can see what each peer does about it.
 * It knows nothing of WebRTC: it only queues and delivers opaque payloads.
 *
 * - `step` mode: every message waits for a command (deliver, drop, duplicate).
 * - `auto` mode: messages are delivered by themselves, at once or one per `delayMs`.
 */
import { and, enqueueActions, setup } from 'xstate';
import type { MessageKind, PeerName } from '../trace/types';

export interface BusMessage {
	id: number;
	from: PeerName;
	to: PeerName;
	kind: MessageKind;
	payload: unknown;
}

export type BusMode = 'auto' | 'step';

export interface BusInput {
	mode?: BusMode;
	delayMs?: number;
}

interface BusContext {
	mode: BusMode;
	delayMs: number;
	held: BusMessage[];
	nextId: number;
}

export type BusEvent =
	| { type: 'bus.send'; from: PeerName; to: PeerName; kind: MessageKind; payload: unknown }
	| { type: 'bus.deliver'; id?: number }
	| { type: 'bus.deliverAll' }
	| { type: 'bus.drop'; id: number }
	| { type: 'bus.duplicate'; id: number }
	| { type: 'bus.setMode'; mode: BusMode; delayMs?: number }
	| { type: 'bus.reset' };

export type BusEmitted =
	| { type: 'sent'; message: BusMessage }
	| { type: 'delivered'; message: BusMessage }
	| { type: 'dropped'; message: BusMessage };

/** The held message a command names: by id, or the oldest when it names none. */
function target(context: BusContext, event: BusEvent): BusMessage | undefined {
	if (event.type === 'bus.deliver' && event.id === undefined) return context.held[0];
	if (!('id' in event)) return undefined;
	const { id } = event;
	return context.held.find((m) => m.id === id);
}

function without(held: BusMessage[], message: BusMessage): BusMessage[] {
	return held.filter((m) => m.id !== message.id);
}

export const busMachine = setup({
	types: {
		context: {} as BusContext,
		events: {} as BusEvent,
		emitted: {} as BusEmitted,
		input: {} as BusInput | undefined
	},
	actions: {
		hold: enqueueActions(({ context, event, enqueue }) => {
			if (event.type !== 'bus.send') return;
			const { from, to, kind, payload } = event;
			const message: BusMessage = { id: context.nextId, from, to, kind, payload };
			enqueue.assign({ held: [...context.held, message], nextId: context.nextId + 1 });
			enqueue.emit({ type: 'sent', message });
		}),
		deliverTarget: enqueueActions(({ context, event, enqueue }) => {
			const message = target(context, event);
			if (!message) return;
			enqueue.assign({ held: without(context.held, message) });
			enqueue.emit({ type: 'delivered', message });
		}),
		deliverOldest: enqueueActions(({ context, enqueue }) => {
			const [message, ...rest] = context.held;
			if (!message) return;
			enqueue.assign({ held: rest });
			enqueue.emit({ type: 'delivered', message });
		}),
		deliverAll: enqueueActions(({ context, enqueue }) => {
			enqueue.assign({ held: [] });
			for (const message of context.held) enqueue.emit({ type: 'delivered', message });
		}),
		dropTarget: enqueueActions(({ context, event, enqueue }) => {
			const message = target(context, event);
			if (!message) return;
			enqueue.assign({ held: without(context.held, message) });
			enqueue.emit({ type: 'dropped', message });
		}),
		duplicateTarget: enqueueActions(({ context, event, enqueue }) => {
			const original = target(context, event);
			if (!original) return;
			const copy: BusMessage = { ...original, id: context.nextId };
			const at = context.held.indexOf(original) + 1;
			const held = [...context.held.slice(0, at), copy, ...context.held.slice(at)];
			enqueue.assign({ held, nextId: context.nextId + 1 });
			enqueue.emit({ type: 'sent', message: copy });
		}),
		applyMode: enqueueActions(({ context, event, enqueue }) => {
			if (event.type !== 'bus.setMode') return;
			enqueue.assign({ mode: event.mode, delayMs: event.delayMs ?? context.delayMs });
		}),
		clear: enqueueActions(({ enqueue }) => {
			enqueue.assign({ held: [], nextId: 1 });
		})
	},
	guards: {
		targetHeld: ({ context, event }) => target(context, event) !== undefined,
		hasHeld: ({ context }) => context.held.length > 0,
		nothingHeld: ({ context }) => context.held.length === 0,
		isStep: ({ context }) => context.mode === 'step',
		isInstant: ({ context }) => context.delayMs <= 0
	},
	delays: {
		busDelay: ({ context }) => context.delayMs
	}
}).createMachine({
	id: 'signalingBus',
	context: ({ input }) => ({
		mode: input?.mode ?? 'step',
		delayMs: input?.delayMs ?? 0,
		held: [],
		nextId: 1
	}),
	initial: 'choosing',
	on: {
		'bus.send': { actions: 'hold' },
		'bus.deliver': { guard: 'targetHeld', actions: 'deliverTarget' },
		'bus.deliverAll': { actions: 'deliverAll' },
		'bus.drop': { guard: 'targetHeld', actions: 'dropTarget' },
		'bus.duplicate': { guard: 'targetHeld', actions: 'duplicateTarget' },
		'bus.setMode': { actions: 'applyMode', target: '.choosing' },
		'bus.reset': { actions: 'clear' }
	},
	states: {
		choosing: {
			always: [{ guard: 'isStep', target: 'step' }, { target: 'auto' }]
		},
		/** Everything waits for a command. */
		step: {},
		/** Held messages leave by themselves, oldest first. */
		auto: {
			initial: 'idle',
			states: {
				idle: {
					always: [
						{ guard: and(['hasHeld', 'isInstant']), actions: 'deliverAll' },
						{ guard: 'hasHeld', target: 'waiting' }
					]
				},
				waiting: {
					always: { guard: 'nothingHeld', target: 'idle' },
					after: { busDelay: { actions: 'deliverOldest', target: 'idle' } }
				}
			}
		}
	}
});
