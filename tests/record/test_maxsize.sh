# --max-size: a flight recorder keeping the newest events within SIZE; what
# was dropped is accounted for by a Loss event (RN_LOSS_FLIGHT_WINDOW).
. "$RN_ROOT/tests/lib.sh"
. "$RN_ROOT/tests/record/common.sh"

# --clock-res=1: times kept to the ns, ~3.3 bytes a call (at the default 1 us
# the whole loop would be ~150 KB and fit the window)
rn-record -q --max-size 256K --clock-res=1 -o fl.rn -- "$PROGS/loop" 250000
size=$(stat -c %s fl.rn)
[ "$size" -le 262144 ] || fail "trace is $size bytes, over --max-size 256K"
[ ! -e fl.rn.seg0 ] && [ ! -e fl.rn.seg1 ] || fail "segments left behind"
"$DUMP" fl.rn >fl.txt
loss=$(awk '$1 == "L" && $2 == 4 { print $3 }' fl.txt)
[ -n "$loss" ] || fail "no flight-window Loss event"
kept=$(count_sc fl.txt getppid)
[ "$kept" -gt 1000 ] || fail "only $kept getppid kept"
total=$((kept + loss))
# Dropped events are all getppid here, except the few startup calls.
[ "$total" -ge 250000 ] && [ "$total" -le 250100 ] || fail "kept $kept + dropped $loss != 250000"
assert_match "$(tail -n 2 fl.txt | head -n 1)" "^S [0-9]+ [0-9]+ exit_group 0 1 " "newest events kept"
# A short run under the limit is kept whole, without a Loss event.
rn-record -q --max-size 1M -o sh.rn -- "$PROGS/loop" 100
"$DUMP" sh.rn >sh.txt
assert_eq "$(count_sc sh.txt getppid)" 100 "short run"
assert_eq "$(awk '$1 == "L"' sh.txt | wc -l)" 0 "loss events of a short run"
echo "max-size ok"
