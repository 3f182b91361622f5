import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAX_INPUT_BYTES, readPastedInput, type PastedInput } from './input';

/** A real Chromium 156 offer and answer (CRLF, as the browser writes them); see the fixture README. */
const fixture = (name: string) =>
	readFileSync(new URL(`../../../../tests/fixtures/compare/${name}`, import.meta.url), 'utf8');
const OFFER = fixture('basic.offer.sdp');
const ANSWER = fixture('basic.answer.sdp');
const LF = (sdp: string) => sdp.replaceAll('\r\n', '\n');
const CANDIDATE =
	'candidate:2981963491 1 udp 2113937151 6e6ff6b7-e587-4b99-b6d8-8d0bf0377e71.local 43752 typ host generation 0 network-cost 999';

function errorOf(text: string): string {
	const input = readPastedInput(text);
	if (input.kind !== 'error') throw new Error(`expected an error, got ${input.kind}`);
	return input.message;
}

describe('readPastedInput: SDP', () => {
	it('fixtures are what Chromium wrote: CRLF, ending with CRLF', () => {
		expect(OFFER.startsWith('v=0\r\n')).toBe(true);
		expect(OFFER.endsWith('\r\n')).toBe(true);
		expect(LF(OFFER)).not.toContain('\r');
	});

	it.each<[string, string, PastedInput]>([
		['raw CRLF', OFFER, { kind: 'sdp', sdp: OFFER, type: null, from: 'raw' }],
		['raw LF', LF(OFFER), { kind: 'sdp', sdp: OFFER, type: null, from: 'raw' }],
		[
			'raw, with a BOM, leading blank lines and trailing blank lines',
			`\uFEFF\n  \n${LF(OFFER)}\n\n  \n`,
			{ kind: 'sdp', sdp: OFFER, type: null, from: 'raw' }
		],
		[
			'raw without a final newline',
			OFFER.trimEnd(),
			{ kind: 'sdp', sdp: OFFER, type: null, from: 'raw' }
		],
		[
			'a one-line string with \\r\\n escapes (copied out of JSON or code)',
			JSON.stringify(OFFER).slice(1, -1),
			{ kind: 'sdp', sdp: OFFER, type: null, from: 'raw' }
		],
		[
			'RTCSessionDescription JSON',
			JSON.stringify({ type: 'offer', sdp: OFFER }),
			{ kind: 'sdp', sdp: OFFER, type: 'offer', from: 'json' }
		],
		[
			'pretty-printed answer JSON',
			JSON.stringify({ type: 'answer', sdp: ANSWER }, null, 2),
			{ kind: 'sdp', sdp: ANSWER, type: 'answer', from: 'json' }
		],
		[
			'pranswer JSON',
			JSON.stringify({ sdp: ANSWER, type: 'pranswer' }),
			{ kind: 'sdp', sdp: ANSWER, type: 'pranswer', from: 'json' }
		],
		[
			'a description wrapped by signaling code ({ sdp: description })',
			JSON.stringify({ sdp: { type: 'offer', sdp: OFFER } }),
			{ kind: 'sdp', sdp: OFFER, type: 'offer', from: 'json' }
		],
		[
			'a local-description event out of an exported trace',
			JSON.stringify({
				t: 1.5,
				type: 'local-description',
				peer: 'alice',
				description: { type: 'offer', sdp: OFFER }
			}),
			{ kind: 'sdp', sdp: OFFER, type: 'offer', from: 'json' }
		],
		[
			'webrtc-internals setLocalDescription value',
			`type: offer, sdp: ${LF(OFFER)}`,
			{ kind: 'sdp', sdp: OFFER, type: 'offer', from: 'webrtc-internals' }
		],
		[
			'webrtc-internals row with the event name and time above',
			`11/21/2026, 11:21:04 AM\nsetRemoteDescription\ntype: answer, sdp: ${LF(ANSWER)}`,
			{ kind: 'sdp', sdp: ANSWER, type: 'answer', from: 'webrtc-internals' }
		],
		[
			'webrtc-internals value with CRLF',
			`type: offer, sdp: ${OFFER}`,
			{ kind: 'sdp', sdp: OFFER, type: 'offer', from: 'webrtc-internals' }
		],
		[
			'webrtc-internals dump value (escaped newlines)',
			`type: offer, sdp: ${JSON.stringify(OFFER).slice(1, -1)}`,
			{ kind: 'sdp', sdp: OFFER, type: 'offer', from: 'webrtc-internals' }
		]
	])('%s', (_name, text, expected) => {
		expect(readPastedInput(text)).toEqual(expected);
	});

	it('keeps every line as it was written, blank or odd lines included', () => {
		const odd = 'v=0\n o=indented\n\nbogus line  \nm=audio 9 UDP/TLS/RTP/SAVPF 111\n';
		expect(readPastedInput(odd)).toMatchObject({
			sdp: 'v=0\r\n o=indented\r\n\r\nbogus line  \r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n'
		});
	});
});

