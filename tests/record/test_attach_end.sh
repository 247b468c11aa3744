# A process's end under -p without -f, where only the threads it had at the
# attach are traced (tests/record/progs/groupend.c): the main thread calls
# exit_group while a thread started after the attach runs, or ends alone and
# leaves a later thread to end the process (with exit or exit_group), or the
# process is killed by SIGTERM or SIGKILL while the main thread waits in
# pause(). The trace must end as `strace -p` ends it (strace run on the same
# scenario is the oracle): the last call, then `+++ exited with N +++` or
# the killing signal and `+++ killed by SIG +++`, once. The bpf backend lost
# the end when the kernel's record of the group's death came from the thread
# it did not trace (always, when that thread ends last; in about half the
# runs of exit_group), and wrote the SIGTERM before the interrupted call.
# Racy: ten bpf runs of exit_group, three of the others; the ptrace backend
# once each. Then the same ends of a program launched without -f.
. "$RN_ROOT/tests/lib.sh"
. "$RN_ROOT/tests/record/common.sh"
need_cmd strace
[ "$(readlink /proc/self/ns/pid)" = "pid:[4026531836]" ] || skip "not in the host's pid namespace"
trap 'kill ${prog:-} ${rec:-} 2>/dev/null || true' EXIT
backends=$(record_backends attach_end)

# how: the way the program is recorded now (-p, or launched)
how() {
	if [ -n "${LAUNCH:-}" ]; then echo launched; else echo -p; fi
}

# traced PID: waits until a tracer (ptrace: strace, rn-record) is attached.
traced() {
	i=0
	while grep -q '^TracerPid:[[:space:]]*0$' "/proc/$1/status" && [ $i -lt 200 ]; do
		sleep 0.02
		i=$((i + 1))
	done
}

# end_run TOOL MODE [SIG]: starts groupend MODE held on a fifo, attaches TOOL
# (strace, ptrace, bpf) with -p, lets it go (and kills it with SIG), and
# leaves the trace's last lines (as strace prints them without -f) in out.
end_run() {
	rm -f gate out.rn out.txt rec.err
	mkfifo gate
	exec 3<>gate
	if [ -n "${LAUNCH:-}" ]; then
		case $1 in
		strace) strace -q -o out.txt "$PROGS/groupend" "$2" <gate >/dev/null 2>rec.err & ;;
		*) rn-record --backend="$1" -o out.rn -- "$PROGS/groupend" "$2" <gate >/dev/null 2>rec.err & ;;
		esac
		rec=$!
		i=0 # (its exec done: named groupend)
		while ! prog=$(pgrep -P $rec -x groupend) && [ $i -lt 200 ]; do
			sleep 0.02
			i=$((i + 1))
		done
	else
		"$PROGS/groupend" "$2" <gate >/dev/null &
		prog=$!
		case $1 in
		strace) strace -q -o out.txt -p $prog 2>rec.err & ;;
		*) rn-record --backend="$1" -o out.rn -p $prog 2>rec.err & ;;
		esac
		rec=$!
		case $1 in
		bpf) wait_line rec.err "attached to 1 process" ;;
		*) traced $prog ;;
		esac
	fi
	echo g >&3
	if [ -n "${3:-}" ]; then # the thread has started and the main one sleeps in pause()
		i=0
		while { [ "$(ls /proc/$prog/task | wc -l)" -lt 2 ] ||
			[ "$(cut -d' ' -f3 /proc/$prog/task/$prog/stat)" != S ]; } && [ $i -lt 200 ]; do
			sleep 0.02
			i=$((i + 1))
		done
		kill -"$3" $prog
	fi
	[ -n "${LAUNCH:-}" ] || wait $prog || true
	i=0 # the tracer ends by itself once the process has
	while kill -0 $rec 2>/dev/null && [ $i -lt 200 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	kill -0 $rec 2>/dev/null && fail "$1 -p did not end with $2 ${3:-}"
	rc=0
	wait $rec || rc=$?
	exec 3>&-
	[ -z "${LAUNCH:-}" ] || [ "$1" = strace ] || [ "$rc" -eq "$STATUS" ] ||
		fail "$1 exited $rc with $2 ${3:-}, the program $STATUS"
	[ "$1" = strace ] || {
		[ -n "${LAUNCH:-}" ] || [ "$rc" -eq 0 ] ||
			fail "rn-record --backend=$1 -p exited $rc ($2 ${3:-}): $(cat rec.err)"
		rn-replay out.rn >out.txt || fail "rn-replay failed ($1 $2 ${3:-})"
	}
}

