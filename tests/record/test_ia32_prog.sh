# A 32-bit x86 program (tests/record/progs32/ia32calls.c, built -m32
# -static) recorded by both backends prints as Debian's strace prints it:
# every line of `strace -o` against `rn-replay -o`, addresses, pids and
# random bytes masked: the personality's ints, fds, flags, paths and
# buffers, 32-bit pointers and longs, iovecs, stat64, 32- and 64-bit
# timespecs and rlimits, statfs and statfs64, mmap2's page offset, _llseek's split offset,
# socketcall shown as socket(), set_thread_area's user_desc, the execve
# that starts the 32-bit program ending as strace ends it, and a 32-bit
# program's own execve (argv of 32-bit pointers), failed execve and
# execveat (argv and envp read at entry, under bpf too), the calls whose
# arguments are words in memory (old mmap, old select, socketcall's calls
# with what their arguments point to), clone3's tls as a user_desc.
. "$RN_ROOT/tests/lib.sh"
. "$RN_ROOT/tests/record/common.sh"
prog32 ia32calls

# the masked lines: addresses (5+ hex digits), the pid, getrandom's bytes,
# the environment's address and size (its own execs'), a file system's free counts, the new
# thread's id, the join's futex wait (made only while the thread runs)
norm() {
	sed -E 's/0x[0-9a-f]{5,}/ADDR/g; s/getrandom\("[^"]*"/getrandom("R"/;
		s/(f_bfree|f_bavail|f_ffree)=[0-9]+/\1=N/g;
		s/^(set_tid_address\(ADDR\) += )[0-9]+$/\1PID/; s|^(execve\("\./ia32calls".*)/\* [0-9]+ vars \*/|\1/* N vars */|;
		s/(parent_tid=\[)[0-9]+/\1PID/; s/^(clone3\(.*\) += )[0-9]+$/\1PID/; /^futex\(/d' "$1"
}
# (with an argument it execs itself first: a 32-bit program's execve)
strace -o s.txt ./ia32calls exec >s.out || fail "ia32calls failed under strace"
norm s.txt >want
[ "$(grep -c '^socket(AF_UNIX' want)" = 1 ] && [ "$(grep -c '^execve(' want)" = 3 ] &&
	grep -q '^execveat(AT_FDCWD, "/nonexistent/ia32", \["/nonexistent/ia32", "one", "two three"\], ADDR /\* 2 vars \*/, 0)' want ||
	fail "strace's lines are not the expected ones"

backends=$(record_backends test_ia32_prog)
for b in $backends; do
	rn-record -q --backend="$b" -o "$b.rn" -- ./ia32calls exec >"$b.out" ||
		fail "$b: ia32calls failed under rn-record"
	cmp s.out "$b.out" || fail "$b: the program's output differs"
	replay_is_strace "$b"
done
