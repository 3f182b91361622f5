import { readFileSync } from 'node:fs';
import { isIPv4 as nodeIsIPv4, isIPv6 as nodeIsIPv6 } from 'node:net';
import { describe, expect, it } from 'vitest';
import { decodeCandidate } from '../ice/candidate';
import { ReplayPlayer } from '../replay/player';
import { compareOfferAnswer } from '../sdp/compare';
import { foldPeers } from './fold';
import { parseTrace, serializeTrace } from './format';
import { ICE_PWD_PLACEHOLDER, redactTrace } from './redact';
import type { CandidateFields, TraceEvent, TraceFile } from './types';

// --- A run with STUN and TURN, in the shapes Chromium and coturn really give --------------------
// (tests/fixtures/coturn/*.page.json, static/traces/*.trace.json). Several originals are in the
// documentation ranges on purpose: this lab's own recordings run on 192.0.2.x.

const A_HOST4 = '192.0.2.2';
const A_HOST6 = 'fd00::2';
const A_SRFLX = '198.51.100.7';
const A_RELAY = '203.0.113.9';
const B_HOST4 = '10.20.30.40';
const B_HOST6 = '2a00:1450:4001:81b::200e';
const B_LINK_LOCAL = 'fe80::1c2d:3e4f:5a6b:7c8d';
const B_SRFLX = '93.184.216.34';
const PRFLX = '100.64.0.9';
const SERVER4 = '192.0.2.1';
const SERVER6 = '2001:db8::1';
const ERROR_ADDRESS = '172.16.5.4';
const ORIGINALS = [
	A_HOST4,
	A_HOST6,
	A_SRFLX,
	A_RELAY,
	B_HOST4,
	B_HOST6,
	B_LINK_LOCAL,
	B_SRFLX,
	PRFLX,
	SERVER4,
	SERVER6,
	ERROR_ADDRESS
];

const A_PWD = 'dDuD6Xtme9D3Bu97VnBqIFMt';
const B_PWD = 'Wq3m1Y5yD+Lr8dkTfC0pZ2sH';
const USERNAME = 'lab-fc1660453bec';
const CREDENTIAL = 'XKLc4uiMde_vXNHpkUAKgxCV';
const A_FINGERPRINT =
	'E3:5F:FB:46:DE:71:8E:28:A8:16:67:BF:4E:34:95:94:67:01:0E:04:0D:5C:94:CD:0C:7E:82:10:CA:6E:89:69';
const B_FINGERPRINT =
	'1B:9A:04:C7:3D:E2:58:F0:6A:11:BC:D3:47:2E:98:05:7F:C4:A1:36:E8:0D:52:9B:F6:23:7A:4C:DE:81:B0:65';

const TURN_UDP = `turn:${SERVER4}:3478?transport=udp`;
const STUN = `stun:${SERVER4}:3478`;
const TURNS6 = `turns:[${SERVER6}]:5349?transport=tcp`;

const CANDIDATES = {
	aHost4: `candidate:3156136237 1 udp 2113937151 ${A_HOST4} 35044 typ host generation 0 ufrag LTcD network-cost 999`,
	aHost6: `candidate:3144465821 1 udp 2113942271 ${A_HOST6} 45914 typ host generation 0 ufrag LTcD network-cost 999`,
	aSrflx: `candidate:577969977 1 udp 1677729535 ${A_SRFLX} 35044 typ srflx raddr ${A_HOST4} rport 35044 generation 0 ufrag LTcD network-cost 999`,
	aRelay: `candidate:2129210686 1 udp 50339839 ${A_RELAY} 15923 typ relay raddr 0.0.0.0 rport 0 generation 0 ufrag LTcD network-cost 999`,
	bHost4: `candidate:1930910453 1 udp 2113937151 ${B_HOST4} 51754 typ host generation 0 ufrag a2vc network-cost 999`,
	bLinkLocal: `candidate:3094453013 1 udp 2113942271 ${B_LINK_LOCAL} 33197 typ host generation 0 ufrag a2vc network-cost 999`,
	bTcp6: `candidate:4233069003 1 tcp 1518283007 ${B_HOST6} 9 typ host tcptype active generation 0 ufrag a2vc network-cost 999`,
	bSrflx: `candidate:1767105350 1 udp 1677729535 ${B_SRFLX} 51754 typ srflx raddr ${B_HOST4} rport 51754 generation 0 ufrag a2vc network-cost 999`
};

function sdp(lines: string[]): string {
	return lines.join('\r\n') + '\r\n';
}

const OFFER = sdp([
	'v=0',
	'o=- 4611731400430051336 2 IN IP4 127.0.0.1',
	's=-',
	't=0 0',
	'a=group:BUNDLE 0 1',
	'a=extmap-allow-mixed',
	'a=msid-semantic: WMS',
	'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
	'c=IN IP4 0.0.0.0',
	'a=ice-ufrag:LTcD',
	`a=ice-pwd:${A_PWD}`,
	'a=ice-options:trickle',
	`a=fingerprint:sha-256 ${A_FINGERPRINT}`,
	'a=setup:actpass',
	'a=mid:0',
	'a=sctp-port:5000',
	'a=max-message-size:262144',
	'm=audio 9 UDP/TLS/RTP/SAVPF 111',
	'c=IN IP4 0.0.0.0',
	'a=rtcp:9 IN IP4 0.0.0.0',
	'a=ice-ufrag:LTcD',
	`a=ice-pwd:${A_PWD}`,
	'a=ice-options:trickle',
	`a=fingerprint:sha-256 ${A_FINGERPRINT}`,
	'a=setup:actpass',
	'a=mid:1',
	'a=sendrecv',
	'a=rtcp-mux',
	'a=rtpmap:111 opus/48000/2',
	'a=fmtp:111 minptime=10;useinbandfec=1'
]);

