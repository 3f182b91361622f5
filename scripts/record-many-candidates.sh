#!/usr/bin/env bash
# Records tests/fixtures/traces/many-candidates.trace.json: a real run of the lab (`/`, Play, Export trace)
# in which Alice and Bob together gather about 200 host candidates, for `npm run bench` to replay
# (the animation row: long tasks and frame times while 200 candidates are drawn).
#
# Everything happens inside network namespaces this script creates and deletes; the many addresses
# are benchmarking (RFC 2544) and documentation (RFC 3849) addresses that exist only there:
#
#   namespace hlab-many (the lab)                      namespace hlab-many-sink (nothing runs)
#     lo           127.0.0.1  vite preview, coturn
#     hlab-many0   198.18.1.10/24 … 198.18.45.10/24 ──veth── hlab-many1 (no address, forwarding off)
#                  2001:db8:1::10/64 … 2001:db8:5::10/64
#     default routes (IPv4 and IPv6): dev hlab-many0, no gateway
#
# Why each piece (measured with Chromium 156 while writing this script):
# - Chromium enumerates every interface address only for a page that has camera or microphone
#   permission; without it, it uses just the address of the default route (one IPv4 and one IPv6
#   candidate per peer, however many the interface holds). So the browser context is granted
#   `camera` and `microphone` (Playwright's grantPermissions) before the page opens. The lab never
#   calls getUserMedia; the permission only changes which addresses Chromium offers.
# - Each IPv4 address sits in its own /24: WebRTC groups addresses into networks by interface and
#   prefix, and gathers on one address per network. With permission, one veth with 50 IPv4 and
#   50 IPv6 networks gave 50 IPv4 but only 5 IPv6 networks per peer: WebRTC keeps at most 5 IPv6
#   networks (webrtc's kDefaultMaxIPv6Networks). There was no cap on IPv4 networks, nor one per
#   interface, so one veth is enough.
# - Each network gives a UDP and a TCP candidate (`tcptype active`, port 9): 45 IPv4 + 5 IPv6
#   networks make 100 candidates per peer, 200 for the two.
# - Trickle ICE is switched off (vanilla ICE). With trickle on, how many candidates a peer gathered
#   was a race with the connection, which comes a few hundred ms in: two runs gave 150 of 200
#   (Alice 100; Bob 50, UDP only, his gathering ending as his ICE connected) and, with 67 networks,
#   78 of 268 (Alice 67, UDP only; Bob 11). With vanilla ICE each description waits until
#   gathering is complete: Alice, the offerer, always gathers all of hers. Bob still races: he
#   starts checking as soon as he has the offer's candidates, and Alice answers his checks before
#   she has his answer, so his ICE can connect before his TCP candidates come, which ends his
#   gathering. In one of five vanilla runs he gathered only his 50 UDP candidates (150 in all), so
#   the script tries up to ATTEMPTS times and keeps the first run with MIN_CANDIDATES or more.
#   Each peer's candidates are still trace events (`ice-candidate`); they reach the other peer
#   inside the offer and the answer.
# - The default routes name the device and no gateway (without one Chromium gathers nothing): a
#   packet to any address off those prefixes stops at an unanswered ARP or neighbour request on
#   the veth. Connectivity checks between Alice's and Bob's addresses stay on the namespace's own
#   stack, since every address is local to it.
# - /etc/netns/hlab-many/resolv.conf points DNS at 127.0.0.1 inside the namespace, so no lookup
#   goes to the host's resolver.
# - Chromium gets the e2e tests' launch options unchanged (tests/e2e/chromium.js): mDNS hiding of
#   host addresses is off, as in the tests.
#
# The exported file is checked (parseTrace; at least MIN_CANDIDATES candidates; none is a .local
# name; both peers reach connection state `connected`), then only its `name` is changed and it is
# moved into place. Its events stay exactly as Chromium reported them.
#
# Usage (root, Linux with iproute2):  scripts/record-many-candidates.sh
#   PORT=4221          the preview server's port inside the namespace (4220-4229 are the bench's)
#   IPV4=45 IPV6=5     how many IPv4 and IPv6 networks (one address each) the interface gets
#   MIN_CANDIDATES=180 fewer candidates in the recording fail the run
#   ATTEMPTS=3         runs of the lab to try for one that gathers MIN_CANDIDATES (see the header)
#   SKIP_BUILD=1       use the existing build instead of running `npm run build`
#   OUT=path           where the trace goes (default tests/fixtures/traces/many-candidates.trace.json)
# Running it again re-records the file and leaves nothing behind (namespaces, processes, files).
set -euo pipefail

