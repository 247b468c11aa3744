#!/bin/sh
# Short libFuzzer runs (ASan+UBSan) of the reader, chunk/header and filter
# targets from the committed corpus (tests/fuzz/corpus/), after replaying every
# committed input once. A crash, leak or sanitizer report fails the test.
# Skipped when clang's fuzzer runtime is missing (the targets were not built).
# FUZZ_SECONDS (default 10) per target; long runs: tests/fuzz/run_long.sh.
. "$RN_ROOT/tests/lib.sh"
dir="$RN_BUILD/fuzz"
[ -x "$dir/fuzz_reader" ] || skip "libFuzzer targets not built (clang or libclang-rt-14-dev missing)"
secs=${FUZZ_SECONDS:-10}
for t in reader chunk filter otlp pack; do
	[ -x "$dir/fuzz_$t" ] || continue
	corpus="$RN_ROOT/tests/fuzz/corpus/$t"
	mkdir -p "work-$t"
	[ -d "$corpus" ] && cp -r "$corpus/." "work-$t/"
	n=$(ls "work-$t" | wc -l)
	"$dir/fuzz_$t" -runs=0 "work-$t" >"replay-$t.log" 2>&1 ||
		{ tail -n 30 "replay-$t.log"; fail "fuzz_$t crashes on its committed corpus"; }
	"$dir/fuzz_$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$PWD/crash-$t-" "work-$t" >"run-$t.log" 2>&1 ||
		{ tail -n 40 "run-$t.log"; ls crash-* 2>/dev/null; fail "fuzz_$t found a crash"; }
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "run-$t.log")
	cov=$(grep -o 'cov: [0-9]*' "run-$t.log" | tail -n 1)
	[ "${execs:-0}" -gt 100 ] || fail "fuzz_$t ran only ${execs:-0} inputs"
	echo "fuzz_$t: $n seeds, $execs executions in ${secs}s, $cov"
done
