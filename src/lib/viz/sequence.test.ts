import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '$lib/core/trace/types';
import { layoutSequence } from './sequence';

const events: TraceEvent[] = [
	{ t: 0, type: 'api-call', peer: 'alice', method: 'createOffer', phase: 'start' },
	{ t: 1, type: 'api-call', peer: 'alice', method: 'createOffer', phase: 'resolve' },
	{ t: 2, type: 'bus-message', id: 1, from: 'alice', to: 'bob', kind: 'offer', phase: 'sent' },
	{ t: 3, type: 'bus-message', id: 1, from: 'alice', to: 'bob', kind: 'offer', phase: 'delivered' },
	{
		t: 4,
		type: 'bus-message',
		id: 2,
		from: 'bob',
		to: 'alice',
		kind: 'candidate',
		phase: 'dropped'
	},
	{ t: 5, type: 'data-channel', peer: 'bob', label: 'chat', phase: 'message', data: 'hi' },
	{ t: 6, type: 'step', id: 'bob.echo', text: 'Bob echoes' }
];

describe('sequence layout', () => {
	const layout = layoutSequence(events, 600);
	const x = Object.fromEntries(layout.lanes.map((l) => [l.lane, l.x]));

	it('puts the lanes Alice | Signaling bus | Bob left to right', () => {
		expect(layout.lanes.map((l) => l.title)).toEqual(['Alice', 'Signaling bus', 'Bob']);
		expect(x.alice).toBeLessThan(x.bus!);
		expect(x.bus).toBeLessThan(x.bob!);
	});

	it("draws a call once, when it settles, and skips the lab's own step events", () => {
		expect(layout.items.map((i) => i.index)).toEqual([1, 2, 3, 4, 5]);
		expect(layout.items[0]).toMatchObject({
			kind: 'mark',
			from: 'alice',
			label: 'createOffer() ✓'
		});
	});

	it('sends to the bus, delivers from the bus, drops on the bus, and sends data past it', () => {
		const [, sent, delivered, dropped, data] = layout.items;
		expect(sent).toMatchObject({ kind: 'arrow', x1: x.alice, x2: x.bus });
		expect(delivered).toMatchObject({ kind: 'arrow', x1: x.bus, x2: x.bob });
		expect(dropped).toMatchObject({ kind: 'mark', from: 'bus', tone: 'drop' });
		expect(data).toMatchObject({ kind: 'arrow', x1: x.alice, x2: x.bob, tone: 'data' });
	});

	it('gives each drawn event its own row, in trace order', () => {
		const ys = layout.items.map((i) => i.y);
		expect(new Set(ys).size).toBe(ys.length);
		expect([...ys].sort((a, b) => a - b)).toEqual(ys);
		expect(layout.height).toBeGreaterThan(ys.at(-1)!);
	});
});
