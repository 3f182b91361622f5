/**
 * Puts an offer and its answer side by side, m-section by m-section (RFC 3264 §6: the answer has
 * as many m= sections as the offer, in the same order), and says in words what was agreed:
 * which codecs survived, which way media flows, who is the DTLS client, what BUNDLE kept.
 *
 * Alice is always the offerer and Bob the answerer, as in the lab. The structure comes from
 * `sdp-transform`, which never throws but turns numeric-looking values (`a=mid:0`, a ufrag of
 * digits) into numbers and drops lines it does not know; everything read here is therefore
 * coerced back to strings and nothing is assumed present.
 */
import { parse, type MediaDescription, type SessionDescription } from 'sdp-transform';
import { STATIC_PAYLOAD_TYPES } from './static-payload-types';

export interface Codec {
	payload: number;
	name: string;
	clockRate: number;
	channels?: number;
}

export interface SideOfMedia {
	port: number;
	/** As written, or `sendrecv` when absent (RFC 8866 §6.7). */
	direction: string;
	codecs: Codec[];
	setup: string | null;
	iceUfrag: string | null;
	icePwd: string | null;
	/** `sha-256 AB:CD:…` */
	fingerprint: string | null;
}

export interface MediaComparison {
	index: number;
	mid: string | null;
	kind: string;
	rejected: boolean;
	/** codecs the answer kept, by name */
	accepted: string[];
	/** offered but not in the answer */
	dropped: string[];
	offer: SideOfMedia;
	answer: SideOfMedia | null;
	directionNote: string;
	dtlsNote: string;
}

export interface IceCredentials {
	ufrag: string | null;
	pwd: string | null;
}

export interface Comparison {
	bundle: { offered: string[]; accepted: string[] };
	media: MediaComparison[];
	session: {
		offerIce: IceCredentials;
		answerIce: IceCredentials;
		offerFingerprint: string | null;
		answerFingerprint: string | null;
	};
	notes: string[];
}

/** Never throws on odd input: what cannot be read is said in `notes`. */
export function compareOfferAnswer(offerSdp: string, answerSdp: string): Comparison {
	try {
		return compare(offerSdp, answerSdp);
	} catch (err) {
		return {
			bundle: { offered: [], accepted: [] },
			media: [],
			session: {
				offerIce: { ufrag: null, pwd: null },
				answerIce: { ufrag: null, pwd: null },
				offerFingerprint: null,
				answerFingerprint: null
			},
			notes: [`The offer and answer could not be compared: ${String(err)}`]
		};
	}
}

