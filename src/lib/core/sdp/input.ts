/**
 * Reads what a user pastes into the inspector and says what it is: an SDP (raw, inside
 * RTCSessionDescription JSON, or copied from chrome://webrtc-internals), a single ICE candidate
 * (a line, or RTCIceCandidate JSON), nothing, or something it refuses with a message that says
 * what was expected. It does not check the SDP itself: the annotator and the browser's own parser
 * do that, and both want to see the lines as they were written.
 */

export const MAX_INPUT_BYTES = 256 * 1024;

export type PastedInput =
	| {
			kind: 'sdp';
			/** The SDP with CRLF line endings and one final CRLF (RFC 8866 §5), nothing else changed. */
			sdp: string;
			type: 'offer' | 'answer' | 'pranswer' | null;
			from: 'raw' | 'json' | 'webrtc-internals';
	  }
	| { kind: 'candidate'; /** `candidate:…`, without an `a=` prefix */ candidate: string }
	| { kind: 'empty' }
	| { kind: 'error'; message: string };

const EXPECTED =
	'Paste an SDP (it begins with v=0), one ICE candidate (candidate:… or a=candidate:…), or ' +
	'RTCSessionDescription JSON ({"type":"offer","sdp":"v=0…"})';

const DESCRIPTION_TYPES = ['offer', 'answer', 'pranswer'] as const;
type DescriptionType = (typeof DESCRIPTION_TYPES)[number];

/** Never throws: anything unexpected becomes an `error`. */
export function readPastedInput(text: string): PastedInput {
	try {
		if (typeof text !== 'string') return error('Nothing readable was pasted (expected text).');
		return read(text);
	} catch (err) {
		return error(`Could not read the pasted text: ${String(err)}`);
	}
}

function error(message: string): PastedInput {
	return { kind: 'error', message };
}

function read(text: string): PastedInput {
	// Size first, before any work proportional to a huge paste beyond one counting pass.
	const bytes = utf8Length(text);
	if (bytes > MAX_INPUT_BYTES)
		return error(
			`The pasted text is ${size(bytes)}; the limit is ${size(MAX_INPUT_BYTES)}. ` +
				'A real SDP is a few kilobytes: is this the right text?'
		);
	const binary = binaryReason(text);
	if (binary) return error(binary);

	const trimmed = text.replace(/^\uFEFF/, '').trim();
	if (trimmed === '') return { kind: 'empty' };
	if (trimmed.startsWith('{') || trimmed.startsWith('[')) return fromJson(trimmed);
	if (trimmed.startsWith('v=')) return description(trimmed, null, 'raw');
	if (/^(a=)?candidate:/i.test(trimmed)) return candidateLines(trimmed);
	return fromWebrtcInternals(trimmed) ?? unrecognized(trimmed);
}

/**
 * chrome://webrtc-internals shows descriptions as `type: offer, sdp: v=0` followed by the SDP
 * lines (setLocalDescription, setRemoteDescription, createOfferOnSuccess, …), possibly under the
 * event's name and time; its candidate events read `sdpMid: 0, sdpMLineIndex: 0, candidate: …`.
 */
function fromWebrtcInternals(text: string): PastedInput | null {
	// Only the first few lines: the event's name and time may come before the description.
	let end = 0;
	for (let i = 0; i < 4 && end >= 0; i++) end = text.indexOf('\n', end + (i > 0 ? 1 : 0));
	const head = end < 0 ? text : text.slice(0, end);
	const match = /(?:^|\n)[^\S\n]*type:\s*([A-Za-z]+)\s*,\s*sdp:[^\S\n]*/.exec(head);
	if (match) {
		const type = (match[1] ?? '').toLowerCase();
		const sdp = text.slice(match.index + match[0].length);
		if (!isDescriptionType(type))
			return error(
				`This webrtc-internals description has type "${match[1]}": only offer, answer and ` +
					'pranswer carry an SDP to inspect.'
			);
		if (!sdp.trimStart().startsWith('v='))
			return error(
				`After "type: ${type}, sdp:" the SDP should begin with v=0; it begins with "${clip(sdp.trim())}".`
			);
		return description(sdp, type, 'webrtc-internals');
	}
	const event = /^[^\n]*?\bcandidate:\s+((?:a=)?candidate:[^\n]*)$/i.exec(text);
	if (event?.[1]) return candidateLines(event[1].trim());
	return null;
}

function fromJson(text: string): PastedInput {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch (err) {
		return error(
			`This looks like JSON but does not parse: ${err instanceof Error ? err.message : String(err)}.`
		);
	}
	if (Array.isArray(value))
		return error(
			'This is a JSON array: paste one description ({"type":"offer","sdp":"v=0…"}) or one candidate ({"candidate":"candidate:…"}).'
		);
	if (!isObject(value)) return error(`This JSON is not an object. ${EXPECTED}.`);
	if (typeof value.version === 'number' && Array.isArray(value.events))
		return error(
			'This is a trace file ({"version": …, "events": […]}): open it with Import trace, or paste one description or candidate from it.'
		);

	// Signaling code often wraps the object: { description: {…} }, { sdp: {…} }, { candidate: {…} }.
	for (const key of ['description', 'sdp', 'offer', 'answer', 'localDescription', 'candidate'])
		if (isObject(value[key])) return fromJsonObject(value[key], `"${key}" of the JSON`);
	return fromJsonObject(value, 'the JSON');
}

