#!/usr/bin/env bash
# Runs the fuzz harnesses of tests/fuzz/ with libFuzzer (`make fuzz`).
#
#   scripts/fuzz.sh [HARNESS...]      default: every tests/fuzz/fuzz_*.c
#
#   FUZZ_SECONDS=30   how long each harness runs
#   FUZZ_RUNS=N       run each harness for N executions instead (libFuzzer
#                     -runs=N, no time limit), e.g. FUZZ_RUNS=10000000 for
#                     the 10 million a parser must survive before release
#   FUZZ_MERGE=1      afterwards, add to tests/fuzz/corpus/<name>/ the new
#                     inputs that reach code the corpus does not: libFuzzer's
#                     -merge=1 measures them, tests/fuzz/pick.py keeps those
#                     adding the most edges; 0 leaves the corpus alone
#   FUZZ_KEEP=50      the most files a corpus grows to (it is replayed by
#                     every `make test`; the full set stays in the work dir)
#   FUZZ_ARGS=...     more libFuzzer flags, e.g. "-jobs=2 -workers=2"
#
# Builds with clang, never with gcc's objects: libonestop's sources are
# compiled again with -fsanitize=fuzzer-no-link,address,undefined into
# build/fuzz-clang/ (the Makefile's own rules, with BUILD and SANFLAGS
# overridden), and each harness is linked with libFuzzer's main into
# build/fuzz-clang/bin/. New inputs go to build/fuzz-clang/work/<name>/ first;
# crashes, leaks and timeouts to build/fuzz-clang/artifacts/<name>-*. The
# plain replay of the corpus is part of `make test` (tests/fuzz/replay.c).
#
# Exits non-zero when a harness found a problem; the artifact is named, and
# `build/fuzz-clang/bin/<name> ARTIFACT` reproduces it.
set -uo pipefail
cd "$(dirname "$0")/.."

FUZZ_SECONDS=${FUZZ_SECONDS:-30}
FUZZ_RUNS=${FUZZ_RUNS:-}
FUZZ_MERGE=${FUZZ_MERGE:-1}
FUZZ_KEEP=${FUZZ_KEEP:-50}
FUZZ_ARGS=${FUZZ_ARGS:-}
OUT=build/fuzz-clang
SANFLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined"
PKGS="libmicrohttpd jansson sqlite3 libpq libsodium opencc libcrypto zlib"   # as the Makefile's PKGS

if ! command -v clang >/dev/null; then
	echo "fuzz: clang is needed (libFuzzer ships with it): apt-get install clang" >&2
	exit 2
fi
probe=$(mktemp -d)
printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { return 0; }\n' >"$probe/p.c"
if ! clang -fsanitize=fuzzer,address,undefined -o "$probe/p" "$probe/p.c" 2>"$probe/err"; then
	echo "fuzz: clang cannot link libFuzzer with ASan+UBSan:" >&2
	cat "$probe/err" >&2
	rm -rf "$probe"
	exit 2
fi
rm -rf "$probe"

if (($#)); then
	names=("$@")
else
	names=()
	for f in tests/fuzz/fuzz_*.c; do names+=("$(basename "$f" .c)"); done
fi

echo "fuzz: building libonestop with clang in $OUT"
mkdir -p "$OUT/bin" "$OUT/artifacts"
make --no-print-directory CC=clang BUILD="$OUT" SANFLAGS="$SANFLAGS" "$OUT/libonestop.a" >"$OUT/build.log" 2>&1 || {
	tail -30 "$OUT/build.log" >&2
	exit 2
}
# shellcheck disable=SC2086
CFLAGS="-O1 -g -std=c11 -D_GNU_SOURCE -Isrc -fno-omit-frame-pointer -fno-sanitize-recover=undefined $(pkg-config --cflags $PKGS)"
LIBS="$(pkg-config --libs $PKGS) -lpthread -lm"
for n in "${names[@]}"; do
	if [ ! -f "tests/fuzz/$n.c" ]; then
		echo "fuzz: no harness tests/fuzz/$n.c" >&2
		exit 2
	fi
	# shellcheck disable=SC2086
	clang $CFLAGS -fsanitize=fuzzer,address,undefined -o "$OUT/bin/$n" "tests/fuzz/$n.c" "$OUT/libonestop.a" $LIBS ||
		exit 2
done

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
if [ -n "$FUZZ_RUNS" ]; then
	limit="-runs=$FUZZ_RUNS"
else
	limit="-max_total_time=$FUZZ_SECONDS"
fi
status=0
for n in "${names[@]}"; do
	corpus=tests/fuzz/corpus/$n work=$OUT/work/$n log=$OUT/$n.log
	mkdir -p "$corpus" "$work"
	before=$(find "$corpus" -maxdepth 1 -type f | wc -l)
	start=$SECONDS
	# The work directory comes first: libFuzzer writes what it finds there,
	# and reads the committed corpus as seeds without touching it.
	# shellcheck disable=SC2086
	"$OUT/bin/$n" $limit -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$OUT/artifacts/$n-" $FUZZ_ARGS "$work" "$corpus" >"$log" 2>&1
	rc=$?
	execs=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log" | tail -1 | grep -Eo '[0-9]+$')
	cov=$(grep -Eo 'cov: [0-9]+' "$log" | tail -1 | grep -Eo '[0-9]+')
	ft=$(grep -Eo 'ft: [0-9]+' "$log" | tail -1 | grep -Eo '[0-9]+')
	rate=$(grep -Eo 'stat::average_exec_per_sec: *[0-9]+' "$log" | tail -1 | grep -Eo '[0-9]+$')
	if [ "$rc" -ne 0 ]; then
		status=1
		echo "fuzz $n: PROBLEM after $((SECONDS - start))s (exit $rc); log $log"
		grep -E '^(==[0-9]+==ERROR|SUMMARY|.*check failed|.*runtime error)' "$log" | head -5
		grep -Eo "Test unit written to [^ ]+" "$log" | sed 's/^/  /'
		continue
	fi
	added=0 edges=""
	if [ "$FUZZ_MERGE" = 1 ] && [ -n "$(ls -A "$work")" ]; then
		# Measure the corpus (a copy: merge writes into its first directory)
		# and the work directory together, edges only, then let pick.py
		# choose the few inputs that add the most.
		scratch=$OUT/merge/$n ctl=$OUT/merge/$n.ctl
		rm -rf "$scratch" "$ctl" && mkdir -p "$scratch" && cp -r "$corpus"/. "$scratch"/
		if "$OUT/bin/$n" -merge=1 -use_counters=0 -timeout=10 -rss_limit_mb=2048 -merge_control_file="$ctl" \
			"$scratch" "$work" >"$OUT/$n.merge.log" 2>&1 &&
			picked=$(python3 tests/fuzz/pick.py "$ctl" "$FUZZ_KEEP" 2>"$OUT/$n.pick.log"); then
			while IFS= read -r f; do
				[ -n "$f" ] && cp "$f" "$corpus/" && added=$((added + 1))
			done <<<"$picked"
			edges=", $(cat "$OUT/$n.pick.log")"
		else
			status=1
			echo "fuzz $n: merge failed; log $OUT/$n.merge.log"
		fi
	fi
	echo "fuzz $n: ok, ${execs:-?} runs in $((SECONDS - start))s (${rate:-?}/s), coverage ${cov:-?} edges" \
		"${ft:-?} features, corpus $before + $added$edges"
done
exit $status
