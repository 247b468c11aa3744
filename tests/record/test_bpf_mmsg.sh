# sendmmsg/recvmmsg vectors under the bpf backend (record/bpf/rn_bpf_mmsg.h,
# tests/record/progs/mmsgcap.c: messages of one iovec, three captures each):
# with no element (an empty vector capture, as ptrace stores) and up to 32
# the same lines as the ptrace backend (rn-replay -v, addresses masked).
# Past that the kernel side's tail calls run out: it shows 32 and reports a
# capture loss for each call, where ptrace shows 33 with none; past 41
# ptrace's 128 captures a call are full and it shows 41 and reports the
# loss too.
. "$RN_ROOT/tests/lib.sh"
. "$RN_ROOT/tests/record/common.sh"
need_bpf

shown() { # FILE CALL: messages of CALL's vector shown
	grep "^$2(" "$1" | grep -o 'iov_base="m[0-9]*"' | wc -l | tr -d ' '
}
for n in 0 32 33 42; do
	for b in ptrace bpf; do
		rn-record -q --backend="$b" -o "m$n.$b.rn" -- "$PROGS/mmsgcap" "$n" >"m$n.$b.out" ||
			fail "mmsgcap $n failed under rn-record --backend=$b"
		assert_eq "$(cat "m$n.$b.out")" "$n $n" "mmsgcap $n's results under $b"
		rn-replay -v "m$n.$b.rn" 2>&1 | grep -E '^(send|recv)mmsg|lost' |
			sed -E 's/0x[0-9a-f]{6,}/ADDR/g' >"m$n.$b.txt"
	done
	case $n in
	0 | 32) diff "m$n.ptrace.txt" "m$n.bpf.txt" >&2 || fail "$n elements: bpf's lines are not ptrace's" ;;
	esac
	p=$((n < 41 ? n : 41))
	b=$((n < 32 ? n : 32))
	for c in sendmmsg recvmmsg; do
		assert_eq "$(shown "m$n.ptrace.txt" $c)" "$p" "$n elements: $c's messages shown (ptrace)"
		assert_eq "$(shown "m$n.bpf.txt" $c)" "$b" "$n elements: $c's messages shown (bpf)"
	done
	assert_eq "$(grep -c 'events lost: a capture limit was hit' "m$n.ptrace.txt" || true)" \
		"$((n > 41 ? 2 : 0))" "$n elements: capture losses reported (ptrace)"
	assert_eq "$(grep -c 'events lost: a capture limit was hit' "m$n.bpf.txt" || true)" \
		"$((n > 32 ? 2 : 0))" "$n elements: capture losses reported (bpf)"
done
