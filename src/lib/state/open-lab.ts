import type { IceChoice } from '$lib/core/ice/servers';
import type { DropFault } from '$lib/core/settings';
import { LabState } from './lab.svelte';
import { FALLBACK_RECORDING, fetchLocalServers, fetchRecording } from './local-servers';

/** How a lesson or an embed sets up the lab (the lab page uses the defaults). */
export interface LabSetup {
	ice?: IceChoice;
	trickle?: boolean;
	media?: boolean;
	bundlePolicy?: RTCBundlePolicy;
	drop?: DropFault;
	/** Replay this recording (static/traces/<name>.trace.json) instead of live peers. */
	replay?: string;
	/** Steps auto mode stops before (predictions). */
	breakpoints?: string[];
}

/**
 * Makes a LabState for a page and returns it with the function that closes it. Without
 * RTCPeerConnection (or when asked) it replays a recording of a real run, and says so.
 * Both connections close on pagehide and when the page goes away: closed ones count against
 * Chromium's limit of 500 per page until they are garbage collected.
 */
export function openLab(setup: LabSetup = {}): { lab: LabState; close: () => void } {
	const live = typeof RTCPeerConnection !== 'undefined';
	const lab = new LabState((configuration) => {
		if (!live)
			throw new DOMException('This browser has no RTCPeerConnection.', 'NotSupportedError');
		return new RTCPeerConnection(configuration);
	});
	lab.configure({
		...(setup.trickle !== undefined ? { trickle: setup.trickle } : {}),
		...(setup.media !== undefined ? { media: setup.media } : {}),
		...(setup.bundlePolicy ? { bundlePolicy: setup.bundlePolicy } : {}),
		...(setup.drop ? { drop: setup.drop } : {})
	});
	if (setup.breakpoints) lab.breakAt(setup.breakpoints);
	const recording = setup.replay ?? (live ? null : FALLBACK_RECORDING);
	if (recording)
		void fetchRecording(recording).then((text) => (text ? lab.importTrace(text) : false));
	if (live)
		void fetchLocalServers().then(({ local, reason }) => {
			lab.setLocalServers(local, reason);
			if (setup.ice) lab.chooseIce(setup.ice);
		});
	const onpagehide = () => lab.command('reset');
	addEventListener('pagehide', onpagehide);
	return {
		lab,
		close: () => {
			removeEventListener('pagehide', onpagehide);
			lab.dispose();
		}
	};
}
