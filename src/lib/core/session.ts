import { createActor } from 'xstate';
import { handshakeMachine } from './handshake/handshake.machine';
import type { PeerConnectionFactory } from './peers/types';
import { busMachine, type BusMessage } from './signaling/bus.machine';
import { Trace } from './trace/trace';
import type { TraceEventInput } from './trace/types';
import { DEFAULT_SETTINGS, type LabSettings } from './settings';
import { serverLogEvent, type ServerLogReader } from './ice/server-log';

/** How often the local server's log is read while a session runs. */
const SERVER_POLL_MS = 250;

export interface SessionOptions {
	factory: PeerConnectionFactory;
	settings?: LabSettings;
	/** The clock the trace stamps events with; performance.now in the browser. */
	now?: () => number;
}

export type SessionCommand = 'start' | 'next' | 'play' | 'pause' | 'reset';

/**
 * One lab session: the signaling bus, the handshake machine (which owns the two peer actors) and
 * the trace they all report to. Data flows one way: a command goes to the machines, the machines
 * drive the real peers, everything is recorded in the trace, and views render the trace.
 */
export class Session {
	readonly bus = createActor(busMachine, { input: { mode: 'step' } });
	readonly handshake;
	#trace: Trace;
	readonly #now: () => number;
	readonly #listeners = new Set<() => void>();

	constructor(options: SessionOptions) {
		this.#now = options.now ?? (() => performance.now());
		this.settings = options.settings ?? DEFAULT_SETTINGS;
		this.#trace = new Trace(this.#now);
		this.handshake = createActor(handshakeMachine, {
			input: {
				bus: this.bus,
				factory: options.factory,
				settings: options.settings,
				record: (event) => this.#record(event)
			}
		});

		const forward = (phase: 'sent' | 'delivered' | 'dropped') => (e: { message: BusMessage }) => {
			const { id, from, to, kind, payload } = e.message;
			// The payload is recorded once, when sent; later phases refer to the message by id.
			this.#record({
				type: 'bus-message',
				id,
				from,
				to,
				kind,
				phase,
				...(phase === 'sent' ? { payload } : {})
			});
			this.handshake.send({ type: `bus.${phase}`, message: e.message });
			// A scenario's fault: the bus loses these messages the moment they are sent.
			const { kinds, from: who } = this.#running.drop;
			if (phase === 'sent' && kinds.includes(kind) && (who === 'both' || who === from))
				this.bus.send({ type: 'bus.drop', id });
		};
		this.bus.on('sent', forward('sent'));
		this.bus.on('delivered', forward('delivered'));
		this.bus.on('dropped', forward('dropped'));

		this.bus.subscribe(() => this.#notify());
		this.handshake.subscribe(() => this.#notify());
		this.bus.start();
		this.handshake.start();
	}

	get trace(): Trace {
		return this.#trace;
	}

	get started(): boolean {
		return !this.handshake.getSnapshot().matches('idle');
	}

	/** Settings for the next Start; a running session keeps the ones it began with. */
	settings: LabSettings;
	/** The local STUN/TURN server's log, read while a session runs; null when there is none. */
	serverLog: ServerLogReader | null = null;
	/** The settings the running session began with. */
	#running: LabSettings = DEFAULT_SETTINGS;
	#polling: ReturnType<typeof setInterval> | null = null;

	command(command: SessionCommand): void {
		const begins = !this.started && command !== 'pause' && command !== 'reset';
		// A session's clock starts when its first step is taken, so a trace begins at t = 0.
		if (begins) {
			this.#newTrace();
			this.#running = this.settings;
		}
		if (begins && (command === 'start' || command === 'next' || command === 'play')) {
			this.handshake.send({ type: command, settings: this.settings });
			this.#pollServer();
		} else this.handshake.send({ type: command });
		if (command === 'reset') {
			this.#stopPolling();
			this.#newTrace();
		}
	}

	/** Steps auto mode stops before; `next` still takes them. */
	breakAt(steps: string[]): void {
		this.handshake.send({ type: 'breakpoints', steps });
	}

	deliver(id: number): void {
		this.bus.send({ type: 'bus.deliver', id });
	}

	drop(id: number): void {
		this.bus.send({ type: 'bus.drop', id });
	}

	/** Called on any change: a trace event, a machine or bus state. */
	subscribe(listener: () => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	/** Close both connections and stop the machines (navigation away, pagehide). */
	dispose(): void {
		this.#stopPolling();
		this.handshake.send({ type: 'reset' });
		this.handshake.stop();
		this.bus.stop();
		this.#listeners.clear();
	}

	/**
	 * What the server observed reaches the trace as `server-log` events. Reads overlap nothing:
	 * one at a time, and a read that returns after the session changed records nothing.
	 */
	#pollServer(): void {
		const reader = this.serverLog;
		if (!reader) return;
		const trace = this.#trace;
		let reading = false;
		this.#polling = setInterval(async () => {
			if (reading) return;
			reading = true;
			try {
				const events = await reader.read();
				if (this.#trace === trace) for (const e of events) this.#record(serverLogEvent(e));
			} catch {
				// The dev server went away: the browser's own view is still complete.
			} finally {
				reading = false;
			}
		}, SERVER_POLL_MS);
	}

	#stopPolling(): void {
		if (this.#polling) clearInterval(this.#polling);
		this.#polling = null;
	}

	#newTrace(): void {
		this.#trace = new Trace(this.#now);
		this.#notify();
	}

	#record(event: TraceEventInput): void {
		this.#trace.append(event);
		this.#notify();
	}

	#notify(): void {
		for (const listener of this.#listeners) listener();
	}
}
