/**
 * The replay player: a recorded trace (*.trace.json) revealed event by event, so that the same
 * views that render a live session render a recording. It never touches a connection; it only
 * decides how many of the recorded events are shown.
 *
 * Two ways through a recording:
 * - `next()` reveals one step of the recorded handshake: the next `step` event and everything the
 *   browser reported until the step after it, as the live lab's `Next step` does;
 * - `play()` reveals the events one by one, on the recording's own timestamps stretched so that a
 *   person can follow (a real handshake takes about 20 ms): each gap is `gap × stretch`, clamped to
 *   `[minGapMs, maxGapMs]`.
 */
import type { StepEvent, TraceEvent } from '../trace/types';

export interface ReplayOptions {
	/** real gaps are stretched so a person can follow: gap × stretch, clamped */
	stretch?: number /* default 20 */;
	minGapMs?: number /* 40 */;
	maxGapMs?: number /* 900 */;
	schedule?: (fn: () => void, ms: number) => unknown;
	cancel?: (handle: unknown) => void /* default setTimeout/clearTimeout */;
}

export const DEFAULT_STRETCH = 20;
export const DEFAULT_MIN_GAP_MS = 40;
export const DEFAULT_MAX_GAP_MS = 900;

const defaultSchedule = (fn: () => void, ms: number): unknown => setTimeout(fn, ms);
const defaultCancel = (handle: unknown): void =>
	clearTimeout(handle as ReturnType<typeof setTimeout>);

function isStep(event: TraceEvent | undefined): event is StepEvent {
	return event?.type === 'step';
}

function checkOption(name: string, value: number): number {
	if (!Number.isFinite(value) || value < 0)
		throw new RangeError(`ReplayOptions.${name}: expected a finite number >= 0, got ${value}`);
	return value;
}

export class ReplayPlayer {
	readonly total: number;

	readonly #all: readonly TraceEvent[];
	readonly #stretch: number;
	readonly #minGap: number;
	readonly #maxGap: number;
	readonly #schedule: (fn: () => void, ms: number) => unknown;
	readonly #cancel: (handle: unknown) => void;
	readonly #listeners = new Set<() => void>();

	#shown = 0;
	#playing = false;
	#disposed = false;
	/** The pending reveal while playing; `#timer` tells a stale callback from the current one. */
	#handle: unknown = null;
	#timer = 0;
	/** The revealed prefix, made once per change so views can compare it by identity. */
	#prefix: readonly TraceEvent[] = [];

