#!/usr/bin/env bash
# bench/stats.sh — the statistics rows of `make bench` (bench/run.sh calls it
# last; it also runs alone, after make): the latency of
# GET /api/v1/stats/overview over the past year on a database of N synthetic
# cases (`onestop seed --synthetic N`), at a small and a large N, and their
# ratio. The counters are kept per day and rolled up per month, and flat (per
# department × channel, with every department and every channel as keys of
# their own), so the unfiltered overview reads one key: at most one row per
# day or month of the year, one more per working-day value for durations,
# whatever N is: the target ratio is <= 2. Each size: a fresh SQLite database in a temp dir, seeded (the seeding
# rate is printed too), served on 127.0.0.1 only, BENCH_STATS_REQUESTS
# sequential requests as the demo supervisor; everything is removed on exit.
#
# Knobs (environment):
#   BENCH_STATS_SMALL=10000    the small N
#   BENCH_STATS_LARGE=1000000  the large N (seeding it takes a long while on a
#                              small machine: see bench/README.md; 0 skips it)
#   BENCH_STATS_REQUESTS=200   requests per size
#   BENCH_STATS_SMALL_DB=PATH, BENCH_STATS_LARGE_DB=PATH  an SQLite database
#                              already seeded with that N (onestop seed
#                              --synthetic N --seed 1): served as it is
#                              (migrated first, never removed) instead of
#                              seeding a fresh one; seeded/s is then "-"
#   BENCH_STATS_KEEP_DIR=DIR   keep the databases it seeded there (bench/run.sh
#                              passes one: bench/scale.sh measures on them next)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-$PWD/onestop}
[ -x "$BIN" ] || { echo "bench/stats: $BIN not built (run make)" >&2; exit 1; }
SMALL=${BENCH_STATS_SMALL:-10000}
LARGE=${BENCH_STATS_LARGE:-1000000}
REQUESTS=${BENCH_STATS_REQUESTS:-200}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/onestop-bench-stats.XXXXXX")
NODE_PID=
cleanup() {
	if [ -n "$NODE_PID" ] && kill -0 "$NODE_PID" 2>/dev/null; then
		kill "$NODE_PID" 2>/dev/null || true
		wait "$NODE_PID" 2>/dev/null || true
	fi
	rm -rf "$WORK"
}
trap cleanup EXIT

# measure N: seeds, serves, times the overview; prints "N seed_s cases_per_s median_ms p90_ms"
measure() {
	local n=$1 given=${2:-} db="sqlite:$WORK/stats-$1.db" port t0 t1
	t0=$(date +%s.%N)
	if [ -n "$given" ]; then
		db="sqlite:$given"
		"$BIN" migrate --db "$db" >"$WORK/migrate-$n.log" 2>&1 || { tail -5 "$WORK/migrate-$n.log" >&2; return 1; }
	else
		"$BIN" seed --synthetic "$n" --seed 1 --db "$db" >"$WORK/seed-$n.out" 2>"$WORK/seed-$n.log" ||
			{ tail -5 "$WORK/seed-$n.log" >&2; return 1; }
	fi
	t1=$(date +%s.%N)
	port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	"$BIN" serve --listen "127.0.0.1:$port" --db "$db" >"$WORK/serve-$n.out" 2>"$WORK/serve-$n.log" &
	NODE_PID=$!
	for _ in $(seq 600); do
		curl -sf -o /dev/null --max-time 2 "http://127.0.0.1:$port/readyz" && break
		sleep 0.1
	done
	python3 - "$port" "$REQUESTS" "$n" "$t0" "$t1" ${given:+given} <<'PY'
import base64, datetime, hmac, json, statistics, sys, time, urllib.request
port, requests, n, t0, t1 = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
base = f"http://127.0.0.1:{port}/api/v1"
accounts = json.load(open("data/demo/accounts.json"))
sup = next(a for a in accounts if a["username"] == "supervisor")
key = base64.b32decode(sup["totp_secret"] + "=" * (-len(sup["totp_secret"]) % 8))
mac = hmac.new(key, (int(time.time()) // 30).to_bytes(8, "big"), "sha1").digest()
off = mac[-1] & 15
otp = f"{(int.from_bytes(mac[off:off + 4], 'big') & 0x7FFFFFFF) % 10**6:06d}"
body = json.dumps({"username": "supervisor", "password": sup["password"], "otp": otp}).encode()
req = urllib.request.Request(base + "/session", body, {"Content-Type": "application/json"})
token = json.load(urllib.request.urlopen(req, timeout=30))["token"]
today = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=8)).date()
url = f"{base}/stats/overview?from={today - datetime.timedelta(days=364)}&to={today}"
times = []
for _ in range(requests):
    r = urllib.request.Request(url, headers={"Authorization": "Bearer " + token})
    a = time.perf_counter()
    o = json.load(urllib.request.urlopen(r, timeout=30))
    times.append((time.perf_counter() - a) * 1000)
times.sort()
print(n, f"{t1 - t0:.0f}", f"{n / (t1 - t0):.0f}" if len(sys.argv) < 7 else "-", f"{statistics.median(times):.2f}",
      f"{times[int(len(times) * 0.9) - 1]:.2f}", o["applications"])
PY
	kill "$NODE_PID" 2>/dev/null || true
	wait "$NODE_PID" 2>/dev/null || true
	NODE_PID=
	if [ -n "${BENCH_STATS_KEEP_DIR:-}" ] && [ -z "$given" ]; then # bench/scale.sh reads them next
		# with its -wal, if one is left, and the key file its personal data is sealed with
		# (keystore.key beside the database: the same one for both sizes) and the files directory
		mv "$WORK"/stats-"$n".db* "$BENCH_STATS_KEEP_DIR/"
		cp -p "$WORK/keystore.key" "$WORK/audit-checkpoints.jsonl" "$BENCH_STATS_KEEP_DIR/" 2>/dev/null || true
		[ ! -d "$WORK/files" ] || cp -r "$WORK/files" "$BENCH_STATS_KEEP_DIR/"
	else
		rm -f "$WORK"/stats-"$n".db*
	fi
}

echo
printf "%-52s %10s %10s %12s %12s\n" "statistics (a year's overview)" "cases" "seeded/s" "median ms" "p90 ms"
small=$(measure "$SMALL" "${BENCH_STATS_SMALL_DB:-}") || small=
[ -z "$small" ] || printf "%-52s %10s %10s %12s %12s\n" "GET /api/v1/stats/overview, $SMALL cases" \
	"$(echo "$small" | awk '{print $6}')" "$(echo "$small" | awk '{print $3}')" \
	"$(echo "$small" | awk '{print $4}')" "$(echo "$small" | awk '{print $5}')"
large=
if [ "$LARGE" != 0 ]; then
	large=$(measure "$LARGE" "${BENCH_STATS_LARGE_DB:-}") || large=
	[ -z "$large" ] || printf "%-52s %10s %10s %12s %12s\n" "GET /api/v1/stats/overview, $LARGE cases" \
		"$(echo "$large" | awk '{print $6}')" "$(echo "$large" | awk '{print $3}')" \
		"$(echo "$large" | awk '{print $4}')" "$(echo "$large" | awk '{print $5}')"
fi
if [ -n "$small" ] && [ -n "$large" ]; then
	awk -v a="$(echo "$large" | awk '{print $4}')" -v b="$(echo "$small" | awk '{print $4}')" \
		'BEGIN { printf "%-52s %10s %10s %12.2f   (target <= 2)\n", "ratio of the medians, large / small", "", "", a / b }'
fi
echo "cases: applications in the year's overview; seeded/s: cases per second of onestop seed --synthetic."
