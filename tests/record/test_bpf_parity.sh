# The bpf backend records what the ptrace backend records: test programs
# with threads, fork/exec chains, vfork, exec from a thread, a zombie, a
# child killed inside read(2), exit codes; -e filtering, -s, --no-data; the
# same syscalls per thread in the same order with the same arguments,
# strings and return values. Signal lines are left out of the comparison:
# under ptrace a signal the program ignores (SIGCHLD) is still queued and
# shown, with bpf it is not delivered at all, as without a tracer.
. "$RN_ROOT/tests/lib.sh"
. "$RN_ROOT/tests/record/common.sh"
need_bpf

for p in threads forkexec execthr vforker zombie killmid; do
	same_calls "$p" -f -- "$PROGS/$p"
done
same_calls filtered -f -e trace=openat,close,execve,wait4 -- "$PROGS/forkexec"
same_calls ls -- ls -la /usr/bin
same_calls short -s 8 -- "$PROGS/fileio" 20
same_calls nodata --no-data -- "$PROGS/fileio" 20
same_calls nofollow -- "$PROGS/forkexec"

# The trace says which backend recorded it.
"$DUMP" threads.b.rn >/dev/null
rn-replay --help >/dev/null
strings threads.b.rn | grep -q -- '--backend=bpf' || fail "no --backend=bpf in the header"
strings threads.p.rn | grep -q -- '--backend=ptrace' || fail "no --backend=ptrace in the header"
echo "bpf and ptrace record the same calls"
