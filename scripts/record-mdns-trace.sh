#!/usr/bin/env bash
# Records static/traces/mdns-host-candidates.trace.json: a real run of the lab (`/`, Play, Export
# trace) in Debian's Chromium with its DEFAULT WebRTC behaviour, where host addresses are hidden
# behind `<uuid>.local` mDNS names (the e2e tests switch that off; this script does not).
#
# mDNS is multicast (224.0.0.251:5353), so the run happens inside network namespaces this script
# creates and deletes, and nothing it starts can reach any other machine:
#
#   namespace hlab-mdns (the lab)                 namespace hlab-mdns-sink (nothing runs here)
#     lo        127.0.0.1  vite preview, coturn
#     hlab-mdns0 192.0.2.10/24 (TEST-NET-1) ──veth── hlab-mdns1 (no address, forwarding off)
#     default route: dev hlab-mdns0, no gateway
#
# Why each piece (measured with Chromium 156):
# - Without a default route Chromium gathers no candidate at all: with no camera/microphone
#   permission it only uses the interface of the default route, which it finds by connect()ing a
#   UDP socket towards a public address (a connect sends no packet). The route names a device and
#   no gateway, so a packet to any address off 192.0.2.0/24 stops at an unanswered ARP request on
#   the veth; nothing is forwarded anywhere.
# - The veth gives Chromium an interface with a host address (Debian's kernel here has no `dummy`
#   module). Its other end sits in a second, empty namespace, so the mDNS multicast (announcements,
#   queries, answers) stays on this one cable. Alice's and Bob's .local names are resolved by
#   Chromium's own mDNS responder: the query it multicasts on hlab-mdns0 is looped back to its
#   local socket (IP_MULTICAST_LOOP), and the answer says 192.0.2.10.
# - /etc/netns/hlab-mdns/resolv.conf points DNS at 127.0.0.1 inside the namespace (ip netns exec
#   bind-mounts it over /etc/resolv.conf), so Chromium's own lookups fail at once instead of being
#   sent towards the host's resolver.
# - Chromium gets the e2e tests' arguments (tests/e2e/chromium.js) minus their merged
#   --disable-features switch, so Playwright's own --disable-features list is passed unchanged and
#   WebRtcHideLocalIpsWithMdns stays on. The script reads chrome://version to prove it.
#
# The exported file is checked (parseTrace; every host candidate's address ends in .local; both
# peers reach connection state `connected`), then only its `name` is changed and it is moved into
# place. Its events stay exactly as Chromium reported them.
#
# Usage (root, Linux with iproute2):  scripts/record-mdns-trace.sh
#   PORT=4212         the preview server's port inside the namespace
#   SKIP_BUILD=1      use the existing build instead of running `npm run build`
#   OUT=path          where the trace goes (default static/traces/mdns-host-candidates.trace.json)
# Running it again re-records the file and leaves nothing behind (namespaces, processes, files).
set -euo pipefail

NS=hlab-mdns
SINK=hlab-mdns-sink
VETH=hlab-mdns0
VETH_PEER=hlab-mdns1
ADDRESS=192.0.2.10/24
PORT=${PORT:-4212}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=${OUT:-$ROOT/static/traces/mdns-host-candidates.trace.json}
WORK=$(mktemp -d /tmp/record-mdns-trace.XXXXXX)
PREVIEW_PID=
CAPTURE_PID=

log() { printf '[record-mdns-trace] %s\n' "$*" >&2; }
fail() {
	log "FAILED: $*"
	exit 1
}

[[ $(id -u) -eq 0 ]] || fail 'run as root: it creates network namespaces'
command -v ip > /dev/null || fail 'ip (iproute2) is needed'
command -v node > /dev/null || fail 'node is needed'
CHROMIUM=${CHROMIUM_PATH:-/usr/bin/chromium}
[[ -x $CHROMIUM ]] || fail "no Chromium at $CHROMIUM (apt-get install chromium, or set CHROMIUM_PATH)"

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

log "namespace $NS: lo, $VETH $ADDRESS, default route on $VETH with no gateway; sink $SINK"
ip netns add "$NS"
ip netns add "$SINK"
ip link add "$VETH" netns "$NS" type veth peer name "$VETH_PEER" netns "$SINK"
ip -n "$NS" link set lo up
ip -n "$NS" addr add "$ADDRESS" dev "$VETH"
ip -n "$NS" link set "$VETH" up
ip -n "$NS" route add default dev "$VETH"
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

log 'Chromium (default WebRTC flags): Play, wait for "Connected.", Export trace'
ip netns exec "$NS" env ORIGIN="$ORIGIN" RAW="$WORK/raw.trace.json" INFO="$WORK/info.json" \
	CHROMIUM_PATH="$CHROMIUM" node --input-type=module -e "$(
		cat << 'EOF'
