/**
 * A small fake of RTCPeerConnection and RTCDataChannel for unit tests in node, built on node's
 * own EventTarget, Event and MessageEvent. It models only what W3C webrtc-pc says about the parts
 * the lab's machines use, with the spec's own state strings:
 *
 * - createOffer / createAnswer (createAnswer needs signalingState "have-remote-offer");
 * - setLocalDescription / setRemoteDescription with the JSEP signaling transitions
 *   (stable → have-local-offer → stable, stable → have-remote-offer → stable);
 * - ICE gathering after the first setLocalDescription: "gathering", host candidates,
 *   "complete", then the null end-of-candidates event (the order Chromium uses);
 * - addIceCandidate (rejects without a remote description, as Chromium does);
 * - connectivity once both sides have both descriptions and a candidate was added on either side:
 *   "checking"/"connecting", then "connected", then the data channels open;
 * - close(), which fires no events (webrtc-pc §4.4.1.6).
 *
 * Everything asynchronous goes through FakeNetwork.schedule (one macrotask each), so a test can
 * wait for the network to be quiet with `settle()`. Browser tests never use this fake.
 */

type Task = () => void;

function invalidState(message: string): DOMException {
	return new DOMException(message, 'InvalidStateError');
}

/** The RTCIceCandidate attributes (webrtc-pc §4.8.1) of a host candidate, and its toJSON(). */
export class FakeIceCandidate {
	readonly candidate: string;
	readonly sdpMid = '0';
	readonly sdpMLineIndex = 0;
	readonly foundation: string;
	readonly component = 'rtp';
	readonly priority = 2122260223;
	readonly address: string;
	readonly protocol = 'udp';
	readonly port: number;
	readonly type = 'host';
	readonly tcpType = null;
	readonly relatedAddress = null;
	readonly relatedPort = null;
	readonly usernameFragment: string;
	/** The STUN/TURN server that produced it: none for a host candidate. */
	readonly url = null;

	constructor(foundation: string, address: string, port: number, usernameFragment: string) {
		this.foundation = foundation;
		this.address = address;
		this.port = port;
		this.usernameFragment = usernameFragment;
		this.candidate = `candidate:${foundation} 1 udp ${this.priority} ${address} ${port} typ host`;
	}

	toJSON(): RTCIceCandidateInit {
		return {
			candidate: this.candidate,
			sdpMid: this.sdpMid,
			sdpMLineIndex: this.sdpMLineIndex,
			usernameFragment: this.usernameFragment
		};
	}
}

export class FakeIceCandidateEvent extends Event {
	readonly candidate: FakeIceCandidate | null;

	constructor(candidate: FakeIceCandidate | null) {
		super('icecandidate');
		this.candidate = candidate;
	}
}

export class FakeDataChannelEvent extends Event {
	readonly channel: FakeDataChannel;

	constructor(channel: FakeDataChannel) {
		super('datachannel');
		this.channel = channel;
	}
}

export class FakeDataChannel extends EventTarget {
	readonly label: string;
	readyState: RTCDataChannelState = 'connecting';
	/** The other end of the channel, once the connection has announced it. */
	remote: FakeDataChannel | null = null;
	readonly #network: FakeNetwork;

	constructor(network: FakeNetwork, label: string) {
		super();
		this.#network = network;
		this.label = label;
	}

	send(data: string): void {
		if (this.readyState !== 'open') throw invalidState(`The data channel is ${this.readyState}`);
		const remote = this.remote;
		this.#network.schedule(() => {
			if (remote?.readyState === 'open')
				remote.dispatchEvent(new MessageEvent('message', { data }));
		});
	}

	/** The closing procedure (webrtc-pc §6.2.5): both ends end up closed and fire close. */
	close(): void {
		if (this.readyState === 'closing' || this.readyState === 'closed') return;
		this.readyState = 'closing';
		this.#network.schedule(() => {
			for (const end of [this, this.remote]) {
				// A connection's close() closes its channels without any event.
				if (!end || end.readyState === 'closed') continue;
				end.readyState = 'closed';
				end.dispatchEvent(new Event('close'));
			}
		});
	}

	/** Announce the channel as open (webrtc-pc §6.2.3). */
	announceOpen(): void {
		if (this.readyState !== 'connecting' && this.readyState !== 'open') return;
		this.readyState = 'open';
		this.dispatchEvent(new Event('open'));
	}
}

