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
# Process events match too (kind, status, flags, clone flags; not pids): a
# fork record is read while the parent's fork/vfork/clone is in progress.
procs() {
	"$DUMP" "$1" | awk '$1 == "P" && $2 != 4 { print $2, $6, $7, $8 }' | sort
}
for p in threads forkexec vforker; do
	procs "$p.p.rn" >"$p.p.procs"
	procs "$p.b.rn" >"$p.b.procs"
	[ -s "$p.p.procs" ] || fail "$p: no process events"
	diff "$p.p.procs" "$p.b.procs" >&2 || fail "$p: process events differ with bpf"
done
same_calls filtered -f -e trace=openat,close,execve,wait4 -- "$PROGS/forkexec"
same_calls ls -- ls -la /usr/bin
same_calls short -s 8 -- "$PROGS/fileio" 20
same_calls nodata --no-data -- "$PROGS/fileio" 20
same_calls nofollow -- "$PROGS/forkexec"
# argv is read a few strings per tail call: 40 arguments (32 shown, then
# "..."), and an exec that fails after reading them (sh tries PATH).
# shellcheck disable=SC2046
same_calls argv -- /bin/echo $(seq 1 40)
same_calls execfail -f -- /bin/sh -c 'PATH=/nonexistent:/usr/bin; exec printf "%s\\n" a b c d e'

# The trace says which backend recorded it.
"$DUMP" threads.b.rn >/dev/null
rn-replay --help >/dev/null
strings threads.b.rn | grep -q -- '--backend=bpf' || fail "no --backend=bpf in the header"
strings threads.p.rn | grep -q -- '--backend=ptrace' || fail "no --backend=ptrace in the header"
echo "bpf and ptrace record the same calls"
