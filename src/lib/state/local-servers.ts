import { base } from '$app/paths';
import type { CoturnLogEvent } from '$lib/core/ice/coturn-log';
import type { ServerLogReader } from '$lib/core/ice/server-log';
import type { LocalServers } from '$lib/core/ice/servers';

/**
 * Asks the dev/preview server for its local coturn (scripts/vite-plugin-lab-servers.js). The
 * credential is made per run and is never part of the static bundle: a static host has no such
 * endpoint, and the lab then offers the other choices only.
 */
export async function fetchLocalServers(): Promise<{ local: LocalServers | null; reason: string }> {
	try {
		const response = await fetch(`${base}/__lab/ice-servers.json`, { cache: 'no-store' });
		if (!response.ok)
			return {
				local: null,
				reason: 'This copy of the lab is served without its local STUN/TURN server (a static host).'
			};
		const body = (await response.json()) as {
			available: boolean;
			reason?: string;
			install?: Record<string, string>;
		} & Partial<LocalServers>;
		if (!body.available || !body.stun || !body.turn)
			return {
				local: null,
				reason: `${body.reason ?? 'No local STUN/TURN server'}.${body.install ? ` Install it: ${Object.values(body.install).join(' or ')}.` : ''}`
			};
		return { local: { stun: body.stun, turn: body.turn, log: body.log }, reason: '' };
	} catch {
		return { local: null, reason: 'The local STUN/TURN server did not answer.' };
	}
}

/** Reads the local server's log over HTTP, from where the last read ended. */
export class HttpServerLog implements ServerLogReader {
	#next = 0;
	readonly #url: string;

	constructor(path: string) {
		this.#url = `${base}${path}`;
	}

	async #fetch(): Promise<CoturnLogEvent[]> {
		const response = await fetch(`${this.#url}?since=${this.#next}`, { cache: 'no-store' });
		if (!response.ok) return [];
		const body = (await response.json()) as { next: number; events: CoturnLogEvent[] };
		this.#next = body.next;
		return body.events;
	}

	/** Skips what the server logged before now, so a session sees only its own requests. */
	async arm(): Promise<void> {
		await this.#fetch();
	}

	read(): Promise<CoturnLogEvent[]> {
		return this.#fetch();
	}
}

/** The recording a browser without RTCPeerConnection replays (static/traces/). */
export const FALLBACK_RECORDING = 'mdns-host-candidates';

/** A recorded trace shipped with the site, as text; null if it cannot be had. */
export async function fetchRecording(name: string): Promise<string | null> {
	try {
		const response = await fetch(`${base}/traces/${name}.trace.json`);
		return response.ok ? await response.text() : null;
	} catch {
		return null;
	}
}
