// `npm run bench`: the lab's performance in one table (issue "Fast, accessible and private").
// Not a test: it measures and prints, and a missed target does not fail it. Each section runs in
// its own try/catch, so one that breaks prints its error in its row and the others still run.
//
//   handshake     Play → `connected` and → data channel open, lab (auto mode) against a bare page
//                 with two RTCPeerConnections (static/bench/baseline.html), interleaved
//   first load    JS a route loads at first, gzip -9, from the prerendered pages in build/
//   animation     long tasks and rAF frame times while the lab replays a recording with 200
//                 candidates (tests/fixtures/traces/many-candidates.trace.json)
//   endurance     handshakes with Reset in one page: failures, JS heap after GC before and after;
//                 then the leak check, the same rounds in a Chromium with V8's optimizing compilers
//                 off, so that the code V8 compiles for hot functions does not count
//   lighthouse    performance and accessibility of `/`, the median of 5 runs of each preset
//
// Usage: npm run bench [-- --quick]   (node scripts/bench.js on an existing build)
// Everything it starts listens on 127.0.0.1, in 4220-4229 (BENCH_PORT moves them), and is stopped
// by its PID.
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../tests/e2e/chromium.js';
import { measureAnimation } from './bench/animation.js';
import { measureEndurance, OPTIMIZING_COMPILERS_OFF } from './bench/endurance.js';
import { firstLessonSlug, firstLoadOf } from './bench/first-load.js';
import { measureHandshakes } from './bench/handshake.js';
import { runLighthouse } from './bench/lighthouse.js';
import { fixed, startPreview } from './bench/util.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
/** BENCH_PORT moves the ten ports, so that two checkouts can bench one after the other's server. */
const PREVIEW_PORT = Number(process.env.BENCH_PORT ?? 4220);
const DEVTOOLS_PORT = PREVIEW_PORT + 9;
const quick = process.argv.includes('--quick');
const plan = quick
	? { runs: 10, warmup: 1, endurance: 50, enduranceWarmup: 10, lighthouseRuns: 1 }
	: { runs: 40, warmup: 3, endurance: 500, enduranceWarmup: 10, lighthouseRuns: 5 };
/** The whole recording replays in about 35 s; its heaviest part (the getStats samples) is last. */
const MAX_REPLAY_MS = 300_000;
const TRACE = join(ROOT, 'tests/fixtures/traces/many-candidates.trace.json');
/** Targets of the issue. */
const TARGET = { ratio: 1.25, firstLoadKB: 90, longTaskMs: 50, heapGrowth: 0.1, lighthouse: 100 };

/**
 * One row of the table; `result` is `met`, `MISSED`, `—` (no target: shown for context) or `ERROR`.
 * @typedef {{ measure: string, value: string, target: string, result: string }} Row
 */
/** @type {Row[]} */
const rows = [];
/** @type {string[]} */
const notes = [];
const verdict = (/** @type {boolean} */ ok) => (ok ? 'met' : 'MISSED');
const kb = (/** @type {number} */ bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const signedKb = (/** @type {number} */ bytes) => `${bytes < 0 ? '-' : '+'}${kb(Math.abs(bytes))}`;
const mb = (/** @type {number} */ bytes) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;
const pct = (/** @type {number} */ x) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} %`;
/** An endurance run's heap growth over its rounds, as a fraction: both sections print it. */
const heapGrowth = (/** @type {{ before: number, after: number }} */ r) => r.after / r.before - 1;
/** An endurance run's heap growth in its first half, then its second: both sections print it. */
const halves = (/** @type {{ before: number, middle: number, after: number }} */ r) =>
	`${signedKb(r.middle - r.before)}, then ${signedKb(r.after - r.middle)}`;
const log = (/** @type {string} */ text) => process.stderr.write(`[bench] ${text}\n`);

/**
 * Runs one section; an error becomes a row that says so, and the bench goes on.
 * @param {string} name
 * @param {() => Promise<void>} body
 */
async function section(name, body) {
	log(`${name}…`);
	const started = Date.now();
	try {
		await body();
	} catch (err) {
		const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
		rows.push({ measure: name, value: `error: ${message}`, target: '', result: 'ERROR' });
	}
	log(`${name}: ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

