#!/bin/sh
# rn-export otlp streams: its peak memory does not grow with the trace (20k
# and 400k syscalls sent to the loopback C sink, which decodes every request
# with protobuf-c), and the progress bar (spans/s, percent, ETA) appears on
# stderr with --progress or on a terminal (tmux), never otherwise.
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

# On a real terminal (tmux) the bar appears by itself while a slow collector
# (80 ms a request) receives, and is cleared before the final line.
if command -v tmux >/dev/null 2>&1 && command -v node >/dev/null 2>&1 &&
	[ -d "$EXPORT_DIR/node_modules/@opentelemetry" ]; then
	"$MKTRACE" p.rn 5000 >/dev/null
	start_receiver slow --default '{"delayMs":80}'
	sock="$RN_TMP/tmux.sock"
	tmux -S "$sock" new-session -d -x 120 -y 10 \
		"rn-export otlp p.rn --endpoint http://127.0.0.1:$PORT --preset low-latency >tty.out; sleep 5"
	i=0
	until tmux -S "$sock" capture-pane -p | grep -q 'spans/s  ETA'; do
		i=$((i + 1))
		[ $i -le 60 ] || { tmux -S "$sock" kill-server; fail "no progress bar on the terminal"; }
		sleep 0.05
	done
	i=0
	until [ -s tty.out ]; do
		i=$((i + 1))
		[ $i -le 200 ] || { tmux -S "$sock" kill-server; fail "export on the terminal did not end"; }
		sleep 0.05
	done
	sleep 0.2
	screen=$(tmux -S "$sock" capture-pane -p)
	tmux -S "$sock" kill-server
	stop_receiver slow
	assert_match "$(cat tty.out)" ": 5004 spans .* 5004 sent, 0 rejected, 0 retried, 0 failed" "tty export"
	! printf '%s\n' "$screen" | grep -q 'ETA' || fail "the bar was not cleared: $screen"
fi
echo PASS
