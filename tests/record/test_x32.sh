# x32 calls (numbers with __X32_SYSCALL_BIT, 0x40000000) from a 64-bit
# program (tests/record/progs/x32calls.c): this kernel has no x32 ABI and
# answers ENOSYS, strace names them by the x32 table in x32 mode. Both
# backends must record them as x32 calls (Syscall.flags COMPAT | X32, no
# memory read through x86_64 layouts) and rn-replay print every line as
# strace does: x32's ioctl (514) as ioctl, x86_64's ioctl number (16) as
# ioctl#64 with raw registers, pointers as addresses; -e trace= by x32
# name at record time.
. "$RN_ROOT/tests/lib.sh"
. "$RN_ROOT/tests/record/common.sh"
[ "$(uname -m)" = x86_64 ] || skip "x32 numbers exist on x86_64 only"
need_cmd strace
P="$RN_BUILD/tests/record/progs/x32calls"
norm() {
	sed -E 's/0x[0-9a-f]{5,}/ADDR/g; s/^(set_tid_address\(ADDR\) += )[0-9]+$/\1PID/' "$1"
}
strace -o s.txt "$P" >s.out || fail "x32calls failed under strace"
norm s.txt >want
grep -q '^ioctl(1, TCGETS, NULL) ' want && grep -q '^ioctl#64(0x1, 0x5401, 0) ' want ||
	fail "strace's lines are not the expected ones"
strace -f -qq -e trace=ioctl,getpid -o sf.txt "$P" >/dev/null || fail "strace -e failed"
sed -E 's/^[0-9]+ +//' sf.txt >wantf

backends=$(record_backends test_x32)
for b in $backends; do
	rn-record -q --backend="$b" -o "$b.rn" -- "$P" >"$b.out" || fail "$b: x32calls failed"
	cmp s.out "$b.out" || fail "$b: the program's output differs"
	rn-replay -o "$b.txt" "$b.rn" 2>"$b.err" || fail "$b: rn-replay failed"
	[ ! -s "$b.err" ] || { cat "$b.err" >&2; fail "$b: rn-replay warned"; }
	norm "$b.txt" >"$b.got"
	diff want "$b.got" >&2 || fail "$b: lines differ from strace's"
	rn-record -q -f -e trace=ioctl,getpid --backend="$b" -o "$b.f.rn" -- "$P" >/dev/null ||
		fail "$b: -e failed"
	rn-replay -f -qq -o "$b.f.txt" "$b.f.rn" || fail "$b: rn-replay -f failed"
	sed -E 's/^[0-9]+ +//' "$b.f.txt" >"$b.fgot"
	diff wantf "$b.fgot" >&2 || fail "$b: -e trace=ioctl,getpid differs from strace's"
done
