/**
 * Decodes every field of an ICE candidate string, as a browser gives it to `icecandidate` or an
 * SDP carries it in `a=candidate:` (RFC 8839 §5.1):
 *
 *     candidate:<foundation> <component-id> <transport> <priority> <connection-address> <port>
 *         typ <cand-type> [raddr <rel-addr>] [rport <rel-port>] *(<extension-att-name> <value>)
 *
 * The decoder is stricter than the ABNF where the ABNF leaves a door open that no real agent uses
 * (an unknown candidate type or transport is a `token` in the grammar): a learner who pastes
 * `typ fost` or `ssltcp` is better served by "unknown" than by a silent pass. Explanations come
 * from the content files `content/ice/candidate.md` (namespace `candidate-field`) and
 * `content/ice/candidate-types.md` (namespace `candidate-type`), looked up by key.
 */
import { lookup, type Explanation, type Explanations } from '../content/explanations';
import { isIPv4, isIPv6 } from './address';

export { isIPv4, isIPv6 };

export interface CandidateField {
	/** The field's name in RFC 8839's grammar (`component-id`, `cand-type`, …), or the extension's. */
	name: string;
	value: string;
	explanation?: string;
	spec?: string[];
}

export interface PriorityParts {
	value: number;
	typePreference: number;
	localPreference: number;
	componentId: number;
	/** "2^24 × 126 + 2^8 × 65535 + (256 − 1) = 2130706431" */
	formula: string;
	/** does the value decompose consistently (componentId equals the component field)? */
	consistent: boolean;
}

export interface DecodedCandidate {
	raw: string;
	foundation: string;
	component: number;
	/** lower case: `udp` or `tcp` */
	transport: string;
	priority: PriorityParts;
	address: string;
	addressKind: 'ipv4' | 'ipv6' | 'mdns' | 'hostname';
	port: number;
	/** host | srflx | prflx | relay, lower case */
	type: string;
	relatedAddress: string | null;
	relatedPort: number | null;
	tcptype: string | null;
	generation: number | null;
	ufrag: string | null;
	networkId: number | null;
	networkCost: number | null;
	/** every name/value pair after typ, in order, including the known ones */
	extensions: [string, string][];
	/** every field in order, named in the spec's words, each with its explanation */
	fields: CandidateField[];
}

export type DecodeResult = { ok: true; candidate: DecodedCandidate } | { ok: false; error: string };

const CANDIDATE_TYPES = ['host', 'srflx', 'prflx', 'relay'];
const TCP_TYPES = ['active', 'passive', 'so'];
const MAX_PRIORITY = 2 ** 31 - 1;
/** The extensions this decoder reads into named properties; any other pair is kept as it is. */
const KNOWN_EXTENSIONS = new Set([
	'raddr',
	'rport',
	'tcptype',
	'generation',
	'ufrag',
	'network-id',
	'network-cost'
]);

/** The fixed fields before the extensions, in RFC 8839 §5.1's words. */
const FIXED = [
	'foundation',
	'component-id',
	'transport',
	'priority',
	'connection-address',
	'port',
	'"typ"',
	'candidate type'
];

/** Decodes one candidate; never throws. The error names the field that is wrong and why. */
export function decodeCandidate(text: string, explanations?: Explanations): DecodeResult {
	try {
		if (typeof text !== 'string') return fail('a candidate must be a string');
		return decode(text, explanations);
	} catch (err) {
		// Nothing above is expected to throw; this keeps the promise if a future edit does.
		return fail(`could not decode the candidate: ${String(err)}`);
	}
}

class CandidateError extends Error {}

function fail(error: string): DecodeResult {
	return { ok: false, error };
}

