import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { indexExplanations, type Explanations } from '../content/explanations';
import { decodeCandidate, isIPv6, priorityParts, type DecodedCandidate } from './candidate';

const repo = fileURLToPath(new URL('../../../../', import.meta.url));

/** Every `content/**\/*.md`, indexed as the app indexes them (keys are repo-relative paths). */
function loadContent(): ReturnType<typeof indexExplanations> {
	const root = join(repo, 'content');
	const files: Record<string, string> = {};
	for (const name of readdirSync(root, { recursive: true, encoding: 'utf8' }))
		if (name.endsWith('.md'))
			files[relative(repo, join(root, name))] = readFileSync(join(root, name), 'utf8');
	return indexExplanations(files);
}

function decoded(text: string, explanations?: Explanations): DecodedCandidate {
	const result = decodeCandidate(text, explanations);
	if (!result.ok) throw new Error(`expected ${text} to decode, got: ${result.error}`);
	return result.candidate;
}

/**
 * Real candidates. Most come from /work/shared/sdp-corpus/candidates.txt (row numbers of its
 * INDEX.md), which copied them from the repositories named; the mDNS one is from this repo's own
 * Chromium 156 fixture (tests/fixtures/compare/basic.offer.sdp).
 */
const REAL: [source: string, candidate: string, expected: Partial<DecodedCandidate>][] = [
	[
		'#1 Chrome host, versatica/libmediasoupclient test/data/audio_video.sdp:10',
		'candidate:1362583084 1 udp 2122260223 192.168.3.117 54379 typ host generation 0 network-id 1 network-cost 10',
		{
			foundation: '1362583084',
			component: 1,
			transport: 'udp',
			address: '192.168.3.117',
			addressKind: 'ipv4',
			port: 54379,
			type: 'host',
			relatedAddress: null,
			relatedPort: null,
			tcptype: null,
			generation: 0,
			ufrag: null,
			networkId: 1,
			networkCost: 10
		}
	],
	[
		'#2 Chrome host RTCP component, versatica/libmediasoupclient test/data/audio_video.sdp:11',
		'candidate:1362583084 2 udp 2122260222 192.168.3.117 64803 typ host generation 0 network-id 1 network-cost 10',
		{ component: 2, port: 64803 }
	],
	[
		'#3 Chrome host TCP active, versatica/libmediasoupclient test/data/audio_video.sdp:12',
		'candidate:531931868 1 tcp 1518280447 192.168.3.117 9 typ host tcptype active generation 0 network-id 1 network-cost 10',
		{ transport: 'tcp', port: 9, tcptype: 'active' }
	],
	[
		'#4 Chrome srflx, versatica/libmediasoupclient test/data/audio_video.sdp:14',
		'candidate:3498006680 1 udp 1686052607 186.101.218.61 54379 typ srflx raddr 192.168.3.117 rport 54379 generation 0 network-id 1 network-cost 10',
		{ type: 'srflx', relatedAddress: '192.168.3.117', relatedPort: 54379 }
	],
	[
		'#7 Chrome mDNS host with ufrag, Kurento/kurento doc-kurento/source/user/troubleshooting.rst:670',
		'candidate:2382557538 1 udp 2113937151 2da1b2bb-a601-44e8-b672-dc70e3493bc4.local 50635 typ host generation 0 ufrag /Og/ network-cost 999',
		{ addressKind: 'mdns', ufrag: '/Og/', networkId: null, networkCost: 999 }
	],
	[
		'Chromium 156 mDNS host, tests/fixtures/compare/basic.offer.sdp',
		'a=candidate:2981963491 1 udp 2113937151 6e6ff6b7-e587-4b99-b6d8-8d0bf0377e71.local 43752 typ host generation 0 network-cost 999\r\n',
		{ addressKind: 'mdns', address: '6e6ff6b7-e587-4b99-b6d8-8d0bf0377e71.local', port: 43752 }
	],
	[
		'#11 old Chrome TCP host, port 0, no tcptype, mozilla/webrtc-sdp examples/sdps/41.sdp:18',
		'candidate:1243276349 1 tcp 1509957375 192.168.137.1 0 typ host generation 0',
		{ transport: 'tcp', port: 0, tcptype: null }
	],
	[
		'#13 relay with hidden raddr, aws/amazon-chime-sdk-js test/sdp/SDPMock.ts:3768',
		'candidate:249905494 1 udp 41885695 10.2.21.246 54073 typ relay raddr 0.0.0.0 rport 0 generation 0 network-id 1',
		{ type: 'relay', relatedAddress: '0.0.0.0', relatedPort: 0 }
	],
	[
		'#14 prflx, component 2, aws/amazon-chime-sdk-js test/sdp/SDPMock.ts:9',
		'candidate:750991856 2 udp 25108222 237.30.30.30 51472 typ prflx raddr 47.61.61.61 rport 54763 generation 0',
		{ type: 'prflx', component: 2, relatedPort: 54763 }
	],
	[
		'#21 Firefox host IPv6, upper-case UDP, aiortc/aiortc tests/test_sdp.py:273',
		'candidate:2 1 UDP 2122252543 2a02:a03f:3eb0:e000:b0aa:d60a:cff2:933c 47387 typ host',
		{ transport: 'udp', addressKind: 'ipv6', generation: null, extensions: [] }
	],
	[
		'#25 Firefox relay, jitsi/sdp-interop test/sdp_interop.js:1136',
		'candidate:4 1 UDP 8265727 35.182.147.109 53420 typ relay raddr 35.182.147.109 rport 53420',
		{ type: 'relay', relatedAddress: '35.182.147.109' }
	],
	[
		'#30 RFC 6544 host TCP passive, clux/sdp-transform test/hacky.sdp:13',
		'candidate:2 1 TCP 2124414975 10.0.1.1 8998 typ host tcptype passive',
		{ transport: 'tcp', tcptype: 'passive' }
	],
	[
		'#34 RFC 6544 srflx TCP so, clux/sdp-transform test/hacky.sdp:17',
		'candidate:6 1 TCP 1692401663 192.0.2.3 45687 typ srflx raddr 10.0.1.1 rport 8999 tcptype so',
		{ type: 'srflx', tcptype: 'so', relatedPort: 8999 }
	],
	[
		'#40 prflx without raddr, Kurento/kurento server/module-elements/tests/check/element/ice_candidates.c:87',
		'candidate:3 1 UDP 2013266431 192.168.1.183 55079 typ prflx',
		{ type: 'prflx', relatedAddress: null, relatedPort: null }
	],
	[
		'#41 prflx TCP on IPv6 link-local, Kurento/kurento …/ice_candidates.c:97',
		'candidate:qwert+/456 1 TCP 935331583 fe80::a00:27ff:fee0:4ebf 38878 typ prflx tcptype active',
		{ foundation: 'qwert+/456', addressKind: 'ipv6', tcptype: 'active' }
	],
	[
		'#44 srflx TCP passive with every extension, mozilla/webrtc-sdp src/attribute_type_tests.rs:83',
		'candidate:1 1 TCP 1685987071 24.23.204.141 54609 typ srflx raddr 192.168.1.4 rport 61665 tcptype passive generation 1 ufrag +DGd network-cost 1',
		{
			generation: 1,
			ufrag: '+DGd',
			networkCost: 1,
			extensions: [
				['raddr', '192.168.1.4'],
				['rport', '61665'],
				['tcptype', 'passive'],
				['generation', '1'],
				['ufrag', '+DGd'],
				['network-cost', '1']
			]
		}
	],
	[
		'#45 unknown extensions, mozilla/webrtc-sdp src/attribute_type_tests.rs:87',
		'candidate:0 1 TCP 2122252543 172.16.156.106 49760 typ host unsupported foo more_unsupported bar',
		{
			extensions: [
				['unsupported', 'foo'],
				['more_unsupported', 'bar']
			]
		}
	]
];

