import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '$lib/core/trace/types';
import { layoutSequence } from './sequence';
import { aliceSrflx, aliceWithStun } from '$lib/core/ice/stun-run.fixture';

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

describe('the STUN/TURN server lane', () => {
	const base: TraceEvent[] = [aliceWithStun, aliceSrflx];

	it('appears with ICE servers, between the bus and Bob', () => {
		expect(layoutSequence(base, 800).lanes.map((l) => l.lane)).toEqual([
			'alice',
			'bus',
			'server',
			'bob'
		]);
		expect(layoutSequence(events, 800).lanes.map((l) => l.lane)).toEqual(['alice', 'bus', 'bob']);
	});

	it("infers a srflx candidate's Binding exchange, dashed, when the server's log is absent", () => {
		const items = layoutSequence(base, 800).items.filter((i) => i.index === 1);
		expect(items.map((i) => [i.from, i.to, i.inferred ?? false])).toEqual([
			['alice', 'server', true],
			['server', 'alice', true],
			['alice', 'alice', false]
		]);
		expect(items[1]?.label).toBe('Binding response: 127.0.0.1:35044');
		expect(new Set(items.map((i) => i.key)).size).toBe(3);
	});

	it('draws what the server observed instead, attributed to the peer it saw', () => {
		const observed: TraceEvent[] = [
			...base,
			{
				t: 300,
				type: 'server-log',
				method: 'BINDING',
				outcome: 'success',
				client: '127.0.0.1:35044'
			}
		];
		const items = layoutSequence(observed, 800).items;
		expect(items.some((i) => i.inferred)).toBe(false);
		expect(items.at(-1)).toMatchObject({
			from: 'server',
			to: 'alice',
			label: 'BINDING ✓',
			description: 'BINDING succeeded for Alice, observed at the server'
		});
	});
});
