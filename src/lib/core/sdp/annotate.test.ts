import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../../../tests/unit/content';
import { annotateSdp, explainedShare, splitLines, type AnnotatedLine } from './annotate';

const explanations = loadContent();
const FIXTURES = new URL('../../../../tests/fixtures/sdp/', import.meta.url);
const fixtures = readdirSync(FIXTURES)
	.filter((f) => f.endsWith('.sdp'))
	.sort()
	.map((name) => ({ name, text: readFileSync(new URL(name, FIXTURES), 'utf8') }));
const chromium = fixtures.filter((f) => f.name.startsWith('chromium-'));

const annotate = (text: string) => annotateSdp(text, explanations);
/** The input as the annotator promises to give it back. */
const normalised = (text: string) => text.replace(/\r\n/g, '\n').replace(/\n$/, '');
const field = (line: AnnotatedLine | undefined, name: string) =>
	line?.fields.find((f) => f.name === name);
const lineOf = (text: string, raw: string) => {
	const line = annotate(text).lines.find((l) => l.raw === raw);
	expect(line, raw).toBeDefined();
	return line as AnnotatedLine;
};

describe('fixtures', () => {
	it('has Chromium recordings and hand-written SDPs to test against', () => {
		expect(chromium.length).toBeGreaterThanOrEqual(10);
		expect(fixtures.some((f) => f.name.startsWith('handwritten-'))).toBe(true);
	});

	it.each(fixtures)('$name: keeps every raw line, in order', ({ text }) => {
		const sdp = annotate(text);
		expect(sdp.lines.map((l) => l.raw).join('\n')).toBe(normalised(text));
		sdp.lines.forEach((line, i) => expect(line.index).toBe(i));
	});

	it.each(chromium)('$name: explains every line, CRLF as Chromium wrote it', ({ text }) => {
		const sdp = annotate(text);
		expect(sdp.lineEnding).toBe('CRLF');
		const unexplained = sdp.lines.filter((l) => l.explanation === null).map((l) => l.raw);
		expect(unexplained).toEqual([]);
		expect(sdp.lines.filter((l) => l.problem).map((l) => `${l.raw}: ${l.problem}`)).toEqual([]);
		expect(explainedShare(sdp)).toEqual({ explained: sdp.lines.length, total: sdp.lines.length });
	});

	it.each(chromium)('$name: explains every codec, fmtp parameter, URI and feedback', ({ text }) => {
		const missing: string[] = [];
		for (const line of annotate(text).lines) {
			const has = (namespace: string) => line.details.some((d) => d.namespace === namespace);
			if (line.attribute === 'rtpmap' && !has('codec')) missing.push(line.raw);
			if (line.attribute === 'extmap' && !field(line, 'URI')?.meaning) missing.push(line.raw);
			if (line.attribute === 'rtcp-fb' && !has('rtcp-fb')) missing.push(line.raw);
			if (line.attribute === 'fmtp')
				for (const f of line.fields.slice(2))
					if (!f.meaning && f.name !== 'redundant payload types')
						missing.push(`${line.raw} ${f.name}`);
		}
		expect(missing).toEqual([]);
	});
});

