import { initialFacts } from '$lib/core/handshake/facts';
import { plan, type Outlook } from '$lib/core/handshake/plan';
import type { PeerConnectionFactory } from '$lib/core/peers/types';
import { Session, type SessionCommand } from '$lib/core/session';
import type { BusMessage } from '$lib/core/signaling/bus.machine';
import { exportTrace } from '$lib/core/trace/format';
import { HttpServerLog } from './local-servers';
import type { TraceEvent } from '$lib/core/trace/types';
import { DEFAULT_SETTINGS, type LabSettings } from '$lib/core/settings';
import {
	iceSettingsOf,
	type CustomServer,
	type IceChoice,
	type LocalServers
} from '$lib/core/ice/servers';

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
	/** The `ICE servers` choice, and why it cannot be used (then Start waits). */
	ice = $state<IceChoice>('none');
	custom = $state<CustomServer>({ url: '', username: '', credential: '', relayOnly: false });
	settingsError = $state<string | null>(null);
	/** The dev/preview server's local coturn, or why there is none. */
	local = $state.raw<LocalServers | null>(null);
	localReason = $state('Looking for the local STUN/TURN server…');
	/** Index of the selected trace event, shown in the Inspector. */
	selected = $state<number | null>(null);

	readonly #session: Session;
	#serverLog: HttpServerLog | null = null;

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

	/** Chooses where candidates come from; a choice that cannot be used says why and keeps Start waiting. */
	chooseIce(choice: IceChoice, custom: Partial<CustomServer> = {}): void {
		this.ice = choice;
		this.custom = { ...this.custom, ...custom };
		const result = iceSettingsOf(choice, this.local, this.custom);
		this.settingsError = result.ok ? null : result.error;
		if (result.ok)
			this.configure({
				iceServers: result.iceServers,
				iceTransportPolicy: result.iceTransportPolicy
			});
		// With the local server, what it observed joins the trace.
		const log = choice === 'local-stun' || choice === 'local-turn' ? this.local?.log : undefined;
		this.#serverLog = log ? new HttpServerLog(log) : null;
		this.#session.serverLog = this.#serverLog;
		void this.#serverLog?.arm();
	}

	setLocalServers(local: LocalServers | null, reason: string): void {
		this.local = local;
		this.localReason = reason;
		this.chooseIce(this.ice);
	}

	command(command: SessionCommand): void {
		if (command === 'reset') {
			this.selected = null;
			void this.#serverLog?.arm();
		}
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
