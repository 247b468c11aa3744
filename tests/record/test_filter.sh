# -e trace=SET: only SET is recorded; when launching with -f, a seccomp filter
# keeps untraced syscalls from stopping the program (bookkeeping calls such as
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

# The filter really is in the kernel: the program's status shows it (the
# ptrace backend's seccomp prefilter, with -f; without -f there is none,
# tests/record/test_filter_children.sh; bpf filters in its own programs).
rn-record -q --backend=ptrace -f -o s.rn -e trace=openat -- grep -c '^Seccomp:.*2' /proc/self/status >seccomp.txt
assert_eq "$(cat seccomp.txt)" 1 "seccomp filter mode in the tracee"
"$DUMP" s.rn >s.txt
assert_match "$(awk '$1 == "S" && $4 == "openat"' s.txt | tail -n 1)" "openat 3 0 " "openat recorded"
assert_eq "$(awk '$1 == "S" && $4 == "read"' s.txt | wc -l)" 0 "read not recorded"

# trace=none records no syscall but still the process events.
rn-record -q -o n.rn -e trace=none -- /bin/true
"$DUMP" n.rn >n.txt
assert_eq "$(awk '$1 == "S" && int($6 / 8) % 2 == 0' n.txt | wc -l)" 0 "syscalls with trace=none"
assert_eq "$(awk '$1 == "P" && $2 == 5' n.txt | wc -l)" 1 "exit event with trace=none"
# A class: %file keeps openat (and execve) but none of write/pread64/close.
rn-record -q -o c.rn -e trace=%file -- "$PROGS/fileio" 50
"$DUMP" c.rn >c.txt
assert_eq "$(awk '$1 == "S" && $4 == "openat"' c.txt | grep -c ' 1:1:10:10:0')" 50 "openat of fileio.tmp"
assert_eq "$(awk '$1 == "S" && ($4 == "write" || $4 == "pread64" || $4 == "close")' c.txt | wc -l)" 0 "desc calls"

# -p under ptrace: no seccomp filter can be installed, the recorder filters
# itself (test_bpf_attach.sh has the bpf backend's, filtered in the kernel).
"$PROGS/threads" 2 1000000000 &
target=$!
sleep 0.2
rn-record -q --backend=ptrace -o p.rn -e trace=getppid -p $target &
rec=$!
sleep 0.5
kill -INT $rec
wait $rec || fail "rn-record -p exited $?"
kill $target
wait $target 2>/dev/null || true
"$DUMP" p.rn >p.txt
[ "$(count_sc p.txt getppid)" -gt 10 ] || fail "getppid not recorded with -p -e"
assert_eq "$(awk '$1 == "S" && $4 != "getppid" && int($6 / 8) % 2 == 0' p.txt | wc -l)" 0 "other calls with -p -e"
echo "filter ok"