function fromJsonObject(value: Record<string, unknown>, where: string): PastedInput {
	if ('candidate' in value) {
		const candidate = value.candidate;
		if (candidate === null)
			return error(
				'This candidate is null: it marks the end of gathering, there is nothing in it to decode.'
			);
		if (typeof candidate !== 'string')
			return error(`The "candidate" field of ${where} must be a string (candidate:…).`);
		if (candidate.trim() === '')
			return error(
				'This candidate is empty: an empty candidate only marks the end of candidates, there is nothing in it to decode.'
			);
		return candidateLines(candidate.trim());
	}
	const { type, sdp } = value;
	if (sdp === undefined && type === undefined)
		return error(
			`${capitalize(where)} is neither a description nor a candidate: it has no "sdp" and no "candidate" field` +
				(Object.keys(value).length ? ` (it has ${listKeys(value)})` : '') +
				`. ${EXPECTED}.`
		);
	if (type === undefined)
		return error(
			`${capitalize(where)} has an "sdp" but no "type" field: a description needs both (offer, answer or pranswer).`
		);
	if (typeof type !== 'string' || !isDescriptionType(type))
		return error(
			type === 'rollback'
				? `${capitalize(where)} is a rollback: it carries no SDP to inspect.`
				: `The "type" of ${where} is ${JSON.stringify(type)}: it must be "offer", "answer" or "pranswer".`
		);
	if (sdp === undefined)
		return error(
			`${capitalize(where)} has "type": "${type}" but no "sdp" field (a string holding the SDP).`
		);
	if (typeof sdp !== 'string') return error(`The "sdp" field of ${where} must be a string.`);
	const body = sdp.replace(/^\uFEFF/, '').trim();
	if (body === '') return error(`The "sdp" field of ${where} is empty.`);
	if (!body.startsWith('v='))
		return error(
			`The "sdp" field of ${where} should begin with v=0; it begins with "${clip(body)}".`
		);
	return description(body, type, 'json');
}

function candidateLines(text: string): PastedInput {
	const lines = text
		.split(/\r\n|\r|\n/)
		.map((l) => l.trim())
		.filter(Boolean);
	if (lines.length > 1)
		return error(
			`These are ${lines.length} lines: paste one candidate at a time (each candidate is one line).`
		);
	return { kind: 'candidate', candidate: (lines[0] ?? '').replace(/^a=/, '') };
}

/**
 * The SDP as the browser would write it: RFC 8866 §5 ends every line with CRLF, while a paste box
 * or a terminal often leaves LF. A one-line paste with literal `\r\n` escapes (copied out of JSON
 * or source code) is unescaped. Nothing else is touched: a stray space is the annotator's to show.
 */
function description(
	text: string,
	type: DescriptionType | null,
	from: 'raw' | 'json' | 'webrtc-internals'
): PastedInput {
	let sdp = text.replace(/^\uFEFF/, '').replace(/^\s+/, '');
	if (!/[\r\n]/.test(sdp) && /\\r\\n|\\n/.test(sdp)) sdp = sdp.replace(/\\r\\n|\\n|\\r/g, '\n');
	const lines = sdp.split(/\r\n|\r|\n/);
	while (lines.length > 0 && (lines.at(-1) ?? '').trim() === '') lines.pop();
	return { kind: 'sdp', sdp: `${lines.join('\r\n')}\r\n`, type, from };
}

function unrecognized(text: string): PastedInput {
	const lines = text.split(/\r\n|\r|\n/);
	const first = lines[0] ?? '';
	const sdpAt = lines.findIndex((l) => /^\s*v=/.test(l));
	if (sdpAt > 0)
		return error(
			`An SDP begins on line ${sdpAt + 1}: remove the ${sdpAt === 1 ? 'line' : `${sdpAt} lines`} before v=0.`
		);
	if (/^[a-z]=/.test(first))
		return error(
			`This looks like part of an SDP (it begins with "${clip(first)}"): a whole description begins with v=0.`
		);
	return error(`${EXPECTED}. This begins with "${clip(first)}".`);
}

function isDescriptionType(type: string): type is DescriptionType {
	return (DESCRIPTION_TYPES as readonly string[]).includes(type);
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * NUL bytes never occur in text; a UTF-16 file or a binary read as UTF-8 is full of them, or of
 * control characters and U+FFFD replacement characters.
 */
function binaryReason(text: string): string | null {
	if (text.includes('\u0000'))
		return `This looks like binary data (it contains NUL bytes), not text. ${EXPECTED}.`;
	let odd = 0;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (
			(c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) ||
			(c >= 0x7f && c <= 0x9f) ||
			c === 0xfffd
		)
			odd++;
	}
	if (odd > 0 && odd / text.length > 0.1)
		return `This looks like binary data (${odd} of ${text.length} characters are not printable text). ${EXPECTED}.`;
	return null;
}

function utf8Length(text: string): number {
	let n = 0;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c < 0x80) n += 1;
		else if (c < 0x800) n += 2;
		else if (c >= 0xd800 && c <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
			n += 4; // a surrogate pair is one 4-byte code point
			i++;
		} else n += 3;
	}
	return n;
}

function size(bytes: number): string {
	const grouped = String(bytes).replace(/\B(?=(\d{3})+$)/g, ',');
	const kib = bytes / 1024;
	return `${Number.isInteger(kib) ? kib : kib.toFixed(1)} KiB (${grouped} bytes)`;
}

function clip(s: string): string {
	const line = s.split(/\r\n|\r|\n/, 1)[0] ?? '';
	return line.length > 40 ? `${line.slice(0, 40)}…` : line;
}

function capitalize(s: string): string {
	return s.charAt(0).toUpperCase() + s.slice(1);
}

function listKeys(value: Record<string, unknown>): string {
	const keys = Object.keys(value).map((k) => `"${k}"`);
	return keys.length > 6 ? `${keys.slice(0, 6).join(', ')}, …` : keys.join(', ');
}