/** @param {{ median: number, p95: number, n: number, of: number }} s */
const timing = (s) => `median ${fixed(s.median)} ms, p95 ${fixed(s.p95)} ms (${s.n}/${s.of} runs)`;

const startedAt = new Date();
// Other work on the machine skews every row: the header says how busy it was.
const loadAtStart = loadavg()[0];
await section('first-load JS', async () => {
	const slug = await firstLessonSlug(ROOT);
	for (const [route, page, target] of [
		['/ (lab)', 'index.html', true],
		['/inspect', 'inspect.html', false],
		[`/learn/${slug}`, `learn/${slug}.html`, false],
		[`/embed/${slug}`, `embed/${slug}.html`, true]
	]) {
		const { gzip, raw, files } = await firstLoadOf(
			join(ROOT, 'build'),
			/** @type {string} */ (page)
		);
		rows.push({
			measure: `First-load JS, ${route}`,
			value: `${kb(gzip)} gzip (${files} files, ${kb(raw)} raw)`,
			target: target ? `≤ ${TARGET.firstLoadKB} KB` : '—',
			result: target ? verdict(gzip <= TARGET.firstLoadKB * 1024) : '—'
		});
	}
});

/** @type {{ origin: string, stop: () => void } | null} */
let server = null;
/** @type {import('@playwright/test').Browser | null} */
let browser = null;
let chromiumVersion = '?';
try {
	server = await startPreview(PREVIEW_PORT);
	browser = await chromium.launch(chromiumLaunchOptions());
	chromiumVersion = browser.version();
} catch (err) {
	const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
	rows.push({
		measure: 'preview and Chromium',
		value: `error: ${message}`,
		target: '',
		result: 'ERROR'
	});
}

