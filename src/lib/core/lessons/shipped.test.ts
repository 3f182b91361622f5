/**
 * The lessons in content/lessons/, read with node:fs exactly as the build check reads them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkLessons } from '../../../../scripts/vite-plugin-lessons-check.js';
import { STEP_IDS } from '../handshake/plan';
import { formatLessonProblems } from './parse';

const root = join(import.meta.dirname, '../../../..');
const { lessons, problems } = checkLessons(root);
const steps: readonly string[] = STEP_IDS;

describe('the shipped lessons', () => {
	it('all parse with no problem, and every replayed trace exists', () => {
		expect(formatLessonProblems(problems)).toBe('');
	});

	it('are at least the seven of the course, in order', () => {
		expect(lessons.map((l) => `${String(l.order).padStart(2, '0')}-${l.slug}`)).toEqual(
			expect.arrayContaining([
				'01-why-signaling',
				'02-reading-an-sdp',
				'03-candidates-and-trickle',
				'04-stun-server-reflexive',
				'05-turn-relays',
				'06-when-ice-fails',
				'07-mdns-host-candidates'
			])
		);
		const orders = lessons.map((l) => l.order);
		expect(orders).toEqual([...orders].sort((a, b) => a - b));
	});

	it('each have objectives, 1 to 3 questions, an intro and narration at known steps', () => {
		for (const l of lessons) {
			expect(l.objectives.length, l.file).toBeGreaterThan(0);
			expect(l.predict.length, l.file).toBeGreaterThanOrEqual(1);
			expect(l.predict.length, l.file).toBeLessThanOrEqual(3);
			expect(l.intro, l.file).not.toBe('');
			expect(l.narration.length, l.file).toBeGreaterThan(0);
			for (const p of l.predict) {
				expect(steps, `${l.file} predict ${p.before}`).toContain(p.before);
				expect(p.choices, l.file).toContain(p.answer);
			}
			for (const n of l.narration)
				if (n.step !== null) expect(steps, `${l.file} ## ${n.when} ${n.step}`).toContain(n.step);
		}
	});

	it('set up the scenario each lesson is about', () => {
		const scenario = (slug: string) => lessons.find((l) => l.slug === slug)?.scenario;
		expect(scenario('why-signaling')).toMatchObject({ ice: 'none', trickle: true });
		expect(scenario('reading-an-sdp')).toMatchObject({ media: true });
		expect(scenario('candidates-and-trickle')).toMatchObject({ ice: 'none', trickle: true });
		expect(scenario('stun-server-reflexive')).toMatchObject({ ice: 'local-stun' });
		expect(scenario('turn-relays')).toMatchObject({ ice: 'local-turn' });
		expect(scenario('when-ice-fails')).toMatchObject({ drop: ['candidate'], dropFrom: 'both' });
		expect(scenario('mdns-host-candidates')).toMatchObject({ replay: 'mdns-host-candidates' });
	});

	it('replayed lessons refer only to steps the recording really takes', () => {
		for (const l of lessons) {
			if (!l.scenario.replay) continue;
			const trace = JSON.parse(
				readFileSync(join(root, 'static/traces', `${l.scenario.replay}.trace.json`), 'utf8')
			) as { events: { type: string; id?: unknown }[] };
			const taken = new Set(trace.events.filter((e) => e.type === 'step').map((e) => e.id));
			for (const p of l.predict) expect(taken, `${l.file} predict ${p.before}`).toContain(p.before);
			for (const n of l.narration)
				if (n.step !== null) expect(taken, `${l.file} ## ${n.when} ${n.step}`).toContain(n.step);
		}
	});
});