describe('fields, named in the spec words', () => {
	const offer = chromium.find((f) => f.name.includes('audio-video-datachannel-offer'))?.text ?? '';

	it('rtpmap: payload type, encoding name with the codec explained, clock rate, channels', () => {
		const line = lineOf(offer, 'a=rtpmap:111 opus/48000/2');
		expect(line.type).toBe('a');
		expect(line.attribute).toBe('rtpmap');
		expect(line.value).toBe('111 opus/48000/2');
		expect(line.fields.map(({ name, value }) => [name, value])).toEqual([
			['payload type', '111'],
			['encoding name', 'opus'],
			['clock rate', '48000'],
			['channels', '2']
		]);
		expect(field(line, 'encoding name')?.meaning).toMatch(/audio codec of WebRTC/);
		expect(line.details[0]).toMatchObject({ namespace: 'codec', key: 'opus' });
		expect(line.details[0]?.spec[0]).toBe('RFC 7587');
		expect(line.explanation).toMatchObject({ namespace: 'attribute', key: 'rtpmap' });
		// For video, the third part is not a channel count.
		expect(lineOf(offer, 'a=rtpmap:96 VP8/90000').fields.map((f) => f.name)).toEqual([
			'payload type',
			'encoding name',
			'clock rate'
		]);
	});

	it('fmtp: the payload type, its codec, then each parameter with its meaning', () => {
		const line = lineOf(offer, 'a=fmtp:111 minptime=10;useinbandfec=1');
		expect(line.fields.map(({ name, value }) => [name, value])).toEqual([
			['payload type', '111'],
			['codec', 'opus'],
			['minptime', '10'],
			['useinbandfec', '1']
		]);
		expect(field(line, 'useinbandfec')?.meaning).toMatch(/in-band forward error correction/);
		expect(line.details.map((d) => `${d.namespace}:${d.key}`)).toEqual([
			'codec:opus',
			'fmtp:minptime',
			'fmtp:useinbandfec'
		]);

		const h264 = lineOf(
			offer,
			'a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f'
		);
		expect(h264.fields.slice(2).map(({ name, value }) => `${name}=${value}`)).toEqual([
			'level-asymmetry-allowed=1',
			'packetization-mode=1',
			'profile-level-id=42001f'
		]);
		expect(h264.fields.every((f) => f.meaning)).toBe(false); // the payload type has none
		expect(h264.fields.slice(1).every((f) => f.meaning)).toBe(true);
		expect(field(lineOf(offer, 'a=fmtp:97 apt=96'), 'apt')?.meaning).toMatch(/retransmission/);
		// red lists payload types, not name=value pairs.
		expect(field(lineOf(offer, 'a=fmtp:63 111/111'), 'redundant payload types')?.value).toBe(
			'111/111'
		);
	});

	it('fmtp: a codec-specific entry wins over the generic one', () => {
		const sdp =
			'v=0\r\nm=video 9 RTP/AVP 96 97\r\na=rtpmap:96 VP9/90000\r\na=rtpmap:97 H265/90000\r\n';
		const vp9 = lineOf(`${sdp}a=fmtp:96 profile-id=2\r\n`, 'a=fmtp:96 profile-id=2');
		const h265 = lineOf(`${sdp}a=fmtp:97 profile-id=1\r\n`, 'a=fmtp:97 profile-id=1');
		expect(vp9.details.map((d) => d.key)).toContain('VP9:profile-id');
		expect(h265.details.map((d) => d.key)).toContain('H265:profile-id');
		// Encoding names are case-insensitive (RFC 4855): vp9 is VP9.
		const lower = lineOf(
			'v=0\r\nm=video 9 RTP/AVP 96\r\na=rtpmap:96 vp9/90000\r\na=fmtp:96 profile-id=0\r\n',
			'a=fmtp:96 profile-id=0'
		);
		expect(lower.details.map((d) => d.key)).toEqual(['VP9', 'VP9:profile-id']);
	});

	it('extmap: id, direction, URI with what the extension is for', () => {
		const line = lineOf(offer, 'a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level');
		expect(line.fields.map(({ name, value }) => [name, value])).toEqual([
			['id', '1'],
			['URI', 'urn:ietf:params:rtp-hdrext:ssrc-audio-level']
		]);
		expect(field(line, 'URI')?.meaning).toMatch(/level/);
		expect(line.details[0]?.spec).toEqual(['RFC 6464']);
		const directed = lineOf(
			'v=0\r\nm=audio 9 RTP/AVP 0\r\na=extmap:2/sendonly urn:ietf:params:rtp-hdrext:toffset\r\n',
			'a=extmap:2/sendonly urn:ietf:params:rtp-hdrext:toffset'
		);
		expect(field(directed, 'direction')?.value).toBe('sendonly');
		expect(directed.details[0]?.spec).toEqual(['RFC 5450']);
	});

	it('rtcp-fb: payload type, codec, feedback type and parameter, the pair explained', () => {
		const line = lineOf(offer, 'a=rtcp-fb:96 nack pli');
		expect(line.fields.map(({ name, value }) => [name, value])).toEqual([
			['payload type', '96'],
			['codec', 'VP8'],
			['feedback type', 'nack'],
			['parameter', 'pli']
		]);
		expect(line.details.map((d) => `${d.namespace}:${d.key}`)).toEqual([
			'codec:VP8',
			'rtcp-fb:nack pli'
		]);
		expect(lineOf(offer, 'a=rtcp-fb:96 nack').details[1]?.key).toBe('nack');
	});

	it('candidate: the basic split', () => {
		const vanilla = chromium.find((f) => f.name.includes('vanilla-offer'))?.text ?? '';
		const line = annotate(vanilla).lines.find((l) => l.attribute === 'candidate');
		expect(line?.fields.slice(0, 7).map((f) => f.name)).toEqual([
			'foundation',
			'component id',
			'transport',
			'priority',
			'connection address',
			'port',
			'candidate type'
		]);
		expect(field(line, 'candidate type')?.value).toBe('host');
		expect(field(line, 'candidate type')?.meaning).toBeTruthy(); // from content/ice
	});

	it('session lines: origin, connection, media with its formats', () => {
		const sdp = annotate(offer);
		const origin = sdp.lines[1];
		expect(origin?.fields.map((f) => f.name)).toEqual([
			'username',
			'session id',
			'session version',
			'network type',
			'address type',
			'unicast address'
		]);
		const media = sdp.lines.find((l) => l.type === 'm');
		expect(media?.fields.slice(0, 3).map(({ name, value }) => [name, value])).toEqual([
			['media', 'audio'],
			['port', '9'],
			['proto', 'UDP/TLS/RTP/SAVPF']
		]);
		expect(media?.fields.find((f) => f.value === '111')?.meaning).toBe('opus/48000/2');
		// PCMU has an rtpmap here; without one, RFC 3551's static table still names it.
		const sip = annotate('v=0\r\nm=audio 49170 RTP/AVP 0\r\n').lines[1];
		expect(sip?.fields.at(-1)?.meaning).toBe('PCMU/8000 (static payload type, RFC 3551)');
		const connection = lineOf(
			'v=0\r\nc=IN IP4 233.252.0.1/127/3\r\n',
			'c=IN IP4 233.252.0.1/127/3'
		);
		expect(connection.fields.map(({ name, value }) => [name, value])).toEqual([
			['network type', 'IN'],
			['address type', 'IP4'],
			['connection address', '233.252.0.1'],
			['TTL', '127'],
			['number of addresses', '3']
		]);
	});

	it('names the fields of rarer attributes with sdp-transform', () => {
		const line = lineOf(
			'v=0\r\na=source-filter: incl IN IP4 233.252.0.1 192.0.2.10\r\n',
			'a=source-filter: incl IN IP4 233.252.0.1 192.0.2.10'
		);
		expect(line.fields.map(({ name, value }) => [name, value])).toEqual([
			['filter mode', 'incl'],
			['network type', 'IN'],
			['address type', 'IP4'],
			['destination address', '233.252.0.1'],
			['source list', '192.0.2.10']
		]);
	});
});

