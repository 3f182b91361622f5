// A real STUN/TURN server for the lab: Debian's coturn (`turnserver`), on loopback only, with a
// username and credential made for each run. Used by the Vite plugin (dev and preview) and by the
// tests, which start and stop their own server by PID. Node ESM, no dependencies.
//
// What the server speaks: STUN Binding (RFC 8489 §6) answers "what address did you see me from?",
// which gives Chromium its server-reflexive (srflx) candidate; TURN (RFC 8656) adds Allocate,
// Refresh, CreatePermission, ChannelBind, Send and Data so that a peer can relay through the server
// (relay candidates). The long-term credential mechanism (RFC 8489 §9.2) is why the first Allocate
// is always answered 401 with a REALM and NONCE, and why a wrong password is a 401 too.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { accessSync, constants, existsSync, rmSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/** Every address this server touches: it listens here, relays from here, and relays only to here. */
const HOST = '127.0.0.1';

export const REALM = 'handshake-lab';

/**
 * Relay ports (RFC 8656 §7.2: the server picks the relayed transport address) come from a block of
 * BLOCK_SIZE UDP ports below the ephemeral ranges of Linux (32768–60999) and macOS (49152–65535),
 * so that they never collide with ports the OS hands out, such as our own listening port or
 * Chromium's sockets. Two peers use a handful of allocations; 100 leaves room for many sessions.
 */
const RELAY_RANGE_START = 10000;
const RELAY_RANGE_END = 32000;
const BLOCK_SIZE = 100;

/**
 * @typedef {object} CoturnOptions
 * @property {number} [port] listening port (UDP and TCP); default: a free one picked by the OS
 * @property {string} [realm] default `handshake-lab`
 * @property {string} [username] default: random per run
 * @property {string} [credential] default: random per run
 * @property {[number, number]} [relayPorts] `[min, max]` relay ports; default: a free block
 * @property {boolean} [keepLog] keep the log file after stop() (default: delete it)
 * @property {number} [readyTimeoutMs] how long to wait for the listeners (default 10000)
 * @property {string} [turnserver] path to the binary; default: turnserverPath()
 * @property {string[]} [extraArgs] more turnserver switches
 */

/**
 * @typedef {object} Coturn
 * @property {number} pid
 * @property {number} port
 * @property {'127.0.0.1'} host
 * @property {string} realm
 * @property {string} username
 * @property {string} credential
 * @property {{ stun: string, turn: string }} urls RFC 7064 `stun:` and RFC 7065 `turn:` URIs
 * @property {[number, number]} relayPorts
 * @property {string} logFile coturn's own log (`--log-binding -v`), parsed by coturn-log.ts
 * @property {() => Promise<void>} stop SIGTERM, then SIGKILL after a grace period
 */

/**
 * Where `turnserver` is: $TURNSERVER_PATH if set, else the first executable on $PATH, else the
 * usual install places (Debian, Homebrew on Intel and Apple silicon). Null if there is none.
 * @returns {string | null}
 */
export function turnserverPath() {
	const fromEnv = process.env.TURNSERVER_PATH;
	if (fromEnv) return isExecutable(fromEnv) ? fromEnv : null;
	const dirs = [
		...(process.env.PATH ?? '').split(delimiter).filter(Boolean),
		'/usr/bin',
		'/usr/local/bin',
		'/opt/homebrew/bin'
	];
	for (const dir of dirs) {
		const candidate = join(dir, 'turnserver');
		if (isExecutable(candidate)) return candidate;
	}
	return null;
}

/** The one-line hint printed (and served) when coturn is missing. */
export const INSTALL_HINT = {
	debian: 'sudo apt-get install coturn',
	macos: 'brew install coturn'
};

/**
 * @param {string} file
 * @returns {boolean}
 */
function isExecutable(file) {
	try {
		accessSync(file, constants.X_OK);
		return true;
	} catch {
		return false;
	}
}

/** Servers started by this process and not yet stopped, so that exit and signals can stop them. */
/** @type {Map<number, { kill: () => void, cleanupSync: () => void }>} */
const live = new Map();
let exitHooksInstalled = false;

function installExitHooks() {
	if (exitHooksInstalled) return;
	exitHooksInstalled = true;
	// 'exit' runs synchronous code only: signal the children and remove their files at once
	// (on POSIX a file can be unlinked while the dying child still has it open).
	process.on('exit', () => {
		for (const entry of live.values()) {
			entry.kill();
			entry.cleanupSync();
		}
	});
	for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
		const onSignal = () => {
			for (const entry of live.values()) {
				entry.kill();
				entry.cleanupSync();
			}
			live.clear();
			// Listening for a signal replaces Node's default (exit). If nobody else (Vite, vitest)
			// handles it, restore the default by raising it again without us.
			process.off(signal, onSignal);
			if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
		};
		process.on(signal, onSignal);
	}
}