/**
 * Every line of /work/shared/sdp-corpus/malformed/candidates-malformed.txt, in order, with the
 * part of the error that must name the problem. Sources (INDEX.md): 1–14 mozilla/webrtc-sdp
 * src/attribute_type_tests.rs (strings its parser must refuse); 15–16 aws/amazon-chime-sdk-js
 * test/sdp/SDPMock.ts; 17 pion/webrtc peerconnection_go_test.go; 18–20 Kurento/kurento
 * server/module-elements/tests/check/element/ice_candidates.c.
 */
const MALFORMED: [candidate: string, error: RegExp][] = [
	[
		'candidate:0 1 UDP 2122252543 172.16.156.106 49760 typ',
		/candidate type is missing after "typ"/
	],
	[
		'candidate:0 foo UDP 2122252543 172.16.156.106 49760 typ host',
		/component-id "foo" is not a number/
	],
	[
		'candidate:0 1 FOO 2122252543 172.16.156.106 49760 typ host',
		/transport "FOO" is not one ICE knows/
	],
	['candidate:0 1 UDP foo 172.16.156.106 49760 typ host', /priority "foo" is not a number/],
	['candidate:0 1 UDP 2122252543 372.16.356 49760 typ host', /"372.16.356" is not a valid IPv4/],
	['candidate:0 1 UDP 2122252543 172.16.156.106 70000 typ host', /port 70000 is out of range/],
	['candidate:0 1 UDP 2122252543 172.16.156.106 49760 type host', /expected "typ".*found "type"/],
	['candidate:0 1 UDP 2122252543 172.16.156.106 49760 typ fost', /unknown candidate type "fost"/],
	[
		'candidate:0 1 TCP 2122252543 172.16.156.106 49760 typ host network-cost',
		/"network-cost" has no value/
	],
	[
		'candidate:1 1 UDP 1685987071 24.23.204.141 54609 typ srflx raddr 192.168.1.4 rport 61665 generation B',
		/generation "B" is not a number/
	],
	[
		'candidate:0 1 TCP 2122252543 172.16.156.106 49760 typ host network-cost C',
		/network-cost "C" is not a number/
	],
	[
		'candidate:1 1 UDP 1685987071 24.23.204.141 54609 typ srflx raddr 1%92.168.1 rport 61665',
		/raddr "1%92.168.1" is neither an IPv4 or IPv6 address nor a host name/
	],
	[
		'candidate:0 1 TCP 2122252543 172.16.156.106 49760 typ host tcptype foobar',
		/unknown tcptype "foobar"/
	],
	[
		'candidate:1 1 UDP 1685987071 24.23.204.141 54609 typ srflx raddr 192.168.1.4 rport 70000',
		/rport 70000 is out of range/
	],
	[
		'candidate:750991856 2 udp 25108222 237.30.30.30 51472 typ unknown raddr 47.61.61.61 rport 54763 generation 0',
		/unknown candidate type "unknown"/
	],
	[
		'candidate:1590270400 1 udp 33562623 225555.55.555.555 34517 typ relay raddr 0.0.0.0 rport 0 generation 0 network-cost 999',
		/"225555.55.555.555" is not a valid IPv4/
	],
	['candidate:1 1 ssltcp 1 127.0.0.1 443 typ host generation 0', /"ssltcp".*old Google/],
	[
		'candidate:4 1 UDP 2013266431 192.168.1.183 55079 typ relay raddr 127.0.0.1 rport 9999 tcptype active',
		/tcptype on a UDP candidate/
	],
	[
		'candidate:5 1 UDP 2013266431 192.168.1.183 55079 typ relay raddr 127.0.0.1 tcptype active',
		/raddr without rport/
	],
	[
		'candidate:6 1 UDP 2013266431 192.168.1.183 55079 typ relay rport 9999 tcptype active',
		/rport without raddr/
	]
];

