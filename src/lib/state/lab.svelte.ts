import { initialFacts } from '$lib/core/handshake/facts';
import { plan, type Outcome, type Outlook } from '$lib/core/handshake/plan';
import type { ReplayPlayer } from '$lib/core/replay/player';
import { heldMessages } from '$lib/core/trace/fold';
import type { PeerConnectionFactory } from '$lib/core/peers/types';
import { Session, type SessionCommand } from '$lib/core/session';
import type { BusMessage } from '$lib/core/signaling/bus.machine';
import { HttpServerLog } from './local-servers';
import type { TraceEvent, TraceFile } from '$lib/core/trace/types';
import { DEFAULT_SETTINGS, type LabSettings } from '$lib/core/settings';
import {
	iceSettingsOf,
	type CustomServer,
	type IceChoice,
	type LocalServers
} from '$lib/core/ice/servers';

/** Trace files and replay, loaded on first use (see trace-files.ts). */
const traceFiles = () => import('./trace-files');

/** The trace-files module, or null after telling `fail` why it did not arrive. */
async function loadTraceFiles(
	what: string,
	fail: (message: string) => void
): Promise<Awaited<ReturnType<typeof traceFiles>> | null> {
	try {
		return await traceFiles();
	} catch (e) {
		const reason = e instanceof Error ? e.message : String(e);
		fail(`${what} could not be loaded (${reason}). Check the connection, then try again.`);
		return null;
	}
}

/** While a live session plays, how late its views may be at most, in ms (see #schedule). */
const PLAYING_CATCH_UP_MS = 250;
/**
 * How soon the controls answer Play, in ms: within 100 ms a response reads as instant (the RAIL
 * model's response budget). See `command`.
 */
const PLAY_RESPONSE_MS = 100;

/** What comes next, for the views: a live plan's step or a recording's next step. */
export interface ViewOutlook {
	/** The id of the next step; null once the handshake (or the recording) has ended. */
	next: string | null;
	text: string;
	outcome: Outcome | 'recording-ended' | null;
}

const fromPlan = (o: Outlook): ViewOutlook =>
	o.step
		? { next: o.step.id, text: o.text, outcome: null }
		: { next: null, text: o.text, outcome: o.outcome };

/** The recording being replayed: named as such on the page, never passed off as live. */
export interface Recording {
	name: string;
	recordedAt: string;
	userAgent: string;
}

/**
 * The lab's state as runes: a read-only mirror of one Session (or, for a recording, of a replay
 * player), refreshed on every change. Views read this and send commands back through it; they
 * never touch a connection.
 */
export class LabState {
	events = $state.raw<readonly TraceEvent[]>([]);
	outlook = $state.raw<ViewOutlook>(fromPlan(plan(initialFacts())));
	/** Set while a recorded trace is replayed instead of live peers. */
	recording = $state.raw<Recording | null>(null);
	/** Why the last imported file could not be replayed (the session was left as it was). */
	importError = $state<string | null>(null);
	/** Why Export trace could not make the file (its code did not load). */
	exportError = $state<string | null>(null);
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
	#player: ReplayPlayer | null = null;
	#file: TraceFile | null = null;
	#unsubscribePlayer: (() => void) | null = null;

	constructor(factory: PeerConnectionFactory) {
		this.#session = new Session({ factory });
		this.#session.subscribe(() => this.#schedule());
		this.#sync();
	}

