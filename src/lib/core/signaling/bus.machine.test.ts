import { describe, expect, it } from 'vitest';
import { createActor, SimulatedClock } from 'xstate';
import { busMachine, type BusEmitted, type BusInput } from './bus.machine';
import type { MessageKind, PeerName } from '../trace/types';

function start(input?: BusInput) {
	const clock = new SimulatedClock();
	const actor = createActor(busMachine, { input, clock });
	const emitted: BusEmitted[] = [];
	actor.on('*', (event) => emitted.push(event));
	actor.start();
	const send = (
		kind: MessageKind = 'offer',
		payload: unknown = { kind },
		from: PeerName = 'alice'
	) =>
		actor.send({ type: 'bus.send', from, to: from === 'alice' ? 'bob' : 'alice', kind, payload });
	/** The emitted events so far, as `type:id`, and forget them. */
	const take = () => emitted.splice(0).map((e) => `${e.type}:${e.message.id}`);
	const heldIds = () => actor.getSnapshot().context.held.map((m) => m.id);
	return { actor, clock, emitted, send, take, heldIds };
}

describe('bus in step mode', () => {
	it('starts in step mode with no delay when given no input', () => {
		const { actor } = start();
		const { mode, delayMs, held, nextId } = actor.getSnapshot().context;
		expect({ mode, delayMs, held, nextId }).toEqual({
			mode: 'step',
			delayMs: 0,
			held: [],
			nextId: 1
		});
	});

	it('holds every sent message and emits sent, with ids from 1', () => {
		const { actor, send, take, heldIds, emitted } = start();
		const payload = { sdp: 'v=0' };
		send('offer', payload);
		expect(emitted[0]).toEqual({
			type: 'sent',
			message: { id: 1, from: 'alice', to: 'bob', kind: 'offer', payload }
		});
		expect(emitted[0]?.message.payload).toBe(payload);
		send('candidate', 'c1', 'bob');
		expect(take()).toEqual(['sent:1', 'sent:2']);
		expect(heldIds()).toEqual([1, 2]);
		expect(actor.getSnapshot().context.held[1]).toMatchObject({
			from: 'bob',
			to: 'alice',
			kind: 'candidate',
			payload: 'c1'
		});
	});

	it('delivers the oldest held message when no id is given', () => {
		const { actor, send, take, heldIds, emitted } = start();
		send('offer', 'o');
		send('candidate', 'c');
		take();
		actor.send({ type: 'bus.deliver' });
		expect(emitted).toEqual([
			{
				type: 'delivered',
				message: { id: 1, from: 'alice', to: 'bob', kind: 'offer', payload: 'o' }
			}
		]);
		expect(heldIds()).toEqual([2]);
	});

	it('delivers a named message out of order', () => {
		const { actor, send, take, heldIds } = start();
		send('offer');
		send('candidate');
		send('end-of-candidates');
		take();
		actor.send({ type: 'bus.deliver', id: 3 });
		actor.send({ type: 'bus.deliver', id: 1 });
		expect(take()).toEqual(['delivered:3', 'delivered:1']);
		expect(heldIds()).toEqual([2]);
	});

	it('delivers every held message, oldest first, on deliverAll', () => {
		const { actor, send, take, heldIds } = start();
		send('offer');
		send('candidate');
		send('candidate');
		actor.send({ type: 'bus.deliver', id: 2 });
		take();
		actor.send({ type: 'bus.deliverAll' });
		expect(take()).toEqual(['delivered:1', 'delivered:3']);
		expect(heldIds()).toEqual([]);
	});

	it('drops a held message without delivering it', () => {
		const { actor, send, take, heldIds } = start();
		send('offer');
		send('candidate');
		take();
		actor.send({ type: 'bus.drop', id: 1 });
		expect(take()).toEqual(['dropped:1']);
		expect(heldIds()).toEqual([2]);
		actor.send({ type: 'bus.deliverAll' });
		expect(take()).toEqual(['delivered:2']);
	});

	it('duplicates a held message with a new id, right after the original', () => {
		const { actor, send, take, heldIds, emitted } = start();
		send('offer', 'o');
		send('candidate', 'c');
		take();
		actor.send({ type: 'bus.duplicate', id: 1 });
		expect(emitted).toEqual([
			{ type: 'sent', message: { id: 3, from: 'alice', to: 'bob', kind: 'offer', payload: 'o' } }
		]);
		expect(heldIds()).toEqual([1, 3, 2]);
		take();
		send('answer', 'a', 'bob');
		expect(take()).toEqual(['sent:4']);
		actor.send({ type: 'bus.deliverAll' });
		expect(take()).toEqual(['delivered:1', 'delivered:3', 'delivered:2', 'delivered:4']);
	});

	it('ignores commands naming an id that is not held', () => {
		const { actor, send, take, heldIds } = start();
		actor.send({ type: 'bus.deliver' });
		actor.send({ type: 'bus.deliverAll' });
		send('offer');
		actor.send({ type: 'bus.deliver', id: 1 });
		take();
		for (const id of [1, 2, 99]) {
			actor.send({ type: 'bus.deliver', id });
			actor.send({ type: 'bus.drop', id });
			actor.send({ type: 'bus.duplicate', id });
		}
		expect(take()).toEqual([]);
		expect(heldIds()).toEqual([]);
		expect(actor.getSnapshot().context.nextId).toBe(2);
		expect(actor.getSnapshot().status).toBe('active');
	});

	it('clears held messages and ids on reset, without emitting', () => {
		const { actor, send, take, heldIds } = start();
		send('offer');
		send('candidate');
		take();
		actor.send({ type: 'bus.reset' });
		expect(take()).toEqual([]);
		expect(heldIds()).toEqual([]);
		send('offer');
		expect(take()).toEqual(['sent:1']);
		expect(actor.getSnapshot().context.mode).toBe('step');
	});
});

