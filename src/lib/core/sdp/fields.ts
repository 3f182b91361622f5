/**
 * Names the fields of one SDP line in the spec's words, and finds the extra explanations it
 * refers to (its codec, each fmtp parameter, its header extension URI, its feedback type …).
 *
 * Every parser here splits on spaces and separators: linear time, no backtracking regex, so a
 * 1 MB line costs what reading it costs. `sdp-transform` names the fields of the rarer attributes
 * we have no parser for (imageattr, source-filter, ts-refclk, mediaclk, BFCP …); it parses a
 * one-line SDP with its grammar and is only asked about short lines, because some of its
 * expressions backtrack.
 */
import { parse } from 'sdp-transform';
import type { LineExplanation, LineField } from './annotate';
import { STATIC_PAYLOAD_TYPES } from './static-payload-types';

export interface RtpMap {
	name: string;
	clockRate?: string;
	channels?: string;
}

export interface FieldContext {
	explain(namespace: string, key: string): LineExplanation | null;
	/** The a=rtpmap of a payload type in the line's own media section. */
	rtpmap(payloadType: string): RtpMap | undefined;
	/** The <media> of the line's m= section (audio, video, application …), if any. */
	media?: string;
}

export interface ParsedFields {
	fields: LineField[];
	details: LineExplanation[];
	problem?: string;
}

interface LineParts {
	type: string;
	attribute?: string;
	value: string;
}

/** Lines longer than this are not handed to sdp-transform (see above). */
const SDP_TRANSFORM_MAX = 1000;

const words = (s: string) => s.split(/[ \t]+/).filter((w) => w !== '');

/** Collects fields and details for one line. */
class Builder {
	fields: LineField[] = [];
	details: LineExplanation[] = [];
	problem?: string;
	constructor(readonly context: FieldContext) {}

	/** Adds a field; with `lookup`, its meaning is that explanation's text (and a detail). */
	add(name: string, value: string | undefined, lookup?: [string, string][]) {
		if (value === undefined) return;
		const field: LineField = { name, value };
		for (const [namespace, key] of lookup ?? []) {
			const found = this.context.explain(namespace, key);
			if (found) {
				field.meaning = found.text;
				this.details.push(found);
				break;
			}
		}
		this.fields.push(field);
	}

	expect(ok: boolean, form: string) {
		if (!ok) this.problem = `expected ${form}`;
		return ok;
	}

	/** 'payload type' and the codec it stands for (from a=rtpmap, or RFC 3551's static table). */
	payloadType(pt: string | undefined) {
		if (pt === undefined) return;
		this.add('payload type', pt);
		if (pt === '*') return;
		const codec = this.context.rtpmap(pt)?.name ?? STATIC_PAYLOAD_TYPES[pt]?.name;
		this.add('codec', codec, codec ? [['codec', codec]] : []);
		return codec;
	}

	result(): ParsedFields {
		const parsed: ParsedFields = { fields: this.fields, details: this.details };
		if (this.problem) parsed.problem = this.problem;
		return parsed;
	}
}

type Parser = (b: Builder, value: string) => void;

