/**
 * Redaction of a trace before it is shared (docs/trace-format.md, "Redaction").
 *
 * A trace of a real run carries what identifies the people who made it: the machine's addresses
 * (in candidates, `raddr`, SDP `c=`/`o=`/`a=rtcp` lines, getStats, server URLs, coturn's log,
 * error messages), Chromium's `<uuid>.local` names, the ICE password and ICE server credentials,
 * and the DTLS certificate's fingerprint. A redacted trace keeps everything a reader or the replay
 * needs: the structure, event order and times, candidate types, every port, and URL schemes.
 *
 * Each kind of value is replaced through a table built over the whole file first, so that
 * - the same address is always the same placeholder (a candidate, its `raddr` in a srflx, the SDP
 *   line and the getStats entry still point at one another), and two addresses never share one;
 * - a placeholder is never an address that the file itself contains: the documentation ranges
 *   used for placeholders are the ranges real test networks use too (this lab's own recordings
 *   run on 192.0.2.x), and an original standing in for another address could not be told from
 *   one that escaped redaction.
 *
 * Placeholders stay syntactically valid (RFC 5737 / RFC 3849 addresses, a version-4 UUID, a
 * 22-character ice-pwd, a fingerprint of the same length), so the SDP still parses.
 *
 * Every string is scanned in linear time: the regular expressions below have no nested or
 * overlapping quantifiers, and address candidates are maximal runs checked by plain code.
 */
import { isIPv4, isIPv6 } from '../ice/address';
import type { TraceFile } from './types';

export interface RedactionReport {
	/** Distinct IP addresses and `<uuid>.local` names replaced (kept wildcards are not counted). */
	addresses: number;
	/**
	 * Distinct secrets removed: `a=ice-pwd` values, SDES keys (`a=crypto` `inline:`), and the
	 * values of `credential`, `credentials`, `password` and `username` fields.
	 */
	secrets: number;
	/** Distinct DTLS certificate fingerprints masked, and certificates removed. */
	fingerprints: number;
}

/** A redacted file is still version 1 (extra top-level fields are allowed) and says so. */
export type RedactedTraceFile = TraceFile & { redacted: true };

/**
 * RFC 8839 §5.4: ice-pwd is 22 to 256 ice-chars, and Chromium refuses a shorter one, so the
 * placeholder is 22 characters long rather than a bare `REDACTED`.
 */
export const ICE_PWD_PLACEHOLDER = 'REDACTED00000000000000';

/** Fields removed wherever they are (an RTCIceServer's, webrtc-pc, first of all). */
const SECRET_KEYS = new Set(['credential', 'credentials', 'password', 'username']);

/**
 * The `<uuid>.local` names browsers put in host candidates instead of the address
 * (draft-ietf-mmusic-mdns-ice-candidates: a version-4 UUID). They identify a browser
 * session, so they are addresses here.
 */
const MDNS = /\b([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.local\b/gi;
/** RFC 8122 §5: `a=fingerprint:<hash-func> <2UHEX *(":" 2UHEX)>`; hash-func is a short token. */
const SDP_FINGERPRINT = /(a=fingerprint:[!-~]{1,64}[ \t]+)([0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2})*)/gi;
const HEX_PAIRS = /^[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2})+$/;
/** RFC 8839 §5.4. The value runs to the end of the line. */
const SDP_ICE_PWD = /a=ice-pwd:([^\r\n]*)/gi;
/** RFC 4568 §9.1: SDES keying material is `inline:<base64 key||salt>` in an `a=crypto` line. */
const SDP_CRYPTO = /a=crypto:[^\r\n]*/gi;
const INLINE_KEY = /inline:([A-Za-z0-9+/]+)/gi;
/** A maximal run of the characters IP addresses are written with: a candidate for an address. */
const RUN = /[0-9A-Fa-f:.]+/g;
/**
 * The longest IPv6 text form (RFC 4291 §2.2, with a dotted IPv4 tail) is 45 characters; a run
 * may also carry a stray colon or dot on each side, and a port after the address.
 */
const MAX_IPV6_RUN = 64;

/** One kind of value: originals in order of first appearance, and their placeholders. */
class Table {
	/** Normalised originals, in the order they first appear in the file. */
	readonly #seen = new Set<string>();
	readonly #placeholders = new Map<string, string>();

	constructor(
		/** The n-th placeholder (n from 1) for an original, or null when the range is used up. */
		readonly make: (n: number, key: string) => string | null,
		/** The normalised form of a placeholder, to compare with the originals. */
		readonly keyOf: (placeholder: string) => string
	) {}

	get size(): number {
		return this.#seen.size;
	}

	see(key: string): void {
		this.#seen.add(key);
	}

