import { describe, expect, it } from 'vitest';
import { inlines, markdownBlocks } from './markdown';

const text = (t: string) => ({ kind: 'text', text: t });

describe('inlines', () => {
	it('finds code, strong and em, and keeps the rest as text', () => {
		expect(inlines('Call `setLocalDescription()` **now**, or *later*.')).toEqual([
			text('Call '),
			{ kind: 'code', text: 'setLocalDescription()' },
			text(' '),
			{ kind: 'strong', text: 'now' },
			text(', or '),
			{ kind: 'em', text: 'later' },
			text('.')
		]);
		expect(inlines('__strong__ and _em_')).toEqual([
			{ kind: 'strong', text: 'strong' },
			text(' and '),
			{ kind: 'em', text: 'em' }
		]);
	});

	it('leaves markers that do not close, snake_case names and escapes as text', () => {
		expect(inlines('2^24 × type * 3, a `tick and **half')).toEqual([
			text('2^24 × type * 3, a `tick and **half')
		]);
		expect(inlines('ice_ufrag and max_message_size')).toEqual([
			text('ice_ufrag and max_message_size')
		]);
		expect(inlines('\\*not em\\* and \\`not code\\`')).toEqual([text('*not em* and `not code`')]);
	});

	it('keeps markup inside code as it is, and lets longer backtick runs hold a backtick', () => {
		expect(inlines('`a **b** *c*`')).toEqual([{ kind: 'code', text: 'a **b** *c*' }]);
		expect(inlines('``a ` b``')).toEqual([{ kind: 'code', text: 'a ` b' }]);
	});

	it('keeps links and HTML as plain text', () => {
		expect(inlines('[RFC 8445](https://x) <b>x</b>')).toEqual([
			text('[RFC 8445](https://x) <b>x</b>')
		]);
	});
});

describe('markdownBlocks', () => {
	it('makes paragraphs from lines, and lists from "-" lines', () => {
		const blocks = markdownBlocks(
			'First line\nsame paragraph.\n\nA list:\n- one `a`\n- two\n  continued\n\nLast.'
		);
		expect(blocks).toEqual([
			{ kind: 'p', items: [[text('First line same paragraph.')]] },
			{ kind: 'p', items: [[text('A list:')]] },
			{
				kind: 'ul',
				items: [[text('one '), { kind: 'code', text: 'a' }], [text('two continued')]]
			},
			{ kind: 'p', items: [[text('Last.')]] }
		]);
	});

	it('gives nothing for empty text, and accepts CRLF', () => {
		expect(markdownBlocks('')).toEqual([]);
		expect(markdownBlocks('\n\n')).toEqual([]);
		expect(markdownBlocks('a\r\n\r\n* b\r\n')).toEqual([
			{ kind: 'p', items: [[text('a')]] },
			{ kind: 'ul', items: [[text('b')]] }
		]);
	});
});