/**
 * Start coturn on 127.0.0.1 and wait until its UDP and TCP listeners are open.
 * @param {CoturnOptions} [options]
 * @returns {Promise<Coturn>}
 */
export async function startCoturn(options = {}) {
	const bin = options.turnserver ?? turnserverPath();
	if (!bin) {
		throw new Error(
			'turnserver (coturn) is not installed: ' +
				`${INSTALL_HINT.debian} (Debian/Ubuntu) or ${INSTALL_HINT.macos} (macOS)`
		);
	}
	const port = options.port ?? (await freePort());
	const relayPorts = options.relayPorts ?? (await freeRelayBlock(port));
	const realm = options.realm ?? REALM;
	// Fresh for each run, never baked into the static bundle: the page asks the dev/preview server.
	const username = options.username ?? `lab-${randomBytes(6).toString('hex')}`;
	const credential = options.credential ?? randomBytes(18).toString('base64url');

	// One private directory per run for the log, the pid file and the user database, so that we
	// never touch the system's (/var/lib/turn/turndb, /var/run/turnserver.pid) and can remove
	// exactly what we made.
	const dir = await mkdtemp(join(tmpdir(), 'handshake-lab-coturn-'));
	const logFile = join(dir, 'turnserver.log');

	const args = [
		'-n', // no configuration file: everything is on this command line
		`--listening-ip=${HOST}`,
		`--listening-port=${port}`,
		// Relay from loopback. The issue suggested the host's own address; loopback was tried first
		// and works with Chromium 156 here: with iceTransportPolicy 'relay' both peers' relayed
		// addresses are on 127.0.0.1, --allow-loopback-peers lets the server send between them, and
		// the pair relay/relay connects (tests/fixtures/coturn/turn-relay.*). So every socket the
		// server opens stays on loopback, unreachable from the network.
		`--relay-ip=${HOST}`,
		'--allow-loopback-peers',
		// Relay to loopback only: a CreatePermission (RFC 8656 §10) for any other peer address is
		// refused with 403 Forbidden, so the server can never send traffic off this machine.
		'--denied-peer-ip=0.0.0.0-255.255.255.255',
		'--denied-peer-ip=::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
		`--allowed-peer-ip=${HOST}`,
		`--min-port=${relayPorts[0]}`,
		`--max-port=${relayPorts[1]}`,
		// Long-term credentials (RFC 8489 §9.2): the 401 → Allocate-with-MESSAGE-INTEGRITY dance.
		'--lt-cred-mech',
		`--user=${username}:${credential}`,
		`--realm=${realm}`,
		`--userdb=${join(dir, 'turndb.sqlite')}`,
		'--no-tls',
		'--no-dtls',
		'--no-tcp-relay',
		'--no-cli',
		`--pidfile=${join(dir, 'turnserver.pid')}`,
		`--log-file=${logFile}`,
		'--simple-log',
		'--no-stdout-log',
		// Binding requests are not logged by default (a DoS guard); -v adds one line per TURN
		// request and response (ALLOCATE, REFRESH, CREATE_PERMISSION, CHANNEL_BIND, …).
		'--log-binding',
		'-v',
		...(options.extraArgs ?? [])
	];

	const child = spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'] });
	let stderr = '';
	child.stderr?.on('data', (chunk) => {
		if (stderr.length < 8192) stderr += String(chunk);
	});
	/** @type {{ code: number | null, signal: NodeJS.Signals | null } | null} */
	let exited = null;
	/** @type {Promise<void>} */
	const exitedPromise = new Promise((resolve) => {
		child.once('exit', (code, signal) => {
			exited = { code, signal };
			resolve();
		});
	});
	/** @type {Error | null} */
	let spawnError = null;
	child.once('error', (err) => {
		spawnError = err;
	});

	const pid = child.pid;
	const cleanupSync = () => {
		if (!options.keepLog) rmSyncQuiet(dir);
	};
	if (pid !== undefined) {
		installExitHooks();
		live.set(pid, {
			kill: () => {
				if (exited === null) child.kill('SIGTERM');
			},
			cleanupSync
		});
	}

	/** @type {Promise<void> | null} */
	let stopped = null;
	const stop = () => (stopped ??= terminate());
	const terminate = async () => {
		if (exited === null && pid !== undefined) {
			child.kill('SIGTERM');
			const timer = setTimeout(() => {
				if (exited === null) child.kill('SIGKILL');
			}, 3000);
			await exitedPromise;
			clearTimeout(timer);
		}
		if (pid !== undefined) live.delete(pid);
		if (!options.relayPorts) reservedBlocks.delete(relayPorts[0]);
		if (options.keepLog) {
			await rm(join(dir, 'turnserver.pid'), { force: true });
			await rm(join(dir, 'turndb.sqlite'), { force: true });
		} else {
			await rm(dir, { recursive: true, force: true });
		}
	};

	const timeoutMs = options.readyTimeoutMs ?? 10000;
	const deadline = Date.now() + timeoutMs;
	const udpReady = `UDP listener opened on: ${HOST}:${port}`;
	const tcpReady = new RegExp(`TCP listener opened on ?: ${HOST.replace(/\./g, '\\.')}:${port}\\b`);
	for (;;) {
		if (spawnError || exited || pid === undefined) {
			const log = await readFile(logFile, 'utf8').catch(() => '');
			await stop();
			const why = spawnError
				? String(spawnError)
				: `exited with ${JSON.stringify(exited ?? 'no pid')}`;
			throw new Error(
				`turnserver ${why} before it was ready.\n${tail(log + stderr)}\ncommand: ${bin} ${args.join(' ')}`
			);
		}
		const log = existsSync(logFile) ? await readFile(logFile, 'utf8').catch(() => '') : '';
		if (log.includes(udpReady) && tcpReady.test(log)) break;
		if (Date.now() > deadline) {
			await stop();
			throw new Error(
				`turnserver did not open its listeners on ${HOST}:${port} within ${timeoutMs} ms ` +
					`(waited for "${udpReady}" in ${logFile}).\n${tail(log + stderr)}`
			);
		}
		await new Promise((r) => setTimeout(r, 50));
	}

	return {
		pid: /** @type {number} */ (pid),
		port,
		host: HOST,
		realm,
		username,
		credential,
		urls: {
			stun: `stun:${HOST}:${port}`,
			turn: `turn:${HOST}:${port}?transport=udp`
		},
		relayPorts,
		logFile,
		stop
	};
}