	/**
	 * Numbers the originals in order, skipping any placeholder that is itself an original, so the
	 * mapping is one-to-one and no original survives as someone else's placeholder. Each original
	 * skips at most one candidate per other original, so this stays linear.
	 */
	assign(): void {
		let n = 0;
		for (const key of this.#seen) {
			for (;;) {
				n += 1;
				const placeholder = this.make(n, key);
				if (placeholder === null)
					throw new RangeError(`redactTrace: too many distinct values to redact (${n})`);
				if (this.#seen.has(this.keyOf(placeholder))) continue;
				this.#placeholders.set(key, placeholder);
				break;
			}
		}
	}

	get(key: string): string {
		const placeholder = this.#placeholders.get(key);
		// The collect pass sees every string the apply pass sees, so this cannot happen.
		if (placeholder === undefined) throw new Error('redactTrace: a value escaped the table');
		return placeholder;
	}
}

// --- Addresses --------------------------------------------------------------------------------

function formatIPv4(value: number): string {
	return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

const DOCUMENTATION_IPV4 = ['192.0.2', '198.51.100', '203.0.113'];
/** RFC 2544 §C.2.2 benchmarking range, 198.18.0.0/15: only used past 762 distinct addresses. */
const BENCHMARK_BASE = 198 * 2 ** 24 + 18 * 2 ** 16;
const BENCHMARK_SIZE = 2 ** 17;

/**
 * RFC 5737 §3: 192.0.2.0/24, 198.51.100.0/24 and 203.0.113.0/24 are for documentation and never
 * routed, so a placeholder cannot be taken for somebody's real address. Hosts .1 to .254 only.
 */
function ipv4Placeholder(n: number): string | null {
	const index = n - 1;
	const network = DOCUMENTATION_IPV4[Math.floor(index / 254)];
	if (network !== undefined) return `${network}.${(index % 254) + 1}`;
	const overflow = index - DOCUMENTATION_IPV4.length * 254 + 1;
	return overflow < BENCHMARK_SIZE - 1 ? formatIPv4(BENCHMARK_BASE + overflow) : null;
}

/** RFC 3849: 2001:db8::/32 is for documentation. */
function ipv6Placeholder(n: number): string | null {
	if (n >= 2 ** 32) return null;
	const low = (n % 0x10000).toString(16);
	return n < 0x10000
		? `2001:db8::${low}`
		: `2001:db8::${Math.floor(n / 0x10000).toString(16)}:${low}`;
}

/** `010.1.1.1` and `10.1.1.1` are one address. */
function ipv4Key(text: string): string {
	return text
		.split('.')
		.map((part) => String(Number(part)))
		.join('.');
}

/** All eight groups, lower case, no leading zeros: one key for every spelling (RFC 5952 §4). */
function ipv6Key(text: string): string {
	let head = text.toLowerCase();
	const tail: string[] = [];
	if (head.includes('.')) {
		// A dotted IPv4 tail stands for the last two groups (RFC 4291 §2.2, form 3).
		const last = head.lastIndexOf(':');
		const [a = 0, b = 0, c = 0, d = 0] = head
			.slice(last + 1)
			.split('.')
			.map(Number);
		tail.push((a * 256 + b).toString(16), (c * 256 + d).toString(16));
		head = head.slice(0, last + 1);
		if (head.endsWith(':') && !head.endsWith('::')) head = head.slice(0, -1);
	}
	const groups = (part: string): string[] => (part === '' ? [] : part.split(':'));
	const halves = head.split('::');
	const left = groups(halves[0] ?? '');
	const right = [...(halves.length === 2 ? groups(halves[1] ?? '') : []), ...tail];
	const middle = halves.length === 2 ? 8 - left.length - right.length : 0;
	const all = [...left, ...Array<string>(Math.max(middle, 0)).fill('0'), ...right];
	return all.map((group) => parseInt(group, 16).toString(16)).join(':');
}

/**
 * Kept, because they are nobody's address and a reader needs them:
 * - `0.0.0.0` and `::` mean "no address": the dummy `c=IN IP4 0.0.0.0` and `a=rtcp:9 IN IP4
 *   0.0.0.0` of JSEP (RFC 8829 §5.2.1), and the `raddr 0.0.0.0 rport 0` Chromium writes in a relay
 *   candidate rather than reveal the host behind it;
 * - loopback (RFC 1122 §3.2.1.3, RFC 4291 §2.5.3) is the same on every machine: the `o=` line's
 *   `127.0.0.1` and the lab's own coturn on `127.0.0.1`.
 * Chromium's masked `0.0.0.x` (an icecandidateerror's address) is not an address at all, so no rule
 * touches it.
 */
function keptIPv4(key: string): boolean {
	return key === '0.0.0.0' || key.startsWith('127.');
}

const IPV6_UNSPECIFIED = '0:0:0:0:0:0:0:0';
const IPV6_LOOPBACK = '0:0:0:0:0:0:0:1';

function keptIPv6(key: string): boolean {
	return key === IPV6_UNSPECIFIED || key === IPV6_LOOPBACK;
}

function count(text: string, char: string): number {
	let n = 0;
	for (let i = text.indexOf(char); i !== -1; i = text.indexOf(char, i + 1)) n += 1;
	return n;
}

/**
 * Where an IPv6 address lies in a run, if it holds one. The run may have picked up a colon from
 * the word before (`address:fd00::2`), a full stop or colon after it, or a port after an address
 * written in full (`2a00:1450:4001:81b:0:0:0:200e:3478`, as some logs write it).
 */
function ipv6Span(run: string): [number, number] | null {
	if (run.length > MAX_IPV6_RUN) return null;
	const starts = run.startsWith(':') ? [0, 1] : [0];
	let trimmed = run.length;
	while (trimmed > 0 && run[trimmed - 1] === '.') trimmed -= 1;
	if (run[trimmed - 1] === ':' && run[trimmed - 2] !== ':') trimmed -= 1;
	const lastColon = run.lastIndexOf(':');
	const ends = [run.length, trimmed, lastColon];
	for (const start of starts)
		for (const end of ends)
			if (end - start >= 2 && isIPv6(run.slice(start, end))) return [start, end];
	return null;
}

// --- Fingerprints -------------------------------------------------------------------------------

/** All zero bytes but a counter in the last ones: the same length, so the SDP still parses. */
function fingerprintPlaceholder(n: number, key: string): string | null {
	const pairs = key.split(':').length;
	let hex = n.toString(16).toUpperCase();
	if (hex.length % 2 === 1) hex = `0${hex}`;
	const counter = hex.match(/../g) ?? [];
	if (counter.length > pairs) return null;
	return [...Array<string>(pairs - counter.length).fill('00'), ...counter].join(':');
}

/** The placeholder in the collect pass: the same shape, so later steps see the same text. */
function zeroFingerprint(hex: string): string {
	return hex.replace(/[0-9A-Fa-f]/g, '0');
}

// --- mDNS names ---------------------------------------------------------------------------------

/** A version-4 UUID (RFC 9562 §5.4 layout) that reads as a placeholder. */
function mdnsPlaceholder(n: number): string | null {
	return n < 2 ** 48 ? `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}` : null;
}

// --- The redactor -------------------------------------------------------------------------------

/**
 * Two passes over the same strings: `collect` fills the tables (and returns stand-ins of the
 * same shape, so every later step of a string sees what it will see in the second pass), then
 * `apply` writes the placeholders.
 */
class Redactor {
	#mode: 'collect' | 'apply' = 'collect';
	/** Each distinct string's result in the current pass. */
	#cache = new Map<string, string>();
	readonly ipv4 = new Table(ipv4Placeholder, ipv4Key);
	readonly ipv6 = new Table(ipv6Placeholder, ipv6Key);
	readonly mdns = new Table(mdnsPlaceholder, (p) => p.toLowerCase());
	readonly fingerprints = new Table(fingerprintPlaceholder, (p) => p.toUpperCase());
	readonly secrets = new Set<string>();
	readonly certificates = new Set<string>();

	/** Ends the collect pass: numbers every table, and starts the apply pass afresh. */
	assign(): void {
		for (const table of [this.ipv4, this.ipv6, this.mdns, this.fingerprints]) table.assign();
		this.#mode = 'apply';
		this.#cache = new Map();
	}

	report(): RedactionReport {
		return {
			addresses: this.ipv4.size + this.ipv6.size + this.mdns.size,
			secrets: this.secrets.size,
			fingerprints: this.fingerprints.size + this.certificates.size
		};
	}

	#lookup(table: Table, key: string, standIn: string): string {
		if (this.#mode === 'collect') {
			table.see(key);
			return standIn;
		}
		return table.get(key);
	}

	#secret(value: string): void {
		if (value !== '') this.secrets.add(value);
	}

