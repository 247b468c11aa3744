#!/bin/bash
# bench_export.sh: end-to-end OTLP export to a loopback receiver that decodes
# and discards: spans/s and rn-export's peak memory, for http/protobuf with
# and without gzip and for gRPC. Runs are interleaved (ROUNDS rounds of every
# configuration) and medians reported, with the machine's load.
#   bench/export/bench_export.sh [SYSCALLS] [ROUNDS]     (after `make`)
# Receivers: build/bench/rn_otlp_sink (C, protobuf-c unpack of every request,
# or --walk: a wire-format walk without building messages) for OTLP/HTTP; the
# @grpc/grpc-js server of tests/export (upstream decoder) for gRPC, and the C
# sink is not a gRPC server.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
B=${RN_BUILD:-$ROOT/build}
N=${1:-1000000}
ROUNDS=${2:-5}
W=$(mktemp -d /tmp/rn-bench-export.XXXXXX)
trap 'touch $W/stop; sleep 0.3; rm -rf $W' EXIT
cd "$W"
"$B/tests/export/rn_mktrace" t.rn "$N" >/dev/null
SPANS=$((N + 1 + 2 + 1))

start_c_sink() { # start_c_sink NAME [--walk]
	rm -f "$1.port"
	"$B/bench/rn_otlp_sink" ${2:-} "$1.port" "$1.stats" stop 3600 >/dev/null 2>&1 &
	while [ ! -s "$1.port" ]; do sleep 0.05; done
	cat "$1.port"
}
start_node() { # start_node NAME [--grpc]
	rm -f "$1.port"
	node "$ROOT/tests/export/otlp_receiver.js" ${2:-} --discard --port-file "$1.port" \
		--stop-file stop --max-seconds 3600 >/dev/null 2>&1 &
	while [ ! -s "$1.port" ]; do sleep 0.05; done
	cat "$1.port"
}
P_UNPACK=$(start_c_sink unpack)
P_WALK=$(start_c_sink walk --walk)
P_NODE=$(start_node nodehttp)
P_GRPC=$(start_node grpc --grpc)

declare -A CFG
CFG[encode-only: otlp-json to /dev/null]="otlp-json t.rn -o /dev/null"
CFG[http/protobuf -> C sink (unpack)]="otlp t.rn --endpoint http://127.0.0.1:$P_UNPACK"
CFG[http/protobuf+gzip -> C sink (unpack)]="otlp t.rn --endpoint http://127.0.0.1:$P_UNPACK --compression gzip"
CFG[http/protobuf -> C sink (walk)]="otlp t.rn --endpoint http://127.0.0.1:$P_WALK"
CFG[http/protobuf+gzip -> C sink (walk)]="otlp t.rn --endpoint http://127.0.0.1:$P_WALK --compression gzip"
CFG[http/protobuf, batch 2048 -> C sink (walk)]="otlp t.rn --endpoint http://127.0.0.1:$P_WALK --preset aggressive"
CFG[http/protobuf -> node (upstream decoder)]="otlp t.rn --endpoint http://127.0.0.1:$P_NODE"
CFG[grpc -> grpc-js (upstream decoder)]="otlp t.rn --protocol grpc --endpoint http://127.0.0.1:$P_GRPC"
CFG[grpc+gzip -> grpc-js (upstream decoder)]="otlp t.rn --protocol grpc --endpoint http://127.0.0.1:$P_GRPC --compression gzip"

for r in $(seq "$ROUNDS"); do
	for k in "${!CFG[@]}"; do
		t0=$(date +%s%N)
		/usr/bin/time -f "%M|%U|%S" -o rss.txt "$B/bin/rn-export" ${CFG[$k]} >out.txt
		t1=$(date +%s%N)
		grep -q " 0 failed" out.txt 2>/dev/null || [ "${k#encode}" != "$k" ] ||
			{ echo "bench: $k: $(cat out.txt)" >&2; exit 1; }
		echo "$k|$(((t1 - t0) / 1000))|$(cat rss.txt)" >>runs.txt
	done
done

echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) (2 CPUs, other builds running)"
echo "trace: $N syscalls ($SPANS spans), $(stat -c %s t.rn) bytes; $ROUNDS interleaved rounds; medians"
echo
echo "| configuration | wall (s) | spans/s | rn-export CPU (s) | spans per rn-export CPU-s | peak RSS (MB) |"
echo "|---|---|---|---|---|---|"
for k in "${!CFG[@]}"; do
	grep -F "$k|" runs.txt | cut -d'|' -f2 | sort -n | awk -v k="$k" -v s="$SPANS" '
		{ a[NR] = $1 } END { m = a[int((NR + 1) / 2)]; printf "%s|%.2f|%.0f\n", k, m / 1e6, s / (m / 1e6) }' >med.txt
	rss=$(grep -F "$k|" runs.txt | cut -d'|' -f3 | sort -n | tail -1)
	cpu=$(grep -F "$k|" runs.txt | awk -F'|' '{ print $4 + $5 }' | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
	IFS='|' read -r name secs rate <med.txt
	printf '| %s | %s | %s | %.2f | %.0f | %.1f |\n' "$name" "$secs" "$rate" "$cpu" \
		"$(echo "$SPANS / $cpu" | bc -l)" "$(echo "$rss / 1024" | bc -l)"
done | sort
touch stop
