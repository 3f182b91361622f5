// Measures the live lab: time from Play to `connected` (both peers) and to the data channel
// open, over N runs per scenario in one page, read from each exported trace's own timestamps
// (t = 0 when Play starts the session). Not a test: it prints numbers.
// Usage: npm run measure [-- runs]   (the preview server starts the local coturn when installed)
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../tests/e2e/chromium.js';

const runs = Number(process.argv[2] ?? 20);
const port = 4175;
const origin = `http://127.0.0.1:${port}`;
const preview = spawn(
	'npx',
	['vite', 'preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1'],
	{
		stdio: 'ignore',
		detached: true
	}
);
// Stopped by its process group's PID, so coturn (started by the preview server) stops with it.
const stopPreview = () => {
	try {
		process.kill(-preview.pid, 'SIGTERM');
	} catch {
		/* already gone */
	}
};
process.on('exit', stopPreview);

async function waitForServer() {
	for (let i = 0; i < 100; i++) {
		try {
			if ((await fetch(`${origin}/`)).ok) return;
		} catch {
			/* not up yet */
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error('vite preview did not start: run `npm run build` first');
}

const percentile = (sorted, p) =>
	sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const row = (label, values) => {
	const s = values.filter(Number.isFinite).sort((a, b) => a - b);
	if (!s.length) return `${label.padEnd(34)} no run connected`;
	return `${label.padEnd(34)} median ${percentile(s, 50).toFixed(1).padStart(6)} ms   p95 ${percentile(s, 95).toFixed(1).padStart(6)} ms   (${s.length}/${values.length} runs)`;
};
const median = (values) =>
	percentile(
		[...values].sort((a, b) => a - b),
		50
	);

await waitForServer();
const local = (await (await fetch(`${origin}/__lab/ice-servers.json`)).json()).available;
const scenarios = [
	{ name: 'no server (host candidates)', ice: 'None (host candidates only)', trickle: true },
	...(local
		? [
				{ name: 'Local STUN', ice: 'Local STUN', trickle: true },
				{ name: 'Local TURN (relay only)', ice: 'Local TURN (relay only)', trickle: true },
				{ name: 'Local STUN, vanilla ICE', ice: 'Local STUN', trickle: false }
			]
		: [])
];

const browser = await chromium.launch(chromiumLaunchOptions());
const page = await browser.newPage({ acceptDownloads: true });
await page.goto(`${origin}/`);
const results = [];
for (const scenario of scenarios) {
	await page.getByRole('radio', { name: scenario.ice }).check();
	await page.getByRole('checkbox', { name: /Trickle ICE/ }).setChecked(scenario.trickle);
	const connected = [];
	const open = [];
	const waited = [];
	for (let i = 0; i < runs; i++) {
		await page.getByRole('button', { name: 'Play' }).click();
		await page
			.getByRole('status')
			.getByText(/^(Connected|Stopped)\./)
			.waitFor({ timeout: 60_000 });
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			page.getByRole('button', { name: 'Export trace' }).click()
		]);
		const { events } = JSON.parse(await readFile(await download.path(), 'utf8'));
		const when = (match) =>
			Math.max(
				...['alice', 'bob'].map((peer) => events.find((e) => e.peer === peer && match(e))?.t ?? NaN)
			);
		connected.push(
			when(
				(e) => e.type === 'state-change' && e.machine === 'connection' && e.value === 'connected'
			)
		);
		open.push(when((e) => e.type === 'data-channel' && e.phase === 'open'));
		// What trickle ICE saves: each peer's wait from setLocalDescription to gathering complete.
		for (const peer of ['alice', 'bob']) {
			const set = events.find(
				(e) =>
					e.peer === peer &&
					e.type === 'api-call' &&
					e.method === 'setLocalDescription' &&
					e.phase === 'resolve'
			);
			const done = events.find(
				(e) =>
					e.peer === peer &&
					e.type === 'state-change' &&
					e.machine === 'iceGathering' &&
					e.value === 'complete'
			);
			if (set && done) waited.push(done.t - set.t);
		}
		await page.getByRole('button', { name: 'Reset' }).click();
	}
	results.push({ scenario, connected, open, waited });
}
await browser.close();

console.log(
	`${runs} runs of Play per scenario in one page, ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores${local ? '' : ' (no coturn: server scenarios skipped)'}`
);
for (const { scenario, connected, open } of results) {
	console.log(row(`Play → connected, ${scenario.name}`, connected));
	console.log(row(`Play → channel open, ${scenario.name}`, open));
}
const stun = results.find((r) => r.scenario.name === 'Local STUN');
const vanilla = results.find((r) => r.scenario.name === 'Local STUN, vanilla ICE');
if (stun && vanilla) {
	console.log(
		`gathering wait per description (what vanilla ICE holds it for): median ${median(vanilla.waited).toFixed(1)} ms`
	);
	console.log(
		`trickle saved, Play → connected with Local STUN: ${(median(vanilla.connected) - median(stun.connected)).toFixed(1)} ms (median vanilla − median trickle)`
	);
}
stopPreview();
