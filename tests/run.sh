#!/usr/bin/env bash
# Runs every suite and prints one closing line "N passed, N failed".
#   unit      cmocka programs in $BUILD/tests (and again under ASan+UBSan)
#   fuzz      each fuzz harness replaying its corpus, $BUILD/fuzz (and ASan+UBSan)
#   api       pytest against a real server (tests/api)
#   browser   playwright-core + Chromium (tests/browser), when present
set -uo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build/default}
SAN=build/san-address-undefined
passed=0; failed=0
log=$(mktemp -d)

count_cmocka() { # file -> adds to passed/failed
	local p f
	p=$(grep -Eo '\[  PASSED  \] [0-9]+' "$1" | awk '{s+=$4} END {print s+0}')
	f=$(grep -Eo '\[  FAILED  \] [0-9]+' "$1" | awk '{s+=$4} END {print s+0}')
	passed=$((passed + p)); failed=$((failed + f))
}

run_unit() { # dir label
	local dir=$1 label=$2
	local t name
	for t in $(find "$dir/tests" -type f -perm -u+x | sort); do
		name=${t#"$dir"/tests/}
		local out="$log/${name//\//_}-$label.txt"
		if ! ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 "$t" >"$out" 2>&1; then
			if ! grep -q '\[  FAILED  \]' "$out"; then failed=$((failed + 1)); fi
			echo "FAIL unit($label) $name"; tail -30 "$out"
		fi
		count_cmocka "$out"
	done
}

echo "== unit"
run_unit "$BUILD" plain
if [ "$BUILD" != "$SAN" ] && [ -d "$SAN/tests" ]; then
	echo "== unit (ASan+UBSan)"
	run_unit "$SAN" asan
fi
echo "unit: $passed passed, $failed failed so far"

# Each fuzz harness replays its corpus (tests/fuzz/corpus/<name>/) as one
# test; the ASan+UBSan build of the replays runs too when it has been built.
run_fuzz() { # dir label
	local dir=$1 label=$2
	for t in "$dir"/fuzz/fuzz_*; do
		[ -x "$t" ] || continue
		local out="$log/$(basename "$t")-$label.txt"
		if ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 "$t" >"$out" 2>&1; then
			passed=$((passed + 1))
			grep -E '^fuzz ' "$out"
		else
			failed=$((failed + 1))
			echo "FAIL fuzz($label) $(basename "$t") (last input run: $(grep -E '^replay: ' "$out" | tail -1 | cut -c9-))"
			grep -Ev '^replay: ' "$out" | tail -30
		fi
	done
}
if ls "$BUILD"/fuzz/fuzz_* >/dev/null 2>&1; then
	echo "== fuzz corpus"
	run_fuzz "$BUILD" plain
	if [ "$BUILD" != "$SAN" ] && ls "$SAN"/fuzz/fuzz_* >/dev/null 2>&1; then
		echo "== fuzz corpus (ASan+UBSan)"
		run_fuzz "$SAN" asan
	fi
fi

echo "== api"
if ls tests/api/test_*.py >/dev/null 2>&1; then
	ONESTOP_BIN=${ONESTOP_BIN:-$PWD/$BUILD/onestop} ONESTOP_TEST_BIN=${ONESTOP_TEST_BIN:-$PWD/$BUILD/onestop-test} /usr/bin/python3 -m pytest -q -p no:cacheprovider tests/api \
		>"$log/api.txt" 2>&1
	tail -40 "$log/api.txt" | grep -Ev '^\s*$' | tail -25
	p=$(tail -5 "$log/api.txt" | grep -Eo '[0-9]+ passed' | grep -Eo '[0-9]+' || echo 0)
	f=$(tail -5 "$log/api.txt" | grep -Eo '[0-9]+ (failed|error|errors)' | grep -Eo '[0-9]+' | awk '{s+=$1} END {print s+0}')
	passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
	[ "${p:-0}" = 0 ] && [ "${f:-0}" = 0 ] && failed=$((failed + 1))
fi

if [ -f tests/browser/run.mjs ]; then
	echo "== browser"
	ONESTOP_BIN=${ONESTOP_BIN:-$PWD/$BUILD/onestop} node tests/browser/run.mjs >"$log/browser.txt" 2>&1
	tail -30 "$log/browser.txt"
	p=$(grep -Eo '^[0-9]+ passed' "$log/browser.txt" | tail -1 | grep -Eo '[0-9]+' || echo 0)
	f=$(grep -Eo '[0-9]+ failed' "$log/browser.txt" | tail -1 | grep -Eo '[0-9]+' || echo 1)
	passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
fi

rm -rf "$log"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
