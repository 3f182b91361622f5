import type { CandidateFields, Description, TraceError } from '../trace/types';

/** A plain copy of a description: RTCSessionDescription objects do not survive JSON or postMessage. */
export function plainDescription(
	d: RTCSessionDescriptionInit | null | undefined
): Description | undefined {
	if (!d || !d.type) return undefined;
	return { type: d.type, sdp: d.sdp ?? '' };
}

/** Name and message of a DOMException (or anything thrown), as the page and the trace show them. */
export function errorOf(e: unknown): TraceError {
	if (
		e instanceof Error ||
		(typeof e === 'object' && e !== null && 'name' in e && 'message' in e)
	) {
		const { name, message } = e as { name: unknown; message: unknown };
		return { name: String(name), message: String(message) };
	}
	return { name: 'Error', message: String(e) };
}

/** The RTCIceCandidate attributes the browser parsed (webrtc-pc §4.8.1), copied as plain data. */
export function candidateFields(c: RTCIceCandidate): CandidateFields {
	return {
		foundation: c.foundation ?? null,
		component: c.component ?? null,
		protocol: c.protocol ?? null,
		priority: c.priority ?? null,
		address: c.address ?? null,
		port: c.port ?? null,
		type: c.type ?? null,
		tcpType: c.tcpType ?? null,
		relatedAddress: c.relatedAddress ?? null,
		relatedPort: c.relatedPort ?? null,
		usernameFragment: c.usernameFragment ?? null
	};
}
