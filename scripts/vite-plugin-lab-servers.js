// The lab's local STUN/TURN server during `vite dev` and `vite preview`: coturn on 127.0.0.1 with a
// credential made for this run (scripts/coturn.js), and two same-origin JSON endpoints through
// which the page learns about it. Nothing here runs in `vite build`, and nothing of it reaches the
// static bundle: a static host serves no /__lab/ endpoints, and the page then says there is no
// local server (the credential is never baked in).
//
//   GET /__lab/ice-servers.json       the STUN and TURN URLs (RFC 7064, RFC 7065) and credential
//   GET /__lab/turn-log?since=<byte>  coturn's log from that byte, parsed into events
import { open, stat } from 'node:fs/promises';
import { isIP } from 'node:net';
import { createCoturnLogParser } from '../src/lib/core/ice/coturn-log.ts';
import { INSTALL_HINT, startCoturn, turnserverPath } from './coturn.js';

const ICE_SERVERS = '/__lab/ice-servers.json';
const TURN_LOG = '/__lab/turn-log';

/** @typedef {import('./coturn.js').Coturn} Coturn */
/** @typedef {import('vite').ViteDevServer | import('vite').PreviewServer} AnyServer */

/**
 * The plugin. Add it before sveltekit(): `plugins: [labServers(), sveltekit()]`.
 * @returns {import('vite').Plugin}
 */
export default function labServers() {
	/** @type {Promise<Coturn | null> | null} */
	let coturn = null;
	/** @type {string | null} why there is no server, once we know */
	let unavailable = null;
	let hinted = false;

	/**
	 * Start coturn once, when the HTTP server starts listening (not lazily on the first request, so
	 * that the terminal shows the URLs or the install hint at once and the page never waits; not in
	 * configureServer itself, because vitest builds a Vite server from the same config and never
	 * listens). `vite build` creates no server, so it starts nothing.
	 * @param {AnyServer} server
	 * @returns {Promise<Coturn | null>}
	 */
	function ensure(server) {
		if (coturn) return coturn;
		const logger = server.config.logger;
		if (!turnserverPath()) {
			unavailable = 'turnserver (coturn) is not installed';
			if (!hinted) {
				hinted = true;
				logger.warn(
					`  STUN/TURN: ${unavailable}; the lab's STUN and TURN lessons need it.\n` +
						`    Debian/Ubuntu: ${INSTALL_HINT.debian}\n    macOS:         ${INSTALL_HINT.macos}`
				);
			}
			coturn = Promise.resolve(null);
			return coturn;
		}
		coturn = startCoturn().then(
			(started) => {
				logger.info(
					`  STUN/TURN: ${started.urls.stun} and ${started.urls.turn} ` +
						`(coturn pid ${started.pid}, log ${started.logFile})`
				);
				return started;
			},
			(err) => {
				unavailable = `coturn did not start: ${err instanceof Error ? err.message : String(err)}`;
				logger.error(`  STUN/TURN: ${unavailable}`);
				return null;
			}
		);
		return coturn;
	}

	async function stop() {
		const started = await coturn;
		await started?.stop();
	}

	/**
	 * @param {AnyServer} server
	 * @param {boolean | string[] | undefined} allowedHosts
	 */
	function install(server, allowedHosts) {
		const httpServer = server.httpServer;
		if (httpServer) {
			if (httpServer.listening) void ensure(server);
			else httpServer.once('listening', () => void ensure(server));
			httpServer.once('close', () => void stop());
		}

		server.middlewares.use(async (req, res, next) => {
			const url = new URL(req.url ?? '/', 'http://localhost');
			// A build for a sub-path (BASE_PATH) asks for its endpoints under that path.
			const base = process.env.BASE_PATH ?? '';
			const path = url.pathname.startsWith(`${base}/__lab/`)
				? url.pathname.slice(base.length)
				: url.pathname;
			if (path !== ICE_SERVERS && path !== TURN_LOG) return next();
			/**
			 * @param {number} status
			 * @param {unknown} body
			 */
			const send = (status, body) => {
				res.statusCode = status;
				res.setHeader('Content-Type', 'application/json; charset=utf-8');
				// A fresh credential each run, and a log that grows: never from a cache.
				res.setHeader('Cache-Control', 'no-store');
				res.end(JSON.stringify(body));
			};
			if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, { error: 'GET only' });
			// Vite 8 checks the Host header before this middleware runs; check again, so that whether
			// a page on another name resolving to this machine (DNS rebinding) can read the credential
			// never depends on the order of middlewares.
			if (!hostAllowed(req.headers.host, allowedHosts))
				return send(403, { error: `host ${req.headers.host} is not allowed` });

			const started = await ensure(server);
			if (!started) {
				return send(path === ICE_SERVERS ? 200 : 404, {
					available: false,
					reason: unavailable ?? 'turnserver (coturn) is not installed',
					install: INSTALL_HINT
				});
			}
			if (path === ICE_SERVERS) {
				return send(200, {
					available: true,
					stun: { urls: started.urls.stun },
					turn: {
						urls: started.urls.turn,
						username: started.username,
						credential: started.credential
					},
					log: TURN_LOG
				});
			}
			const since = Number(url.searchParams.get('since') ?? 0);
			if (!Number.isSafeInteger(since) || since < 0)
				return send(400, { error: 'since must be a byte offset (a whole number ≥ 0)' });
			try {
				send(200, await readTurnLog(started.logFile, since));
			} catch (err) {
				send(500, { error: String(err) });
			}
		});
	}

	return {
		name: 'handshake-lab:servers',
		configureServer(server) {
			install(server, server.config.server.allowedHosts);
		},
		configurePreviewServer(server) {
			install(server, server.config.preview.allowedHosts);
		}
	};
}

