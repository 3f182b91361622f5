import { describe, expect, it } from 'vitest';
import { checkDescription, lineNamedByError, problemsOf } from './check';

describe('browser parse check', () => {
	it('closes the scratch connection whether the SDP parses or not', async () => {
		const closed: boolean[] = [];
		const factory = (fail: boolean) => () =>
			({
				setRemoteDescription: async () => {
					if (fail)
						throw new DOMException(
							'Failed to parse SessionDescription. Expect line: v=',
							'OperationError'
						);
				},
				close: () => closed.push(true)
			}) as unknown as RTCPeerConnection;
		expect(await checkDescription(factory(false), 'v=0')).toEqual({ ok: true, checkedAs: 'offer' });
		expect(await checkDescription(factory(true), 'x')).toEqual({
			ok: false,
			checkedAs: 'offer',
			error: {
				name: 'OperationError',
				message: 'Failed to parse SessionDescription. Expect line: v='
			}
		});
		expect(closed).toEqual([true, true]);
	});

	it('finds the line an error quotes, preferring the longest', () => {
		const lines = ['v=0', 'o=- 1 2 IN IP4 127.0.0.1', 'a=foo', 'a=foo:bar baz'];
		expect(
			lineNamedByError(lines, 'Failed to parse SessionDescription. a=foo:bar baz Invalid SDP line.')
		).toBe(3);
		expect(lineNamedByError(['x=1'], 'Failed to parse SessionDescription. Expect line: v=')).toBe(
			0
		);
		expect(lineNamedByError(lines, 'Called with SDP without ice-ufrag and ice-pwd.')).toBeNull();
	});

	it('puts the error beside the line it names, or nowhere', () => {
		const error = {
			name: 'OperationError',
			message: 'Failed to parse SessionDescription. a=foo Invalid SDP line.'
		};
		expect([...problemsOf(['v=0', 'a=foo'], { ok: false, checkedAs: 'offer', error })]).toEqual([
			[1, 'OperationError: Failed to parse SessionDescription. a=foo Invalid SDP line.']
		]);
		expect(problemsOf(['v=0'], { ok: true, checkedAs: 'offer' }).size).toBe(0);
		expect(problemsOf(['v=0'], null).size).toBe(0);
	});
});
