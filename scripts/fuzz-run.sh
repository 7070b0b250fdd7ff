#!/bin/sh
# Runs one libFuzzer harness for a bounded time: scripts/fuzz-run.sh BUILD NAME SECONDS
# Seeds come from tests/fuzz/corpus/NAME (read only); new inputs go to
# BUILD/fuzz/corpus/NAME; a crash is saved under BUILD/fuzz/crashes/ and
# fails the run with the command that reproduces it. Writes a one-line
# summary (inputs, coverage) to BUILD/fuzz/summary-NAME.
set -eu
build=$1 name=$2 seconds=$3
bin=$build/fuzz/fuzz_$name
seeds=tests/fuzz/corpus/$name
work=$build/fuzz/corpus/$name
crashes=$build/fuzz/crashes
log=$build/fuzz/log-$name.txt
[ -x "$bin" ] || { echo "fuzz: $bin is not built" >&2; exit 1; }
[ -d "$seeds" ] || { echo "fuzz: no seed corpus $seeds" >&2; exit 1; }
mkdir -p "$work" "$crashes"
# -timeout: an input that takes 10 s is a hang; -rss_limit_mb: a leak.
# libFuzzer's own wall-clock budget bounds the run; `timeout` is the
# backstop should the harness itself wedge.
status=0
timeout $((seconds + 120)) "$bin" -max_total_time="$seconds" -timeout=10 \
	-rss_limit_mb=2048 -print_final_stats=1 \
	-artifact_prefix="$crashes/$name-" "$work" "$seeds" >"$log" 2>&1 || status=$?
inputs=$(find "$work" "$seeds" -type f | wc -l)
cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)
printf 'fuzz %-14s %4ss  execs %-9s corpus %-5s cov %-5s ft %s\n' \
	"$name" "$seconds" "${execs:-?}" "$inputs" "${cov:-?}" "${ft:-?}" \
	>"$build/fuzz/summary-$name"
if [ "$status" -ne 0 ]; then
	tail -n 40 "$log" >&2
	echo "fuzz: $name failed (exit $status); log $log" >&2
	for f in "$crashes/$name-"*; do
		[ -e "$f" ] && echo "fuzz: reproduce with: $bin $f" >&2
	done
	exit 1
fi
cat "$build/fuzz/summary-$name"
