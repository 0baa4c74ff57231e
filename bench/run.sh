#!/usr/bin/env bash
# bench/run.sh — side-by-side throughput: onestop vs nginx serving the same bytes.
#
#   make bench            (builds ./onestop, then runs this)
#   bash bench/run.sh     (after make)
#
# Starts `onestop serve --demo` on a fresh SQLite database in a temp dir, fetches
# each row's response body from it, starts nginx (as the current user, config
# generated in the same temp dir) serving those exact bytes with the same
# Content-Type, then runs wrk against both and prints one table. Then the
# durable-write row: onestop restarted with more threads, wrk POSTing valid
# case submissions (bench/post_case.lua, 201s only), next to the raw SQLite
# commit rate (bench/sqlite_commit.c) measured in the same run. Everything
# listens on 127.0.0.1 only; every run is bounded (about 65 s); all processes
# and the temp dir are removed on exit. See bench/README.md for the rows.
#
# Knobs (environment):
#   BENCH_DURATION=5s     wrk duration per side per row
#   BENCH_CONNECTIONS=32  wrk connections (keep-alive)
#   BENCH_WRK_THREADS=2   wrk threads
#   BENCH_THREADS=N       onestop --threads and nginx worker_processes (default: nproc)
#   BENCH_ONESTOP_THREADS=N  onestop --threads only (e.g. 16, the serve default)
#   BENCH_WRITE_THREADS=32   onestop --threads for the durable-write row
#   BENCH_WRITE_CONNECTIONS=N  wrk connections for that row (default BENCH_CONNECTIONS)
#   BENCH_SQLITE_SECONDS=3
#   BENCH_PERF=1          perf-profile onestop during the write row (needs perf; slows that row)
#   BENCH_KEEP=1          keep the temp dir (logs, configs) for inspection
set -euo pipefail

# ---------------------------------------------------------------------------
# The rows. One "METHOD PATH" per line; only GET for now. A {name} in the path
# is filled by the function resolve_name (defined below), which prints the
# value or prints nothing (the row is then skipped with a note). Add rows here.
ROWS=(
	"GET /healthz"
	"GET /api/v1/regions"
	"GET /api/v1/departments"
	"GET /api/v1/matters/{matter}"
)
# ---------------------------------------------------------------------------

DURATION=${BENCH_DURATION:-5s}
CONNS=${BENCH_CONNECTIONS:-32}
WRK_THREADS=${BENCH_WRK_THREADS:-2}
NCPU=$(nproc 2>/dev/null || echo 2)
THREADS=${BENCH_THREADS:-$NCPU}
OTHREADS=${BENCH_ONESTOP_THREADS:-$THREADS}
SQLITE_SECONDS=${BENCH_SQLITE_SECONDS:-3}

cd "$(dirname "$0")/.."
ROOT=$PWD
BIN=$ROOT/onestop
[ -x "$BIN" ] || { echo "bench: $BIN not built (run make)" >&2; exit 1; }
for tool in wrk curl gcc pkg-config; do
	command -v "$tool" >/dev/null || { echo "bench: $tool not found" >&2; exit 1; }
