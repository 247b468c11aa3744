# The bpf backend loads the programs a recording can use and only those
# (record/rn_record_bpf_load.c, docs/recording.md "Start-up"): -f adds
# rn_fork, --stack its two programs, -e trace= leaves out the capture
# programs no traced (or bookkeeping) call's plan reaches (the iovec and
# msghdr readers for most filters), -a and --cgroup load every capture
# program and rn_fork; only the hooks are attached, never the tail-called
# programs. Each combination still records its calls, captures included.
# (bpf_progs.py reads the loads and attachments from strace -e trace=bpf;
# --seccomp-bpf: rn-record's other calls never stop, it drains as fast.)
. "$RN_ROOT/tests/lib.sh"
. "$RN_ROOT/tests/record/common.sh"
need_bpf
need_cmd strace
need_cmd python3

HOOKS="rn_exec rn_exit rn_signal rn_signal_gen rn_sys_enter rn_sys_exit"
CAPS="rn_enter_cap rn_enter_parts rn_enter_strs rn_exit_cap rn_exit_parts"
sorted() { echo "$@" | tr ' ' '\n' | sort | tr '\n' ' ' | sed 's/ $//'; }

# progs NAME LOADED ATTACHED [rn-record options...] [-- CMD...]: records
# under strace, checks the programs loaded and attached
progs() {
	name=$1 want_load=$(sorted "$2") want_att=$(sorted "$3")
	shift 3
	ASAN_OPTIONS=detect_leaks=0 strace -f -qq --seccomp-bpf -e trace=bpf -o "$name.st" \
		rn-record -q --backend=bpf -o "$name.rn" "$@" >"$name.out" 2>"$name.err" ||
		fail "$name: rn-record failed: $(cat "$name.err")"
	python3 "$RN_ROOT/tests/record/bpf_progs.py" "$name.st" >"$name.progs"
	assert_eq "$(sed -n 1p "$name.progs")" "$want_load" "$name: programs loaded"
	assert_eq "$(sed -n 2p "$name.progs")" "$want_att" "$name: programs attached"
	rn-replay "$name.rn" >"$name.txt" || fail "$name: trace unreadable"
}

# a plain launch: every capture program, no rn_fork, no --stack programs
progs plain "$HOOKS $CAPS" "$HOOKS" -- "$PROGS/mmsgcap" 3
grep -q 'sendmmsg(.*iov_base="' plain.txt || fail "plain: no sendmmsg with its iovec captured"
grep -q 'execve(".*mmsgcap", \[.*, "3"\]' plain.txt || fail "plain: no execve with its argv"

progs follow "$HOOKS $CAPS rn_fork" "$HOOKS rn_fork" -f -- sh -c '/bin/true; :'
grep -q '^[0-9 ]*execve("/bin/true", \["/bin/true"\]' follow.txt || fail "-f: the child's execve not recorded"
# The threads' state (record/bpf/rn_bpf_tasks.h): task-local storage for a
# launched command where the kernel has it (5.11), else, under -a,
# --cgroup, -p and with RN_BPF_NO_STORE, a hash (rn_task_store then made
# as a one-entry hash the programs never reach)
store_kind() {
	grep -o 'map_type=[A-Z_]*[^}]*map_name="rn_task_store"' "$1.st" | sed 's/,.*//; s/map_type=//'
}
kv=$(uname -r | awk -F. '{ print $1 * 1000 + $2 }')
if [ "$kv" -ge 5011 ]; then
	assert_eq "$(store_kind follow)" BPF_MAP_TYPE_TASK_STORAGE "-f: the threads' state in task storage"
fi
RN_BPF_NO_STORE=1 progs hash "$HOOKS $CAPS rn_fork" "$HOOKS rn_fork" -f -- sh -c '/bin/true; :'
assert_eq "$(store_kind hash)" BPF_MAP_TYPE_HASH "RN_BPF_NO_STORE: the hash"
grep -q '^[0-9 ]*execve("/bin/true", \["/bin/true"\]' hash.txt || fail "RN_BPF_NO_STORE: the child's execve not recorded"

progs stack "$HOOKS $CAPS rn_enter_stack rn_exit_maps" "$HOOKS" --stack -- /bin/true
"$DUMP" stack.rn | awk '$1 == "S"' | grep -q ' 6:255:' || fail "--stack: no stack captured"
# Before Linux 5.17 (no bpf_find_vma; RN_BPF_NO_FIND_VMA=1 here) the
# variant without its callback walks the VMA tree (before 6.1: this test on
# 5.10 is tests/vm/test_kernel_510.sh) or has /proc read, as here: the same
# mappings, while the process lives (sleep).
progs stackvma "$HOOKS $CAPS rn_enter_stack rn_exit_maps" "$HOOKS" --stack -- sleep 0.3
export RN_BPF_NO_FIND_VMA=1
progs stackproc "$HOOKS $CAPS rn_enter_stack rn_exit_mapwalk" "$HOOKS" --stack -- sleep 0.3
unset RN_BPF_NO_FIND_VMA
for f in stackvma stackproc; do
	"$DUMP" $f.rn | awk '$1 == "M" { print $5, $6, $7, $8 }' | sort >$f.maps
