import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createCoturnLogParser, parseCoturnLog, type CoturnLogEvent } from './coturn-log';

// Real logs of coturn 4.6.1 started by scripts/coturn.js, with real Chromium 156 as the client,
// and what the page saw at the same time (*.page.json). See tests/fixtures/coturn.
const FIXTURES = new URL('../../../../tests/fixtures/coturn/', import.meta.url);
const log = (name: string) => readFileSync(new URL(`${name}.log`, FIXTURES), 'utf8');

interface PageRecord {
	server: { username: string; urls: { stun: string; turn: string } };
	candidates: { peer: string; candidate: string | null; candidateUrl?: string }[];
	errors: { peer: string; url: string; errorCode: number; port: number }[];
}
const page = (name: string): PageRecord =>
	JSON.parse(readFileSync(new URL(`${name}.page.json`, FIXTURES), 'utf8'));

/** `127.0.0.1:35044` from `candidate:… udp 1677729535 127.0.0.1 35044 typ srflx …`. */
const addressOf = (candidate: string) => {
	const f = candidate.split(' ');
	return `${f[4]}:${f[5]}`;
};
const candidatesOfType = (record: PageRecord, type: string) =>
	record.candidates
		.map((c) => c.candidate)
		.filter((c): c is string => !!c && c.includes(` typ ${type} `));

const bySession = (events: CoturnLogEvent[]) => {
	const sessions = new Map<string, CoturnLogEvent[]>();
	for (const e of events) sessions.set(e.session!, [...(sessions.get(e.session!) ?? []), e]);
	return [...sessions.values()];
};
const steps = (events: CoturnLogEvent[]) =>
	events.map((e) => (e.outcome === 'success' ? e.method : `${e.method} ${e.code}`));

describe('parseCoturnLog on real logs', () => {
	it('STUN only: one Binding per peer, from the address Chromium reports as its srflx', () => {
		const events = parseCoturnLog(log('stun'));
		const record = page('stun');
		expect(steps(events)).toEqual(['BINDING', 'BINDING']);
		expect(events[0]).toMatchObject({
			at: '1',
			seconds: 1,
			session: '000000000000000001',
			method: 'BINDING',
			outcome: 'success',
			client: '127.0.0.1:35044',
			server: record.server.urls.stun.replace('stun:', ''),
			realm: 'handshake-lab'
		});
		expect(events[0]!.username).toBeUndefined();
		// The server reflected what it saw; Chromium turned that into its srflx candidates, whose
		// url is the STUN server's (RFC 8489 §14.2 XOR-MAPPED-ADDRESS → RFC 8445 §5.1.1.2).
		const srflx = candidatesOfType(record, 'srflx');
		expect(srflx.map(addressOf).sort()).toEqual(events.map((e) => e.client).sort());
		for (const c of record.candidates.filter((c) => c.candidate?.includes(' typ srflx ')))
			expect(c.candidateUrl).toBe(record.server.urls.stun);
	});

	it('TURN relay: 401 then Allocate, CreatePermission, ChannelBind, Refresh to 0', () => {
		const events = parseCoturnLog(log('turn-relay'));
		const record = page('turn-relay');
		const sessions = bySession(events);
		expect(sessions).toHaveLength(2);
		for (const session of sessions) {
			expect(steps(session)).toEqual([
				'BINDING',
				'ALLOCATE 401',
				'ALLOCATE',
				'CREATE_PERMISSION',
				'CHANNEL_BIND',
				'REFRESH'
			]);
			const [binding, challenge, allocate, permission, channel, refresh] = session;
			expect(binding!.client).toMatch(/^127\.0\.0\.1:\d+$/);
			// coturn does not name the method it refused before authentication: inferred.
			expect(challenge).toMatchObject({ inferred: true, reason: 'Unauthorized' });
			expect(challenge!.username).toBeUndefined();
			expect(allocate).toMatchObject({ username: record.server.username, lifetime: 600 });
			expect(allocate!.inferred).toBeUndefined();
			// RFC 8656 §9: a permission lasts 300 s; §12: a channel binding 600 s.
			expect(permission).toMatchObject({ peer: '127.0.0.1', lifetime: 300 });
			expect(channel).toMatchObject({ peer: '127.0.0.1', lifetime: 600 });
			// §8: a Refresh with lifetime 0 deletes the allocation (Chromium closing the peer).
			expect(refresh).toMatchObject({ lifetime: 0 });
			for (const e of session) expect(e.client).toBe(binding!.client);
		}
		// Each relayed address the server allocated is one of Chromium's relay candidates.
		const relays = candidatesOfType(record, 'relay');
		expect(relays.map(addressOf).sort()).toEqual(
			events
				.filter((e) => e.relayed)
				.map((e) => e.relayed)
				.sort()
		);
	});

	it('wrong credential: two 401s per peer, from the ports of Chromium’s icecandidateerror', () => {
		const events = parseCoturnLog(log('wrong-credential'));
		const record = page('wrong-credential');
		const sessions = bySession(events);
		expect(sessions).toHaveLength(2);
		for (const session of sessions) {
			expect(steps(session)).toEqual(['BINDING', 'ALLOCATE 401', 'ALLOCATE 401']);
			// The first Allocate carries no credentials (the server answers with REALM and NONCE,
			// RFC 8489 §9.2.4); the second carries the wrong ones and names the user.
			expect(session[1]!.username).toBeUndefined();
			expect(session[2]).toMatchObject({ username: record.server.username, inferred: true });
		}
		expect(record.errors.map((e) => e.errorCode)).toEqual([401, 401]);
		expect(record.errors.map((e) => `127.0.0.1:${e.port}`).sort()).toEqual(
			sessions.map((s) => s[0]!.client).sort()
		);
	});

	it('extra verbose (-V) logs name Send indications too', () => {
		const events = parseCoturnLog(log('turn-relay-extra-verbose'));
		const methods = new Set(events.map((e) => e.method));
		expect([...methods].sort()).toEqual(
			['ALLOCATE', 'BINDING', 'CHANNEL_BIND', 'CREATE_PERMISSION', 'REFRESH', 'SEND'].sort()
		);
		expect(events.filter((e) => e.method === 'SEND').every((e) => e.outcome === 'success')).toBe(
			true
		);
		expect(events.every((e) => e.raw.includes('incoming packet'))).toBe(true);
	});
});