	fingerprint(hex: string): string {
		return this.#lookup(this.fingerprints, hex.toUpperCase(), zeroFingerprint(hex));
	}

	#ipv4(text: string): string {
		const key = ipv4Key(text);
		return keptIPv4(key) ? text : this.#lookup(this.ipv4, key, text);
	}

	#ipv6(text: string): string {
		const key = ipv6Key(text);
		return keptIPv6(key) ? text : this.#lookup(this.ipv6, key, text);
	}

	/** IPv4 addresses in a run, between its colons (`192.0.2.2:35044`, `turn:…`). */
	#ipv4Pieces(run: string): string {
		return run
			.split(':')
			.map((piece) => {
				let start = 0;
				let end = piece.length;
				while (piece[start] === '.') start += 1;
				while (end > start && piece[end - 1] === '.') end -= 1;
				const core = piece.slice(start, end);
				return isIPv4(core) ? piece.slice(0, start) + this.#ipv4(core) + piece.slice(end) : piece;
			})
			.join(':');
	}

	#run(run: string): string {
		const hasDot = run.includes('.');
		// An IPv6 address has at least two colons (`::` included).
		if (count(run, ':') >= 2) {
			const span = ipv6Span(run);
			if (span) {
				const [start, end] = span;
				return run.slice(0, start) + this.#ipv6(run.slice(start, end)) + run.slice(end);
			}
		}
		return hasDot ? this.#ipv4Pieces(run) : run;
	}

	/**
	 * Every rule that applies inside a string, in an order where none undoes another. A trace
	 * repeats the same strings many times (every getStats sample names the same ids, types and
	 * addresses), so each distinct string is worked out once per pass: the tables are sets, so a
	 * string seen again adds nothing in the collect pass, and gets the same answer in the apply pass.
	 */
	text(value: string): string {
		if (value === '') return value;
		const known = this.#cache.get(value);
		if (known !== undefined) return known;
		const out = this.#rules(value);
		this.#cache.set(value, out);
		return out;
	}

	#rules(value: string): string {
		let out = value;
		// Each rule only where its literal occurs: most strings of a trace are short names and ids.
		if (/a=fingerprint:/i.test(out))
			out = out.replace(
				SDP_FINGERPRINT,
				(_m, head: string, hex: string) => head + this.fingerprint(hex)
			);
		if (/a=crypto:/i.test(out))
			out = out.replace(SDP_CRYPTO, (line) =>
				line.replace(INLINE_KEY, (_m, key: string) => {
					this.#secret(key);
					// An all-zero key of the same length: the line keeps its crypto-suite's shape.
					return `inline:${'A'.repeat(key.length)}`;
				})
			);
		if (/a=ice-pwd:/i.test(out))
			out = out.replace(SDP_ICE_PWD, (_m, pwd: string) => {
				this.#secret(pwd);
				return `a=ice-pwd:${pwd === '' ? '' : ICE_PWD_PLACEHOLDER}`;
			});
		if (/\.local/i.test(out))
			out = out.replace(MDNS, (_m, uuid: string) => {
				const standIn = '00000000-0000-4000-8000-000000000000';
				return `${this.#lookup(this.mdns, uuid.toLowerCase(), standIn)}.local`;
			});
		// Every address has a dot or two colons. ICE-pwd, fingerprint and mDNS placeholders hold
		// no address, so this comes last.
		if (out.includes('.') || out.indexOf(':') !== out.lastIndexOf(':'))
			out = out.replace(RUN, (run) => (run.length < 3 ? run : this.#run(run)));
		return out;
	}

	walk(value: unknown): unknown {
		if (typeof value === 'string') return this.text(value);
		if (Array.isArray(value)) return value.map((item) => this.walk(item));
		if (typeof value !== 'object' || value === null) return value;
		const entries: [string, unknown][] = [];
		for (const [key, item] of Object.entries(value)) {
			if (SECRET_KEYS.has(key)) {
				if (item !== null && item !== undefined)
					this.#secret(typeof item === 'string' ? item : JSON.stringify(item));
				continue;
			}
			// webrtc-stats RTCCertificateStats: the certificate is what the fingerprint hashes.
			if (key === 'base64Certificate') {
				if (typeof item === 'string' && item !== '') this.certificates.add(item);
				continue;
			}
			if (key === 'fingerprint' && typeof item === 'string' && HEX_PAIRS.test(item)) {
				entries.push([key, this.fingerprint(item)]);
				continue;
			}
			entries.push([this.text(key), this.walk(item)]);
		}
		// fromEntries defines own properties, so a `__proto__` key stays data, never a prototype.
		return Object.fromEntries(entries);
	}
}

/**
 * The top level: `userAgent` is kept as it is, because a browser version such as
 * `Chrome/156.0.0.0` has the shape of an IPv4 address and is not one; an earlier `redacted`
 * flag is replaced.
 */
function visit(redactor: Redactor, file: TraceFile): Record<string, unknown> {
	const out: [string, unknown][] = [];
	for (const [key, value] of Object.entries(file)) {
		if (key === 'redacted') continue;
		out.push([key, key === 'userAgent' ? value : redactor.walk(value)]);
	}
	return Object.fromEntries(out);
}

/**
 * A copy of `file` with every IP address, `<uuid>.local` name, secret and fingerprint replaced
 * (see the module comment), and `"redacted": true`. Pure: the input is never changed.
 */
export function redactTrace(file: TraceFile): {
	file: RedactedTraceFile;
	report: RedactionReport;
} {
	const redactor = new Redactor();
	visit(redactor, file);
	redactor.assign();
	const out = visit(redactor, file);
	return {
		file: { ...(out as unknown as TraceFile), version: 1, redacted: true },
		report: redactor.report()
	};
}
