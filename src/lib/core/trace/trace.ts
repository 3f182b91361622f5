import type { TraceEvent, TraceEventInput } from './types';

export type Listener = (event: TraceEvent, all: readonly TraceEvent[]) => void;

/**
 * An append-only event log. Time is `now() - start` in ms, so a trace always begins near 0;
 * `now` is injected (performance.now in the browser, a fake clock in tests).
 */
export class Trace {
	readonly #events: TraceEvent[] = [];
	readonly #listeners = new Set<Listener>();
	readonly #now: () => number;
	readonly #start: number;

	constructor(now: () => number = () => performance.now()) {
		this.#now = now;
		this.#start = now();
	}

	get events(): readonly TraceEvent[] {
		return this.#events;
	}

	append(input: TraceEventInput): TraceEvent {
		// Round to µs: more digits are noise from performance.now and bloat the file.
		const t = Math.round((this.#now() - this.#start) * 1000) / 1000;
		const event = { ...input, t } as TraceEvent;
		this.#events.push(event);
		for (const listener of this.#listeners) listener(event, this.#events);
		return event;
	}

	subscribe(listener: Listener): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}
}

/**
 * `events` is `seen` with events appended: how a view that keeps what it worked out tells a trace
 * that grew (a live trace and a replay only ever append) from one that started over (a reset, a
 * replay going back). Two ends compared, not every event: events are never changed in place.
 */
export function extendsTrace(seen: readonly TraceEvent[], events: readonly TraceEvent[]): boolean {
	if (events.length < seen.length) return false;
	if (seen.length === 0) return true;
	return events[0] === seen[0] && events[seen.length - 1] === seen[seen.length - 1];
}
