/**
 * Reads coturn's own log (`turnserver -v --log-binding`, as scripts/coturn.js starts it) into one
 * event per STUN/TURN request the server answered, so that the lab can show the server's side of
 * the exchange: Binding (RFC 8489 §6, what gives a srflx candidate), and TURN's Allocate, Refresh,
 * CreatePermission, ChannelBind, Send and Data (RFC 8656 §7–§12, what gives a relay candidate).
 *
 * Pure: no DOM, no node. The lines it understands (coturn 4.6, seen in
 * tests/fixtures/coturn/*.log):
 *
 *     0: : handle_udp_packet: New UDP endpoint: local addr 127.0.0.1:46620, remote addr 127.0.0.1:39518
 *     0: : session 001000000000000001: realm <handshake-lab> user <>: incoming packet BINDING processed, success
 *     0: : session 001000000000000001: realm <handshake-lab> user <>: incoming packet message processed, error 401: Unauthorized
 *     0: : IPv4. Local relay addr: 127.0.0.1:30098
 *     0: : session 001000000000000001: new, realm=<handshake-lab>, username=<lab-…>, lifetime=600
 *     0: : session 001000000000000001: peer 127.0.0.1 lifetime updated: 300
 *     0: : session 001000000000000001: refreshed, realm=<handshake-lab>, username=<lab-…>, lifetime=0
 *
 * Only the "incoming packet … processed" lines become events; the others fill in the next event of
 * their session (who the client is, the relayed address, the peer, the lifetime).
 */

/** STUN/TURN methods as coturn names them; UNKNOWN when coturn did not say (see `inferred`). */
export type CoturnMethod =
	| 'BINDING'
	| 'ALLOCATE'
	| 'REFRESH'
	| 'CREATE_PERMISSION'
	| 'CHANNEL_BIND'
	| 'SEND'
	| 'DATA'
	| 'CONNECT'
	| 'CONNECTION_BIND'
	| 'OLD_BINDING'
	| 'UNKNOWN';

export interface CoturnLogEvent {
	/** The log's own timestamp text: seconds since the server started (`12`), or ISO 8601. */
	at: string;
	/** `at` as a number when it is seconds since the server started. */
	seconds?: number;
	/** coturn's session id (one per client 5-tuple; the first digits are the server thread). */
	session?: string;
	method: CoturnMethod;
	/**
	 * True when coturn logged the failure as `incoming packet message` without naming the method
	 * (it does so when authentication fails before the method's handler runs) and the method was
	 * worked out: a request on a session that holds no allocation yet is an Allocate (RFC 8656
	 * §7: every other TURN request needs an allocation first).
	 */
	inferred?: true;
	outcome: 'success' | 'error';
	/** STUN error code (RFC 8489 §14.8): 401 Unauthorized, 438 Stale Nonce, 403 Forbidden, … */
	code?: number;
	reason?: string;
	/** The client's address as the server saw it (`ip:port`): what a Binding reflects back. */
	client?: string;
	/** The server's own address that the client wrote to. */
	server?: string;
	/** CreatePermission / ChannelBind: the peer address permitted (coturn logs the IP only). */
	peer?: string;
	/** Allocate: the relayed transport address the server allocated (the relay candidate). */
	relayed?: string;
	/**
	 * Allocate and Refresh: the allocation's lifetime in seconds (a Refresh to 0 deletes it, RFC
	 * 8656 §8); CreatePermission: 300 (§9); ChannelBind: 600 (§12).
	 */
	lifetime?: number;
	username?: string;
	realm?: string;
	raw: string;
}

const TIMESTAMP = /^(\d+|\d{4}-\d\d-\d\dT\S+?): (.*)$/;
const PROCESSED =
	/session (\d+): (?:origin <[^>]*> )?realm <([^>]*)> user <([^>]*)>: incoming packet (.+?) processed, (?:success|error (\d+):? ?(.*))$/;
const NEW_ENDPOINT = /New UDP endpoint: local addr (\S+), remote addr (\S+)/;
const RELAY_ADDR = /Local relay addr: (\S+)/;
const SESSION_NEW = /session (\d+): new, realm=<[^>]*>, username=<[^>]*>, lifetime=(\d+)/;
const SESSION_REFRESHED =
	/session (\d+): refreshed, realm=<[^>]*>, username=<[^>]*>, lifetime=(\d+)/;
const PEER_LIFETIME = /session (\d+): peer (\S+) lifetime updated: (\d+)/;
const CLOSED = /session (\d+): closed .*?local (\S+), remote (\S+)/;

const METHODS: Record<string, CoturnMethod> = {
	BINDING: 'BINDING',
	ALLOCATE: 'ALLOCATE',
	REFRESH: 'REFRESH',
	CREATE_PERMISSION: 'CREATE_PERMISSION',
	CHANNEL_BIND: 'CHANNEL_BIND',
	SEND: 'SEND',
	DATA: 'DATA',
	CONNECT: 'CONNECT',
	CONNECTION_BIND: 'CONNECTION_BIND',
	'OLD BINDING': 'OLD_BINDING'
};

