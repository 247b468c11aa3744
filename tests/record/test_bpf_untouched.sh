# A failed call whose string lives in a page the program never touched
# (tests/record/progs/untouched.c: openat(AT_FDCWD, path, O_RDONLY|O_TMPFILE)
# fails with EINVAL before the kernel reads the path). strace and the ptrace
# backend read it with process_vm_readv, which faults the page in, and print
# the string; the bpf backend cannot fault a page in on this kernel
# (docs/recording.md, "Strings in pages the program never touched"): it
# prints the address, the capture marked unreadable, never a wrong or an
# empty string. The same call once the page is touched shows the string
# with every backend.
. "$RN_ROOT/tests/lib.sh"
. "$RN_ROOT/tests/record/common.sh"
need_bpf
need_cmd strace

P=$PROGS/untouched
str='"/nonexistent/rn-untouched-page"'
line() { # the openat line with $1 as its path
	printf 'openat(AT_FDCWD, %s, O_RDONLY|O_TMPFILE, 000) = -1 EINVAL (Invalid argument)\n' "$1"
}
strace -qq -e trace=openat -o u.strace "$P" >u.s.out || fail "untouched failed under strace"
grep -F 'O_TMPFILE' u.strace >u.s.txt || true
{ line "$str" && line "$str"; } >u.want
diff u.want u.s.txt >&2 || fail "strace's lines are not the expected ones"

for b in ptrace bpf; do
	rn-record -q --backend="$b" -o "u.$b.rn" -- "$P" >"u.$b.out" ||
		fail "untouched failed under rn-record --backend=$b"
	rn-replay -e trace=openat "u.$b.rn" | grep -F 'O_TMPFILE' >"u.$b.txt" || true
done
diff u.s.txt u.ptrace.txt >&2 || fail "ptrace backend: not strace's lines"

addr=$(cat u.bpf.out)
assert_match "$addr" '^0x[0-9a-f]+$' "the mapping's address"
{ line "$addr" && line "$str"; } >u.bwant
diff u.bwant u.bpf.txt >&2 || fail "bpf backend: not the address, then the string"
# In the trace: the first openat's path capture unreadable (flag 4, no
# bytes), the second one's the 30 bytes of the path.
"$DUMP" u.bpf.rn | awk '$1 == "S" && $4 == "openat" && $5 == -22 { print $9, $10 }' >u.caps
printf '1 1:1:0:0:4\n1 1:1:30:30:0\n' >u.capwant
diff u.capwant u.caps >&2 || fail "bpf backend: path captures not marked as expected"
