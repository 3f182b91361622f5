import { describe, expect, it } from 'vitest';
import type { ServerLogEvent, TraceEvent } from '../trace/types';
import { attributeServerEvent, serverLogEvent } from './server-log';
import { aliceSrflx } from './stun-run.fixture';

// Addresses as measured on this machine (tests/fixtures/coturn/*.page.json).
const events: TraceEvent[] = [
	aliceSrflx,
	{
		t: 66,
		type: 'ice-candidate',
		peer: 'bob',
		candidate:
			'candidate:1198554925 1 udp 50339839 127.0.0.1 15969 typ relay raddr 0.0.0.0 rport 0 generation 0',
		sdpMid: '0',
		sdpMLineIndex: 0,
		url: 'turn:127.0.0.1:38339?transport=udp'
	},
	{
		t: 77,
		type: 'ice-candidate-error',
		peer: 'alice',
		url: 'turn:127.0.0.1:38420?transport=udp',
		errorCode: 401,
		errorText: 'Unauthorized.',
		address: '0.0.0.x',
		port: 42348
	}
];
const seen = (e: Partial<ServerLogEvent>): ServerLogEvent => ({
	t: 100,
	type: 'server-log',
	method: 'BINDING',
	outcome: 'success',
	...e
});

describe('server log events', () => {
	it('keeps what the server saw, in the trace vocabulary', () => {
		expect(
			serverLogEvent({
				at: '3',
				method: 'ALLOCATE',
				outcome: 'error',
				code: 401,
				client: '127.0.0.1:5000',
				inferred: true,
				raw: 'x'
			})
		).toEqual({
			type: 'server-log',
			method: 'ALLOCATE',
			outcome: 'error',
			code: 401,
			client: '127.0.0.1:5000',
			inferred: true
		});
		expect(
			serverLogEvent({
				at: '3',
				method: 'CREATE_PERMISSION',
				outcome: 'success',
				peer: '127.0.0.1',
				raw: 'x'
			})
		).toMatchObject({ permission: '127.0.0.1' });
	});

	it("attributes a request to the peer whose candidate or error shows the server's view of it", () => {
		expect(attributeServerEvent(seen({ client: '127.0.0.1:35044' }), events)).toBe('alice');
		expect(
			attributeServerEvent(seen({ method: 'ALLOCATE', relayed: '127.0.0.1:15969' }), events)
		).toBe('bob');
		expect(
			attributeServerEvent(seen({ outcome: 'error', code: 401, client: '127.0.0.1:42348' }), events)
		).toBe('alice');
		expect(attributeServerEvent(seen({ client: '127.0.0.1:1' }), events)).toBeNull();
	});
});
