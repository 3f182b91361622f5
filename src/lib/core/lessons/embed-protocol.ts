/**
 * The embed's postMessage API (README, "Embedding"). The embed announces itself and each step to
 * its parent; the parent may send next, reset and goto. Commands are accepted only from the
 * parent window and only when they match this schema exactly.
 */
import { STEP_IDS } from '../handshake/plan';
import type { StateMachineName, PeerName } from '../trace/types';

export type EmbedCommand =
	| { type: 'handshake-lab:next' }
	| { type: 'handshake-lab:reset' }
	| { type: 'handshake-lab:goto'; step: string };

export interface EmbedReady {
	type: 'handshake-lab:ready';
	lesson: string;
	steps: readonly string[];
}

export interface EmbedStep {
	type: 'handshake-lab:step';
	step: string;
	index: number;
	states: Record<PeerName, Record<StateMachineName, string | null>>;
}

/** A command, if `data` is exactly one; anything else is ignored by the embed. */
export function readCommand(data: unknown): EmbedCommand | null {
	if (typeof data !== 'object' || data === null || Array.isArray(data)) return null;
	const record = data as Record<string, unknown>;
	const keys = Object.keys(record).sort().join(',');
	if (record.type === 'handshake-lab:next' && keys === 'type')
		return { type: 'handshake-lab:next' };
	if (record.type === 'handshake-lab:reset' && keys === 'type')
		return { type: 'handshake-lab:reset' };
	if (
		record.type === 'handshake-lab:goto' &&
		keys === 'step,type' &&
		typeof record.step === 'string' &&
		(STEP_IDS as readonly string[]).includes(record.step)
	)
		return { type: 'handshake-lab:goto', step: record.step };
	return null;
}

/** The embed's URL options: `?step=`, `?autoplay=1`, `?theme=light|dark`, `?panels=a,b`, `?parentOrigin=`. */
export interface EmbedOptions {
	step: string | null;
	autoplay: boolean;
	theme: 'light' | 'dark' | null;
	panels: string[] | null;
	parentOrigin: string;
}

export function readEmbedOptions(
	params: URLSearchParams,
	knownPanels: readonly string[]
): EmbedOptions {
	const step = params.get('step');
	const theme = params.get('theme');
	const panels = params
		.get('panels')
		?.split(',')
		.map((p) => p.trim())
		.filter((p) => knownPanels.includes(p));
	return {
		step: step && (STEP_IDS as readonly string[]).includes(step) ? step : null,
		autoplay: params.get('autoplay') === '1' || params.get('autoplay') === 'true',
		theme: theme === 'light' || theme === 'dark' ? theme : null,
		panels: panels?.length ? panels : null,
		// The announcements carry nothing private, so any parent may hear them unless told otherwise.
		parentOrigin: params.get('parentOrigin') || '*'
	};
}
