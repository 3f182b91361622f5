/** The few fields of a candidate that name it in one line. */
export interface CandidateSummary {
	type: string;
	transport: string;
	address: string;
	port: string;
}

/**
 * Reads `candidate:<foundation> <component> <transport> <priority> <address> <port> typ <type> …`
 * (RFC 8839 §5.1). Accepts the string with or without its `a=` prefix; null if it is not one.
 */
export function summarizeCandidate(candidate: string | null | undefined): CandidateSummary | null {
	const fields = (candidate ?? '').replace(/^a=/, '').split(' ');
	const [, , transport, , address, port, typ, type] = fields;
	if (
		!fields[0]?.startsWith('candidate:') ||
		typ !== 'typ' ||
		!type ||
		!address ||
		!port ||
		!transport
	)
		return null;
	return { type, transport: transport.toLowerCase(), address, port };
}

/** `192.0.2.1:50000`, `[fd00::2]:50000`: an IPv6 address is bracketed (RFC 3986 §3.2.2). */
export function hostPort(address: string, port: string | number | null): string {
	const host = address.includes(':') && !address.startsWith('[') ? `[${address}]` : address;
	return `${host}:${port ?? '?'}`;
}

/** `host udp 192.0.2.1:50000`, `host udp [fd00::2]:50000`. */
export function candidateLabel(candidate: string | null | undefined): string {
	const c = summarizeCandidate(candidate);
	if (!c) return 'candidate';
	return `${c.type} ${c.transport} ${hostPort(c.address, c.port)}`;
}