NS=hlab-many
SINK=hlab-many-sink
VETH=hlab-many0
VETH_PEER=hlab-many1
PORT=${PORT:-4221}
IPV4=${IPV4:-45}
IPV6=${IPV6:-5}
MIN_CANDIDATES=${MIN_CANDIDATES:-180}
ATTEMPTS=${ATTEMPTS:-3}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=${OUT:-$ROOT/tests/fixtures/traces/many-candidates.trace.json}
WORK=$(mktemp -d /tmp/record-many-candidates.XXXXXX)
PREVIEW_PID=
CAPTURE_PID=

log() { printf '[record-many-candidates] %s\n' "$*" >&2; }
fail() {
	log "FAILED: $*"
	exit 1
}

[[ $(id -u) -eq 0 ]] || fail 'run as root: it creates network namespaces'
command -v ip > /dev/null || fail 'ip (iproute2) is needed'
command -v node > /dev/null || fail 'node is needed'
CHROMIUM=${CHROMIUM_PATH:-/usr/bin/chromium}
[[ -x $CHROMIUM ]] || fail "no Chromium at $CHROMIUM (apt-get install chromium, or set CHROMIUM_PATH)"
[[ $IPV4 -ge 1 && $IPV4 -le 250 && $IPV6 -ge 1 && $IPV6 -le 250 ]] || fail 'IPV4 and IPV6: 1 to 250'

remove_namespaces() {
	# Deleting a namespace deletes the veth in it, and so its other end.
	local ns
	for ns in "$NS" "$SINK"; do
		if ip netns list | awk '{ print $1 }' | grep -qxF "$ns"; then ip netns del "$ns"; fi
	done
	rm -rf "/etc/netns/$NS"
	rmdir /etc/netns 2> /dev/null || true
}

stop_pid() {
	# $1: a process this script started; $2: 'group' to stop its whole process group (setsid).
	local pid=$1 target=$1
	[[ -n $pid ]] && kill -0 "$pid" 2> /dev/null || return 0
	[[ ${2:-} == group ]] && target=-$pid
	kill -TERM -- "$target" 2> /dev/null || true
	for _ in $(seq 50); do
		kill -0 "$pid" 2> /dev/null || return 0
		sleep 0.1
	done
	kill -KILL -- "$target" 2> /dev/null || true
}