/** Alice's description after gathering: the candidates are in it, and c= is the default one. */
const OFFER_GATHERED = OFFER.replace(
	'm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\n',
	'm=application 35044 UDP/DTLS/SCTP webrtc-datachannel\r\n' +
		`c=IN IP4 ${A_SRFLX}\r\n` +
		[CANDIDATES.aHost4, CANDIDATES.aHost6, CANDIDATES.aSrflx, CANDIDATES.aRelay]
			.map((c) => `a=${c}\r\n`)
			.join('') +
		'a=end-of-candidates\r\n'
);

const ANSWER = sdp([
	'v=0',
	'o=- 2397129021786052384 2 IN IP4 127.0.0.1',
	's=-',
	't=0 0',
	'a=group:BUNDLE 0 1',
	'a=extmap-allow-mixed',
	'a=msid-semantic: WMS',
	'm=application 51754 UDP/DTLS/SCTP webrtc-datachannel',
	`c=IN IP4 ${B_SRFLX}`,
	`a=${CANDIDATES.bHost4}`,
	`a=${CANDIDATES.bLinkLocal}`,
	`a=${CANDIDATES.bTcp6}`,
	`a=${CANDIDATES.bSrflx}`,
	'a=ice-ufrag:a2vc',
	`a=ice-pwd:${B_PWD}`,
	'a=ice-options:trickle',
	`a=fingerprint:sha-256 ${B_FINGERPRINT}`,
	'a=setup:active',
	'a=mid:0',
	'a=sctp-port:5000',
	'a=max-message-size:262144',
	'm=audio 51754 UDP/TLS/RTP/SAVPF 111',
	`c=IN IP6 ${B_HOST6}`,
	`a=rtcp:51754 IN IP6 ${B_HOST6}`,
	'a=ice-ufrag:a2vc',
	`a=ice-pwd:${B_PWD}`,
	'a=ice-options:trickle',
	`a=fingerprint:sha-256 ${B_FINGERPRINT}`,
	'a=setup:active',
	'a=mid:1',
	'a=sendrecv',
	'a=rtcp-mux',
	'a=rtpmap:111 opus/48000/2',
	'a=fmtp:111 minptime=10;useinbandfec=1'
]);

/** What the peer actor records as `fields`; Chromium fills the related address of srflx/relay. */
function fields(candidate: string, related: boolean): CandidateFields {
	const decoded = decodeCandidate(candidate);
	if (!decoded.ok) throw new Error(decoded.error);
	const c = decoded.candidate;
	return {
		foundation: c.foundation,
		component: 'rtp',
		protocol: c.transport,
		priority: c.priority.value,
		address: c.address,
		port: c.port,
		type: c.type,
		tcpType: c.tcptype,
		relatedAddress: related ? c.relatedAddress : null,
		relatedPort: related ? c.relatedPort : null,
		usernameFragment: c.ufrag
	};
}

const ICE_SERVERS = [
	{ urls: [STUN, TURN_UDP], username: USERNAME, credential: CREDENTIAL },
	{ urls: TURNS6, username: USERNAME, credential: CREDENTIAL }
];

/** Events without times; `run()` numbers them so that they are in time order. */
type Untimed = TraceEvent extends infer E ? (E extends TraceEvent ? Omit<E, 't'> : never) : never;

function candidateEvent(peer: 'alice' | 'bob', candidate: string, url: string | null): Untimed[] {
	const init = { candidate, sdpMid: '0', sdpMLineIndex: 0, usernameFragment: null };
	const other = peer === 'alice' ? 'bob' : 'alice';
	return [
		{
			type: 'ice-candidate',
			peer,
			candidate,
			sdpMid: '0',
			sdpMLineIndex: 0,
			url: url ?? '',
			fields: fields(candidate, url !== null)
		},
		{
			type: 'bus-message',
			id: 3,
			from: peer,
			to: other,
			kind: 'candidate',
			phase: 'sent',
			payload: init
		},
		{ type: 'api-call', peer: other, method: 'addIceCandidate', phase: 'start', argument: init },
		{ type: 'api-call', peer: other, method: 'addIceCandidate', phase: 'resolve' }
	];
}

