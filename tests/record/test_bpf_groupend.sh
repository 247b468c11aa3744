# A process's end when the thread that dies last is not traced
# (tests/record/progs/groupend.c nojoin, once it read a byte: exit(3) while
# a thread it never joins is making syscalls; recorded without -f, only the
# main thread is traced).
# The kernel's exit records say "group dead" on whichever thread dies last;
# when that is the untraced one, no record says so, and the bpf backend lost
# the `+++ exited with 3 +++` line in about 5 runs of 8. The end now comes
# from that thread's exit record (rn_groups), else from waitpid. Ten runs under bpf, each must
# end as strace ends it, with rn-record's exit status the program's.
. "$RN_ROOT/tests/lib.sh"
. "$RN_ROOT/tests/record/common.sh"
need_bpf
need_cmd strace

P=$PROGS/groupend
rc=0
printf g | strace -q -o r.strace "$P" nojoin || rc=$?
[ "$rc" -eq 3 ] || fail "nojoin exited $rc under strace, not 3"
tail -n 2 r.strace | sed 's/^[0-9]* *//' >r.want
printf 'exit_group(3)                           = ?\n+++ exited with 3 +++\n' >r.exp
diff r.exp r.want >&2 || fail "strace's last lines are not the expected ones"

for b in ptrace bpf bpf bpf bpf bpf bpf bpf bpf bpf bpf; do
	rc=0
	printf g | rn-record -q --backend="$b" -o r.rn -- "$P" nojoin || rc=$?
	[ "$rc" -eq 3 ] || fail "rn-record --backend=$b exited $rc, the program 3"
	rn-replay r.rn >r.all || fail "rn-replay failed on the $b trace"
	tail -n 2 r.all >r.got
	diff r.want r.got >&2 || fail "--backend=$b: the trace does not end as strace's"
	[ "$(grep -c '^+++ exited' r.all)" -eq 1 ] || fail "--backend=$b: not one end line"
done
