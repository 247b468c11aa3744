#!/bin/sh
# bench/functions/run.sh: what function tracing costs the user, whole
# process: wall time from start to end of the tracer, and total CPU time (the
# program plus the recorder, getrusage of the waited-for children, see
# rusage.c), rn-record --functions at default settings side by side with
# `uftrace record` on the same -finstrument-functions binary, and the binary
# with no tracer. Workloads: 3 M and 30 M calls in one thread, 30 M calls over
# 8 threads. Interleaved round after round; prints a Markdown table of
# medians, with events lost, bytes per call on disk, and the main thread's
# own loop per call, wall and CPU (calls.c): their difference is the time the
# program waited (for rn-record, or for a CPU).
# Usage: bench/functions/run.sh [BUILD_DIR] [ROUNDS]
set -eu
B=$(cd "${1:-build}" && pwd)
R=${2:-5}
W=$(mktemp -d "${TMPDIR:-/tmp}/rn-fbench.XXXXXX")
trap 'rm -rf "$W"' EXIT
REC="$B/bin/rn-record"
INST="$B/bench/functions/calls-inst"
FCOUNT="$B/bench/functions/fcount"
RUSAGE="$B/bench/functions/rusage"
cd "$W"
command -v uftrace >/dev/null 2>&1 || { echo "uftrace not installed" >&2; exit 1; }

# run NAME CALLS CMD...: one timed run; appends
# "wall_ns cpu_ns bytes lost loop_wall_ns loop_cpu_ns" (per call) to NAME.txt
run() {
	name=$1
	calls=$2
	shift 2
	rm -rf out.rn out.rn.old ud
	"$RUSAGE" "$@" 2>err.txt >/dev/null || { cat err.txt >&2; exit 1; }
	wall=$(awk '$1 == "rusage" {print $2}' err.txt)
	cpu=$(awk '$1 == "rusage" {print $3}' err.txt)
	lw=$(awk '$1 == "ns_per_call" {print $2}' err.txt)
	lc=$(awk '$1 == "ns_per_call" {print $4}' err.txt)
	bytes=0
	lost=0
	if [ -f out.rn ]; then
		bytes=$(stat -c %s out.rn)
		set -- $("$FCOUNT" out.rn)
		lost=$6
		# every call in the trace: entries = calls + main + one loop() per thread
		[ "$lost" = 0 ] && [ "$2" -lt "$calls" ] && { echo "$name: only $2 entries" >&2; exit 1; }
	fi
	[ -d ud ] && bytes=$(du -sb ud | cut -f1)
	echo "$wall $cpu $bytes $lost $lw $lc" >>"$name.txt"
}

WORK="3m:3000000:1 30m:30000000:1 30m8t:30000000:8"
i=0
while [ $i -lt "$R" ]; do
	for w in $WORK; do
		id=${w%%:*}
		rest=${w#*:}
		n=${rest%%:*}
		t=${rest#*:}
		run "${id}_none" "$n" "$INST" "$n" "$t"
		run "${id}_rn" "$n" "$REC" -q --functions -e trace=none -o out.rn -- "$INST" "$n" "$t"
		run "${id}_uftrace" "$n" uftrace record -d ud "$INST" "$n" "$t"
	done
	i=$((i + 1))
done

med() { # column of NAME.txt -> median
	awk -v c="$2" '{print $c}' "$1.txt" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); $R rounds"
echo
echo "| workload | run | wall ms | total CPU ms | wall vs uftrace | CPU vs uftrace | events lost | bytes/call on disk | loop wall ns/call | loop CPU ns/call |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for w in $WORK; do
	id=${w%%:*}
	rest=${w#*:}
	n=${rest%%:*}
	t=${rest#*:}
	uw=$(med "${id}_uftrace" 1)
	uc=$(med "${id}_uftrace" 2)
	for c in none rn uftrace; do
		f="${id}_$c"
		awk -v id="$n calls, $t thread(s)" -v c="$c" -v w="$(med "$f" 1)" -v u="$(med "$f" 2)" \
			-v b="$(med "$f" 3)" -v lo="$(med "$f" 4)" -v uw="$uw" -v uc="$uc" -v N="$n" \
			-v lw="$(med "$f" 5)" -v lc="$(med "$f" 6)" \
			'BEGIN { bpc = c == "none" ? "" : sprintf("%.2f", b / N);
			         lost = c == "rn" ? sprintf("%d", lo) : "";
			         printf "| %s | %s | %.0f | %.0f | %.2fx | %.2fx | %s | %s | %.1f | %.1f |\n",
			                id, c, w / 1e6, u / 1e6, w / uw, u / uc, lost, bpc, lw, lc }'
	done
done