cleanup() {
	local status=$?
	# The preview server's process group holds the server and the coturn it started.
	stop_pid "$PREVIEW_PID" group
	stop_pid "$CAPTURE_PID"
	remove_namespaces
	if [[ $status -eq 0 ]]; then rm -rf "$WORK"; else log "kept $WORK for inspection"; fi
	exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cd "$ROOT"

# A previous run that was killed may have left its namespaces: they are this script's own.
remove_namespaces

if [[ -z ${SKIP_BUILD:-} ]]; then
	log 'npm run build'
	npm run build > "$WORK/build.log" 2>&1 || fail "npm run build (see $WORK/build.log)"
fi
[[ -f build/index.html ]] || fail 'no build: run npm run build'

log "namespace $NS: lo, $VETH with $IPV4 IPv4 + $IPV6 IPv6 networks, default routes on $VETH"
ip netns add "$NS"
ip netns add "$SINK"
ip link add "$VETH" netns "$NS" type veth peer name "$VETH_PEER" netns "$SINK"
ip -n "$NS" link set lo up
for i in $(seq "$IPV4"); do ip -n "$NS" addr add "198.18.$i.10/24" dev "$VETH"; done
# nodad: usable at once, instead of "tentative" (and ignored by Chromium) until DAD finishes.
for i in $(seq "$IPV6"); do
	ip -n "$NS" addr add "2001:db8:$(printf '%x' "$i")::10/64" dev "$VETH" nodad
done
ip -n "$NS" link set "$VETH" up
ip -n "$NS" route add default dev "$VETH"
ip -n "$NS" -6 route add default dev "$VETH"
ip -n "$SINK" link set "$VETH_PEER" up
ip netns exec "$SINK" sysctl -qw net.ipv4.ip_forward=0 net.ipv6.conf.all.forwarding=0
mkdir -p "/etc/netns/$NS"
echo 'nameserver 127.0.0.1' > "/etc/netns/$NS/resolv.conf"

# What leaves the lab's namespace, seen from the sink (optional: needs tcpdump).
if command -v tcpdump > /dev/null; then
	ip netns exec "$SINK" tcpdump -i "$VETH_PEER" -n -U -w "$WORK/veth.pcap" \
		> "$WORK/tcpdump.log" 2>&1 &
	CAPTURE_PID=$!
	sleep 0.5
fi

log "vite preview on 127.0.0.1:$PORT inside $NS"
# setsid: its own process group, so the server and the coturn it starts stop together.
ip netns exec "$NS" setsid node node_modules/vite/bin/vite.js preview \
	--port "$PORT" --strictPort --host 127.0.0.1 > "$WORK/preview.log" 2>&1 &
PREVIEW_PID=$!
ORIGIN=http://127.0.0.1:$PORT
for i in $(seq 100); do
	if ip netns exec "$NS" node -e "fetch('$ORIGIN/').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"; then
		break
	fi
	kill -0 "$PREVIEW_PID" 2> /dev/null || fail "vite preview stopped (see $WORK/preview.log)"
	[[ $i -lt 100 ]] || fail "vite preview did not answer (see $WORK/preview.log)"
	sleep 0.2
done

log "Chromium (e2e flags, camera and microphone permission): Play, wait for the end, Export trace (up to $ATTEMPTS attempts)"
ip netns exec "$NS" env ORIGIN="$ORIGIN" RAW="$WORK/raw.trace.json" INFO="$WORK/info.json" \
	ATTEMPTS="$ATTEMPTS" MIN_CANDIDATES="$MIN_CANDIDATES" CHROMIUM_PATH="$CHROMIUM" node --input-type=module -e "$(
		cat << 'EOF'
import { readFile, writeFile } from 'node:fs/promises';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from './tests/e2e/chromium.js';

const { ORIGIN, RAW, INFO } = process.env;
const attempts = Number(process.env.ATTEMPTS);
const min = Number(process.env.MIN_CANDIDATES);
const browser = await chromium.launch(chromiumLaunchOptions());
try {
	for (let attempt = 1; attempt <= attempts; attempt++) {
		// A fresh context each time: nothing of a previous attempt carries over.
		const context = await browser.newContext({ acceptDownloads: true });
		// Only a page with media permission gets every interface address (see the header).
		await context.grantPermissions(['camera', 'microphone'], { origin: ORIGIN });
		const page = await context.newPage();
		await page.goto('chrome://version');
		const version = (await page.locator('#version').innerText()).trim().split(' ')[0];
		const commandLine = (await page.locator('#command_line').innerText()).trim();

		await page.goto(`${ORIGIN}/`);
		// Vanilla ICE: each description waits until gathering is complete (see the header).
		await page.getByRole('checkbox', { name: /Trickle ICE/ }).setChecked(false);
		await page.getByRole('button', { name: 'Play' }).click();
		const status = page.getByRole('status');
		// About 2000 candidate pairs to check: connecting took about 4 s here.
		await status.getByText(/^(Connected|Stopped)\./).waitFor({ timeout: 180_000 });
		const statusText = (await status.innerText()).trim();
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			page.getByRole('button', { name: 'Export trace' }).click()
		]);
		const raw = await readFile(await download.path());
		const { events } = JSON.parse(raw.toString('utf8'));
		const count = events.filter((e) => e.type === 'ice-candidate' && e.candidate).length;
		console.log(`attempt ${attempt}: ${count} candidates; status: ${statusText}`);
		await context.close();
		// The last attempt is kept whatever it gathered: the checks below then say why it fails.
		if (count >= min || attempt === attempts) {
			await writeFile(RAW, raw);
			await writeFile(INFO, JSON.stringify({ version, commandLine, statusText, attempt }, null, 2));
			console.log(`Chromium ${version} (chrome://version)`);
			break;
		}
	}
} finally {
	await browser.close();
}
EOF
	)" || fail 'the recording run failed'