import { readFile, writeFile } from 'node:fs/promises';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from './tests/e2e/chromium.js';

const { ORIGIN, RAW, INFO } = process.env;
const e2e = chromiumLaunchOptions();
// The e2e arguments without their merged --disable-features switch, and without
// ignoreDefaultArgs: Playwright passes its own --disable-features list unchanged.
const browser = await chromium.launch({
	executablePath: e2e.executablePath,
	args: e2e.args.filter((a) => !a.startsWith('--disable-features='))
});
try {
	const page = await browser.newPage({ acceptDownloads: true });
	await page.goto('chrome://version');
	const version = (await page.locator('#version').innerText()).trim().split(' ')[0];
	const commandLine = (await page.locator('#command_line').innerText()).trim();
	if (commandLine.includes('WebRtcHideLocalIpsWithMdns'))
		throw new Error('WebRtcHideLocalIpsWithMdns is on the command line: ' + commandLine);

	await page.goto(`${ORIGIN}/`);
	await page.getByRole('button', { name: 'Play' }).click();
	const status = page.getByRole('status');
	await status.getByText(/^(Connected|Stopped)\./).waitFor({ timeout: 60_000 });
	const statusText = (await status.innerText()).trim();
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('button', { name: 'Export trace' }).click()
	]);
	await writeFile(RAW, await readFile(await download.path()));
	await writeFile(INFO, JSON.stringify({ version, commandLine, statusText }, null, 2));
	console.log(`Chromium ${version} (chrome://version)`);
	console.log(commandLine.split(' ').filter((a) => a.startsWith('--disable-features=')).join('\n'));
	console.log(`status: ${statusText}`);
} finally {
	await browser.close();
}
EOF
	)" || fail 'the recording run failed'

stop_pid "$PREVIEW_PID" group
PREVIEW_PID=

log 'checking the trace, then naming it'
RAW="$WORK/raw.trace.json" INFO="$WORK/info.json" OUT_TMP="$WORK/named.trace.json" \
	node_modules/.bin/tsx --eval "$(
	cat << 'EOF'
import { readFileSync, writeFileSync } from 'node:fs';
import { parseTrace } from './src/lib/core/trace/format.ts';

const raw = readFileSync(process.env.RAW!, 'utf8');
const info = JSON.parse(readFileSync(process.env.INFO!, 'utf8')) as { version: string };
const problems: string[] = [];
const parsed = parseTrace(raw);
if (!parsed.ok) throw new Error(`parseTrace: ${parsed.error}`);
const { events } = parsed.file;

const hosts = events.flatMap((e) =>
	e.type === 'ice-candidate' && e.candidate && / typ host( |$)/.test(e.candidate) ? [e] : []
);
if (hosts.length === 0) problems.push('no host candidate was gathered');
for (const e of hosts) {
	const address = e.fields?.address ?? e.candidate?.split(' ')[4] ?? '';
	if (!address.endsWith('.local')) problems.push(`${e.peer}'s host candidate is ${address}`);
}
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
if (problems.length) throw new Error(problems.join('; '));

// Only the name changes: one line of the exported text, then proof that nothing else did.
const name = `Recorded run: mDNS host candidates (Chromium ${info.version}, default flags, isolated network namespace)`;
const nameLine = /^ {2}"name": ".*",$/m;
if (!nameLine.test(raw)) throw new Error('no top-level "name" line in the export');
const named = raw.replace(nameLine, `  "name": ${JSON.stringify(name)},`);
const before = JSON.parse(raw);
const after = JSON.parse(named);
if (after.name !== name || JSON.stringify({ ...after, name: before.name }) !== JSON.stringify(before))
	throw new Error('renaming changed more than the name');
writeFileSync(process.env.OUT_TMP!, named);

for (const e of hosts) console.log(`${e.peer} t=${e.t} ${e.candidate}`);
for (const e of events)
	if (e.type === 'state-change' && e.machine === 'connection')
		console.log(`${e.peer} t=${e.t} connection ${e.value}`);
console.log(`${events.length} events; name: ${name}`);
EOF
)" || fail 'the recorded trace did not pass its checks'
mkdir -p "$(dirname "$OUT")"
mv "$WORK/named.trace.json" "$OUT"
log "wrote $OUT"

if [[ -n $CAPTURE_PID ]]; then
	stop_pid "$CAPTURE_PID"
	CAPTURE_PID=
	log 'every packet on the veth, from either end (none can leave the two namespaces):'
	tcpdump -n -r "$WORK/veth.pcap" 2> /dev/null | sed 's/^/    /' >&2 || true
fi
