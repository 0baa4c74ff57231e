# bench/scale.sh — the rows "flat as the data grows" of `make bench`; sourced by
# bench/run.sh after bench/stats.sh, whose seeded databases it reuses (run.sh
# keeps them in $WORK/scale: stats-SMALL.db and stats-LARGE.db, or the
# BENCH_STATS_*_DB given; their submissions are then added to those files).
#
# For the small and the large database in turn, one node with the settings
# `make run` starts (no --threads: the serve default), SQLite, and:
#   - durable submissions/s: bench/post_case.lua as in the durable row (xiaochi,
#     XK00103000, 201 only), BENCH_DURATION, BENCH_WRITE_CONNECTIONS;
#   - p99 of "my cases": GET /api/v1/cases as the synthetic applicant with the
#     most cases (make_people in src/domain/synth.c: N/40 applicants, at most
#     20,000), wrk -t1 -c4, 200 answers only;
#   - p99 of a department's task queue: GET /api/v1/tasks as amr_reviewer
#     (市场监管's open intake and review tasks, which grow with N), the same way;
#   - on the large database only: the node's resident memory with 1,000
#     keep-alive connections reading "my cases" (wrk -t2 -c1000): VmHWM, the
#     peak, read from /proc after the run, and the connections established, counted
#     with ss while it runs. One address opens them all, so the per-address
#     abuse limit is lifted for this node (--max-per-address 0) and a note says so.
# Each node first finishes its first round of background jobs (GET /readyz).
# Every row checks its answers (the probe must be 200 with items; any non-2xx is
# a note). Sets nothing outside; prints its own table.

SCALE_PASSWORD='Synthetic2026!' # src/domain/synth.c make_people: every synthetic applicant's
SCALE_STAFF=amr_reviewer                          # data/demo/accounts.json

# scale_get LABEL URL TOKEN CONNS OUT: wrk GETs; sets G_RPS G_P99 G_NOTE
scale_get() {
	local secs=${DURATION%s} non2xx sock
	G_NOTE=
	timeout $((secs + 60)) wrk -t"$([ "$4" -ge 2 ] && echo 2 || echo 1)" -c"$4" -d"$DURATION" --timeout 10s --latency \
		-H "Authorization: Bearer $3" "$2" >"$5" 2>&1 &
	WRK_PID=$!
	wait "$WRK_PID" || true
	WRK_PID=
	G_RPS=$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$5")
	G_P99=$(awk '$1 == "99%" {print $2}' "$5")
	non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$5")
	sock=$(awk '/Socket errors:/ { for (i = 3; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) n += $i; print n + 0 }' "$5")
	[ -n "$G_RPS" ] || G_NOTE="$1: wrk gave no result: $(tail -1 "$5")"
	[ "${non2xx:-0}" = 0 ] || G_NOTE="${G_NOTE:+$G_NOTE; }$1: $non2xx answers not 2xx"
	[ "${sock:-0}" = 0 ] || G_NOTE="${G_NOTE:+$G_NOTE; }$1: $sock socket errors"
	G_RPS=${G_RPS:--} G_P99=${G_P99:--}
}

# scale_items URL TOKEN: the number of items of the first page (empty on failure)
scale_items() {
	curl -sf --max-time 30 -H "Authorization: Bearer $2" "$1" | json_get 'len(d["items"])' || true
}

