# -e trace=SET must not change what the program's children and threads see.
# The seccomp prefilter is inherited by every child and makes the calls it
# traces fail with ENOSYS in a task nobody traces, so it is used only with
# -f (every descendant traced); without -f the recorder filters itself.
# Oracles: the program's own output without a recorder (no -f) and under
# strace -f (with -f, where PTRACE_TRACEME fails with EPERM for any tracer).
. "$RN_ROOT/tests/lib.sh"
need_cmd strace
. "$RN_ROOT/tests/record/common.sh"

"$PROGS/kidcalls" >native.txt
grep -q '^child traceme ok$' native.txt || fail "kidcalls natively: $(cat native.txt)"
rn-record -q -e trace=chdir,getppid,ptrace -o a.rn -- "$PROGS/kidcalls" >a.txt
diff native.txt a.txt >a.diff || fail "children differ under rn-record -e without -f: $(cat a.diff)"
# ... and the recording still has the main thread's calls (and only them).
"$DUMP" a.rn >a.dump
assert_eq "$(count_sc a.dump chdir)" 1 "chdir calls recorded without -f"
assert_eq "$(count_sc a.dump getppid)" 2 "getppid calls recorded without -f"
assert_eq "$(awk '$1 == "S" { print $3 }' a.dump | sort -u | wc -l)" 1 "threads recorded without -f"

strace -f -qq -o /dev/null "$PROGS/kidcalls" >strace.txt
rn-record -q --backend=ptrace -f -e trace=chdir,getppid,ptrace -o b.rn -- "$PROGS/kidcalls" >b.txt
diff strace.txt b.txt >b.diff || fail "children differ from strace -f under rn-record -f -e: $(cat b.diff)"
# The bpf backend (the default as root) is no tracer at all: the children
# see what they see without one (PTRACE_TRACEME succeeds).
if rn-record -q --backend=bpf -o probe.rn -- /bin/true 2>/dev/null; then
	rn-record -q --backend=bpf -f -e trace=chdir,getppid,ptrace -o bb.rn -- "$PROGS/kidcalls" >bb.txt
	diff native.txt bb.txt >bb.diff || fail "children differ under bpf -f -e: $(cat bb.diff)"
fi
"$DUMP" b.rn >b.dump
assert_eq "$(count_sc b.dump chdir)" 3 "chdir calls recorded with -f"
assert_eq "$(count_sc b.dump ptrace)" 1 "ptrace calls recorded with -f"

# The issue's reproducer: a subshell's cd.
assert_eq "$(rn-record -q -e trace=chdir -o c.rn -- sh -c '(cd /tmp && pwd)')" /tmp "cd in a subshell"

# Where the filter is: in the program with -f, nowhere without.
rn-record -q --backend=ptrace -f -o s.rn -e trace=openat -- sh -c 'grep "^Seccomp:" /proc/self/status' >f.txt
assert_match "$(cat f.txt)" "^Seccomp:.*2$" "filter with -f"
rn-record -q --backend=ptrace -o s.rn -e trace=openat -- grep "^Seccomp:" /proc/self/status >nf.txt
assert_match "$(cat nf.txt)" "^Seccomp:.*0$" "no filter without -f"
# With CAP_SYS_ADMIN the filter needs no PR_SET_NO_NEW_PRIVS; without, the
# kernel requires it and the filter still goes in.
if [ "$(id -u)" = 0 ]; then
	rn-record -q -f -o s.rn -e trace=openat -- grep "^NoNewPrivs:" /proc/self/status >nnp.txt
	assert_match "$(cat nnp.txt)" "^NoNewPrivs:.*0$" "no NO_NEW_PRIVS for a root recorder"
	if command -v setpriv >/dev/null; then
		setpriv --reuid=65534 --regid=65534 --clear-groups "$RN_BIN/rn-record" -q -f \
			-o "/tmp/rn-nnp-$$.rn" -e trace=openat -- grep -c '^Seccomp:.*2$' /proc/self/status >user.txt || true
		rm -f "/tmp/rn-nnp-$$.rn"
		assert_eq "$(cat user.txt)" 1 "filter installed for a user without CAP_SYS_ADMIN"
	fi
fi
echo "filter leaves children alone"