function compare(offerSdp: string, answerSdp: string): Comparison {
	const notes: string[] = [];
	const offer = read(offerSdp, 'offer', notes);
	const answer = read(answerSdp, 'answer', notes);
	const offerMedia = offer.media ?? [];
	const answerMedia = answer.media ?? [];

	const bundle = { offered: bundleMids(offer), accepted: bundleMids(answer) };
	if (answerMedia.length !== offerMedia.length)
		notes.push(
			`The offer has ${count(offerMedia.length, 'm-section')} and the answer ${answerMedia.length}: ` +
				'an answer has exactly as many, in the same order (RFC 3264 §6; RFC 8829 §5.3.1).'
		);

	const media = offerMedia.map((m, index): MediaComparison => {
		const a = answerMedia[index];
		const offerSide = side(offer, m);
		const answerSide = a ? side(answer, a) : null;
		const mid = str(m.mid) ?? (a ? str(a.mid) : null);
		if (a && str(a.mid) !== str(m.mid))
			notes.push(
				`m-section ${index}: the offer's mid is ${quote(str(m.mid))}, the answer's ${quote(str(a.mid))}; ` +
					"the answer keeps the offer's mid (RFC 8829 §5.3.1)."
			);
		if (a && a.type !== m.type)
			notes.push(
				`m-section ${index}: the offer's is ${m.type}, the answer's ${a.type}; the answer keeps the media type (RFC 3264 §6).`
			);
		// A port of 0 rejects the section (RFC 3264 §6), except that RFC 8843 lets an answer give
		// port 0 and a=bundle-only to a section it keeps in the BUNDLE group.
		const rejected =
			answerSide !== null &&
			answerSide.port === 0 &&
			!(mid !== null && bundle.accepted.includes(mid));
		const offered = uniqueNames(offerSide.codecs);
		const kept = rejected || !answerSide ? [] : uniqueNames(answerSide.codecs);
		const keptKeys = new Set(kept.map((n) => n.toLowerCase()));
		if (answerSide && !rejected) notePayloadChanges(index, mid, offerSide, answerSide, notes);
		return {
			index,
			mid,
			kind: m.type,
			rejected,
			accepted: kept,
			dropped: offered.filter((n) => !keptKeys.has(n.toLowerCase())),
			offer: offerSide,
			answer: answerSide,
			directionNote: directionNote(m, offerSide, answerSide, rejected, index),
			dtlsNote: dtlsNote(offerSide, answerSide, rejected, mid, bundle.accepted)
		};
	});

	noteBundle(bundle, media, notes);
	noteCandidates(offerMedia, answerMedia, bundle.accepted, notes);
	if (answer.icelite)
		notes.push(
			'Bob is ICE-lite (a=ice-lite): he only answers connectivity checks, so Alice is the controlling agent and picks the pair (RFC 8445).'
		);

	const firstLive = (desc: SessionDescription) =>
		(desc.media ?? []).find((x) => x.port !== 0) ?? desc.media?.[0];
	return {
		bundle,
		media,
		session: {
			offerIce: credentials(offer, firstLive(offer)),
			answerIce: credentials(answer, firstLive(answer)),
			offerFingerprint: fingerprint(offer, firstLive(offer)),
			answerFingerprint: fingerprint(answer, firstLive(answer))
		},
		notes
	};
}

function read(sdp: string, which: 'offer' | 'answer', notes: string[]): SessionDescription {
	const text = typeof sdp === 'string' ? sdp : '';
	if (
		!text
			.replace(/^\uFEFF/, '')
			.trimStart()
			.startsWith('v=')
	)
		notes.push(`The ${which} does not look like an SDP: it should begin with v=0.`);
	return parse(text);
}

/** Values as sdp-transform gives them may be numbers (`a=mid:0`); read them back as text. */
function str(value: unknown): string | null {
	return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
}

function quote(value: string | null): string {
	return value === null ? 'missing' : `"${value}"`;
}

