import { describe, expect, it } from 'vitest';
import { ReplayPlayer, type ReplayOptions } from './player';
import type { TraceEvent } from '../trace/types';

const step = (t: number, id: string): TraceEvent => ({ t, type: 'step', id, text: `Do ${id}.` });
const state = (t: number, value: string): TraceEvent => ({
	t,
	type: 'state-change',
	peer: 'alice',
	machine: 'signaling',
	value
});

/** Three steps: start (2 events), alice.createOffer (3 events), alice.setLocalDescription (2). */
const events: TraceEvent[] = [
	step(0, 'start'),
	{ t: 0.5, type: 'peer-created', peer: 'alice', configuration: { iceServers: [] } },
	step(1, 'alice.createOffer'),
	{ t: 1.2, type: 'api-call', peer: 'alice', method: 'createOffer', phase: 'start' },
	{ t: 3, type: 'api-call', peer: 'alice', method: 'createOffer', phase: 'resolve' },
	step(10, 'alice.setLocalDescription'),
	state(200, 'have-local-offer')
];

/** A schedule that only collects callbacks; the test runs them. No real timers. */
function fakeClock() {
	let nextId = 1;
	const pending = new Map<number, { fn: () => void; ms: number }>();
	const delays: number[] = [];
	const options: ReplayOptions = {
		schedule: (fn, ms) => {
			const id = nextId++;
			pending.set(id, { fn, ms });
			delays.push(ms);
			return id;
		},
		cancel: (handle) => {
			pending.delete(handle as number);
		}
	};
	/** Runs the earliest pending callback, as a timer firing would. */
	const fire = (): number => {
		const first = pending.entries().next();
		if (first.done) throw new Error('nothing scheduled');
		const [id, { fn, ms }] = first.value;
		pending.delete(id);
		fn();
		return ms;
	};
	return { options, pending, delays, fire };
}

const typesOf = (p: ReplayPlayer) => p.events.map((e) => (e.type === 'step' ? e.id : e.type));

describe('ReplayPlayer: the starting position', () => {
	it('shows nothing, knows the total and the first step', () => {
		const p = new ReplayPlayer(events);
		expect(p.total).toBe(7);
		expect(p.shown).toBe(0);
		expect(p.events).toEqual([]);
		expect(p.playing).toBe(false);
		expect(p.done).toBe(false);
		expect(p.nextStep).toEqual(step(0, 'start'));
	});

	it('an empty recording is done at once and has no next step', () => {
		const p = new ReplayPlayer([]);
		expect(p.total).toBe(0);
		expect(p.done).toBe(true);
		expect(p.nextStep).toBeNull();
		p.next();
		p.play();
		expect(p.shown).toBe(0);
		expect(p.playing).toBe(false);
	});

	it('keeps its own copy of the recording', () => {
		const copy = [...events];
		const p = new ReplayPlayer(copy);
		copy.length = 0;
		p.next();
		expect(p.total).toBe(7);
		expect(p.shown).toBe(2);
	});
});

describe('ReplayPlayer.next: one recorded step at a time', () => {
	it('reveals a step event and everything up to the next step event', () => {
		const p = new ReplayPlayer(events);
		p.next();
		expect(typesOf(p)).toEqual(['start', 'peer-created']);
		expect(p.nextStep?.id).toBe('alice.createOffer');
		expect(p.nextStep?.text).toBe('Do alice.createOffer.');
		p.next();
		expect(typesOf(p)).toEqual([
			'start',
			'peer-created',
			'alice.createOffer',
			'api-call',
			'api-call'
		]);
		expect(p.nextStep?.id).toBe('alice.setLocalDescription');
	});

	it('after the last step event reveals the rest, then is done and does nothing more', () => {
		const p = new ReplayPlayer(events);
		p.next();
		p.next();
		p.next();
		expect(p.shown).toBe(7);
		expect(p.done).toBe(true);
		expect(p.nextStep).toBeNull();
		p.next();
		expect(p.shown).toBe(7);
	});

	it('events recorded before the first step come with that step', () => {
		const p = new ReplayPlayer([state(0, 'stable'), state(1, 'stable'), ...events]);
		p.next();
		expect(typesOf(p)).toEqual(['state-change', 'state-change', 'start', 'peer-created']);
	});

	it('two step events in a row are two steps', () => {
		const p = new ReplayPlayer([step(0, 'a'), step(1, 'b'), state(2, 'x')]);
		p.next();
		expect(typesOf(p)).toEqual(['a']);
		p.next();
		expect(typesOf(p)).toEqual(['a', 'b', 'state-change']);
	});

	it('from the middle of a step (after a pause) finishes it and takes the step it announces', () => {
		const clock = fakeClock();
		const p = new ReplayPlayer(events, clock.options);
		p.play();
		clock.fire(); // start
		clock.fire(); // peer-created
		clock.fire(); // alice.createOffer
		p.pause();
		expect(p.shown).toBe(3);
		expect(p.nextStep?.id).toBe('alice.setLocalDescription');
		p.next();
		expect(p.shown).toBe(7);
	});

	it('a recording without step events is revealed whole by one next()', () => {
		const plain = [state(0, 'have-local-offer'), state(1, 'stable'), state(2, 'closed')];
		const p = new ReplayPlayer(plain);
		expect(p.nextStep).toBeNull();
		p.next();
		expect(p.events).toEqual(plain);
		expect(p.done).toBe(true);
	});

	it('stops playing', () => {
		const clock = fakeClock();
		const p = new ReplayPlayer(events, clock.options);
		p.play();
		p.next();
		expect(p.playing).toBe(false);
		expect(clock.pending.size).toBe(0);
		expect(p.shown).toBe(2);
	});
});

