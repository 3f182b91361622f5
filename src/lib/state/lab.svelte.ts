import { initialFacts } from '$lib/core/handshake/facts';
import { plan, type Outlook } from '$lib/core/handshake/plan';
import type { PeerConnectionFactory } from '$lib/core/peers/types';
import { Session, type SessionCommand } from '$lib/core/session';
import type { BusMessage } from '$lib/core/signaling/bus.machine';
import { exportTrace } from '$lib/core/trace/format';
import type { TraceEvent } from '$lib/core/trace/types';
import { DEFAULT_SETTINGS, type LabSettings } from '$lib/core/settings';

/**
 * The lab's state as runes: a read-only mirror of one Session, refreshed on every change.
 * Views read this and send commands back through it; they never touch a connection.
 */
export class LabState {
	events = $state.raw<readonly TraceEvent[]>([]);
	outlook = $state.raw<Outlook>(plan(initialFacts()));
	held = $state.raw<readonly BusMessage[]>([]);
	started = $state(false);
	playing = $state(false);
	busy = $state(false);
	settings = $state.raw<LabSettings>(DEFAULT_SETTINGS);
	/** Index of the selected trace event, shown in the Inspector. */
	selected = $state<number | null>(null);

	readonly #session: Session;

	constructor(factory: PeerConnectionFactory) {
		this.#session = new Session({ factory });
		this.#session.subscribe(() => this.#schedule());
		this.#sync();
	}

	#frame = 0;
	/**
	 * Views catch up once per animation frame, not once per event: WebRTC reports each event in
	 * its own task, and re-rendering after every one of them slowed the real handshake down
	 * (measured: 146 ms median Play → connected, against about 20 ms for two bare connections).
	 */
	#schedule(): void {
		if (this.#frame) return;
		this.#frame = requestAnimationFrame(() => {
			this.#frame = 0;
			this.#sync();
		});
	}

	#sync(): void {
		const snapshot = this.#session.handshake.getSnapshot();
		const { facts, playing } = snapshot.context;
		this.events = this.#session.trace.events.slice();
		this.outlook = plan(facts);
		this.held = this.#session.bus.getSnapshot().context.held;
		this.started = !snapshot.matches('idle');
		this.playing = playing;
		this.busy = snapshot.matches({ running: 'busy' });
		if (this.selected !== null && this.selected >= this.events.length) this.selected = null;
	}

	/** Changes the settings of the next session. */
	configure(change: Partial<LabSettings>): void {
		this.settings = { ...this.settings, ...change };
		this.#session.settings = this.settings;
	}

	command(command: SessionCommand): void {
		if (command === 'reset') this.selected = null;
		this.#session.command(command);
		this.#sync();
	}

	// What the user just did shows at once; only the browser's own events wait for a frame.
	deliver(id: number): void {
		this.#session.deliver(id);
		this.#sync();
	}

	drop(id: number): void {
		this.#session.drop(id);
		this.#sync();
	}

	/** The current trace as a file, with its download name. */
	exportTrace(): { fileName: string; text: string } {
		return exportTrace(this.events, navigator.userAgent);
	}

	dispose(): void {
		cancelAnimationFrame(this.#frame);
		this.#session.dispose();
	}
}
