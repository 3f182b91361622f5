import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { compileHints } from './scripts/vite-plugin-compile-hints.js';
import { contentCheck } from './scripts/vite-plugin-content-check.js';
import labServers from './scripts/vite-plugin-lab-servers.js';
import { lessonsCheck } from './scripts/vite-plugin-lessons-check.js';

export default defineConfig({
	// labServers: the local coturn for dev and preview (never part of the build);
	// contentCheck and lessonsCheck: a build fails on an explanation without a spec reference or
	// a lesson that does not pass its schema, naming the file and the field; compileHints: the
	// chunks a page runs as it starts are compiled as they stream in, not on the main thread.
	plugins: [labServers(), contentCheck(), lessonsCheck(), compileHints(), sveltekit()],
	test: {
		include: ['src/**/*.test.ts', 'tests/unit/**/*.test.ts'],
		environment: 'node',
		reporters: ['default', 'json'],
		outputFile: { json: 'reports/unit.json' }
	}
});
