import { fromCallback } from 'xstate';
import type { StateMachineName } from '../trace/types';
import { candidateFields, errorOf, plainDescription } from './describe';
import { pickStats, SAMPLE_EVERY_MS, SAMPLES_AFTER_SETTLED } from './stats';
import type { CallMethod, PeerCommand, PeerInput, PeerReport } from './types';

/** Each of the connection's four state machines, its change event and the attribute it reads. */
const STATE_EVENTS: readonly [StateMachineName, string, keyof RTCPeerConnection][] = [
	['signaling', 'signalingstatechange', 'signalingState'],
	['iceGathering', 'icegatheringstatechange', 'iceGatheringState'],
	['iceConnection', 'iceconnectionstatechange', 'iceConnectionState'],
	['connection', 'connectionstatechange', 'connectionState']
];

/**
 * The peer actor: the only code that touches an RTCPeerConnection. It performs the call it is
 * told to, and reports everything the connection says, to the trace and to its parent.
 *
 * Stopping the actor closes the connection and drops every reference to it: Chromium allows
 * 500 RTCPeerConnections per page and closed ones count until garbage collection.
 */
export const peerActor = fromCallback<PeerCommand, PeerInput, PeerReport>(
	({ input, sendBack, receive }) => {
		const { name: peer, record } = input;
		const events = new AbortController();
		const listen = (target: EventTarget, type: string, fn: (e: Event) => void) =>
			target.addEventListener(type, fn, { signal: events.signal });

		let pc: RTCPeerConnection | null;
		try {
			pc = input.factory(input.configuration);
		} catch (e) {
			// The constructor itself refuses a bad configuration (webrtc-pc §4.4.1.5: e.g. a
			// SyntaxError for a malformed server URL); the page must say so, not fail silently.
			const error = errorOf(e);
			record({ type: 'api-call', peer, method: 'RTCPeerConnection', phase: 'start' });
			record({ type: 'api-call', peer, method: 'RTCPeerConnection', phase: 'reject', error });
			sendBack({ type: 'peer.failed', peer, error });
			return () => {};
		}
		let channel: RTCDataChannel | null = null;
		const conn = pc;

		record({
			type: 'peer-created',
			peer,
			configuration: {
				iceServers: (input.configuration.iceServers ?? []).map((s) => ({ urls: s.urls })),
				iceTransportPolicy: input.configuration.iceTransportPolicy,
				bundlePolicy: input.configuration.bundlePolicy
			}
		});

		// getStats() is sampled on every ICE state change, then every SAMPLE_EVERY_MS until a few
		// samples after the connection has settled: enough to watch the checks without a flood.
		let timer: ReturnType<typeof setInterval> | null = null;
		let afterSettled = 0;
		const sample = async () => {
			if (pc !== conn || typeof conn.getStats !== 'function') return;
			const report = await conn.getStats();
			if (pc !== conn) return;
			record({
				type: 'stats',
				peer,
				report: pickStats(report as unknown as Iterable<[string, Record<string, unknown>]>)
			});
		};
		const stopSampling = () => {
			if (timer) clearInterval(timer);
			timer = null;
		};
		const sampleOnChange = (iceState: string) => {
			void sample();
			if (iceState === 'checking' && !timer)
				timer = setInterval(() => {
					void sample();
					const settled = ['connected', 'completed', 'failed'].includes(conn.iceConnectionState);
					if (settled && ++afterSettled >= SAMPLES_AFTER_SETTLED) stopSampling();
				}, SAMPLE_EVERY_MS);
		};

		for (const [machine, eventName, attribute] of STATE_EVENTS) {
			listen(conn, eventName, () => {
				const value = String(conn[attribute]);
				record({ type: 'state-change', peer, machine, value });
				sendBack({ type: 'peer.state', peer, machine, value });
				if (machine === 'iceConnection') sampleOnChange(value);
			});
		}

		listen(conn, 'icecandidate', (e) => {
			// `url` on the event is deprecated (and gone from TypeScript's DOM types) but still sent.
			const { candidate, url } = e as RTCPeerConnectionIceEvent & { url?: string | null };
			// An event with a null candidate marks the end of gathering (webrtc-pc §4.4.1.4).
			record({
				type: 'ice-candidate',
				peer,
				candidate: candidate?.candidate ?? null,
				sdpMid: candidate?.sdpMid ?? null,
				sdpMLineIndex: candidate?.sdpMLineIndex ?? null,
				// RTCIceCandidate.url is the current spec's place; the event's url is the older one.
				url: (candidate as (RTCIceCandidate & { url?: string | null }) | null)?.url ?? url ?? null,
				...(candidate ? { fields: candidateFields(candidate) } : {})
			});
			// At the end of gathering the local description holds every candidate: what vanilla
			// ICE sends (RFC 8829 §4.1.9: localDescription includes the gathered candidates).
			sendBack({
				type: 'peer.candidate',
				peer,
				candidate: candidate ? candidate.toJSON() : null,
				...(candidate ? {} : { description: plainDescription(conn.localDescription) })
			});
		});

		listen(conn, 'icecandidateerror', (e) => {
			const err = e as RTCPeerConnectionIceErrorEvent;
			record({
				type: 'ice-candidate-error',
				peer,
				url: err.url,
				errorCode: err.errorCode,
				errorText: err.errorText,
				address: err.address ?? null,
				port: err.port ?? null
			});
		});

		const watchChannel = (dc: RTCDataChannel) => {
			channel = dc;
			const label = dc.label;
			listen(dc, 'open', () => {
				record({ type: 'data-channel', peer, label, phase: 'open' });
				sendBack({ type: 'peer.channel', peer, phase: 'open' });
			});
			listen(dc, 'close', () => {
				record({ type: 'data-channel', peer, label, phase: 'close' });
				sendBack({ type: 'peer.channel', peer, phase: 'close' });
			});
			listen(dc, 'message', (e) => {
				const data = String((e as MessageEvent).data);
				record({ type: 'data-channel', peer, label, phase: 'message', data });
				sendBack({ type: 'peer.message', peer, data });
			});
		};

		// The answerer learns of the offerer's channel through the datachannel event.
		listen(conn, 'datachannel', (e) => watchChannel((e as RTCDataChannelEvent).channel));

		for (const kind of input.transceivers ?? []) {
			record({ type: 'api-call', peer, method: 'addTransceiver', phase: 'start', argument: kind });
			conn.addTransceiver(kind);
			record({ type: 'api-call', peer, method: 'addTransceiver', phase: 'resolve' });
		}

		if (input.dataChannel) {
			record({
				type: 'api-call',
				peer,
				method: 'createDataChannel',
				phase: 'start',
				argument: input.dataChannel
			});
			watchChannel(conn.createDataChannel(input.dataChannel));
			record({ type: 'api-call', peer, method: 'createDataChannel', phase: 'resolve' });
		}

		sendBack({ type: 'peer.ready', peer });

		/** Runs one call, reporting start and its outcome; the description is reported on success. */
		const call = async (
			method: CallMethod,
			argument: unknown,
			run: (pc: RTCPeerConnection) => Promise<RTCSessionDescriptionInit | void> | void
		) => {
			const target = pc;
			if (!target) return;
			const given =
				method === 'addIceCandidate' ? { candidate: argument as RTCIceCandidateInit | null } : {};
			record({
				type: 'api-call',
				peer,
				method,
				phase: 'start',
				...(argument === undefined ? {} : { argument })
			});
			try {
				const result = plainDescription((await run(target)) ?? undefined);
				if (pc !== target) return; // closed meanwhile: a reset session says nothing more
				record({
					type: 'api-call',
					peer,
					method,
					phase: 'resolve',
					...(result ? { description: result } : {})
				});
				sendBack({ type: 'peer.settled', peer, method, ok: true, description: result, ...given });
			} catch (e) {
				if (pc !== target) return;
				const error = errorOf(e);
				record({ type: 'api-call', peer, method, phase: 'reject', error });
				sendBack({ type: 'peer.settled', peer, method, ok: false, error, ...given });
			}
		};

		const describeLocal = (target: RTCPeerConnection) => {
			const d = plainDescription(target.localDescription);
			if (d) record({ type: 'local-description', peer, description: d });
			return d;
		};

		receive((command) => {
			switch (command.type) {
				case 'peer.createOffer':
					return void call('createOffer', undefined, (c) => c.createOffer());
				case 'peer.createAnswer':
					return void call('createAnswer', undefined, (c) => c.createAnswer());
				case 'peer.setLocalDescription':
					return void call('setLocalDescription', command.description.type, async (c) => {
						await c.setLocalDescription(command.description);
						return describeLocal(c);
					});
				case 'peer.setRemoteDescription':
					return void call('setRemoteDescription', command.description.type, async (c) => {
						await c.setRemoteDescription(command.description);
						record({ type: 'remote-description', peer, description: command.description });
					});
				case 'peer.addIceCandidate':
					return void call('addIceCandidate', command.candidate, (c) =>
						// No argument is the end-of-candidates indication.
						command.candidate ? c.addIceCandidate(command.candidate) : c.addIceCandidate()
					);
				case 'peer.send':
					return void call('send', command.data, () => {
						if (!channel || channel.readyState !== 'open') {
							// What RTCDataChannel.send itself throws on a channel that is not open.
							throw new DOMException(
								`The data channel is ${channel?.readyState ?? 'missing'}`,
								'InvalidStateError'
							);
						}
						channel.send(command.data);
					});
			}
		});

		return () => {
			stopSampling();
			events.abort();
			channel?.close();
			channel = null;
			pc?.close();
			pc = null;
		};
	}
);
