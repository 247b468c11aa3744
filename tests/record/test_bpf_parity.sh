# The bpf backend records what the ptrace backend records: test programs
# with threads, fork/exec chains, vfork, exec from a thread, a zombie, a
# child killed inside read(2), exit codes, a fork storm; every decoder
# program of tests/decode (iovecs, msghdr with
# control messages, fd_set, ioctl, fcntl, prctl, socket options, System V
# IPC...); -e filtering, -s, --no-data; the same syscalls per thread in the
# same order with the same arguments, strings, captured memory and return
# values. Signal lines are left out of the comparison:
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
# the threads' state in the hash (as 5.8 to 5.10 keep it; this kernel has
# task storage: record/bpf/rn_bpf_tasks.h)
export RN_BPF_NO_STORE=1
for p in threads execthr zombie; do
	same_calls "$p.hash" -f -- "$PROGS/$p"
done
unset RN_BPF_NO_STORE
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
same_calls forkfast -f -- "$PROGS/forkfast" 20
# a successful execveat: its exit comes with execve's number (orig_ax),
# and was dropped (`<... execveat resumed>) = ?`)
same_calls execat -- "$PROGS/execat" /usr/bin true
# Left out: kidcalls (its child's PTRACE_TRACEME fails under ptrace and
# succeeds under bpf, as without a recorder); sigstorm and jobctl (where
# their signals land relative to their calls varies from run to run).

# Every decoder program in one recording per backend (seconds, not one
# rn-record start per program). A failed write of a string literal whose
# page the program never touched is the one difference allowed: the bpf
# backend never faults a page in and stores it as unreadable.
DC=$RN_BUILD/tests/decode/progs
port=$((40000 + $$ % 20000))
run_dc() {
	for p in desc proc mem sig time ipc ioctl prctl sys hi hi2 str; do
		printf '%s\n' "$DC/dc_$p"
	done
	printf '%s\n' "rm -rf $RN_TMP/dc.d; $DC/dc_file $RN_TMP/dc.d"
	printf '%s\n' "$DC/dc_net \$1" "$DC/dc_msg \$((\$1 + 1))"
}
run_dc >dc.sh
NORM_FLAGS=--unreadable-ok same_calls decode -f -- sh dc.sh "$port"
grep -q 'recvmsg(.*msg_control=\[{cmsg_len=' decode.b.txt || fail "decode: no msghdr control data with bpf"
grep -q 'recvmmsg(.*, \[{msg_hdr={msg_name={sa_family=AF_INET, .*iov_base="message-8-long".*msg_len=14}\]' decode.b.txt ||
	fail "decode: no mmsghdr vector with bpf"
grep -q 'writev(.*iov_base="' decode.b.txt || fail "decode: no iovec contents with bpf"
grep -q 'ioctl(.*TCGETS, {c_iflag=' decode.b.txt || fail "decode: no ioctl struct with bpf"
grep -q 'select(.*\[3\]' decode.b.txt || fail "decode: no fd_set with bpf"
! grep -q 'capture limit' decode.b.txt || fail "decode: captures lost with bpf"
# Kernels before 5.17 (no bpf_loop) load the unrolled iovec readers and envp
# count instead: RN_BPF_NO_LOOP=1 loads those here, and they record the same.
RN_BPF_NO_LOOP=1 NORM_FLAGS=--unreadable-ok same_calls decode_noloop -f -- sh dc.sh "$((port + 2))"
grep -q 'writev(.*iov_base="' decode_noloop.b.txt || fail "decode: no iovec contents (unrolled)"
grep -q "recvmmsg(.*iov_base=\"message-8-long\"" decode_noloop.b.txt || fail "decode: no mmsghdr vector (unrolled)"
RN_BPF_NO_LOOP=1 same_calls execfail_noloop -f -- /bin/sh -c 'PATH=/nonexistent:/usr/bin; exec printf "%s\n" a b'

# The trace says which backend recorded it.
"$DUMP" threads.b.rn >/dev/null
rn-replay --help >/dev/null
# (the last --backend= of the header's options is the backend used)
last_backend() { strings "$1" | grep -o -- '--backend=[a-z]*' | tail -n 1; }
assert_eq "$(last_backend threads.b.rn)" --backend=bpf "backend of the bpf recording"
assert_eq "$(last_backend threads.p.rn)" --backend=ptrace "backend of the ptrace recording"
echo "bpf and ptrace record the same calls"
