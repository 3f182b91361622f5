import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareOfferAnswer, type Comparison } from './compare';

/**
 * Real offers and answers from Chromium 156 (headless, mDNS host hiding on), recorded by the
 * script described in tests/fixtures/compare/README.md. Alice always opens a data channel and adds
 * an audio and a video transceiver; the fixtures differ in what Bob does before createAnswer.
 */
function pair(name: string): { offer: string; answer: string } {
	const read = (side: string) =>
		readFileSync(
			new URL(`../../../../tests/fixtures/compare/${name}.${side}.sdp`, import.meta.url),
			'utf8'
		);
	return { offer: read('offer'), answer: read('answer') };
}

function compare(name: string): Comparison {
	const { offer, answer } = pair(name);
	return compareOfferAnswer(offer, answer);
}

/** The first value of an attribute in an SDP, read with a regular expression, not the parser. */
function first(sdp: string, attribute: string): string {
	const match = new RegExp(`^a=${attribute}:(.*)$`, 'm').exec(sdp);
	if (!match?.[1]) throw new Error(`no a=${attribute}`);
	return match[1].trim();
}

describe('compareOfferAnswer on real Chromium offers and answers', () => {
	it('basic: Bob has nothing to send, so he answers recvonly and is the DTLS client', () => {
		const { offer, answer } = pair('basic');
		const c = compareOfferAnswer(offer, answer);
		expect(c.bundle).toEqual({ offered: ['0', '1', '2'], accepted: ['0', '1', '2'] });
		expect(c.media.map((m) => [m.index, m.mid, m.kind, m.rejected])).toEqual([
			[0, '0', 'audio', false],
			[1, '1', 'video', false],
			[2, '2', 'application', false]
		]);
		const [audio, video, data] = c.media;
		expect(audio?.directionNote).toBe(
			'Alice offered sendrecv; Bob answered recvonly: he will receive but not send (RFC 8829 §5.3.1)'
		);
		expect(audio?.dtlsNote).toBe(
			'Alice offered actpass (either role); Bob answered active: Bob is the DTLS client and sends the ClientHello; Alice is the server (RFC 8842 §5.2, §5.3).'
		);
		expect(video?.dtlsNote).toMatch(/shares the transport, and so the DTLS connection, of mid 0/);
		expect(data?.directionNote).toMatch(/data channel section has no direction/);
		expect(data?.offer.codecs).toEqual([]);
		// Bob keeps every codec Alice offered.
		expect(audio?.accepted).toEqual([
			'opus',
			'red',
			'G722',
			'PCMU',
			'PCMA',
			'CN',
			'telephone-event'
		]);
		expect(audio?.dropped).toEqual([]);
		expect(video?.accepted).toEqual(['VP8', 'rtx', 'H264', 'AV1', 'VP9', 'red', 'ulpfec']);
		expect(audio?.offer.codecs[0]).toEqual({
			payload: 111,
			name: 'opus',
			clockRate: 48000,
			channels: 2
		});
		expect(video?.offer.codecs[0]).toEqual({ payload: 96, name: 'VP8', clockRate: 90000 });
		// Chromium writes the ICE credentials and fingerprint in every section, none at session level.
		expect(c.session).toEqual({
			offerIce: { ufrag: first(offer, 'ice-ufrag'), pwd: first(offer, 'ice-pwd') },
			answerIce: { ufrag: first(answer, 'ice-ufrag'), pwd: first(answer, 'ice-pwd') },
			offerFingerprint: first(offer, 'fingerprint'),
			answerFingerprint: first(answer, 'fingerprint')
		});
		expect(video?.answer).toMatchObject({
			port: 9,
			direction: 'recvonly',
			setup: 'active',
			iceUfrag: first(answer, 'ice-ufrag'),
			icePwd: first(answer, 'ice-pwd'),
			fingerprint: first(answer, 'fingerprint')
		});
		expect(c.notes).toEqual([
			'BUNDLE: Alice offered mids 0, 1, 2; Bob kept 0, 1, 2. The kept sections share one transport, that of mid 0 (RFC 8843).',
			"Alice's offer has candidates in 3 sections: until the answer she cannot know that BUNDLE will be accepted. Bob's answer has them only in mid 0, the one transport BUNDLE leaves (RFC 8843)."
		]);
	});

	it('codecs: Bob sends too and keeps only opus and VP8 (setCodecPreferences)', () => {
		const [audio, video] = compare('codecs').media;
		expect(audio?.accepted).toEqual(['opus']);
		expect(audio?.dropped).toEqual(['red', 'G722', 'PCMU', 'PCMA', 'CN', 'telephone-event']);
		expect(audio?.answer?.codecs).toEqual([
			{ payload: 111, name: 'opus', clockRate: 48000, channels: 2 }
		]);
		expect(video?.accepted).toEqual(['VP8', 'rtx']);
		expect(video?.dropped).toEqual(['H264', 'AV1', 'VP9', 'red', 'ulpfec']);
		expect(audio?.directionNote).toBe(
			'Alice offered sendrecv; Bob answered sendrecv: both will send and receive (RFC 8829 §5.3.1)'
		);
	});

	it('stopped: Chromium answers a transceiver Bob stopped with inactive, not with port 0', () => {
		const c = compare('stopped');
		const video = c.media[1];
		expect(video?.rejected).toBe(false);
		expect(video?.answer?.port).toBe(9);
		expect(video?.answer?.direction).toBe('inactive');
		expect(video?.directionNote).toBe(
			'Alice offered sendrecv; Bob answered inactive: no media flows either way (RFC 8829 §5.3.1)'
		);
		expect(c.bundle.accepted).toEqual(['0', '1', '2']);
	});

	it('rejected: Chromium rejects a video section whose only codec it does not know', () => {
		// The offer was munged (video offers only X-NOPE/90000); the answer is Chromium's, untouched.
		const c = compare('rejected');
		const [audio, video] = c.media;
		expect(video).toMatchObject({
			mid: '1',
			kind: 'video',
			rejected: true,
			accepted: [],
			dropped: ['X-NOPE'],
			directionNote:
				'Bob rejected this section with port 0: no media flows in it, whatever the direction attributes say (RFC 8829 §5.3.1).',
			dtlsNote: 'Rejected: no transport is set up for this section, so no DTLS either.'
		});
		expect(video?.answer).toMatchObject({ port: 0, codecs: [] });
		// Out of the BUNDLE group, the rejected section gets ICE credentials of its own.
		expect(video?.answer?.iceUfrag).not.toBe(audio?.answer?.iceUfrag);
		expect(c.session.answerIce.ufrag).toBe(audio?.answer?.iceUfrag);
		expect(c.bundle).toEqual({ offered: ['0', '1', '2'], accepted: ['0', '2'] });
		expect(c.notes[0]).toBe(
			'BUNDLE: Alice offered mids 0, 1, 2; Bob kept 0, 2, leaving out 1 (rejected). The kept sections share one transport, that of mid 0 (RFC 8843).'
		);
	});

	it('directions: Alice sends audio only and receives video only', () => {
		const [audio, video] = compare('directions').media;
		expect(audio?.directionNote).toBe(
			'Alice offered sendonly; Bob answered recvonly: he will receive but not send (RFC 8829 §5.3.1)'
		);
		expect(video?.directionNote).toBe(
			'Alice offered recvonly; Bob answered sendonly: he will send but not receive (RFC 8829 §5.3.1)'
		);
		// A recvonly offer lists what Alice can decode, flexfec-03 included; Bob sends without it.
		expect(video?.dropped).toEqual(['flexfec-03']);
		expect(video?.offer.codecs.length).toBeGreaterThan(video?.answer?.codecs.length ?? 0);
	});
});

