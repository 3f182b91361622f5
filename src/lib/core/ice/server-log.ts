import type { PeerName, ServerLogEvent, TraceEvent, TraceEventInput } from '../trace/types';
import type { CoturnLogEvent } from './coturn-log';
import { summarizeCandidate } from './summary';

/** Reads what the local STUN/TURN server logged since the last read (the app reads it over HTTP). */
export interface ServerLogReader {
	read(): Promise<CoturnLogEvent[]>;
}

/** A server log event as the trace keeps it. */
export function serverLogEvent(e: CoturnLogEvent): TraceEventInput {
	return {
		type: 'server-log',
		method: e.method,
		outcome: e.outcome,
		...(e.code !== undefined ? { code: e.code } : {}),
		...(e.reason ? { reason: e.reason } : {}),
		...(e.client ? { client: e.client } : {}),
		...(e.relayed ? { relayed: e.relayed } : {}),
		...(e.peer ? { permission: e.peer } : {}),
		...(e.inferred ? { inferred: true } : {})
	};
}

const portOf = (address: string) => address.slice(address.lastIndexOf(':') + 1);

/**
 * Whose request the server saw. Measured here: a srflx candidate's address is exactly the client
 * address the server logged, a relay candidate's address is the relayed address it allocated, and
 * an icecandidateerror's port is the client's port. Anything else stays unattributed.
 */
export function attributeServerEvent(
	event: ServerLogEvent,
	events: readonly TraceEvent[]
): PeerName | null {
	for (const e of events) {
		if (e.type === 'ice-candidate' && e.candidate) {
			const c = summarizeCandidate(e.candidate);
			if (!c) continue;
			const address = `${c.address}:${c.port}`;
			if (event.client && c.type === 'srflx' && address === event.client) return e.peer;
			if (event.relayed && c.type === 'relay' && address === event.relayed) return e.peer;
			if (event.client && c.type === 'host' && c.port === portOf(event.client)) return e.peer;
		}
		if (e.type === 'ice-candidate-error' && event.client && String(e.port) === portOf(event.client))
			return e.peer;
	}
	return null;
}
