#!/usr/bin/env bash
# Runs every suite and prints one closing line "N passed, N failed"; the line
# before it is the wall time ("make test: N s" when make passes TEST_T0, the
# second it started).
#   unit      cmocka programs in $BUILD/tests (and again under ASan+UBSan)
#   fuzz      each fuzz harness replaying its corpus, $BUILD/fuzz (and ASan+UBSan)
#   api       pytest against real servers (tests/api), one worker a core
#             (pytest-xdist) when it is installed, each with its own servers;
#             twice: on SQLite, and on PostgreSQL in a throwaway cluster
#             (scripts/pg.sh) that is removed at the end; after each run,
#             scripts/pii_scan.py over every server's directory (and the
#             cluster's files) counts as one more test
#   layering  scripts/check_layers.py on src/, and its tests (tests/tools)
#   browser   playwright-core + Chromium (tests/browser), when present
# The suites share nothing (each starts its own servers on free ports with
# its own temporary directories), so they run at the same time. Each one
# writes its output to a file, printed in one piece with its failures when
# it ends, and its counts to another ("P F").
set -uo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build/default}
SAN=build/san-address-undefined
T0=${TEST_T0:-$(date +%s)}
LABEL=$([ -n "${TEST_T0:-}" ] && echo "make test" || echo "tests/run.sh")
export ONESTOP_BIN=${ONESTOP_BIN:-$PWD/$BUILD/onestop}
export ONESTOP_TEST_BIN=${ONESTOP_TEST_BIN:-$PWD/$BUILD/onestop-test}
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT

# ---------------------------------------------------------------- the suites
# Each runs in a subshell of its own and ends with `counts P F`.

counts() { echo "$1 $2" >"$log/$suite.count"; }

count_cmocka() { # file -> "P F"
	local p f
	p=$(grep -Eo '\[  PASSED  \] [0-9]+' "$1" | awk '{s+=$4} END {print s+0}')
	f=$(grep -Eo '\[  FAILED  \] [0-9]+' "$1" | awk '{s+=$4} END {print s+0}')
	echo "$p $f"
}

sanitized() { ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 "$@"; }