describe('decodeCandidate: real candidates', () => {
	it.each(REAL)('%s', (_source, text, expected) => {
		const c = decoded(text);
		expect(c).toMatchObject(expected);
		expect(c.raw).toBe(text.trim());
		expect(c.priority.consistent).toBe(true);
		// The fields list is the whole candidate, in order: 7 fixed fields, then one per pair.
		const tokens = text.trim().replace(/^a=/, '').slice('candidate:'.length).split(' ');
		expect(c.fields.map((f) => f.value)).toEqual([
			...tokens.slice(0, 6),
			tokens[7],
			...c.extensions.map(([, value]) => value)
		]);
	});

	it('quotes the Chromium candidate exactly as the fixture has it', () => {
		const fixture = readFileSync(join(repo, 'tests/fixtures/compare/basic.offer.sdp'), 'utf8');
		expect(fixture).toContain(REAL[5]![1]);
	});

	it('names the fields in RFC 8839 §5.1 words', () => {
		const c = decoded(REAL[3]![1]);
		expect(c.fields.map((f) => f.name)).toEqual([
			'foundation',
			'component-id',
			'transport',
			'priority',
			'connection-address',
			'port',
			'cand-type',
			'rel-addr',
			'rel-port',
			'generation',
			'network-id',
			'network-cost'
		]);
	});

	it('decomposes the priority with the RFC 8445 §5.1.2.1 formula, with the real numbers', () => {
		expect(decoded(REAL[0]![1]).priority).toEqual({
			value: 2122260223,
			typePreference: 126,
			localPreference: 32542,
			componentId: 1,
			formula: '2^24 × 126 + 2^8 × 32542 + (256 − 1) = 2122260223',
			consistent: true
		});
		expect(priorityParts(2130706431, 1).formula).toBe(
			'2^24 × 126 + 2^8 × 65535 + (256 − 1) = 2130706431'
		);
		// Chromium 156's mDNS host candidates carry a tiny local preference (30).
		expect(decoded(REAL[5]![1]).priority.localPreference).toBe(30);
		expect(decoded(REAL[3]![1]).priority.typePreference).toBe(100);
		expect(decoded(REAL[7]![1]).priority.typePreference).toBe(2);
	});

	it('says when the priority does not follow the formula', () => {
		// #35, clux/sdp-transform test/icelite.sdp:18: an ICE-lite server's own numbering.
		const c = decoded('candidate:X 1 UDP 659136 192.168.100.100 10018 typ host');
		expect(c.priority).toMatchObject({ typePreference: 0, componentId: 64, consistent: false });
	});

	it('accepts the a= prefix, CRLF, upper case keywords and a host name', () => {
		expect(decoded('a=candidate:1 1 udp 2130706431 192.0.2.1 1 typ host\r\n').type).toBe('host');
		expect(decoded('candidate:1 1 udp 2130706431 192.0.2.1 1 TYP HOST').type).toBe('host');
		// Constructed: RFC 8839 §5.1 allows an FQDN as connection-address.
		const named = decoded(
			'candidate:1 1 udp 16777215 turn.example.org 3478 typ relay raddr ::1 rport 1'
		);
		expect(named.addressKind).toBe('hostname');
		expect(named.relatedAddress).toBe('::1');
	});
});