function decode(text: string, explanations?: Explanations): DecodeResult {
	const raw = text.trim();
	if (raw === '')
		return fail(
			'the candidate is empty (an empty candidate string only marks the end of candidates)'
		);
	if (/[\r\n]/.test(raw))
		return fail(
			'this is more than one line: a candidate is a single line (decode them one at a time)'
		);
	const body = raw.replace(/^a=/, '');
	const prefix = /^candidate:/i.exec(body);
	if (!prefix)
		return fail(
			`a candidate begins with "candidate:" or "a=candidate:" (RFC 8839 §5.1); this begins with "${clip(raw)}"`
		);
	const rest = body.slice(prefix[0].length);
	if (/^(\s|$)/.test(rest)) return fail('the foundation is missing right after "candidate:"');
	const tokens = rest.split(/\s+/);

	if (tokens.length < FIXED.length) {
		const missing = FIXED[tokens.length] ?? 'a field';
		const last = tokens.length - 1;
		const after = last === 6 ? '"typ"' : `${FIXED[last]} "${clip(tokens[last] ?? '')}"`;
		return fail(
			`the candidate ends too early: ${missing} is missing after ${after} ` +
				'(RFC 8839 §5.1: candidate:<foundation> <component-id> <transport> <priority> ' +
				'<connection-address> <port> typ <cand-type> …)'
		);
	}
	const [foundation, componentText, transportText, priorityText, address, portText, typ, typeText] =
		tokens as [string, string, string, string, string, string, string, string];

	try {
		if (!/^[A-Za-z0-9+/]{1,32}$/.test(foundation))
			throw new CandidateError(
				`foundation "${clip(foundation)}" must be 1 to 32 letters, digits, "+" or "/" (RFC 8839 §5.1)`
			);
		const component = integer(componentText, 'component-id', 1, 256, 'RFC 8445 §5.1.2.1');
		const transport = checkTransport(transportText);
		const priorityValue = integer(priorityText, 'priority', 1, MAX_PRIORITY, 'RFC 8445 §5.1.2.1');
		const addressKind = checkAddress(address, 'connection-address');
		const port = integer(portText, 'port', 0, 65535, 'RFC 8839 §5.1');
		if (typ.toLowerCase() !== 'typ')
			throw new CandidateError(
				`expected "typ" after the port, found "${clip(typ)}" (RFC 8839 §5.1)`
			);
		const type = typeText.toLowerCase();
		if (!CANDIDATE_TYPES.includes(type))
			throw new CandidateError(
				`unknown candidate type "${clip(typeText)}": expected host, srflx, prflx or relay (RFC 8839 §5.1; RFC 8445 §5.1.1)`
			);

		const extTokens = tokens.slice(FIXED.length);
		if (extTokens.length % 2 === 1)
			throw new CandidateError(
				`"${clip(extTokens.at(-1) ?? '')}" has no value: after the type, a candidate carries name–value pairs (RFC 8839 §5.1)`
			);
		const extensions: [string, string][] = [];
		for (let i = 0; i < extTokens.length; i += 2)
			extensions.push([extTokens[i] ?? '', extTokens[i + 1] ?? '']);

		const known: Partial<Record<string, string>> = {};
		for (const [name, value] of extensions) {
			const key = name.toLowerCase();
			if (!KNOWN_EXTENSIONS.has(key)) continue;
			if (known[key] !== undefined) throw new CandidateError(`"${name}" appears twice`);
			known[key] = value;
		}
		const relatedAddress = known.raddr ?? null;
		if (relatedAddress !== null) checkAddress(relatedAddress, 'raddr');
		const relatedPort =
			known.rport === undefined ? null : integer(known.rport, 'rport', 0, 65535, 'RFC 8839 §5.1');
		if ((relatedAddress === null) !== (relatedPort === null))
			throw new CandidateError(
				relatedAddress === null
					? 'rport without raddr: the related address and port come as a pair (RFC 8839 §5.1)'
					: 'raddr without rport: the related address and port come as a pair (RFC 8839 §5.1)'
			);
		const tcptype = known.tcptype?.toLowerCase() ?? null;
		if (tcptype !== null && !TCP_TYPES.includes(tcptype))
			throw new CandidateError(
				`unknown tcptype "${clip(known.tcptype ?? '')}": expected active, passive or so (RFC 6544 §4.5)`
			);
		if (tcptype !== null && transport !== 'tcp')
			throw new CandidateError(
				`tcptype on a ${transportText} candidate: only TCP candidates have one (RFC 6544 §4.5)`
			);
		const generation = optionalCount(known.generation, 'generation');
		const networkId = optionalCount(known['network-id'], 'network-id');
		const networkCost = optionalCount(known['network-cost'], 'network-cost');
		const ufrag = known.ufrag ?? null;

		const priority = priorityParts(priorityValue, component);
		const candidate: DecodedCandidate = {
			raw,
			foundation,
			component,
			transport,
			priority,
			address,
			addressKind,
			port,
			type,
			relatedAddress,
			relatedPort,
			tcptype,
			generation,
			ufrag,
			networkId,
			networkCost,
			extensions,
			fields: []
		};
		candidate.fields = describeFields(candidate, tokens, explanations);
		return { ok: true, candidate };
	} catch (err) {
		if (err instanceof CandidateError) return fail(err.message);
		throw err;
	}
}

