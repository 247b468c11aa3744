# Fault: the recorder is killed with SIGKILL at random moments. The trace
# reads back to its last complete chunk (the reader says so), tracees
# launched under ptrace die with it (PTRACE_O_EXITKILL), attached ones and
# running ones launched under bpf keep running.
. "$RN_ROOT/tests/lib.sh"
. "$RN_ROOT/tests/record/common.sh"

rand_ms() { # 200..1400
	echo $((200 + $(od -An -N2 -tu2 /dev/urandom) % 1200))
}

trials=6
for i in $(seq $trials); do
	# launched tracees dying with the recorder is ptrace's PTRACE_O_EXITKILL
	rn-record -q --backend=ptrace -f -o k$i.rn -- "$PROGS/threads" 2 1000000000 &
	rec=$!
	ms=$(rand_ms)
	sleep "$(echo "$ms" | awk '{ printf "%.3f", $1 / 1000 }')"
	kids=$(cat /proc/$rec/task/*/children 2>/dev/null)
	[ -n "$kids" ] || fail "trial $i: no tracee found"
	kill -KILL $rec
	wait $rec 2>/dev/null || true
	for k in $kids; do
		j=0
		while kill -0 "$k" 2>/dev/null && [ $j -lt 40 ]; do sleep 0.05; j=$((j + 1)); done
		! kill -0 "$k" 2>/dev/null || fail "trial $i: tracee $k lingers after the recorder died"
	done
	set +e
	"$DUMP" k$i.rn >k$i.txt 2>k$i.err
	rc=$?
	set -e
	[ $rc -le 1 ] || fail "trial $i: reader failed ($rc)"
	# At most one second of events is unflushed: after >1 s there are events.
	n=$(awk '$1 == "S"' k$i.txt | wc -l)
	if [ "$ms" -gt 1100 ]; then
		[ "$n" -gt 0 ] || fail "trial $i: killed after $ms ms, no syscall survived"
	fi
	if [ $rc = 1 ]; then
		assert_match "$(cat k$i.err)" "^rn-dump: recovered [0-9]+ chunks" "trial $i damage line"
	fi
	echo "trial $i: killed after $ms ms, $n syscalls readable, reader: $(cat k$i.err)"
done

# With the bpf backend the trace reads back the same way; the launched
# program, already running, keeps running untraced (nothing holds it).
if rn-record -q --backend=bpf -o probe.rn -- /bin/true 2>/dev/null; then
	rn-record -q --backend=bpf -f -o kb.rn -- "$PROGS/threads" 2 1000000000 &
	rec=$!
	sleep 1.5
	kids=$(cat /proc/$rec/task/*/children 2>/dev/null)
	[ -n "$kids" ] || fail "bpf: no tracee found"
	kill -KILL $rec
	wait $rec 2>/dev/null || true
	set +e
	"$DUMP" kb.rn >kb.txt 2>kb.err
	rc=$?
	set -e
	[ $rc -le 1 ] || fail "bpf: reader failed ($rc)"
	for k in $kids; do
		kill -0 "$k" || fail "bpf: the program died with the recorder"
		kill "$k"
	done
	echo "bpf: $(awk '$1 == "S"' kb.txt | wc -l) syscalls readable, the program kept running"
fi

# An attached process survives its recorder's SIGKILL, untraced.
"$PROGS/threads" 2 1000000000 &
target=$!
sleep 0.2
rn-record -q -o at.rn -p $target &
rec=$!
sleep 0.5
kill -KILL $rec
wait $rec 2>/dev/null || true
sleep 0.2
kill -0 $target || fail "attached process died with the recorder"
grep -q '^TracerPid:[[:space:]]*0$' /proc/$target/status || fail "still traced"
kill $target
wait $target 2>/dev/null || true
echo "sigkill ok"
