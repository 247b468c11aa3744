#!/bin/sh
# Long fuzz run of one target, for docs/reliability.md:
#   tests/fuzz/run_long.sh TARGET SECONDS [WORKDIR]
# TARGET is reader, chunk, filter or otlp (built by `make fuzz`). The corpus
# grows in WORKDIR/TARGET (default /tmp/rn-fuzz), seeded from
# tests/fuzz/corpus/TARGET; crashes land in WORKDIR as crash-TARGET-*. Runs
# at nice 19 so that it can go on in the background while others work.
# Afterwards, to keep new seeds small:
#   build/fuzz/fuzz_TARGET -merge=1 tests/fuzz/corpus/TARGET WORKDIR/TARGET
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
t=${1:?usage: run_long.sh TARGET SECONDS [WORKDIR]}
secs=${2:?usage: run_long.sh TARGET SECONDS [WORKDIR]}
work=${3:-/tmp/rn-fuzz}
bin="$root/${BUILD:-build}/fuzz/fuzz_$t"
[ -x "$bin" ] || { echo "run_long.sh: $bin not built (make fuzz)" >&2; exit 1; }
mkdir -p "$work/$t"
nice -n 19 "$bin" -max_total_time="$secs" -timeout=30 -rss_limit_mb=2048 \
	-print_final_stats=1 -artifact_prefix="$work/crash-$t-" \
	"$work/$t" "$root/tests/fuzz/corpus/$t" 2>&1 | tee "$work/$t.log" | grep -E '^(#[0-9]+ +(pulse|DONE)|stat::|==|SUMMARY)' || true
ls "$work"/crash-"$t"-* 2>/dev/null && exit 1
exit 0
