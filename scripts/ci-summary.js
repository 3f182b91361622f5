// Print a one-line test summary from the unit (vitest) and e2e (Playwright) JSON reports.
// The LAST line of output is always `N passed, N failed` (plus `, N skipped` when some were).
// Always exits 0: the CI script decides pass/fail from the test command's own exit code.
import { readFileSync } from 'node:fs';

/** @param {unknown} v */
const num = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/**
 * @param {string} file
 * @returns {any}
 */
function readReport(file) {
	try {
		return JSON.parse(readFileSync(file, 'utf8'));
	} catch (err) {
		const why = /** @type {{ code?: string }} */ (err).code === 'ENOENT' ? 'missing' : String(err);
		console.error(`warning: ${file}: ${why}; counting it as 0 passed`);
		return null;
	}
}

let passed = 0;
let failed = 0;
let skipped = 0;

const unit = readReport('reports/unit.json');
if (unit) {
	passed += num(unit.numPassedTests);
	failed += num(unit.numFailedTests);
	skipped += num(unit.numPendingTests) + num(unit.numTodoTests);
	console.log(
		`unit: ${num(unit.numPassedTests)} passed, ${num(unit.numFailedTests)} failed` +
			(num(unit.numFailedTestSuites) > 0 ? ` (${num(unit.numFailedTestSuites)} suites failed)` : '')
	);
}

const e2e = readReport('reports/e2e.json');
if (e2e) {
	const s = e2e.stats ?? {};
	passed += num(s.expected) + num(s.flaky);
	failed += num(s.unexpected);
	skipped += num(s.skipped);
	console.log(
		`e2e: ${num(s.expected)} passed, ${num(s.flaky)} flaky, ${num(s.unexpected)} failed, ` +
			`${num(s.skipped)} skipped`
	);
	for (const err of e2e.errors ?? []) {
		console.log(`e2e error: ${String(err?.message ?? err).split('\n')[0]}`);
	}
}

console.log(`${passed} passed, ${failed} failed` + (skipped > 0 ? `, ${skipped} skipped` : ''));
