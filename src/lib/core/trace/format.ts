/**
 * The trace file format (version 1): export, and import with validation.
 * Trace files are a public interface (docs/trace-format.md), so import checks every field a view
 * relies on and names the first problem in plain words, with its JSON path.
 */
import { PEERS, STATE_MACHINES } from './types';
import type { PeerMethod, TraceEvent, TraceEventType, TraceFile } from './types';
import { redactTrace } from './redact';

const VERSION = 1;
const DEFAULT_NAME = 'handshake';

export function toTraceFile(
	events: readonly TraceEvent[],
	meta: { name: string; userAgent: string; recordedAt?: Date }
): TraceFile {
	return {
		version: VERSION,
		source: 'live',
		name: meta.name,
		recordedAt: (meta.recordedAt ?? new Date()).toISOString(),
		userAgent: meta.userAgent,
		// A copy, so later appends to the live trace do not change an exported file.
		events: [...events]
	};
}

export function serializeTrace(file: TraceFile): string {
	return JSON.stringify(file, null, 2) + '\n';
}

/** A recording of this lab's session, named by when it was made, ready to download. */
export function exportTrace(
	events: readonly TraceEvent[],
	userAgent: string,
	{ redact = true, recordedAt = new Date() }: { redact?: boolean; recordedAt?: Date } = {}
): { fileName: string; text: string } {
	const name = `handshake ${recordedAt.toISOString().slice(0, 19).replace('T', ' ')}`;
	const file = toTraceFile(events, { name, userAgent, recordedAt });
	// Addresses and credentials are personal data: a file leaves the page redacted unless asked.
	return {
		fileName: traceFileName(name),
		text: serializeTrace(redact ? redactTrace(file).file : file)
	};
}

/** `My Run #2` → `my-run-2.trace.json`. */
export function traceFileName(name: string): string {
	const slug = name
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '') // drop accents so `Café` becomes `cafe`, not `caf-`
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '');
	return `${slug || DEFAULT_NAME}.trace.json`;
}

export type ParseResult = { ok: true; file: TraceFile } | { ok: false; error: string };

// --- Validation -------------------------------------------------------------------------------

/** Checks a value found at `path`; returns an error message, or null when it is fine. */
type Checker = (value: unknown, path: string) => string | null;
/** A field that may be absent, but is checked when present. */
type Optional = { optional: Checker };
type Fields = Record<string, Checker | Optional>;

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** How a wrong value is shown in an error: short, and in JSON's own terms. */
function describe(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'an array';
	if (typeof value === 'object') return 'an object';
	if (typeof value === 'string') {
		const quoted = JSON.stringify(value);
		return quoted.length > 40 ? quoted.slice(0, 39) + '…"' : quoted;
	}
	return String(value);
}

/** The root has no path of its own, so errors there name the file instead. */
function where(path: string): string {
	return path === '' ? 'trace file' : path;
}

function leaf(expected: string, test: (value: unknown) => boolean): Checker {
	return (value, path) =>
		test(value) ? null : `${where(path)}: expected ${expected}, got ${describe(value)}`;
}

function oneOf(values: readonly string[]): Checker {
	return leaf(`one of ${values.map((v) => JSON.stringify(v)).join(', ')}`, (value) =>
		values.includes(value as string)
	);
}

function optional(check: Checker): Optional {
	return { optional: check };
}

const isString = (v: unknown): boolean => typeof v === 'string';
// JSON has no NaN or Infinity, but a number may still arrive from a hand-edited 1e999.
const isNumber = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);

const str = leaf('a string', isString);
const num = leaf('a number', isNumber);
const strOrNull = leaf('a string or null', (v) => v === null || isString(v));
const numOrNull = leaf('a number or null', (v) => v === null || isNumber(v));
const anyObject = leaf('an object', isRecord);
const anyArray = leaf('an array', Array.isArray);
const peer = oneOf(PEERS);

/** Fields are checked in table order, so the first problem reported is stable. */
function checkFields(record: Record<string, unknown>, fields: Fields, path: string): string | null {
	for (const [name, spec] of Object.entries(fields)) {
		const value = record[name];
		const fieldPath = path === '' ? name : `${path}.${name}`;
		if (value === undefined) {
			if (typeof spec === 'function') return `${where(path)}: missing field "${name}"`;
			continue;
		}
		const error = (typeof spec === 'function' ? spec : spec.optional)(value, fieldPath);
		if (error) return error;
	}
	return null;
}

function object(fields: Fields): Checker {
	return (value, path) =>
		isRecord(value) ? checkFields(value, fields, path) : anyObject(value, path);
}

function arrayOf(item: Checker): Checker {
	return (value, path) => {
		if (!Array.isArray(value)) return anyArray(value, path);
		for (const [i, element] of value.entries()) {
			const error = item(element, `${path}[${i}]`);
			if (error) return error;
		}
		return null;
	};
}

// A Record keyed by PeerMethod, so adding a method to the type without listing it here fails to compile.
const METHODS: Record<PeerMethod, true> = {
	createOffer: true,
	createAnswer: true,
	setLocalDescription: true,
	setRemoteDescription: true,
	addIceCandidate: true,
	RTCPeerConnection: true,
	createDataChannel: true,
	addTransceiver: true,
	send: true,
	getStats: true,
	close: true
};

