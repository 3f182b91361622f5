import { defineConfig, devices } from '@playwright/test';
import { chromiumLaunchOptions } from './tests/e2e/chromium.js';

export default defineConfig({
	testDir: 'tests/e2e',
	// Two cores, and the WebRTC tests are timing-sensitive: run them one at a time.
	workers: 1,
	fullyParallel: false,
	retries: 0,
	reporter: [['list'], ['json', { outputFile: 'reports/e2e.json' }]],
	use: {
		baseURL: 'http://127.0.0.1:4173'
	},
	webServer: [
		{
			command: 'npm run build && npm run preview -- --port 4173 --strictPort --host 127.0.0.1',
			port: 4173,
			reuseExistingServer: !process.env.CI,
			timeout: 180_000
		},
		{
			// The static build under a sub-path, on a plain file server (tests/e2e/subpath.spec.ts).
			// It builds in its own folders (build-subpath/, .svelte-kit/build-subpath/).
			command:
				'npm run build:subpath && node scripts/serve-static.js build-subpath --base /courses/webrtc --port 4174 --cors',
			port: 4174,
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
