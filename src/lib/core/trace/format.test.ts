import { describe, expect, it } from 'vitest';
import { parseTrace, serializeTrace, toTraceFile, traceFileName } from './format';
import type { TraceEvent } from './types';

/** One event of every type, as a live run would record them. */
const EVENTS: TraceEvent[] = [
	{ t: 0, type: 'step', id: 'create-peers', text: 'Alice and Bob each make an RTCPeerConnection' },
	{
		t: 0,
		type: 'peer-created',
		peer: 'alice',
		configuration: { iceServers: [{ urls: 'stun:stun.example.org' }] }
	},
	{ t: 0.5, type: 'api-call', peer: 'alice', method: 'createOffer', phase: 'start' },
	{ t: 1.25, type: 'api-call', peer: 'alice', method: 'createOffer', phase: 'resolve' },
	{
		t: 1.25,
		type: 'local-description',
		peer: 'alice',
		description: { type: 'offer', sdp: 'v=0\r\n' }
	},
	{ t: 2, type: 'state-change', peer: 'alice', machine: 'signaling', value: 'have-local-offer' },
	{ t: 3, type: 'bus-message', id: 1, from: 'alice', to: 'bob', kind: 'offer', phase: 'sent' },
	{
		t: 4,
		type: 'remote-description',
		peer: 'bob',
		description: { type: 'offer', sdp: 'v=0\r\n' }
	},
	{
		t: 5,
		type: 'ice-candidate',
		peer: 'alice',
		candidate: 'candidate:1 1 udp 2122260223 192.0.2.1 54321 typ host',
		sdpMid: '0',
		sdpMLineIndex: 0,
		url: null
	},
	{
		t: 6,
		type: 'ice-candidate-error',
		peer: 'alice',
		url: 'stun:stun.example.org:3478',
		errorCode: 701,
		errorText: 'STUN host lookup received error.',
		address: null,
		port: null
	},
	{
		t: 7,
		type: 'api-call',
		peer: 'bob',
		method: 'addIceCandidate',
		phase: 'reject',
		error: { name: 'InvalidStateError', message: 'No remote description' }
	},
	{ t: 8, type: 'data-channel', peer: 'bob', label: 'chat', phase: 'message', data: 'hi' },
	{ t: 9, type: 'stats', peer: 'bob', report: [{ type: 'candidate-pair', state: 'succeeded' }] }
];

/** A valid file with the given events, as text. */
function fileWith(events: unknown[], extra: Record<string, unknown> = {}): string {
	return JSON.stringify({ version: 1, ...extra, events });
}

function errorOf(text: string): string {
	const result = parseTrace(text);
	if (result.ok) throw new Error('expected the trace to be rejected, but it parsed');
	return result.error;
}

/** A copy of the event without one of its fields. */
function without(event: Record<string, unknown>, field: string): Record<string, unknown> {
	const copy = { ...event };
	delete copy[field];
	return copy;
}

const start = { t: 1, type: 'api-call', peer: 'alice', method: 'createOffer', phase: 'start' };

describe('toTraceFile and serializeTrace', () => {
	it('makes a version 1 live file with the meta given', () => {
		const file = toTraceFile(EVENTS, {
			name: 'First run',
			userAgent: 'TestBrowser/1',
			recordedAt: new Date('2024-05-01T12:00:00Z')
		});
		expect(file).toEqual({
			version: 1,
			source: 'live',
			name: 'First run',
			recordedAt: '2024-05-01T12:00:00.000Z',
			userAgent: 'TestBrowser/1',
			events: EVENTS
		});
		// A copy: appending to the live trace later must not change the export.
		expect(file.events).not.toBe(EVENTS);
	});

	it('serializes as JSON with 2-space indent and a final newline', () => {
		const text = serializeTrace(toTraceFile([], { name: 'x', userAgent: 'y' }));
		expect(text.endsWith('}\n')).toBe(true);
		expect(text.split('\n')[1]).toBe('  "version": 1,');
	});

	it('round trips: parse(serialize(file)) gives the same file and events', () => {
		const file = toTraceFile(EVENTS, { name: 'Round trip', userAgent: 'UA' });
		const result = parseTrace(serializeTrace(file));
		expect(result).toEqual({ ok: true, file });
		if (result.ok) expect(result.file.events).toEqual(EVENTS);
	});
});

describe('traceFileName', () => {
	it('slugs the name', () => {
		expect(traceFileName('My Run #2')).toBe('my-run-2.trace.json');
		expect(traceFileName('  --Café au lait!--  ')).toBe('cafe-au-lait.trace.json');
	});

	it('falls back to "handshake" when nothing is left', () => {
		expect(traceFileName('')).toBe('handshake.trace.json');
		expect(traceFileName('!!!')).toBe('handshake.trace.json');
	});
});

describe('parseTrace accepts', () => {
	it('a minimal file, filling in missing meta fields', () => {
		expect(parseTrace('{ "version": 1, "events": [] }')).toEqual({
			ok: true,
			file: {
				version: 1,
				source: 'live',
				name: 'handshake',
				recordedAt: '',
				userAgent: '',
				events: []
			}
		});
	});

	it('unknown extra fields, at the top and in events (forward compatible)', () => {
		const result = parseTrace(fileWith([{ ...start, note: 'later field' }], { tool: 'other' }));
		expect(result.ok).toBe(true);
		if (result.ok) expect(result.file.events[0]).toEqual({ ...start, note: 'later field' });
	});

	it('events with the same t', () => {
		expect(parseTrace(fileWith([start, { ...start, phase: 'resolve' }])).ok).toBe(true);
	});
});