# check MODE LINES RUNS [SIG]: strace's last LINES lines for MODE, then
# each backend's (bpf RUNS times) must be the same, with one end line.
check() {
	end_run strace "$1" "${4:-}"
	tail -n "$2" out.txt >want.txt
	grep -q '^+++ ' want.txt || fail "strace -p did not print $1's end: $(cat want.txt)"
	# what a launched rn-record exits with: the program's status (128+N when killed)
	end=$(grep '^+++ ' want.txt)
	case $end in
	*"exited with"*) STATUS=$(echo "$end" | awk '{ print $4 }') ;;
	*SIGTERM*) STATUS=143 ;;
	*SIGKILL*) STATUS=137 ;;
	*) fail "unexpected end: $end" ;;
	esac
	for b in $backends; do
		n=1
		[ "$b" = bpf ] && n=$3
		old=0
		while [ "$n" -gt 0 ]; do
			end_run "$b" "$1" "${4:-}"
			tail -n "$2" out.txt >got.txt
			if [ "$b/${4:-}" = bpf/TERM ] && ! cmp -s want.txt got.txt && old_term_end; then
				old=$((old + 1)) # (known race, below)
			else
				diff want.txt got.txt >&2 || fail "--backend=$b $(how), $1 ${4:-}: not strace's end"
			fi
			[ "$(grep -c '^+++ ' out.txt)" -eq 1 ] || fail "--backend=$b $(how), $1: not one end line"
			n=$((n - 1))
		done
		[ "$old" -lt "$3" ] || [ "$b" != bpf ] ||
			fail "--backend=bpf $(how), $1 ${4:-}: the signal before the call in every run"
	done
}

# old_term_end: got.txt is the order the bpf backend printed before it held
# a call that returned to be restarted: the SIGTERM, then pause() = ?, then
# the end (strace's end line). A known race leaves it so now and then (seen
# once, under ASan in CI: the held call was not emitted before the signal);
# each run must still end as strace's does, and one run of three at least
# in strace's order.
old_term_end() {
	[ "$(sed -n 1p got.txt | cut -c1-12)" = "--- SIGTERM " ] &&
		sed -n 2p got.txt | grep -Eq '^pause\(\) += \?$' &&
		[ "$(sed -n 3p got.txt)" = "$(sed -n 3p want.txt)" ]
}

check nojoin 2 10   # exit_group(3) while an untraced thread runs
check lastexit 2 3  # exit(0), then the untraced thread's exit(7): the kernel's status
check lastgrp 2 3   # exit(0), then the untraced thread's exit_group(5)
check killed 3 3 TERM # pause() = ? ERESTARTNOHAND, --- SIGTERM ---, killed by SIGTERM
check killed 2 3 KILL # pause() = ?, killed by SIGKILL