export class FakePeerConnection extends EventTarget {
	readonly configuration: RTCConfiguration;
	signalingState: RTCSignalingState = 'stable';
	iceGatheringState: RTCIceGatheringState = 'new';
	iceConnectionState: RTCIceConnectionState = 'new';
	connectionState: RTCPeerConnectionState = 'new';
	localDescription: RTCSessionDescriptionInit | null = null;
	remoteDescription: RTCSessionDescriptionInit | null = null;
	/** Real candidates added with addIceCandidate. */
	readonly remoteCandidates: string[] = [];
	/** addIceCandidate was called with no candidate. */
	endOfCandidates = false;
	readonly channels: FakeDataChannel[] = [];
	closed = false;
	/** Connectivity checks have begun. */
	checking = false;

	readonly #network: FakeNetwork;
	readonly #index: number;
	readonly #ufrag: string;

	constructor(network: FakeNetwork, configuration: RTCConfiguration, index: number) {
		super();
		this.#network = network;
		this.configuration = configuration;
		this.#index = index;
		this.#ufrag = `ufrag${index + 1}`;
	}

	createDataChannel(label: string): FakeDataChannel {
		if (this.closed) throw invalidState('The RTCPeerConnection is closed');
		const channel = new FakeDataChannel(this.#network, label);
		this.channels.push(channel);
		return channel;
	}

	createOffer(): Promise<RTCSessionDescriptionInit> {
		return this.#operation(() => ({ type: 'offer', sdp: this.#sdp('offer') }));
	}

	createAnswer(): Promise<RTCSessionDescriptionInit> {
		return this.#operation(() => {
			if (this.signalingState !== 'have-remote-offer')
				throw invalidState(`Cannot create an answer in state ${this.signalingState}`);
			return { type: 'answer', sdp: this.#sdp('answer') };
		});
	}

