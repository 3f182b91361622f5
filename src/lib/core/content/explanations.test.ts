import { describe, expect, it } from 'vitest';
import { indexExplanations, lookup, parseContentFile } from './explanations';

const good = `---
namespace: attribute
---

## ice-ufrag
spec: RFC 8839 §5.4
The username fragment.

Second paragraph.

## setup
spec: RFC 8842 §5.2; RFC 4145 §4
Who starts DTLS.
`;

describe('explanation content', () => {
	it('reads entries with their spec references and text', () => {
		const { entries, problems } = parseContentFile('content/sdp/a.md', good);
		expect(problems).toEqual([]);
		expect(entries.map((e) => [e.namespace, e.key, e.spec])).toEqual([
			['attribute', 'ice-ufrag', ['RFC 8839 §5.4']],
			['attribute', 'setup', ['RFC 8842 §5.2', 'RFC 4145 §4']]
		]);
		expect(entries[0]?.text).toBe('The username fragment.\n\nSecond paragraph.');
	});

	it('names the file and the entry when a reference is missing', () => {
		const { problems } = parseContentFile(
			'content/sdp/b.md',
			'---\nnamespace: line\n---\n## v\nThe version.\n'
		);
		expect(problems).toEqual([
			{
				file: 'content/sdp/b.md',
				key: 'v',
				message: 'entry "v" has no "spec:" line right under its heading'
			}
		]);
	});

	it('requires a namespace, and refuses a key explained twice', () => {
		expect(parseContentFile('x.md', '## v\nspec: RFC 8866\nx').problems[0]?.message).toMatch(
			/namespace/
		);
		const { explanations, problems } = indexExplanations({ 'a.md': good, 'b.md': good });
		expect(problems.map((p) => p.message)).toContain('"ice-ufrag" is already explained in a.md');
		expect(lookup(explanations, 'attribute', 'setup')?.file).toBe('a.md');
	});
});