interface SessionState {
	client?: string;
	server?: string;
	allocated: boolean;
	pendingRelayed?: string;
	pendingLifetime?: number;
	pendingPeer?: string;
	/** The code of the error response whose `message` echo comes next (see below). */
	echo?: number;
}

export interface CoturnLogParser {
	/** Feed one line (without its newline); returns the event it completes, or null. */
	line(text: string): CoturnLogEvent | null;
}

/**
 * A parser that remembers what earlier lines said. Feed it the log from its first line: the
 * client address of a session is only named when the session begins.
 */
export function createCoturnLogParser(): CoturnLogParser {
	const sessions = new Map<string, SessionState>();
	// Lines that name no session and belong to the next session to appear (coturn writes them
	// just before that session's first line, from the same thread).
	const pendingEndpoints: { client: string; server: string }[] = [];
	const pendingRelayed: string[] = [];

	const session = (id: string): SessionState => {
		let s = sessions.get(id);
		if (!s) {
			s = { allocated: false };
			const endpoint = pendingEndpoints.shift();
			if (endpoint) {
				s.client = endpoint.client;
				s.server = endpoint.server;
			}
			sessions.set(id, s);
		}
		return s;
	};

	return {
		line(text) {
			const raw = text.replace(/\r$/, '');
			const ts = TIMESTAMP.exec(raw);
			if (!ts) return null;
			const at = ts[1] as string;
			const message = (ts[2] as string).replace(/^: ?/, '');

			let m = PROCESSED.exec(message);
			if (m) {
				const [, id, realm, user, name, code, reason] = m as unknown as string[];
				const s = session(id as string);
				const named = METHODS[name as string];
				const outcome = code === undefined ? 'success' : 'error';
				const numeric = code === undefined ? undefined : Number(code);
				// coturn logs every error response to a request once more, as `message`, after the
				// method's own line: drop that echo. A `message` line with no named line before it is a
				// request refused before its method's handler ran (authentication: 401, 438).
				const echo = s.echo;
				s.echo = undefined;
				if (!named && echo !== undefined && echo === numeric) return null;
				const event: CoturnLogEvent = {
					at,
					...(/^\d+$/.test(at) ? { seconds: Number(at) } : {}),
					session: id,
					method: named ?? (s.allocated ? 'UNKNOWN' : 'ALLOCATE'),
					...(named || s.allocated ? {} : { inferred: true as const }),
					outcome,
					...(numeric === undefined ? {} : { code: numeric }),
					...(reason ? { reason: reason.trim() } : {}),
					...(s.client ? { client: s.client } : {}),
					...(s.server ? { server: s.server } : {}),
					...(user ? { username: user } : {}),
					...(realm ? { realm } : {}),
					raw
				};
				if (event.method === 'ALLOCATE' && outcome === 'success') {
					s.allocated = true;
					if (s.pendingRelayed) event.relayed = s.pendingRelayed;
				}
				if (
					(event.method === 'ALLOCATE' || event.method === 'REFRESH') &&
					s.pendingLifetime !== undefined
				) {
					event.lifetime = s.pendingLifetime;
					if (event.method === 'REFRESH' && event.lifetime === 0) s.allocated = false;
				}
				if (
					(event.method === 'CREATE_PERMISSION' || event.method === 'CHANNEL_BIND') &&
					s.pendingPeer
				) {
					event.peer = s.pendingPeer;
					if (s.pendingLifetime !== undefined) event.lifetime = s.pendingLifetime;
				}
				s.pendingRelayed = undefined;
				s.pendingLifetime = undefined;
				s.pendingPeer = undefined;
				if (named && numeric !== undefined && named !== 'SEND' && named !== 'DATA')
					s.echo = numeric;
				return event;
			}

			if ((m = NEW_ENDPOINT.exec(message))) {
				pendingEndpoints.push({ server: m[1] as string, client: m[2] as string });
			} else if ((m = RELAY_ADDR.exec(message))) {
				pendingRelayed.push(m[1] as string);
			} else if ((m = SESSION_NEW.exec(message))) {
				const s = session(m[1] as string);
				s.pendingRelayed = pendingRelayed.shift();
				s.pendingLifetime = Number(m[2]);
			} else if ((m = SESSION_REFRESHED.exec(message))) {
				session(m[1] as string).pendingLifetime = Number(m[2]);
			} else if ((m = PEER_LIFETIME.exec(message))) {
				const s = session(m[1] as string);
				s.pendingPeer = m[2] as string;
				s.pendingLifetime = Number(m[3]);
			} else if ((m = CLOSED.exec(message))) {
				const s = session(m[1] as string);
				s.server ??= m[2];
				s.client ??= m[3];
			}
			return null;
		}
	};
}

/** Every event of a whole log text, in the log's order. */
export function parseCoturnLog(text: string): CoturnLogEvent[] {
	const parser = createCoturnLogParser();
	const events: CoturnLogEvent[] = [];
	for (const line of text.split('\n')) {
		const event = parser.line(line);
		if (event) events.push(event);
	}
	return events;
}