/** Session- and media-level lines, RFC 8866 §5. */
const LINE: Record<string, Parser> = {
	v: (b, v) => {
		b.add('protocol version', v);
		b.expect(v === '0', 'v=0 (RFC 8866 §5.1)');
	},
	o: (b, v) => {
		const w = words(v);
		if (
			!b.expect(
				w.length === 6,
				'o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>'
			)
		)
			return b.add('origin', v || undefined);
		[
			'username',
			'session id',
			'session version',
			'network type',
			'address type',
			'unicast address'
		].forEach((name, i) => b.add(name, w[i]));
	},
	s: (b, v) => b.add('session name', v),
	i: (b, v) => b.add('information', v),
	u: (b, v) => b.add('URI', v),
	e: (b, v) => b.add('email address', v),
	p: (b, v) => b.add('phone number', v),
	c: (b, v) => {
		const [nettype, addrtype, address] = words(v);
		if (!b.expect(address !== undefined, 'c=<nettype> <addrtype> <connection-address>'))
			return b.add('connection data', v || undefined);
		b.add('network type', nettype);
		b.add('address type', addrtype);
		// RFC 8866 §5.7: IP4 multicast is <base address>/<ttl>[/<number of addresses>], IP6 has no TTL.
		const [base, ...suffix] = (address ?? '').split('/');
		b.add('connection address', base);
		if (addrtype === 'IP4' && suffix[0] !== undefined) b.add('TTL', suffix.shift());
		b.add('number of addresses', suffix[0]);
	},
	b: (b, v) => {
		const colon = v.indexOf(':');
		if (!b.expect(colon > 0, 'b=<bwtype>:<bandwidth>')) return b.add('bandwidth', v || undefined);
		const type = v.slice(0, colon);
		b.add('bandwidth type', type, [['value', `b:${type}`]]);
		b.add(type === 'TIAS' ? 'bandwidth (bit/s)' : 'bandwidth (kbit/s)', v.slice(colon + 1));
	},
	t: (b, v) => {
		const [start, stop] = words(v);
		b.expect(stop !== undefined, 't=<start-time> <stop-time>');
		b.add('start time', start);
		b.add('stop time', stop);
	},
	r: (b, v) => {
		const [interval, duration, ...offsets] = words(v);
		b.add('repeat interval', interval);
		b.add('active duration', duration);
		for (const offset of offsets) b.add('offset from start time', offset);
	},
	z: (b, v) => {
		const w = words(v);
		for (let i = 0; i < w.length; i += 2) {
			b.add('adjustment time', w[i]);
			b.add('offset', w[i + 1]);
		}
	},
	k: (b, v) => {
		const colon = v.indexOf(':');
		b.add('method', colon === -1 ? v : v.slice(0, colon));
		if (colon !== -1) b.add('encryption key', v.slice(colon + 1));
	},
	m: (b, v) => {
		const [media, port, proto, ...formats] = words(v);
		if (!b.expect(proto !== undefined, 'm=<media> <port> <proto> <fmt> ...'))
			return b.add('media description', v || undefined);
		b.add('media', media, [['value', `media:${media}`]]);
		const [p, count] = (port ?? '').split('/');
		b.add('port', p);
		b.add('number of ports', count);
		b.add('proto', proto, [['value', `proto:${proto}`]]);
		const rtp = proto?.includes('RTP') ?? false;
		for (const fmt of formats) {
			if (!rtp) {
				b.add('format', fmt, [['value', `fmt:${fmt}`]]);
				continue;
			}
			const map = b.context.rtpmap(fmt);
			const fixed = STATIC_PAYLOAD_TYPES[fmt];
			const field: LineField = { name: 'format', value: fmt };
			if (map) field.meaning = [map.name, map.clockRate, map.channels].filter(Boolean).join('/');
			else if (fixed)
				field.meaning = `${fixed.name}/${fixed.clockRate} (static payload type, RFC 3551)`;
			b.fields.push(field);
		}
	}
};

/** One field per `;`-separated `name=value` (fmtp, rid); `keys(name)`: lookups, in order. */
function parameters(
	b: Builder,
	list: string,
	keys: (name: string) => [string, string][],
	bare: string
) {
	for (const part of list.split(';')) {
		const item = part.trim();
		if (item === '') continue;
		const eq = item.indexOf('=');
		if (eq === -1) b.add(bare, item);
		else b.add(item.slice(0, eq).trim(), item.slice(eq + 1).trim(), keys(item.slice(0, eq).trim()));
	}
}

