// Test events of a run with a STUN server, shared by the server-log and layout tests: Alice
// configured with the server, and the server-reflexive candidate it taught her, as Chromium
// reported them (tests/fixtures/coturn/*.page.json).
import type { TraceEvent } from '../trace/types';

export const STUN_URL = 'stun:127.0.0.1:47443';

export const aliceWithStun: TraceEvent = {
	t: 0,
	type: 'peer-created',
	peer: 'alice',
	configuration: { iceServers: [{ urls: STUN_URL }] }
};

export const aliceSrflx: TraceEvent = {
	t: 13,
	type: 'ice-candidate',
	peer: 'alice',
	candidate:
		'candidate:577969977 1 udp 1677729535 127.0.0.1 35044 typ srflx raddr 192.0.2.2 rport 35044 generation 0',
	sdpMid: '0',
	sdpMLineIndex: 0,
	url: STUN_URL
};