function clip(s: string): string {
	return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

function integer(text: string, name: string, min: number, max: number, spec: string): number {
	if (!/^\d{1,10}$/.test(text))
		throw new CandidateError(
			`${name} "${clip(text)}" is not a number: it must be an integer from ${min} to ${max} (${spec})`
		);
	const n = Number(text);
	if (n < min || n > max)
		throw new CandidateError(
			`${name} ${text} is out of range: it must be from ${min} to ${max} (${spec})`
		);
	return n;
}

function optionalCount(text: string | undefined, name: string): number | null {
	if (text === undefined) return null;
	if (!/^\d{1,10}$/.test(text))
		throw new CandidateError(`${name} "${clip(text)}" is not a number (a non-negative integer)`);
	return Number(text);
}

function checkTransport(text: string): string {
	const t = text.toLowerCase();
	if (t === 'udp' || t === 'tcp') return t;
	const why =
		t === 'ssltcp'
			? ' ("ssltcp" is an old Google pseudo-TLS transport, not part of ICE)'
			: t === 'tls'
				? ' (TLS to a TURN server shows as a relay candidate over UDP, not as a transport)'
				: '';
	throw new CandidateError(
		`transport "${clip(text)}" is not one ICE knows: UDP (RFC 8839 §5.1) or TCP (RFC 6544)${why}`
	);
}

/** RFC 8839 §5.1: connection-address is an IPv4 or IPv6 address or a fully qualified domain name. */
function checkAddress(address: string, name: string): DecodedCandidate['addressKind'] {
	if (isIPv4(address)) return 'ipv4';
	if (isIPv6(address)) return 'ipv6';
	if (/^[\d.]+$/.test(address))
		throw new CandidateError(`${name} "${clip(address)}" is not a valid IPv4 address`);
	if (address.includes(':'))
		throw new CandidateError(`${name} "${clip(address)}" is not a valid IPv6 address`);
	if (!isHostname(address))
		throw new CandidateError(
			`${name} "${clip(address)}" is neither an IPv4 or IPv6 address nor a host name (RFC 8839 §5.1)`
		);
	// draft-ietf-mmusic-mdns-ice-candidates: a host address hidden behind a `<uuid>.local` name.
	return /\.local\.?$/i.test(address) ? 'mdns' : 'hostname';
}

function isHostname(s: string): boolean {
	const label = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
	return s.length <= 253 && new RegExp(`^${label}(?:\\.${label})*\\.?$`).test(s);
}

/** RFC 8445 §5.1.2.1: priority = 2^24·(type preference) + 2^8·(local preference) + (256 − component ID). */
export function priorityParts(value: number, component: number): PriorityParts {
	const typePreference = Math.floor(value / 2 ** 24);
	const localPreference = Math.floor(value / 2 ** 8) % 2 ** 16;
	const componentId = 256 - (value % 2 ** 8);
	return {
		value,
		typePreference,
		localPreference,
		componentId,
		formula: `2^24 × ${typePreference} + 2^8 × ${localPreference} + (256 − ${componentId}) = ${value}`,
		consistent: componentId === component
	};
}

function explain(
	explanations: Explanations | undefined,
	refs: [namespace: string, key: string][]
): Pick<CandidateField, 'explanation' | 'spec'> {
	if (!explanations) return {};
	const found = refs
		.map(([ns, key]) => lookup(explanations, ns, key))
		.filter((e): e is Explanation => e !== undefined);
	if (found.length === 0) return {};
	return {
		explanation: found.map((e) => e.text).join('\n\n'),
		spec: [...new Set(found.flatMap((e) => e.spec))]
	};
}

function describeFields(
	c: DecodedCandidate,
	tokens: string[],
	explanations: Explanations | undefined
): CandidateField[] {
	const field = (
		name: string,
		value: string,
		key: string,
		more: [string, string][] = [],
		note?: string
	): CandidateField => {
		const e = explain(explanations, [['candidate-field', key], ...more]);
		if (note && e.explanation) e.explanation += `\n\n${note}`;
		return { name, value, ...e };
	};
	const mdns = (address: string): [string, string][] =>
		/\.local\.?$/i.test(address) ? [['candidate-type', 'mdns']] : [];
	const p = c.priority;
	const priorityNote =
		`Here: ${p.formula}, so type preference ${p.typePreference}, local preference ` +
		`${p.localPreference}, component ${p.componentId}.` +
		(p.consistent
			? ''
			: ` The last byte says component ${p.componentId}, but the component field says ` +
				`${c.component}: this agent does not build its priority with the RFC 8445 formula.`);
	const fields: CandidateField[] = [
		field('foundation', c.foundation, 'foundation'),
		field('component-id', tokens[1] ?? '', 'component'),
		field('transport', tokens[2] ?? '', 'transport'),
		field('priority', tokens[3] ?? '', 'priority', [], priorityNote),
		field('connection-address', c.address, 'connection-address', mdns(c.address)),
		field('port', tokens[5] ?? '', 'port'),
		field('cand-type', tokens[7] ?? '', 'typ', [['candidate-type', c.type]])
	];
	for (const [name, value] of c.extensions) {
		const lower = name.toLowerCase();
		if (lower === 'raddr') fields.push(field('rel-addr', value, 'raddr', mdns(value)));
		else if (lower === 'rport') fields.push(field('rel-port', value, 'rport'));
		else if (KNOWN_EXTENSIONS.has(lower)) fields.push(field(lower, value, lower));
		else fields.push(field(name, value, 'extension'));
	}
	return fields;
}