	#frame = 0;
	#timer: ReturnType<typeof setTimeout> | null = null;
	/**
	 * Views catch up once per animation frame, not once per event: WebRTC reports each event in
	 * its own task, and re-rendering after every one of them slowed the real handshake down
	 * (measured: 146 ms median Play → connected, against about 20 ms for two bare connections).
	 * While a live session plays, they catch up less often still: a frame's rendering makes the
	 * browser's next WebRTC event wait, and Play's whole handshake takes a few frames, so
	 * rendering each of them would slow down what the lab measures and shows.
	 */
	#schedule(): void {
		if (this.#livePlaying()) {
			if (!this.#timer)
				this.#timer = setTimeout(() => {
					this.#timer = null;
					this.#sync();
				}, PLAYING_CATCH_UP_MS);
			return;
		}
		// Stopped, paused or at a breakpoint: show it on the next frame.
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = null;
		if (this.#frame) return;
		this.#frame = requestAnimationFrame(() => {
			this.#frame = 0;
			// Play began after this frame was asked for (its own new trace asks for one).
			if (this.#livePlaying()) this.#schedule();
			else this.#sync();
		});
	}

	#livePlaying(): boolean {
		return !this.#player && this.#session.handshake.getSnapshot().context.playing;
	}

	/** `views: false` updates the controls and the outlook only; the trace's views wait. */
	#sync(views = true): void {
		if (this.#player) return this.#syncReplay(this.#player);
		this.#walk();
		const snapshot = this.#session.handshake.getSnapshot();
		const { facts, playing } = snapshot.context;
		if (views) {
			this.events = this.#session.trace.events.slice();
			this.held = this.#session.bus.getSnapshot().context.held;
		}
		this.outlook = fromPlan(plan(facts));
		this.started = !snapshot.matches('idle');
		this.playing = playing;
		this.busy = snapshot.matches({ running: 'busy' });
		if (this.selected !== null && this.selected >= this.events.length) this.selected = null;
	}

	/** A step to walk to (goto), taken one real step at a time. */
	#target: string | null = null;

	/** Takes steps until `step` has been taken (from the start again if it was already passed). */
	goto(step: string): void {
		if (this.#player) {
			this.#player.goto(step);
			return this.#sync();
		}
		if (this.#taken().includes(step)) this.#session.command('reset');
		this.#target = step;
		this.#walk();
	}

	#taken(): string[] {
		return this.#session.trace.events.flatMap((e) => (e.type === 'step' ? [e.id] : []));
	}

	#walk(): void {
		const target = this.#target;
		if (!target) return;
		const snapshot = this.#session.handshake.getSnapshot();
		if (snapshot.matches({ running: 'busy' }) || snapshot.context.playing) return;
		const next = plan(snapshot.context.facts).step;
		if (this.#taken().includes(target) || !next) this.#target = null;
		else this.#session.command('next');
	}

	#syncReplay(player: ReplayPlayer): void {
		this.events = player.events;
		const next = player.nextStep;
		this.outlook = next
			? { next: next.id, text: next.text, outcome: null }
			: { next: null, text: 'End of the recording.', outcome: 'recording-ended' };
		this.held = heldMessages(player.events);
		this.started = player.shown > 0;
		this.playing = player.playing;
		this.busy = false;
		if (this.selected !== null && this.selected >= this.events.length) this.selected = null;
	}

	/**
	 * Replays a trace file instead of live peers. A file that is not a valid trace changes
	 * nothing: the message says what is wrong and the session stays as it was.
	 */
	async importTrace(text: string): Promise<boolean> {
		const files = await loadTraceFiles('The trace reader', (error) => (this.importError = error));
		if (!files) return false;
		const parsed = files.parseTrace(text);
		if (!parsed.ok) {
			this.importError = `This file cannot be replayed: ${parsed.error}`;
			return false;
		}
		this.#replay(parsed.file, files.ReplayPlayer);
		return true;
	}

	#replay(file: TraceFile, Player: typeof ReplayPlayer): void {
		this.#session.command('reset');
		this.#stopReplay();
		this.importError = null;
		this.selected = null;
		this.#file = file;
		this.#player = new Player(file.events);
		this.#unsubscribePlayer = this.#player.subscribe(() => this.#schedule());
		this.recording = { name: file.name, recordedAt: file.recordedAt, userAgent: file.userAgent };
		this.#sync();
	}

	/** Back to live peers. */
	leaveRecording(): void {
		this.#stopReplay();
		this.recording = null;
		this.selected = null;
		this.#sync();
	}

	#stopReplay(): void {
		this.#unsubscribePlayer?.();
		this.#player?.dispose();
		this.#player = null;
		this.#file = null;
		this.#unsubscribePlayer = null;
	}

	/** Steps auto mode stops before (a lesson's predictions); Next step still takes them. */
	breakAt(steps: string[]): void {
		this.#session.breakAt(steps);
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
		if (this.#player) {
			const player = this.#player;
			if (command === 'start' || command === 'next') player.next();
			else if (command === 'play') player.play();
			else if (command === 'pause') player.pause();
			else player.reset();
			this.#sync();
			return;
		}
		if (command === 'reset') {
			this.#target = null;
			this.selected = null;
			void this.#serverLog?.arm();
		}
		this.#session.command(command);
		// Play shows on the controls within PLAY_RESPONSE_MS, not in the click itself: any change
		// to the page makes the browser render a frame of the whole lab, and during the few ms a
		// Play handshake takes that frame delays the browser's next WebRTC event (measured: Play →
		// connected 6.5 ms slower, 37.4 against 30.9 ms, with the controls updated in the click).
		// A handshake that is over by then shows its end instead; the views follow (#schedule).
		if (command === 'play' && this.#livePlaying()) {
			this.#response ??= setTimeout(() => {
				this.#response = null;
				if (this.#livePlaying()) this.#sync(false);
			}, PLAY_RESPONSE_MS);
			this.#schedule();
		} else this.#sync();
	}

	#response: ReturnType<typeof setTimeout> | null = null;

	/**
	 * Space's play/pause: asks the session or the recording itself whether it plays, since the
	 * controls may not show a Play of a moment ago yet.
	 */
	togglePlay(): void {
		const playing = this.#player ? this.#player.playing : this.#livePlaying();
		this.command(playing ? 'pause' : 'play');
	}

	// What the user just did shows at once; only the browser's own events wait for a frame.
	deliver(id: number): void {
		if (this.#player) return;
		this.#session.deliver(id);
		this.#sync();
	}

	drop(id: number): void {
		if (this.#player) return;
		this.#session.drop(id);
		this.#sync();
	}

	/**
	 * The current trace as a file, with its download name: redacted unless asked otherwise
	 * (addresses and credentials are personal data). A recording exports as it was recorded.
	 */
	async exportTrace(redact = true): Promise<{ fileName: string; text: string } | null> {
		const files = await loadTraceFiles('The trace writer', (error) => (this.exportError = error));
		if (!files) return null;
		this.exportError = null;
		if (this.#file) {
			const file = redact ? files.redactTrace(this.#file).file : this.#file;
			return { fileName: files.traceFileName(this.#file.name), text: files.serializeTrace(file) };
		}
		return files.exportTrace(this.events, navigator.userAgent, { redact });
	}

	dispose(): void {
		this.#stopReplay();
		cancelAnimationFrame(this.#frame);
		if (this.#timer) clearTimeout(this.#timer);
		if (this.#response) clearTimeout(this.#response);
		this.#session.dispose();
	}
}