	setLocalDescription(description: RTCSessionDescriptionInit): Promise<void> {
		return this.#operation(() => {
			const next = this.#transition('local', description.type);
			this.localDescription = { type: description.type, sdp: description.sdp ?? '' };
			this.#setSignaling(next);
			if (this.iceGatheringState === 'new') this.#gather();
			this.#network.checkConnectivity(this);
		});
	}

	setRemoteDescription(description: RTCSessionDescriptionInit): Promise<void> {
		return this.#operation(() => {
			const next = this.#transition('remote', description.type);
			const sdp = description.sdp ?? '';
			this.remoteDescription = { type: description.type, sdp };
			// Candidates inside the description (vanilla ICE) are remote candidates too.
			for (const line of sdp.split(/\r?\n/))
				if (line.startsWith('a=candidate:')) this.remoteCandidates.push(line.slice(2));
			this.#setSignaling(next);
			this.#network.checkConnectivity(this);
		});
	}

	addIceCandidate(candidate?: RTCIceCandidateInit | null): Promise<void> {
		const text = candidate?.candidate ?? '';
		if (text !== '' && candidate?.sdpMid == null && candidate?.sdpMLineIndex == null)
			return Promise.reject(new TypeError('sdpMid and sdpMLineIndex are both null'));
		return this.#operation(() => {
			if (!this.remoteDescription)
				throw invalidState(
					"Failed to execute 'addIceCandidate' on 'RTCPeerConnection': The remote description was null"
				);
			if (text === '') {
				this.endOfCandidates = true;
				return;
			}
			this.remoteCandidates.push(text);
			this.#network.checkConnectivity(this);
		});
	}

	/** webrtc-pc §4.4.1.6: every state becomes closed and no event fires. */
	close(): void {
		if (this.closed) return;
		this.closed = true;
		this.signalingState = 'closed';
		this.iceConnectionState = 'closed';
		this.connectionState = 'closed';
		for (const channel of this.channels) channel.readyState = 'closed';
	}

	/** Called by the network: ICE moved on; fire iceconnectionstatechange. */
	setIceConnectionState(value: RTCIceConnectionState): void {
		if (this.closed) return;
		this.iceConnectionState = value;
		this.dispatchEvent(new Event('iceconnectionstatechange'));
	}

	/** Called by the network: the aggregate state moved on; fire connectionstatechange. */
	setConnectionState(value: RTCPeerConnectionState): void {
		if (this.closed) return;
		this.connectionState = value;
		this.dispatchEvent(new Event('connectionstatechange'));
	}

	/** Called by the network once the transport is up: open own channels, announce the other's. */
	openChannels(remote: FakePeerConnection): void {
		if (this.closed || remote.closed) return;
		for (const channel of this.channels) {
			if (channel.remote || channel.readyState !== 'connecting') continue;
			const announced = new FakeDataChannel(this.#network, channel.label);
			channel.remote = announced;
			announced.remote = channel;
			remote.channels.push(announced);
			channel.announceOpen();
			// webrtc-pc §6.2.2: readyState is open during the datachannel event; open fires after it.
			announced.readyState = 'open';
			remote.dispatchEvent(new FakeDataChannelEvent(announced));
			announced.announceOpen();
		}
	}

	/**
	 * One operation of the connection's operations chain: it runs a macrotask later, as the
	 * browser's do. A closed connection rejects; one closed meanwhile never settles (§4.4.1.2).
	 */
	#operation<T>(run: () => T): Promise<T> {
		if (this.closed) return Promise.reject(invalidState('The RTCPeerConnection is closed'));
		return new Promise<T>((resolve, reject) => {
			this.#network.schedule(() => {
				if (this.closed) return;
				try {
					resolve(run());
				} catch (e) {
					reject(e);
				}
			});
		});
	}

	/** The JSEP transition for applying a description (RFC 8829 §3.2), or InvalidStateError. */
	#transition(side: 'local' | 'remote', type: RTCSdpType): RTCSignalingState {
		const state = this.signalingState;
		if (type === 'offer' && state === 'stable')
			return side === 'local' ? 'have-local-offer' : 'have-remote-offer';
		const awaiting = side === 'local' ? 'have-remote-offer' : 'have-local-offer';
		if (type === 'answer' && state === awaiting) return 'stable';
		if (type === 'offer' || type === 'answer')
			throw invalidState(`Failed to set ${side} ${type} sdp: Called in wrong state: ${state}`);
		throw new Error(`FakePeerConnection does not model a ${type} description`);
	}

	#setSignaling(state: RTCSignalingState): void {
		if (state === this.signalingState) return;
		this.signalingState = state;
		this.dispatchEvent(new Event('signalingstatechange'));
	}

	/** Gathering (webrtc-pc §5.6): host candidates, then the null candidate, then complete. */
	#gather(): void {
		const schedule = (task: Task) => this.#network.schedule(() => this.closed || task());
		schedule(() => {
			this.iceGatheringState = 'gathering';
			this.dispatchEvent(new Event('icegatheringstatechange'));
		});
		for (let i = 0; i < this.#network.candidatesPerPeer; i++) {
			const candidate = new FakeIceCandidate(
				String(i + 1),
				`192.0.2.${this.#index + 1}`,
				50000 + i,
				this.#ufrag
			);
			schedule(() => {
				// As in Chromium, the local description gains each candidate as it is gathered.
				if (this.localDescription)
					this.localDescription = {
						...this.localDescription,
						sdp: `${this.localDescription.sdp}a=${candidate.candidate}\r\n`
					};
				this.dispatchEvent(new FakeIceCandidateEvent(candidate));
			});
		}
		// Chromium fires icegatheringstatechange (complete) first, then the null candidate
		// (measured in its trace; webrtc-pc §5.6 "ICE gathering state" has the same order).
		schedule(() => {
			this.iceGatheringState = 'complete';
			this.dispatchEvent(new Event('icegatheringstatechange'));
			this.dispatchEvent(new FakeIceCandidateEvent(null));
		});
	}

	#sdp(type: 'offer' | 'answer'): string {
		const lines = [
			'v=0',
			`o=- 461173140043005133${this.#index} 2 IN IP4 127.0.0.1`,
			's=-',
			't=0 0',
			'a=group:BUNDLE 0',
			'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
			'c=IN IP4 0.0.0.0',
			`a=ice-ufrag:${this.#ufrag}`,
			`a=ice-pwd:fakepasswordfakepassword${this.#index + 1}`,
			'a=ice-options:trickle',
			`a=fingerprint:sha-256 ${Array.from({ length: 32 }, () => '0' + (this.#index + 1)).join(':')}`,
			`a=setup:${type === 'offer' ? 'actpass' : 'active'}`,
			'a=mid:0',
			'a=sctp-port:5000'
		];
		return lines.join('\r\n') + '\r\n';
	}
}