# scale_one N DB: one node on DB; prints the rows of that size; sets SC_RPS_<N>
scale_one() {
	local n=$1 db=$2 tok stok mine queue rss hwm conns saved_note=$D_NOTE saved_bytes=$D_BYTES
	local args="--max-per-address 0"
	[ "$n" = "$SCALE_LARGE" ] || args=
	stop_pid "$ONESTOP_PID"; ONESTOP_PID=
	# "my cases" of the synthetic applicant with the most cases: the longest list a person has
	SCALE_USER=$(python3 -c 'import sqlite3, sys
c = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True, timeout=60)
print(c.execute("SELECT a.username FROM cases k JOIN accounts a ON a.id = k.applicant_id "
                "WHERE a.username LIKE ? GROUP BY a.username ORDER BY COUNT(*) DESC LIMIT 1", ("syn%",)).fetchone()[0])' \
		"$db" 2>/dev/null || true)
	NODE_ARGS=$args start_onestop default "scale-$n" "sqlite:$db"
	# the first round of background jobs done (GET /readyz: job_rounds), as on a node long up: at a
	# large N the first start catches up on retention and reminders while holding the writer
	local t0=$SECONDS
	for _ in $(seq 600); do
		curl -sf --max-time 5 "$OURL/readyz" | json_get 'd.get("job_rounds", 0) >= 1' | grep -q True && break
		sleep 1
	done
	notes+=("scale $n: the first round of background jobs took about $((SECONDS - t0)) s after the node was ready")
	D_NOTE=
	if case_body "$OURL"; then
		post_cases "$WORK/wrk-scale-writes-$n.txt" "$OURL"
		printf "$fmt" "POST /api/v1/cases at $n cases" "$(num "$P_RPS")" "-" "-" "$P_P99" "-" ""
		[ -z "$P_NOTE" ] || notes+=("scale $n, submissions: $P_NOTE")
		eval "SC_RPS_$n=\$P_RPS"
	else
		notes+=("scale $n, submissions: $D_NOTE")
	fi
	D_NOTE=$saved_note D_BYTES=$saved_bytes
	tok=$(python3 "$ROOT/bench/login.py" "$OURL" "$SCALE_USER" "$SCALE_PASSWORD" || true)
	stok=$(python3 "$ROOT/bench/login.py" "$OURL" "$SCALE_STAFF" || true)
	mine=$([ -z "$tok" ] || scale_items "$OURL/api/v1/cases" "$tok")
	queue=$([ -z "$stok" ] || scale_items "$OURL/api/v1/tasks" "$stok")
	if [ -n "$mine" ] && [ "$mine" != 0 ]; then
		scale_get "my cases $n" "$OURL/api/v1/cases" "$tok" 4 "$WORK/wrk-scale-mine-$n.txt"
		printf "$fmt" "GET my cases at $n ($mine on page 1)" "$G_RPS" "-" "-" "$G_P99" "-" ""
		[ -z "$G_NOTE" ] || notes+=("$G_NOTE")
	else
		notes+=("scale $n: $SCALE_USER has no cases or cannot log in (page 1: '${mine}')")
	fi
	if [ -n "$queue" ] && [ "$queue" != 0 ]; then
		scale_get "task queue $n" "$OURL/api/v1/tasks" "$stok" 4 "$WORK/wrk-scale-queue-$n.txt"
		printf "$fmt" "GET task queue at $n ($queue on page 1)" "$G_RPS" "-" "-" "$G_P99" "-" ""
		[ -z "$G_NOTE" ] || notes+=("$G_NOTE")
	else
		notes+=("scale $n: $SCALE_STAFF's queue is empty or the login failed (page 1: '${queue}')")
	fi
	if [ -n "$args" ] && [ -n "$mine" ] && [ "$mine" != 0 ]; then
		(sleep $(( ${DURATION%s} / 2 + 1 )); ss -Htn state established "( sport = :$OPORT )" | wc -l \
			>"$WORK/scale-conns") &
		local counter=$!
		scale_get "1000 connections $n" "$OURL/api/v1/cases" "$tok" 1000 "$WORK/wrk-scale-rss-$n.txt"
		wait "$counter" 2>/dev/null || true
		conns=$(cat "$WORK/scale-conns" 2>/dev/null || echo "?")
		hwm=$(awk '/^VmHWM:/ {printf "%.1f", $2 / 1024}' "/proc/$ONESTOP_PID/status" 2>/dev/null)
		rss=$(awk '/^VmRSS:/ {printf "%.1f", $2 / 1024}' "/proc/$ONESTOP_PID/status" 2>/dev/null)
		printf "$fmt" "peak RSS MB, $conns conns at $n" "${hwm:--}" "-" "-" "$G_P99" "-" ""
		notes+=("scale $n: RSS after the 1,000-connection run ${rss:-?} MB, peak ${hwm:-?} MB (VmHWM), $conns
      connections established midway; --max-per-address 0 for that node (the default 128 per address is an
      abuse limit; wrk opens all 1,000 from 127.0.0.1)")
		[ -z "$G_NOTE" ] || notes+=("$G_NOTE")
	fi
	stop_pid "$ONESTOP_PID"; ONESTOP_PID=
}

bench_scale() {
	SCALE_SMALL=${BENCH_STATS_SMALL:-10000} SCALE_LARGE=${BENCH_STATS_LARGE:-1000000}
	local small=${BENCH_STATS_SMALL_DB:-$WORK/scale/stats-$SCALE_SMALL.db}
	local large=${BENCH_STATS_LARGE_DB:-$WORK/scale/stats-$SCALE_LARGE.db}
	echo
	printf "$fmt" "flat as the data grows (make run's settings)" "r/s" "" "" "p99" "" ""
	if [ -f "$small" ]; then scale_one "$SCALE_SMALL" "$small"; else notes+=("scale: no $small"); fi
	if [ "$SCALE_LARGE" != 0 ] && [ -f "$large" ]; then
		scale_one "$SCALE_LARGE" "$large"
	else
		notes+=("scale: no large database ($large)")
	fi
	local a b
	a=$(eval "echo \${SC_RPS_$SCALE_LARGE:-}") b=$(eval "echo \${SC_RPS_$SCALE_SMALL:-}")
	printf "$fmt" "submissions at $SCALE_LARGE / at $SCALE_SMALL" "" "" "$(ratio "$a" "$b")" "" "" \
		"(target >= 0.9, resolved at >= 0.8)"
}