describe('decodeCandidate: malformed candidates', () => {
	it.each(MALFORMED)('refuses %s', (text, error) => {
		const result = decodeCandidate(text);
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.error).toMatch(error);
	});

	it.each([
		['', /empty/],
		['   \r\n', /empty/],
		['candidate:', /foundation is missing/],
		['a=candidate: 1 1 udp 1 192.0.2.1 1 typ host', /foundation is missing/],
		['1 1 udp 2130706431 192.0.2.1 1 typ host', /begins with "candidate:"/],
		['a=ice-ufrag:abcd', /begins with "candidate:".*"a=ice-ufrag:abcd"/],
		['candidate:1 1 udp', /priority is missing after transport "udp"/],
		[
			'candidate:1 1 udp 1 192.0.2.1 1 typ host\ncandidate:2 1 udp 1 192.0.2.1 2 typ host',
			/more than one line/
		],
		['candidate:1 0 udp 1 192.0.2.1 1 typ host', /component-id 0 is out of range/],
		['candidate:1 257 udp 1 192.0.2.1 1 typ host', /component-id 257 is out of range/],
		['candidate:1 1 udp 0 192.0.2.1 1 typ host', /priority 0 is out of range/],
		['candidate:1 1 udp 2147483648 192.0.2.1 1 typ host', /priority 2147483648 is out of range/],
		[
			'candidate:1 1 udp 99999999999 192.0.2.1 1 typ host',
			/priority "99999999999" is not a number/
		],
		[`candidate:${'a'.repeat(33)} 1 udp 1 192.0.2.1 1 typ host`, /foundation .* 1 to 32/],
		['candidate:a_b 1 udp 1 192.0.2.1 1 typ host', /foundation "a_b"/],
		['candidate:1 1 udp 1 2001:db8::g 1 typ host', /not a valid IPv6/],
		['candidate:1 1 udp 1 [2001:db8::1] 1 typ host', /not a valid IPv6/],
		['candidate:1 1 udp 1 bad_host.local 1 typ host', /nor a host name/],
		[
			'candidate:1 1 udp 1 192.0.2.1 1 typ host generation 0 generation 1',
			/"generation" appears twice/
		],
		['candidate:1 1 udp 1 192.0.2.1 1 typ host tcptype active', /tcptype on a udp candidate/]
	])('refuses %j', (text, error) => {
		const result = decodeCandidate(text);
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.error).toMatch(error);
	});

	it('never throws, whatever it is given', () => {
		const odd: unknown[] = [null, undefined, 42, {}, 'candidate:\u0000', 'a='.repeat(1000)];
		for (const input of odd) expect(() => decodeCandidate(input as string)).not.toThrow();
		// Random mutations of a real candidate: a small deterministic PRNG keeps failures replayable.
		let seed = 12345;
		const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
		const base = REAL[15]![1];
		const alphabet = ' :.abcdefxyz0123456789+/%-\t';
		for (let i = 0; i < 2000; i++) {
			const chars = [...base];
			for (let k = 0; k < 1 + rand(4); k++)
				chars[rand(chars.length)] = alphabet[rand(alphabet.length)]!;
			const result = decodeCandidate(chars.join(''));
			if (!result.ok) expect(result.error.length).toBeGreaterThan(10);
		}
	});
});

