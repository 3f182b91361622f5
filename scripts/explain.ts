// Every line of an SDP explained, in the terminal, with the same annotator and the same
// content/ texts as the app.
//
//   npm run explain -- offer.sdp     each line, its explanation (or "Not explained yet"), fields
//   npm run explain -- some/folder   each *.sdp file's share of explained lines, the lines not
//                                    explained yet (grouped, with counts), then overall and worst
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import {
	annotateSdp,
	explainedShare,
	type AnnotatedLine,
	type AnnotatedSdp
} from '../src/lib/core/sdp/annotate';
import { loadContent } from '../tests/unit/content';

const explanations = loadContent();
const NOT_EXPLAINED = 'Not explained yet';

const percent = (explained: number, total: number) =>
	total === 0 ? '100.0%' : `${((100 * explained) / total).toFixed(1)}%`;
const clip = (s: string, n = 100) => (s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s);
const visible = (s: string) =>
	// eslint-disable-next-line no-control-regex
	s.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);

/** A field's meaning: inline, unless it is one of the line's details printed below. */
const meaning = (line: AnnotatedLine, text: string | undefined) =>
	!text ? '' : line.details.some((d) => d.text === text) ? ' (explained below)' : ` — ${text}`;

function printFile(file: string) {
	const sdp = annotateSdp(readFileSync(file, 'utf8'), explanations);
	const width = String(sdp.lines.length).length;
	for (const line of sdp.lines) {
		const pad = ' '.repeat(width + 2);
		console.log(`${String(line.index + 1).padStart(width)}  ${visible(clip(line.raw, 200))}`);
		if (line.problem) console.log(`${pad}! ${line.problem}`);
		const e = line.explanation;
		console.log(
			e ? `${pad}${e.text.replace(/\n+/g, ' ')} [${e.spec.join('; ')}]` : `${pad}${NOT_EXPLAINED}`
		);
		for (const f of line.fields)
			console.log(`${pad}  ${f.name}: ${visible(clip(f.value))}${meaning(line, f.meaning)}`);
		for (const d of line.details)
			console.log(
				`${pad}  + ${d.namespace} ${d.key}: ${d.text.replace(/\n+/g, ' ')} [${d.spec.join('; ')}]`
			);
	}
	const { explained, total } = explainedShare(sdp);
	console.log(
		`\n${file}: ${explained}/${total} lines explained (${percent(explained, total)}), line endings ${sdp.lineEnding}, ${sdp.sections.length - 1} media sections`
	);
}

/** How an unexplained line is grouped: by attribute for a= lines, by type, else the raw text. */
function missingKey(line: AnnotatedLine) {
	if (line.type === 'a' && line.attribute) return `a=${line.attribute}`;
	if (line.type) return `${line.type}=`;
	return line.raw === '' ? '(empty line)' : visible(clip(line.raw, 60));
}

/** Fields whose value has its own explanation (codec, URI, semantics …), by line. */
const EXPLAINED_FIELDS: Record<string, string[]> = {
	'm=': ['media', 'proto'],
	'b=': ['bandwidth type'],
	'a=rtpmap': ['encoding name'],
	'a=extmap': ['URI', 'encryption'],
	'a=group': ['semantics'],
	'a=ssrc-group': ['semantics'],
	'a=ssrc': ['source attribute'],
	'a=setup': ['role'],
	'a=ice-options': ['option'],
	'a=msid-semantic': ['semantic'],
	'a=candidate': ['candidate type'],
	'a=crypto': ['crypto suite'],
	'a=sctpmap': ['application']
};
/** fmtp fields that are not parameters. */
const NOT_PARAMETERS = ['payload type', 'codec', 'redundant payload types', 'events', 'parameter'];

/** What a line refers to that has no explanation yet: codecs, fmtp parameters, URIs … */
function missingDetails(line: AnnotatedLine): string[] {
	const where = line.type === 'a' ? `a=${line.attribute}` : `${line.type}=`;
	if (line.attribute === 'rtcp-fb')
		return line.details.some((d) => d.namespace === 'rtcp-fb')
			? []
			: [`a=rtcp-fb ${line.value.replace(/^\S+\s*/, '')}`];
	const names = EXPLAINED_FIELDS[where] ?? [];
	return line.fields
		.filter((f) =>
			line.attribute === 'fmtp' ? !NOT_PARAMETERS.includes(f.name) : names.includes(f.name)
		)
		.filter((f) => !f.meaning)
		.map((f) =>
			line.attribute === 'fmtp' ? `${where} ${f.name}` : `${where} ${f.name} ${f.value}`
		);
}

function countInto(
	map: Map<string, { count: number; files: Set<string> }>,
	key: string,
	file: string
) {
	const entry = map.get(key) ?? { count: 0, files: new Set<string>() };
	entry.count++;
	entry.files.add(file);
	map.set(key, entry);
}

function printCounts(title: string, map: Map<string, { count: number; files: Set<string> }>) {
	console.log(`\n${title} (${map.size} distinct):`);
	if (map.size === 0) console.log('  none');
	const sorted = [...map].sort((a, b) => b[1].count - a[1].count || a[0].localeCompare(b[0]));
	for (const [key, { count, files }] of sorted)
		console.log(
			`  ${String(count).padStart(5)}  ${key}  (${files.size} file${files.size === 1 ? '' : 's'})`
		);
}

function printFolder(dir: string) {
	const files = readdirSync(dir)
		.filter((f) => f.endsWith('.sdp'))
		.sort();
	if (files.length === 0) {
		console.error(`${dir}: no *.sdp files`);
		process.exitCode = 1;
		return;
	}
	const missing = new Map<string, { count: number; files: Set<string> }>();
	const details = new Map<string, { count: number; files: Set<string> }>();
	let explainedAll = 0;
	let totalAll = 0;
	let worst: { file: string; share: number; explained: number; total: number } | undefined;
	const width = Math.max(...files.map((f) => f.length));
	for (const file of files) {
		const sdp: AnnotatedSdp = annotateSdp(readFileSync(join(dir, file), 'utf8'), explanations);
		const { explained, total } = explainedShare(sdp);
		explainedAll += explained;
		totalAll += total;
		const share = total === 0 ? 1 : explained / total;
		if (!worst || share < worst.share) worst = { file, share, explained, total };
		console.log(
			`${file.padEnd(width)}  ${`${explained}/${total}`.padStart(9)}  ${percent(explained, total).padStart(6)}`
		);
		for (const line of sdp.lines) {
			if (!line.explanation) countInto(missing, missingKey(line), file);
			for (const d of missingDetails(line)) countInto(details, d, file);
		}
	}
	printCounts('Lines not explained yet', missing);
	printCounts(
		'Details not explained yet (codecs, fmtp parameters, URIs, feedback, values)',
		details
	);
	console.log(
		`\nOverall: ${explainedAll}/${totalAll} lines explained (${percent(explainedAll, totalAll)}) in ${files.length} files`
	);
	if (worst)
		console.log(
			`Worst file: ${basename(worst.file)} ${worst.explained}/${worst.total} (${percent(worst.explained, worst.total)})`
		);
}

const targets = process.argv.slice(2);
if (targets.length === 0) {
	console.error('usage: npm run explain -- <file.sdp | folder> …');
	process.exit(2);
}
for (const target of targets) {
	if (statSync(target).isDirectory()) printFolder(target);
	else printFile(target);
}
