/**
 * The SDP annotator: every line of an SDP, in order, with its fields named in the spec's words and
 * the explanation a learner reads beside it. It keeps every line it is given, including empty and
 * garbage ones, and never throws: `lines.map((l) => l.raw).join('\n')` is the input with CRLF turned
 * into LF and without its final line ending. A line nobody has explained yet has `explanation: null`
 * (the UI says "Not explained yet"); it is never hidden.
 *
 * The texts come from `content/sdp/*.md` (see `../content/explanations.ts`), in these namespaces:
 * `line` (the letter before `=`), `attribute` (a= names), `codec` (rtpmap encoding names), `fmtp`
 * (format parameters, `<codec>:<name>` for codec-specific ones), `extmap` (header extension URIs),
 * `rtcp-fb` (feedback types, `<type> <subtype>` first), `value` (`<attribute>:<value>` for values
 * that change the meaning: setup roles, group semantics, protos, bandwidth types …), and
 * `candidate-type` from content/ice/ for a=candidate's typ.
 */
import type { Explanation, Explanations } from '../content/explanations';
import { parseFields, type FieldContext, type RtpMap } from './fields';

export interface LineField {
	name: string;
	value: string;
	meaning?: string;
}

export interface LineExplanation {
	key: string;
	namespace: string;
	text: string;
	spec: string[];
}

export interface AnnotatedLine {
	/** 0-based position in the input. */
	index: number;
	/** The raw line exactly, without its line ending. */
	raw: string;
	/** 0 = session section, n = n-th media section (1-based). */
	section: number;
	/** The letter before '=', or '' if the line is not <letter>=<value>. */
	type: string;
	/** For a= lines: the attribute name. */
	attribute?: string;
	/** Text after 'type=' (after 'a=name:' for attributes). */
	value: string;
	/** Parsed and named. */
	fields: LineField[];
	/** null → the UI says "Not explained yet". */
	explanation: LineExplanation | null;
	/** Extra explanations: codec, each fmtp parameter, extmap URI, rtcp-fb value, … */
	details: LineExplanation[];
	/** What is wrong with the line, e.g. 'not of the form <type>=<value>'. */
	problem?: string;
}

export interface SdpSection {
	index: number;
	media?: string;
	mid?: string;
	port?: number;
	/** Half-open: `lines.slice(...lineRange)` are the section's lines (the m= line first). */
	lineRange: [number, number];
}

export interface AnnotatedSdp {
	lines: AnnotatedLine[];
	sections: SdpSection[];
	lineEnding: 'CRLF' | 'LF' | 'mixed' | 'none';
}

/** RFC 8866 §5: the line types an SDP may hold (k= is obsolete but still defined). */
const LINE_TYPES = new Set('vosiuepcbtrzkma');
/** `<type>=`: one letter; RFC 8866 §5 allows no whitespace on either side of '='. */
const TYPED = /^([A-Za-z])=/;

/** Splits into lines exactly as documented above; linear in the input. */
export function splitLines(text: string): {
	lines: string[];
	lineEnding: AnnotatedSdp['lineEnding'];
} {
	let crlf = 0;
	let lf = 0;
	for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1))
		if (i > 0 && text.charCodeAt(i - 1) === 13) crlf++;
		else lf++;
	const lineEnding = crlf + lf === 0 ? 'none' : lf === 0 ? 'CRLF' : crlf === 0 ? 'LF' : 'mixed';
	if (text === '') return { lines: [], lineEnding };
	const body = text.endsWith('\r\n')
		? text.slice(0, -2)
		: text.endsWith('\n')
			? text.slice(0, -1)
			: text;
	return { lines: body.split(/\r?\n/), lineEnding };
}

const caseFolded = new WeakMap<Explanations, Map<string, Map<string, Explanation>>>();

/** Exact key first, then case-insensitively (encoding names and most tokens are). */
function find(explanations: Explanations, namespace: string, key: string): Explanation | undefined {
	const space = explanations.get(namespace);
	if (!space) return undefined;
	const exact = space.get(key);
	if (exact) return exact;
	let folded = caseFolded.get(explanations);
	if (!folded) caseFolded.set(explanations, (folded = new Map()));
	let byLower = folded.get(namespace);
	if (!byLower) {
		byLower = new Map();
		for (const [k, e] of space) if (!byLower.has(k.toLowerCase())) byLower.set(k.toLowerCase(), e);
		folded.set(namespace, byLower);
	}
	return byLower.get(key.toLowerCase());
}

function toLineExplanation(e: Explanation): LineExplanation {
	return { key: e.key, namespace: e.namespace, text: e.text, spec: e.spec };
}

interface Skeleton {
	raw: string;
	section: number;
	type: string;
	attribute?: string;
	value: string;
	problem?: string;
}

