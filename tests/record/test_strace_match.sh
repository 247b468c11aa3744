# rn-record records the same syscalls (names, order per thread, return
# values) as strace -f for small tracees and real tools. Values that differ
# between runs by nature (addresses, pids, timing-dependent restarts, futex
# wake-ups) are left out, see cmp_strace.py.
. "$RN_ROOT/tests/lib.sh"
need_cmd strace python3
. "$RN_ROOT/tests/record/common.sh"

match_strace forkexec -- "$PROGS/forkexec" 3
match_strace vfork -- "$PROGS/vforker"
match_strace vfork_exit -- "$PROGS/vforker" exit
match_strace killmid -- "$PROGS/killmid"
match_strace fileio -- "$PROGS/fileio" 200
match_strace threads --ignore futex,munmap,madvise,mprotect --drop-restarts -- "$PROGS/threads" 6 200 10

match_strace ls -- ls -la /usr/bin
mkdir -p tree/a/b && touch tree/x.txt tree/a/y.txt tree/a/b/z.txt
match_strace find -- find tree -name '*.txt'
match_strace sh --ignore wait4,rt_sigreturn --drop-restarts -- sh -c 'echo hi >out.txt; cat out.txt | wc -c; /bin/true'
echo "all match strace"
