// Code splitting, as a user meets it: a page fetches exactly the first-load JS that
// scripts/bench/first-load.js counts (nothing lazy is fetched behind the measure's back, and
// nothing the measure leaves out is fetched anyway) and no stylesheet (they are inlined); it
// preloads every module its scripts import statically, so none is found a round trip late; what a
// page runs as it starts carries V8's compile hint, and what waits for the reader does not; a lazy
// part loads when it is needed, says when it cannot be loaded, and loads on `Try again`, losing
// nothing the reader typed or selected.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page, Route } from '@playwright/test';
import { clientManifest, firstLoadFiles, pageScripts } from '../../scripts/bench/first-load.js';
import { COMPILE_HINT } from '../../scripts/vite-plugin-compile-hints.js';
import { expect, status, test } from './fixtures';

const BUILD = join(process.cwd(), 'build');

/**
 * The URL paths of the JS and CSS files the page requests, but for the root error page (node 1),
 * which SvelteKit's client fetches itself once it has started, in case an error comes (client.js,
 * `void default_error_loader()`): after the page runs, so not first load.
 */
function filesOf(page: Page): Set<string> {
	const paths = new Set<string>();
	page.on('request', (request) => {
		const url = new URL(request.url());
		if (/\.(js|css)$/.test(url.pathname) && !/\/nodes\/1\.[\w-]+\.js$/.test(url.pathname))
			paths.add(url.pathname);
	});
	return paths;
}

/** True if the built file at this URL path starts with the compile hint (compileHints in vite.config). */
function hinted(path: string): boolean {
	return readFileSync(join(BUILD, path), 'utf8').startsWith(COMPILE_HINT);
}

/** A file of the build as the URL path the preview serves it at (the build is served at /). */
const urlPath = (file: string) => file.slice(BUILD.length);

/** What first-load.js counts for the page, as URL paths. */
async function counted(page: string): Promise<string[]> {
	return (await firstLoadFiles(BUILD, page)).map(urlPath).sort();
}

/** Each kind of page: its path, and its prerendered file in the build. */
const PAGES = [
	['/', 'index.html'],
	['/learn/why-signaling', 'learn/why-signaling.html'],
	['/embed/why-signaling', 'embed/why-signaling.html'],
	['/inspect', 'inspect.html']
] as const;

for (const [path, file] of PAGES)
	test(`${path} fetches exactly its first-load JS, and no stylesheet, until the reader acts`, async ({
		page
	}) => {
		const fetched = filesOf(page);
		await page.goto(path);
		await expect(page.getByRole('heading', { level: 1 })).toBeAttached();
		if (path !== '/inspect')
			await expect(page.getByRole('button', { name: 'Start' })).toBeVisible();
		await page.waitForLoadState('networkidle');
		expect([...fetched].sort()).toEqual(await counted(file));
		// Each is compiled as it streams in, not function by function on the main thread.
		expect([...fetched].filter((path) => path.endsWith('.js') && !hinted(path))).toEqual([]);
	});

for (const [path, file] of PAGES)
	test(`${path} preloads every module its scripts import statically`, async () => {
		// Without it the browser finds such a module only once its importer has arrived and been
		// parsed, and the page starts a round trip later: SvelteKit 2.70 left out a module it met
		// first through a lazy import (scripts/patches). Under Lighthouse's mobile conditions, applied
		// for real, the lab was ready 90–144 ms later with three such modules (README, Design notes).
		const named = new Set(await pageScripts(BUILD, file));
		const imported = await firstLoadFiles(BUILD, file, { loadedAtStart: false });
		expect(imported.filter((js) => !named.has(js)).map(urlPath)).toEqual([]);
	});

test('the Inspector and the annotator load when an SDP is first selected', async ({ page }) => {
	const fetched = filesOf(page);
	await page.goto('/');
	await page.getByRole('button', { name: 'Play' }).click();
	await expect(status(page)).toContainText('Connected.');
	await page.waitForLoadState('networkidle');
	const before = new Set(fetched);
	const inspector = page.getByRole('region', { name: 'Inspector' });
	await page
		.getByRole('region', { name: 'Alice (offerer)' })
		.getByRole('button', { name: 'local offer' })
		.click();
	await expect(inspector.getByRole('list', { name: 'Annotated SDP' })).toContainText('v=0');
	const later = [...fetched].filter((path) => !before.has(path));
	expect(later.length).toBeGreaterThan(0);
	// Compiled lazily, as usual: a lazy part's functions wait for the reader, most of them for good.
	expect(later.filter(hinted)).toEqual([]);
});

