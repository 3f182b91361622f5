import { defineConfig, devices } from '@playwright/test';
import { chromiumLaunchOptions } from './tests/e2e/chromium.js';

/**
 * The preview's port, and the sub-path server's (the next one). E2E_PORT lets two checkouts on one
 * machine (git worktrees) run their tests at the same time.
 */
const PORT = Number(process.env.E2E_PORT ?? 4173);
const SUBPATH_PORT = PORT + 1;
process.env.E2E_SUBPATH_ORIGIN = `http://127.0.0.1:${SUBPATH_PORT}`;

export default defineConfig({
	testDir: 'tests/e2e',
	// Two cores, and the WebRTC tests are timing-sensitive: run them one at a time.
	workers: 1,
	fullyParallel: false,
	retries: 0,
	reporter: [['list'], ['json', { outputFile: 'reports/e2e.json' }]],
	use: {
		baseURL: `http://127.0.0.1:${PORT}`
	},
	webServer: [
		{
			command: `npm run build && npm run preview -- --port ${PORT} --strictPort --host 127.0.0.1`,
			port: PORT,
			reuseExistingServer: !process.env.CI,
			timeout: 180_000
		},
		{
			// The static build under a sub-path, on a plain file server (tests/e2e/subpath.spec.ts).
			// It builds in its own folders (build-subpath/, .svelte-kit/build-subpath/).
			command: `npm run build:subpath && node scripts/serve-static.js build-subpath --base /courses/webrtc --port ${SUBPATH_PORT} --cors`,
			port: SUBPATH_PORT,
			reuseExistingServer: !process.env.CI,
			timeout: 180_000
		}
	],
	projects: [
		{
			name: 'chromium',
			use: {
				...devices['Desktop Chrome'],
				launchOptions: chromiumLaunchOptions()
			}
		}
	]
});
