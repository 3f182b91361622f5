// Measures the live lab: time from Play to `connected` (both peers) and to the data channel
// open, over N runs in one page, read from the exported trace's own timestamps (t = 0 when Play
// starts the session). Not a test: it prints numbers. Usage: npm run measure [-- runs]
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../tests/e2e/chromium.js';

const runs = Number(process.argv[2] ?? 20);
const port = 4175;
const preview = spawn(
	'npx',
	['vite', 'preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1'],
	{
		stdio: 'ignore',
		detached: true
	}
);
const stopPreview = () => {
	try {
		process.kill(-preview.pid);
	} catch {
		/* already gone */
	}
};
process.on('exit', stopPreview);

async function waitForServer() {
	for (let i = 0; i < 100; i++) {
		try {
			if ((await fetch(`http://127.0.0.1:${port}/`)).ok) return;
		} catch {
			/* not up yet */
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error('vite preview did not start: run `npm run build` first');
}

const percentile = (sorted, p) =>
	sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const summary = (label, values) => {
	const s = [...values].sort((a, b) => a - b);
	return `${label.padEnd(28)} median ${percentile(s, 50).toFixed(1)} ms   p95 ${percentile(s, 95).toFixed(1)} ms   min ${s[0].toFixed(1)} ms   max ${s.at(-1).toFixed(1)} ms`;
};

await waitForServer();
const browser = await chromium.launch(chromiumLaunchOptions());
const page = await browser.newPage({ acceptDownloads: true });
await page.goto(`http://127.0.0.1:${port}/`);
const connected = [];
const open = [];
for (let i = 0; i < runs; i++) {
	await page.getByRole('button', { name: 'Play' }).click();
	await page.getByRole('status').getByText('Connected.').waitFor();
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
		when((e) => e.type === 'state-change' && e.machine === 'connection' && e.value === 'connected')
	);
	open.push(when((e) => e.type === 'data-channel' && e.phase === 'open'));
	await page.getByRole('button', { name: 'Reset' }).click();
}
await browser.close();
console.log(
	`${runs} runs of Play in one page, ${new Date().toISOString().slice(0, 10)}, ${(await import('node:os')).cpus().length} cores`
);
console.log(summary('Play → connected (both)', connected));
console.log(summary('Play → data channel open', open));
stopPreview();