describe('compareOfferAnswer on munged answers', () => {
	const { offer, answer } = pair('basic');

	it('setup:passive makes Alice the DTLS client (Chromium accepted this answer)', () => {
		const c = compareOfferAnswer(offer, answer.replaceAll('a=setup:active', 'a=setup:passive'));
		expect(c.media[0]?.dtlsNote).toBe(
			'Alice offered actpass (either role); Bob answered passive: Alice is the DTLS client and sends the ClientHello; Bob is the server (RFC 8842 §5.2, §5.3).'
		);
	});

	it.each([
		[
			'an actpass answer',
			'a=setup:active',
			'a=setup:actpass',
			/Bob answered actpass, which an answer must not/
		],
		['no setup in the answer', 'a=setup:active\r\n', '', /Bob's answer has no a=setup/],
		[
			'an odd role',
			'a=setup:active',
			'a=setup:holdconn',
			/Bob answered "holdconn", which is not a DTLS role/
		]
	])('%s', (_name, from, to, note) => {
		const c = compareOfferAnswer(offer, answer.replaceAll(from, to));
		expect(c.media[0]?.dtlsNote).toMatch(note);
	});

	it('two clients cannot start DTLS', () => {
		const c = compareOfferAnswer(offer.replaceAll('a=setup:actpass', 'a=setup:active'), answer);
		expect(c.media[0]?.dtlsNote).toMatch(
			/^Alice offered active; Bob answered active too: both want to be the client, so the DTLS handshake cannot start/
		);
	});

	it('says when an answer direction is not allowed for the offer', () => {
		const sendonly = offer.replace('a=sendrecv', 'a=sendonly');
		const c = compareOfferAnswer(sendonly, answer.replace('a=recvonly', 'a=sendrecv'));
		expect(c.media[0]?.directionNote).toBe(
			'Alice offered sendonly; Bob answered sendrecv: he will receive but not send (RFC 8829 §5.3.1) But an answer to a sendonly offer may only be recvonly or inactive (RFC 3264 §6.1).'
		);
	});

	it('notes changed payload types, missing sections, mismatched mids and a missing BUNDLE', () => {
		const renumbered = answer
			.replace('m=audio 9 UDP/TLS/RTP/SAVPF 111 ', 'm=audio 9 UDP/TLS/RTP/SAVPF 112 ')
			.replace('a=rtpmap:111 opus/48000/2', 'a=rtpmap:112 opus/48000/2')
			.replace('a=mid:1', 'a=mid:video')
			.replace(/a=group:BUNDLE [^\r\n]*\r\n/, '');
		const truncated = renumbered.slice(0, renumbered.indexOf('m=application'));
		const c = compareOfferAnswer(offer, truncated);
		expect(c.media).toHaveLength(3);
		expect(c.media[2]?.answer).toBeNull();
		expect(c.media[2]?.directionNote).toMatch(/Bob's answer has no m-section 2/);
		expect(c.bundle.accepted).toEqual([]);
		expect(c.notes).toEqual(
			expect.arrayContaining([
				'The offer has 3 m-sections and the answer 2: an answer has exactly as many, in the same order (RFC 3264 §6; RFC 8829 §5.3.1).',
				'm-section 1: the offer\'s mid is "1", the answer\'s "video"; the answer keeps the offer\'s mid (RFC 8829 §5.3.1).',
				"mid 0: the answer numbers opus 112 where the offer used 111; an answer should keep the offer's payload types (RFC 3264 §6.1).",
				"Alice offered to BUNDLE mids 0, 1, 2; Bob's answer has no BUNDLE group, so each section gets its own transport (RFC 8843)."
			])
		);
	});

	it('keeps a port-0 section that stays in the answer BUNDLE group (bundle-only, RFC 8843)', () => {
		const bundleOnly = answer.replace(/m=video 9 /, 'm=video 0 ');
		expect(compareOfferAnswer(offer, bundleOnly).media[1]?.rejected).toBe(false);
	});

	it('notes an ICE-lite answerer', () => {
		const lite = answer.replace('t=0 0\r\n', 't=0 0\r\na=ice-lite\r\n');
		expect(compareOfferAnswer(offer, lite).notes.join('\n')).toMatch(/Bob is ICE-lite/);
	});
});

describe('compareOfferAnswer on hand-written SDP', () => {
	// Not WebRTC: session-level ICE, fingerprint and setup, RTP/AVP with static payload types.
	const offer = [
		'v=0',
		'o=alice 1 1 IN IP4 192.0.2.1',
		's=-',
		'c=IN IP4 192.0.2.1',
		't=0 0',
		'a=ice-ufrag:1234',
		'a=ice-pwd:asd88fgpdd777uzjYhagZgasd88fgpdd',
		'a=fingerprint:sha-256 00:11:22:33',
		'a=setup:actpass',
		'a=sendonly',
		'm=audio 49170 RTP/AVP 0 8 97',
		'a=rtpmap:97 iLBC/8000',
		''
	].join('\r\n');
	const answer = [
		'v=0',
		'o=bob 2 1 IN IP4 192.0.2.2',
		's=-',
		'c=IN IP4 192.0.2.2',
		't=0 0',
		'a=ice-ufrag:5678',
		'a=ice-pwd:zxcv88fgpdd777uzjYhagZgasd88fgpdd',
		'a=fingerprint:sha-256 44:55:66:77',
		'm=audio 49172 RTP/AVP 0',
		'a=setup:passive',
		'a=recvonly',
		''
	].join('\n');

	it('falls back to session-level attributes and reads static payload types', () => {
		const c = compareOfferAnswer(offer, answer);
		const [audio] = c.media;
		expect(audio?.mid).toBeNull();
		expect(audio?.offer).toEqual({
			port: 49170,
			direction: 'sendonly',
			codecs: [
				{ payload: 0, name: 'PCMU', clockRate: 8000, channels: 1 },
				{ payload: 8, name: 'PCMA', clockRate: 8000, channels: 1 },
				{ payload: 97, name: 'iLBC', clockRate: 8000 }
			],
			setup: 'actpass',
			// sdp-transform reads "1234" as a number; the comparison gives it back as text.
			iceUfrag: '1234',
			icePwd: 'asd88fgpdd777uzjYhagZgasd88fgpdd',
			fingerprint: 'sha-256 00:11:22:33'
		});
		expect(audio?.accepted).toEqual(['PCMU']);
		expect(audio?.dropped).toEqual(['PCMA', 'iLBC']);
		expect(audio?.dtlsNote).toMatch(/Bob answered passive: Alice is the DTLS client/);
		expect(audio?.directionNote).toMatch(
			/^Alice offered sendonly; Bob answered recvonly: he will receive/
		);
		expect(c.session.offerIce).toEqual({ ufrag: '1234', pwd: 'asd88fgpdd777uzjYhagZgasd88fgpdd' });
		expect(c.session.answerFingerprint).toBe('sha-256 44:55:66:77');
		expect(c.bundle).toEqual({ offered: [], accepted: [] });
		expect(c.notes).toEqual([]);
	});

	it('never throws on odd input', () => {
		const odd = [
			'',
			'garbage',
			'v=0',
			'm=audio',
			'\u0000\u0001',
			'v=0\r\nm=video x y z\r\na=mid:\r\n'
		];
		for (const a of odd) for (const b of odd) expect(() => compareOfferAnswer(a, b)).not.toThrow();
		for (const bad of [null, undefined, 42, {}])
			expect(() => compareOfferAnswer(bad as string, bad as string)).not.toThrow();
		const c = compareOfferAnswer('garbage', offer);
		expect(c.notes[0]).toBe('The offer does not look like an SDP: it should begin with v=0.');
		expect(c.media).toEqual([]);
	});
});