describe('readPastedInput: candidates', () => {
	it.each<[string, string]>([
		['a candidate line', CANDIDATE],
		['an a=candidate line with CRLF', `a=${CANDIDATE}\r\n`],
		['with surrounding whitespace', `  \t${CANDIDATE}  \n`],
		[
			'RTCIceCandidate JSON (toJSON)',
			JSON.stringify({
				candidate: CANDIDATE,
				sdpMid: '0',
				sdpMLineIndex: 0,
				usernameFragment: 'fPkm'
			})
		],
		[
			'wrapped by signaling code ({ candidate: event.candidate })',
			JSON.stringify({ candidate: { candidate: CANDIDATE, sdpMid: '0', sdpMLineIndex: 0 } })
		],
		[
			'an ice-candidate event out of an exported trace',
			JSON.stringify({
				t: 3,
				type: 'ice-candidate',
				peer: 'alice',
				candidate: CANDIDATE,
				sdpMid: '0'
			})
		],
		[
			'a webrtc-internals icecandidate event',
			`sdpMid: 0, sdpMLineIndex: 0, candidate: ${CANDIDATE}`
		]
	])('%s', (_name, text) => {
		expect(readPastedInput(text)).toEqual({ kind: 'candidate', candidate: CANDIDATE });
	});

	it('leaves the decoding to the candidate decoder', () => {
		expect(readPastedInput('candidate:nonsense')).toEqual({
			kind: 'candidate',
			candidate: 'candidate:nonsense'
		});
	});
});

describe('readPastedInput: empty', () => {
	it.each(['', '   ', '\n\t \r\n', '\uFEFF', '\uFEFF  \n'])('%j is empty', (text) => {
		expect(readPastedInput(text)).toEqual({ kind: 'empty' });
	});
});

describe('readPastedInput: refusals', () => {
	it('refuses more than MAX_INPUT_BYTES, saying the size and the limit', () => {
		expect(MAX_INPUT_BYTES).toBe(262144);
		expect(errorOf(`v=0\n${'a=x\n'.repeat(70000)}`)).toMatch(
			/^The pasted text is 273\.4 KiB \(280,004 bytes\); the limit is 256 KiB \(262,144 bytes\)/
		);
		// Bytes, not characters: 140,000 two-byte characters are 280,000 bytes.
		expect(errorOf(`v=0\ns=${'é'.repeat(140000)}\n`)).toMatch(/\(280,007 bytes\)/);
		// Exactly at the limit is fine.
		const atLimit = `v=0\ns=${'x'.repeat(MAX_INPUT_BYTES - 7)}\n`;
		expect(new TextEncoder().encode(atLimit).length).toBe(MAX_INPUT_BYTES);
		expect(readPastedInput(atLimit).kind).toBe('sdp');
	});

	it('refuses binary junk', () => {
		expect(errorOf('v\u0000=\u00000\u0000\r\u0000\n\u0000')).toMatch(
			/binary data \(it contains NUL bytes\)/
		);
		const junk = Array.from({ length: 200 }, (_, i) =>
			String.fromCharCode(i % 3 ? 0xfffd : 1 + (i % 8))
		).join('');
		expect(errorOf(junk)).toMatch(/binary data \(200 of 200 characters are not printable text\)/);
		expect(errorOf(`v=0\n\u0001\u0002\u0003\u0004`)).toMatch(/binary data/);
	});

	it.each<[string, string, RegExp]>([
		['a description without sdp', '{"type":"offer"}', /has "type": "offer" but no "sdp" field/],
		['an sdp without type', JSON.stringify({ sdp: OFFER }), /has an "sdp" but no "type" field/],
		[
			'an object that is neither',
			'{"foo":1,"bar":2}',
			/no "sdp" and no "candidate" field \(it has "foo", "bar"\)/
		],
		['a rollback', '{"type":"rollback","sdp":""}', /rollback: it carries no SDP/],
		[
			'an unknown type',
			JSON.stringify({ type: 'bogus', sdp: OFFER }),
			/"type" of the JSON is "bogus"/
		],
		[
			'an sdp that is not a string',
			'{"type":"offer","sdp":42}',
			/"sdp" field of the JSON must be a string/
		],
		['an empty sdp', '{"type":"offer","sdp":"  "}', /"sdp" field of the JSON is empty/],
		[
			'an sdp that is not SDP',
			'{"type":"answer","sdp":"hello"}',
			/should begin with v=0; it begins with "hello"/
		],
		[
			'a wrapped description without sdp',
			'{"description":{"type":"offer"}}',
			/"description" of the JSON has "type": "offer" but no "sdp"/
		],
		['broken JSON', '{"type": "offer",', /looks like JSON but does not parse/],
		['a JSON array', `[${JSON.stringify({ type: 'offer', sdp: OFFER })}]`, /JSON array/],
		['a trace file', '{"version":1,"events":[]}', /trace file.*Import trace/],
		['an end-of-candidates candidate', '{"candidate":"","sdpMid":"0"}', /end of candidates/],
		['a null candidate', '{"type":"ice-candidate","candidate":null}', /end of gathering/],
		['a candidate that is not a string', '{"candidate":5}', /must be a string/],
		[
			'several candidate lines',
			`${CANDIDATE}\na=${CANDIDATE}`,
			/These are 2 lines: paste one candidate at a time/
		],
		['plain text', 'hello world', /^Paste an SDP .*This begins with "hello world"/],
		[
			'an SDP fragment',
			'm=audio 9 UDP/TLS/RTP/SAVPF 111\na=mid:0',
			/part of an SDP.*begins with v=0/
		],
		[
			'text before the SDP',
			`Here is my offer:\n${OFFER}`,
			/An SDP begins on line 2: remove the line before v=0/
		],
		['webrtc-internals rollback', 'type: rollback, sdp: ', /type "rollback"/],
		[
			'webrtc-internals without SDP',
			'type: offer, sdp: oops',
			/should begin with v=0; it begins with "oops"/
		]
	])('refuses %s', (_name, text, message) => {
		expect(errorOf(text)).toMatch(message);
	});

	it('never throws', () => {
		for (const input of [null, undefined, 42, {}, [], '{', '{"candidate":{}}', '"v=0"', '\ud800'])
			expect(() => readPastedInput(input as string)).not.toThrow();
		expect(readPastedInput(null as unknown as string).kind).toBe('error');
	});
});
