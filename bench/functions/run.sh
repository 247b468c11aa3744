#!/bin/sh
# bench/functions/run.sh: time per traced call (entry + exit) and bytes per
# call on disk, rn-record --functions side by side with the uninstrumented
# binary, the instrumented one with no tracer (glibc's empty hooks) and
# `uftrace record`, and the same for a -pg build, interleaved in one run. Prints a Markdown table of
# medians. Usage: bench/functions/run.sh [BUILD_DIR] [ROUNDS] [CALLS]
set -eu
B=$(cd "${1:-build}" && pwd)
R=${2:-7}
N=${3:-3000000}
W=$(mktemp -d "${TMPDIR:-/tmp}/rn-fbench.XXXXXX")
trap 'rm -rf "$W"' EXIT
REC="$B/bin/rn-record"
INST="$B/bench/functions/calls-inst"
PG="$B/bench/functions/calls-pg"
NATIVE="$B/bench/functions/calls-native"
FCOUNT="$B/bench/functions/fcount"
cd "$W"
command -v uftrace >/dev/null 2>&1 || { echo "uftrace not installed" >&2; exit 1; }

now() { date +%s%N; }

# run NAME CMD...: one timed run; appends "wall_ns loop_ns cpu_ns bytes lost" to NAME.txt
run() {
	name=$1
	shift
	rm -rf out.rn out.rn.old ud gmon.out
	t0=$(now)
	"$@" 2>err.txt >/dev/null
	t1=$(now)
	loop=$(awk '/ns_per_call/ {print $2}' err.txt)
	cpu=$(awk '/ns_per_call/ {print $4}' err.txt)
	bytes=0
	lost=0
	if [ -f out.rn ]; then
		bytes=$(stat -c %s out.rn)
		lost=$("$FCOUNT" out.rn | awk '{print $6}')
	fi
	[ -d ud ] && bytes=$(du -sb ud | cut -f1)
	echo "$((t1 - t0)) $loop $cpu $bytes $lost" >>"$name.txt"
}

CONFIGS="native noop rn_off rn_default rn_64m uftrace pg_gprof pg_rn_64m pg_uftrace"
i=0
while [ $i -lt "$R" ]; do
	run native "$NATIVE" "$N"
	run noop "$INST" "$N"
	run rn_off "$REC" -q --functions --func-start-disabled -e trace=none -o out.rn -- "$INST" "$N"
	run rn_default "$REC" -q --functions -e trace=none -o out.rn -- "$INST" "$N"
	run rn_64m "$REC" -q --functions --func-buffer 64M -e trace=none -o out.rn -- "$INST" "$N"
	run uftrace uftrace record -d ud "$INST" "$N"
	run pg_gprof "$PG" "$N"
	run pg_rn_64m "$REC" -q --functions --func-buffer 64M -e trace=none -o out.rn -- "$PG" "$N"
	run pg_uftrace uftrace record -d ud "$PG" "$N"
	i=$((i + 1))
done

med() { # column of NAME.txt -> median
	awk -v c="$2" '{print $c}' "$1.txt" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}
base_loop=$(med noop 2)
base_cpu=$(med noop 3)
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); $R rounds, $N calls"
echo
echo "| run | wall ms | loop ns/call | added vs noop | loop CPU ns/call | added CPU | bytes/call | lost events |"
echo "|---|---|---|---|---|---|---|---|"
for c in $CONFIGS; do
	awk -v n="$c" -v w="$(med "$c" 1)" -v l="$(med "$c" 2)" -v u="$(med "$c" 3)" \
		-v b="$(med "$c" 4)" -v lo="$(med "$c" 5)" -v bl="$base_loop" -v bc="$base_cpu" -v N="$N" \
		'BEGIN { printf "| %s | %.1f | %.1f | %+.1f | %.1f | %+.1f | %.2f | %d |\n", n, w / 1e6, l, l - bl, u, u - bc, b / N, lo }'
done
