#!/usr/bin/env bash
# Mutation check of the rules (tests/mutate/README.md).
#
# For every mutant in tests/mutate/mutants.txt: in a scratch copy of the tree,
# replace its original text (which must occur exactly once in its file) with
# the mutant text, rebuild, run the suites named for it, and put the original
# back. A mutant is KILLED when a suite fails (or the build of a test breaks),
# SURVIVED when every suite passes, NOT-APPLIED when its text is not found
# exactly once, BUILD-FAIL when the program no longer compiles (a mutant that
# does not compile tests nothing: rewrite it).
#
#   MUTANT=id[,id...]   run only these mutants
#   MUTATE_FULL=1       run every unit program and the whole API suite per mutant
#   MUTATE_BASELINE=0   skip the check that the named suites pass unmutated
#   MUTATE_KEEP=1       keep the scratch tree (its path is printed)
#   MUTATE_TIMEOUT=s    per suite run (default 900); a run cut off counts as killed
#   MUTATE_DRY=1        only check that every mutant applies (no build, no suites)
# Exit status: 0 when every mutant was killed, 1 otherwise.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=${BUILD:-build/default}
LIST=${MUTANTS_FILE:-tests/mutate/mutants.txt}
TIMEOUT=${MUTATE_TIMEOUT:-900}
PY=/usr/bin/python3
JOBS=${MUTATE_JOBS:-2}

[ -f "$LIST" ] || { echo "mutate: no $LIST" >&2; exit 2; }

# ---- the list: one record per mutant, fields joined by \x1f, values base64 ----
RECORDS=$("$PY" - "$LIST" "${MUTANT:-}" <<'EOF'
import base64, sys
path, only = sys.argv[1], [m for m in sys.argv[2].split(",") if m]
KEYS = ("id", "file", "rule", "from", "to", "kill")
def unescape(v):
    return v.replace("\\t", "\t").replace("\\n", "\n").replace("\\\\", "\\")
recs, cur, errs = [], {}, []
def close(lineno):
    global cur
    if cur:
        miss = [k for k in KEYS if k not in cur]
        if miss:
            errs.append(f"{path}:{lineno}: mutant {cur.get('id', '?')} lacks {', '.join(miss)}")
        else:
            recs.append(cur)
    cur = {}
with open(path, encoding="utf-8") as f:
    for n, line in enumerate(f, 1):
        line = line.rstrip("\n")
        if line.startswith("#"):
            continue
        if not line.strip():
            close(n)
            continue
        key, sep, val = line.partition(": ")
        if not sep or key not in KEYS:
            errs.append(f"{path}:{n}: expected 'key: value' with key one of {', '.join(KEYS)}")
            continue
        if key in cur:
            errs.append(f"{path}:{n}: {key} given twice")
        cur[key] = unescape(val) if key in ("from", "to") else val.strip()
    close(n + 1)
ids = [r["id"] for r in recs]
dups = {i for i in ids if ids.count(i) > 1}
if dups:
    errs.append(f"{path}: ids used twice: {', '.join(sorted(dups))}")
unknown = [m for m in only if m not in ids]
if unknown:
    errs.append(f"MUTANT: no such mutant: {', '.join(unknown)}")
if errs:
    print("\n".join(errs), file=sys.stderr)
    sys.exit(2)
for r in recs:
    if only and r["id"] not in only:
        continue
    print("\x1f".join(base64.b64encode(r[k].encode()).decode() for k in KEYS))
EOF
) || exit 2
[ -n "$RECORDS" ] || { echo "mutate: no mutants selected" >&2; exit 2; }
b64() { printf '%s' "$1" | base64 -d; }

# ---- the scratch tree: the working tree's files and the current build ----
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/onestop-mutate.XXXXXX")
cleanup() {
	[ -z "${PG_DIR:-}" ] || bash "$ROOT/scripts/pg.sh" stop "$PG_DIR"
	if [ "${MUTATE_KEEP:-0}" = 1 ]; then echo "mutate: scratch tree kept in $SCRATCH"; else rm -rf "$SCRATCH"; fi
}
trap cleanup EXIT
git ls-files -co --exclude-standard -z | tar --null -cf - -T - | tar -xf - -C "$SCRATCH"
mkdir -p "$SCRATCH/$(dirname "$BUILD")"
# tar keeps the modification times, so the copied objects are up to date and
# each mutant rebuilds only what its file touches.
[ -d "$BUILD" ] && cp -a "$BUILD" "$SCRATCH/$BUILD"
LOG=$SCRATCH/mutate-logs
mkdir -p "$LOG"

