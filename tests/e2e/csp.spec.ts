// Content Security Policy: every page ships a strict one (svelte.config.js, kit.csp), and nothing
// the site does breaks it: not the lab playing (with its animations), not an SDP explained, not a
// lesson stepping, not the diagram downloaded as SVG and PNG.
import { readdirSync, readFileSync } from 'node:fs';
import { test as plain, type Page } from '@playwright/test';
import { expect, status, test } from './fixtures';

const SLUGS = readdirSync('content/lessons', { withFileTypes: true })
	.filter((entry) => entry.isDirectory())
	.map((entry) => entry.name)
	.sort()
	.map((name) => name.replace(/^\d+-/, ''));

const PATHS = ['/', '/inspect', '/learn', ...SLUGS.flatMap((s) => [`/learn/${s}`, `/embed/${s}`])];

/** The policy's directives, by name. */
function directives(policy: string): Map<string, string[]> {
	return new Map(
		policy
			.split(';')
			.map((d) => d.trim().split(/\s+/))
			.filter(([name]) => name)
			.map(([name, ...values]) => [name!, values])
	);
}

test('every page ships a strict Content-Security-Policy before any script', async ({ request }) => {
	for (const path of PATHS) {
		const html = await (await request.get(path)).text();
		const metas = [
			...html.matchAll(/<meta http-equiv="content-security-policy" content="([^"]+)"/gi)
		];
		expect(metas, path).toHaveLength(1);
		const policy = metas[0]![1]!;
		// A <meta> policy covers only what comes after it.
		expect(metas[0]!.index, path).toBeLessThan(html.search(/<script|<link rel="modulepreload"/));
		expect(policy, path).not.toContain('unsafe-eval');
		const d = directives(policy);
		expect(d.get('default-src'), path).toEqual(["'self'"]);
		const script = d.get('script-src') ?? [];
		expect(script[0], path).toBe("'self'");
		for (const source of script.slice(1)) expect(source, path).toMatch(/^'sha256-[\w+/=]+'$/);
		expect(d.get('style-src'), path).not.toContain("'unsafe-inline'");
		expect(d.get('img-src'), path).toEqual(["'self'", 'data:', 'blob:']);
		expect(d.get('connect-src'), path).toEqual(["'self'"]);
		expect(d.get('object-src'), path).toEqual(["'none'"]);
		expect(d.get('base-uri'), path).toEqual(["'self'"]);
		expect(d.get('form-action'), path).toEqual(["'self'"]);
	}
});

/** Records every securitypolicyviolation of the page, from before its first script. */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
	await page.addInitScript(() => {
		const seen: string[] = [];
		(window as unknown as { cspViolations: string[] }).cspViolations = seen;
		document.addEventListener('securitypolicyviolation', (e) =>
			seen.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} ${e.sample}`)
		);
	});
	return () =>
		page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
}

// Plain Playwright: what the policy refuses is logged as a console error, which is the point here.
plain(
	'the policy is enforced: an injected inline script and a string timer are refused',
	async ({ page }) => {
		const seen = await watchViolations(page);
		await page.goto('/');
		await expect(page.getByRole('button', { name: 'Start' })).toBeVisible();
		// (eval inside page.evaluate would prove nothing: DevTools' own evaluation may bypass the CSP.)
		await page.evaluate(() => {
			const s = document.createElement('script');
			s.textContent = 'window.injected = true';
			document.body.append(s);
			// A string is compiled like eval, later, by the page itself.
			(setTimeout as (code: string, ms: number) => number)('window.compiled = true', 0);
		});
		await expect.poll(seen).toHaveLength(2);
		expect(await page.evaluate(() => ['injected' in window, 'compiled' in window])).toEqual([
			false,
			false
		]);
		const violations = await seen();
		expect(violations.some((v) => v.startsWith('script-src-elem blocked inline'))).toBe(true);
		expect(violations.some((v) => v.startsWith('script-src blocked eval'))).toBe(true);
	}
);

test('no securitypolicyviolation while the lab plays, explains, steps a lesson and downloads', async ({
	page
}) => {
	// Full motion: the diagram animates with d3 (inline style writes through the CSSOM).
	await page.emulateMedia({ reducedMotion: 'no-preference' });
	const seen = await watchViolations(page);
	const diagram = page.getByRole('region', { name: 'Sequence diagram' });

	// The lab plays to the end; an arrow is inspected; the diagram and the trace are downloaded.
	await page.goto('/');
	await page.getByRole('button', { name: 'Play' }).click();
	await expect(status(page)).toContainText('Connected.');
	await diagram.getByRole('button', { name: /^Alice's offer #1 sent to the bus/ }).click();
	await expect(page.getByRole('list', { name: 'Annotated SDP' })).toBeVisible();
	for (const [button, file] of [
		['Download SVG', /\.svg$/],
		['Download PNG', /\.png$/],
		['Export trace', /\.trace\.json$/]
	] as const) {
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			page.getByRole('button', { name: button, exact: true }).click()
		]);
		expect(download.suggestedFilename()).toMatch(file);
	}
	expect(await seen(), 'lab').toEqual([]);

	// To the inspector by the site's own link (a client-side navigation and kit's announcer).
	await page.getByRole('link', { name: 'Inspect SDP' }).click();
	await page
		.getByRole('textbox', { name: 'SDP or candidate' })
		.fill(
			readFileSync('tests/fixtures/sdp/chromium-156-audio-video-datachannel-offer.sdp', 'utf8')
		);
	await page.getByRole('button', { name: 'Explain', exact: true }).click();
	await expect(page.getByRole('status')).toContainText("This browser's parser accepts it");
	expect(await seen(), 'inspect').toEqual([]);

	// A lesson steps, through a prediction.
	await page.goto(`/learn/${SLUGS[0]}`);
	await page.getByRole('button', { name: 'Play' }).click();
	const predict = page.getByRole('group', { name: 'Predict' });
	await predict.getByRole('radio').first().check();
	await page.getByRole('button', { name: 'Check', exact: true }).click();
	await expect(page.getByRole('region', { name: 'Lesson' })).toContainText(/Right\.|Not quite/);
	expect(await seen(), 'lesson').toEqual([]);

	// An embed, and a recording replayed (it fetches its trace).
	await page.goto(`/embed/${SLUGS[0]}?autoplay=1`);
	await expect(page.getByRole('group', { name: 'Predict' })).toBeVisible();
	await page.goto(`/learn/${SLUGS.find((s) => s.includes('mdns')) ?? SLUGS.at(-1)}`);
	await expect(page.getByRole('note')).toContainText('Recording, not live');
	await page.getByRole('button', { name: 'Play' }).click();
	await expect(page.getByRole('group', { name: 'Predict' })).toBeVisible();
	expect(await seen(), 'embed and replay').toEqual([]);
});
