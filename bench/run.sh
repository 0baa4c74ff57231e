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
# case submissions (bench/post_case.lua, 201s only), then the 12345 row: the
# same script POSTing valid complaint intakes that the responsibility list
# dispatches in the same transaction, then the case row twice more with the
# test build (on fresh databases), with and without the statistics counters,
# all next to the raw SQLite commit rate
# (bench/sqlite_commit.c) measured in the same run; last the statistics rows
# (bench/stats.sh) and, on their databases, the rows flat as the data grows
# (bench/scale.sh: submissions, "my cases", the task queue, memory with 1,000
# connections, at the small and the large synthetic N). Everything
# listens on 127.0.0.1 only; every run is bounded (about 75 s); all processes
# and the temp dir are removed on exit. See bench/README.md for the rows.
#
# Knobs (environment):
#   BENCH_DURATION=5s     wrk duration of each write row
#   BENCH_GET_ROUNDS=3    GET rows: runs per side, alternating onestop and nginx; the median kept
#   BENCH_GET_DURATION=3s GET rows: wrk duration of each run
#   BENCH_CONNECTIONS=32  wrk connections (keep-alive)
#   BENCH_WRK_THREADS=2   wrk threads
#   BENCH_THREADS=N       onestop --threads and nginx worker_processes (default: nproc)
#   BENCH_ONESTOP_THREADS=N  onestop --threads only (e.g. 16, the serve default)
#   BENCH_WRITE_THREADS=32   onestop --threads for the durable-write row
#   BENCH_TEST_BIN=build/default/onestop-test  the test build, for the rows with and
#                         without the statistics counters (make bench builds it)
#   BENCH_COUNTER_ROUNDS=3  interleaved runs of each of those two rows (medians shown)
#   BENCH_WRITE_CONNECTIONS=N  wrk connections for that row (default BENCH_CONNECTIONS)
#   BENCH_SQLITE_SECONDS=3
#   BENCH_PERF=1          perf-profile onestop during the write row (needs perf; slows that row)
#   BENCH_KEEP=1          keep the temp dir (logs, configs) for inspection
#   BENCH_LIMITS=cases=0/day,complaints=0/day  onestop --limit for every node: the write
#                         row creates tens of thousands of cases from the one account
#                         xiaochi, and the 12345 row as many requests from zhangsan, far
#                         past the default abuse limits (cases=200/day, complaints=20/day),
#                         so the bench lifts them (0 = unlimited) and says so in its notes
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
	"GET /api/v1/certificates/{cert}/verify"
)
# ---------------------------------------------------------------------------