const description = object({
	type: oneOf(['offer', 'answer', 'pranswer', 'rollback']),
	sdp: str
});

/** The fields of each event type beyond `t` and `type`; keyed by type so none can be forgotten. */
const EVENT_FIELDS: { [K in TraceEventType]: Fields } = {
	step: { id: str, text: str },
	'server-log': {
		method: str,
		outcome: oneOf(['success', 'error']),
		code: optional(num),
		reason: optional(str),
		client: optional(str),
		relayed: optional(str),
		permission: optional(str),
		inferred: optional(leaf('a boolean', (v) => typeof v === 'boolean'))
	},
	'peer-created': { peer, configuration: anyObject },
	'api-call': {
		peer,
		method: oneOf(Object.keys(METHODS)),
		phase: oneOf(['start', 'resolve', 'reject']),
		error: optional(object({ name: str, message: str }))
	},
	'local-description': { peer, description },
	'remote-description': { peer, description },
	'ice-candidate': {
		peer,
		candidate: strOrNull,
		sdpMid: strOrNull,
		sdpMLineIndex: numOrNull,
		url: strOrNull,
		fields: optional(anyObject)
	},
	'ice-candidate-error': {
		peer,
		url: str,
		errorCode: num,
		errorText: str,
		address: strOrNull,
		port: numOrNull
	},
	'state-change': { peer, machine: oneOf(STATE_MACHINES), value: str },
	'bus-message': {
		id: num,
		from: peer,
		to: peer,
		kind: oneOf(['offer', 'answer', 'candidate', 'end-of-candidates']),
		phase: oneOf(['sent', 'delivered', 'dropped'])
	},
	'data-channel': {
		peer,
		label: str,
		phase: oneOf(['open', 'message', 'close']),
		data: optional(str)
	},
	stats: { peer, report: arrayOf(anyObject) }
};

// A Map, not an index into the object, so a type like "constructor" cannot reach the prototype.
const SCHEMAS = new Map<string, Fields>(Object.entries(EVENT_FIELDS));
const TYPE_LIST = [...SCHEMAS.keys()].map((t) => JSON.stringify(t)).join(', ');

/** Rules that span fields, which the per-field table cannot say. */
function checkRules(event: Record<string, unknown>, path: string): string | null {
	if (event.type === 'api-call' && event.phase === 'reject' && event.error === undefined)
		return `${path}: missing field "error" (an api-call with phase "reject" must say why)`;
	return null;
}

const time = leaf('a number >= 0', (v) => isNumber(v) && (v as number) >= 0);

function checkEvent(value: unknown, path: string): string | null {
	if (!isRecord(value)) return anyObject(value, path);
	const common = checkFields(value, { t: time, type: str }, path);
	if (common) return common;
	const fields = SCHEMAS.get(value.type as string);
	if (!fields)
		return `${path}.type: unknown event type ${describe(value.type)} (this lab knows ${TYPE_LIST})`;
	return checkFields(value, fields, path) ?? checkRules(value, path);
}

/** Each event in turn, then its time against the one before, so the first problem is reported. */
function checkEvents(value: unknown, path: string): string | null {
	if (!Array.isArray(value)) return anyArray(value, path);
	let previous = 0;
	for (const [i, event] of value.entries()) {
		const error = checkEvent(event, `${path}[${i}]`);
		if (error) return error;
		// Valid, so t is a number >= 0; views draw the trace in order and rely on it.
		const t = (event as TraceEvent).t;
		if (t < previous)
			return `${path}[${i}].t: ${t} is earlier than the event before it (${previous}); events must be in time order`;
		previous = t;
	}
	return null;
}

const META: Fields = {
	name: optional(str),
	recordedAt: optional(str),
	userAgent: optional(str),
	// The type admits only recordings; a file claiming another source is not one this lab made.
	source: optional(oneOf(['live'])),
	events: checkEvents
};

/** Reads a trace file. Never throws: every problem comes back as `{ ok: false, error }`. */
export function parseTrace(text: string): ParseResult {
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch (e) {
		return { ok: false, error: `Not valid JSON: ${e instanceof Error ? e.message : String(e)}` };
	}
	if (!isRecord(data))
		return { ok: false, error: `trace file: expected a JSON object, got ${describe(data)}` };

	// The version comes first: a future file may fail every other check for a reason this names.
	if (data.version === undefined)
		return { ok: false, error: 'trace file: missing field "version"' };
	if (data.version !== VERSION) {
		const error = isNumber(data.version)
			? `Unsupported trace version ${String(data.version)}: this lab reads version ${VERSION}`
			: `version: expected the number ${VERSION}, got ${describe(data.version)}`;
		return { ok: false, error };
	}

	const error = checkFields(data, META, '');
	if (error) return { ok: false, error };

	// Checked above: events is an array of valid events, in time order.
	const events = data.events as TraceEvent[];
	return {
		ok: true,
		file: {
			// Extra top-level fields (such as `redacted`) are kept, as the format promises.
			...data,
			version: VERSION,
			source: 'live',
			name: (data.name as string | undefined) ?? DEFAULT_NAME,
			recordedAt: (data.recordedAt as string | undefined) ?? '',
			userAgent: (data.userAgent as string | undefined) ?? '',
			events
		}
	};
}