function run(): TraceFile {
	const untimed: Untimed[] = [
		{ type: 'step', id: 'start', text: 'Create Alice and Bob.' },
		{
			type: 'peer-created',
			peer: 'alice',
			configuration: {
				iceServers: ICE_SERVERS,
				iceTransportPolicy: 'all',
				bundlePolicy: 'balanced'
			}
		},
		{
			type: 'peer-created',
			peer: 'bob',
			configuration: {
				iceServers: ICE_SERVERS,
				iceTransportPolicy: 'all',
				bundlePolicy: 'balanced'
			}
		},
		{ type: 'api-call', peer: 'alice', method: 'createOffer', phase: 'start' },
		{
			type: 'api-call',
			peer: 'alice',
			method: 'createOffer',
			phase: 'resolve',
			description: { type: 'offer', sdp: OFFER }
		},
		{ type: 'local-description', peer: 'alice', description: { type: 'offer', sdp: OFFER } },
		{ type: 'state-change', peer: 'alice', machine: 'signaling', value: 'have-local-offer' },
		{
			type: 'bus-message',
			id: 1,
			from: 'alice',
			to: 'bob',
			kind: 'offer',
			phase: 'sent',
			payload: { type: 'offer', sdp: OFFER }
		},
		{ type: 'bus-message', id: 1, from: 'alice', to: 'bob', kind: 'offer', phase: 'delivered' },
		{ type: 'remote-description', peer: 'bob', description: { type: 'offer', sdp: OFFER } },
		{ type: 'state-change', peer: 'bob', machine: 'signaling', value: 'have-remote-offer' },
		...candidateEvent('alice', CANDIDATES.aHost4, null),
		...candidateEvent('alice', CANDIDATES.aHost6, null),
		...candidateEvent('alice', CANDIDATES.aSrflx, STUN),
		...candidateEvent('alice', CANDIDATES.aRelay, TURN_UDP),
		{
			type: 'ice-candidate-error',
			peer: 'alice',
			url: TURNS6,
			errorCode: 701,
			errorText: 'TURN host lookup received error.',
			address: '0.0.0.x',
			port: 42348
		},
		{
			type: 'ice-candidate-error',
			peer: 'bob',
			url: TURN_UDP,
			errorCode: 401,
			errorText: 'Unauthorized.',
			address: ERROR_ADDRESS,
			port: 42774
		},
		{
			type: 'local-description',
			peer: 'alice',
			description: { type: 'offer', sdp: OFFER_GATHERED }
		},
		{ type: 'api-call', peer: 'bob', method: 'createAnswer', phase: 'start' },
		{
			type: 'api-call',
			peer: 'bob',
			method: 'createAnswer',
			phase: 'resolve',
			description: { type: 'answer', sdp: ANSWER }
		},
		{ type: 'local-description', peer: 'bob', description: { type: 'answer', sdp: ANSWER } },
		{ type: 'state-change', peer: 'bob', machine: 'signaling', value: 'stable' },
		...candidateEvent('bob', CANDIDATES.bHost4, null),
		...candidateEvent('bob', CANDIDATES.bLinkLocal, null),
		...candidateEvent('bob', CANDIDATES.bTcp6, null),
		...candidateEvent('bob', CANDIDATES.bSrflx, STUN),
		{
			type: 'api-call',
			peer: 'alice',
			method: 'addIceCandidate',
			phase: 'reject',
			argument: { candidate: CANDIDATES.bTcp6, sdpMid: '0', sdpMLineIndex: 0 },
			error: {
				name: 'OperationError',
				message: `Error processing ICE candidate: no route to [${B_HOST6}]:9 from ${A_HOST4}:35044.`
			}
		},
		{
			type: 'bus-message',
			id: 2,
			from: 'bob',
			to: 'alice',
			kind: 'answer',
			phase: 'sent',
			payload: { type: 'answer', sdp: ANSWER }
		},
		{ type: 'remote-description', peer: 'alice', description: { type: 'answer', sdp: ANSWER } },
		{ type: 'state-change', peer: 'alice', machine: 'signaling', value: 'stable' },
		{
			type: 'server-log',
			method: 'BINDING',
			outcome: 'success',
			client: `${A_HOST4}:35044`
		},
		{
			type: 'server-log',
			method: 'ALLOCATE',
			outcome: 'error',
			code: 401,
			reason: 'Unauthorized',
			client: `[${B_HOST6}]:40000`
		},
		{
			type: 'server-log',
			method: 'ALLOCATE',
			outcome: 'success',
			client: `${A_SRFLX}:35044`,
			relayed: `${A_RELAY}:15923`
		},
		{
			type: 'server-log',
			method: 'CREATE_PERMISSION',
			outcome: 'success',
			permission: B_SRFLX,
			inferred: true
		},
		{
			type: 'stats',
			peer: 'alice',
			report: [
				{
					id: 'CPsDBMVD2Q_Fi7ncnyF',
					type: 'candidate-pair',
					localCandidateId: 'IsDBMVD2Q',
					remoteCandidateId: 'IFi7ncnyF',
					state: 'succeeded',
					nominated: true,
					currentRoundTripTime: 0.005
				},
				{
					id: 'IsDBMVD2Q',
					type: 'local-candidate',
					candidateType: 'host',
					protocol: 'udp',
					address: A_HOST4,
					port: 35044
				},
				{
					id: 'I5PeQ2Dlc',
					type: 'local-candidate',
					candidateType: 'relay',
					protocol: 'udp',
					address: A_RELAY,
					port: 15923,
					url: TURN_UDP,
					relayProtocol: 'udp'
				},
				{
					id: 'IFi7ncnyF',
					type: 'remote-candidate',
					candidateType: 'prflx',
					protocol: 'udp',
					address: PRFLX,
					port: 51754
				},
				{
					// The same address as in Bob's candidate, in another spelling.
					id: 'I0ll2Wnb3',
					type: 'remote-candidate',
					candidateType: 'host',
					protocol: 'udp',
					address: B_LINK_LOCAL.toUpperCase(),
					port: 33197
				},
				{
					id: 'CFE3:5F',
					type: 'certificate',
					fingerprint: A_FINGERPRINT,
					fingerprintAlgorithm: 'sha-256',
					base64Certificate: 'MIIBFjCBvaADAgECAgkA1xYz'
				},
				{ id: 'T01', type: 'transport', iceState: 'connected', dtlsState: 'connected' }
			]
		},
		{ type: 'state-change', peer: 'alice', machine: 'connection', value: 'connected' },
		{ type: 'state-change', peer: 'bob', machine: 'connection', value: 'connected' },
		{ type: 'data-channel', peer: 'alice', label: 'chat', phase: 'open' },
		{
			type: 'data-channel',
			peer: 'bob',
			label: 'chat',
			phase: 'message',
			data: `hello from ${B_HOST4}`
		}
	];
	const events = untimed.map((e, i) => ({ ...e, t: i * 1.5 }) as TraceEvent);
	return {
		version: 1,
		source: 'live',
		name: `Run with STUN and TURN on ${SERVER4}`,
		recordedAt: '2026-11-21T12:02:04.951Z',
		userAgent:
			'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36',
		events
	};
}

