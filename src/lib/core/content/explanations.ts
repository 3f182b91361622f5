/**
 * Explanation texts are content, not code: Markdown files under `content/` that a teacher can
 * correct without touching TypeScript. A file names its namespace in a front-matter line; each
 * entry is a `## key` heading, a `spec:` line (required: every explanation says where the rule
 * comes from) and plain-text paragraphs. Example:
 *
 *     ---
 *     namespace: attribute
 *     ---
 *
 *     ## ice-ufrag
 *     spec: RFC 8839 §5.4
 *     The username fragment that, with ice-pwd, authenticates ICE connectivity checks.
 *
 * This module only parses and indexes; the app loads the files with Vite, scripts with fs.
 */
import { inFileOrder } from './file-order.ts';

export interface Explanation {
	namespace: string;
	key: string;
	/** Where the rule comes from, e.g. `RFC 8839 §5.4`; at least one. */
	spec: string[];
	/** Plain text, paragraphs separated by a blank line. Rendered as text, never as HTML. */
	text: string;
	/** The file it came from, for messages. */
	file: string;
}

export interface ContentProblem {
	file: string;
	key?: string;
	message: string;
}

export type Explanations = Map<string, Map<string, Explanation>>;

const FRONT = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/;

/** Parses one content file; problems name the file and the entry. */
export function parseContentFile(
	file: string,
	source: string
): { entries: Explanation[]; problems: ContentProblem[] } {
	const problems: ContentProblem[] = [];
	const front = FRONT.exec(source);
	const namespace = front?.[1]?.match(/^namespace:\s*(\S+)\s*$/m)?.[1];
	if (!namespace)
		return {
			entries: [],
			problems: [{ file, message: 'missing "namespace:" in the front matter' }]
		};
	const body = source.slice(front?.[0].length ?? 0);
	const entries: Explanation[] = [];
	for (const chunk of body.split(/^## /m).slice(1)) {
		const [heading = '', ...rest] = chunk.split(/\r?\n/);
		const key = heading.trim();
		const specLine = rest.find((l) => l.trim() !== '');
		const spec =
			specLine
				?.match(/^spec:\s*(.+)$/)?.[1]
				?.split(';')
				.map((s) => s.trim())
				.filter(Boolean) ?? [];
		if (!key) problems.push({ file, message: 'an entry has an empty "##" heading' });
		else if (spec.length === 0)
			problems.push({
				file,
				key,
				message: `entry "${key}" has no "spec:" line right under its heading`
			});
		const text = rest
			.slice(specLine ? rest.indexOf(specLine) + 1 : 0)
			.join('\n')
			.trim()
			.replace(/\n{3,}/g, '\n\n');
		if (key && spec.length && !text)
			problems.push({ file, key, message: `entry "${key}" has no explanation text` });
		if (key && spec.length && text) entries.push({ namespace, key, spec, text, file });
	}
	return { entries, problems };
}

/** Indexes every file's entries by namespace and key; a key defined twice is a problem. */
export function indexExplanations(files: Record<string, string>): {
	explanations: Explanations;
	problems: ContentProblem[];
} {
	const explanations: Explanations = new Map();
	const problems: ContentProblem[] = [];
	for (const [file, source] of inFileOrder(files)) {
		const parsed = parseContentFile(file, source);
		problems.push(...parsed.problems);
		for (const entry of parsed.entries) {
			const space = explanations.get(entry.namespace) ?? new Map<string, Explanation>();
			explanations.set(entry.namespace, space);
			const earlier = space.get(entry.key);
			if (earlier)
				problems.push({
					file,
					key: entry.key,
					message: `"${entry.key}" is already explained in ${earlier.file}`
				});
			else space.set(entry.key, entry);
		}
	}
	return { explanations, problems };
}

export function lookup(
	explanations: Explanations,
	namespace: string,
	key: string
): Explanation | undefined {
	return explanations.get(namespace)?.get(key);
}

export function formatProblems(problems: ContentProblem[]): string {
	return problems.map((p) => `${p.file}${p.key ? ` (${p.key})` : ''}: ${p.message}`).join('\n');
}