done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || { echo "bench: nginx not found" >&2; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/onestop-bench.XXXXXX")
ONESTOP_PID=
NGINX_PID=
WRK_PID=

stop_pid() { # stop_pid PID: TERM, wait up to 5 s, then KILL; only the pid we started
	local pid=$1
	[ -n "$pid" ] || return 0
	kill -TERM "$pid" 2>/dev/null || return 0
	for _ in $(seq 50); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
}
cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	stop_pid "$WRK_PID"
	stop_pid "$NGINX_PID"
	stop_pid "$ONESTOP_PID"
	if [ "${BENCH_KEEP:-0}" = 1 ]; then
		echo "bench: kept $WORK" >&2
	else
		rm -rf "$WORK"
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

die() { echo "bench: $*" >&2; exit 1; }

free_port() { # a port nothing listens on; the kernel picks it
	if command -v python3 >/dev/null; then
		python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
	else
		local p
		for _ in $(seq 100); do
			p=$((20000 + RANDOM % 30000))
			(exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
		done
		return 1
	fi
}

fstype=$(findmnt -n -o FSTYPE -T "$WORK" 2>/dev/null || echo "?")
[ "$fstype" = tmpfs ] && echo "bench: WARNING: $WORK is on tmpfs; fsync costs nothing there, so the SQLite and write rows mean little (set TMPDIR to a disk)" >&2

# --- onestop ----------------------------------------------------------------
OPORT=$(free_port) || die "no free port"
OURL="http://127.0.0.1:$OPORT"
start_onestop() { # start_onestop THREADS LOGNAME: serve $WORK/onestop.db (seeded on first start)
	"$BIN" serve --listen "127.0.0.1:$OPORT" --db "sqlite:$WORK/onestop.db" --demo --threads "$1" \
		>"$WORK/$2.out" 2>"$WORK/$2.log" &
	ONESTOP_PID=$!
	local ready=0
	for _ in $(seq 150); do # up to 15 s (demo seeding hashes passwords)
		kill -0 "$ONESTOP_PID" 2>/dev/null || break
		if curl -sf -o /dev/null --max-time 2 "$OURL/readyz"; then ready=1; break; fi
		sleep 0.1
	done
	if [ $ready != 1 ]; then
		tail -20 "$WORK/$2.log" >&2 || true
		die "onestop did not become ready on $OURL"
	fi
}
start_onestop "$OTHREADS" onestop

# --- row resolvers: print the value for {name}, or nothing -------------------
resolve_matter() { # the first code of GET /api/v1/matters, when the catalogue exists
	local body
	body=$(curl -sf --max-time 5 "$OURL/api/v1/matters") || return 0
	if command -v jq >/dev/null; then
		jq -r '(.items // .)[0].code // empty' <<<"$body" 2>/dev/null || true
	else
		grep -o '"code":"[^"]*"' <<<"$body" | head -1 | cut -d'"' -f4
	fi
}

# --- fetch each row's body and type from onestop -------------------------------
mkdir -p "$WORK/www" "$WORK/nginx"
declare -a R_LABEL=() R_PATH=() R_FILE=() R_TYPE=() R_NOTE=()
i=0
for row in "${ROWS[@]}"; do
	method=${row%% *}
	path=${row#* }
	label=$row
	note=
	while [[ $path =~ \{([a-z_]+)\} ]]; do
		name=${BASH_REMATCH[1]}
		val=
		if declare -F "resolve_$name" >/dev/null; then val=$("resolve_$name" || true); fi
		if [ -z "$val" ]; then note="skipped: no {$name} (route absent or empty)"; break; fi
		path=${path/\{$name\}/$val}
		label="$method $path"
	done
	if [ -z "$note" ] && [ "$method" != GET ]; then note="skipped: only GET rows are supported"; fi
	for j in "${!R_PATH[@]}"; do # nginx matches the path only, not the query
		if [ -z "$note" ] && [ -z "${R_NOTE[$j]}" ] && [ "${R_PATH[$j]%%\?*}" = "${path%%\?*}" ]; then
			note="skipped: same path as an earlier row (the nginx side matches paths only)"
		fi
	done
	if [ -z "$note" ]; then
		file="$WORK/www/body$i"
		info=$(curl -s --max-time 5 -o "$file" -w '%{http_code}\t%{content_type}' "$OURL$path" || echo "000")
		code=${info%%$'\t'*}
		ctype=${info#*$'\t'}
		if [ "$code" != 200 ]; then
			note="skipped: onestop answered $code"
		elif [ -z "$ctype" ] || [ "$ctype" = "$info" ]; then
			note="skipped: no Content-Type"
		fi
	fi
	R_LABEL+=("$label")
	R_PATH+=("$path")
	R_FILE+=("${file:-}")
	R_TYPE+=("${ctype:-}")
	R_NOTE+=("$note")
	i=$((i + 1))
	file= ctype=
done

# --- nginx: the static ceiling, same bytes, same Content-Type -----------------
# Same core budget as onestop: worker_processes = onestop's --threads.
# keep-alive on, access_log off, sendfile on, the file descriptors cached.
# The two extra headers onestop sends on every answer are added so the
# responses are about the same size; nginx adds its own Server/ETag/etc.
NPORT=$(free_port) || die "no free port"
NURL="http://127.0.0.1:$NPORT"
conf=$WORK/nginx/nginx.conf
{
	[ "$(id -u)" = 0 ] && echo "user $(id -un) $(id -gn);"
	cat <<EOF
worker_processes $THREADS;
daemon off;
master_process on;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 1024; }
http {
	access_log off;
	server_tokens off;
	sendfile on;
	tcp_nopush on;
	tcp_nodelay on;
	keepalive_timeout 65;
	keepalive_requests 1000000;
	open_file_cache max=64 inactive=60s;
	etag off;
	client_body_temp_path $WORK/nginx/client_body;
	proxy_temp_path $WORK/nginx/proxy;
	fastcgi_temp_path $WORK/nginx/fastcgi;
	uwsgi_temp_path $WORK/nginx/uwsgi;
	scgi_temp_path $WORK/nginx/scgi;
	types { }
	server {
		listen 127.0.0.1:$NPORT;
		add_header X-Content-Type-Options nosniff always;
		add_header Cache-Control no-store always;
EOF
	for i in "${!R_LABEL[@]}"; do
		[ -z "${R_NOTE[$i]}" ] || continue
		p=${R_PATH[$i]%%\?*}
		printf '\t\tlocation = %s { default_type "%s"; alias %s; }\n' "$p" "${R_TYPE[$i]}" "${R_FILE[$i]}"
	done
	printf '\t\tlocation / { return 404; }\n\t}\n}\n'
} >"$conf"
"$NGINX" -p "$WORK/nginx" -e "$WORK/nginx/error.log" -c "$conf" -t >"$WORK/nginx/test.log" 2>&1 ||
	{ cat "$WORK/nginx/test.log" >&2; die "nginx config rejected"; }
"$NGINX" -p "$WORK/nginx" -e "$WORK/nginx/error.log" -c "$conf" >"$WORK/nginx/out.log" 2>&1 &
NGINX_PID=$!
ready=0
for _ in $(seq 50); do
	kill -0 "$NGINX_PID" 2>/dev/null || break
	if curl -s -o /dev/null --max-time 2 "$NURL/"; then ready=1; break; fi
	sleep 0.1
done
[ $ready = 1 ] || { cat "$WORK/nginx/error.log" >&2 2>/dev/null; die "nginx did not start on $NURL"; }

# Both servers must give the same bytes and type, or the row is void.
for i in "${!R_LABEL[@]}"; do
	[ -z "${R_NOTE[$i]}" ] || continue
	info=$(curl -s --max-time 5 -o "$WORK/check" -w '%{http_code}\t%{content_type}' "$NURL${R_PATH[$i]}" || echo 000)
	if [ "$info" != $'200\t'"${R_TYPE[$i]}" ] || ! cmp -s "$WORK/check" "${R_FILE[$i]}"; then
		R_NOTE[$i]="skipped: nginx copy differs ($info)"
	fi
done

# --- wrk ----------------------------------------------------------------------
# run_wrk URL OUTFILE: sets W_RPS, W_P99, W_ERR (non-2xx + socket errors).
# wrk runs in the background and is waited for, so a signal stops it at once.
run_wrk() {
	local out=$2 secs=${DURATION%s}
	timeout $((secs + 30)) wrk -t"$WRK_THREADS" -c"$CONNS" -d"$DURATION" --timeout 5s --latency "$1" >"$out" 2>&1 &
	WRK_PID=$!
	wait "$WRK_PID" || true
	WRK_PID=
	local non2xx sock
	W_RPS=$(awk '/^Requests\/sec:/ {print $2}' "$out")
	W_P99=$(awk '$1 == "99%" {print $2}' "$out")
	non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$out")
	sock=$(awk '/Socket errors:/ { for (i = 3; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) n += $i; print n + 0 }' "$out")
	W_RPS=${W_RPS:-0} W_P99=${W_P99:--} W_ERR=$(( ${non2xx:-0} + ${sock:-0} ))
}

echo
echo "onestop bench — $(date -u +%Y-%m-%dT%H:%MZ), $NCPU cores, $(uname -sr)"
echo "wrk -t$WRK_THREADS -c$CONNS -d$DURATION (keep-alive) on 127.0.0.1; onestop --threads $OTHREADS;" \
	"nginx $("$NGINX" -v 2>&1 | sed 's/.*nginx\///') worker_processes $THREADS; SQLite on $fstype"
echo
fmt='%-38s %12s %12s %7s %10s %10s  %s\n'
printf "$fmt" "route" "onestop r/s" "nginx r/s" "ratio" "p99 ost" "p99 nginx" "bytes"
printf "$fmt" "--------------------------------------" "------------" "------------" "-------" "----------" "----------" "-----"
notes=()
for i in "${!R_LABEL[@]}"; do
	if [ -n "${R_NOTE[$i]}" ]; then
		printf "$fmt" "${R_LABEL[$i]}" "-" "-" "-" "-" "-" ""
		notes+=("${R_LABEL[$i]}: ${R_NOTE[$i]}")
		continue
	fi
	run_wrk "$OURL${R_PATH[$i]}" "$WORK/wrk-onestop-$i.txt"
	o_rps=$W_RPS o_p99=$W_P99 o_err=$W_ERR
	run_wrk "$NURL${R_PATH[$i]}" "$WORK/wrk-nginx-$i.txt"
	n_rps=$W_RPS n_p99=$W_P99 n_err=$W_ERR
	ratio=$(awk -v a="$o_rps" -v b="$n_rps" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')
	printf "$fmt" "${R_LABEL[$i]}" "$(printf '%.0f' "$o_rps")" "$(printf '%.0f' "$n_rps")" "$ratio" "$o_p99" "$n_p99" \
		"$(wc -c <"${R_FILE[$i]}")"
	[ "$o_err" = 0 ] || notes+=("${R_LABEL[$i]}: onestop had $o_err non-2xx/socket errors")
	[ "$n_err" = 0 ] || notes+=("${R_LABEL[$i]}: nginx had $n_err non-2xx/socket errors")
	[ "$o_rps" != 0 ] || notes+=("${R_LABEL[$i]}: onestop wrk gave no result: $(tail -1 "$WORK/wrk-onestop-$i.txt")")
done

# --- durable writes -------------------------------------------------------------
# bench_writes: durable case submissions per second. onestop is restarted on
# the same database with --threads $WRITE_THREADS (a handler blocks while its
# write waits for the group commit, so concurrent writers need threads of their
# own to be batched together), logs in once as the demo applicant xiaochi,
# uploads one PDF per required material of XK00103000 (食品经营许可) once, checks
# that one POST /api/v1/cases answers 201, then runs wrk with
# bench/post_case.lua: the same valid body, a fresh Idempotency-Key per request,
# only 201 counted. Each 201 is a case with its materials, idempotency key,
# timeline event, intake task, deadline, message and audit entry, committed
# with synchronous=FULL before the answer is sent. The writer's batching is the
# delta of onestop_db_writes_total / onestop_db_commits_total over the run.
# Sets D_* for the table; on failure D_NOTE says why.
WRITE_THREADS=${BENCH_WRITE_THREADS:-32}
WRITE_CONNS=${BENCH_WRITE_CONNECTIONS:-$CONNS}
WRITE_MATTER=XK00103000
WRITE_USER=xiaochi WRITE_PASSWORD='Demo2026!' # data/demo/accounts.json

metric() { # metric NAME: an onestop counter from GET /metrics (empty when absent)
	{ curl -sf --max-time 5 "$OURL/metrics" || true; } | awk -v n="$1" '$1 == n { print $2 }'
}
json_get() { # json_get EXPR < JSON: python3 expression over `d` (the parsed input), printed
	python3 -c 'import json, sys; d = json.load(sys.stdin); v = eval(sys.argv[1]); print(v if v is not None else "")' "$1" 2>/dev/null
}

bench_writes() {
	D_RPS= D_P99=- D_BYTES= D_NOTE= D_WPC= D_WRITES= D_COMMITS= D_OTHER=0
	command -v python3 >/dev/null || { D_NOTE="skipped: python3 needed to build the case body"; return; }
	stop_pid "$NGINX_PID"; NGINX_PID=
	stop_pid "$ONESTOP_PID"; ONESTOP_PID=
	start_onestop "$WRITE_THREADS" onestop-writes

	local token keys key fid pairs=() code secs=${DURATION%s} out=$WORK/wrk-writes.txt
	token=$(curl -s --max-time 30 -X POST "$OURL/api/v1/session" -H 'Content-Type: application/json' \
		-d "{\"username\":\"$WRITE_USER\",\"password\":\"$WRITE_PASSWORD\"}" | json_get 'd.get("token")' || true)
	[ -n "$token" ] || { D_NOTE="skipped: cannot log in as $WRITE_USER"; return; }
	keys=$(curl -sf --max-time 5 "$OURL/api/v1/matters/$WRITE_MATTER" |
		json_get '" ".join(m["key"] for m in d["materials"] if m.get("required"))' || true)
	[ -n "$keys" ] || { D_NOTE="skipped: matter $WRITE_MATTER or its materials not found"; return; }
	printf '%%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%%%EOF\n' >"$WORK/material.pdf"
	for key in $keys; do # one upload per material, once: every case refers to the same files
		fid=$(curl -s --max-time 30 -H "Authorization: Bearer $token" \
			-F "file=@$WORK/material.pdf;type=application/pdf;filename=$key.pdf" "$OURL/api/v1/files" | json_get 'd.get("id")' || true)
		[ -n "$fid" ] || { D_NOTE="skipped: upload for material $key failed"; return; }
		pairs+=("$key=$fid")
	done
	python3 - "$WORK/case.json" "$WRITE_MATTER" "${pairs[@]}" <<'PY' || { D_NOTE="skipped: cannot build the case body"; return; }
import json, sys
path, matter, pairs = sys.argv[1], sys.argv[2], sys.argv[3:]
form = {  # tests/api/casekit.py food_form(): a valid 食品经营许可 form
    "enterprise_name": "上海小吃餐饮管理有限公司", "credit_code": "91310101MA1FPX0Q1Y",
    "shop_name": "弄堂小馆", "shop_address": "上海市黄浦区南京东路100号", "shop_area": 85.5,
    "food_business_form": "catering", "food_items": "热食类食品制售", "online_sales": False,
    "food_safety_manager": "王五", "applicant_phone": "13800138000"}
body = {"matter": matter, "form": form,
        "materials": [{"key": k, "file": f} for k, f in (p.split("=", 1) for p in pairs)],
        "channel": "online", "delivery": {"method": "electronic"}, "submit": True}
with open(path, "w", encoding="utf-8") as fh:
    json.dump(body, fh, ensure_ascii=False, separators=(",", ":"))
PY
	code=$(curl -s --max-time 30 -o "$WORK/case-first.json" -w '%{http_code}' -H "Authorization: Bearer $token" \
		-H 'Content-Type: application/json' -H 'Idempotency-Key: bench-probe' --data-binary "@$WORK/case.json" \
		"$OURL/api/v1/cases" || echo 000)
	if [ "$code" != 201 ]; then
		D_NOTE="skipped: the probe POST /api/v1/cases answered $code: $(head -c 300 "$WORK/case-first.json")"
		return
	fi
	D_BYTES=$(wc -c <"$WORK/case-first.json")

	# The raw 1-row rate is measured just before and just after the wrk run
	# (onestop idle both times) and averaged: on a shared machine the disk's
	# fsync rate drifts, and the ratio should compare like with like.
	sqlite_rate 1; RAW1_A=$S_RATE RAW1_ERR=$S_ERR

	local c0 w0 c1 w1 perf_pid=
	c0=$(metric onestop_db_commits_total) w0=$(metric onestop_db_writes_total)
	BENCH_TOKEN=$token BENCH_CASE_BODY=$WORK/case.json \
		timeout $((secs + 30)) wrk -t"$WRK_THREADS" -c"$WRITE_CONNS" -d"$DURATION" --timeout 10s --latency \
		-s "$ROOT/bench/post_case.lua" "$OURL/api/v1/cases" >"$out" 2>&1 &
	WRK_PID=$!
	if [ "${BENCH_PERF:-0}" = 1 ] && command -v perf >/dev/null; then # optional profile of the server under write load
		sleep 1
		perf record -q -F 499 --call-graph dwarf,16384 -p "$ONESTOP_PID" -o "$WORK/perf-writes.data" \
			-- sleep $((secs > 3 ? secs - 2 : 1)) >"$WORK/perf-record.log" 2>&1 &
		perf_pid=$!
	fi
	wait "$WRK_PID" || true
	WRK_PID=
	[ -z "$perf_pid" ] || wait "$perf_pid" || true
	c1=$(metric onestop_db_commits_total) w1=$(metric onestop_db_writes_total)
	sqlite_rate 1; RAW1_B=$S_RATE RAW1_ERR=${RAW1_ERR:-$S_ERR}

	local line
	line=$(grep '^created=' "$out" || true)
	if [ -z "$line" ]; then
		D_NOTE="wrk gave no result: $(tail -1 "$out")"
		return
	fi
	D_RPS=$(sed 's/.*created_per_s=\([0-9.]*\).*/\1/' <<<"$line")
	D_OTHER=$(sed 's/.*other=\([0-9]*\).*/\1/' <<<"$line")
	D_P99=$(awk '$1 == "99%" {print $2}' "$out")
	D_P99=${D_P99:--}
	local sock
	sock=$(awk '/Socket errors:/ { for (i = 3; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) n += $i; print n + 0 }' "$out")
	if [ "${D_OTHER:-0}" != 0 ]; then
		D_NOTE="$D_OTHER answers were not 201 (${line##*codes=}); first: $(sed -n 's/^sample_other=//p' "$out" | head -c 200)"
	fi
	[ "${sock:-0}" = 0 ] || D_NOTE="${D_NOTE:+$D_NOTE; }$sock socket errors"
	if [ -n "$c0" ] && [ -n "$c1" ] && [ -n "$w0" ] && [ -n "$w1" ] && [ $((c1 - c0)) -gt 0 ]; then
		D_COMMITS=$((c1 - c0)) D_WRITES=$((w1 - w0))
		D_WPC=$(awk -v w="$D_WRITES" -v c="$D_COMMITS" 'BEGIN { printf "%.1f", w / c }')
	fi
}

# --- raw SQLite reference -------------------------------------------------------
sqlite_rate() { # sqlite_rate ROWS_PER_COMMIT: sets S_RATE (rows/s) or S_ERR
	local r
	S_RATE= S_ERR=
	rm -f "$WORK/raw.db" "$WORK/raw.db-wal" "$WORK/raw.db-shm"
	if r=$(timeout $((SQLITE_SECONDS + 30)) "$WORK/sqlite_commit" "$WORK/raw.db" "$SQLITE_SECONDS" "$1" 2>&1); then
		r=${r#rows/s=}
		S_RATE=${r%% *}
	else
		S_ERR=$r
	fi
}
sqlite_print() { # sqlite_print LABEL RATE ERR
	if [ -n "$2" ]; then
		printf "$fmt" "$1" "$2 rows/s" "" "" "" "" ""
	else
		printf "$fmt" "$1" "failed" "" "" "" "" ""
		notes+=("$1: $3")
	fi
}
gcc -O2 -o "$WORK/sqlite_commit" bench/sqlite_commit.c $(pkg-config --cflags --libs sqlite3) ||
	die "cannot build bench/sqlite_commit.c"

RAW1_A= RAW1_B= RAW1_ERR=
bench_writes
[ -n "$RAW1_A$RAW1_B" ] || { sqlite_rate 1; RAW1_A=$S_RATE RAW1_ERR=$S_ERR; } # the write row was skipped early
RAW1=$(awk -v a="$RAW1_A" -v b="$RAW1_B" 'BEGIN { if (a != "" && b != "") printf "%.0f", (a + b) / 2; else if (a != "") print a; else if (b != "") print b }')
[ -z "$RAW1_A" ] || [ -z "$RAW1_B" ] || notes+=("raw SQLite, 1 row per commit: $RAW1_A rows/s before the write row, $RAW1_B after; the table shows the mean")
sqlite_rate 100; RAW100=$S_RATE RAW100_ERR=$S_ERR

echo
wlabel="POST /api/v1/cases (durable, 201s)"
if [ -n "$D_RPS" ]; then
	wratio=$(awk -v a="$D_RPS" -v b="${RAW1:-0}" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')
	printf "$fmt" "$wlabel" "$(printf '%.0f' "$D_RPS")" "-" "$wratio" "$D_P99" "-" "$D_BYTES"
else
	printf "$fmt" "$wlabel" "-" "-" "-" "-" "-" ""
fi
[ -z "$D_NOTE" ] || notes+=("$wlabel: $D_NOTE")
sqlite_print "raw SQLite, 1 row per commit, FULL" "$RAW1" "$RAW1_ERR"
sqlite_print "raw SQLite, 100 rows per commit, FULL" "$RAW100" "$RAW100_ERR"
if [ -n "$D_WPC" ]; then
	echo "  writer batching during the write row: $D_WRITES writes in $D_COMMITS commits = $D_WPC writes/commit" \
		"(onestop --threads $WRITE_THREADS, wrk -t$WRK_THREADS -c$WRITE_CONNS -d$DURATION)"
fi
if [ -s "$WORK/perf-writes.data" ]; then
	# comm "onestop" is the writer thread (plus the idle main and job threads).
	perf report -i "$WORK/perf-writes.data" --no-children -g none --sort comm,dso 2>/dev/null |
		grep -v '^#' | grep '%' | head -10 >"$WORK/perf-writes.txt" || true
	perf report -i "$WORK/perf-writes.data" --children -g none --sort dso,sym 2>/dev/null |
		awk '!/^#/ && $3 == "onestop" && $5 !~ /^0x/ { printf "%9s  %s %s\n", $1, $5, $6 }' |
		head -20 >"$WORK/perf-writes-funcs.txt" || true
	echo "  perf (BENCH_PERF=1), onestop's CPU during the write row, by thread and library:"
	sed 's/^/   /' "$WORK/perf-writes.txt"
	echo "  ... and by onestop function, inclusive (callees counted):"
	sed 's/^/   /' "$WORK/perf-writes-funcs.txt"
fi

if [ ${#notes[@]} -gt 0 ]; then
	echo
	for n in "${notes[@]}"; do echo "note: $n"; done
fi
echo
echo "ratio = onestop / nginx req/s; p99 from wrk --latency; bytes = response body size."
echo "durable row: cases created per second (201 answers only); its ratio = that / raw SQLite 1 row per commit (target >= 5)."