if (server && browser) {
	const { origin } = server;
	const live = browser;

	await section('handshake', async () => {
		const r = await measureHandshakes(live, origin, { runs: plan.runs, warmup: plan.warmup });
		for (const [key, label] of /** @type {const} */ ([
			['connected', 'Play → connected'],
			['open', 'Play → channel open']
		])) {
			const { lab, baseline } = r[key];
			rows.push({ measure: `${label}, lab`, value: timing(lab), target: '—', result: '—' });
			rows.push({
				measure: `${label}, baseline`,
				value: timing(baseline),
				target: '—',
				result: '—'
			});
			const median = lab.median / baseline.median;
			const p95 = lab.p95 / baseline.p95;
			rows.push({
				measure: `${label}, lab / baseline`,
				value: `${fixed(median, 2)} (median), ${fixed(p95, 2)} (p95)`,
				target: `≤ ${TARGET.ratio} (median and p95)`,
				// NaN (no run connected) compares false: missed.
				result: verdict(median <= TARGET.ratio && p95 <= TARGET.ratio)
			});
		}
		if (r.errorTexts.length) notes.push(`handshake runs that failed: ${r.errorTexts.join('; ')}`);
		const work = (/** @type {Record<string, number>} */ w) =>
			`${fixed(w.task)} ms (script ${fixed(w.script)}, style ${fixed(w.style)}, layout ${fixed(w.layout)})`;
		notes.push(
			'Handshake, where the time goes. Median ms of each segment, from the trace (lab) and the ' +
				'page\'s own marks (baseline); lab "before call" is the lab\'s own time from the previous ' +
				'milestone until it made the call, the rest of the segment is the call until its result arrived:',
			...r.breakdown.map(
				(b) =>
					`  ${b.label.padEnd(38)} lab ${fixed(b.lab).padStart(6)}` +
					(Number.isFinite(b.labBeforeCall)
						? ` (before call ${fixed(b.labBeforeCall).padStart(4)})`
						: ' '.repeat(19)) +
					`   baseline ${fixed(b.baseline).padStart(5)}   extra ${fixed(b.lab - b.baseline).padStart(6)}`
			),
			`  Of the lab's → ICE connected, ${fixed(r.labInAddIceCandidate)} ms (median) were inside ` +
				'addIceCandidate calls (auto mode hands each candidate over as it is delivered, as the ' +
				'baseline does).',
			'  Main-thread work per run, Play until the end shows (median, CDP Performance.getMetrics):',
			`    lab      ${work(r.mainThread.lab)}`,
			`    baseline ${work(r.mainThread.baseline)}`
		);
	});

	await section('animation', async () => {
		const r = await measureAnimation(live, origin, { trace: TRACE, maxPlayMs: MAX_REPLAY_MS });
		const played = `${(r.playMs / 1000).toFixed(1)} s of replay${r.ended ? ', to the end' : ''}`;
		const replay = `Replay of ${r.candidates} candidates`;
		rows.push({
			measure: `${replay}: long tasks`,
			value: `${r.longTasks.count}, longest ${fixed(r.longTasks.max, 0)} ms (${played})`,
			target: `none over ${TARGET.longTaskMs} ms`,
			result: verdict(r.longTasks.count === 0)
		});
		rows.push({
			measure: `${replay}: frame time`,
			value: `p50 ${fixed(r.frames.median)}, p95 ${fixed(r.frames.p95)}, max ${fixed(r.frames.max)} ms (${r.frames.n} frames)`,
			target: '—',
			result: '—'
		});
		rows.push({
			measure: `Import trace (that file, ${mb(r.bytes)}): longest task`,
			value: `${fixed(r.importLongest, 0)} ms (import to replay ready: ${r.importMs} ms)`,
			target: '—',
			result: '—'
		});
	});

	await section('endurance', async () => {
		const r = await measureEndurance(live, origin, {
			runs: plan.endurance,
			warmup: plan.enduranceWarmup
		});
		rows.push({
			measure: `Endurance: ${r.runs} handshakes + Reset, failures`,
			value: `${r.failures} (${r.seconds.toFixed(0)} s; ${r.warmup} warm-up runs before)`,
			target: '0',
			result: verdict(r.failures === 0)
		});
		const growth = heapGrowth(r);
		rows.push({
			measure: `Endurance: JS heap after GC, over the ${r.runs}`,
			value: `${pct(growth)} (${mb(r.before)} → ${mb(r.after)})`,
			target: `< ${TARGET.heapGrowth * 100} %`,
			result: verdict(growth < TARGET.heapGrowth)
		});
		if (r.byKind) {
			const { before, after } = r.byKind;
			const change = (/** @type {'code' | 'metadata' | 'objects'} */ kind) =>
				signedKb(after[kind] - before[kind]);
			rows.push({
				measure: `Endurance: that growth, by kind (V8 heap spaces)`,
				value:
					`compiled code ${change('code')}, bytecode and code metadata ${change('metadata')}, ` +
					`objects ${change('objects')} (${pct(after.objects / before.objects - 1)})`,
				target: '—',
				result: '—'
			});
		}
		rows.push({
			measure: `Endurance: growth in the first and the second half of the ${r.runs}`,
			value: halves(r),
			target: '—',
			result: '—'
		});
		rows.push({
			measure: 'Endurance: JS heap after GC, from page load',
			value: `${pct(r.after / r.pageLoad - 1)} (${mb(r.pageLoad)} at load)`,
			target: '—',
			result: '—'
		});
		notes.push(
			`Heap: the first handshakes compile the code they run (bytecode, then optimized code) and fill ` +
				`the browser's bounded performance-entry buffers; that one-time cost is the difference ` +
				`between page load (${mb(r.pageLoad)}) and after the ${r.warmup} warm-up runs (${mb(r.before)}). ` +
				'Each reading waits 1.5 s for animations to end, then collects garbage twice. By kind: ' +
				"from a memory dump (chrome://tracing's memory-infra) of the page's V8 heap spaces; V8 " +
				'compiles optimized code for a function once it has run often enough, so functions a ' +
				'handshake calls a few times are compiled after tens or hundreds of runs.'
		);
		if (r.failureTexts.length)
			notes.push(`endurance failures: ${r.failureTexts.slice(0, 5).join('; ')}`);
	});

	await section('endurance, leak check', async () => {
		const options = chromiumLaunchOptions();
		const plain = await chromium.launch({
			...options,
			args: [...(options.args ?? []), OPTIMIZING_COMPILERS_OFF]
		});
		try {
			const r = await measureEndurance(plain, origin, {
				runs: plan.endurance,
				warmup: plan.enduranceWarmup
			});
			const growth = heapGrowth(r);
			const objects = r.byKind
				? `; objects ${signedKb(r.byKind.after.objects - r.byKind.before.objects)}`
				: '';
			rows.push({
				measure: `Leak check: the ${r.runs} again, V8's optimizing compilers off`,
				value:
					`${pct(growth)} (${mb(r.before)} → ${mb(r.after)}${objects}; ${halves(r)}), ` +
					`${r.failures} failures`,
				target: '—',
				result: '—'
			});
			notes.push(
				`Leak check: Chromium started with ${OPTIMIZING_COMPILERS_OFF}, otherwise the same ` +
					'rounds and readings. Without Maglev and Turbofan no code is compiled over the ' +
					'rounds, so the growth is what the runs leave behind, and a leak grows as much in ' +
					"each half; the difference from the rows above is V8's optimized code for the " +
					"lab's hot functions."
			);
			if (r.failureTexts.length)
				notes.push(`leak check failures: ${r.failureTexts.slice(0, 5).join('; ')}`);
		} finally {
			await plain.close();
		}
	});
}
// A browser that crashed in a section has nothing left to close.
await browser?.close().catch(() => {});