/**
 * @param {string} text
 * @returns {string}
 */
function tail(text) {
	return text.trim().split('\n').slice(-15).join('\n');
}

/** @param {string} path */
function rmSyncQuiet(path) {
	try {
		rmSync(path, { recursive: true, force: true });
	} catch {
		/* best effort on the way out */
	}
}

/**
 * A port that is free for both UDP and TCP on 127.0.0.1 (coturn opens both on its listening
 * port): let the OS pick a UDP port, check that TCP can take it too, release both.
 * @returns {Promise<number>}
 */
async function freePort() {
	for (let attempt = 0; attempt < 20; attempt++) {
		const udp = createSocket('udp4');
		const port = await new Promise((resolve, reject) => {
			udp.once('error', reject);
			udp.bind(0, HOST, () => resolve(udp.address().port));
		});
		const tcpFree = await canListenTcp(/** @type {number} */ (port));
		await new Promise((r) => udp.close(() => r(undefined)));
		if (tcpFree) return /** @type {number} */ (port);
	}
	throw new Error(`no port free for both UDP and TCP on ${HOST}`);
}

/**
 * @param {number} port
 * @returns {Promise<boolean>}
 */
function canListenTcp(port) {
	return new Promise((resolve) => {
		const server = createServer();
		server.once('error', () => resolve(false));
		server.listen(port, HOST, () => server.close(() => resolve(true)));
	});
}

/**
 * @param {number} port
 * @returns {Promise<boolean>}
 */
function canBindUdp(port) {
	return new Promise((resolve) => {
		const socket = createSocket('udp4');
		socket.once('error', () => resolve(false));
		socket.bind(port, HOST, () => socket.close(() => resolve(true)));
	});
}

/** Relay blocks held by servers of this process (two can start at once, before either binds). */
/** @type {Set<number>} */
const reservedBlocks = new Set();

/**
 * A block of BLOCK_SIZE relay ports, every one free right now. The first block tried is derived
 * from the listening port, which is unique among live servers, so that two servers started at the
 * same time (dev and a test run) usually start from different blocks; a busy block is skipped.
 * @param {number} port
 * @returns {Promise<[number, number]>}
 */
async function freeRelayBlock(port) {
	const blocks = Math.floor((RELAY_RANGE_END - RELAY_RANGE_START) / BLOCK_SIZE);
	const first = port % blocks;
	for (let i = 0; i < blocks; i++) {
		const min = RELAY_RANGE_START + ((first + i) % blocks) * BLOCK_SIZE;
		const max = min + BLOCK_SIZE - 1;
		if (reservedBlocks.has(min)) continue;
		let free = true;
		for (let p = min; p <= max && free; p++) free = await canBindUdp(p);
		if (free && !reservedBlocks.has(min)) {
			reservedBlocks.add(min);
			return [min, max];
		}
	}
	throw new Error(
		`no free block of ${BLOCK_SIZE} UDP ports in ${RELAY_RANGE_START}–${RELAY_RANGE_END}`
	);
}
