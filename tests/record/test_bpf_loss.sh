# Drops with the bpf backend are counted, never silent: with a tiny ring
# (--bpf-buffer 64K) the loop of getppid() calls loses records; the Loss
# events in the trace, added to the calls recorded, equal the calls the
# program made (a run with the default ring, which must lose nothing).
. "$RN_ROOT/tests/lib.sh"
. "$RN_ROOT/tests/record/common.sh"
need_bpf

# calls DUMP: syscalls recorded whole, plus exit_group (which never returns).
calls() {
	awk '$1 == "S" && (int($6) % 2 == 0 || $4 == "exit_group") { c++ } END { print c + 0 }' "$1"
}
losses() {
	awk '$1 == "L" { c += $3 } END { print c + 0 }' "$1"
}

rn-record --backend=bpf -o full.rn -- "$PROGS/loop" 100000 2>full.err
"$DUMP" full.rn >full.txt
assert_eq "$(losses full.txt)" 0 "losses at the default ring size"
[ ! -s full.err ] || fail "messages without losses: $(cat full.err)"
total=$(calls full.txt)
assert_eq "$(count_sc full.txt getppid)" 100000 "getppid calls at the default ring size"

rn-record --backend=bpf --bpf-buffer 64K -o tiny.rn -- "$PROGS/loop" 100000 2>tiny.err
"$DUMP" tiny.rn >tiny.txt
line=$(tail -n 1 tiny.err)
assert_match "$line" "^rn-record: lost [0-9]+ syscalls and [0-9]+ process events" "last line"
lost=$(echo "$line" | awk '{ print $3 }')
lostp=$(echo "$line" | awk '{ print $6 }')
[ "$lost" -gt 0 ] || fail "a 64K ring lost nothing"
assert_eq "$(losses tiny.txt)" "$((lost + lostp))" "Loss events in the trace"
got=$(calls tiny.txt)
assert_eq "$((got + lost))" "$total" "recorded ($got) + lost ($lost)"
rn-replay tiny.rn >tiny.out 2>&1
grep -q "events lost" tiny.out || fail "rn-replay does not show the losses"
echo "bpf losses: $got recorded + $lost lost = $total"

# A full ring loses calls, never the events that give the trace its shape:
# each ring keeps room for process events and signals, and the kind of a
# fork comes from the child, not from the parent's clone entry (lost with
# the calls). 6 threads x 20000 getppid and 10 brief threads.
rn-record --backend=bpf --bpf-buffer 64K -f -o shape.rn -- "$PROGS/threads" 6 20000 10 2>shape.err
"$DUMP" shape.rn >shape.txt
line=$(tail -n 1 shape.err)
assert_match "$line" "^rn-record: lost [0-9]+ syscalls and 0 process events" "calls lost, process events kept"
[ "$(echo "$line" | awk '{ print $3 }')" -gt 0 ] || fail "a 64K ring lost no calls of 120000"
assert_eq "$(awk '$1 == "P" && $2 == 3' shape.txt | wc -l)" 16 "clone events under loss"
assert_eq "$(awk '$1 == "P" && $2 == 1' shape.txt | wc -l)" 0 "fork events under loss"
assert_eq "$(awk '$1 == "P" && $2 == 9' shape.txt | wc -l)" 16 "thread exits under loss"
assert_eq "$(awk '$1 == "P" && $2 == 5 && $6 == 0' shape.txt | wc -l)" 1 "process exit under loss"
echo "shape kept under loss"