describe('sections', () => {
	it('splits the session section and every media section, port 0 included', () => {
		const answer = fixtures.find((f) => f.name === 'handwritten-icelite-server-answer.sdp');
		const sdp = annotate(answer?.text ?? '');
		expect(
			sdp.sections.map(({ index, media, mid, port }) => ({ index, media, mid, port }))
		).toEqual([
			{ index: 0, media: undefined, mid: undefined, port: undefined },
			{ index: 1, media: 'audio', mid: '0', port: 443 },
			{ index: 2, media: 'video', mid: '1', port: 0 }
		]);
		// The ranges cover every line once, in order; each media section starts at its m= line.
		expect(sdp.sections.map((s) => s.lineRange)).toEqual([
			[0, 7],
			[7, 27],
			[27, sdp.lines.length]
		]);
		for (const s of sdp.sections)
			for (const line of sdp.lines.slice(...s.lineRange)) expect(line.section).toBe(s.index);
		const rejected = sdp.lines.slice(...(sdp.sections[2]?.lineRange ?? [0, 0]));
		expect(rejected.map((l) => l.raw)).toContain('a=bundle-only');
		expect(rejected.every((l) => l.explanation)).toBe(true);
	});

	it('has a session section even when the text starts with m=', () => {
		const sdp = annotate('m=audio 0 RTP/AVP 0\na=inactive');
		expect(sdp.sections).toEqual([
			{ index: 0, lineRange: [0, 0] },
			{ index: 1, media: 'audio', port: 0, lineRange: [0, 2] }
		]);
	});
});

