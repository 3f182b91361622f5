import { sentMessage } from '$lib/core/trace/fold';
import type { Description, TraceEvent } from '$lib/core/trace/types';

/** What an event carries that the Inspector explains: a description, or a candidate string. */
export interface Payload {
	description: Description | null;
	/** The `candidate:` string; '' for the end of candidates; null if the event carries none. */
	candidate: string | null;
}

/** The description or candidate `event` carries, directly or as a bus message's payload. */
export function payloadOf(events: readonly TraceEvent[], event: TraceEvent): Payload {
	let payload: unknown;
	if (event.type === 'local-description' || event.type === 'remote-description')
		payload = event.description;
	else if (event.type === 'api-call') payload = event.description ?? event.argument;
	else if (event.type === 'bus-message') payload = sentMessage(events, event.id)?.payload;
	const carried = payload && typeof payload === 'object' ? payload : null;
	const description = carried && 'sdp' in carried ? (carried as Description) : null;
	let candidate: string | null = null;
	if (event.type === 'ice-candidate') candidate = event.candidate;
	else if (carried && 'candidate' in carried)
		candidate = String((carried as RTCIceCandidateInit).candidate);
	return { description, candidate };
}
