#!/bin/sh
# Coverage one harness's corpus reaches in the code it tests:
#   scripts/fuzz-coverage.sh BUILD NAME FILE...
# Runs the coverage build BUILD/fuzz/cov/fuzz_NAME once over every input of
# the seed corpus tests/fuzz/corpus/NAME and of the discovered corpus
# BUILD/fuzz/corpus/NAME (libFuzzer -runs=0: no fuzzing, no new inputs),
# merges the raw profile and reports line and branch coverage for FILE...
# (the harness's sources under hypervisor/ and tools/; not the harness,
# the fakes or the code every host test links).
# Writes BUILD/fuzz/cov/report-NAME.txt (per file) and
# BUILD/fuzz/cov/summary-NAME (one line). Fails if the corpus does not run
# clean, not every input ran, or the code under test was not reached.
set -eu
build=$1 name=$2
shift 2
profdata=${LLVM_PROFDATA:-llvm-profdata-14}
llvmcov=${LLVM_COV:-llvm-cov-14}
bin=$build/fuzz/cov/fuzz_$name
seeds=tests/fuzz/corpus/$name
found=$build/fuzz/corpus/$name
out=$build/fuzz/cov
log=$out/log-$name.txt

fail() { echo "fuzz-coverage: $name: $*" >&2; exit 1; }

[ -x "$bin" ] || fail "$bin is not built"
[ "$#" -gt 0 ] || fail "no sources under hypervisor/ or tools/ to report on"
nseeds=$(find "$seeds" -type f 2>/dev/null | wc -l)
[ "$nseeds" -gt 0 ] || fail "no seeds in $seeds"
# libFuzzer writes new inputs to its first directory; with -runs=0 there
# are none, but should there be, they belong in the build tree.
mkdir -p "$found"
nfound=$(find "$found" -type f | wc -l)

rm -f "$out/$name.profraw" "$out/$name.profdata"
# The whole corpus once; an input that hangs 10 s or crashes fails the run.
status=0
LLVM_PROFILE_FILE="$out/$name.profraw" timeout 600 "$bin" -runs=0 \
	-timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
	"$found" "$seeds" >"$log" 2>&1 || status=$?
if [ "$status" -ne 0 ]; then
	tail -n 40 "$log" >&2
	fail "the corpus does not run clean (exit $status); log $log"
fi
# libFuzzer runs every file once, plus the empty input.
execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)
[ "${execs:-0}" -ge $((nseeds + nfound)) ] ||
	fail "ran ${execs:-no} inputs of $((nseeds + nfound)); log $log"
[ -s "$out/$name.profraw" ] || fail "no profile written ($out/$name.profraw)"

"$profdata" merge -sparse -o "$out/$name.profdata" "$out/$name.profraw"
# llvm-cov names single files by absolute path: print them relative to the
# tree, padded so that the columns stay aligned.
here=$(pwd)
pad=$(printf '%*s' $((${#here} + 1)) '')
"$llvmcov" report "$bin" -instr-profile="$out/$name.profdata" "$@" |
	sed "s|^$here/\([^ ]*\)|\1$pad|" >"$out/report-$name.tmp"

# TOTAL  regions missed cover  functions missed executed  lines missed cover
#        branches missed cover
total=$(grep '^TOTAL ' "$out/report-$name.tmp" || true)
[ -n "$total" ] || fail "llvm-cov printed no TOTAL row"
set -- $total
[ "$#" -eq 13 ] || fail "unexpected llvm-cov report columns: $total"
lines=$8 lines_missed=$9 branches=${11} branches_missed=${12}
[ "$lines" -gt "$lines_missed" ] || fail "the corpus reaches no line of the code under test"
{
	echo "== fuzz harness $name: $((nseeds + nfound)) inputs ($nseeds seeds, $nfound discovered)"
	cat "$out/report-$name.tmp"
} >"$out/report-$name.txt"
rm -f "$out/report-$name.tmp"
awk -v n="$name" -v i=$((nseeds + nfound)) -v l="$lines" -v lm="$lines_missed" \
	-v b="$branches" -v bm="$branches_missed" 'BEGIN {
	printf "coverage %-14s inputs %-6d lines %6d/%-6d %6.2f%%  branches %6d/%-6d %s\n",
		n, i, l - lm, l, 100 * (l - lm) / l, b - bm, b,
		(b > 0 ? sprintf("%6.2f%%", 100 * (b - bm) / b) : "     -")
}' >"$out/summary-$name"