export interface FakeNetworkOptions {
	/** Host candidates each connection gathers: 1 or 2 (default 2). */
	candidatesPerPeer?: 1 | 2;
}

/**
 * Makes the fake connections and links them in pairs (the 1st with the 2nd, the 3rd with the
 * 4th, …): a pair connects once both sides are ready, as webrtc-pc and ICE say.
 */
export class FakeNetwork {
	readonly connections: FakePeerConnection[] = [];
	readonly candidatesPerPeer: number;
	#pending = 0;

	constructor(options: FakeNetworkOptions = {}) {
		this.candidatesPerPeer = options.candidatesPerPeer ?? 2;
	}

	/** The factory to inject: `new Session({ factory: network.factory })`. */
	readonly factory = (configuration: RTCConfiguration): RTCPeerConnection => {
		const pc = new FakePeerConnection(this, configuration, this.connections.length);
		this.connections.push(pc);
		return pc as unknown as RTCPeerConnection;
	};

	/** Connections made and not closed. */
	get live(): number {
		return this.connections.filter((pc) => !pc.closed).length;
	}

	partner(pc: FakePeerConnection): FakePeerConnection | undefined {
		const index = this.connections.indexOf(pc);
		return index < 0 ? undefined : this.connections[index ^ 1];
	}

	/** Run a task one macrotask later, counted until it has run. */
	schedule(task: Task): void {
		this.#pending++;
		setTimeout(() => {
			this.#pending--;
			task();
		}, 0);
	}

	/** Resolves once no scheduled task is left (and whatever those tasks started has run). */
	async settle(maxRounds = 1000): Promise<void> {
		for (let round = 0; round < maxRounds; round++) {
			await new Promise((resolve) => setTimeout(resolve, 0));
			if (this.#pending === 0) return;
		}
		throw new Error(`FakeNetwork did not settle within ${maxRounds} rounds`);
	}

	/**
	 * ICE can start once both sides have a local and a remote description and at least one
	 * remote candidate is known on either side (the other side then learns a peer-reflexive one).
	 */
	checkConnectivity(pc: FakePeerConnection): void {
		const other = this.partner(pc);
		if (!other || pc.checking) return;
		const pair = [pc, other];
		const described = pair.every((p) => !p.closed && p.localDescription && p.remoteDescription);
		const candidates = pair.some((p) => p.remoteCandidates.length > 0);
		if (!described || !candidates) return;
		for (const p of pair) p.checking = true;
		this.schedule(() => {
			for (const p of pair) {
				p.setIceConnectionState('checking');
				p.setConnectionState('connecting');
			}
		});
		this.schedule(() => {
			for (const p of pair) {
				p.setIceConnectionState('connected');
				p.setConnectionState('connected');
			}
		});
		this.schedule(() => {
			pc.openChannels(other);
			other.openChannels(pc);
		});
	}
}
