// Make sure a Chromium binary is available for the e2e tests (no browser download from Playwright:
// the tests run the system Chromium, see tests/e2e/chromium.js).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

if (existsSync(chromiumPath)) process.exit(0);

const isDebian = existsSync('/etc/debian_version');
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

if (process.env.CHROMIUM_PATH) {
	console.error(`CHROMIUM_PATH is set to ${chromiumPath}, but no such file exists.`);
	console.error('Point CHROMIUM_PATH at a Chromium or Chrome binary, or unset it.');
	process.exit(1);
}

if (isDebian && isRoot) {
	console.error(`${chromiumPath} not found; installing chromium with apt-get...`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	/** @param {string[]} args */
	const apt = (args) => spawnSync('apt-get', args, { stdio: 'inherit', env });
	const update = apt(['update']);
	if (update.status !== 0) process.exit(update.status ?? 1);
	const install = apt(['install', '-y', 'chromium']);
	process.exit(install.status ?? 1);
}

console.error(`Chromium not found at ${chromiumPath}. The e2e tests need a system Chromium:`);
console.error('  - on Debian/Ubuntu:  sudo apt-get install chromium');
console.error('  - or set CHROMIUM_PATH to a Chromium/Chrome binary, e.g.');
console.error('      CHROMIUM_PATH=/path/to/chrome npm run test:e2e');
process.exit(1);
