// Launch options for the system Chromium used by the e2e tests and by node scripts
// (e.g. scripts/measure-handshake.js). Plain ESM so both playwright.config.ts and node can import it.
//
// Why the dance around --disable-features: Chromium honours only the LAST `--disable-features=`
// switch on its command line, and Playwright passes its own `--disable-features=<list>` among its
// default args. Appending ours would silently drop Playwright's list; passing nothing would leave
// WebRtcHideLocalIpsWithMdns on (host candidates become `<uuid>.local` and Chromium multicasts mDNS).
// So we ask the installed Playwright for its exact default switch, drop it with ignoreDefaultArgs,
// and pass one merged switch instead.
import { createRequire } from 'node:module';

/** Features we disable on top of Playwright's own list. */
export const EXTRA_DISABLED_FEATURES = ['WebRtcHideLocalIpsWithMdns'];

/** Playwright 1.65.1's list, used only if the installed Playwright cannot be asked. */
const FALLBACK_PLAYWRIGHT_DISABLED_FEATURES = [
	'AvoidUnnecessaryBeforeUnloadCheckSync',
	'DestroyProfileOnBrowserClose',
	'HttpsUpgrades',
	'HttpsFirstBalancedModeAutoEnable',
	'LensOverlay',
	'MediaRouter',
	'PaintHolding',
	'ThirdPartyStoragePartitioning',
	'AvoidCorsURLLoaderRestartOnRedirect',
	'TcpPortRandomizationWin',
	'OptimizationHints',
	'NetworkTimeServiceQuerying',
	'AimEnabled',
	'PreconnectToSearch',
	'msForceBrowserSignIn',
	'msEdgeUpdateLaunchServicesPreferredVersion'
];

const DISABLE_FEATURES = '--disable-features=';

const OTHER_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync'
];

/** @type {{ switch: string | null, features: string[], source: string } | undefined} */
let cached;

/**
 * Playwright's default `--disable-features=...` switch for Chromium, exactly as the installed
 * playwright-core would pass it. playwright-core does not export `chromiumSwitches` (it is bundled
 * inside lib/coreBundle.js), so we ask the server-side Chromium browser type for its default args:
 * `createPlaywright().chromium._innerDefaultArgs()` is the very function `launch()` uses. It is
 * internal API, hence the fallback to a pinned list (and a warning) if it ever changes shape.
 * @returns {{ switch: string | null, features: string[], source: string }}
 */
export function playwrightDefaultDisabledFeatures() {
	if (cached) return cached;
	try {
		const require = createRequire(import.meta.url);
		// Resolve the playwright-core that @playwright/test itself uses.
		const testPkg = require.resolve('@playwright/test/package.json');
		const pwPkg = createRequire(testPkg).resolve('playwright/package.json');
		const core = createRequire(pwPkg)('playwright-core/lib/coreBundle');
		const playwright = core.server.createPlaywright({ sdkLanguage: 'javascript' });
		/** @type {string[]} */
		const args = playwright.chromium._innerDefaultArgs({ headless: true, args: [] });
		const found = args.filter((a) => a.startsWith(DISABLE_FEATURES));
		if (found.length !== 1) throw new Error(`expected one ${DISABLE_FEATURES} default arg`);
		const sw = /** @type {string} */ (found[0]);
		const features = sw.slice(DISABLE_FEATURES.length).split(',').filter(Boolean);
		cached = { switch: sw, features, source: 'playwright-core' };
	} catch (err) {
		console.warn(
			`[chromium.js] could not read Playwright's default ${DISABLE_FEATURES} (${String(err)}); ` +
				'using the list pinned from Playwright 1.65.1'
		);
		cached = {
			switch: null,
			features: FALLBACK_PLAYWRIGHT_DISABLED_FEATURES,
			source: 'fallback'
		};
	}
	return cached;
}

/**
 * Launch options for `chromium.launch()` / Playwright's `use.launchOptions`.
 * @param {{ extraArgs?: string[] }} [options]
 * @returns {import('@playwright/test').LaunchOptions}
 */
export function chromiumLaunchOptions({ extraArgs = [] } = {}) {
	const pw = playwrightDefaultDisabledFeatures();
	const features = [...new Set([...pw.features, ...EXTRA_DISABLED_FEATURES])];
	// If the lookup failed, the pinned switch may still match the default exactly; if it does not,
	// ours comes after Playwright's defaults and therefore still wins.
	const ignore = pw.switch ?? DISABLE_FEATURES + FALLBACK_PLAYWRIGHT_DISABLED_FEATURES.join(',');
	return {
		executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
		ignoreDefaultArgs: [ignore],
		args: [...OTHER_ARGS, DISABLE_FEATURES + features.join(','), ...extraArgs]
	};
}