	constructor(events: readonly TraceEvent[], options: ReplayOptions = {}) {
		// A copy: the recording must not change under the player.
		this.#all = [...events];
		this.total = this.#all.length;
		this.#stretch = checkOption('stretch', options.stretch ?? DEFAULT_STRETCH);
		this.#minGap = checkOption('minGapMs', options.minGapMs ?? DEFAULT_MIN_GAP_MS);
		this.#maxGap = checkOption('maxGapMs', options.maxGapMs ?? DEFAULT_MAX_GAP_MS);
		if (this.#minGap > this.#maxGap)
			throw new RangeError(
				`ReplayOptions: minGapMs (${this.#minGap}) is greater than maxGapMs (${this.#maxGap})`
			);
		this.#schedule = options.schedule ?? defaultSchedule;
		this.#cancel = options.cancel ?? defaultCancel;
	}

	/** How many events are revealed. */
	get shown(): number {
		return this.#shown;
	}

	/** The revealed prefix of the recording. */
	get events(): readonly TraceEvent[] {
		return this.#prefix;
	}

	get playing(): boolean {
		return this.#playing;
	}

	/** Every event is revealed (at once for an empty recording). */
	get done(): boolean {
		return this.#shown >= this.total;
	}

	/** The step event (type 'step') that comes next, if any: its text is the "next step" sentence. */
	get nextStep(): StepEvent | null {
		const index = this.#stepIndexFrom(this.#shown);
		const event = this.#all[index];
		return isStep(event) ? event : null;
	}

	/**
	 * Reveals exactly one step of the recorded handshake: the next 'step' event and every event up
	 * to (not including) the step event after it; after the last step, the rest. Stops playing.
	 */
	next(): void {
		if (this.#disposed) return;
		const step = this.#stepIndexFrom(this.#shown);
		this.#jump(this.#stepIndexFrom(step + 1));
	}

	/** Reveals the events one after another on the stretched time scale until done. */
	play(): void {
		if (this.#disposed || this.#playing || this.done) return;
		this.#playing = true;
		this.#arm();
		this.#notify();
	}

	/** Stops playing; what is revealed stays revealed. */
	pause(): void {
		if (this.#disposed || !this.#playing) return;
		this.#stop();
		this.#notify();
	}

	/** Back to nothing shown. Stops playing. */
	reset(): void {
		if (this.#disposed) return;
		this.#jump(0);
	}

	/**
	 * Reveals through the first step with that id: the step event and every event up to the next
	 * step event (for embeds' `goto`). It may go back as well as forward. Stops playing. An id the
	 * recording does not have changes nothing.
	 */
	goto(stepId: string): void {
		if (this.#disposed) return;
		const step = this.#all.findIndex((e) => isStep(e) && e.id === stepId);
		if (step < 0) return;
		this.#jump(this.#stepIndexFrom(step + 1));
	}

	/** Called after every change of what is shown or of `playing`. Returns the unsubscribe. */
	subscribe(listener: () => void): () => void {
		this.#listeners.add(listener);
		return () => {
			this.#listeners.delete(listener);
		};
	}

	/** Stops playing for good and forgets the listeners; every later command does nothing. */
	dispose(): void {
		this.#stop();
		this.#disposed = true;
		this.#listeners.clear();
	}

	/** Index of the first step event at or after `from`, or `total` if there is none. */
	#stepIndexFrom(from: number): number {
		for (let i = from; i < this.total; i++) if (isStep(this.#all[i])) return i;
		return this.total;
	}

	/** The stretched, clamped wait before event `index` is revealed. */
	#gapBefore(index: number): number {
		const t = this.#all[index]?.t ?? 0;
		// The first event is timed from the start of the session, t = 0.
		const previous = index > 0 ? (this.#all[index - 1]?.t ?? 0) : 0;
		const gap = (t - previous) * this.#stretch;
		if (!Number.isFinite(gap)) return this.#minGap;
		return Math.min(this.#maxGap, Math.max(this.#minGap, gap));
	}

	#arm(): void {
		const timer = ++this.#timer;
		this.#handle = this.#schedule(() => this.#tick(timer), this.#gapBefore(this.#shown));
	}

	#tick(timer: number): void {
		// A callback cancelled too late (or a schedule whose cancel cannot) must not reveal.
		if (timer !== this.#timer || !this.#playing || this.#disposed) return;
		this.#handle = null;
		this.#setShown(this.#shown + 1);
		if (this.done) this.#playing = false;
		// Armed before the listeners run, so a listener that pauses cancels the next reveal.
		else this.#arm();
		this.#notify();
	}

	#stop(): void {
		if (this.#handle !== null) this.#cancel(this.#handle);
		this.#handle = null;
		this.#timer++;
		this.#playing = false;
	}

	#setShown(shown: number): void {
		const next = Math.max(0, Math.min(this.total, shown));
		if (next === this.#shown) return;
		this.#shown = next;
		this.#prefix = this.#all.slice(0, next);
	}

	/** Stops playing and shows `shown` events; tells the listeners if anything changed. */
	#jump(shown: number): void {
		const before = { shown: this.#shown, playing: this.#playing };
		this.#stop();
		this.#setShown(shown);
		if (before.shown !== this.#shown || before.playing !== this.#playing) this.#notify();
	}

	#notify(): void {
		for (const listener of [...this.#listeners]) listener();
	}
}
