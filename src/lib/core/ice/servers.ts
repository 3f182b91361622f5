/** Where the lab's candidates come from: the choices of the `ICE servers` group. */
export type IceChoice = 'none' | 'local-stun' | 'local-turn' | 'public-stun' | 'custom';

/** The local coturn, as the dev/preview server announces it (never baked into the bundle). */
export interface LocalServers {
	stun: { urls: string };
	turn: { urls: string; username: string; credential: string };
	log?: string;
}

export interface CustomServer {
	url: string;
	username: string;
	credential: string;
	relayOnly: boolean;
}

/** A third party's server: choosing it sends a request outside this machine, which the UI says. */
export const PUBLIC_STUN = 'stun:stun.l.google.com:19302';

// RFC 7064 §3.1 (stun/stuns) and RFC 7065 §3.1 (turn/turns): scheme ":" host [":" port],
// and for TURN an optional "?transport=udp|tcp".
const SERVER_URL =
	/^(stuns?|turns?):(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?(\?transport=(udp|tcp))?$/;

/** Why a server URL is not one the browser will take, or null if it is fine. */
export function checkServerUrl(url: string): string | null {
	const u = url.trim();
	if (!u)
		return 'Enter a server URL, for example stun:stun.example.org:3478 or turn:turn.example.org:3478?transport=udp.';
	const m = SERVER_URL.exec(u);
	if (!m)
		return `"${u}" is not a STUN or TURN URL: it must look like stun:host:port or turn:host:port?transport=udp (RFC 7064, RFC 7065).`;
	if (m[4] && m[1]?.startsWith('stun'))
		return `A STUN URL takes no ?transport= (RFC 7064 §3.1): "${u}".`;
	const port = m[3] ? Number(m[3].slice(1)) : null;
	if (port !== null && (port < 1 || port > 65535)) return `Port ${port} is out of range (1–65535).`;
	return null;
}

export type IceSettingsResult =
	| { ok: true; iceServers: RTCIceServer[]; iceTransportPolicy: RTCIceTransportPolicy }
	| { ok: false; error: string };

/** The RTCConfiguration parts a choice stands for, or why it cannot be used. */
export function iceSettingsOf(
	choice: IceChoice,
	local: LocalServers | null,
	custom: CustomServer
): IceSettingsResult {
	switch (choice) {
		case 'none':
			return { ok: true, iceServers: [], iceTransportPolicy: 'all' };
		case 'public-stun':
			return { ok: true, iceServers: [{ urls: PUBLIC_STUN }], iceTransportPolicy: 'all' };
		case 'local-stun':
		case 'local-turn':
			if (!local)
				return {
					ok: false,
					error: 'No local STUN/TURN server: this copy of the lab is served without one.'
				};
			return choice === 'local-stun'
				? { ok: true, iceServers: [{ urls: local.stun.urls }], iceTransportPolicy: 'all' }
				: { ok: true, iceServers: [{ ...local.turn }], iceTransportPolicy: 'relay' };
		case 'custom': {
			const problem = checkServerUrl(custom.url);
			if (problem) return { ok: false, error: problem };
			const url = custom.url.trim();
			// webrtc-pc §4.4.1.5: a TURN server needs a username and a credential, or the constructor throws.
			if (url.startsWith('turn') && (!custom.username || !custom.credential))
				return { ok: false, error: 'A TURN server needs a username and a credential.' };
			const server: RTCIceServer = url.startsWith('turn')
				? { urls: url, username: custom.username, credential: custom.credential }
				: { urls: url };
			return {
				ok: true,
				iceServers: [server],
				iceTransportPolicy: custom.relayOnly ? 'relay' : 'all'
			};
		}
	}
}