run_unit() { # dir label -> adds to passed/failed
	local dir=$1 label=$2 t name out p f
	for t in $(find "$dir/tests" -type f -perm -u+x | sort); do
		name=${t#"$dir"/tests/}
		out="$log/${name//\//_}-$label.txt"
		if ! sanitized "$t" >"$out" 2>&1; then
			if ! grep -q '\[  FAILED  \]' "$out"; then failed=$((failed + 1)); fi
			echo "FAIL unit($label) $name"; tail -30 "$out"
		fi
		read -r p f < <(count_cmocka "$out")
		passed=$((passed + p)); failed=$((failed + f))
	done
}

# Each fuzz harness replays its corpus (tests/fuzz/corpus/<name>/) as one test.
run_fuzz() { # dir label -> adds to passed/failed
	local dir=$1 label=$2 t out
	for t in "$dir"/fuzz/fuzz_*; do
		[ -x "$t" ] || continue
		out="$log/$(basename "$t")-$label.txt"
		if sanitized "$t" >"$out" 2>&1; then
			passed=$((passed + 1))
			grep -E '^fuzz ' "$out"
		else
			failed=$((failed + 1))
			echo "FAIL fuzz($label) $(basename "$t") (last input run: $(grep -E '^replay: ' "$out" | tail -1 | cut -c9-))"
			grep -Ev '^replay: ' "$out" | tail -30
		fi
	done
}

# unit and fuzz, plain or under ASan+UBSan (the build in $SAN, when built)
native() { # dir label
	local passed=0 failed=0
	echo "== unit ($2)"
	run_unit "$1" "$2"
	if ls "$1"/fuzz/fuzz_* >/dev/null 2>&1; then
		echo "== fuzz corpus ($2)"
		run_fuzz "$1" "$2"
	fi
	counts "$passed" "$failed"
}

api() { # engine: sqlite, or postgresql (on the throwaway cluster in $ONESTOP_TEST_PG)
	local engine=$1 p f n=() out="$log/api-$1.txt" keep
	# one worker a core, each with its own servers; a module stays on one worker
	/usr/bin/python3 -c 'import xdist' 2>/dev/null && n=(-n "${API_WORKERS:-$(nproc)}" --dist loadfile)
	echo "== api ($engine)"
	# the servers keep their directories (database, WAL, blob store, log) for the scan below
	keep=$(mktemp -d "${TMPDIR:-/tmp}/onestop-keep-$engine.XXXXXX")
	ONESTOP_TEST_KEEP=$keep /usr/bin/python3 -m pytest -q -p no:cacheprovider "${n[@]}" tests/api >"$out" 2>&1
	tail -40 "$out" | grep -Ev '^\s*$|^bringing up nodes' | tail -25
	# what each failure said: its header and its E lines (the whole file is gone with $log)
	grep -qE '^(FAILED|ERROR) ' "$out" && grep -E '^_{3,} |^E  ' "$out" | head -200
	p=$(tail -5 "$out" | grep -Eo '[0-9]+ passed' | grep -Eo '[0-9]+' || echo 0)
	f=$(tail -5 "$out" | grep -Eo '[0-9]+ (failed|error|errors)' | grep -Eo '[0-9]+' | awk '{s+=$1} END {print s+0}')
	[ "${p:-0}" = 0 ] && [ "${f:-0}" = 0 ] && f=1
	# One more test: no ID number or phone in the clear in any log line, database, WAL or
	# blob the suite left (on PostgreSQL also the cluster's base/ and pg_wal/, still running).
	# ONESTOP_PII_SCAN=logs scans the log files alone.
	local where=("$keep") only=()
	[ "$engine" = postgresql ] && [ -n "${pg_dir:-}" ] && where+=("$pg_dir/data/base" "$pg_dir/data/pg_wal")
	[ "${ONESTOP_PII_SCAN:-all}" = logs ] && only=(--only logs)
	echo "pii scan ($engine): $(du -sh "$keep" | cut -f1) kept by the servers"
	if python3 scripts/pii_scan.py "${only[@]}" --show 40 "${where[@]}" >"$log/pii-$engine.txt" 2>&1; then
		p=$((p + 1))
	else
		f=$((f + 1))
		echo "FAIL pii scan ($engine): ID numbers or phones in the clear"
	fi
	tail -41 "$log/pii-$engine.txt"
	rm -rf "$keep"
	counts "${p:-0}" "${f:-0}"
}

# The layering check (scripts/check_layers.py) on the tree, and the checker's own tests.
layering() {
	local p f
	echo "== layering"
	if python3 scripts/check_layers.py >"$log/layering.txt" 2>&1; then p=1; f=0; else p=0; f=1; cat "$log/layering.txt"; fi
	tail -1 "$log/layering.txt"
	/usr/bin/python3 -m pytest -q -p no:cacheprovider tests/tools >"$log/tools.txt" 2>&1
	tail -3 "$log/tools.txt"
	p=$((p + $(tail -3 "$log/tools.txt" | grep -Eo '[0-9]+ passed' | grep -Eo '[0-9]+' || echo 0)))
	f=$((f + $(tail -3 "$log/tools.txt" | grep -Eo '[0-9]+ (failed|error|errors)' | grep -Eo '[0-9]+' | awk '{s+=$1} END {print s+0}')))
	counts "$p" "$f"
}

browser() {
	local p f
	echo "== browser"
	node tests/browser/run.mjs >"$log/browser.txt" 2>&1
	# every failure with its account, wherever it fell in the run, then the end of the run
	grep -A3 '^FAIL' "$log/browser.txt" | cut -c1-2000
	tail -30 "$log/browser.txt"
	p=$(grep -Eo '^[0-9]+ passed' "$log/browser.txt" | tail -1 | grep -Eo '[0-9]+' || echo 0)
	f=$(grep -Eo '[0-9]+ failed' "$log/browser.txt" | tail -1 | grep -Eo '[0-9]+' || echo 1)
	counts "${p:-0}" "${f:-1}"
}

# ---------------------------------------------------------------- running them

declare -A started   # pid -> suite
start() { # niceness suite command... — in the background, output to $log/<suite>.out
	local nice=$1 suite=$2; shift 2
	date +%s >"$log/$suite.t0"
	( renice -n "$nice" -p "$BASHPID" >/dev/null; suite=$suite; "$@" ) >"$log/$suite.out" 2>&1 &
	started[$!]=$suite
}

# The browser suite is the longest and its scenarios have time limits, so it
# starts first and has the processor first; the others take what it leaves.
[ -f tests/browser/run.mjs ] && start 0 browser browser
api_pg() { ONESTOP_TEST_PG=$pg_url api postgresql; }
pg_failed() { echo "FAIL api-postgresql: the test cluster did not start"; cat "$log/pg-start.txt"; counts 0 1; }
if ls tests/api/test_*.py >/dev/null 2>&1; then
	start 10 api-sqlite api sqlite
	# the same suite on PostgreSQL: a throwaway cluster (scripts/pg.sh), removed at the end
	if pg=$(bash scripts/pg.sh start 2>"$log/pg-start.txt"); then
		pg_dir=$(echo "$pg" | head -1) pg_url=$(echo "$pg" | tail -1)
		trap 'bash scripts/pg.sh stop "$pg_dir"; rm -rf "$log"' EXIT
		start 10 api-postgresql api_pg
	else
		start 10 api-postgresql pg_failed
	fi
fi
start 10 layering layering
start 10 unit-fuzz native "$BUILD" plain
if [ "$BUILD" != "$SAN" ] && [ -d "$SAN/tests" ]; then
	start 10 unit-fuzz-asan native "$SAN" "ASan+UBSan"
fi

passed=0; failed=0
while [ ${#started[@]} -gt 0 ]; do
	wait -n -p pid "${!started[@]}"
	suite=${started[$pid]}; unset "started[$pid]"
	cat "$log/$suite.out"
	if read -r p f <"$log/$suite.count" 2>/dev/null; then :; else
		echo "FAIL $suite: it ended without a result"; p=0; f=1
	fi
	echo "$suite: $p passed, $f failed ($(($(date +%s) - $(cat "$log/$suite.t0"))) s)"
	passed=$((passed + p)); failed=$((failed + f))
done

echo "$LABEL: $(($(date +%s) - T0)) s"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
