/**
 * Just enough Markdown for lesson text, as data that Svelte renders as text (no {@html}, so a
 * lesson can never inject markup): paragraphs and "-" lists, with `code`, **strong** and *em*
 * inside. Anything else (links, headings, numbered lists, nesting) stays as the text it is.
 */

export interface Inline {
	kind: 'text' | 'code' | 'strong' | 'em';
	text: string;
}

/** A paragraph has one item; a list has one item per entry. */
export interface Block {
	kind: 'p' | 'ul';
	items: Inline[][];
}

const BULLET = /^[ \t]{0,3}[-*+][ \t]+(.*)$/;

/** Splits text into inline runs. Markers that are not closed stay as text. */
export function inlines(text: string): Inline[] {
	const out: Inline[] = [];
	const push = (kind: Inline['kind'], t: string) => {
		if (!t) return;
		const last = out.at(-1);
		if (kind === 'text' && last?.kind === 'text') last.text += t;
		else out.push({ kind, text: t });
	};
	let i = 0;
	let plain = '';
	const flush = () => {
		push('text', plain);
		plain = '';
	};
	while (i < text.length) {
		const rest = text.slice(i);
		const ch = text[i];
		if (ch === '\\' && /^\\[\\`*_]/.test(rest)) {
			plain += rest[1];
			i += 2;
			continue;
		}
		if (ch === '`') {
			// A code span closes on a run of as many backticks as opened it (CommonMark §6.1).
			const ticks = /^`+/.exec(rest)?.[0] ?? '`';
			const end = text.indexOf(ticks, i + ticks.length);
			if (end > i) {
				flush();
				push('code', text.slice(i + ticks.length, end).replace(/^ (.+) $/, '$1'));
				i = end + ticks.length;
				continue;
			}
			plain += ticks;
			i += ticks.length;
			continue;
		}
		const strong = /^(\*\*|__)(?=\S)([\s\S]*?\S)\1/.exec(rest);
		// "_" only emphasises at word edges, so snake_case names stay as they are.
		const wordBefore = i > 0 && /\w/.test(text[i - 1] ?? '');
		if (strong?.[2] && !(strong[1] === '__' && wordBefore)) {
			flush();
			push('strong', strong[2]);
			i += strong[0].length;
			continue;
		}
		const em = /^([*_])(?=[^\s*_])([\s\S]*?[^\s\\])\1(?![*_])/.exec(rest);
		if (em?.[2] && !(em[1] === '_' && (wordBefore || /^\w/.test(text.slice(i + em[0].length))))) {
			flush();
			push('em', em[2]);
			i += em[0].length;
			continue;
		}
		plain += ch;
		i += 1;
	}
	flush();
	return out;
}

/** Turns Markdown text into paragraphs and lists of inline runs. */
export function markdownBlocks(text: string): Block[] {
	const blocks: Block[] = [];
	let paragraph: string[] = [];
	let list: string[] | null = null;
	const endParagraph = () => {
		if (paragraph.length) blocks.push({ kind: 'p', items: [inlines(paragraph.join(' '))] });
		paragraph = [];
	};
	const endList = () => {
		if (list?.length) blocks.push({ kind: 'ul', items: list.map(inlines) });
		list = null;
	};
	for (const raw of text.split(/\r?\n/)) {
		const line = raw.trim();
		const bullet = BULLET.exec(raw)?.[1];
		if (!line) {
			endParagraph();
			endList();
		} else if (bullet !== undefined) {
			endParagraph();
			list ??= [];
			list.push(bullet.trim());
		} else if (list && list.length && /^[ \t]/.test(raw)) {
			// An indented line continues the list entry above it.
			list[list.length - 1] += ` ${line}`;
		} else {
			endList();
			paragraph.push(line);
		}
	}
	endParagraph();
	endList();
	return blocks;
}
