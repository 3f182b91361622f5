import { describe, expect, it } from 'vitest';
import { inFileOrder } from './file-order';

describe('inFileOrder', () => {
	it('orders files by code point, whatever the locale', () => {
		const files = { 'b.md': 'b', 'a.md': 'a', 'B.md': 'B', '_x.md': 'x', '10-z.md': 'z' };
		expect(inFileOrder(files).map(([file]) => file)).toEqual([
			'10-z.md',
			'B.md',
			'_x.md',
			'a.md',
			'b.md'
		]);
	});
});
