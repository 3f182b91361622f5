/**
 * Is this text an IP address? On its own, apart from the candidate decoder, because redaction
 * (trace/redact.ts) needs it on every export while the decoder and its explanation texts load only
 * when a page first explains a candidate.
 */
export function isIPv4(s: string): boolean {
	const parts = s.split('.');
	return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

/** RFC 4291 §2.2 text forms, including `::` and a trailing dotted IPv4 part; no zone index. */
export function isIPv6(s: string): boolean {
	if (!/^[0-9A-Fa-f:.]+$/.test(s) || !s.includes(':')) return false;
	let text = s;
	if (s.includes('.')) {
		const last = s.lastIndexOf(':');
		if (!isIPv4(s.slice(last + 1))) return false;
		text = `${s.slice(0, last + 1)}0:0`; // the IPv4 part stands for two groups
	}
	const halves = text.split('::');
	if (halves.length > 2) return false;
	const groups = (part: string) => (part === '' ? [] : part.split(':'));
	const all = halves.flatMap(groups);
	if (!all.every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g))) return false;
	return halves.length === 2 ? all.length <= 7 : all.length === 8;
}