describe('ReplayPlayer.play: the recording on a stretched time scale', () => {
	it('reveals one event per scheduled callback until done, then stops', () => {
		const clock = fakeClock();
		const p = new ReplayPlayer(events, clock.options);
		p.play();
		expect(p.playing).toBe(true);
		expect(p.shown).toBe(0);
		for (let i = 1; i <= 7; i++) {
			expect(clock.pending.size).toBe(1);
			clock.fire();
			expect(p.shown).toBe(i);
		}
		expect(p.done).toBe(true);
		expect(p.playing).toBe(false);
		expect(clock.pending.size).toBe(0);
	});

	it('waits gap × stretch between events, clamped to [minGapMs, maxGapMs]', () => {
		const clock = fakeClock();
		const p = new ReplayPlayer(events, { ...clock.options, stretch: 20, minGapMs: 40 });
		p.play();
		while (clock.pending.size) clock.fire();
		// gaps: 0 (from t = 0), 0.5, 0.5, 0.2, 1.8, 7, 190 ms → × 20 = 0, 10, 10, 4, 36, 140, 3800
		expect(clock.delays).toEqual([40, 40, 40, 40, 40, 140, 900]);
	});

	it('uses the given stretch and bounds', () => {
		const clock = fakeClock();
		const p = new ReplayPlayer(events, {
			...clock.options,
			stretch: 100,
			minGapMs: 0,
			maxGapMs: 1000
		});
		p.play();
		while (clock.pending.size) clock.fire();
		const expected = [0, 50, 50, 20, 180, 700, 1000];
		expect(clock.delays.map((d) => Math.round(d * 1000) / 1000)).toEqual(expected);
	});

	it('the first event waits for its own time since the session began', () => {
		const clock = fakeClock();
		const p = new ReplayPlayer([state(30, 'stable')], { ...clock.options, stretch: 10 });
		p.play();
		expect(clock.delays).toEqual([300]);
	});

	it('ties still come one after another, each after the minimum gap', () => {
		const clock = fakeClock();
		const p = new ReplayPlayer([state(0, 'a'), state(0, 'b'), state(0, 'c')], clock.options);
		p.play();
		clock.fire();
		expect(p.shown).toBe(1);
		while (clock.pending.size) clock.fire();
		expect(clock.delays).toEqual([40, 40, 40]);
	});

	it('pause cancels the pending reveal and keeps what is shown; play resumes from there', () => {
		const clock = fakeClock();
		const p = new ReplayPlayer(events, { ...clock.options, maxGapMs: 5000 });
		p.play();
		clock.fire();
		clock.fire();
		p.pause();
		expect(p.playing).toBe(false);
		expect(p.shown).toBe(2);
		expect(clock.pending.size).toBe(0);
		p.play();
		// Resumes with the gap before event 2 (t 0.5 → 1, × 20 = 10, clamped to 40).
		expect(clock.delays.at(-1)).toBe(40);
		clock.fire();
		expect(p.shown).toBe(3);
	});

	it('a callback that fires after pause (a cancel that came too late) reveals nothing', () => {
		const collected: (() => void)[] = [];
		const p = new ReplayPlayer(events, {
			schedule: (fn) => collected.push(fn),
			cancel: () => {}
		});
		p.play();
		p.pause();
		collected[0]?.();
		expect(p.shown).toBe(0);
		p.play();
		collected[0]?.(); // the stale one again: still nothing
		expect(p.shown).toBe(0);
		collected[1]?.();
		expect(p.shown).toBe(1);
	});

	it('play while playing schedules nothing more; play when done does nothing', () => {
		const clock = fakeClock();
		const p = new ReplayPlayer([state(0, 'a')], clock.options);
		p.play();
		p.play();
		expect(clock.pending.size).toBe(1);
		clock.fire();
		expect(p.done).toBe(true);
		p.play();
		expect(p.playing).toBe(false);
		expect(clock.pending.size).toBe(0);
	});

	it('a listener that pauses on a reveal stops the playback there', () => {
		const clock = fakeClock();
		const p = new ReplayPlayer(events, clock.options);
		p.subscribe(() => {
			if (p.nextStep?.id === 'alice.createOffer' && p.shown === 2) p.pause();
		});
		p.play();
		clock.fire();
		clock.fire();
		expect(p.shown).toBe(2);
		expect(p.playing).toBe(false);
		expect(clock.pending.size).toBe(0);
	});

	it('uses setTimeout by default', async () => {
		const p = new ReplayPlayer([state(0, 'a')], { minGapMs: 1, maxGapMs: 1 });
		const finished = new Promise<void>((resolve) => p.subscribe(() => p.done && resolve()));
		p.play();
		await finished;
		expect(p.shown).toBe(1);
	});
});

