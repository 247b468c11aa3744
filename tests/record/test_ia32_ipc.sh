# i386's ipc multiplexer (nr 117) recorded by both backends prints as
# Debian's strace prints the call it carries (tests/record/progs32/ia32ipc.c,
# built -m32 -static): semop and semtimedop with their sembufs and
# old_timespec32, semget, semctl with IPC_64| commands, its union semun read
# through a pointer ([NULL], [0x7]) or the semid64_ds IPC_STAT writes,
# msgsnd and msgrcv with their messages (msgrcv's ipc_kludge of version 0,
# and version 1 without it), msgget, msgctl's msqid64_ds, shmget, shmat's
# result read from *third, shmdt, shmctl's shmid64_ds: every line of
# `strace -o` against `rn-replay -o`, ids, pids, times and addresses masked;
# and `rn-replay -e trace=semctl,shmat` keeps those calls, as strace does.
. "$RN_ROOT/tests/lib.sh"
. "$RN_ROOT/tests/record/common.sh"
prog32 ia32ipc

# from the first System V call on; masked: addresses (5+ hex digits), the
# ids (from the get calls' results), pids and times (in the structs)
norm() {
	id=$(sed -n 's/^semget(.*= \([0-9]*\)$/\1/p' "$1")
	mid=$(sed -n 's/^msgget(.*= \([0-9]*\)$/\1/p' "$1")
	sid=$(sed -n 's/^shmget(.*= \([0-9]*\)$/\1/p' "$1")
	[ -n "$id" ] && [ -n "$mid" ] && [ -n "$sid" ] || fail "$1: no ids"
	sed -n '/^semget(/,$p' "$1" | sed -E "s/0x[0-9a-f]{5,}/ADDR/g;
		s/\\b($id|$mid|$sid)\\b/ID/g; s/(_[cl]?r?s?pid)=[0-9]+/\\1=PID/g;
		s/(_[a-z]time)=[0-9]+/\\1=T/g"
}
strace -o s.txt ./ia32ipc || fail "ia32ipc failed under strace"
norm s.txt >want
[ "$(grep -c '^semctl(ID, ' want)" = 5 ] && grep -q '^shmat(ID, NULL, SHM_RDONLY) *= ADDR$' want &&
	grep -q '^msgrcv(ID, {mtype=5, mtext="hello\\0\\0\\0"}, 8, 5, IPC_NOWAIT) = 3$' want ||
	fail "strace's lines are not the expected ones"

backends=$(record_backends test_ia32_ipc)
for b in $backends; do
	rn-record -q --backend="$b" -o "$b.rn" -- ./ia32ipc || fail "$b: ia32ipc failed under rn-record"
	replay_is_strace "$b"
done

# rn-replay -e trace= names the carried call, as strace matches it
strace -o f.txt -e trace=semctl,shmat ./ia32ipc || fail "ia32ipc failed under strace -e"
rn-replay -o f.got -e trace=semctl,shmat ptrace.rn || fail "rn-replay -e failed"
mask() {
	sed -E 's/0x[0-9a-f]{5,}/ADDR/g; s/^([a-z]+\()[0-9]+/\1ID/;
		s/(_[cl]?r?s?pid)=[0-9]+/\1=PID/g; s/(_[a-z]time)=[0-9]+/\1=T/g' "$1"
}
[ "$(grep -c '^semctl(' f.txt)" = 5 ] && [ "$(grep -c '^shmat(' f.txt)" = 2 ] ||
	fail "strace -e's lines are not the expected ones"
mask f.txt >f.want
mask f.got >f.have
diff f.want f.have >&2 || fail "rn-replay -e trace= differs from strace's"
