#!/bin/sh
# rn-replay's benchmark (see docs/benchmarks/replay.md):
#  1. lines per second rendering a large synthetic trace (2M calls, two
#     threads, captured strings/buffers/structs) to /dev/null;
#  2. the same lines from a real recording of bench/replay/loop, against
#     strace producing them live (strace -f -o /dev/null loop N).
# Usage: sh bench/replay/run.sh [BUILD_DIR]   (medians of 5 runs, hyperfine)
set -eu
B=$(cd "${1:-build}" && pwd)
N=${N:-2000000}
ROUNDS=${ROUNDS:-40000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) CPUs"
"$B/bench/replay/gen_trace" synth.rn "$N"
lines=$("$B/bin/rn-replay" synth.rn | wc -l)
echo "synthetic: $lines lines, $(wc -c <synth.rn) bytes of trace"
cpu() { # median user+sys seconds of 5 runs of "$@"
	for i in 1 2 3 4 5; do
		/usr/bin/time -f "%U %S" "$@" 2>&1 >/dev/null | tail -1 | awk '{print $1 + $2}'
	done | sort -n | sed -n 3p
}
hf() { # median wall seconds (hyperfine), command as one string
	hyperfine -N -w 1 -r 5 --export-json h.json "$1" >/dev/null 2>&1
	awk -F: '/"median"/ {gsub(/[ ,]/, "", $2); print $2; exit}' h.json
}
s_wall=$(hf "$B/bin/rn-replay -o /dev/null synth.rn")
s_cpu=$(cpu "$B/bin/rn-replay" -o /dev/null synth.rn)
echo "rn-replay synthetic: wall $s_wall s, cpu $s_cpu s"
awk -v l="$lines" -v w="$s_wall" -v c="$s_cpu" 'BEGIN {
	printf "  %.2fM lines/s (wall), %.2fM lines/s (cpu)\n", l / w / 1e6, l / c / 1e6 }'

"$B/bin/rn-record" -q -o loop.rn "$B/bench/replay/loop" "$ROUNDS"
llines=$("$B/bin/rn-replay" loop.rn | wc -l)
r_wall=$(hf "$B/bin/rn-replay -o /dev/null loop.rn")
r_cpu=$(cpu "$B/bin/rn-replay" -o /dev/null loop.rn)
st_wall=$(hf "strace -o /dev/null $B/bench/replay/loop $ROUNDS")
n_wall=$(hf "$B/bench/replay/loop $ROUNDS")
echo "loop $ROUNDS: $llines lines"
awk -v l="$llines" -v r="$r_wall" -v s="$st_wall" -v n="$n_wall" -v c="$r_cpu" 'BEGIN {
	printf "  native run        %8.3f s\n", n
	printf "  strace live       %8.3f s  %8.0f lines/s\n", s, l / s
	printf "  rn-replay         %8.3f s  %8.0f lines/s  (%.1fx strace)\n", r, l / r, s / r
	printf "  rn-replay CPU     %8.3f s  %8.0f lines/s\n", c, l / c }'
