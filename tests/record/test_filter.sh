# -e trace=SET: only SET is recorded; when launching, a seccomp filter keeps
# untraced syscalls from stopping the program (bookkeeping calls such as
# execve and clone are kept, flagged RN_SC_FILTERED).
. "$RN_ROOT/tests/lib.sh"
. "$RN_ROOT/tests/record/common.sh"

rn-record -q -f -o f.rn -e trace=getppid -- "$PROGS/threads" 3 400
"$DUMP" f.rn >f.txt
assert_eq "$(count_sc f.txt getppid)" 1200 "getppid calls"
others=$(awk '$1 == "S" && $4 != "getppid" && int($6 / 8) % 2 == 0' f.txt | wc -l)
assert_eq "$others" 0 "unfiltered calls recorded"
assert_eq "$(awk '$1 == "S" && $4 == "clone3"' f.txt | wc -l)" 3 "clone3 kept for bookkeeping"
assert_eq "$(awk '$1 == "P" && $2 == 3' f.txt | wc -l)" 3 "clone events"
assert_eq "$(awk '$1 == "H" { print int($4 / 8) % 2 }' f.txt)" 1 "filtered header flag"

# The filter really is in the kernel: the program's status shows it.
rn-record -q -o s.rn -e trace=openat -- grep -c '^Seccomp:.*2' /proc/self/status >seccomp.txt
assert_eq "$(cat seccomp.txt)" 1 "seccomp filter mode in the tracee"
"$DUMP" s.rn >s.txt
assert_match "$(awk '$1 == "S" && $4 == "openat"' s.txt | tail -n 1)" "openat 3 0 " "openat recorded"
assert_eq "$(awk '$1 == "S" && $4 == "read"' s.txt | wc -l)" 0 "read not recorded"

# trace=none records no syscall but still the process events.
rn-record -q -o n.rn -e trace=none -- /bin/true
"$DUMP" n.rn >n.txt
assert_eq "$(awk '$1 == "S" && int($6 / 8) % 2 == 0' n.txt | wc -l)" 0 "syscalls with trace=none"
assert_eq "$(awk '$1 == "P" && $2 == 5' n.txt | wc -l)" 1 "exit event with trace=none"
echo "filter ok"
