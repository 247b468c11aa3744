# --stack: at syscall entry, the raw registers (216 bytes on x86_64) and the
# user stack from SP upwards; the bytes must equal what /proc/PID/mem holds
# while the call is blocked. Mapping events carry ELF build-ids.
. "$RN_ROOT/tests/lib.sh"
need_cmd python3
. "$RN_ROOT/tests/record/common.sh"
[ "$(uname -m)" = x86_64 ] || skip "register layout checked for x86_64 only"

. "$RN_ROOT/tests/record/stack_mem.sh"
check_stack_mem ptrace
# Plain recording has no stacks.
rn-record -q --backend=ptrace -o ns.rn -- /bin/true
"$DUMP" ns.rn | awk '$1 == "S"' | grep -q ' 6:255:' && fail "stack captured without --stack"
echo "stack ok"
