#!/bin/sh
# rn-record -p, then SIGINT while every thread is inside a read(): rn-replay
# ends the calls as strace -p ends them when it detaches: the open line with
# " <detached ...>", the others already ended by " <unfinished ...>", and no
# " = ?" (that is for a thread that died in the call). Compared with strace
# -p run on the same process (tests/replay/progs/rp_blocked).
. "$RN_ROOT/tests/lib.sh"
. "$RN_ROOT/tests/replay/golden.sh"
need_tracing
P=$RN_BUILD/tests/replay/progs

# all_blocked PID N: waits until the process has N threads, all asleep.
all_blocked() {
	for _ in $(seq 100); do
		n=0
		for s in /proc/"$1"/task/*/stat; do
			st=$(sed 's/^.*) //' "$s" | cut -d' ' -f1)
			[ "$st" = S ] && n=$((n + 1))
		done
		[ "$n" -eq "$2" ] && return 0
		sleep 0.05
	done
	fail "process $1: $n of $2 threads blocked"
}

# traced_then_stop PID TRACERPID SECS: waits until PID is traced, lets the
# tracer see the restarted reads for SECS, then interrupts the tracer
# (strace exits 130 then, rn-record 0).
traced_then_stop() {
	for _ in $(seq 100); do
		grep -q '^TracerPid:[[:space:]]*[1-9]' /proc/"$1"/status && break
		sleep 0.05
	done
	sleep "$3"
	kill -INT "$2"
	rc=0
	wait "$2" || rc=$?
	[ "$rc" -eq 0 ] || [ "$rc" -eq 130 ] || fail "tracer exited $rc"
}

# detach_case NAME THREADS: strace -f -p and rn-record -f -p in turn on one
# rp_blocked process; NAME.st and NAME.rp, tids and descriptors masked,
# sorted (which thread's line is still open depends on the order the reads
# restarted in, in each run: the sort compares the shapes).
detach_case() {
	"$P/rp_blocked" "$1.pid" "$2" &
	prog=$!
	while [ ! -s "$1.pid" ]; do sleep 0.02; done
	all_blocked "$prog" $(($2 + 1))
	for try in 1 2 3; do # a loaded machine may need longer to see the reads
		strace -f -o "$1.st" -p "$prog" 2>/dev/null &
		traced_then_stop "$prog" $! "0.$try"
		all_blocked "$prog" $(($2 + 1))
		rn-record -q -f -o "$1.rn" -p "$prog" &
		traced_then_stop "$prog" $! "0.$try"
		rn-replay -f "$1.rn" >"$1.rp"
		[ "$(grep -c 'read(' "$1.st")" -eq $(($2 + 1)) ] &&
			[ "$(grep -c 'read(' "$1.rp")" -eq $(($2 + 1)) ] && break
	done
	kill "$prog"
	wait "$prog" 2>/dev/null || true
	for f in st rp; do
		sed -E 's/^[0-9]+ +//; s/\(-?[0-9]+, /(FD, /' "$1.$f" | sort >"$1.$f.n"
	done
	diff "$1.st.n" "$1.rp.n" >&2 || fail "$1: rn-replay's detach lines differ from strace's"
}

detach_case one 0
assert_eq "$(cat one.rp)" "$(cat one.st)" "one thread (the same descriptor)"
assert_match "$(cat one.rp)" '^[0-9]+ +read\([0-9]+,  <detached \.\.\.>$' "one thread"
detach_case four 3
assert_eq "$(grep -c ' <detached ...>$' four.rp)" 1 "open lines at the detach"
assert_eq "$(tail -n 1 four.rp | grep -c ' <detached ...>$')" 1 "the detached line is the last"
assert_eq "$(grep -c ' <unfinished ...>$' four.rp)" 3 "lines ended by another thread's"
echo "detach lines as strace's"