# A process whose main thread ended alone before the attach (a zombie until
# the others end: ptrace cannot attach to it, nor can strace): bpf records
# the thread left and the process's end; ptrace refuses in one line.
for b in $backends; do
	rm -f gate zl.rn zl.err
	mkfifo gate
	exec 3<>gate
	"$PROGS/groupend" zleader <gate >/dev/null &
	prog=$!
	i=0
	while [ "$(cut -d' ' -f3 /proc/$prog/stat)" != Z ] && [ $i -lt 200 ]; do
		sleep 0.02
		i=$((i + 1))
	done
	rn-record --backend="$b" -o zl.rn -p $prog 2>zl.err &
	rec=$!
	rc=0
	if [ "$b" = ptrace ]; then # (refused at once)
		wait $rec || rc=$?
	else
		wait_line zl.err "attached to 1 process"
	fi
	echo g >&3
	st=0
	wait $prog || st=$?
	assert_eq "$st" 6 "zleader's status"
	[ "$b" = ptrace ] || wait $rec || rc=$?
	exec 3>&-
	if [ "$b" = ptrace ]; then
		assert_eq "$rc" 1 "ptrace -p of a zombie main thread: refused"
		assert_eq "$(cat zl.err)" "rn-record: cannot attach to process $prog: its thread $prog has ended (a zombie until the others end), and ptrace cannot attach to it; --backend=bpf can" "the refusal"
	else
		assert_eq "$rc" 0 "bpf -p of a zombie main thread"
		rn-replay zl.rn >zl.txt
		assert_match "$(tail -n 1 zl.txt)" "^$prog +\\+\\+\\+ exited with 6 \\+\\+\\+$" "the process's end"
		assert_match "$(tail -n 3 zl.txt | head -n 1)" '^[0-9]+ +exit_group\(6\) += \?$' "the thread's exit_group"
		assert_eq "$(grep -c '+++ exited' zl.txt)" 2 "the thread's end and the process's"
	fi
done

# SIGINT while the main thread has ended and a thread started after the
# attach keeps the process alive (groupend lastlong): rn-record detaches at
# once and the process runs on. (strace -p cannot let go of the ended main
# thread and waits for the process's end; the ptrace backend waited too.)
# The trace ends with the main thread's exit(0) = ?, as strace's does
# before the end it waits for.
gone() { # PID: waits until PID's main thread has ended (a zombie)
	i=0
	while [ "$(cut -d' ' -f3 /proc/$1/stat)" != Z ] && [ $i -lt 200 ]; do
		sleep 0.02
		i=$((i + 1))
	done
}
rm -f gate
mkfifo gate
exec 3<>gate
"$PROGS/groupend" lastlong <gate >/dev/null &
prog=$!
strace -q -o ll.strace -p $prog &
rec=$!
traced $prog
echo g >&3
gone $prog
kill $prog
wait $rec || true
exec 3>&-
want=$(tail -n 2 ll.strace | head -n 1)
assert_eq "$want" "exit(0)                                 = ?" "strace's last call"
for b in $backends; do
	rm -f gate ll.rn
	mkfifo gate
	exec 3<>gate
	"$PROGS/groupend" lastlong <gate >/dev/null &
	prog=$!
	rn-record --backend="$b" -o ll.rn -p $prog 2>ll.err &
	rec=$!
	if [ "$b" = bpf ]; then wait_line ll.err "attached to 1 process"; else traced $prog; fi
	echo g >&3
	gone $prog
	sleep 0.2
	kill -INT $rec
	i=0
	while kill -0 $rec 2>/dev/null && [ $i -lt 100 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	kill -0 $rec 2>/dev/null && fail "--backend=$b -p did not detach on SIGINT (main thread ended)"
	wait $rec || fail "--backend=$b -p exited $? on SIGINT"
	kill -0 $prog || fail "the process did not outlive the detach ($b)"
	kill $prog
	wait $prog || true
	exec 3>&-
	assert_eq "$(rn-replay ll.rn | tail -n 1)" "$want" "--backend=$b: the trace's end after SIGINT"
done

# The same, launched without -f (the end was taken from waitpid when no
# record gave it; the SIGTERM was written before the interrupted call).
LAUNCH=1
check lastexit 2 3
check lastgrp 2 3
check killed 3 3 TERM
check killed 2 3 KILL
echo "-p and launched programs end as strace ends them"