describe('bad and odd input is kept, with a problem', () => {
	it('keeps lines before v=, garbage, empty lines, unknown types and attributes', () => {
		const text = 'HTTP/1.1 200 OK\nv=0\n\no=- 1 1 IN IP4 0.0.0.0\nnonsense\nA=x\na=foo:bar\n';
		const sdp = annotate(text);
		expect(sdp.lines.map((l) => [l.raw, l.type, l.problem])).toEqual([
			['HTTP/1.1 200 OK', '', 'not of the form <type>=<value>'],
			['v=0', 'v', undefined],
			['', '', 'empty line'],
			['o=- 1 1 IN IP4 0.0.0.0', 'o', undefined],
			['nonsense', '', 'not of the form <type>=<value>'],
			['A=x', 'A', 'unknown line type "A" (RFC 8866 §5 defines v o s i u e p c b t r z k m a)'],
			['a=foo:bar', 'a', undefined]
		]);
		const unknown = sdp.lines[6];
		expect(unknown?.explanation).toBeNull();
		expect(unknown?.attribute).toBe('foo');
		expect(unknown?.value).toBe('bar');
		expect(unknown?.details.map((d) => d.key)).toEqual(['a']);
		expect(explainedShare(sdp)).toEqual({ explained: 2, total: 7 });
	});

	it('says when a typed line comes before v=, or when there is no v= at all', () => {
		expect(annotate('s=-\nv=0').lines[0]?.problem).toBe('before the first v= line');
		expect(annotate('a=rtcp-mux').lines[0]?.problem).toMatch(/no v= line/);
		expect(annotate('v=0\nv=0').lines[1]?.problem).toMatch(/second v= line/);
	});

	it('reports malformed lines of known types and still explains them', () => {
		const line = lineOf('v=0\r\na=rtpmap:oops\r\n', 'a=rtpmap:oops');
		expect(line.problem).toMatch(/^expected a=rtpmap:/);
		expect(line.explanation?.key).toBe('rtpmap');
		expect(lineOf('v=0\na=fmtp:96', 'a=fmtp:96').problem).toMatch(/^expected a=fmtp/);
		expect(lineOf('v=0\nv=1', 'v=1').problem).toMatch(/second v=/);
		expect(lineOf('v=1', 'v=1').problem).toBe('expected v=0 (RFC 8866 §5.1)');
	});
});

describe('line splitting', () => {
	it('splits on CRLF or LF, keeps a lone CR in the line, drops only one final line ending', () => {
		expect(splitLines('')).toEqual({ lines: [], lineEnding: 'none' });
		expect(splitLines('v=0')).toEqual({ lines: ['v=0'], lineEnding: 'none' });
		expect(splitLines('v=0\r\ns=-\r\n')).toEqual({ lines: ['v=0', 's=-'], lineEnding: 'CRLF' });
		expect(splitLines('v=0\ns=-\n')).toEqual({ lines: ['v=0', 's=-'], lineEnding: 'LF' });
		expect(splitLines('v=0\r\ns=-\n')).toEqual({ lines: ['v=0', 's=-'], lineEnding: 'mixed' });
		expect(splitLines('v=0\n\n')).toEqual({ lines: ['v=0', ''], lineEnding: 'LF' });
		expect(splitLines('\n')).toEqual({ lines: [''], lineEnding: 'LF' });
		expect(splitLines('v=0\rs=-')).toEqual({ lines: ['v=0\rs=-'], lineEnding: 'none' });
		expect(annotate('v=0\rs=-').lines[0]?.problem).toMatch(/carriage return/);
	});

	it('annotates a 1 MB line of any type in linear time', () => {
		const mb = 1 << 20;
		const lines = [
			`a=fmtp:96 ${'x=1;'.repeat(mb / 4)}`,
			`a=candidate:${' '.repeat(mb)}x`,
			`a=rtpmap:${'1'.repeat(mb)}`,
			`a=rtpmap:1 ${'/'.repeat(mb)}`,
			`m=${'audio '.repeat(mb / 6)}`,
			`a=imageattr:97 send ${'[x=1,'.repeat(mb / 5)}`,
			`a=simulcast: ${' \t'.repeat(mb / 2)}!`,
			`a=${'a'.repeat(mb)}`,
			`a=ssrc:1 ${':'.repeat(mb)}`,
			'x'.repeat(mb)
		];
		for (const line of lines) {
			const started = performance.now();
			const sdp = annotate(`v=0\r\n${line}\r\n`);
			expect(sdp.lines[1]?.raw).toBe(line);
			expect(performance.now() - started, line.slice(0, 20)).toBeLessThan(1000);
		}
	});
});
