// scripts/coturn.js against the real coturn: it starts, answers a STUN Binding request that we
// write byte by byte (RFC 8489), and is gone after stop(). Nothing is skipped: without coturn this
// fails and says how to install it (CI installs it, see .ci/run).
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startCoturn, turnserverPath } from '../../scripts/coturn.js';
import { readTurnLog } from '../../scripts/vite-plugin-lab-servers.js';

type Coturn = Awaited<ReturnType<typeof startCoturn>>;

const MAGIC_COOKIE = 0x2112a442; // RFC 8489 §5
const BINDING_REQUEST = 0x0001;
const BINDING_SUCCESS = 0x0101;
const XOR_MAPPED_ADDRESS = 0x0020; // RFC 8489 §14.2

function requireTurnserver(): void {
	if (!turnserverPath())
		throw new Error(
			'turnserver (coturn) is not installed: install it with `sudo apt-get install coturn` ' +
				'(Debian/Ubuntu) or `brew install coturn` (macOS), or set TURNSERVER_PATH'
		);
}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (err) {
		if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
		throw err;
	}
}

/** A 20-byte Binding request: type, length 0, magic cookie, 96-bit transaction id (§5, §6). */
function bindingRequest(transactionId: Buffer): Buffer {
	const header = Buffer.alloc(20);
	header.writeUInt16BE(BINDING_REQUEST, 0);
	header.writeUInt16BE(0, 2);
	header.writeUInt32BE(MAGIC_COOKIE, 4);
	transactionId.copy(header, 8);
	return header;
}

interface BindingResponse {
	type: number;
	transactionId: Buffer;
	mapped?: { address: string; port: number };
}

function parseResponse(message: Buffer): BindingResponse {
	const type = message.readUInt16BE(0);
	const length = message.readUInt16BE(2);
	expect(message.readUInt32BE(4)).toBe(MAGIC_COOKIE);
	const response: BindingResponse = { type, transactionId: message.subarray(8, 20) };
	// Attributes are TLVs padded to 4 bytes (§14).
	for (let at = 20; at + 4 <= 20 + length;) {
		const attrType = message.readUInt16BE(at);
		const attrLength = message.readUInt16BE(at + 2);
		const value = message.subarray(at + 4, at + 4 + attrLength);
		if (attrType === XOR_MAPPED_ADDRESS && value.readUInt8(1) === 0x01) {
			// IPv4: port XORed with the cookie's top 16 bits, address with the whole cookie.
			const port = value.readUInt16BE(2) ^ (MAGIC_COOKIE >>> 16);
			const address = (value.readUInt32BE(4) ^ MAGIC_COOKIE) >>> 0;
			response.mapped = {
				address: [24, 16, 8, 0].map((shift) => (address >>> shift) & 0xff).join('.'),
				port
			};
		}
		at += 4 + Math.ceil(attrLength / 4) * 4;
	}
	return response;
}

async function stunBinding(host: string, port: number) {
	const socket = createSocket('udp4');
	await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
	const transactionId = randomBytes(12);
	try {
		const reply = new Promise<Buffer>((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error('no STUN response within 3 s')), 3000);
			socket.once('message', (msg) => {
				clearTimeout(timer);
				resolve(msg);
			});
		});
		socket.send(bindingRequest(transactionId), port, host);
		return {
			transactionId,
			localPort: socket.address().port,
			response: parseResponse(await reply)
		};
	} finally {
		socket.close();
	}
}

describe('scripts/coturn.js with the real turnserver', () => {
	const started: Coturn[] = [];
	afterAll(async () => {
		await Promise.all(started.map((s) => s.stop()));
	});

	it('starts on loopback, answers a STUN Binding request, and stops by PID', async () => {
		requireTurnserver();
		const server = await startCoturn();
		started.push(server);

		expect(server.host).toBe('127.0.0.1');
		expect(server.realm).toBe('handshake-lab');
		expect(server.urls).toEqual({
			stun: `stun:127.0.0.1:${server.port}`,
			turn: `turn:127.0.0.1:${server.port}?transport=udp`
		});
		expect(server.username).toMatch(/^lab-[0-9a-f]{12}$/);
		expect(server.credential.length).toBeGreaterThanOrEqual(20);
		expect(alive(server.pid)).toBe(true);
		expect(existsSync(server.logFile)).toBe(true);

		const { transactionId, localPort, response } = await stunBinding(server.host, server.port);
		expect(response.type).toBe(BINDING_SUCCESS);
		expect(response.transactionId.equals(transactionId)).toBe(true);
		expect(response.mapped).toEqual({ address: '127.0.0.1', port: localPort });

		// The server's side, as /__lab/turn-log serves it (--log-binding): our Binding, from us.
		let log = await readTurnLog(server.logFile, 0);
		for (let i = 0; i < 40 && log.events.length === 0; i++) {
			await new Promise((r) => setTimeout(r, 25));
			log = await readTurnLog(server.logFile, 0);
		}
		expect(log.events).toEqual([
			expect.objectContaining({
				method: 'BINDING',
				outcome: 'success',
				client: `127.0.0.1:${localPort}`,
				server: `127.0.0.1:${server.port}`
			})
		]);
		expect(await readTurnLog(server.logFile, log.next)).toEqual({ next: log.next, events: [] });

		await server.stop();
		expect(alive(server.pid)).toBe(false);
		expect(existsSync(server.logFile)).toBe(false);
		await server.stop(); // a second stop is harmless
	});

	it('gives each run its own port, relay ports and credential', async () => {
		requireTurnserver();
		const [a, b] = await Promise.all([startCoturn(), startCoturn({ keepLog: true })]);
		started.push(a, b);
		expect(a.port).not.toBe(b.port);
		expect(a.username).not.toBe(b.username);
		expect(a.credential).not.toBe(b.credential);
		const [aMin, aMax] = a.relayPorts;
		const [bMin, bMax] = b.relayPorts;
		expect(aMax < bMin || bMax < aMin).toBe(true);

		await Promise.all([a.stop(), b.stop()]);
		expect(alive(a.pid) || alive(b.pid)).toBe(false);
		// keepLog: the log stays (the caller asked for it), and it shows the server's listeners.
		expect(existsSync(b.logFile)).toBe(true);
		expect(await readFile(b.logFile, 'utf8')).toContain(
			`UDP listener opened on: 127.0.0.1:${b.port}`
		);
		await rm(dirname(b.logFile), { recursive: true });
	});
});