describe('createCoturnLogParser on lines coturn can write', () => {
	const feed = (lines: string[]) => {
		const parser = createCoturnLogParser();
		return lines.map((l) => parser.line(l)).filter((e): e is CoturnLogEvent => e !== null);
	};

	it('ignores the banner, configuration and lines that are not a processed request', () => {
		expect(
			feed([
				'0: : log file opened: /tmp/x/turnserver.log',
				'RFC 3489/5389/5766/5780/6062/6156 STUN/TURN Server',
				'0: : IPv4. UDP listener opened on: 127.0.0.1:3478',
				'2: : session 001000000000000001: usage: realm=<r>, username=<u>, rp=20, rb=3254, sp=19, sb=3407',
				'',
				'not a log line'
			])
		).toEqual([]);
	});

	it('reads ISO timestamps (--new-log-timestamp) and the origin variant, and CRLF', () => {
		const [e] = feed([
			'2026-11-21T11:22:23+0000: session 000000000000000007: origin <https://lab.test> realm <r> user <u>: incoming packet BINDING processed, success\r'
		]);
		expect(e).toMatchObject({
			at: '2026-11-21T11:22:23+0000',
			session: '000000000000000007',
			method: 'BINDING',
			outcome: 'success',
			username: 'u',
			realm: 'r'
		});
		expect(e!.seconds).toBeUndefined();
		expect(e!.raw.endsWith('\r')).toBe(false);
	});

	it('drops the `message` echo of a named error, keeps an unnamed one after allocation', () => {
		const events = feed([
			'3: : session 000000000000000001: new, realm=<r>, username=<u>, lifetime=600',
			'3: : session 000000000000000001: realm <r> user <u>: incoming packet ALLOCATE processed, success',
			'4: : session 000000000000000001: realm <r> user <u>: incoming packet CREATE_PERMISSION processed, error 403: Forbidden IP',
			'4: : session 000000000000000001: realm <r> user <u>: incoming packet message processed, error 403: Forbidden IP',
			'9: : session 000000000000000001: realm <r> user <u>: incoming packet message processed, error 438: Stale nonce'
		]);
		expect(steps(events)).toEqual(['ALLOCATE', 'CREATE_PERMISSION 403', 'UNKNOWN 438']);
		expect(events[1]).toMatchObject({ reason: 'Forbidden IP', seconds: 4 });
		expect(events[2]!.inferred).toBeUndefined();
	});
});
