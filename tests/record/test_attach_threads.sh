# -p PID records the threads PID's process has when rn-record attaches (a
# thread id names its whole process); a thread or child created after the
# attach is recorded only with -f, as --help and rn-record(1) say.
. "$RN_ROOT/tests/lib.sh"
. "$RN_ROOT/tests/record/common.sh"

# attach_run NAME pid|tid [-f]: attaches to a fresh latethread (by its pid,
# or by the tid of its second thread), makes it start its late thread,
# detaches, and dumps the trace to NAME.txt.
attach_run() {
	name=$1
	which=$2
	shift 2
	rm -f late.done
	"$PROGS/latethread" late.done &
	prog=$!
	i=0
	while [ "$(ls /proc/$prog/task 2>/dev/null | wc -l)" -lt 2 ] && [ $i -lt 100 ]; do
		sleep 0.02
		i=$((i + 1))
	done
	target=$prog
	[ "$which" = pid ] || target=$(ls /proc/$prog/task | grep -vx "$prog" | head -n 1)
	rn-record -q "$@" -o "$name.rn" -p "$target" &
	rec=$!
	i=0 # attached: every thread has a tracer
	while grep -q '^TracerPid:[[:space:]]*0$' /proc/$prog/task/*/status && [ $i -lt 100 ]; do
		sleep 0.02
		i=$((i + 1))
	done
	sleep 0.1
	kill -USR1 $prog
	i=0 # the late thread makes its 20 calls (~0.1 s), then creates late.done
	while [ ! -e late.done ] && [ $i -lt 250 ]; do
		sleep 0.04
		i=$((i + 1))
	done
	[ -e late.done ] || fail "the late thread did not finish"
	kill -INT $rec
	wait $rec || fail "rn-record -p $* exited $?"
	kill $prog
	wait $prog 2>/dev/null || true
	"$DUMP" "$name.rn" >"$name.txt"
	early_tids=$(awk '$1 == "S" && $4 == "getppid" { print $3 }' "$name.txt" | sort -u | wc -l)
	late_calls=$(count_sc "$name.txt" getpid)
}

attach_run nf pid
assert_eq "$early_tids" 2 "threads existing at attach, recorded without -f"
assert_eq "$late_calls" 0 "calls of the thread created after attach, without -f"
assert_eq "$(awk '$1 == "P" && $2 == 3' nf.txt | wc -l)" 0 "clone events without -f"

attach_run wf pid -f
assert_eq "$early_tids" 2 "threads existing at attach, recorded with -f"
assert_eq "$late_calls" 20 "calls of the thread created after attach, with -f"
assert_eq "$(awk '$1 == "P" && $2 == 3' wf.txt | wc -l)" 1 "clone event with -f"
attach_run tid tid
assert_eq "$early_tids" 2 "threads recorded when -p names a thread"
echo "-p threads as documented"
