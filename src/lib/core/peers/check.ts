import type { Description, TraceError } from '../trace/types';
import { errorOf } from './describe';
import type { PeerConnectionFactory } from './types';

export type CheckResult =
	| { ok: true; checkedAs: Description['type'] }
	| { ok: false; checkedAs: Description['type']; error: TraceError };

/**
 * Checks an SDP with the browser's own parser: setRemoteDescription on a scratch connection,
 * closed at once. A fresh connection can only take an offer (JSEP RFC 8829 §4.1.10: an answer
 * needs a local offer first), so an answer is checked as an offer; the parse is the same.
 */
export async function checkDescription(
	factory: PeerConnectionFactory,
	sdp: string
): Promise<CheckResult> {
	const checkedAs = 'offer';
	const pc = factory({});
	try {
		await pc.setRemoteDescription({ type: checkedAs, sdp });
		return { ok: true, checkedAs };
	} catch (e) {
		return { ok: false, checkedAs, error: errorOf(e) };
	} finally {
		pc.close();
	}
}

/**
 * Which line a parser error names. Chromium quotes the offending line ("… a=foo Invalid SDP
 * line.") or the line it expected ("Expect line: v="); the longest input line quoted wins.
 */
export function lineNamedByError(lines: readonly string[], message: string): number | null {
	let best: number | null = null;
	lines.forEach((line, i) => {
		const text = line.trim();
		if (text.length < 3 || !message.includes(text)) return;
		if (best === null || text.length > (lines[best]?.trim().length ?? 0)) best = i;
	});
	if (best === null && /Expect line: v=/.test(message)) return 0;
	return best;
}

/** The browser's error beside the line it names, if it names one: index → "Name: message". */
export function problemsOf(
	lines: readonly string[],
	check: CheckResult | null
): Map<number, string> {
	if (!check || check.ok) return new Map();
	const line = lineNamedByError(lines, check.error.message);
	return new Map(line === null ? [] : [[line, `${check.error.name}: ${check.error.message}`]]);
}