/** a= attributes with their own syntax. */
const ATTRIBUTE: Record<string, Parser> = {
	// RFC 8866 §6.6: a=rtpmap:<payload type> <encoding name>/<clock rate>[/<encoding parameters>]
	rtpmap: (b, v) => {
		const [pt, encoding] = words(v);
		const [name, clockRate, params] = (encoding ?? '').split('/');
		if (!b.expect(!!pt && !!name, 'a=rtpmap:<payload type> <encoding name>/<clock rate>'))
			return b.add('value', v || undefined);
		b.add('payload type', pt);
		b.add('encoding name', name, [['codec', name ?? '']]);
		b.add('clock rate', clockRate);
		// RFC 8866 §6.6: for audio the encoding parameters are the number of channels.
		b.add(b.context.media === 'audio' ? 'channels' : 'encoding parameters', params);
	},
	// RFC 8866 §6.15: a=fmtp:<format> <format specific parameters>
	fmtp: (b, v) => {
		const space = v.search(/[ \t]/);
		const pt = space === -1 ? v : v.slice(0, space);
		const codec = b.payloadType(pt);
		if (!b.expect(space !== -1, 'a=fmtp:<format> <format specific parameters>')) return;
		// red (RFC 2198) lists its redundant payload types, telephone-event (RFC 4733) its events.
		const bare = /^red$/i.test(codec ?? '')
			? 'redundant payload types'
			: /^telephone-event$/i.test(codec ?? '')
				? 'events'
				: 'parameter';
		parameters(
			b,
			v.slice(space + 1),
			// A codec-specific entry (VP9:profile-id) first, then the generic one.
			(name) => [
				['fmtp', `${codec}:${name}`],
				['fmtp', name]
			],
			bare
		);
	},
	// RFC 4585 §4.2: a=rtcp-fb:<payload type|*> <type> [<subtype or parameters>]
	'rtcp-fb': (b, v) => {
		const [pt, type, ...rest] = words(v);
		if (!b.expect(type !== undefined, 'a=rtcp-fb:<payload type> <feedback type>'))
			return b.add('value', v || undefined);
		b.payloadType(pt);
		const parameter = rest.join(' ') || undefined;
		const keys: [string, string][] = [['rtcp-fb', type ?? '']];
		if (rest[0] !== undefined) keys.unshift(['rtcp-fb', `${type} ${rest[0]}`]);
		b.add('feedback type', type, parameter !== undefined ? [] : keys);
		if (parameter !== undefined)
			b.add(type === 'trr-int' ? 'interval (ms)' : 'parameter', parameter, keys);
	},
	// RFC 8285: a=extmap:<value>["/"<direction>] <URI> <extensionattributes>
	extmap: (b, v) => {
		const [idDir, ...rest] = words(v);
		const [id, direction] = (idDir ?? '').split('/');
		if (!b.expect(rest.length > 0, 'a=extmap:<id>[/<direction>] <URI>'))
			return b.add('value', v || undefined);
		b.add('id', id);
		b.add('direction', direction);
		let uri = rest.shift();
		// RFC 6904: the encrypted form names the encrypt URI first, then the extension's own URI.
		if (uri === 'urn:ietf:params:rtp-hdrext:encrypt') {
			b.add('encryption', uri, [['extmap', uri]]);
			uri = rest.shift();
		}
		b.add('URI', uri, [['extmap', uri ?? '']]);
		if (rest.length) b.add('extension attributes', rest.join(' '));
	},
	// RFC 8839 §5.1: basic split only; src/lib/core/ice/ decodes candidates fully.
	candidate: (b, v) => {
		const w = words(v);
		if (
			!b.expect(
				w.length >= 8 && w[6] === 'typ',
				'a=candidate:<foundation> <component-id> <transport> <priority> <address> <port> typ <cand-type>'
			)
		)
			return b.add('value', v || undefined);
		['foundation', 'component id', 'transport', 'priority', 'connection address', 'port'].forEach(
			(n, i) => b.add(n, w[i])
		);
		// The candidate types are explained in content/ice/ (namespace candidate-type).
		b.add('candidate type', w[7], [['candidate-type', w[7] ?? '']]);
		const names: Record<string, string> = { raddr: 'related address', rport: 'related port' };
		for (let i = 8; i < w.length; i += 2) b.add(names[w[i] ?? ''] ?? w[i] ?? '', w[i + 1] ?? '');
	},
	'remote-candidates': (b, v) => {
		const w = words(v);
		for (let i = 0; i < w.length; i += 3) {
			b.add('component id', w[i]);
			b.add('connection address', w[i + 1]);
			b.add('port', w[i + 2]);
		}
	},
	'ice-ufrag': (b, v) => b.add('username fragment', v),
	'ice-pwd': (b, v) => b.add('password', v),
	'ice-options': (b, v) => {
		for (const option of words(v)) b.add('option', option, [['value', `ice-options:${option}`]]);
	},
	'ice-pacing': (b, v) => b.add('pacing (ms)', v),
	// RFC 8122 §5: a=fingerprint:<hash-func> <fingerprint>
	fingerprint: (b, v) => {
		const [hash, fingerprint] = words(v);
		b.add('hash function', hash);
		b.add('fingerprint', fingerprint);
	},
	setup: (b, v) => b.add('role', v, [['value', `setup:${v}`]]),
	connection: (b, v) => b.add('connection', v),
	'tls-id': (b, v) => b.add('TLS id', v),
	// RFC 5888 §5: a=group:<semantics> *(SP <identification-tag>)
	group: (b, v) => {
		const [semantics, ...tags] = words(v);
		b.add('semantics', semantics, [['value', `group:${semantics}`]]);
		for (const tag of tags) b.add('identification tag', tag);
	},
	mid: (b, v) => b.add('identification tag', v),
	// RFC 8830 §2: a=msid:<msid-id> [<msid-appdata>]
	msid: (b, v) => {
		const [id, appdata] = words(v);
		b.add('stream id (msid-id)', id);
		b.add('track id (msid-appdata)', appdata);
	},
	'msid-semantic': (b, v) => {
		const [semantic, ...ids] = words(v);
		b.add('semantic', semantic, [['value', `msid-semantic:${semantic}`]]);
		for (const id of ids) b.add('stream id', id);
	},
	// RFC 5576 §4.1: a=ssrc:<ssrc-id> <attribute>[:<value>]
	ssrc: (b, v) => {
		const space = v.search(/[ \t]/);
		b.add('ssrc id', space === -1 ? v : v.slice(0, space));
		if (space === -1) return;
		const rest = v.slice(space + 1);
		const colon = rest.indexOf(':');
		const attribute = colon === -1 ? rest : rest.slice(0, colon);
		b.add('source attribute', attribute, [['value', `ssrc:${attribute}`]]);
		if (colon !== -1) b.add('value', rest.slice(colon + 1));
	},
	'ssrc-group': (b, v) => {
		const [semantics, ...ids] = words(v);
		b.add('semantics', semantics, [['value', `ssrc-group:${semantics}`]]);
		for (const id of ids) b.add('ssrc id', id);
	},
	// RFC 8851 §4: a=rid:<rid-id> <direction> [pt=<fmt list>;<restriction>=<value>…]
	rid: (b, v) => {
		const [id, direction, ...rest] = words(v);
		b.add('rid id', id);
		b.add('direction', direction);
		parameters(b, rest.join(' '), (name) => [['value', `rid:${name}`]], 'restriction');
	},
	// RFC 8853 §5.1: a=simulcast:<direction> <alternatives>[ <direction> <alternatives>]
	simulcast: (b, v) => {
		for (const w of words(v))
			if (w === 'send' || w === 'recv') b.add('direction', w);
			else b.add('streams (; separates streams, , alternatives, ~ paused)', w);
	},
	// RFC 8841 §5.1, §6.1 and the older draft's a=sctpmap:<number> <app> [<streams>].
	'sctp-port': (b, v) => b.add('SCTP port', v),
	'max-message-size': (b, v) => b.add('max message size (bytes)', v),
	sctpmap: (b, v) => {
		const [port, app, streams] = words(v);
		b.add('SCTP port', port);
		b.add('application', app, [['value', `fmt:${app}`]]);
		b.add('number of streams', streams);
	},
	// RFC 3605 §2.1: a=rtcp:<port> [<nettype> <addrtype> <connection-address>]
	rtcp: (b, v) => {
		const [port, nettype, addrtype, address] = words(v);
		b.add('port', port);
		b.add('network type', nettype);
		b.add('address type', addrtype);
		b.add('connection address', address);
	},
	// RFC 4568 §4: a=crypto:<tag> <crypto-suite> <key-params> [<session-params>]
	crypto: (b, v) => {
		const [tag, suite, keyParams, ...session] = words(v);
		b.add('tag', tag);
		b.add('crypto suite', suite, [['value', `crypto:${suite}`]]);
		b.add('key params', keyParams);
		for (const s of session) b.add('session param', s);
	},
	ptime: (b, v) => b.add('packet time (ms)', v),
	maxptime: (b, v) => b.add('maximum packet time (ms)', v),
	framerate: (b, v) => b.add('frame rate (frames/s)', v),
	'rtcp-xr': (b, v) => {
		for (const w of words(v)) b.add('report block', w);
	},
	'x-google-flag': (b, v) => b.add('flag', v)
};