DURATION=${BENCH_DURATION:-5s}
GET_ROUNDS=${BENCH_GET_ROUNDS:-3}     # GET rows: alternating runs per side, the median kept
GET_DURATION=${BENCH_GET_DURATION:-3s}
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
	[ -z "${PG_DIR:-}" ] || bash "$ROOT/scripts/pg.sh" stop "$PG_DIR" || true
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
# GET /metrics wants the operator's token (ONESTOP_METRICS_TOKEN, kept out of ps): one per run
METRICS_TOKEN=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
# start_node PORT THREADS LOGNAME DB: serve DB (seeded on first start); sets NODE_PID.
# THREADS "default" leaves --threads out; NODE_ARGS adds flags, NODE_ENV variables.
BENCH_LIMITS=${BENCH_LIMITS:-cases=0/day,complaints=0/day}
start_node() {
	local threads=(--threads "$2")
	[ "$2" != default ] || threads=() # the serve default, as make run starts it
	# shellcheck disable=SC2086 # NODE_ARGS: extra flags, split on purpose
	ONESTOP_METRICS_TOKEN=$METRICS_TOKEN env ${NODE_ENV:-} "${NODE_BIN:-$BIN}" serve --listen "127.0.0.1:$1" --db "$4" --demo \
		"${threads[@]}" --limit "$BENCH_LIMITS" ${NODE_ARGS:-} >"$WORK/$3.out" 2>"$WORK/$3.log" &
	NODE_PID=$!
	local ready=0
	for _ in $(seq 300); do # up to 30 s (demo seeding hashes passwords)
		kill -0 "$NODE_PID" 2>/dev/null || break
		if curl -sf -o /dev/null --max-time 2 "http://127.0.0.1:$1/readyz"; then ready=1; break; fi
		sleep 0.1
	done
	if [ $ready != 1 ]; then
		tail -20 "$WORK/$3.log" >&2 || true
		die "onestop did not become ready on 127.0.0.1:$1"
	fi
}
start_onestop() { # start_onestop THREADS LOGNAME [DB]: the bench's node, on $OURL
	start_node "$OPORT" "$1" "$2" "${3:-sqlite:$WORK/onestop.db}"
	ONESTOP_PID=$NODE_PID
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

# held_cert USER PASSWORD TYPE FIELD: a field (id, qr_text) of the demo holder's certificate of TYPE
held_cert() {
	command -v python3 >/dev/null || return 0
	local token
	token=$(curl -s --max-time 30 -X POST "$OURL/api/v1/session" -H 'Content-Type: application/json' \
		-d "{\"username\":\"$1\",\"password\":\"$2\"}" |
		python3 -c 'import json, sys; print(json.load(sys.stdin).get("token") or "")' 2>/dev/null || true)
	[ -n "$token" ] || return 0
	curl -sf --max-time 10 -H "Authorization: Bearer $token" "$OURL/api/v1/me/certificates" |
		python3 -c 'import json, sys
items = [c for c in json.load(sys.stdin)["items"] if c["type"] == sys.argv[1]]
print(items[0][sys.argv[2]] if items else "")' "$3" "$4" 2>/dev/null || true
}
resolve_cert() { # the demo enterprise's business licence (市场监管, SM2-SM3): its opaque id
	held_cert xiaochi 'Demo2026!' business_licence id # data/demo/accounts.json
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
echo "wrk -t$WRK_THREADS -c$CONNS (keep-alive) on 127.0.0.1, GET rows: the median of $GET_ROUNDS alternating runs of $GET_DURATION a side;" \
	"writes -d$DURATION; onestop --threads $OTHREADS;" \
	"nginx $("$NGINX" -v 2>&1 | sed 's/.*nginx\///') worker_processes $THREADS; SQLite on $fstype"
echo
fmt='%-38s %12s %12s %7s %10s %10s  %s\n'
printf "$fmt" "route" "onestop r/s" "nginx r/s" "ratio" "p99 ost" "p99 nginx" "bytes"
printf "$fmt" "--------------------------------------" "------------" "------------" "-------" "----------" "----------" "-----"
notes=()
notes+=("abuse limits raised for the bench: --limit $BENCH_LIMITS (the write row files every case as xiaochi, the 12345 row every request as zhangsan; the defaults are cases=200/day and complaints=20/day per account)")
echo "bench: abuse limits raised: onestop serve --limit $BENCH_LIMITS" >&2
for i in "${!R_LABEL[@]}"; do
	if [ -n "${R_NOTE[$i]}" ]; then
		printf "$fmt" "${R_LABEL[$i]}" "-" "-" "-" "-" "-" ""
		notes+=("${R_LABEL[$i]}: ${R_NOTE[$i]}")
		continue
	fi
	# GET_ROUNDS alternations, onestop then nginx, each side's median run kept: one run each
	# swung the ratio by 20 % with the machine's noise (nginx alone gave 60–69k on equal rows)
	o_runs=() n_runs=() o_err=0 n_err=0
	for ((k = 0; k < GET_ROUNDS; k++)); do
		DURATION=$GET_DURATION run_wrk "$OURL${R_PATH[$i]}" "$WORK/wrk-onestop-$i.$k.txt"
		o_runs+=("$W_RPS $W_P99") o_err=$((o_err + W_ERR))
		DURATION=$GET_DURATION run_wrk "$NURL${R_PATH[$i]}" "$WORK/wrk-nginx-$i.$k.txt"
		n_runs+=("$W_RPS $W_P99") n_err=$((n_err + W_ERR))
	done
	read -r o_rps o_p99 < <(printf '%s\n' "${o_runs[@]}" | sort -g | sed -n "$(((GET_ROUNDS + 1) / 2))p")
	read -r n_rps n_p99 < <(printf '%s\n' "${n_runs[@]}" | sort -g | sed -n "$(((GET_ROUNDS + 1) / 2))p")
	cp "$WORK/wrk-onestop-$i.0.txt" "$WORK/wrk-onestop-$i.txt"
	[[ ${R_PATH[$i]} != /api/v1/matters/* ]] || { MATTER_PATH=${R_PATH[$i]} MATTER_NGINX=$n_rps; }
	ratio=$(awk -v a="$o_rps" -v b="$n_rps" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')
	printf "$fmt" "${R_LABEL[$i]}" "$(printf '%.0f' "$o_rps")" "$(printf '%.0f' "$n_rps")" "$ratio" "$o_p99" "$n_p99" \
		"$(wc -c <"${R_FILE[$i]}")"
	[ "$o_err" = 0 ] || notes+=("${R_LABEL[$i]}: onestop had $o_err non-2xx/socket errors")
	[ "$n_err" = 0 ] || notes+=("${R_LABEL[$i]}: nginx had $n_err non-2xx/socket errors")
	[ "$o_rps" != 0 ] || notes+=("${R_LABEL[$i]}: onestop wrk gave no result: $(tail -1 "$WORK/wrk-onestop-$i.txt")")
	notes+=("${R_LABEL[$i]}: runs onestop / nginx r/s: $(printf '%s ' "${o_runs[@]%% *}")/ $(printf '%s ' "${n_runs[@]%% *}")")
done

# --- offline verification ---------------------------------------------------------
# bench_offline: `onestop verify-cert QR-TEXT --keys KEYS.json --repeat N` on the
# demo business licence (SM2-SM3) and ID card (Ed25519): each of the N checks is
# the whole offline rule (Base45, inflate, JSON, the RFC 8785 form, the key's
# validity, the signature), in one process with no database and no network.
VERIFY_REPEAT=${BENCH_VERIFY_REPEAT:-2000}
bench_offline() { # bench_offline LABEL USER TYPE: one table line (verifications/s)
	local qr out rate
	curl -sf --max-time 10 -o "$WORK/keys.json" "$OURL/api/v1/keys" || { notes+=("$1: skipped: no published keys"); return; }
	qr=$(held_cert "$2" 'Demo2026!' "$3" qr_text)
	[ -n "$qr" ] || { printf "$fmt" "$1" "-" "" "" "" "" ""; notes+=("$1: skipped: no $3 held by $2"); return; }
	out=$(cd "$WORK" && timeout 120 "$BIN" verify-cert "$qr" --keys "$WORK/keys.json" --repeat "$VERIFY_REPEAT" 2>&1 >/dev/null || true)
	rate=$(sed -n 's/.*: \([0-9]*\) verifications\/s$/\1/p' <<<"$out")
	if [ -n "$rate" ]; then
		printf "$fmt" "$1" "$rate/s" "" "" "" "" ""
	else
		printf "$fmt" "$1" "failed" "" "" "" "" ""
		notes+=("$1: $(tail -1 <<<"$out")")
	fi
}
bench_offline "verify-cert offline SM2-SM3" xiaochi business_licence
bench_offline "verify-cert offline Ed25519" zhangsan id_card

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
	{ curl -sf --max-time 5 -H "Authorization: Bearer $METRICS_TOKEN" "$OURL/metrics" || true; } | awk -v n="$1" '$1 == n { print $2 }'
}
json_get() { # json_get EXPR < JSON: python3 expression over `d` (the parsed input), printed
	python3 -c 'import json, sys; d = json.load(sys.stdin); v = eval(sys.argv[1]); print(v if v is not None else "")' "$1" 2>/dev/null
}

# case_body URL: logs in at URL as $WRITE_USER, uploads one PDF per required
# material once and writes $WORK/case.json; sets TOKEN and D_BYTES (the size
# of one 201 answer), or D_NOTE on failure (returns 1).
case_body() {
	local url=$1 keys key fid pairs=() code
	TOKEN=$(curl -s --max-time 30 -X POST "$url/api/v1/session" -H 'Content-Type: application/json' \
		-d "{\"username\":\"$WRITE_USER\",\"password\":\"$WRITE_PASSWORD\"}" | json_get 'd.get("token")' || true)
	[ -n "$TOKEN" ] || { D_NOTE="skipped: cannot log in as $WRITE_USER"; return 1; }
	keys=$(curl -sf --max-time 5 "$url/api/v1/matters/$WRITE_MATTER" |
		json_get '" ".join(m["key"] for m in d["materials"] if m.get("required"))' || true)
	[ -n "$keys" ] || { D_NOTE="skipped: matter $WRITE_MATTER or its materials not found"; return 1; }
	printf '%%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%%%EOF\n' >"$WORK/material.pdf"
	for key in $keys; do # one upload per material, once: every case refers to the same files
		fid=$(curl -s --max-time 30 -H "Authorization: Bearer $TOKEN" \
			-F "file=@$WORK/material.pdf;type=application/pdf;filename=$key.pdf" "$url/api/v1/files" | json_get 'd.get("id")' || true)
		[ -n "$fid" ] || { D_NOTE="skipped: upload for material $key failed"; return 1; }
		pairs+=("$key=$fid")
	done
	python3 - "$WORK/case.json" "$WRITE_MATTER" "${pairs[@]}" <<'PY' || { D_NOTE="skipped: cannot build the case body"; return 1; }
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
	# the short answer, as the write rows ask for it (bench/post_case.lua): D_BYTES is its size
	code=$(curl -s --max-time 30 -o "$WORK/case-first.json" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
		-H 'Content-Type: application/json' -H "Idempotency-Key: bench-probe-$RANDOM" -H 'Prefer: return=minimal' \
		--data-binary "@$WORK/case.json" \
		"$url/api/v1/cases" || echo 000)
	if [ "$code" != 201 ]; then
		D_NOTE="skipped: the probe POST /api/v1/cases answered $code: $(head -c 300 "$WORK/case-first.json")"
		return 1
	fi
	D_BYTES=$(wc -c <"$WORK/case-first.json")
}

# post_cases OUT URL...: wrk with bench/post_case.lua against each URL at once
# (one wrk each, $WRITE_CONNS connections), the body of case_body. Sets P_RPS
# (cases created per second, summed), P_P99 (the first URL's), P_NOTE.
# POST_PATH, POST_BODY and POST_TOKEN post something else the same way (the 12345 row).
post_cases() {
	local out=$1 secs=${DURATION%s} i=0 pids=() u line other sock
	local path=${POST_PATH:-/api/v1/cases} body=${POST_BODY:-$WORK/case.json} token=${POST_TOKEN:-$TOKEN}
	shift
	P_RPS=0 P_P99=- P_NOTE=
	for u in "$@"; do
		BENCH_TOKEN=$token BENCH_CASE_BODY=$body BENCH_KEY_PREFIX="w$i-" \
			timeout $((secs + 30)) wrk -t"$WRK_THREADS" -c"$WRITE_CONNS" -d"$DURATION" --timeout 10s --latency \
			-s "$ROOT/bench/post_case.lua" "$u$path" >"$out.$i" 2>&1 &
		pids+=($!)
		i=$((i + 1))
	done
	WRK_PID=${pids[0]}
	wait "${pids[@]}" || true
	WRK_PID=
	for ((i = 0; i < $#; i++)); do
		line=$(grep '^created=' "$out.$i" || true)
		if [ -z "$line" ]; then
			P_NOTE="wrk gave no result: $(tail -1 "$out.$i")"
			return
		fi
		P_RPS=$(awk -v a="$P_RPS" -v b="$(sed 's/.*created_per_s=\([0-9.]*\).*/\1/' <<<"$line")" 'BEGIN { print a + b }')
		other=$(sed 's/.*other=\([0-9]*\).*/\1/' <<<"$line")
		[ "${other:-0}" = 0 ] ||
			P_NOTE="${P_NOTE:+$P_NOTE; }$other answers were not 201 (${line##*codes=}); first: $(sed -n 's/^sample_other=//p' "$out.$i" | head -c 200)"
		sock=$(awk '/Socket errors:/ { for (i = 3; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) n += $i; print n + 0 }' "$out.$i")
		[ "${sock:-0}" = 0 ] || P_NOTE="${P_NOTE:+$P_NOTE; }$sock socket errors"
	done
	P_P99=$(awk '$1 == "99%" {print $2}' "$out.0")
	P_P99=${P_P99:--}
}

bench_writes() {
	D_RPS= D_P99=- D_BYTES= D_NOTE= D_WPC= D_WRITES= D_COMMITS=
	command -v python3 >/dev/null || { D_NOTE="skipped: python3 needed to build the case body"; return; }
	stop_pid "$NGINX_PID"; NGINX_PID=
	stop_pid "$ONESTOP_PID"; ONESTOP_PID=
	start_onestop "$WRITE_THREADS" onestop-writes
	case_body "$OURL" || return 0

	# The raw 1-row rate is measured just before and just after the wrk run
	# (onestop idle both times) and averaged: on a shared machine the disk's
	# fsync rate drifts, and the ratio should compare like with like.
	sqlite_rate 1; RAW1_A=$S_RATE RAW1_ERR=$S_ERR

	local c0 w0 c1 w1 perf_pid= secs=${DURATION%s}
	c0=$(metric onestop_db_commits_total) w0=$(metric onestop_db_writes_total)
	if [ "${BENCH_PERF:-0}" = 1 ] && command -v perf >/dev/null; then # optional profile of the server under write load
		(sleep 1; perf record -q -F 499 --call-graph dwarf,16384 -p "$ONESTOP_PID" -o "$WORK/perf-writes.data" \
			-- sleep $((secs > 3 ? secs - 2 : 1)) >"$WORK/perf-record.log" 2>&1) &
		perf_pid=$!
	fi
	post_cases "$WORK/wrk-writes.txt" "$OURL"
	[ -z "$perf_pid" ] || wait "$perf_pid" || true
	c1=$(metric onestop_db_commits_total) w1=$(metric onestop_db_writes_total)
	sqlite_rate 1; RAW1_B=$S_RATE RAW1_ERR=${RAW1_ERR:-$S_ERR}
	D_RPS=$P_RPS D_P99=$P_P99 D_NOTE=$P_NOTE
	if [ -n "$c0" ] && [ -n "$c1" ] && [ -n "$w0" ] && [ -n "$w1" ] && [ $((c1 - c0)) -gt 0 ]; then
		D_COMMITS=$((c1 - c0)) D_WRITES=$((w1 - w0))
		D_WPC=$(awk -v w="$D_WRITES" -v c="$D_COMMITS" 'BEGIN { printf "%.1f", w / c }')
	fi
	fsyncs_per_commit
}

# fsyncs_per_commit: the fsync(2) and fdatasync(2) calls of the node per commit,
# counted from the process by strace in a short write run of its own (strace
# stops the process at every system call, so that run is not the measured one):
# the page cache outlives a killed process, so durability shows here, not in
# a kill test. Sets D_FSYNC (calls per commit) and D_FSYNC_NOTE.
fsyncs_per_commit() {
	D_FSYNC= D_FSYNC_NOTE=
	command -v strace >/dev/null || { D_FSYNC_NOTE="strace not installed"; return 0; }
	local c0 c1 tracer calls
	c0=$(metric onestop_db_commits_total)
	strace -f -c -e trace=fsync,fdatasync -p "$ONESTOP_PID" -o "$WORK/strace-writes.txt" 2>/dev/null &
	tracer=$!
	sleep 1
	DURATION=2s post_cases "$WORK/wrk-writes-strace.txt" "$OURL" || true
	kill -INT "$tracer" 2>/dev/null || true
	wait "$tracer" 2>/dev/null || true
	c1=$(metric onestop_db_commits_total)
	calls=$(awk '$NF == "fsync" || $NF == "fdatasync" { s += $4 } END { print s + 0 }' "$WORK/strace-writes.txt" 2>/dev/null)
	if [ -n "$c0" ] && [ -n "$c1" ] && [ $((c1 - c0)) -gt 0 ]; then
		D_FSYNC=$(awk -v f="$calls" -v c=$((c1 - c0)) 'BEGIN { printf "%.2f", f / c }')
		D_FSYNC_NOTE="$calls fsync/fdatasync calls in $((c1 - c0)) commits"
	else
		D_FSYNC_NOTE="no commit counted under strace"
	fi
}

# --- 12345 intake ----------------------------------------------------------------
# bench_complaints: 12345 requests filed and dispatched per second, on the node
# bench_writes left running (--threads $WRITE_THREADS, the same database). It
# logs in as the demo person zhangsan, POSTs one noise complaint on the web
# channel at 南京东路街道 (data/demo/complaints.json names hp-njdl for it)
# with curl and requires 201 in state `dispatched` to hp-njdl, then runs wrk
# with bench/post_case.lua on POST /api/v1/complaints, the same body each time,
# only 201 counted. Each 201 is a request checked against the categories and
# regions, numbered, inserted with its sealed text, its timeline entry, the
# hotspot counter and the audit entry, matched against the responsibility
# list and dispatched by the system (sign-for deadline, bodies, a second
# timeline entry, the 三率 counter, the caller's message, a second audit entry),
# all in one transaction committed before the answer; then the request is read
# back for the 201. Afterwards every request in the database must be
# dispatched (python3's sqlite3 counts them). Sets C_*; on failure C_NOTE.
COMPLAINT_USER=zhangsan COMPLAINT_PASSWORD='Demo2026!' # data/demo/accounts.json
bench_complaints() {
	C_RPS= C_P99=- C_BYTES= C_NOTE= C_WPC= C_WRITES= C_COMMITS=
	command -v python3 >/dev/null || { C_NOTE="skipped: python3 needed"; return; }
	[ -n "$ONESTOP_PID" ] || start_onestop "$WRITE_THREADS" onestop-complaints
	local ctoken code got c0 w0 c1 w1 counts
	ctoken=$(curl -s --max-time 30 -X POST "$OURL/api/v1/session" -H 'Content-Type: application/json' \
		-d "{\"username\":\"$COMPLAINT_USER\",\"password\":\"$COMPLAINT_PASSWORD\"}" | json_get 'd.get("token")' || true)
	[ -n "$ctoken" ] || { C_NOTE="skipped: cannot log in as $COMPLAINT_USER"; return; }
	printf '%s' '{"kind":"complaint","category":"noise","channel":"web","district":"310101","street":"310101002","address":"南京东路步行街附近","text":"楼下KTV每天晚上唱到十二点以后，音响声音很大，家里老人孩子都睡不着，希望管一管。"}' \
		>"$WORK/complaint.json"
	code=$(curl -s --max-time 30 -o "$WORK/complaint-first.json" -w '%{http_code}' -H "Authorization: Bearer $ctoken" \
		-H 'Content-Type: application/json' --data-binary "@$WORK/complaint.json" "$OURL/api/v1/complaints" || echo 000)
	got=$(json_get 'd.get("status", "") + " " + (d.get("body") or "")' <"$WORK/complaint-first.json" || true)
	if [ "$code" != 201 ] || [ "$got" != "dispatched hp-njdl" ]; then
		C_NOTE="skipped: the probe POST /api/v1/complaints answered $code ($got): $(head -c 300 "$WORK/complaint-first.json")"
		return
	fi
	C_BYTES=$(wc -c <"$WORK/complaint-first.json")
	c0=$(metric onestop_db_commits_total) w0=$(metric onestop_db_writes_total)
	POST_PATH=/api/v1/complaints POST_BODY=$WORK/complaint.json POST_TOKEN=$ctoken \
		post_cases "$WORK/wrk-complaints.txt" "$OURL"
	c1=$(metric onestop_db_commits_total) w1=$(metric onestop_db_writes_total)
	sqlite_rate 1; RAW1_C=$S_RATE RAW1_ERR=${RAW1_ERR:-$S_ERR}
	C_RPS=$P_RPS C_P99=$P_P99 C_NOTE=$P_NOTE
	if [ -n "$c0" ] && [ -n "$c1" ] && [ -n "$w0" ] && [ -n "$w1" ] && [ $((c1 - c0)) -gt 0 ]; then
		C_COMMITS=$((c1 - c0)) C_WRITES=$((w1 - w0))
		C_WPC=$(awk -v w="$C_WRITES" -v c="$C_COMMITS" 'BEGIN { printf "%.1f", w / c }')
	fi
	counts=$(python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1], timeout=30)
print(*c.execute("SELECT COUNT(*), COALESCE(SUM(status = \x27dispatched\x27 AND body = \x27hp-njdl\x27), 0) FROM complaints").fetchone())' \
		"$WORK/onestop.db" 2>&1 || true)
	[ "${counts% *}" = "${counts#* }" ] ||
		C_NOTE="${C_NOTE:+$C_NOTE; }not every request was dispatched to hp-njdl (requests, dispatched: $counts)"
}

# --- bundles ----------------------------------------------------------------------
# bench_bundles: 开办餐饮店 (YJS-CANYIN) applications per second, on the node
# bench_writes left running. Logs in as the demo person zhangsan, uploads each
# required material of the merged list once, POSTs one application with curl
# and requires 201 with every step created (the registration submitted, the
# other four waiting as drafts), then runs wrk with bench/post_case.lua on
# POST /api/v1/bundles/YJS-CANYIN/cases, the same body each time with its own
# Idempotency-Key, only 201 counted. Each 201 is the merged form and materials
# checked, the bundle case and five sub-cases filed — each with its own form
# checks, number, timeline, tasks, clock and audit entry — and the first
# submitted to its department, in one transaction committed before the answer.
# Afterwards every bundle case in the database must have its five steps. Sets B_*.
BUNDLE_USER=zhangsan BUNDLE_PASSWORD='Demo2026!' BUNDLE_CODE=YJS-CANYIN
bench_bundles() {
	B_RPS= B_P99=- B_BYTES= B_NOTE= B_WPC= B_WRITES= B_COMMITS=
	command -v python3 >/dev/null || { B_NOTE="skipped: python3 needed"; return; }
	[ -n "$ONESTOP_PID" ] || start_onestop "$WRITE_THREADS" onestop-bundles
	local btoken keys key fid pairs=() code c0 w0 c1 w1 counts
	btoken=$(curl -s --max-time 30 -X POST "$OURL/api/v1/session" -H 'Content-Type: application/json' \
		-d "{\"username\":\"$BUNDLE_USER\",\"password\":\"$BUNDLE_PASSWORD\"}" | json_get 'd.get("token")' || true)
	[ -n "$btoken" ] || { B_NOTE="skipped: cannot log in as $BUNDLE_USER"; return; }
	curl -sf --max-time 5 "$OURL/api/v1/bundles/$BUNDLE_CODE" >"$WORK/bundle-guide.json" ||
		{ B_NOTE="skipped: bundle $BUNDLE_CODE not found"; return; }
	keys=$(json_get '" ".join(m["key"] for m in d["materials"] if m.get("required"))' <"$WORK/bundle-guide.json")
	printf '%%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%%%EOF\n' >"$WORK/material.pdf"
	for key in $keys; do
		fid=$(curl -s --max-time 30 -H "Authorization: Bearer $btoken" \
			-F "file=@$WORK/material.pdf;type=application/pdf;filename=$key.pdf" "$OURL/api/v1/files" | json_get 'd.get("id")' || true)
		[ -n "$fid" ] || { B_NOTE="skipped: upload for material $key failed"; return; }
		pairs+=("$key=$fid")
	done
	python3 - "$WORK/bundle-guide.json" "$WORK/bundle.json" "${pairs[@]}" <<'PY' || { B_NOTE="skipped: cannot build the bundle body"; return; }
import json, sys
guide, out, pairs = json.load(open(sys.argv[1], encoding="utf-8")), sys.argv[2], sys.argv[3:]
by_type = {"int": 10, "decimal": 85.5, "bool": True, "phone": "13800138000", "region": "310101",
           "id_number": "310101198503120030", "email": "a@example.cn", "date": "2026-01-05",
           "string": "张三", "text": "热食类食品制售", "address": "上海市黄浦区南京东路100号"}
form = {f["key"]: f["options"][0]["value"] if f["type"] == "enum" else by_type[f["type"]]
        for f in guide["form"]["fields"]}
form["enterprise_name"] = "上海弄堂小馆餐饮有限公司"
body = {"form": form, "materials": [{"key": k, "file": f} for k, f in (p.split("=", 1) for p in pairs)],
        "channel": "online"}
json.dump(body, open(out, "w", encoding="utf-8"), ensure_ascii=False, separators=(",", ":"))
PY
	code=$(curl -s --max-time 30 -o "$WORK/bundle-first.json" -w '%{http_code}' -H "Authorization: Bearer $btoken" \
		-H 'Content-Type: application/json' -H "Idempotency-Key: bench-bundle-probe-$RANDOM" \
		--data-binary "@$WORK/bundle.json" "$OURL/api/v1/bundles/$BUNDLE_CODE/cases" || echo 000)
	if [ "$code" != 201 ] || [ "$(json_get 'len(d.get("steps", []))' <"$WORK/bundle-first.json")" != 5 ]; then
		B_NOTE="skipped: the probe application answered $code: $(head -c 300 "$WORK/bundle-first.json")"
		return
	fi
	B_BYTES=$(wc -c <"$WORK/bundle-first.json")
	c0=$(metric onestop_db_commits_total) w0=$(metric onestop_db_writes_total)
	POST_PATH=/api/v1/bundles/$BUNDLE_CODE/cases POST_BODY=$WORK/bundle.json POST_TOKEN=$btoken \
		post_cases "$WORK/wrk-bundles.txt" "$OURL"
	c1=$(metric onestop_db_commits_total) w1=$(metric onestop_db_writes_total)
	B_RPS=$P_RPS B_P99=$P_P99 B_NOTE=$P_NOTE
	if [ -n "$c0" ] && [ -n "$c1" ] && [ -n "$w0" ] && [ -n "$w1" ] && [ $((c1 - c0)) -gt 0 ]; then
		B_COMMITS=$((c1 - c0)) B_WRITES=$((w1 - w0))
		B_WPC=$(awk -v w="$B_WRITES" -v c="$B_COMMITS" 'BEGIN { printf "%.1f", w / c }')
	fi
	counts=$(python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1], timeout=30)
print(*c.execute("SELECT COUNT(*), COALESCE(SUM(n = 5), 0) FROM (SELECT b.id, COUNT(s.step) AS n FROM bundle_cases b LEFT JOIN bundle_steps s ON s.bundle_case_id = b.id GROUP BY b.id) x").fetchone())' \
		"$WORK/onestop.db" 2>&1 || true)
	[ "${counts% *}" = "${counts#* }" ] ||
		B_NOTE="${B_NOTE:+$B_NOTE; }not every bundle case has its five steps (bundle cases, complete: $counts)"
}

# --- the statistics counters' cost -------------------------------------------------
# bench_counters: the durable-write row again, twice, with the test build
# (onestop-test) on a fresh database each time: once as built (every case's
# statistics counters kept in its transaction: the day, month and flat roll-up
# rows and the demand cell) and once started with ONESTOP_TEST_NO_COUNTERS=1,
# the test build's one switch that skips them (src/domain/stats/stats_switch.c;
# a production build cannot skip them). Same binary, body, threads and
# duration, so the difference is the counters. Afterwards the database of the
# run without them must hold no counter row and the other must hold some
# (python3's sqlite3 counts them), or the row is void. BENCH_COUNTER_ROUNDS (3)
# pairs, interleaved (with, without, with, ...), each on its own fresh
# database; the table shows the medians. Sets K_*; K_NOTE says why not.
TEST_BIN=${BENCH_TEST_BIN:-$ROOT/build/default/onestop-test}
K_KEPT= K_SKIPPED= K_KEPT_P99=- K_SKIPPED_P99=- K_NOTE=
COUNTER_ROUNDS=${BENCH_COUNTER_ROUNDS:-3}
K_RATES=
bench_counters() {
	[ -x "$TEST_BIN" ] || { K_NOTE="skipped: $TEST_BIN not built (make build/default/onestop-test)"; return; }
	command -v python3 >/dev/null || { K_NOTE="skipped: python3 needed"; return; }
	stop_pid "$ONESTOP_PID"; ONESTOP_PID=
	local mode db rows round kept=() skipped=() saved_bytes=$D_BYTES saved_note=$D_NOTE saved_token=${TOKEN:-}
	for ((round = 1; round <= COUNTER_ROUNDS; round++)); do
		for mode in kept skipped; do # interleaved, so a shared machine's drift falls on both sides
			db=$WORK/counters-$mode-$round.db
			if [ $mode = kept ]; then
				NODE_BIN=$TEST_BIN start_onestop "$WRITE_THREADS" onestop-counters-$mode "sqlite:$db"
			else
				NODE_BIN=$TEST_BIN NODE_ENV=ONESTOP_TEST_NO_COUNTERS=1 \
					start_onestop "$WRITE_THREADS" onestop-counters-$mode "sqlite:$db"
			fi
			D_NOTE=
			if ! case_body "$OURL"; then
				K_NOTE="$mode: $D_NOTE"
				stop_pid "$ONESTOP_PID"; ONESTOP_PID=
				break 2
			fi
			post_cases "$WORK/wrk-counters-$mode-$round.txt" "$OURL"
			stop_pid "$ONESTOP_PID"; ONESTOP_PID=
			[ -z "$P_NOTE" ] || K_NOTE="${K_NOTE:+$K_NOTE; }$mode: $P_NOTE"
			rows=$(python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1], timeout=30)
print(sum(c.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("stats_daily", "stats_flat_daily", "stats_demand")))' \
				"$db" 2>&1 || echo "?")
			rm -f "$db" "$db-wal" "$db-shm"
			if [ $mode = kept ]; then
				kept+=("$P_RPS") K_KEPT_P99=$P_P99
				[ "$rows" != 0 ] && [ "$rows" != "?" ] || K_NOTE="${K_NOTE:+$K_NOTE; }kept: no counter rows ($rows)"
			else
				skipped+=("$P_RPS") K_SKIPPED_P99=$P_P99
				[ "$rows" = 0 ] || { K_NOTE="${K_NOTE:+$K_NOTE; }skipped: $rows counter rows written"; return; }
			fi
		done
	done
	D_BYTES=$saved_bytes D_NOTE=$saved_note TOKEN=$saved_token
	[ ${#kept[@]} = "$COUNTER_ROUNDS" ] && [ ${#skipped[@]} = "$COUNTER_ROUNDS" ] || return 0
	median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
	K_KEPT=$(median "${kept[@]}") K_SKIPPED=$(median "${skipped[@]}")
	K_RATES="with: $(printf '%.0f ' "${kept[@]}")/ without: $(printf '%.0f ' "${skipped[@]}")"
}

# --- PostgreSQL -------------------------------------------------------------------
# bench_pg: the durable-write row on PostgreSQL — a throwaway cluster
# (scripts/pg.sh: fsync on, synchronous_commit on, as shipped) — with one node
# and with two nodes on the one database (a wrk each, summed), next to
# pgbench's TPC-B on the same cluster in the same run; and the matter read row
# served by a node on PostgreSQL, next to nginx's figure for the same bytes above.
PG_TPS= PG1_RPS= PG2_RPS= PG_READ= PG_NOTE= PG1_P99=- PG2_P99=-
bench_pg() {
	local pg url base secs=${DURATION%s} port2 pid2
	[ -x /usr/lib/postgresql/15/bin/initdb ] || { PG_NOTE="skipped: PostgreSQL 15 is not installed"; return; }
	stop_pid "$ONESTOP_PID"; ONESTOP_PID=
	pg=$(bash "$ROOT/scripts/pg.sh" start 2>"$WORK/pg-start.log") || { PG_NOTE="skipped: the cluster did not start"; return; }
	PG_DIR=$(head -1 <<<"$pg") url=$(tail -1 <<<"$pg")
	base=${url%/postgres}
	psql -q "$url" -c "CREATE DATABASE onestop" -c "CREATE DATABASE pgbench" >"$WORK/pg-create.log" 2>&1 ||
		{ PG_NOTE="skipped: $(tail -1 "$WORK/pg-create.log")"; return; }
	pgbench -i -q -s 10 "$base/pgbench" >"$WORK/pgbench-init.log" 2>&1 &&
		pgbench -c "$WRITE_CONNS" -j "$WRK_THREADS" -T "$secs" "$base/pgbench" >"$WORK/pgbench.log" 2>&1 ||
		PG_NOTE="pgbench failed: $(tail -1 "$WORK/pgbench.log" 2>/dev/null)"
	PG_TPS=$(awk '/^tps = / { print $3; exit }' "$WORK/pgbench.log" 2>/dev/null)

	start_onestop "$WRITE_THREADS" onestop-pg1 "$base/onestop"
	case_body "$OURL" || { PG_NOTE=$D_NOTE; return; }
	post_cases "$WORK/wrk-pg1.txt" "$OURL"
	PG1_RPS=$P_RPS PG1_P99=$P_P99
	[ -z "$P_NOTE" ] || PG_NOTE="1 node: $P_NOTE"
	if [ -n "${MATTER_PATH:-}" ]; then
		run_wrk "$OURL$MATTER_PATH" "$WORK/wrk-pg-read.txt"
		PG_READ=$W_RPS
	fi

	port2=$(free_port) || return 0
	start_node "$port2" "$WRITE_THREADS" onestop-pg2 "$base/onestop"
	pid2=$NODE_PID
	post_cases "$WORK/wrk-pg2.txt" "$OURL" "http://127.0.0.1:$port2"
	PG2_RPS=$P_RPS PG2_P99=$P_P99
	[ -z "$P_NOTE" ] || PG_NOTE="${PG_NOTE:+$PG_NOTE; }2 nodes: $P_NOTE"
	stop_pid "$pid2"
	"$BIN" audit-verify --db "$base/onestop" >"$WORK/pg-audit.txt" 2>&1 ||
		PG_NOTE="${PG_NOTE:+$PG_NOTE; }the audit chain does not verify after the run: $(tail -1 "$WORK/pg-audit.txt")"
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

RAW1_A= RAW1_B= RAW1_C= RAW1_ERR=
bench_writes
[ -n "$RAW1_A$RAW1_B" ] || { sqlite_rate 1; RAW1_A=$S_RATE RAW1_ERR=$S_ERR; } # the write row was skipped early
bench_complaints
bench_bundles
bench_counters
# the mean of the raw 1-row rates measured around the two write rows (onestop idle each time)
RAW1=$(awk -v a="$RAW1_A" -v b="$RAW1_B" -v c="$RAW1_C" 'BEGIN { n = 0; s = 0
	if (a != "") { s += a; n++ } if (b != "") { s += b; n++ } if (c != "") { s += c; n++ }
	if (n) printf "%.0f", s / n }')
[ -z "$RAW1_A" ] || [ -z "$RAW1_B" ] ||
	notes+=("raw SQLite, 1 row per commit: $RAW1_A rows/s before the write row, $RAW1_B after it${RAW1_C:+, $RAW1_C after the 12345 row}; the table shows the mean")
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
clabel="POST /api/v1/complaints (dispatched)"
if [ -n "$C_RPS" ]; then
	cratio=$(awk -v a="$C_RPS" -v b="${RAW1:-0}" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')
	printf "$fmt" "$clabel" "$(printf '%.0f' "$C_RPS")" "-" "$cratio" "$C_P99" "-" "$C_BYTES"
else
	printf "$fmt" "$clabel" "-" "-" "-" "-" "-" ""
fi
[ -z "$C_NOTE" ] || notes+=("$clabel: $C_NOTE")
blabel="POST bundle cases (5 sub-cases)"
if [ -n "$B_RPS" ]; then
	bratio=$(awk -v a="$B_RPS" -v b="${RAW1:-0}" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')
	printf "$fmt" "$blabel" "$(printf '%.0f' "$B_RPS")" "-" "$bratio" "$B_P99" "-" "$B_BYTES"
else
	printf "$fmt" "$blabel" "-" "-" "-" "-" "-" ""
fi
[ -z "$B_NOTE" ] || notes+=("$blabel: $B_NOTE")
klabel="POST /api/v1/cases, counters (test)"
kslabel="POST /api/v1/cases, no counters (test)"
if [ -n "$K_KEPT" ]; then
	printf "$fmt" "$klabel" "$(printf '%.0f' "$K_KEPT")" "-" \
		"$(awk -v a="$K_KEPT" -v b="${RAW1:-0}" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')" \
		"$K_KEPT_P99" "-" ""
else
	printf "$fmt" "$klabel" "-" "-" "-" "-" "-" ""
fi
if [ -n "$K_SKIPPED" ]; then
	printf "$fmt" "$kslabel" "$(printf '%.0f' "$K_SKIPPED")" "-" \
		"$(awk -v a="$K_SKIPPED" -v b="${RAW1:-0}" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')" \
		"$K_SKIPPED_P99" "-" ""
else
	printf "$fmt" "$kslabel" "-" "-" "-" "-" "-" ""
fi
[ -z "$K_NOTE" ] || notes+=("counters rows: $K_NOTE")
sqlite_print "raw SQLite, 1 row per commit, FULL" "$RAW1" "$RAW1_ERR"
sqlite_print "raw SQLite, 100 rows per commit, FULL" "$RAW100" "$RAW100_ERR"
if [ -n "$D_WPC" ]; then
	echo "  writer batching during the write row: $D_WRITES writes in $D_COMMITS commits = $D_WPC writes/commit" \
		"(onestop --threads $WRITE_THREADS, wrk -t$WRK_THREADS -c$WRITE_CONNS -d$DURATION)"
fi
if [ -n "$D_FSYNC" ]; then
	echo "  durability of the write row: $D_FSYNC fsyncs per commit ($D_FSYNC_NOTE, counted by strace in a 2 s run" \
		"of its own); every connection sets journal_mode=WAL, synchronous=FULL (src/store/sqlite/sqlite.c)"
elif [ -n "$D_FSYNC_NOTE" ]; then
	echo "  durability of the write row: not counted ($D_FSYNC_NOTE)"
fi
if [ -n "$C_WPC" ]; then
	echo "  writer batching during the 12345 row: $C_WRITES writes in $C_COMMITS commits = $C_WPC writes/commit"
fi
if [ -n "$B_WPC" ]; then
	echo "  writer batching during the bundle row: $B_WRITES writes in $B_COMMITS commits = $B_WPC writes/commit"
fi
if [ -n "$K_KEPT" ] && [ -n "$K_SKIPPED" ]; then
	echo "  the statistics counters' cost: $(printf '%.0f' "$K_KEPT") submissions/s with them, $(printf '%.0f' "$K_SKIPPED")" \
		"without (test build, fresh databases; medians of $COUNTER_ROUNDS interleaved runs: $K_RATES): with / without =" \
		"$(awk -v a="$K_KEPT" -v b="$K_SKIPPED" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')"
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

bench_pg
echo
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a != "" && b > 0) printf "%.2f", a / b; else print "-" }'; }
num() { [ -n "$1" ] && printf '%.0f' "$1" || echo -; }
printf "$fmt" "PostgreSQL (ratio: / pgbench TPC-B tps)" "" "" "" "" "" ""
printf "$fmt" "POST /api/v1/cases, 1 node (201s)" "$(num "$PG1_RPS")" "-" "$(ratio "$PG1_RPS" "$PG_TPS")" "$PG1_P99" "-" ""
printf "$fmt" "POST /api/v1/cases, 2 nodes (201s)" "$(num "$PG2_RPS")" "-" "$(ratio "$PG2_RPS" "$PG_TPS")" "$PG2_P99" "-" ""
printf "$fmt" "pgbench TPC-B (tps, -c $WRITE_CONNS)" "$(num "$PG_TPS")" "" "" "" "" ""
printf "$fmt" "GET ${MATTER_PATH:-matter} (pg node / nginx)" "$(num "$PG_READ")" "$(num "${MATTER_NGINX:-}")" \
	"$(ratio "$PG_READ" "${MATTER_NGINX:-}")" "" "" ""
[ -z "$PG_NOTE" ] || notes+=("PostgreSQL: $PG_NOTE")

if [ ${#notes[@]} -gt 0 ]; then
	echo
	for n in "${notes[@]}"; do echo "note: $n"; done
fi
echo
echo "ratio = onestop / nginx req/s; p99 from wrk --latency; bytes = response body size."
echo "durable row: cases created per second (201 answers only); its ratio = that / raw SQLite 1 row per commit (target >= 5)."
echo "12345 row: requests filed and dispatched by the responsibility list per second (201 answers only); ratio = that / raw SQLite 1 row per commit."
echo "counters rows: the durable row with the test build on fresh databases, the statistics counters kept, then skipped (ONESTOP_TEST_NO_COUNTERS=1); ratio = that / raw SQLite 1 row per commit."
echo "bundle row: 开办餐饮店 applications per second, each the bundle case and its five sub-cases (201 answers only); ratio = that / raw SQLite 1 row per commit."
echo "PostgreSQL rows: the same submissions on one and two nodes sharing a throwaway cluster; ratio = that / pgbench TPC-B tps."

# the statistics rows: a year's overview at a small and a large synthetic N (bench/stats.sh);
# then the rows of bench/scale.sh on the same databases, kept for it in $WORK/scale
mkdir -p "$WORK/scale"
BIN="$BIN" BENCH_STATS_KEEP_DIR="$WORK/scale" bash "$ROOT/bench/stats.sh" || echo "note: bench/stats.sh failed"
# shellcheck source=bench/scale.sh
source "$ROOT/bench/scale.sh"
notes=()
bench_scale
echo
for n in "${notes[@]}"; do echo "note: $n"; done
echo "flat rows: each a node started as make run starts it (serve defaults) on the statistics rows' databases;"
echo "  r/s and p99 from wrk (-c$WRITE_CONNS for submissions, -c4 for the reads); the ratio row compares the two sizes."