all_units() { (cd "$SCRATCH" && find tests/unit -name '*.c' | sort | sed 's|^tests/unit/||; s|\.c$||'); }

# suites of a mutant: "unit:a/b api:tests/api/x.py::t ..." -> unit names and pytest ids
suites_of() { # kill-spec -> sets UNITS, APIS and PGAPIS (arrays)
	UNITS=(); APIS=(); PGAPIS=()
	if [ "${MUTATE_FULL:-0}" = 1 ]; then
		mapfile -t UNITS < <(all_units)
		APIS=(tests/api)
		return
	fi
	local s
	for s in $1; do
		case $s in
		unit:*) UNITS+=("${s#unit:}") ;;
		api:*) APIS+=("${s#api:}") ;;
		pgapi:*) PGAPIS+=("${s#pgapi:}") ;;
		*) echo "mutate: unknown suite '$s' (unit:<name>, api:<pytest id> or pgapi:<pytest id>)" >&2; return 1 ;;
		esac
	done
}

build() { # log unit-names... ; builds the programs and the named unit tests
	local log=$1; shift
	local targets=("$BUILD/onestop" "$BUILD/onestop-test")
	local u
	for u in "$@"; do targets+=("$BUILD/tests/$u"); done
	(cd "$SCRATCH" && make --no-print-directory -j"$JOBS" "${targets[@]}") </dev/null >"$log" 2>&1
}

run_suites() { # log -> 0 all passed, 1 a suite failed (the first failing suite is named in $FAILED_BY)
	local log=$1 u a
	FAILED_BY=""
	for u in "${UNITS[@]}"; do
		if ! (cd "$SCRATCH" && timeout "$TIMEOUT" "$BUILD/tests/$u") </dev/null >>"$log" 2>&1; then
			FAILED_BY="unit:$u"
			return 1
		fi
	done
	if [ "${#APIS[@]}" -gt 0 ]; then
		if ! (cd "$SCRATCH" && ONESTOP_BIN=$SCRATCH/$BUILD/onestop ONESTOP_TEST_BIN=$SCRATCH/$BUILD/onestop-test \
			timeout "$TIMEOUT" "$PY" -m pytest -x -q -p no:cacheprovider "${APIS[@]}") </dev/null >>"$log" 2>&1; then
			FAILED_BY="api:$(grep -Eo '^(FAILED|ERROR) [^ ]+' "$log" | head -1 | cut -d' ' -f2 | sed 's/\[.*/[..]/' | cut -c1-120)"
			[ "$FAILED_BY" = "api:" ] && FAILED_BY="api"
			return 1
		fi
	fi
	if [ "${#PGAPIS[@]}" -gt 0 ]; then
		pg_cluster || { FAILED_BY="(no PostgreSQL cluster)"; return 0; }
		if ! (cd "$SCRATCH" && ONESTOP_BIN=$SCRATCH/$BUILD/onestop ONESTOP_TEST_BIN=$SCRATCH/$BUILD/onestop-test \
			ONESTOP_TEST_PG=$PG_URL timeout "$TIMEOUT" "$PY" -m pytest -x -q -p no:cacheprovider "${PGAPIS[@]}") \
			</dev/null >>"$log" 2>&1; then
			FAILED_BY="pgapi:$(grep -Eo '^(FAILED|ERROR) [^ ]+' "$log" | head -1 | cut -d' ' -f2 | cut -c1-120)"
			return 1
		fi
	fi
	return 0
}

# pgapi: suites run the API tests on PostgreSQL: one throwaway cluster
# (scripts/pg.sh), started on first use and removed at the end.
PG_DIR= PG_URL=
pg_cluster() {
	[ -n "$PG_URL" ] && return 0
	local out
	out=$(bash "$ROOT/scripts/pg.sh" start) || return 1
	PG_DIR=$(head -1 <<<"$out") PG_URL=$(tail -1 <<<"$out")
}

# apply FILE FROM TO -> 0 applied, 3 not exactly once
apply() {
	"$PY" - "$@" <<'EOF'
import sys
path, old, new = sys.argv[1], sys.argv[2], sys.argv[3]
try:
    text = open(path, encoding="utf-8").read()
except OSError as e:
    print(f"cannot read {path}: {e}", file=sys.stderr)
    sys.exit(3)
n = text.count(old)
if n != 1:
    print(f"{path}: the original text occurs {n} times (must be exactly once)", file=sys.stderr)
    sys.exit(3)
open(path, "w", encoding="utf-8").write(text.replace(old, new, 1))
EOF
}