/** Makes every JS file the page asks for from now on fail, until the returned function is called. */
async function failScripts(page: Page): Promise<() => Promise<void>> {
	const fail = (route: Route) => route.abort('failed');
	await page.route('**/*.js', fail);
	return () => page.unroute('**/*.js', fail);
}

/** The console errors a refused request causes, which this test means to cause; any other fails it. */
function forgetRefusedRequests(errors: string[]) {
	const expected = /^Failed to load resource: net::ERR_FAILED$/;
	expect(errors.filter((e) => !expected.test(e))).toEqual([]);
	errors.length = 0;
}

test('a lazy part that cannot be loaded says so, keeps the selection, and loads on Try again', async ({
	page,
	consoleErrors
}) => {
	await page.goto('/');
	await page.getByRole('button', { name: 'Play' }).click();
	await expect(status(page)).toContainText('Connected.');
	await page.waitForLoadState('networkidle');
	const restore = await failScripts(page);
	const offer = page
		.getByRole('region', { name: 'Alice (offerer)' })
		.getByRole('button', { name: 'local offer' });
	await offer.click();
	const inspector = page.getByRole('region', { name: 'Inspector' });
	await expect(inspector.getByRole('alert')).toContainText('Could not load the Inspector');
	// It tries again when asked, not by itself each time the trace grows (a getStats sample every
	// 500 ms for a while after connecting), which replaced the alert under the reader's pointer.
	const tryAgain = await inspector.getByRole('button', { name: 'Try again' }).elementHandle();
	await page.waitForTimeout(1500);
	expect(await tryAgain!.evaluate((button) => button.isConnected)).toBe(true);
	await restore();
	await inspector.getByRole('button', { name: 'Try again' }).click();
	// The selection was kept: the offer it shows is the one selected before the failure.
	await expect(inspector.getByRole('list', { name: 'Annotated SDP' })).toContainText('v=0');
	await expect(inspector).toContainText('local-description');
	forgetRefusedRequests(consoleErrors);
});

test('/inspect keeps what was typed while the annotator cannot be loaded', async ({
	page,
	consoleErrors
}) => {
	await page.goto('/inspect');
	await page.waitForLoadState('networkidle');
	const restore = await failScripts(page);
	const input = page.getByRole('textbox', { name: 'SDP or candidate' });
	const candidate = 'candidate:1 1 udp 2122260223 192.0.2.1 54321 typ host';
	await input.fill(candidate);
	await page.getByRole('button', { name: 'Explain' }).click();
	await expect(page.getByRole('alert')).toContainText('Could not load the annotator');
	await expect(input).toHaveValue(candidate);
	await restore();
	await page.getByRole('button', { name: 'Try again' }).click();
	await expect(page.getByLabel('Decoded candidate')).toContainText('host');
	await expect(input).toHaveValue(candidate);
	forgetRefusedRequests(consoleErrors);
});

test('the lab says when its code cannot be loaded, and opens on Try again', async ({
	page,
	consoleErrors
}) => {
	// The lab's state and machines: a chunk the page imports as it starts (open-lab-later.ts).
	const manifest = await clientManifest(BUILD);
	const labCode = manifest['src/lib/state/open-lab.ts']!.file;
	const fail = (route: Route) => route.abort('failed');
	await page.route(`**/${labCode}`, fail);
	await page.goto('/');
	await expect(page.getByRole('alert')).toContainText('Could not load the lab');
	await expect(page.getByRole('button', { name: 'Play' })).toHaveCount(0);
	await page.unroute(`**/${labCode}`, fail);
	await page.getByRole('button', { name: 'Try again' }).click();
	await page.getByRole('button', { name: 'Play' }).click();
	await expect(status(page)).toContainText('Connected.');
	forgetRefusedRequests(consoleErrors);
});
