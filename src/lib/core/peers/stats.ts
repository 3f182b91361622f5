/**
 * What the lab keeps of getStats(): the entries that show ICE at work (webrtc-stats §3:
 * candidate-pair, local-candidate, remote-candidate, transport), each with the fields the
 * Candidate pairs view and the diagram use. The rest of a report is large and changes nothing here.
 */
const KEEP: Record<string, readonly string[]> = {
	'candidate-pair': [
		'localCandidateId',
		'remoteCandidateId',
		'state',
		'nominated',
		'requestsSent',
		'responsesReceived',
		'requestsReceived',
		'responsesSent',
		'currentRoundTripTime',
		'bytesSent',
		'bytesReceived'
	],
	'local-candidate': ['candidateType', 'protocol', 'address', 'port', 'url', 'relayProtocol'],
	'remote-candidate': ['candidateType', 'protocol', 'address', 'port'],
	transport: [
		'selectedCandidatePairId',
		'iceState',
		'dtlsState',
		'iceRole',
		'dtlsRole',
		'tlsVersion'
	]
};

export type StatsEntry = Record<string, unknown> & { id: string; type: string };

/** The kept entries of a report, as plain data. */
export function pickStats(report: Iterable<[string, Record<string, unknown>]>): StatsEntry[] {
	const kept: StatsEntry[] = [];
	for (const [, stat] of report) {
		const fields = KEEP[String(stat.type)];
		if (!fields) continue;
		const entry: StatsEntry = { id: String(stat.id), type: String(stat.type) };
		for (const f of fields) if (stat[f] !== undefined) entry[f] = stat[f];
		kept.push(entry);
	}
	return kept;
}

/** After `connected` or `failed`, a few more samples show the pair settle, then sampling stops. */
export const SAMPLE_EVERY_MS = 500;
export const SAMPLES_AFTER_SETTLED = 4;