function count(n: number, noun: string): string {
	return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function bundleMids(desc: SessionDescription): string[] {
	const group = (desc.groups ?? []).find((g) => String(g.type).toUpperCase() === 'BUNDLE');
	return group ? String(group.mids).split(/\s+/).filter(Boolean) : [];
}

/** Media-level attributes win; session-level ones apply to every section (RFC 8866 §5). */
function side(desc: SessionDescription, m: MediaDescription): SideOfMedia {
	const ice = credentials(desc, m);
	return {
		port: Number(m.port),
		direction: str(m.direction) ?? str(desc.direction) ?? 'sendrecv',
		codecs: codecs(m),
		setup: str(m.setup) ?? str(desc.setup),
		iceUfrag: ice.ufrag,
		icePwd: ice.pwd,
		fingerprint: fingerprint(desc, m)
	};
}

function credentials(desc: SessionDescription, m: MediaDescription | undefined): IceCredentials {
	return {
		ufrag: str(m?.iceUfrag) ?? str(desc.iceUfrag),
		pwd: str(m?.icePwd) ?? str(desc.icePwd)
	};
}

function fingerprint(desc: SessionDescription, m: MediaDescription | undefined): string | null {
	const fp = m?.fingerprint ?? desc.fingerprint;
	return fp ? `${fp.type} ${fp.hash}` : null;
}

/** In the m= line's order (the order of preference, RFC 3264 §5.1). */
function codecs(m: MediaDescription): Codec[] {
	const rtp = m.rtp ?? [];
	const payloads = String(m.payloads ?? '')
		.split(/\s+/)
		.filter((p) => /^\d+$/.test(p))
		.map(Number);
	const out: Codec[] = [];
	for (const payload of payloads) {
		const map = rtp.find((r) => Number(r.payload) === payload);
		// RFC 3551 §6 static types need no a=rtpmap; but a rejected section's format list is only
		// the placeholder RFC 3264 §6 requires (Chromium writes "m=video 0 … 0"), not PCMU.
		const known = Number(m.port) === 0 ? undefined : STATIC_PAYLOAD_TYPES[String(payload)];
		if (map) {
			const codec: Codec = { payload, name: String(map.codec), clockRate: Number(map.rate ?? 0) };
			if (map.encoding !== undefined) codec.channels = Number(map.encoding);
			out.push(codec);
		} else if (known) out.push({ payload, ...known });
	}
	return out;
}

function uniqueNames(list: Codec[]): string[] {
	const seen = new Set<string>();
	const names: string[] = [];
	for (const c of list)
		if (!seen.has(c.name.toLowerCase())) {
			seen.add(c.name.toLowerCase());
			names.push(c.name);
		}
	return names;
}

function notePayloadChanges(
	index: number,
	mid: string | null,
	offer: SideOfMedia,
	answer: SideOfMedia,
	notes: string[]
): void {
	for (const c of answer.codecs) {
		const same = (o: Codec) =>
			o.name.toLowerCase() === c.name.toLowerCase() && o.clockRate === c.clockRate;
		if (offer.codecs.some((o) => same(o) && o.payload === c.payload)) continue;
		const offered = offer.codecs.find(same);
		notes.push(
			offered
				? `${where(index, mid)}: the answer numbers ${c.name} ${c.payload} where the offer used ${offered.payload}; ` +
						"an answer should keep the offer's payload types (RFC 3264 §6.1)."
				: `${where(index, mid)}: the answer lists ${c.name} (payload ${c.payload}), which the offer did not offer.`
		);
	}
}

function where(index: number, mid: string | null): string {
	return mid === null ? `m-section ${index}` : `mid ${mid}`;
}

const SENDS = new Set(['sendrecv', 'sendonly']);
const RECEIVES = new Set(['sendrecv', 'recvonly']);

/** RFC 3264 §6.1: what an answer may say to each offered direction. */
const ALLOWED_ANSWERS: Record<string, string[]> = {
	sendrecv: ['sendrecv', 'sendonly', 'recvonly', 'inactive'],
	sendonly: ['recvonly', 'inactive'],
	recvonly: ['sendonly', 'inactive'],
	inactive: ['inactive']
};

function directionNote(
	m: MediaDescription,
	offer: SideOfMedia,
	answer: SideOfMedia | null,
	rejected: boolean,
	index: number
): string {
	if (!answer)
		return `Bob's answer has no m-section ${index}: an answer has one for every section of the offer (RFC 3264 §6).`;
	if (rejected)
		return 'Bob rejected this section with port 0: no media flows in it, whatever the direction attributes say (RFC 8829 §5.3.1).';
	if (m.type === 'application')
		return 'A data channel section has no direction: once DTLS is up, SCTP carries messages both ways (RFC 8841).';
	const od = offer.direction;
	const ad = answer.direction;
	const aliceSends = SENDS.has(od) && RECEIVES.has(ad);
	const bobSends = SENDS.has(ad) && RECEIVES.has(od);
	const effect =
		aliceSends && bobSends
			? 'both will send and receive'
			: aliceSends
				? 'he will receive but not send'
				: bobSends
					? 'he will send but not receive'
					: 'no media flows either way';
	const allowed = ALLOWED_ANSWERS[od];
	const invalid =
		allowed && !allowed.includes(ad)
			? ` But an answer to a ${od} offer may only be ${allowed.join(' or ')} (RFC 3264 §6.1).`
			: '';
	return `Alice offered ${od}; Bob answered ${ad}: ${effect} (RFC 8829 §5.3.1)${invalid}`;
}

function dtlsNote(
	offer: SideOfMedia,
	answer: SideOfMedia | null,
	rejected: boolean,
	mid: string | null,
	bundled: string[]
): string {
	if (!answer) return 'No answer for this section, so no DTLS role was agreed.';
	if (rejected) return 'Rejected: no transport is set up for this section, so no DTLS either.';
	const o = offer.setup;
	const a = answer.setup;
	// With BUNDLE, one transport, and so one DTLS connection, serves the whole group (RFC 8843).
	const shared =
		mid !== null && bundled.length > 1 && bundled.includes(mid) && bundled[0] !== mid
			? ` This section shares the transport, and so the DTLS connection, of mid ${bundled[0]} (BUNDLE).`
			: '';
	if (o === null)
		return `Alice's offer has no a=setup: an offer must say actpass (RFC 8842 §5.2).${shared}`;
	if (a === null)
		return `Bob's answer has no a=setup: an answer must say active or passive (RFC 8842 §5.3).${shared}`;
	const client = (who: 'Alice' | 'Bob') =>
		`${who} is the DTLS client and sends the ClientHello; ${who === 'Alice' ? 'Bob' : 'Alice'} is the server`;
	const offered = o === 'actpass' ? 'Alice offered actpass (either role)' : `Alice offered ${o}`;
	if (a === 'actpass')
		return `${offered}; Bob answered actpass, which an answer must not: it picks active or passive (RFC 8842 §5.3).${shared}`;
	if (o !== 'actpass' && o !== 'active' && o !== 'passive')
		return `Alice offered "${o}", which is not a DTLS role (RFC 8842 §5.2).${shared}`;
	if (a !== 'active' && a !== 'passive')
		return `${offered}; Bob answered "${a}", which is not a DTLS role (RFC 8842 §5.3).${shared}`;
	const bobActive = a === 'active';
	if (o === a)
		return `${offered}; Bob answered ${a} too: both want to be the ${bobActive ? 'client' : 'server'}, so the DTLS handshake cannot start (RFC 8842 §5.3).${shared}`;
	return `${offered}; Bob answered ${a}: ${client(bobActive ? 'Bob' : 'Alice')} (RFC 8842 §5.2, §5.3).${shared}`;
}

function noteBundle(bundle: Comparison['bundle'], media: MediaComparison[], notes: string[]): void {
	if (bundle.offered.length === 0) return;
	if (bundle.accepted.length === 0) {
		notes.push(
			`Alice offered to BUNDLE mids ${bundle.offered.join(', ')}; Bob's answer has no BUNDLE group, so each section gets its own transport (RFC 8843).`
		);
		return;
	}
	const removed = bundle.offered.filter((mid) => !bundle.accepted.includes(mid));
	const because = (mid: string) =>
		media.find((x) => x.mid === mid)?.rejected ? ' (rejected)' : '';
	notes.push(
		`BUNDLE: Alice offered mids ${bundle.offered.join(', ')}; Bob kept ${bundle.accepted.join(', ')}` +
			(removed.length ? `, leaving out ${removed.map((m) => m + because(m)).join(', ')}` : '') +
			`. The kept sections share one transport, that of mid ${bundle.accepted[0]} (RFC 8843).`
	);
}

function noteCandidates(
	offerMedia: MediaDescription[],
	answerMedia: MediaDescription[],
	bundled: string[],
	notes: string[]
): void {
	const withCandidates = (list: MediaDescription[]) =>
		list.filter((m) => (m.candidates ?? []).length > 0).map((m) => str(m.mid) ?? '?');
	const offered = withCandidates(offerMedia);
	const answered = withCandidates(answerMedia);
	if (offered.length > 1 && answered.length === 1 && answered[0] === bundled[0])
		notes.push(
			`Alice's offer has candidates in ${count(offered.length, 'section')}: until the answer she cannot know that BUNDLE will be accepted. ` +
				`Bob's answer has them only in mid ${answered[0]}, the one transport BUNDLE leaves (RFC 8843).`
		);
}