function skeleton(raw: string, section: number): Skeleton {
	const typed = TYPED.exec(raw);
	if (!typed)
		return {
			raw,
			section,
			type: '',
			value: raw,
			problem: raw === '' ? 'empty line' : 'not of the form <type>=<value>'
		};
	const type = typed[1] ?? '';
	const rest = raw.slice(2);
	const line: Skeleton = { raw, section, type, value: rest };
	if (!LINE_TYPES.has(type))
		line.problem = `unknown line type "${type}" (RFC 8866 §5 defines v o s i u e p c b t r z k m a)`;
	else if (type === 'a') {
		const colon = rest.indexOf(':');
		line.attribute = colon === -1 ? rest : rest.slice(0, colon);
		line.value = colon === -1 ? '' : rest.slice(colon + 1);
		if (line.attribute === '') line.problem = 'an a= line without an attribute name';
	}
	if (raw.includes('\r'))
		line.problem ??= 'holds a carriage return (CR) that is not part of a CRLF line ending';
	return line;
}

/** Annotates every line of `text`. Never throws, whatever the input. */
export function annotateSdp(text: string, explanations: Explanations): AnnotatedSdp {
	const { lines: raws, lineEnding } = splitLines(String(text ?? ''));

	// Pass 1: line types and sections, and what later lines refer to (rtpmap per section).
	const skeletons: Skeleton[] = [];
	const sections: SdpSection[] = [{ index: 0, lineRange: [0, raws.length] }];
	const rtpmaps: Map<string, RtpMap>[] = [new Map()];
	const firstV = raws.findIndex((r) => r.startsWith('v='));
	for (let i = 0; i < raws.length; i++) {
		const raw = raws[i] ?? '';
		if (raw.startsWith('m=')) {
			const previous = sections[sections.length - 1];
			if (previous) previous.lineRange[1] = i;
			const [media, port] = raw.slice(2).split(' ', 2);
			const section: SdpSection = { index: sections.length, lineRange: [i, raws.length] };
			if (media) section.media = media;
			if (port && /^\d+/.test(port)) section.port = parseInt(port, 10);
			sections.push(section);
			rtpmaps.push(new Map());
		}
		const line = skeleton(raw, sections.length - 1);
		if (firstV === -1 ? i === 0 : i < firstV)
			line.problem ??=
				firstV === -1
					? 'no v= line: an SDP begins with v=0 (RFC 8866 §5)'
					: 'before the first v= line';
		else if (i > firstV && line.type === 'v')
			line.problem ??= 'a second v= line: one SDP has exactly one (RFC 8866 §5)';
		const current = sections[line.section];
		if (line.attribute === 'mid' && current && current.index > 0 && current.mid === undefined)
			current.mid = line.value.trim();
		if (line.attribute === 'rtpmap') {
			const m = /^(\d+)[ \t]+([^/ \t]+)(?:\/(\d+)(?:\/(\S+))?)?/.exec(line.value);
			if (m?.[1] && m[2])
				rtpmaps[line.section]?.set(m[1], { name: m[2], clockRate: m[3], channels: m[4] });
		}
		skeletons.push(line);
	}

	const explain = (namespace: string, key: string) => {
		const found = find(explanations, namespace, key);
		return found ? toLineExplanation(found) : null;
	};

	// Pass 2: fields, explanations and details.
	const lines = skeletons.map((s, index): AnnotatedLine => {
		const context: FieldContext = {
			explain,
			rtpmap: (pt) => rtpmaps[s.section]?.get(pt),
			media: sections[s.section]?.media
		};
		const parsed = s.type === '' ? { fields: [], details: [] } : parseFields(s, context);
		let explanation: LineExplanation | null = null;
		const details = parsed.details;
		if (s.type === 'a' && s.attribute) {
			explanation = explain('attribute', s.attribute);
			// Not explained yet, but the learner still reads what an a= line is in general.
			const generic = explanation ? null : explain('line', 'a');
			if (generic) details.unshift(generic);
		} else if (s.type === 'a') explanation = explain('line', 'a');
		else if (s.type && LINE_TYPES.has(s.type)) explanation = explain('line', s.type);
		const line: AnnotatedLine = {
			index,
			raw: s.raw,
			section: s.section,
			type: s.type,
			value: s.value,
			fields: parsed.fields,
			explanation,
			details: dedupe(details)
		};
		if (s.attribute !== undefined) line.attribute = s.attribute;
		const problem = s.problem ?? parsed.problem;
		if (problem) line.problem = problem;
		return line;
	});

	return { lines, sections, lineEnding };
}

function dedupe(details: LineExplanation[]): LineExplanation[] {
	const seen = new Set<string>();
	return details.filter((d) => {
		const id = `${d.namespace}\u0000${d.key}`;
		if (seen.has(id)) return false;
		seen.add(id);
		return true;
	});
}

export function explainedShare(sdp: AnnotatedSdp): { explained: number; total: number } {
	let explained = 0;
	for (const line of sdp.lines) if (line.explanation) explained++;
	return { explained, total: sdp.lines.length };
}
