import { describe, expect, it } from 'vitest';
import {
	checkServerUrl,
	iceSettingsOf,
	PUBLIC_STUN,
	type CustomServer,
	type LocalServers
} from './servers';

const local: LocalServers = {
	stun: { urls: 'stun:127.0.0.1:3478' },
	turn: { urls: 'turn:127.0.0.1:3478?transport=udp', username: 'u', credential: 'p' }
};
const custom = (c: Partial<CustomServer>): CustomServer => ({
	url: '',
	username: '',
	credential: '',
	relayOnly: false,
	...c
});

describe('ICE server choices', () => {
	it('maps each preset to its servers and transport policy', () => {
		expect(iceSettingsOf('none', local, custom({}))).toEqual({
			ok: true,
			iceServers: [],
			iceTransportPolicy: 'all'
		});
		expect(iceSettingsOf('local-stun', local, custom({}))).toEqual({
			ok: true,
			iceServers: [{ urls: 'stun:127.0.0.1:3478' }],
			iceTransportPolicy: 'all'
		});
		expect(iceSettingsOf('local-turn', local, custom({}))).toEqual({
			ok: true,
			iceServers: [local.turn],
			iceTransportPolicy: 'relay'
		});
		expect(iceSettingsOf('public-stun', null, custom({}))).toEqual({
			ok: true,
			iceServers: [{ urls: PUBLIC_STUN }],
			iceTransportPolicy: 'all'
		});
	});

	it('refuses the local servers where the page was served without them', () => {
		expect(iceSettingsOf('local-turn', null, custom({}))).toMatchObject({
			ok: false,
			error: expect.stringMatching(/without one/)
		});
	});

	it('takes a custom server like the presets, relay only when asked', () => {
		expect(
			iceSettingsOf(
				'custom',
				null,
				custom({ url: local.turn.urls, username: 'u', credential: 'p', relayOnly: true })
			)
		).toEqual({
			ok: true,
			iceServers: [local.turn],
			iceTransportPolicy: 'relay'
		});
		expect(iceSettingsOf('custom', null, custom({ url: 'turn:127.0.0.1:3478' }))).toEqual({
			ok: false,
			error: 'A TURN server needs a username and a credential.'
		});
	});

	it('says what is wrong with a server URL', () => {
		expect(checkServerUrl('stun:stun.example.org:3478')).toBeNull();
		expect(checkServerUrl('turn:[::1]:3478?transport=tcp')).toBeNull();
		expect(checkServerUrl('')).toMatch(/Enter a server URL/);
		expect(checkServerUrl('http://example.org')).toMatch(/is not a STUN or TURN URL/);
		expect(checkServerUrl('stun:example.org?transport=udp')).toMatch(/takes no \?transport=/);
		expect(checkServerUrl('stun:example.org:70000')).toMatch(/out of range/);
		expect(checkServerUrl('stun:<img src=x onerror=alert(1)>')).toMatch(
			/is not a STUN or TURN URL/
		);
	});
});
