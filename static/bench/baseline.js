// The bench's baseline (scripts/bench.js): the handshake the lab makes, with nothing else. Two
// RTCPeerConnections configured as the lab configures them by default, Alice's data channel
// `chat`, and each candidate handed straight to the other peer. Times are ms since the Play click,
// as the lab's trace times are ms since the Play click that began its session.

/**
 * As the lab's `peer-created` events record its default configuration.
 * @type {RTCConfiguration}
 */
const CONFIGURATION = { iceServers: [], iceTransportPolicy: 'all', bundlePolicy: 'balanced' };
/** A run that has not connected by then is reported as failed rather than waited for. */
const TIMEOUT_MS = 10_000;

const play = /** @type {HTMLButtonElement} */ (document.getElementById('play'));
const reset = /** @type {HTMLButtonElement} */ (document.getElementById('reset'));
const result = /** @type {HTMLOutputElement} */ (document.getElementById('result'));

/** @type {RTCPeerConnection[]} */
let connections = [];

/** Closes both connections: Chromium counts closed ones against its 500 until they are collected. */
function closeAll() {
	for (const connection of connections) connection.close();
	connections = [];
}

/**
 * One handshake. Resolves with the time both connections reached `connected` and the time both
 * ends of the channel were open, and every milestone on the way (for the bench's breakdown).
 * @param {number} t0 performance.now() when Play was clicked
 * @returns {Promise<{ connected: number, open: number, marks: Record<string, number> }>}
 */
function handshake(t0) {
	/** @type {Record<string, number>} */
	const marks = {};
	/** Records the first time a milestone is reached. */
	const mark = (/** @type {string} */ name) => {
		marks[name] ??= Math.round((performance.now() - t0) * 1000) / 1000;
	};
	const alice = new RTCPeerConnection(CONFIGURATION);
	const bob = new RTCPeerConnection(CONFIGURATION);
	connections = [alice, bob];
	const peers = { alice, bob };

	return new Promise((resolve, reject) => {
		const timer = setTimeout(
			() => reject(new Error(`not connected after ${TIMEOUT_MS} ms`)),
			TIMEOUT_MS
		);
		const finish = () => {
			const need = ['alice.connected', 'bob.connected', 'alice.open', 'bob.open'];
			if (!need.every((name) => name in marks)) return;
			clearTimeout(timer);
			resolve({
				connected: Math.max(marks['alice.connected'], marks['bob.connected']),
				open: Math.max(marks['alice.open'], marks['bob.open']),
				marks
			});
		};
		const watchChannel = (/** @type {string} */ peer, /** @type {RTCDataChannel} */ channel) => {
			channel.addEventListener('open', () => {
				mark(`${peer}.open`);
				finish();
			});
		};

		/**
		 * Candidates that arrive before the other side has a remote description wait for it.
		 * @type {{ to: RTCPeerConnection, add: () => void }[]}
		 */
		const pending = [];
		const flush = (/** @type {RTCPeerConnection} */ to) => {
			for (const item of pending.filter((p) => p.to === to)) item.add();
			pending.splice(0, pending.length, ...pending.filter((p) => p.to !== to));
		};

		for (const [name, connection] of Object.entries(peers)) {
			const other = name === 'alice' ? bob : alice;
			connection.addEventListener('icecandidate', ({ candidate }) => {
				if (!candidate) return;
				mark(`${name}.candidate`);
				const add = () =>
					other
						.addIceCandidate(candidate)
						.then(() => mark(`${name === 'alice' ? 'bob' : 'alice'}.addIceCandidate`), reject);
				if (other.remoteDescription) add();
				else pending.push({ to: other, add });
			});
			connection.addEventListener('iceconnectionstatechange', () => {
				if (connection.iceConnectionState === 'connected') mark(`${name}.iceConnected`);
			});
			connection.addEventListener('connectionstatechange', () => {
				if (connection.connectionState === 'connected') mark(`${name}.connected`);
				if (connection.connectionState === 'failed') reject(new Error(`${name} failed`));
				finish();
			});
		}

		bob.addEventListener('datachannel', ({ channel }) => watchChannel('bob', channel));
		watchChannel('alice', alice.createDataChannel('chat'));

		(async () => {
			const offer = await alice.createOffer();
			mark('alice.createOffer');
			await alice.setLocalDescription(offer);
			mark('alice.setLocalDescription');
			await bob.setRemoteDescription(offer);
			mark('bob.setRemoteDescription');
			flush(bob);
			const answer = await bob.createAnswer();
			mark('bob.createAnswer');
			await bob.setLocalDescription(answer);
			mark('bob.setLocalDescription');
			await alice.setRemoteDescription(answer);
			mark('alice.setRemoteDescription');
			flush(alice);
		})().catch(reject);
	});
}

play.addEventListener('click', () => {
	// t0 first: the lab's trace clock also starts in its Play click handler.
	const t0 = performance.now();
	closeAll();
	result.value = 'running';
	handshake(t0).then(
		(times) => {
			result.value = JSON.stringify(times);
		},
		(/** @type {Error} */ error) => {
			result.value = JSON.stringify({ error: `${error.name}: ${error.message}` });
		}
	);
});

reset.addEventListener('click', () => {
	closeAll();
	result.value = '';
});

window.addEventListener('pagehide', closeAll);
