import type { MessageKind, PeerName } from './trace/types';

/** A fault on purpose: the bus drops these messages as soon as they are sent (a lesson's scenario). */
export interface DropFault {
	kinds: MessageKind[];
	from: PeerName | 'both';
}

/** How the next session is set up. Settings apply at Start: a running session keeps its own. */
export interface LabSettings {
	/** Alice adds an audio and a video transceiver, so the SDP lists codecs (no device needed). */
	media: boolean;
	iceServers: RTCIceServer[];
	iceTransportPolicy: RTCIceTransportPolicy;
	bundlePolicy: RTCBundlePolicy;
	/** Trickle ICE (RFC 8838) sends each candidate as it is found; off is vanilla ICE. */
	trickle: boolean;
	drop: DropFault;
}

export const DEFAULT_SETTINGS: LabSettings = {
	media: false,
	iceServers: [],
	iceTransportPolicy: 'all',
	bundlePolicy: 'balanced',
	trickle: true,
	drop: { kinds: [], from: 'both' }
};

export function configurationOf(settings: LabSettings): RTCConfiguration {
	return {
		iceServers: settings.iceServers,
		iceTransportPolicy: settings.iceTransportPolicy,
		bundlePolicy: settings.bundlePolicy
	};
}