describe('bus in auto mode without delay', () => {
	it('emits sent then delivered at once, holding nothing', () => {
		const { send, take, heldIds, emitted } = start({ mode: 'auto' });
		send('offer', 'o');
		expect(emitted.map((e) => e.type)).toEqual(['sent', 'delivered']);
		expect(emitted[1]?.message).toEqual({
			id: 1,
			from: 'alice',
			to: 'bob',
			kind: 'offer',
			payload: 'o'
		});
		take();
		send('answer', 'a', 'bob');
		expect(take()).toEqual(['sent:2', 'delivered:2']);
		expect(heldIds()).toEqual([]);
	});

	it('delivers what step mode held, oldest first, on switching to auto', () => {
		const { actor, send, take, heldIds } = start();
		send('offer');
		send('candidate');
		send('candidate');
		take();
		actor.send({ type: 'bus.setMode', mode: 'auto' });
		expect(take()).toEqual(['delivered:1', 'delivered:2', 'delivered:3']);
		expect(heldIds()).toEqual([]);
		expect(actor.getSnapshot().context.mode).toBe('auto');
	});

	it('ignores deliver, drop and duplicate: nothing is held', () => {
		const { actor, send, take, heldIds } = start({ mode: 'auto' });
		send('offer');
		take();
		actor.send({ type: 'bus.deliver' });
		actor.send({ type: 'bus.deliver', id: 1 });
		actor.send({ type: 'bus.drop', id: 1 });
		actor.send({ type: 'bus.duplicate', id: 1 });
		actor.send({ type: 'bus.deliverAll' });
		expect(take()).toEqual([]);
		expect(heldIds()).toEqual([]);
	});

	it('holds again after switching back to step', () => {
		const { actor, send, take, heldIds } = start({ mode: 'auto' });
		actor.send({ type: 'bus.setMode', mode: 'step' });
		send('offer');
		expect(take()).toEqual(['sent:1']);
		expect(heldIds()).toEqual([1]);
	});

	it('resets ids and keeps its mode on reset', () => {
		const { actor, send, take } = start({ mode: 'auto' });
		send('offer');
		send('answer');
		take();
		actor.send({ type: 'bus.reset' });
		expect(take()).toEqual([]);
		send('offer');
		expect(take()).toEqual(['sent:1', 'delivered:1']);
	});
});

