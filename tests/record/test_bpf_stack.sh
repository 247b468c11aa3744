# --stack with --backend=bpf: the registers and stack bytes copied in BPF at
# syscall entry equal /proc/PID/mem while the call is blocked, as with
# ptrace (stack_mem.sh); a stack that ends above SP is a short read marked
# TRUNCATED, up to the last page the kernel already had (bpf never faults a
# page in: ptrace reads the untouched page as zeros), and an SP in unmapped
# memory gives an UNREADABLE capture; stack records that do not fit the ring
# are reported, one Loss event per call without its stack.
. "$RN_ROOT/tests/lib.sh"
need_cmd python3
. "$RN_ROOT/tests/record/common.sh"
need_bpf
[ "$(uname -m)" = x86_64 ] || skip "register layout checked for x86_64 only"

. "$RN_ROOT/tests/record/stack_mem.sh"
check_stack_mem bpf
rn-record -q --backend=bpf -o ns.rn -- /bin/true
"$DUMP" ns.rn | awk '$1 == "S"' | grep -q ' 6:255:' && fail "stack captured without --stack"

# Short reads. shortstack's first getppid runs on page A (its end printed),
# with page B untouched above it and page C PROT_NONE; the second with SP in
# unmapped memory.
for be in bpf ptrace; do
	rn-record -q --backend=$be --stack -o short.$be.rn -- "$PROGS/shortstack" >short.$be.out ||
		fail "$be: shortstack failed"
	"$DUMP" -x short.$be.rn | awk '$1 == "S" && $4 == "getppid"' | tr ' ' '\n' |
		grep '^6:255:' >short.$be.caps
	assert_eq "$(wc -l <short.$be.caps)" 2 "$be: two getppid stacks"
done
a_end=$(awk '$1 == "A_end" { print $2 }' short.bpf.out)
sp=$(head -n 1 short.bpf.caps | cut -d: -f6)
want=$(python3 -c "print(0x$a_end - 0x$sp)")
[ "$want" -gt 0 ] && [ "$want" -lt 4096 ] || fail "SP $sp not below A's end $a_end"
assert_match "$(head -n 1 short.bpf.caps)" "^6:255:$want:8192:2:$sp:" "bpf: short read up to A's end, TRUNCATED"
c=$(awk '$1 == "C" { print $2 }' short.ptrace.out)
sp=$(head -n 1 short.ptrace.caps | cut -d: -f6)
want=$(python3 -c "print(0x$c - 0x$sp)")
assert_match "$(head -n 1 short.ptrace.caps)" "^6:255:$want:8192:2:$sp:" "ptrace: A and B read, TRUNCATED at C"
for be in bpf ptrace; do
	assert_match "$(sed -n 2p short.$be.caps)" "^6:255:0:8192:4:1000:$" "$be: SP unmapped, UNREADABLE"
done

# A ring too small for the stack records: each call left without its stack
# is one Loss event (RN_LOSS_LIMIT) and the last line counts them; the calls
# themselves are all there.
rn-record --backend=bpf --bpf-buffer 64K --stack=65528 -o tiny.rn -- /bin/true 2>tiny.err
"$DUMP" tiny.rn >tiny.txt
nostack=$(awk '$1 == "S" && int($6 / 16) % 2 == 0 && int($6 / 8) % 2 == 0' tiny.txt | wc -l)
lost=$(awk '$1 == "L" && $2 == 5 { n += $3 } END { print n + 0 }' tiny.txt)
[ "$nostack" -gt 0 ] || fail "every call kept its stack in a 64K ring"
assert_eq "$lost" "$nostack" "Loss events for the calls without a stack"
assert_eq "$(tail -n 1 tiny.err)" "rn-record: $nostack calls recorded without their stack (BPF ring buffer busy: raise --bpf-buffer or lower --stack)" "last line"
# No syscall is lost for the stacks' sake: half the ring stays theirs.
grep -q "lost [1-9]" tiny.err && fail "syscalls lost to stacks: $(cat tiny.err)"
echo "bpf stack ok"
