import { describe, expect, it } from 'vitest';
import { chunksRunAtStart } from '../../scripts/vite-plugin-compile-hints.js';

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
