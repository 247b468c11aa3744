#!/bin/sh
# rn-export otlp streams: its peak memory does not grow with the trace (20k
# and 400k syscalls sent to the loopback C sink, which decodes every request
# with protobuf-c), and the progress bar (spans/s, percent, ETA) appears on
# stderr with --progress and never when stderr is not a terminal.
. "$RN_ROOT/tests/lib.sh"
. "$RN_ROOT/tests/export/lib_export.sh"
SINK="$RN_BUILD/bench/rn_otlp_sink"
[ -x "$SINK" ] || fail "$SINK is not built"
[ -x /usr/bin/time ] || skip "/usr/bin/time (GNU time) not installed"

"$MKTRACE" small.rn 20000 >/dev/null
"$MKTRACE" large.rn 400000 >/dev/null
"$SINK" sink.port sink.stats sink.stop 120 >/dev/null 2>&1 &
sink_pid=$!
PORT=$(wait_port sink.port)
# Under ASan, freed memory waits in a 256 MB quarantine: measure without it.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0"
export ASAN_OPTIONS
export_rss() { # export_rss TRACE [ARGS]: prints rn-export's peak RSS in KB
	t=$1
	shift
	/usr/bin/time -f %M -o rss.txt rn-export otlp "$t" --endpoint "http://127.0.0.1:$PORT" "$@" \
		>"$t.out" 2>"$t.err" || fail "export of $t: $(cat "$t.out" "$t.err")"
	cat rss.txt
}
small=$(export_rss small.rn)
large=$(export_rss large.rn --progress)
touch sink.stop
wait $sink_pid || true
echo "peak RSS: 20k syscalls $small KB, 400k syscalls $large KB"
cat sink.stats
assert_eq "$(cat sink.stats)" "requests=822 spans=420008 bad=0" "sink"
[ "$large" -lt $((small + 8192)) ] || fail "memory grows with the trace: $small KB -> $large KB"

# The progress bar with --progress; silent on a non-terminal by default.
grep -q "spans/s  ETA" large.rn.err || fail "no progress bar with --progress: $(cat large.rn.err)"
assert_match "$(tr '\r' '\n' <large.rn.err | grep -m1 'spans/s')" '^\[[#.]{30}\] +[0-9]+%  [0-9]+ spans  [0-9]+ spans/s  ETA [0-9]+s' "bar"
[ ! -s small.rn.err ] || fail "output on stderr without a terminal: $(cat small.rn.err)"
echo PASS
