/**
 * Seeded mutations of the fixtures: lines deleted, duplicated, swapped, truncated, spliced with
 * random bytes (NUL, lone surrogates, CR), very long lines, mixed line endings. Whatever comes
 * in, the annotator must not throw and must give every raw line back, in order.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../../../tests/unit/content';
import { annotateSdp, type AnnotatedSdp } from './annotate';

const ROUNDS = 10_000;
const SEED = 0x5d9_2026;

const explanations = loadContent();
const FIXTURES = new URL('../../../../tests/fixtures/sdp/', import.meta.url);
const fixtures = readdirSync(FIXTURES)
	.filter((f) => f.endsWith('.sdp'))
	.sort()
	.map((name) => readFileSync(new URL(name, FIXTURES), 'utf8'));

/** mulberry32: a tiny seeded PRNG, so that a failure can be replayed from its round number. */
function mulberry32(seed: number) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Characters that break naive parsers: NUL, CR, separators, lone surrogates, non-ASCII. */
const NASTY = ['\0', '\r', ' ', '\t', ':', '=', '/', ';', '\uD800', '\uDFFF', '\uFEFF', 'é', '😀'];

/** Line starts whose parsers get random values. */
const PREFIXES = [
	'a=',
	'm=',
	'c=',
	'b=',
	'o=',
	'a=fmtp:',
	'a=rtpmap:',
	'a=extmap:',
	'a=rtcp-fb:',
	'a=candidate:',
	'a=ssrc:',
	'a=rid:',
	'a=simulcast:',
	'a=imageattr:',
	'a=mediaclk:'
];

function mutate(random: () => number, text: string): string {
	const int = (n: number) => Math.floor(random() * n);
	const pick = <T>(items: T[]): T => items[int(items.length)] as T;
	const randomText = (length: number) => {
		let s = '';
		for (let i = 0; i < length; i++)
			s += random() < 0.3 ? pick(NASTY) : String.fromCharCode(int(0x10000));
		return s;
	};
	const lines = text.split(/\r?\n/);
	for (let m = 1 + int(4); m > 0; m--) {
		const i = int(lines.length);
		const line = lines[i] ?? '';
		switch (int(9)) {
			case 0:
				lines.splice(i, 1);
				break;
			case 1:
				lines.splice(i, 0, line);
				break;
			case 2: {
				const j = int(lines.length);
				lines[i] = lines[j] ?? '';
				lines[j] = line;
				break;
			}
			case 3:
				lines[i] = line.slice(0, int(line.length + 1));
				break;
			case 4: {
				const at = int(line.length + 1);
				lines[i] = line.slice(0, at) + randomText(1 + int(12)) + line.slice(at);
				break;
			}
			case 5:
				lines.splice(i, 0, randomText(int(40)));
				break;
			case 6:
				// A very long line, now and then: of a known shape, or plain garbage.
				if (random() < 0.05)
					lines[i] =
						line.slice(0, 12) +
						(random() < 0.5 ? line : randomText(16)).repeat(1 + 100_000 / (line.length + 16));
				break;
			case 7:
				lines[i] = pick(PREFIXES) + randomText(int(60));
				break;
			default:
				lines[i] = line.replace(/[ :/=;]/g, () => pick(NASTY));
		}
	}
	// Mixed line endings, with or without a final one.
	let out = '';
	lines.forEach((line, i) => {
		out += line;
		if (i < lines.length - 1 || random() < 0.5) out += random() < 0.5 ? '\r\n' : '\n';
	});
	return out;
}

function checkInvariants(text: string, sdp: AnnotatedSdp) {
	const expected = text.replace(/\r\n/g, '\n').replace(/\n$/, '');
	if (sdp.lines.map((l) => l.raw).join('\n') !== expected) throw new Error('a raw line was lost');
	let previousSection = 0;
	sdp.lines.forEach((line, i) => {
		if (line.index !== i) throw new Error(`line ${i} has index ${line.index}`);
		if (line.section < previousSection) throw new Error(`line ${i} goes back a section`);
		previousSection = line.section;
		if (line.raw.startsWith('m=') && sdp.sections[line.section]?.lineRange[0] !== i)
			throw new Error(`m= line ${i} does not open its section`);
	});
	let next = 0;
	for (const s of sdp.sections) {
		if (s.lineRange[0] !== next) throw new Error(`section ${s.index} does not start at ${next}`);
		next = s.lineRange[1];
	}
	if (next !== sdp.lines.length) throw new Error('the sections do not cover every line');
}

describe('fuzz', () => {
	// About 2 s on an idle 2-core machine, over 7 s while builds and browsers share it: the limit
	// guards against a hang, it does not time the annotator (npm run bench does timings).
	it(
		`keeps every line of ${ROUNDS} seeded mutations of the fixtures, without throwing`,
		{ timeout: 60_000 },
		() => {
			const random = mulberry32(SEED);
			let lines = 0;
			for (let round = 0; round < ROUNDS; round++) {
				const text = mutate(random, fixtures[round % fixtures.length] ?? '');
				let sdp: AnnotatedSdp;
				try {
					sdp = annotateSdp(text, explanations);
					checkInvariants(text, sdp);
				} catch (error) {
					throw new Error(
						`round ${round} (seed ${SEED}): ${String(error)}\n${JSON.stringify(text.slice(0, 2000))}`
					);
				}
				lines += sdp.lines.length;
			}
			expect(lines).toBeGreaterThan(ROUNDS * 10);
		}
	);

	it('survives input that is not even text', () => {
		for (const value of [undefined, null, 42, {}, ['v=0']])
			expect(() => annotateSdp(value as unknown as string, explanations)).not.toThrow();
		expect(annotateSdp('\0'.repeat(1000), explanations).lines).toHaveLength(1);
		expect(annotateSdp('\n'.repeat(1000), explanations).lines).toHaveLength(1000);
	});
});
