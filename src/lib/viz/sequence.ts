/**
 * The sequence diagram's layout: lanes across, one row per drawn item in trace order (what each
 * event draws is sequence-items.ts). A trace only grows, by a few events per animation frame, so
 * the layouter keeps what it has laid out and places only the new events' items; the items and
 * the blocks it kept stay the same objects, so a view keyed on them redraws nothing old.
 */
import { scalePoint } from 'd3-scale';
import { extendsTrace } from '$lib/core/trace/trace';
import type { TraceEvent } from '$lib/core/trace/types';
import {
	draw,
	LANE_TITLES,
	LANES,
	LANES_WITH_SERVER,
	type Context,
	type Draft,
	type Item,
	type Lane
} from './sequence-items';

export { LANE_TITLES, LANES, LANES_WITH_SERVER } from './sequence-items';
export type { Item, Lane, Tone } from './sequence-items';

/**
 * A run of BLOCK_ROWS rows, drawn as an SVG of its own: when the diagram grows, only the last
 * block's SVG changes size. (Chromium lays out every child of an SVG again when the SVG's size
 * changes: about 8 ms per frame with 237 items, in the replay of 200 candidates.)
 */
export interface Block {
	/** The block's number, from the top; stable, for keyed views. */
	key: number;
	/** Where the block starts and how tall it is, in the diagram's coordinates. */
	top: number;
	height: number;
	items: Item[];
}

export interface Layout {
	width: number;
	height: number;
	lanes: { lane: Lane; x: number; title: string }[];
	items: Item[];
	/** The items in blocks of BLOCK_ROWS rows, top to bottom; at least one, even when empty. */
	blocks: Block[];
}

export const ROW = 26;
const TOP = 16;
export const BLOCK_ROWS = 32;

/**
 * The items in blocks. Blocks before the last one that end before `changedFrom` (the first row
 * that is new or redrawn) are the previous objects.
 */
function blocksOf(items: Item[], height: number, previous: Block[], changedFrom: number): Block[] {
	const count = Math.max(1, Math.ceil(items.length / BLOCK_ROWS));
	const blocks: Block[] = [];
	for (let b = 0; b < count; b++) {
		const kept = previous[b];
		if (kept && b < previous.length - 1 && (b + 1) * BLOCK_ROWS <= changedFrom) {
			blocks.push(kept);
			continue;
		}
		// Rows are centred on TOP + row × ROW; a block's edges fall half a row either side.
		const top = b === 0 ? 0 : TOP + b * BLOCK_ROWS * ROW - ROW / 2;
		const bottom = b === count - 1 ? height : TOP + (b + 1) * BLOCK_ROWS * ROW - ROW / 2;
		blocks.push({
			key: b,
			top,
			height: bottom - top,
			items: items.slice(b * BLOCK_ROWS, (b + 1) * BLOCK_ROWS)
		});
	}
	return blocks;
}

/** Which lanes there are: the server's once ICE servers are configured or its log was read. */
function flagsOf(events: readonly TraceEvent[], from: number, before: Flags): Flags {
	let { observed, server } = before;
	for (let i = from; i < events.length && !(observed && server); i++) {
		const e = events[i];
		if (e?.type === 'server-log') observed = true;
		else if (e?.type === 'peer-created' && e.configuration.iceServers.length > 0) server = true;
	}
	return { observed, server: server || observed };
}

type Flags = Pick<Context, 'server' | 'observed'>;
const NO_FLAGS: Flags = { server: false, observed: false };

/**
 * A layout function with memory: given the trace it saw last time plus new events (and the same
 * width), it draws only the new events. It starts over when the trace is not an extension of the
 * last one (a reset, a replay going back), when the width changes, or when the lanes change (the
 * server's lane appears, or its log replaces what was inferred). A server-log event that no
 * candidate explains yet is drawn again when a candidate or candidate error arrives.
 */
export function sequenceLayouter(): (events: readonly TraceEvent[], width: number) => Layout {
	let seen: readonly TraceEvent[] = [];
	let seenWidth = NaN;
	let flags = NO_FLAGS;
	let x = scalePoint<Lane>();
	let lanes: Layout['lanes'] = [];
	let items: Item[] = [];
	/** Server-log events drawn on the server's lane for want of a peer: event index → item index. */
	let unattributed = new Map<number, number>();
	let layout: Layout | null = null;

	const place = (d: Draft, index: number, n: number, row: number): Item => ({
		...d,
		key: `${index}.${n}`,
		index,
		x1: x(d.from) ?? 0,
		x2: x(d.to) ?? 0,
		y: TOP + row * ROW
	});

	return (events, width) => {
		let grown = width === seenWidth && extendsTrace(seen, events);
		if (grown && layout && events.length === seen.length) return layout;
		let next = flagsOf(events, grown ? seen.length : 0, grown ? flags : NO_FLAGS);
		if (grown && (next.server !== flags.server || next.observed !== flags.observed)) {
			grown = false;
			next = flagsOf(events, 0, NO_FLAGS);
		}
		const from = grown ? seen.length : 0;
		if (!grown) {
			const laneList = next.server ? LANES_WITH_SERVER : LANES;
			x = scalePoint<Lane>().domain(laneList).range([0, width]).padding(0.5);
			lanes = laneList.map((lane) => ({ lane, x: x(lane) ?? 0, title: LANE_TITLES[lane] }));
			items = [];
			unattributed = new Map();
		} else items = items.slice();
		seen = events;
		seenWidth = width;
		flags = next;

		const context: Context = { events, ...flags };
		let changedFrom = grown ? items.length : 0;
		let candidates = false;
		for (let index = from; index < events.length; index++) {
			const event = events[index] as TraceEvent;
			if (event.type === 'ice-candidate' || event.type === 'ice-candidate-error') candidates = true;
			const drawn = draw(event, context);
			if (!drawn) continue;
			const drafts = Array.isArray(drawn) ? drawn : [drawn];
			if (event.type === 'server-log' && drafts[0]?.kind === 'mark')
				unattributed.set(index, items.length);
			for (const [n, d] of drafts.entries()) items.push(place(d, index, n, items.length));
		}
		// A server event drawn before the candidate that names its peer: one item either way, so
		// it is redrawn in its row and nothing below it moves.
		if (from > 0 && candidates)
			for (const [index, at] of unattributed) {
				const d = draw(events[index] as TraceEvent, context);
				const draft = Array.isArray(d) ? d[0] : d;
				if (!draft || draft.kind === 'mark') continue;
				items[at] = place(draft, index, 0, at);
				unattributed.delete(index);
				changedFrom = Math.min(changedFrom, at);
			}

		const height = TOP + Math.max(items.length, 1) * ROW + ROW / 2;
		const blocks = blocksOf(items, height, grown ? (layout?.blocks ?? []) : [], changedFrom);
		layout = { width, height, lanes, items, blocks };
		return layout;
	};
}

/** Lays out the trace as a sequence diagram: one row per drawn item, in trace order. */
export function layoutSequence(events: readonly TraceEvent[], width: number): Layout {
	return sequenceLayouter()(events, width);
}
