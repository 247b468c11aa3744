#!/bin/sh
# bench/analyze/run.sh: rn-analyze throughput and memory (not a test).
#   summary on a 10M-event synthetic trace (events/s, peak RSS), against the
#     floor of merely decompressing the file (zstd -dc);
#   --source on a real --stack recording (stacks/s, with the per-build-id
#     cache), against the same summary without --source;
#   functions on a real --functions recording, against uftrace report on
#     the same workload recorded by uftrace.
# Runs are interleaved, 5 each, medians reported. Usage: bench/analyze/run.sh
# [BUILD_DIR]; prints Markdown for docs/benchmarks/analyze.md.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
bin="$build/bin"
work=$(mktemp -d "${TMPDIR:-/tmp}/rn-bench-analyze.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
runs=5

# t CMD...: user+sys CPU seconds of one run (the machine is shared; CPU time
# is steadier than wall time), and peak RSS in KB, as "cpu rss" (getrusage
# of the child, through python3).
t() {
	python3 -c 'import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print("%.3f %d" % (r.ru_utime + r.ru_stime, r.ru_maxrss))' "$@"
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

"$build/tests/analyze/gen_trace" big.rn big 10000000 1
cc -O2 -g -o stacks "$root/bench/analyze/stacks.c"
"$bin/rn-record" -q --stack -o st.rn -- ./stacks 100000
cc -O2 -g -finstrument-functions -o funcs "$root/bench/analyze/funcs.c"
"$bin/rn-record" -q --functions -o fn.rn -- ./funcs 1000000 >/dev/null
have_uftrace=0
if command -v uftrace >/dev/null 2>&1 && uftrace record -d uft.data ./funcs 1000000 >/dev/null 2>&1; then
	have_uftrace=1
fi
: >sum.txt
: >zstd.txt
: >src.txt
: >plain.txt
: >fn.txt
: >uft.txt
i=0
while [ $i -lt $runs ]; do
	t "$bin/rn-analyze" summary big.rn >>sum.txt
	t zstd -dc big.rn >>zstd.txt
	t "$bin/rn-analyze" summary --by source st.rn >>src.txt
	t "$bin/rn-analyze" summary st.rn >>plain.txt
	t "$bin/rn-analyze" functions fn.rn >>fn.txt
	[ $have_uftrace = 0 ] || t uftrace report -d uft.data >>uft.txt
	i=$((i + 1))
done
s=$(cut -d' ' -f1 sum.txt | median)
rss=$(cut -d' ' -f2 sum.txt | median)
z=$(cut -d' ' -f1 zstd.txt | median)
src=$(cut -d' ' -f1 src.txt | median)
plain=$(cut -d' ' -f1 plain.txt | median)
fn=$(cut -d' ' -f1 fn.txt | median)
stacks=$("$bin/rn-analyze" summary --csv st.rn | awk -F, 'NR > 1 { s += $2 } END { print s }')
size=$(wc -c <big.rn)
echo "Machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end; medians of $runs runs, CPU time (user+sys)."
echo
echo "| measurement | value |"
echo "|---|---|"
echo "| summary, 10M synthetic events ($((size / 1000000)) MB file) | $s s CPU = $(awk -v s="$s" 'BEGIN { printf "%.1f", 10 / s }')M events/s |"
echo "| zstd -dc of the same file (decompression floor) | $z s CPU; summary = $(awk -v a="$s" -v b="$z" 'BEGIN { printf "%.2f", a / b }')x the floor |"
echo "| summary peak RSS for 10M events | $((rss / 1024)) MB ($(awk -v r="$rss" 'BEGIN { printf "%.1f", r * 1024 / 1e7 }') bytes/event) |"
echo "| summary --by source, $stacks stacks (real --stack recording) | $src s CPU (summary without: $plain s) = $(awk -v a="$src" -v b="$plain" -v n="$stacks" 'BEGIN { printf "%.0f", n / (a - b) / 1000 }')k stacks/s |"
if [ $have_uftrace = 1 ]; then
	u=$(cut -d' ' -f1 uft.txt | median)
	echo "| functions, 3M function calls (rn-analyze) vs uftrace report | $fn s vs $u s CPU ($(awk -v a="$fn" -v b="$u" 'BEGIN { printf "%.2f", a / b }')x) |"
else
	echo "| functions, 3M function calls | $fn s CPU (uftrace not available) |"
fi