describe('ReplayPlayer.goto and reset', () => {
	it('goto reveals through the first step with that id', () => {
		const p = new ReplayPlayer(events);
		p.goto('alice.createOffer');
		expect(p.shown).toBe(5);
		expect(p.nextStep?.id).toBe('alice.setLocalDescription');
		p.goto('alice.setLocalDescription');
		expect(p.done).toBe(true);
	});

	it('goto can go back, and takes the first of repeated ids', () => {
		const p = new ReplayPlayer([
			step(0, 'bus.deliver.candidate'),
			state(1, 'a'),
			step(2, 'bus.deliver.candidate'),
			state(3, 'b')
		]);
		p.next();
		p.next();
		expect(p.shown).toBe(4);
		p.goto('bus.deliver.candidate');
		expect(p.shown).toBe(2);
	});

	it('goto an id the recording does not have changes nothing', () => {
		const clock = fakeClock();
		const p = new ReplayPlayer(events, clock.options);
		p.next();
		p.play();
		let calls = 0;
		p.subscribe(() => calls++);
		p.goto('bob.echo');
		expect(p.shown).toBe(2);
		expect(p.playing).toBe(true);
		expect(calls).toBe(0);
	});

	it('goto stops playing', () => {
		const clock = fakeClock();
		const p = new ReplayPlayer(events, clock.options);
		p.play();
		p.goto('start');
		expect(p.playing).toBe(false);
		expect(clock.pending.size).toBe(0);
		expect(p.shown).toBe(2);
	});

	it('reset goes back to nothing shown and stops playing', () => {
		const clock = fakeClock();
		const p = new ReplayPlayer(events, clock.options);
		p.next();
		p.play();
		clock.fire();
		p.reset();
		expect(p.shown).toBe(0);
		expect(p.events).toEqual([]);
		expect(p.playing).toBe(false);
		expect(p.done).toBe(false);
		expect(p.nextStep?.id).toBe('start');
		expect(clock.pending.size).toBe(0);
	});
});

describe('ReplayPlayer: notifications', () => {
	it('tells every listener after each change, until it unsubscribes', () => {
		const clock = fakeClock();
		const p = new ReplayPlayer(events, clock.options);
		const seen: number[] = [];
		const unsubscribe = p.subscribe(() => seen.push(p.shown));
		p.next(); // 2
		p.play(); // playing: 2
		clock.fire(); // 3
		p.pause(); // 3
		p.goto('start'); // 2
		p.reset(); // 0
		expect(seen).toEqual([2, 2, 3, 3, 2, 0]);
		unsubscribe();
		p.next();
		expect(seen).toHaveLength(6);
	});

	it('says nothing when nothing changes', () => {
		const p = new ReplayPlayer(events);
		let calls = 0;
		p.subscribe(() => calls++);
		p.reset();
		p.pause();
		p.goto('start');
		p.goto('start');
		expect(calls).toBe(1);
	});

	it('the last reveal of play tells listeners that playing stopped', () => {
		const clock = fakeClock();
		const p = new ReplayPlayer([state(0, 'a')], clock.options);
		const seen: [number, boolean][] = [];
		p.subscribe(() => seen.push([p.shown, p.playing]));
		p.play();
		clock.fire();
		expect(seen).toEqual([
			[0, true],
			[1, false]
		]);
	});

	it('events is the same array until what is shown changes', () => {
		const p = new ReplayPlayer(events);
		p.next();
		const first = p.events;
		p.goto('start');
		expect(p.events).toBe(first);
		p.next();
		expect(p.events).not.toBe(first);
		expect(p.events).toEqual(events.slice(0, 5));
	});
});

describe('ReplayPlayer.dispose and options', () => {
	it('dispose cancels playback, forgets listeners and ignores later commands', () => {
		const clock = fakeClock();
		const p = new ReplayPlayer(events, clock.options);
		let calls = 0;
		p.subscribe(() => calls++);
		p.play();
		p.dispose();
		expect(p.playing).toBe(false);
		expect(clock.pending.size).toBe(0);
		p.next();
		p.play();
		p.goto('alice.createOffer');
		expect(p.shown).toBe(0);
		expect(calls).toBe(1);
	});

	it('refuses options that cannot make a time scale', () => {
		expect(() => new ReplayPlayer(events, { stretch: -1 })).toThrow(RangeError);
		expect(() => new ReplayPlayer(events, { minGapMs: Number.NaN })).toThrow(/minGapMs/);
		expect(() => new ReplayPlayer(events, { minGapMs: 500, maxGapMs: 100 })).toThrow(
			/greater than maxGapMs/
		);
	});
});
