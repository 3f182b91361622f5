// A small static file server for a built site, under a base path, as a plain web host would serve
// it: for trying a sub-path build (npm run build:subpath) and for its end-to-end test. No
// dependencies; 127.0.0.1 only; GET and HEAD only.
//
//   node scripts/serve-static.js <dir> [--base /courses/webrtc] [--port 4180] [--cors]
//
// A URL under the base maps to a file in <dir>: `/base/inspect` is `inspect.html` (what
// adapter-static writes, and what common static hosts serve for a path without an extension), a
// folder is its `index.html`. Anything else is 404, including every URL outside the base, so that
// a test sees a link or fetch that forgot the base. A path that would leave <dir> (`..`, an
// encoded `%2e%2e`, a symbolic link pointing out) is refused.
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

/** @type {Record<string, string>} */
export const CONTENT_TYPES = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.mjs': 'text/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.json': 'application/json; charset=utf-8',
	'.svg': 'image/svg+xml',
	'.png': 'image/png',
	'.ico': 'image/x-icon',
	'.txt': 'text/plain; charset=utf-8',
	'.woff2': 'font/woff2',
	'.map': 'application/json; charset=utf-8'
};

const HOST = '127.0.0.1';

/**
 * `/courses/webrtc/`, `courses/webrtc` → `/courses/webrtc`; `` and `/` → ``.
 * @param {string} base
 */
export function normalizeBase(base) {
	const trimmed = base.replace(/^\/+|\/+$/g, '');
	return trimmed ? `/${trimmed}` : '';
}

/**
 * Is `path` the folder `root` or inside it?
 * @param {string} root
 * @param {string} path
 */
const inside = (root, path) => path === root || path.startsWith(root + sep);

/**
 * The file to serve for a path below the base (already decoded), or null.
 * @param {string} root the site's folder, resolved and real
 * @param {string} rest the URL's path after the base, starting with `/`
 * @returns {Promise<string | null>}
 */
export async function findFile(root, rest) {
	if (rest.includes('\0')) return null;
	const target = resolve(root, `.${rest}`);
	if (!inside(root, target)) return null;
	const candidates = rest.endsWith('/')
		? [join(target, 'index.html')]
		: [target, `${target}.html`, join(target, 'index.html')];
	for (const candidate of candidates) {
		try {
			const real = await realpath(candidate);
			if (!inside(root, real)) return null;
			if ((await stat(real)).isFile()) return real;
		} catch {
			/* not there: try the next */
		}
	}
	return null;
}

/**
 * @param {{ dir: string, base?: string, port?: number, cors?: boolean }} options
 * @returns {Promise<{ server: import('node:http').Server, url: string }>}
 */
export async function serveStatic({ dir, base = '', port = 4180, cors = false }) {
	const root = await realpath(resolve(dir));
	if (!(await stat(root)).isDirectory()) throw new Error(`${dir} is not a folder`);
	const prefix = normalizeBase(base);

	const server = createServer(async (req, res) => {
		/**
		 * @param {number} status
		 * @param {string} text
		 * @param {Record<string, string>} [headers]
		 */
		const reply = (status, text, headers = {}) => {
			res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
			res.end(req.method === 'HEAD' ? undefined : `${text}\n`);
		};
		if (req.method !== 'GET' && req.method !== 'HEAD')
			return reply(405, 'GET or HEAD only', { Allow: 'GET, HEAD' });

		const url = new URL(req.url ?? '/', `http://${HOST}`);
		// The base itself, without its slash, is the site's start page: relative links need the slash.
		if (prefix && url.pathname === prefix)
			return reply(301, 'Moved', { Location: `${prefix}/${url.search}` });
		if (!url.pathname.startsWith(`${prefix}/`))
			return reply(404, `Not found: this server serves ${prefix}/ only`);

		let rest;
		try {
			rest = decodeURIComponent(url.pathname.slice(prefix.length));
		} catch {
			return reply(400, 'Bad request: malformed URL encoding');
		}
		const file = await findFile(root, rest);
		if (!file) return reply(404, `Not found: ${url.pathname}`);

		const { size } = await stat(file);
		res.writeHead(200, {
			'Content-Type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
			'Content-Length': String(size),
			'X-Content-Type-Options': 'nosniff',
			// What a host sends so that the embed runs inside sandbox="allow-scripts": a frame with an
			// opaque origin loads the lab's module scripts in CORS mode (README, "Embedding").
			...(cors ? { 'Access-Control-Allow-Origin': '*' } : {}),
			// SvelteKit's hashed files never change; everything else is checked each time.
			'Cache-Control': rest.startsWith('/_app/immutable/')
				? 'public, max-age=31536000, immutable'
				: 'no-cache'
		});
		if (req.method === 'HEAD') return res.end();
		createReadStream(file)
			.on('error', () => res.destroy())
			.pipe(res);
	});

	await new Promise((ok, fail) => {
		server.once('error', fail);
		server.listen(port, HOST, () => ok(undefined));
	});
	const address = server.address();
	const actualPort = typeof address === 'object' && address ? address.port : port;
	return { server, url: `http://${HOST}:${actualPort}${prefix}/` };
}

const usage =
	'usage: node scripts/serve-static.js <dir> [--base /courses/webrtc] [--port 4180] [--cors]';

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
	let parsed;
	try {
		parsed = parseArgs({
			allowPositionals: true,
			options: {
				base: { type: 'string', default: '' },
				port: { type: 'string', default: '4180' },
				cors: { type: 'boolean', default: false }
			}
		});
	} catch (err) {
		console.error(`${err instanceof Error ? err.message : String(err)}\n${usage}`);
		process.exit(2);
	}
	const [dir] = parsed.positionals;
	const port = Number(parsed.values.port);
	if (!dir || parsed.positionals.length > 1 || !Number.isInteger(port) || port < 0) {
		console.error(usage);
		process.exit(2);
	}
	serveStatic({ dir, base: parsed.values.base, port, cors: parsed.values.cors }).then(
		({ url }) => console.log(`Serving ${dir} at ${url}`),
		(err) => {
			console.error(`serve-static: ${err instanceof Error ? err.message : String(err)}`);
			process.exit(1);
		}
	);
}