done
grep -q 'libc.so.6 [0-9a-f]\{40\}$' stackproc.maps || fail "--stack without bpf_find_vma: no libc mapping with its build-id"
diff stackvma.maps stackproc.maps >&2 || fail "--stack: other mappings without bpf_find_vma"

# -e trace=: no iovec or msghdr call traced, no parts program; exec (a
# bookkeeping call) keeps its argv: rn_enter_strs stays
echo hello >f.txt
progs openat "$HOOKS rn_enter_cap rn_enter_strs rn_exit_cap" "$HOOKS" -e trace=openat,read -- head -n 1 f.txt
grep -q '^[0-9 ]*openat(AT_FDCWD, "f.txt", O_RDONLY) *= 3$' openat.txt || fail "-e: openat of f.txt: $(cat openat.txt)"
grep -q '^[0-9 ]*read(3, "hello\\n", [0-9]*) *= 6$' openat.txt || fail "-e: read of f.txt: $(cat openat.txt)"
grep -q '^[0-9 ]*execve' openat.txt && fail "-e: execve recorded though not traced"

# mmsghdr vectors are read at exit only: rn_exit_parts without rn_enter_parts
progs mmsg "$HOOKS rn_enter_cap rn_enter_strs rn_exit_cap rn_exit_parts" "$HOOKS" \
	-e trace=sendmmsg,recvmmsg -- "$PROGS/mmsgcap" 3
# the same calls, captures and all, as without the filter
for f in plain mmsg; do
	grep -E '^[0-9 ]*(sendmmsg|recvmmsg)\(' $f.txt | sed 's/^[0-9 ]*//; s/0x[0-9a-f]*/ADDR/g' >$f.mm
done
[ "$(wc -l <mmsg.mm)" -eq 2 ] || fail "-e trace=sendmmsg,recvmmsg: $(cat mmsg.txt)"
diff plain.mm mmsg.mm >&2 || fail "the mmsghdr captures differ under -e"

# writev at entry: both parts programs
progs writev "$HOOKS $CAPS" "$HOOKS" -e trace=writev -- \
	python3 -c 'import os; os.writev(1, [b"ab", b"cd\n"])'
grep -q '^[0-9 ]*writev(1, \[{iov_base="ab", iov_len=2}, {iov_base="cd\\n", iov_len=3}\], 2) *= 5$' writev.txt ||
	fail "-e trace=writev: $(cat writev.txt)"

# -a: every capture program and rn_fork (a scope's children are in it)
"$PROGS/ticker" 30 >t.out &
tick=$!
progs all "$HOOKS $CAPS rn_fork" "$HOOKS rn_fork" -a --duration 500ms
assert_eq "$(store_kind all)" BPF_MAP_TYPE_HASH "-a: the threads' state in the hash"
kill $tick
wait $tick || true
"$DUMP" all.rn | awk -v p=$tick '$1 == "S" && $2 == p && $4 == "getrusage"' >all.calls
[ "$(wc -l <all.calls)" -gt 5 ] || fail "-a: the ticker's calls not recorded"

# --cgroup: the same programs
cg2=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/self/mounts)
[ -n "$cg2" ] || skip "cgroup v2 is not mounted (the other combinations passed)"
cg="$cg2/rn-test-progs-$$"
mkdir "$cg" || skip "cannot create a cgroup under $cg2 (the other combinations passed)"
inside=
cleanup() {
	[ -z "$inside" ] || kill $inside 2>/dev/null || true
	wait 2>/dev/null || true
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		rmdir "$cg" 2>/dev/null && break
		sleep 0.1
	done
}
trap cleanup EXIT
sh -c "echo \$\$ >'$cg/cgroup.procs' && exec '$PROGS/ticker' 30" >in.out &
inside=$!
for _ in $(seq 50); do
	grep -qx "$inside" "$cg/cgroup.procs" && break
	sleep 0.1
done
grep -qx "$inside" "$cg/cgroup.procs" || fail "could not move $inside into $cg"
progs cgroup "$HOOKS $CAPS rn_fork" "$HOOKS rn_fork" --cgroup "$cg" --duration 500ms
"$DUMP" cgroup.rn | awk -v p=$inside '$1 == "S" && $2 == p && $4 == "getrusage"' >cg.calls
[ "$(wc -l <cg.calls)" -gt 5 ] || fail "--cgroup: the ticker's calls not recorded"
echo "programs loaded and attached as each combination needs, calls recorded"