describe('parseTrace rejects, naming the problem and where', () => {
	it('text that is not JSON', () => {
		expect(errorOf('{ "version": 1,')).toMatch(/^Not valid JSON: \S/);
		expect(errorOf('')).toMatch(/^Not valid JSON: /);
	});

	it('JSON that is not an object', () => {
		expect(errorOf('[1, 2]')).toBe('trace file: expected a JSON object, got an array');
		expect(errorOf('null')).toBe('trace file: expected a JSON object, got null');
	});

	it('another version', () => {
		expect(errorOf('{ "version": 2, "events": [] }')).toBe(
			'Unsupported trace version 2: this lab reads version 1'
		);
		expect(errorOf('{ "version": "1", "events": [] }')).toBe(
			'version: expected the number 1, got "1"'
		);
		expect(errorOf('{ "events": [] }')).toBe('trace file: missing field "version"');
	});

	it('missing or non-array events', () => {
		expect(errorOf('{ "version": 1 }')).toBe('trace file: missing field "events"');
		expect(errorOf('{ "version": 1, "events": {} }')).toBe(
			'events: expected an array, got an object'
		);
	});

	it('meta fields that are present but not strings', () => {
		expect(errorOf(fileWith([], { name: 42 }))).toBe('name: expected a string, got 42');
		expect(errorOf(fileWith([], { source: 'synthetic' }))).toBe(
			'source: expected one of "live", got "synthetic"'
		);
	});

	it('an event that is not an object', () => {
		expect(errorOf(fileWith([start, 'oops']))).toBe('events[1]: expected an object, got "oops"');
	});

	it('an unknown event type', () => {
		const error = errorOf(fileWith([{ t: 0, type: 'teleport', peer: 'alice' }]));
		expect(error).toMatch(
			/^events\[0\]\.type: unknown event type "teleport" \(this lab knows "[a-z-]+"(, "[a-z-]+")+\)$/
		);
		expect(error).toContain('"peer-created"');
		expect(error).toContain('"stats"');
		// Not a key of the prototype either.
		expect(errorOf(fileWith([{ t: 0, type: 'constructor' }]))).toMatch(
			/^events\[0\]\.type: unknown event type "constructor"/
		);
	});

	it('a field of the wrong type', () => {
		const event = { t: 0, type: 'state-change', peer: 'bob', machine: 'signaling', value: 3 };
		expect(errorOf(fileWith([event]))).toBe('events[0].value: expected a string, got 3');
	});

	it('a nested field of the wrong type, by its full path', () => {
		const event = {
			t: 0,
			type: 'local-description',
			peer: 'alice',
			description: { type: 'offer', sdp: null }
		};
		expect(errorOf(fileWith([event]))).toBe(
			'events[0].description.sdp: expected a string, got null'
		);
		const stats = { t: 0, type: 'stats', peer: 'bob', report: [{}, 'x'] };
		expect(errorOf(fileWith([stats]))).toBe('events[0].report[1]: expected an object, got "x"');
	});

	it('a step without its text', () => {
		expect(errorOf(fileWith([{ t: 0, type: 'step', id: 'create-peers' }]))).toBe(
			'events[0]: missing field "text"'
		);
	});

	it('a missing peer', () => {
		expect(errorOf(fileWith([without(start, 'peer')]))).toBe('events[0]: missing field "peer"');
	});

	it('a value outside its enum', () => {
		expect(errorOf(fileWith([start, start, start, { ...start, phase: 'done' }]))).toBe(
			'events[3].phase: expected one of "start", "resolve", "reject", got "done"'
		);
		expect(errorOf(fileWith([{ ...start, peer: 'carol' }]))).toBe(
			'events[0].peer: expected one of "alice", "bob", got "carol"'
		);
		expect(errorOf(fileWith([{ ...start, method: 'connect' }]))).toMatch(
			/^events\[0\]\.method: expected one of "createOffer", .*, got "connect"$/
		);
	});

	it('a negative or missing t', () => {
		expect(errorOf(fileWith([{ ...start, t: -1 }]))).toBe(
			'events[0].t: expected a number >= 0, got -1'
		);
		expect(errorOf(fileWith([{ ...start, t: '1' }]))).toBe(
			'events[0].t: expected a number >= 0, got "1"'
		);
		expect(errorOf(fileWith([without(start, 't')]))).toBe('events[0]: missing field "t"');
	});

	it('events out of time order', () => {
		expect(errorOf(fileWith([start, { ...start, t: 5 }, { ...start, t: 4 }]))).toBe(
			'events[2].t: 4 is earlier than the event before it (5); events must be in time order'
		);
	});

	it('reports the first problem in the file', () => {
		// The order problem at events[1] comes before the bad field at events[2].
		const text = fileWith([{ ...start, t: 5 }, start, { ...start, peer: 'carol' }]);
		expect(errorOf(text)).toMatch(/^events\[1\]\.t: /);
	});

	it('an api-call reject without its error', () => {
		expect(errorOf(fileWith([{ ...start, phase: 'reject' }]))).toBe(
			'events[0]: missing field "error" (an api-call with phase "reject" must say why)'
		);
		const badError = { ...start, phase: 'reject', error: { name: 'InvalidStateError' } };
		expect(errorOf(fileWith([badError]))).toBe('events[0].error: missing field "message"');
	});

	it('nullable fields given another type', () => {
		const candidate = {
			t: 0,
			type: 'ice-candidate',
			peer: 'alice',
			candidate: null,
			sdpMid: null,
			sdpMLineIndex: '0',
			url: null
		};
		expect(errorOf(fileWith([candidate]))).toBe(
			'events[0].sdpMLineIndex: expected a number or null, got "0"'
		);
	});
});
