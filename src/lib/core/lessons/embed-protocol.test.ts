import { describe, expect, it } from 'vitest';
import { readCommand, readEmbedOptions } from './embed-protocol';

describe('embed protocol', () => {
	it('accepts exactly the three commands', () => {
		expect(readCommand({ type: 'handshake-lab:next' })).toEqual({ type: 'handshake-lab:next' });
		expect(readCommand({ type: 'handshake-lab:reset' })).toEqual({ type: 'handshake-lab:reset' });
		expect(readCommand({ type: 'handshake-lab:goto', step: 'bob.createAnswer' })).toEqual({
			type: 'handshake-lab:goto',
			step: 'bob.createAnswer'
		});
	});

	it('ignores anything that does not match the schema', () => {
		for (const bad of [
			null,
			'handshake-lab:next',
			[],
			{ type: 'handshake-lab:next', extra: 1 },
			{ type: 'handshake-lab:goto', step: 'nope' },
			{ type: 'handshake-lab:goto' },
			{ type: 'handshake-lab:play' }
		])
			expect(readCommand(bad)).toBeNull();
	});

	it('reads the URL options, ignoring what it does not know', () => {
		const known = ['peers', 'bus', 'diagram'];
		expect(
			readEmbedOptions(
				new URLSearchParams(
					'step=bob.createAnswer&autoplay=1&theme=dark&panels=diagram,x,bus&parentOrigin=https://lms.example.edu'
				),
				known
			)
		).toEqual({
			step: 'bob.createAnswer',
			autoplay: true,
			theme: 'dark',
			panels: ['diagram', 'bus'],
			parentOrigin: 'https://lms.example.edu'
		});
		expect(readEmbedOptions(new URLSearchParams('step=x&theme=blue'), known)).toEqual({
			step: null,
			autoplay: false,
			theme: null,
			panels: null,
			parentOrigin: '*'
		});
	});
});
