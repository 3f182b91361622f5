import { describe, expect, it } from 'vitest';
import {
	addCompileHint,
	chunksRunAtStart,
	COMPILE_HINT
} from '../../scripts/vite-plugin-compile-hints.js';

/** A client bundle as Vite hands it to generateBundle, reduced to what the plugin reads. */
const chunk = (
	fileName: string,
	{
		isEntry = false,
		facadeModuleId = null,
		imports = []
	}: { isEntry?: boolean; facadeModuleId?: string | null; imports?: string[] } = {}
) => ({ type: 'chunk', fileName, isEntry, facadeModuleId, imports });

const bundle = Object.fromEntries(
	[
		chunk('entry/start.js', { isEntry: true, imports: ['chunks/runtime.js'] }),
		chunk('nodes/2.js', { isEntry: true, imports: ['chunks/runtime.js', 'chunks/lab-view.js'] }),
		chunk('chunks/runtime.js'),
		chunk('chunks/lab-view.js', { imports: ['chunks/runtime.js'] }),
		chunk('chunks/open-lab.js', {
			facadeModuleId: '/repo/src/lib/state/open-lab.ts',
			imports: ['chunks/xstate.js']
		}),
		chunk('chunks/xstate.js'),
		chunk('chunks/inspector.js', {
			facadeModuleId: '/repo/src/lib/components/lab/InspectorEvent.svelte',
			imports: ['chunks/annotator.js', 'chunks/runtime.js']
		}),
		chunk('chunks/annotator.js'),
		{ type: 'asset', fileName: 'assets/app.css' }
	].map((c) => [c.fileName, c])
);

describe('chunksRunAtStart', () => {
	const marked = chunksRunAtStart(bundle, ['/repo/src/lib/state/open-lab.ts']);

	it('marks the entries and what they import statically', () => {
		expect(marked).toContain('entry/start.js');
		expect(marked).toContain('nodes/2.js');
		expect(marked).toContain('chunks/runtime.js');
		expect(marked).toContain('chunks/lab-view.js');
	});

	it('marks a lazy module loaded at once, with its own imports', () => {
		expect(marked).toContain('chunks/open-lab.js');
		expect(marked).toContain('chunks/xstate.js');
	});

	it('leaves lazy parts that wait for the reader, and what only they import, unmarked', () => {
		expect(marked).not.toContain('chunks/inspector.js');
		expect(marked).not.toContain('chunks/annotator.js');
		expect(marked).not.toContain('assets/app.css');
	});

	it('marks nothing lazy when no module is loaded at once', () => {
		const entriesOnly = chunksRunAtStart(bundle, []);
		expect(entriesOnly).not.toContain('chunks/open-lab.js');
		expect(entriesOnly).not.toContain('chunks/xstate.js');
		expect(entriesOnly).toContain('chunks/lab-view.js');
	});
});

describe('addCompileHint', () => {
	// Two generated lines, each mapped to the start of a line of app.ts (VLQ: AAAA, then AACA).
	const built = () => ({
		'chunks/app.js': { type: 'chunk', code: 'a();\nb();\n' },
		'chunks/app.js.map': {
			type: 'asset',
			source: JSON.stringify({ version: 3, sources: ['app.ts'], names: [], mappings: 'AAAA;AACA' })
		}
	});

	it('puts the hint first, once', () => {
		const bundle = built();
		addCompileHint(bundle, 'chunks/app.js');
		addCompileHint(bundle, 'chunks/app.js');
		expect(bundle['chunks/app.js'].code).toBe(`${COMPILE_HINT}a();\nb();\n`);
	});

	it('moves the source map down with the code, so each line still maps to its own source line', () => {
		const bundle = built();
		addCompileHint(bundle, 'chunks/app.js');
		addCompileHint(bundle, 'chunks/app.js');
		const map = JSON.parse(bundle['chunks/app.js.map'].source);
		// Generated line 1 is the hint and maps to nothing; lines 2 and 3 map as lines 1 and 2 did;
		// hinted twice, the map moved once.
		expect(map.mappings).toBe(';AAAA;AACA');
	});

	it('moves a source map held as bytes the same way', () => {
		const bundle = built();
		const map = bundle['chunks/app.js.map'];
		const bytes = { ...map, source: new TextEncoder().encode(map.source) };
		const withBytes = { ...bundle, 'chunks/app.js.map': bytes };
		addCompileHint(withBytes, 'chunks/app.js');
		expect(JSON.parse(String(withBytes['chunks/app.js.map'].source)).mappings).toBe(';AAAA;AACA');
	});

	it('hints a chunk without a source map all the same', () => {
		const bundle = { 'chunks/app.js': { type: 'chunk', code: 'a();' } };
		addCompileHint(bundle, 'chunks/app.js');
		expect(bundle['chunks/app.js'].code).toBe(`${COMPILE_HINT}a();`);
	});
});