stop_pid "$PREVIEW_PID" group
PREVIEW_PID=

log 'checking the trace, then naming it'
RAW="$WORK/raw.trace.json" INFO="$WORK/info.json" OUT_TMP="$WORK/named.trace.json" \
	MIN_CANDIDATES="$MIN_CANDIDATES" node_modules/.bin/tsx --eval "$(
	cat << 'EOF'
import { readFileSync, writeFileSync } from 'node:fs';
import { parseTrace } from './src/lib/core/trace/format.ts';

const raw = readFileSync(process.env.RAW!, 'utf8');
const info = JSON.parse(readFileSync(process.env.INFO!, 'utf8')) as { version: string };
const problems: string[] = [];
const parsed = parseTrace(raw);
if (!parsed.ok) throw new Error(`parseTrace: ${parsed.error}`);
const { events } = parsed.file;

const candidates = events.flatMap((e) => (e.type === 'ice-candidate' && e.candidate ? [e] : []));
const kinds = new Map<string, number>();
for (const e of candidates) {
	const [, , protocol, , address, , , type] = e.candidate!.split(' ');
	if (address.endsWith('.local')) problems.push(`${e.peer}'s candidate is ${address}`);
	const key = `${e.peer} ${protocol} ${address.includes(':') ? 'IPv6' : 'IPv4'} ${type}`;
	kinds.set(key, (kinds.get(key) ?? 0) + 1);
}
const min = Number(process.env.MIN_CANDIDATES);
if (candidates.length < min) problems.push(`${candidates.length} candidates, expected ${min} or more`);
for (const peer of ['alice', 'bob'])
	if (
		!events.some(
			(e) =>
				e.type === 'state-change' &&
				e.peer === peer &&
				e.machine === 'connection' &&
				e.value === 'connected'
		)
	)
		problems.push(`${peer} never reached connection state "connected"`);
if (problems.length) throw new Error(problems.slice(0, 5).join('; '));

// Only the name changes: one line of the exported text, then proof that nothing else did.
const name = `Recorded run: ${candidates.length} host candidates, vanilla ICE (Chromium ${info.version}, e2e flags, media permission, isolated network namespace)`;
const nameLine = /^ {2}"name": ".*",$/m;
if (!nameLine.test(raw)) throw new Error('no top-level "name" line in the export');
const named = raw.replace(nameLine, `  "name": ${JSON.stringify(name)},`);
const before = JSON.parse(raw);
const after = JSON.parse(named);
if (after.name !== name || JSON.stringify({ ...after, name: before.name }) !== JSON.stringify(before))
	throw new Error('renaming changed more than the name');
writeFileSync(process.env.OUT_TMP!, named);

for (const [key, count] of [...kinds].sort()) console.log(`${key}: ${count}`);
for (const e of events)
	if (e.type === 'state-change' && e.machine === 'connection')
		console.log(`${e.peer} t=${e.t} connection ${e.value}`);
console.log(`${events.length} events, ${candidates.length} candidates, ${Buffer.byteLength(named)} bytes; name: ${name}`);
EOF
)" || fail 'the recorded trace did not pass its checks'
mkdir -p "$(dirname "$OUT")"
mv "$WORK/named.trace.json" "$OUT"
log "wrote $OUT"

if [[ -n $CAPTURE_PID ]]; then
	stop_pid "$CAPTURE_PID"
	CAPTURE_PID=
	# Counted by kind rather than listed: the same few housekeeping packets repeat.
	log 'every packet on the veth, from either end, counted (none can leave the two namespaces):'
	tcpdump -n -r "$WORK/veth.pcap" 2> /dev/null | cut -d' ' -f2- | sed -E 's/, length [0-9]+//' |
		sort | uniq -c | sort -rn | sed 's/^/    /' >&2 || true
fi