// --- An oracle that does not share the redactor's code: node's own address parser --------------

/** WHATWG URL writes an IPv6 host in its one canonical form (RFC 5952). */
function canonical6(address: string): string {
	return new URL(`http://[${address}]/`).hostname.slice(1, -1);
}

const IPV4_TEXT = /(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?![\d]|\.\d)/g;
const IPV6_TEXT =
	/(?<![0-9A-Fa-f:])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|\d{1,3}(?:\.\d{1,3}){3})?(?![0-9A-Fa-f:])/g;

function addressesIn(text: string): { v4: string[]; v6: string[] } {
	return {
		v4: [...text.matchAll(IPV4_TEXT)].map((m) => m[0]).filter((a) => nodeIsIPv4(a)),
		v6: [...text.matchAll(IPV6_TEXT)]
			.map((m) => m[0])
			.filter((a) => nodeIsIPv6(a))
			.map(canonical6)
	};
}

const DOC4 = /^(?:192\.0\.2|198\.51\.100|203\.0\.113)\.\d{1,3}$/;
const KEPT4 = /^(?:0\.0\.0\.0|127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/;

function isDoc6(canonical: string): boolean {
	return canonical.startsWith('2001:db8:');
}

const ORIGINAL4 = new Set(ORIGINALS.filter((a) => nodeIsIPv4(a)));
const ORIGINAL6 = new Set(ORIGINALS.filter((a) => nodeIsIPv6(a)).map(canonical6));

function events(file: TraceFile) {
	const at = (i: number): TraceEvent => {
		const e = file.events[i];
		if (!e) throw new Error(`no event ${i}`);
		return e;
	};
	return { at, all: file.events };
}

/** The nth ice-candidate event with this original candidate, and its redacted counterpart. */
function candidatePairs(original: TraceFile, redacted: TraceFile) {
	return original.events.flatMap((e, i) => {
		const r = events(redacted).at(i);
		return e.type === 'ice-candidate' && r.type === 'ice-candidate' && e.candidate !== null
			? [{ before: e, after: r }]
			: [];
	});
}

function sdpsOf(file: TraceFile): string[] {
	return file.events.flatMap((e) => {
		if (e.type === 'local-description' || e.type === 'remote-description')
			return [e.description.sdp];
		if (e.type === 'api-call' && e.description) return [e.description.sdp];
		if (e.type === 'bus-message' && typeof e.payload === 'object' && e.payload !== null) {
			const sdpText = (e.payload as { sdp?: unknown }).sdp;
			return typeof sdpText === 'string' ? [sdpText] : [];
		}
		return [];
	});
}

function decoded(candidate: string) {
	const result = decodeCandidate(candidate);
	if (!result.ok) throw new Error(`${candidate}: ${result.error}`);
	return result.candidate;
}

function deepFreeze<T>(value: T): T {
	if (typeof value === 'object' && value !== null) {
		for (const item of Object.values(value)) deepFreeze(item);
		Object.freeze(value);
	}
	return value;
}

describe('redactTrace on a run with STUN and TURN candidates', () => {
	const original = run();
	const { file: redacted, report } = redactTrace(original);
	const text = serializeTrace(redacted);

	it('leaves no original address anywhere, in any spelling', () => {
		const found = addressesIn(text);
		expect(found.v4.filter((a) => ORIGINAL4.has(a))).toEqual([]);
		expect(found.v6.filter((a) => ORIGINAL6.has(a))).toEqual([]);
		// The upper-case spelling in the stats is the same address as the candidate's.
		expect(text).not.toContain(B_LINK_LOCAL.toUpperCase());
		// The oracle does find them in the original, so the checks above can fail.
		const before = addressesIn(serializeTrace(original));
		expect(new Set(before.v4.filter((a) => ORIGINAL4.has(a)))).toEqual(ORIGINAL4);
		expect(new Set(before.v6.filter((a) => ORIGINAL6.has(a)))).toEqual(ORIGINAL6);
	});

	it('leaves no IP address but placeholders and the documented kept ones', () => {
		const { userAgent: _userAgent, ...rest } = redacted;
		const found = addressesIn(JSON.stringify(rest));
		for (const a of found.v4) expect(DOC4.test(a) || KEPT4.test(a), a).toBe(true);
		for (const a of found.v6) expect(isDoc6(a) || a === '::' || a === '::1', a).toBe(true);
		expect(found.v4.filter((a) => DOC4.test(a)).length).toBeGreaterThan(0);
		expect(found.v6.filter(isDoc6).length).toBeGreaterThan(0);
		// The browser version has the shape of an IPv4 address and is kept as it is.
		expect(redacted.userAgent).toBe(original.userAgent);
	});

	it('maps one address to one placeholder everywhere, and different ones to different ones', () => {
		const pairs = candidatePairs(original, redacted);
		const map = new Map<string, string>();
		const note = (before: string | null | undefined, after: string | null | undefined) => {
			if (!before || !after) throw new Error('missing address');
			const key = nodeIsIPv6(before) ? canonical6(before) : before;
			const seen = map.get(key);
			if (seen === undefined) map.set(key, after);
			else expect(after, `${before} in two places`).toBe(seen);
		};
		for (const { before, after } of pairs) {
			const b = decoded(before.candidate ?? '');
			const a = decoded(after.candidate ?? '');
			note(b.address, a.address);
			note(before.fields?.address, after.fields?.address);
			if (b.relatedAddress && b.relatedAddress !== '0.0.0.0')
				note(b.relatedAddress, a.relatedAddress);
		}
		// The same addresses in the SDP, the stats and the server's log.
		const gathered = sdpsOf(redacted).find((s) => s.includes('a=end-of-candidates')) ?? '';
		const lines = gathered.split('\r\n').filter((l) => l.startsWith('a=candidate:'));
		expect(lines).toHaveLength(4);
		for (const line of lines) {
			const c = decoded(line);
			const b = decoded(
				Object.values(CANDIDATES).find((x) => x.startsWith(line.slice(2, 30))) ?? ''
			);
			note(b.address, c.address);
		}
		expect(gathered).toContain(`c=IN IP4 ${map.get(A_SRFLX)}\r\n`);
		const stats = redacted.events.find((e) => e.type === 'stats');
		const address = (id: string) =>
			stats?.type === 'stats' ? stats.report.find((r) => r.id === id)?.address : undefined;
		expect(address('IsDBMVD2Q')).toBe(map.get(A_HOST4));
		expect(address('I5PeQ2Dlc')).toBe(map.get(A_RELAY));
		expect(address('I0ll2Wnb3')).toBe(map.get(canonical6(B_LINK_LOCAL)));
		const logs = redacted.events.filter((e) => e.type === 'server-log');
		expect(logs.map((e) => (e.type === 'server-log' ? [e.client, e.relayed] : []))).toEqual([
			[`${map.get(A_HOST4)}:35044`, undefined],
			[`[${map.get(canonical6(B_HOST6))}]:40000`, undefined],
			[`${map.get(A_SRFLX)}:35044`, `${map.get(A_RELAY)}:15923`],
			[undefined, undefined]
		]);
		// One-to-one: as many placeholders as addresses, each in the documentation ranges.
		const placeholders = [...map.values()];
		expect(new Set(placeholders).size).toBe(map.size);
		for (const p of placeholders)
			expect(DOC4.test(p) || (nodeIsIPv6(p) && isDoc6(canonical6(p))), p).toBe(true);
	});

	it('never hands out a placeholder that is an address of the file', () => {
		const found = addressesIn(text);
		expect(found.v4).not.toContain(SERVER4); // 192.0.2.1, the first IPv4 placeholder
		expect(found.v4).not.toContain(A_HOST4); // 192.0.2.2, the second
		expect(found.v6).not.toContain(SERVER6); // 2001:db8::1, the first IPv6 placeholder
		expect(found.v4).toContain('192.0.2.3');
		expect(found.v6).toContain('2001:db8::2');
	});

	it('keeps ports, candidate types, transports, priorities and the rest of each candidate', () => {
		const pairs = candidatePairs(original, redacted);
		expect(pairs).toHaveLength(8);
		for (const { before, after } of pairs) {
			const b = decoded(before.candidate ?? '');
			const a = decoded(after.candidate ?? '');
			expect(a.address).not.toBe(b.address);
			expect(a.addressKind).toBe(b.addressKind);
			// Everything but the addresses is the same, field for field.
			const rest = (c: typeof a) => ({
				...c,
				raw: '',
				address: '',
				relatedAddress: '',
				fields: [],
				extensions: c.extensions.filter(([name]) => name !== 'raddr')
			});
			expect(rest(a)).toEqual(rest(b));
			expect(after.fields).toEqual({
				...before.fields,
				address: a.address,
				relatedAddress: before.fields?.relatedAddress === null ? null : a.relatedAddress
			});
			expect([after.url, after.sdpMid, after.sdpMLineIndex]).toEqual([
				before.url === '' ? '' : before.url?.replace(SERVER4, serverPlaceholder()),
				before.sdpMid,
				before.sdpMLineIndex
			]);
		}
		expect(pairs.map((p) => decoded(p.after.candidate ?? '').type)).toEqual([
			'host',
			'host',
			'srflx',
			'relay',
			'host',
			'host',
			'host',
			'srflx'
		]);
	});

	/** The placeholder of SERVER4, read off the STUN URL of the srflx candidate. */
	function serverPlaceholder(): string {
		const srflx = candidatePairs(original, redacted).find((p) => p.before.url === STUN);
		return /^stun:([\d.]+):3478$/.exec(srflx?.after.url ?? '')?.[1] ?? 'not found';
	}

	it('keeps URL schemes, ports and query of the servers, with the host redacted', () => {
		const created = redacted.events.find((e) => e.type === 'peer-created');
		const servers = created?.type === 'peer-created' ? created.configuration.iceServers : [];
		const host4 = serverPlaceholder();
		expect(DOC4.test(host4)).toBe(true);
		const urls = servers.map((s) => s.urls);
		expect(urls[0]).toEqual([`stun:${host4}:3478`, `turn:${host4}:3478?transport=udp`]);
		expect(urls[1]).toMatch(/^turns:\[2001:db8::[0-9a-f:]+\]:5349\?transport=tcp$/);
		const errors = redacted.events.filter((e) => e.type === 'ice-candidate-error');
		expect(errors.map((e) => (e.type === 'ice-candidate-error' ? e.url : ''))).toEqual([
			urls[1],
			`turn:${host4}:3478?transport=udp`
		]);
	});

	it('keeps 0.0.0.0, loopback and the masked 0.0.0.x as they are', () => {
		const sdps = sdpsOf(redacted);
		expect(sdps.every((s) => s.includes('o=- ') && s.includes(' IN IP4 127.0.0.1\r\n'))).toBe(true);
		expect(sdps.find((s) => s === sdpsOf(original)[0])).toBeUndefined(); // something changed
		expect(sdps[0]).toContain('c=IN IP4 0.0.0.0\r\na=rtcp:9 IN IP4 0.0.0.0\r\n');
		const relay = candidatePairs(original, redacted).find((p) => p.before.url === TURN_UDP);
		expect(relay?.after.candidate).toContain(' typ relay raddr 0.0.0.0 rport 0 ');
		const error = redacted.events.find((e) => e.type === 'ice-candidate-error');
		expect(error?.type === 'ice-candidate-error' ? error.address : null).toBe('0.0.0.x');
		const second = redacted.events.filter((e) => e.type === 'ice-candidate-error')[1];
		expect(second?.type === 'ice-candidate-error' ? second.address : null).toMatch(DOC4);
	});

	it('removes ice-pwd values and ICE server credentials, and keeps ice-ufrag', () => {
		for (const secret of [A_PWD, B_PWD, USERNAME, CREDENTIAL, 'MIIBFjCBvaADAgECAgkA1xYz'])
			expect(text).not.toContain(secret);
		expect(text).not.toMatch(/"(?:username|credential|base64Certificate)"/);
		for (const s of sdpsOf(redacted)) {
			const pwds = s.split('\r\n').filter((l) => l.startsWith('a=ice-pwd:'));
			expect(pwds).toHaveLength(2);
			for (const line of pwds) expect(line).toBe(`a=ice-pwd:${ICE_PWD_PLACEHOLDER}`);
			expect(s).toMatch(/a=ice-ufrag:(?:LTcD|a2vc)\r\n/);
		}
		// RFC 8839 §5.4: 22 to 256 ice-chars, so the line still parses.
		expect(ICE_PWD_PLACEHOLDER).toMatch(/^[A-Za-z0-9+/]{22,256}$/);
		const created = redacted.events.find((e) => e.type === 'peer-created');
		expect(created?.type === 'peer-created' ? created.configuration.iceServers.length : 0).toBe(2);
	});

	it('masks fingerprints with the same shape, the same cert always the same mask', () => {
		expect(text).not.toContain(A_FINGERPRINT);
		expect(text).not.toContain(B_FINGERPRINT);
		const masks = new Map<string, Set<string>>();
		sdpsOf(original).forEach((before, i) => {
			const after = sdpsOf(redacted)[i] ?? '';
			const find = (s: string) =>
				[...s.matchAll(/a=fingerprint:(\S+) (\S+)\r\n/g)].map((m) => [m[1], m[2]] as const);
			const b = find(before);
			const a = find(after);
			expect(a).toHaveLength(b.length);
			a.forEach(([algorithm, hash], j) => {
				expect(algorithm).toBe('sha-256');
				expect(hash).toMatch(/^[0-9A-F]{2}(?::[0-9A-F]{2}){31}$/);
				const key = b[j]?.[1] ?? '';
				masks.set(key, (masks.get(key) ?? new Set()).add(hash ?? ''));
			});
		});
		expect([...masks.keys()].sort()).toEqual([A_FINGERPRINT, B_FINGERPRINT].sort());
		const [a, b] = [masks.get(A_FINGERPRINT), masks.get(B_FINGERPRINT)];
		expect(a?.size).toBe(1);
		expect(b?.size).toBe(1);
		expect([...(a ?? [])][0]).not.toBe([...(b ?? [])][0]);
		// The certificate's stats entry carries the same fingerprint, masked the same way.
		const stats = redacted.events.find((e) => e.type === 'stats');
		const cert =
			stats?.type === 'stats' ? stats.report.find((r) => r.type === 'certificate') : null;
		expect(cert?.fingerprint).toBe([...(a ?? [])][0]);
		expect(cert?.fingerprintAlgorithm).toBe('sha-256');
	});

	it('keeps every SDP line: the same count, and the same text where nothing is redacted', () => {
		const before = sdpsOf(original);
		const after = sdpsOf(redacted);
		expect(after).toHaveLength(before.length);
		expect(after.length).toBeGreaterThan(6);
		before.forEach((s, i) => {
			const b = s.split('\r\n');
			const a = (after[i] ?? '').split('\r\n');
			expect(a).toHaveLength(b.length);
			b.forEach((line, j) => {
				const redactedLine = /^(?:a=candidate:|c=|a=rtcp:|a=ice-pwd:|a=fingerprint:)/.test(line);
				if (!redactedLine) expect(a[j]).toBe(line);
				else expect(a[j]?.slice(0, 8)).toBe(line.slice(0, 8));
			});
		});
		// The lab's own SDP reader still reads both: the same sections, credentials, fingerprints.
		const [offer, answer] = [
			after[0] ?? '',
			sdpsOf(redacted).find((s) => s.includes('a=setup:active')) ?? ''
		];
		const compared = compareOfferAnswer(offer, answer);
		const reference = compareOfferAnswer(before[0] ?? '', ANSWER);
		expect(compared.media.map((m) => [m.kind, m.mid, m.accepted])).toEqual(
			reference.media.map((m) => [m.kind, m.mid, m.accepted])
		);
		expect(compared.notes).toEqual(reference.notes);
		expect(compared.session.offerIce).toEqual({ ufrag: 'LTcD', pwd: ICE_PWD_PLACEHOLDER });
		expect(compared.session.offerFingerprint).toMatch(/^sha-256 (?:00:){31}0[1-9]$/);
	});

	it('still imports, replays and folds to the same states', () => {
		expect(redacted.version).toBe(1);
		expect(redacted.redacted).toBe(true);
		expect(JSON.parse(text)).toMatchObject({ version: 1, redacted: true });
		const parsed = parseTrace(text);
		if (!parsed.ok) throw new Error(parsed.error);
		expect(parsed.file.events.map((e) => [e.t, e.type])).toEqual(
			original.events.map((e) => [e.t, e.type])
		);
		const player = new ReplayPlayer(parsed.file.events, { schedule: () => 0, cancel: () => {} });
		let steps = 0;
		while (!player.done && steps < 1000) {
			player.next();
			steps += 1;
		}
		expect(player.events).toHaveLength(original.events.length);
		const folded = foldPeers(player.events);
		const reference = foldPeers(original.events);
		for (const peer of ['alice', 'bob'] as const) {
			expect(folded[peer].states).toEqual(reference[peer].states);
			expect(folded[peer].candidates.map((c) => c.index)).toEqual(
				reference[peer].candidates.map((c) => c.index)
			);
		}
		for (const { after } of candidatePairs(original, parsed.file))
			expect(decodeCandidate(after.candidate ?? '').ok).toBe(true);
	});

	it('counts the distinct values it redacted', () => {
		// 12 addresses; 2 ice-pwds + username + credential; 2 fingerprints + 1 certificate.
		expect(report).toEqual({ addresses: 12, secrets: 4, fingerprints: 3 });
	});

	it('never changes its input', () => {
		const frozen = deepFreeze(run());
		const before = serializeTrace(frozen);
		const again = redactTrace(frozen);
		expect(serializeTrace(frozen)).toBe(before);
		expect(serializeTrace(again.file)).toBe(text); // and it is deterministic
		expect(again.file.events[0]).not.toBe(frozen.events[0]);
	});
});

describe('redactTrace rules', () => {
	function file(events: TraceEvent[], extra: Record<string, unknown> = {}): TraceFile {
		return {
			version: 1,
			source: 'live',
			name: 'test',
			recordedAt: '',
			userAgent: '',
			events,
			...extra
		};
	}
	function step(text: string, t = 0): TraceEvent {
		return { type: 'step', id: 's', text, t };
	}
	function texts(f: TraceFile): string[] {
		return f.events.map((e) => (e.type === 'step' ? e.text : ''));
	}

	it('gives many addresses distinct placeholders, past the documentation ranges', () => {
		// 762 fit in the three RFC 5737 ranges (hosts .1 to .254); the rest go to RFC 2544's.
		const originals = Array.from(
			{ length: 800 },
			(_, i) => `10.0.${Math.floor(i / 200)}.${i % 200}`
		);
		const out = texts(redactTrace(file(originals.map((a, i) => step(`from ${a}:9`, i)))).file);
		const placeholders = out.map((s) => /^from (\S+):9$/.exec(s)?.[1] ?? '');
		expect(new Set(placeholders).size).toBe(800);
		expect(placeholders.slice(0, 762).every((p) => DOC4.test(p))).toBe(true);
		expect(placeholders.slice(0, 3)).toEqual(['192.0.2.1', '192.0.2.2', '192.0.2.3']);
		expect(placeholders[254]).toBe('198.51.100.1');
		expect(placeholders[761]).toBe('203.0.113.254');
		expect(placeholders.slice(762, 764)).toEqual(['198.18.0.1', '198.18.0.2']);
		expect(placeholders[799]).toBe('198.18.0.38');
	});

	it('skips every placeholder that is itself an address of the file', () => {
		const taken = ['192.0.2.1', '192.0.2.2', '192.0.2.4', '2001:db8::1', '2001:DB8:0:0:0:0:0:2'];
		const out = texts(redactTrace(file([step(`${taken.join(' ')} 10.1.1.1`)])).file)[0] ?? '';
		const found = out.split(' ');
		expect(new Set(found).size).toBe(6);
		for (const a of found) expect(taken.map((x) => x.toLowerCase())).not.toContain(a);
		expect(found).toEqual([
			'192.0.2.3',
			'192.0.2.5',
			'192.0.2.6',
			'2001:db8::3',
			'2001:db8::4',
			'192.0.2.7'
		]);
	});

	it('reads one address in its different spellings, and finds it next to colons and dots', () => {
		const out = texts(
			redactTrace(
				file([
					step('fd00::2 FD00:0:0:0:0:0:0:2 fd00:0000::0002'),
					step('bound address:fd00::2. Then [fd00::2]:9 and fd00::2: done'),
					step('2a00:1450:4001:81b:0:0:0:200e:3478 and 2a00:1450:4001:81b::200e'),
					step('::ffff:10.1.2.3 and 10.1.2.3. and 010.001.002.003')
				])
			).file
		);
		expect(out[0]).toBe('2001:db8::1 2001:db8::1 2001:db8::1');
		expect(out[1]).toBe('bound address:2001:db8::1. Then [2001:db8::1]:9 and 2001:db8::1: done');
		expect(out[2]).toBe('2001:db8::2:3478 and 2001:db8::2');
		expect(out[3]).toBe('2001:db8::3 and 192.0.2.1. and 192.0.2.1');
	});

	it('leaves what is not an address: times, versions, MACs, hex, ids', () => {
		const keep = [
			'at 12:02:04.951 on 2026-11-21T12:02:04.951Z',
			'Chromium 156.0.8078.79, coturn 4.6.1, 1.2.3.4.5',
			'MAC 00:1a:2b:3c:4d:5e, session 001000000000000001, a=sctp-port:5000',
			'a=ice-ufrag:2wG4 a=mid:0 a=rtpmap:111 opus/48000/2 deadbeef cafe:babe',
			'0.0.0.x 0.0.0.0 :: ::1 127.0.0.1 127.1.2.3 c=IN IP6 ::'
		];
		const { file: out, report } = redactTrace(file(keep.map((s, i) => step(s, i))));
		expect(texts(out)).toEqual(keep);
		expect(report).toEqual({ addresses: 0, secrets: 0, fingerprints: 0 });
	});

	it('replaces <uuid>.local names consistently and never with a name of the file', () => {
		const a = 'f02abf4b-dd4f-4f0b-97cf-81a5394262fc';
		const taken = '00000000-0000-4000-8000-000000000001';
		const out = texts(
			redactTrace(file([step(`${a}.local ${taken}.local ${a.toUpperCase()}.local x.local`)])).file
		);
		expect(out[0]).toBe(
			'00000000-0000-4000-8000-000000000002.local 00000000-0000-4000-8000-000000000003.local ' +
				'00000000-0000-4000-8000-000000000002.local x.local'
		);
	});

	it('removes SDES keys and masks other fingerprint lengths', () => {
		const sha1 = 'AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01';
		const key = 'PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR';
		const sdpText = `a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:${key}|2^20|1:32\r\na=fingerprint:SHA-1 ${sha1}\r\n`;
		const { file: out, report } = redactTrace(file([step(sdpText)]));
		expect(texts(out)[0]).toBe(
			`a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:${'A'.repeat(40)}|2^20|1:32\r\n` +
				`a=fingerprint:SHA-1 ${'00:'.repeat(19)}01\r\n`
		);
		expect(report).toEqual({ addresses: 0, secrets: 1, fingerprints: 1 });
	});

	it('removes secret fields wherever they are, and redacts extra fields too', () => {
		const event = {
			type: 'bus-message',
			id: 1,
			from: 'alice',
			to: 'bob',
			kind: 'offer',
			phase: 'sent',
			t: 0,
			payload: { nested: [{ password: 'hunter2', host: '10.9.8.7' }] }
		} as TraceEvent;
		const { file: out } = redactTrace(
			file([event], { note: 'seen from 10.9.8.7', redacted: false })
		);
		const json = JSON.stringify(out);
		expect(json).not.toContain('hunter2');
		expect(json).not.toContain('10.9.8.7');
		expect(json).not.toContain('password');
		expect(json).toContain('"note":"seen from 192.0.2.1"');
		expect(json).toContain('"host":"192.0.2.1"');
		expect(out.redacted).toBe(true);
	});

	it('stays fast on big and hostile strings', () => {
		const hostile = [
			':'.repeat(500_000),
			'1.'.repeat(300_000),
			'ab'.repeat(300_000),
			'a=fingerprint:'.repeat(50_000),
			'a=crypto:'.repeat(50_000),
			'0:'.repeat(300_000) + '1',
			'fd00::'.repeat(100_000)
		];
		const started = performance.now();
		const { file: out } = redactTrace(file(hostile.map((s, i) => step(s, i))));
		expect(performance.now() - started).toBeLessThan(3000);
		expect(texts(out)[2]).toBe(hostile[2]);
	});
});

describe('redactTrace on the recorded mDNS trace', () => {
	const path = new URL(
		'../../../../static/traces/mdns-host-candidates.trace.json',
		import.meta.url
	);
	const text = readFileSync(path, 'utf8');
	const parsed = parseTrace(text);
	if (!parsed.ok) throw new Error(parsed.error);
	const original = parsed.file;
	const { file: redacted, report } = redactTrace(original);
	const out = serializeTrace(redacted);
	const NAME = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.local/gi;

	it('replaces every .local name with one stable placeholder name', () => {
		const before = text.match(NAME) ?? [];
		const after = out.match(NAME) ?? [];
		expect(before.length).toBeGreaterThan(0);
		expect(after).toHaveLength(before.length);
		for (const name of new Set(before)) expect(out).not.toContain(name);
		expect(new Set(after)).toEqual(new Set(['00000000-0000-4000-8000-000000000001.local']));
		for (const { before: b, after: a } of candidatePairs(original, redacted)) {
			expect(a.fields?.address).toBe('00000000-0000-4000-8000-000000000001.local');
			expect(a.fields?.port).toBe(b.fields?.port);
			expect(decoded(a.candidate ?? '').addressKind).toBe('mdns');
		}
	});

	it('redacts its secrets and fingerprints, keeps the rest, and still parses', () => {
		expect(out).not.toContain('dDuD6Xtme9D3Bu97VnBqIFMt');
		expect(out).not.toContain('E3:5F:FB:46');
		expect(out).toContain('a=ice-ufrag:2wG4');
		expect(out).toContain('IN IP4 127.0.0.1');
		expect(report).toEqual({ addresses: 1, secrets: 2, fingerprints: 2 });
		const again = parseTrace(out);
		if (!again.ok) throw new Error(again.error);
		expect(again.file.events).toHaveLength(original.events.length);
		expect(again.file.name).toBe(original.name);
		expect(again.file.userAgent).toBe(original.userAgent);
		expect(sdpsOf(again.file).map((s) => s.split('\r\n').length)).toEqual(
			sdpsOf(original).map((s) => s.split('\r\n').length)
		);
	});
});