start=$(date +%s)
echo "mutate: scratch tree $SCRATCH"
if [ "${MUTATE_DRY:-0}" = 1 ]; then
	MUTATE_BASELINE=0
elif ! build "$LOG/baseline-build.txt" $(all_units); then
	echo "mutate: the unmutated tree does not build:"; tail -20 "$LOG/baseline-build.txt"; exit 2
fi

# The suites must pass before anything is mutated, or a "kill" means nothing.
if [ "${MUTATE_BASELINE:-1}" = 1 ]; then
	declare -A seen=()
	while IFS=$'\x1f' read -r -u 3 _ _ _ _ _ kill; do
		suites_of "$(b64 "$kill")" || exit 2
		for u in "${UNITS[@]}"; do seen["unit:$u"]=1; done
		for a in "${APIS[@]}"; do seen["api:$a"]=1; done
	done 3<<<"$RECORDS"
	# a test named on its own and within its whole file would run twice
	for k in "${!seen[@]}"; do
		if [[ $k == *::* && -n ${seen[${k%%::*}]:-} ]]; then unset "seen[$k]"; fi
	done
	all=$(printf '%s\n' "${!seen[@]}" | sort | tr '\n' ' ')
	suites_of "$all"
	echo "mutate: baseline — the named suites on the unmutated tree ($(printf '%s\n' "${!seen[@]}" | wc -l) suites)"
	if ! run_suites "$LOG/baseline.txt"; then
		echo "mutate: $FAILED_BY fails without any mutant; fix that first:"; tail -30 "$LOG/baseline.txt"; exit 2
	fi
fi

killed=0; survived=0; notapplied=0; n=0
TABLE=$LOG/table.txt
printf '%-28s %-12s %-44s %s\n' "mutant" "result" "file" "killed by / note" >"$TABLE"
while IFS=$'\x1f' read -r -u 3 id file rule from to kill; do
	id=$(b64 "$id"); file=$(b64 "$file"); rule=$(b64 "$rule"); kill=$(b64 "$kill")
	n=$((n + 1))
	t0=$(date +%s)
	log=$LOG/$id.txt
	: >"$log"
	result=""; note=""
	if ! suites_of "$kill"; then
		result=NOT-APPLIED; note="bad suite list"
	else
		orig=$(mktemp)
		if [ ! -f "$SCRATCH/$file" ]; then
			result=NOT-APPLIED; note="no file $file"
		elif ! cp "$SCRATCH/$file" "$orig" || ! apply "$SCRATCH/$file" "$(b64 "$from")" "$(b64 "$to")" 2>>"$log"; then
			result=NOT-APPLIED; note="original text not found exactly once"
		elif [ "${MUTATE_DRY:-0}" = 1 ]; then
			result=APPLIES; note="(dry run)"
		elif ! build "$log.build" "${UNITS[@]}"; then
			# the program itself broke: a mutant that does not compile tests nothing
			if grep -q "src/.*error:" "$log.build"; then
				result=BUILD-FAIL; note="does not compile: $(grep -m1 'error:' "$log.build" | cut -c1-60)"
			else
				result=KILLED; note="build of a test"
			fi
		elif run_suites "$log"; then
			result=SURVIVED; note="no suite failed"
		else
			result=KILLED; note=$FAILED_BY
		fi
		# put the original back (with a new modification time, so make rebuilds it)
		[ -s "$orig" ] && cat "$orig" >"$SCRATCH/$file"
		rm -f "$orig"
	fi
	case $result in
	KILLED) killed=$((killed + 1)) ;;
	APPLIES) ;;
	SURVIVED) survived=$((survived + 1)) ;;
	*) notapplied=$((notapplied + 1)) ;;
	esac
	line=$(printf '%-28s %-12s %-44s %s (%ss)' "$id" "$result" "$file" "$note" "$(($(date +%s) - t0))")
	echo "$line" >>"$TABLE"
	echo "$line"
	if [ "$result" = SURVIVED ]; then echo "    rule: $rule"; fi
done 3<<<"$RECORDS"

echo
cat "$TABLE"
echo "time: $(($(date +%s) - start))s"
if [ "${MUTATE_DRY:-0}" = 1 ]; then
	echo "mutants: $((n - notapplied)) apply, $notapplied not applied (dry run)"
	[ "$notapplied" -eq 0 ]
	exit
fi
echo "mutants: $killed killed, $survived survived, $notapplied not applied"
[ "$survived" -eq 0 ] && [ "$notapplied" -eq 0 ]