if (server) {
	const { origin } = server;
	await section('lighthouse', async () => {
		const r = await runLighthouse(`${origin}/`, DEVTOOLS_PORT, plan.lighthouseRuns);
		const ofRuns = (/** @type {number[]} */ scores) =>
			scores.length > 1 ? ` (median of ${scores.length} runs: ${scores.join(', ')})` : '';
		for (const [measure, score, runs] of /** @type {[string, number, number[]][]} */ ([
			['Lighthouse performance, / (default: mobile)', r.performance, r.mobileRuns],
			['Lighthouse performance, / (desktop preset)', r.desktopPerformance, r.desktopRuns],
			['Lighthouse accessibility, /', r.accessibility, []]
		]))
			rows.push({
				measure,
				value: `${fixed(score, 0)}${ofRuns(runs)}`,
				target: `${TARGET.lighthouse}`,
				result: verdict(score === TARGET.lighthouse)
			});
		notes.push(
			`Lighthouse metrics of the representative runs (Lighthouse's computeMedianRun), mobile / desktop: ${Object.entries(
				r.metrics
			)
				.map(([id, v]) => `${id} ${v}`)
				.join(', ')}`
		);
		if (r.failedAudits.length)
			notes.push(`Lighthouse audits below 100: ${r.failedAudits.join('; ')}`);
	});
}
server?.stop();

const header = { measure: 'measure', value: 'value', target: 'target', result: 'result' };
const width = Object.fromEntries(
	Object.keys(header).map((k) => [
		k,
		Math.max(...[header, ...rows].map((r) => r[/** @type {keyof Row} */ (k)].length))
	])
);
const line = (/** @type {Row} */ r) =>
	`| ${r.measure.padEnd(width.measure)} | ${r.value.padEnd(width.value)} | ` +
	`${r.target.padEnd(width.target)} | ${r.result.padEnd(width.result)} |`;
const rule = `|${Object.values(width)
	.map((w) => '-'.repeat(w + 2))
	.join('|')}|`;
console.log(
	`npm run bench${quick ? ' --quick' : ''}: ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC, ` +
		`${cpus().length} cores (load average ${loadAtStart.toFixed(1)} at start, ${loadavg()[0].toFixed(1)} at end), ` +
		`Chromium ${chromiumVersion} (headless), Node ${process.versions.node}; ` +
		`${plan.runs} interleaved handshakes each after ${plan.warmup} warm-up`
);
console.log([line(header), rule, ...rows.map(line)].join('\n'));
if (notes.length) console.log(`\n${notes.join('\n')}`);
