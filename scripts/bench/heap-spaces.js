// What a page's JS heap is made of, by kind, from a Chromium memory dump (the `memory-infra`
// tracing category, as chrome://tracing records it): compiled code, bytecode and code metadata, and
// everything else, the objects. Endurance uses it to tell code V8 compiles for the hot functions
// from objects a run leaves behind.

/**
 * V8 heap spaces by kind (V8's `heap/*` dump names). Compiled code (Sparkplug, Maglev, Turbofan)
 * lives in the code spaces; bytecode, deoptimization data and source positions in the trusted ones
 * (V8 moved them there for its sandbox); objects, strings, closures and the rest in the others.
 */
const KIND_OF_SPACE = {
	code_space: 'code',
	code_large_object_space: 'code',
	trusted_space: 'metadata',
	trusted_large_object_space: 'metadata',
	shared_trusted_space: 'metadata',
	shared_trusted_large_object_space: 'metadata'
};

/**
 * The page's JS heap by kind, in bytes, or null if no memory dump adds up to `used`.
 *
 * The dump covers every Chromium process; the page's is the one whose spaces add up to the heap
 * `Runtime.getHeapUsage` reported just before (both count the bytes of live objects, after the
 * same garbage collection): within 1 %, or the split is not given.
 * @param {import('@playwright/test').CDPSession} cdp
 * @param {number} used `usedSize` of `Runtime.getHeapUsage`, read just before
 * @returns {Promise<{ code: number, metadata: number, objects: number } | null>}
 */
export async function heapByKind(cdp, used) {
	/** @type {any[]} */
	const events = [];
	const collect = (/** @type {{ value: any[] }} */ e) => events.push(...e.value);
	cdp.on('Tracing.dataCollected', collect);
	try {
		const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
		await cdp.send('Tracing.start', {
			traceConfig: {
				includedCategories: ['disabled-by-default-memory-infra'],
				excludedCategories: ['*'],
				memoryDumpConfig: { triggers: [] }
			},
			transferMode: 'ReportEvents'
		});
		// Not `deterministic`: that collects garbage again, in every process, before it dumps.
		await cdp.send('Tracing.requestMemoryDump', { levelOfDetail: 'detailed' });
		await cdp.send('Tracing.end');
		await complete;
	} finally {
		cdp.off('Tracing.dataCollected', collect);
	}
	let best = null;
	for (const dump of events.filter((e) => e.ph === 'v')) {
		const split = { code: 0, metadata: 0, objects: 0 };
		for (const [name, allocator] of Object.entries(dump.args?.dumps?.allocators ?? {})) {
			const space = /^v8\/main\/heap\/([^/]+)$/.exec(name)?.[1];
			const size = allocator?.attrs?.allocated_objects_size?.value;
			if (!space || !size) continue;
			const kind = /** @type {Record<string, 'code' | 'metadata'>} */ (KIND_OF_SPACE)[space];
			split[kind ?? 'objects'] += parseInt(size, 16);
		}
		const off = Math.abs(split.code + split.metadata + split.objects - used);
		if (!best || off < best.off) best = { off, split };
	}
	return best && best.off <= used * 0.01 ? best.split : null;
}