describe('isIPv6', () => {
	it.each([
		['::1', true],
		['::', true],
		['2001:db8::', true],
		['fe80::a00:27ff:fee0:4ebf', true],
		['::ffff:192.0.2.1', true],
		['1:2:3:4:5:6:7:8', true],
		['1:2:3:4:5:6:7:8:9', false],
		['1:2:3:4:5:6:7', false],
		['1::2::3', false],
		[':1:2:3:4:5:6:7', false],
		['12345::1', false],
		['::ffff:300.0.2.1', false]
	])('%s → %s', (address, valid) => expect(isIPv6(address)).toBe(valid));
});

describe('explanations from content/ice', () => {
	const { explanations, problems } = loadContent();

	it('parses the candidate content files without problems', () => {
		expect(problems.filter((p) => p.file.startsWith('content/ice/candidate'))).toEqual([]);
		expect([...(explanations.get('candidate-field')?.keys() ?? [])].sort()).toEqual(
			[
				'component',
				'connection-address',
				'extension',
				'foundation',
				'generation',
				'network-cost',
				'network-id',
				'port',
				'priority',
				'raddr',
				'rport',
				'tcptype',
				'transport',
				'typ',
				'ufrag'
			].sort()
		);
		expect([...(explanations.get('candidate-type')?.keys() ?? [])].sort()).toEqual(
			['host', 'mdns', 'prflx', 'relay', 'srflx'].sort()
		);
	});

	it('explains every field of every real candidate, with where the rule comes from', () => {
		for (const [, text] of REAL)
			for (const f of decoded(text, explanations).fields) {
				expect(f.explanation, `${f.name} of ${text}`).toBeTruthy();
				expect(f.spec?.length, `${f.name} of ${text}`).toBeGreaterThan(0);
			}
	});

	it('explains the type, the mDNS name, the priority and the Chrome extensions', () => {
		const field = (text: string, name: string) =>
			decoded(text, explanations).fields.find((f) => f.name === name);
		const type = (t: string) => field(REAL.find(([, , e]) => e.type === t)![1], 'cand-type');
		expect(type('srflx')?.explanation).toMatch(/STUN server/);
		expect(type('prflx')?.explanation).toMatch(/connectivity checks/);
		expect(type('relay')?.explanation).toMatch(/TURN server/);
		expect(type('relay')?.spec).toContain('RFC 8656');
		const mdns = field(REAL[4]![1], 'connection-address');
		expect(mdns?.explanation).toMatch(/multicast DNS/);
		expect(mdns?.spec).toContain('draft-ietf-mmusic-mdns-ice-candidates');
		expect(field(REAL[0]![1], 'connection-address')?.explanation).not.toMatch(/multicast/);
		expect(field(REAL[0]![1], 'priority')?.explanation).toContain(
			'Here: 2^24 × 126 + 2^8 × 32542 + (256 − 1) = 2122260223'
		);
		expect(field(REAL[0]![1], 'network-cost')?.explanation).toMatch(/not standardized/);
		expect(field(REAL[0]![1], 'network-cost')?.spec?.join()).toMatch(/Chrome extension/);
		expect(field(REAL[2]![1], 'tcptype')?.spec).toEqual(['RFC 6544 §4.5']);
		expect(field(REAL[16]![1], 'unsupported')?.explanation).toMatch(/does not know/);
	});

	it('leaves explanations out when none are given', () => {
		expect(decoded(REAL[0]![1]).fields.every((f) => f.explanation === undefined)).toBe(true);
	});
});
