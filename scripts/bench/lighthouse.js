// Lighthouse on the lab (`/`): performance (its default mobile run, and its desktop preset) and
// accessibility, in Debian's Chromium started here on a debugging port of the bench's own range.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumLaunchOptions } from '../../tests/e2e/chromium.js';

/**
 * Chromium with a DevTools port on 127.0.0.1, for Lighthouse to drive; stopped by its PID.
 * @param {number} port
 */
async function startChromium(port) {
	const profile = await mkdtemp(join(tmpdir(), 'bench-lighthouse-'));
	const e2e = chromiumLaunchOptions();
	const child = spawn(
		/** @type {string} */ (e2e.executablePath),
		[
			'--headless=new',
			`--remote-debugging-port=${port}`,
			'--remote-debugging-address=127.0.0.1',
			`--user-data-dir=${profile}`,
			// The e2e tests' switches (sandbox, GPU, QUIC, background networking off, …).
			...(e2e.args ?? []),
			'about:blank'
		],
		{ stdio: 'ignore', detached: true }
	);
	const stop = async () => {
		try {
			process.kill(-(/** @type {number} */ (child.pid)), 'SIGTERM');
		} catch {
			/* already gone */
		}
		for (let i = 0; i < 50 && child.exitCode === null && child.signalCode === null; i++)
			await new Promise((r) => setTimeout(r, 100));
		await rm(profile, { recursive: true, force: true });
	};
	process.on('exit', () => {
		try {
			process.kill(-(/** @type {number} */ (child.pid)), 'SIGKILL');
		} catch {
			/* already gone */
		}
	});
	for (let i = 0; i < 100; i++) {
		if (child.exitCode !== null) break;
		try {
			if ((await fetch(`http://127.0.0.1:${port}/json/version`)).ok) return { stop };
		} catch {
			/* not up yet */
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	await stop();
	throw new Error(`Chromium did not open its DevTools port ${port}`);
}

/**
 * @param {string} url
 * @param {number} port the DevTools port
 * @param {number} runs of each preset: Lighthouse's variability guide (docs/variability.md) has
 *   the median of 5 runs about twice as stable as one run
 * @returns {Promise<{ performance: number, accessibility: number, desktopPerformance: number, mobileRuns: number[], desktopRuns: number[], failedAudits: string[], metrics: Record<string, string> }>}
 *   scores 0–100: the median score of the runs of each preset, every run's score, and the
 *   metrics and audits of each preset's representative run (Lighthouse's computeMedianRun: the
 *   run nearest the median first contentful paint and time to interactive)
 */
export async function runLighthouse(url, port, runs = 5) {
	const { default: lighthouse } = await import('lighthouse');
	const { default: desktopConfig } = await import('lighthouse/core/config/desktop-config.js');
	const { computeMedianRun } = await import('lighthouse/core/lib/median-run.js');
	const chromium = await startChromium(port);
	try {
		/** @type {import('lighthouse').Flags} */
		const flags = {
			port,
			hostname: '127.0.0.1',
			output: 'json',
			logLevel: 'error',
			onlyCategories: ['performance', 'accessibility']
		};
		const run = async (/** @type {any} */ config) => {
			const result = await lighthouse(url, flags, config);
			if (!result) throw new Error('Lighthouse returned no result');
			const { lhr } = result;
			if (lhr.runtimeError)
				throw new Error(`${lhr.runtimeError.code}: ${lhr.runtimeError.message}`);
			return lhr;
		};
		const score = (/** @type {any} */ lhr, /** @type {string} */ id) =>
			lhr.categories[id]?.score === null ? NaN : Math.round(lhr.categories[id].score * 100);
		/** @type {any[]} */
		const mobileRuns = [];
		/** @type {any[]} */
		const desktopRuns = [];
		// Interleaved, so that a busy moment of the machine does not fall on one preset only.
		for (let i = 0; i < runs; i++) {
			mobileRuns.push(await run(undefined));
			desktopRuns.push(await run(desktopConfig));
		}
		const medianScore = (/** @type {any[]} */ lhrs, /** @type {string} */ id) => {
			const sorted = lhrs.map((lhr) => score(lhr, id)).sort((a, b) => a - b);
			return /** @type {number} */ (sorted[Math.floor((sorted.length - 1) / 2)]);
		};
		const mobile = computeMedianRun(mobileRuns);
		const desktop = computeMedianRun(desktopRuns);
		/** What kept a score below 100: the audits of both categories that did not pass. */
		const failedAudits = [];
		for (const [name, lhr] of /** @type {[string, any][]} */ ([
			['mobile', mobile],
			['desktop', desktop]
		]))
			for (const id of ['performance', 'accessibility'])
				for (const ref of lhr.categories[id].auditRefs) {
					const audit = lhr.audits[ref.id];
					if (ref.weight > 0 && audit.score !== null && audit.score < 1)
						failedAudits.push(`${name} ${id}: ${ref.id} (${audit.displayValue ?? audit.score})`);
				}
		/** @type {Record<string, string>} */
		const metrics = {};
		for (const id of [
			'first-contentful-paint',
			'largest-contentful-paint',
			'total-blocking-time',
			'cumulative-layout-shift',
			'speed-index'
		])
			metrics[id] =
				`${mobile.audits[id]?.displayValue ?? '—'} / ${desktop.audits[id]?.displayValue ?? '—'}`;
		return {
			performance: medianScore(mobileRuns, 'performance'),
			desktopPerformance: medianScore(desktopRuns, 'performance'),
			accessibility: medianScore(mobileRuns, 'accessibility'),
			mobileRuns: mobileRuns.map((lhr) => score(lhr, 'performance')),
			desktopRuns: desktopRuns.map((lhr) => score(lhr, 'performance')),
			failedAudits,
			metrics
		};
	} finally {
		await chromium.stop();
	}
}