describe('bus in auto mode with a delay', () => {
	it('delivers nothing before the delay, then one message per delay', () => {
		const { clock, send, take, heldIds } = start({ mode: 'auto', delayMs: 100 });
		send('offer');
		send('candidate');
		send('candidate');
		expect(take()).toEqual(['sent:1', 'sent:2', 'sent:3']);
		expect(heldIds()).toEqual([1, 2, 3]);

		clock.increment(99);
		expect(take()).toEqual([]);
		clock.increment(1);
		expect(take()).toEqual(['delivered:1']);
		expect(heldIds()).toEqual([2, 3]);

		clock.increment(99);
		expect(take()).toEqual([]);
		clock.increment(1);
		expect(take()).toEqual(['delivered:2']);

		clock.increment(100);
		expect(take()).toEqual(['delivered:3']);
		expect(heldIds()).toEqual([]);
		clock.increment(1000);
		expect(take()).toEqual([]);
	});

	it('does not restart the wait when another message is sent meanwhile', () => {
		const { clock, send, take } = start({ mode: 'auto', delayMs: 100 });
		send('offer');
		clock.increment(60);
		send('candidate');
		take();
		clock.increment(40);
		expect(take()).toEqual(['delivered:1']);
		clock.increment(99);
		expect(take()).toEqual([]);
		clock.increment(1);
		expect(take()).toEqual(['delivered:2']);
	});

	it('waits a full delay for a message sent to an empty bus', () => {
		const { clock, send, take } = start({ mode: 'auto', delayMs: 100 });
		clock.increment(500);
		send('offer');
		take();
		clock.increment(99);
		expect(take()).toEqual([]);
		clock.increment(1);
		expect(take()).toEqual(['delivered:1']);
	});

	it('still obeys deliver by id and drop while waiting', () => {
		const { actor, clock, send, take, heldIds } = start({ mode: 'auto', delayMs: 100 });
		send('offer');
		send('candidate');
		send('candidate');
		take();
		actor.send({ type: 'bus.deliver', id: 3 });
		actor.send({ type: 'bus.drop', id: 1 });
		expect(take()).toEqual(['delivered:3', 'dropped:1']);
		expect(heldIds()).toEqual([2]);
		clock.increment(100);
		expect(take()).toEqual(['delivered:2']);
	});

	it('gives a full delay to a message sent after the bus was emptied by hand', () => {
		const { actor, clock, send, take } = start({ mode: 'auto', delayMs: 100 });
		send('offer');
		clock.increment(50);
		actor.send({ type: 'bus.drop', id: 1 });
		send('candidate');
		take();
		clock.increment(50);
		expect(take()).toEqual([]);
		clock.increment(49);
		expect(take()).toEqual([]);
		clock.increment(1);
		expect(take()).toEqual(['delivered:2']);
	});

	it('delivers a duplicate one delay after its original', () => {
		const { actor, clock, send, take, heldIds } = start({ mode: 'auto', delayMs: 100 });
		send('offer');
		send('answer');
		actor.send({ type: 'bus.duplicate', id: 1 });
		expect(take()).toEqual(['sent:1', 'sent:2', 'sent:3']);
		expect(heldIds()).toEqual([1, 3, 2]);
		clock.increment(100);
		clock.increment(100);
		expect(take()).toEqual(['delivered:1', 'delivered:3']);
		clock.increment(100);
		expect(take()).toEqual(['delivered:2']);
	});

	it('flushes everything at once on deliverAll', () => {
		const { actor, clock, send, take, heldIds } = start({ mode: 'auto', delayMs: 100 });
		send('offer');
		send('answer');
		take();
		actor.send({ type: 'bus.deliverAll' });
		expect(take()).toEqual(['delivered:1', 'delivered:2']);
		expect(heldIds()).toEqual([]);
		clock.increment(1000);
		expect(take()).toEqual([]);
	});

	it('delivers what step mode held, one per delay, on switching to auto', () => {
		const { actor, clock, send, take } = start();
		send('offer');
		send('candidate');
		take();
		actor.send({ type: 'bus.setMode', mode: 'auto', delayMs: 50 });
		expect(take()).toEqual([]);
		clock.increment(49);
		expect(take()).toEqual([]);
		clock.increment(1);
		expect(take()).toEqual(['delivered:1']);
		clock.increment(50);
		expect(take()).toEqual(['delivered:2']);
	});

	it('keeps its delay when setMode names none', () => {
		const { actor, clock, send, take } = start({ mode: 'step', delayMs: 50 });
		send('offer');
		take();
		actor.send({ type: 'bus.setMode', mode: 'auto' });
		expect(actor.getSnapshot().context.delayMs).toBe(50);
		expect(take()).toEqual([]);
		clock.increment(50);
		expect(take()).toEqual(['delivered:1']);
	});

	it('stops delivering on switching back to step', () => {
		const { actor, clock, send, take, heldIds } = start({ mode: 'auto', delayMs: 100 });
		send('offer');
		take();
		clock.increment(50);
		actor.send({ type: 'bus.setMode', mode: 'step' });
		clock.increment(1000);
		expect(take()).toEqual([]);
		expect(heldIds()).toEqual([1]);
	});

	it('cancels the pending delivery on reset', () => {
		const { actor, clock, send, take, heldIds } = start({ mode: 'auto', delayMs: 100 });
		send('offer');
		clock.increment(50);
		actor.send({ type: 'bus.reset' });
		take();
		clock.increment(1000);
		expect(take()).toEqual([]);
		send('offer');
		clock.increment(99);
		expect(take()).toEqual(['sent:1']);
		clock.increment(1);
		expect(take()).toEqual(['delivered:1']);
		expect(heldIds()).toEqual([]);
	});
});