/**
 * The log's events whose lines begin at or after byte `since`, and the byte where the next read
 * starts (the end of the last whole line). The whole log is parsed each time, because a session's
 * client address is named only at its start; the log holds a few lines per request, so it is small.
 * @param {string} logFile
 * @param {number} since
 * @returns {Promise<{ next: number, events: import('../src/lib/core/ice/coturn-log').CoturnLogEvent[] }>}
 */
export async function readTurnLog(logFile, since) {
	const { size } = await stat(logFile);
	const handle = await open(logFile, 'r');
	let bytes;
	try {
		bytes = Buffer.alloc(size);
		const { bytesRead } = await handle.read(bytes, 0, size, 0);
		bytes = bytes.subarray(0, bytesRead);
	} finally {
		await handle.close();
	}
	const end = bytes.lastIndexOf(0x0a) + 1; // a line still being written waits for the next read
	// An offset past the end (the log of an earlier run) starts again from the top.
	if (since > end) since = 0;
	const parser = createCoturnLogParser();
	const events = [];
	for (let start = 0; start < end;) {
		const newline = bytes.indexOf(0x0a, start);
		const event = parser.line(bytes.toString('utf8', start, newline));
		if (event && start >= since) events.push(event);
		start = newline + 1;
	}
	return { next: end, events };
}

/**
 * Vite's rule for which Host headers may reach a dev or preview server: IP literals, localhost and
 * its subdomains, and the configured allowedHosts (`true` allows all; `.example.com` a domain).
 * @param {string | undefined} host
 * @param {boolean | string[] | undefined} allowedHosts
 * @returns {boolean}
 */
export function hostAllowed(host, allowedHosts) {
	if (allowedHosts === true) return true;
	if (!host) return false;
	const hostname = host.startsWith('[')
		? host.slice(1, host.indexOf(']'))
		: host.replace(/:\d+$/, '');
	if (isIP(hostname)) return true;
	const name = hostname.toLowerCase();
	if (name === 'localhost' || name.endsWith('.localhost')) return true;
	return (allowedHosts || []).some((allowed) =>
		allowed.startsWith('.')
			? name === allowed.slice(1) || name.endsWith(allowed)
			: name === allowed.toLowerCase()
	);
}