/** Fields of an attribute without its own parser: what sdp-transform's grammar names. */
function viaSdpTransform(b: Builder, attribute: string, value: string) {
	const line = value === '' ? `a=${attribute}` : `a=${attribute}:${value}`;
	if (line.length > SDP_TRANSFORM_MAX || /[\r\n]/.test(line)) return false;
	let parsed: Record<string, unknown>;
	try {
		parsed = parse(line) as unknown as Record<string, unknown>;
	} catch {
		return false;
	}
	const [entry] = Object.entries(parsed).filter(([k]) => k !== 'media' && k !== 'invalid');
	if (!entry) return false;
	const [key, found] = entry;
	const object = Array.isArray(found) ? found[0] : found;
	if (object !== null && typeof object === 'object') {
		for (const [name, v] of Object.entries(object as Record<string, unknown>))
			if (v !== undefined) b.add(spaced(name), String(v));
	} else if (object !== undefined && value !== '') b.add(spaced(key), String(object));
	return true;
}

/** sdp-transform's property names, in the spec's words where they differ. */
const SPEC_WORDS: Record<string, string> = {
	pt: 'payload type',
	dir1: 'direction',
	dir2: 'direction',
	attrs1: 'image attributes',
	attrs2: 'image attributes',
	netType: 'network type',
	addressTypes: 'address type',
	destAddress: 'destination address',
	srcList: 'source list',
	clksrc: 'clock source',
	clksrcExt: 'clock source parameters',
	mStream: 'media stream label'
};

/** `filterMode` → `filter mode`. */
const spaced = (name: string) =>
	SPEC_WORDS[name] ?? name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();

export function parseFields(line: LineParts, context: FieldContext): ParsedFields {
	const b = new Builder(context);
	if (line.type === 'a') {
		const attribute = line.attribute ?? '';
		const own = ATTRIBUTE[attribute];
		if (own) own(b, line.value);
		else if (!viaSdpTransform(b, attribute, line.value) && line.value !== '')
			b.add('value', line.value);
	} else LINE[line.type]?.(b, line.value);
	return b.result();
}
