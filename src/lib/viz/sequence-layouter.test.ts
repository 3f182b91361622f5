import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TraceEvent, TraceFile } from '$lib/core/trace/types';
import { BLOCK_ROWS, layoutSequence, sequenceLayouter } from './sequence';
import { aliceSrflx, aliceWithStun } from '$lib/core/ice/stun-run.fixture';

const recording = (path: string) => (JSON.parse(readFileSync(path, 'utf8')) as TraceFile).events;

const withServer: TraceEvent[] = [
	aliceWithStun,
	{ t: 1, type: 'api-call', peer: 'alice', method: 'setLocalDescription', phase: 'resolve' },
	// The server's log read before the browser reported the candidate that names its client.
	{ t: 5, type: 'server-log', method: 'BINDING', outcome: 'success', client: '127.0.0.1:35044' },
	{ t: 8, type: 'state-change', peer: 'alice', machine: 'iceGathering', value: 'gathering' },
	aliceSrflx,
	{ t: 20, type: 'state-change', peer: 'alice', machine: 'iceGathering', value: 'complete' }
];

describe('the sequence layout as the trace grows', () => {
	it('equals a fresh layout after every event of real recordings', () => {
		for (const path of [
			'static/traces/mdns-host-candidates.trace.json',
			'tests/fixtures/traces/many-candidates.trace.json'
		]) {
			const events = recording(path);
			const layout = sequenceLayouter();
			for (let n = 0; n <= events.length; n++)
				expect(layout(events.slice(0, n), 640), `${path}, ${n} events`).toEqual(
					layoutSequence(events.slice(0, n), 640)
				);
		}
	});

	it('keeps the items it had: the same objects, with the new ones after them', () => {
		const events = recording('static/traces/mdns-host-candidates.trace.json');
		const layout = sequenceLayouter();
		const before = layout(events.slice(0, 30), 640);
		const after = layout(events.slice(0, 40), 640);
		expect(after.items.length).toBeGreaterThan(before.items.length);
		before.items.forEach((item, i) => expect(after.items[i]).toBe(item));
		expect(after.lanes).toBe(before.lanes);
		// Nothing new: the very same layout.
		expect(layout(events.slice(0, 40), 640)).toBe(after);
	});

	it('starts over on a reset, a step back, or a new width', () => {
		const events = recording('static/traces/mdns-host-candidates.trace.json');
		const layout = sequenceLayouter();
		layout(events.slice(0, 50), 640);
		expect(layout(events.slice(0, 20), 640)).toEqual(layoutSequence(events.slice(0, 20), 640));
		expect(layout(events.slice(0, 20), 900)).toEqual(layoutSequence(events.slice(0, 20), 900));
		const other = events.slice(0, 25).map((e) => ({ ...e }));
		expect(layout(other, 900)).toEqual(layoutSequence(other, 900));
	});

	it('draws a server event again once a later candidate names its peer', () => {
		const layout = sequenceLayouter();
		const early = layout(withServer.slice(0, 4), 800);
		expect(early.items.find((i) => i.index === 2)).toMatchObject({ kind: 'mark', from: 'server' });
		const later = layout(withServer, 800);
		expect(later).toEqual(layoutSequence(withServer, 800));
		expect(later.items.find((i) => i.index === 2)).toMatchObject({
			kind: 'arrow',
			from: 'server',
			to: 'alice',
			description: 'BINDING succeeded for Alice, observed at the server'
		});
	});

	it("redraws everything when the server's lane appears or its log replaces what was inferred", () => {
		const [created, call, , , candidate, complete] = withServer as [TraceEvent, ...TraceEvent[]];
		const trace = [call!, created, candidate!, complete!];
		const layout = sequenceLayouter();
		expect(layout(trace.slice(0, 1), 800).lanes.map((l) => l.lane)).toEqual([
			'alice',
			'bus',
			'bob'
		]);
		const guessed = layout(trace, 800);
		expect(guessed).toEqual(layoutSequence(trace, 800));
		expect(guessed.lanes.map((l) => l.lane)).toEqual(['alice', 'bus', 'server', 'bob']);
		expect(guessed.items.some((i) => i.inferred)).toBe(true);
		const log: TraceEvent = { t: 30, type: 'server-log', method: 'BINDING', outcome: 'success' };
		const observed = layout([...trace, log], 800);
		expect(observed).toEqual(layoutSequence([...trace, log], 800));
		expect(observed.items.some((i) => i.inferred)).toBe(false);
	});

	it('cuts the rows into blocks that stack without gaps, the last one to the bottom', () => {
		const events = recording('tests/fixtures/traces/many-candidates.trace.json');
		const { items, blocks, height } = layoutSequence(events, 640);
		expect(blocks.length).toBe(Math.ceil(items.length / BLOCK_ROWS));
		expect(blocks.flatMap((b) => b.items)).toEqual(items);
		expect(blocks[0]?.top).toBe(0);
		blocks.forEach((b, i) => {
			expect(b.items.length).toBeLessThanOrEqual(BLOCK_ROWS);
			const next = blocks[i + 1];
			expect(b.top + b.height).toBe(next ? next.top : height);
			// Each row, with its 22 px hit area, lies inside its block.
			for (const item of b.items) {
				expect(item.y - 11).toBeGreaterThanOrEqual(b.top);
				expect(item.y + 11).toBeLessThanOrEqual(b.top + b.height);
			}
		});
		expect(layoutSequence([], 640).blocks).toEqual([
			{ key: 0, top: 0, height: layoutSequence([], 640).height, items: [] }
		]);
	});

	it('keeps the full blocks above the newest rows, and rebuilds a block whose item is redrawn', () => {
		const events = recording('tests/fixtures/traces/many-candidates.trace.json');
		const layout = sequenceLayouter();
		const before = layout(events.slice(0, 150), 640);
		const after = layout(events.slice(0, 160), 640);
		expect(before.blocks.length).toBeGreaterThan(2);
		before.blocks.slice(0, -1).forEach((b, i) => expect(after.blocks[i]).toBe(b));
		expect(after.blocks.at(-1)).not.toBe(before.blocks.at(-1));

		const [created, call, log, gathering, candidate] = withServer as [TraceEvent, ...TraceEvent[]];
		const filler = Array.from({ length: BLOCK_ROWS + 5 }, (_, i): TraceEvent => ({
			...(gathering as TraceEvent),
			t: 9 + i / 100
		}));
		const trace = [created, call!, log!, ...filler];
		const server = sequenceLayouter();
		const early = server(trace, 800);
		const late = server([...trace, candidate!], 800);
		expect(late).toEqual(layoutSequence([...trace, candidate!], 800));
		expect(late.blocks[0]).not.toBe(early.blocks[0]);
		expect(late.blocks[0]?.items.find((i) => i.index === 2)?.kind).toBe('arrow');
	});
});
