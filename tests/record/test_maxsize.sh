# --max-size: a flight recorder keeping the newest events within SIZE; what
# was dropped is accounted for by a Loss event (RN_LOSS_FLIGHT_WINDOW).
. "$RN_ROOT/tests/lib.sh"
. "$RN_ROOT/tests/record/common.sh"

# --clock-res=1: times kept to the ns, 1-4 bytes a call (at the default 1 us
# the whole loop would be ~150 KB and fit the window). With bpf, a ring that
# holds the whole run (~128 bytes a call, 128M a CPU): with the default 16M a recorder
# that did not get a CPU for long enough (a loaded machine, a sanitizer)
# lost the newest calls to the full ring, the final exit_group among them,
# and what was left fitted the window (seen with the recorder stopped for
# 3 s: 119k calls lost to the ring, no window Loss, no exit_group).
# Under bpf the calls come so regularly that zstd packs them to ~0.5-0.7 bytes
# each (250k calls were 131-170 KB, and fitted the window in one CI run), so
# bpf runs 1M calls (485-643 KB); under ptrace 250k calls are ~1 MB.
big=""
n=250000
if [ "$(id -u)" = 0 ] && [ -r /sys/kernel/btf/vmlinux ]; then
	big="--bpf-buffer 128M"
	n=1000000
fi
# shellcheck disable=SC2086
rn-record -q $big --max-size 256K --clock-res=1 -o fl.rn -- "$PROGS/loop" $n
size=$(stat -c %s fl.rn)
[ "$size" -le 262144 ] || fail "trace is $size bytes, over --max-size 256K"
[ ! -e fl.rn.seg0 ] && [ ! -e fl.rn.seg1 ] || fail "segments left behind"
"$DUMP" fl.rn >fl.txt
loss=$(awk '$1 == "L" && $2 == 4 { print $3 }' fl.txt)
[ -n "$loss" ] || fail "no flight-window Loss event"
kept=$(count_sc fl.txt getppid)
[ "$kept" -gt 1000 ] || fail "only $kept getppid kept"
# Calls a full BPF ring lost (a recorder slowed down by a sanitizer on a
# loaded machine: RN_LOSS_BUFFER_FULL) are counted too, not only the window's.
ring=$(awk '$1 == "L" && $2 == 3 { c += $3 } END { print c + 0 }' fl.txt)
total=$((kept + loss + ring))
# Dropped events are all getppid here, except the few startup calls.
[ "$total" -ge "$n" ] && [ "$total" -le $((n + 100)) ] ||
	fail "kept $kept + dropped $loss + lost to a full ring $ring != $n"
assert_match "$(tail -n 2 fl.txt | head -n 1)" "^S [0-9]+ [0-9]+ exit_group 0 1 " "newest events kept"
# Calls lost to a full BPF ring in a segment the window drops stay counted:
# a 64K ring loses most of 3M calls, the window drops the older of what is
# left, and both Loss events together with what is kept make the 3M calls
# (the window once counted a dropped Loss event as one event, not its count).
if [ "$(id -u)" = 0 ] && [ -r /sys/kernel/btf/vmlinux ]; then
	rn-record -q --backend=bpf --bpf-buffer 64K --max-size 256K --clock-res=1 -o both.rn -- \
		"$PROGS/loop" 3000000
	"$DUMP" both.rn >both.txt
	ring=$(awk '$1 == "L" && $2 == 3 { c += $3 } END { print c + 0 }' both.txt)
	win=$(awk '$1 == "L" && $2 == 4 { c += $3 } END { print c + 0 }' both.txt)
	kept=$(count_sc both.txt getppid)
	[ "$ring" -gt 0 ] && [ "$win" -gt 0 ] || fail "no ring ($ring) or window ($win) losses"
	total=$((kept + ring + win))
	[ "$total" -ge 3000000 ] && [ "$total" -le 3000100 ] ||
		fail "kept $kept + lost to the ring $ring + dropped $win != 3000000"
fi
# A short run under the limit is kept whole, without a Loss event.
rn-record -q --max-size 1M -o sh.rn -- "$PROGS/loop" 100
"$DUMP" sh.rn >sh.txt
assert_eq "$(count_sc sh.txt getppid)" 100 "short run"
assert_eq "$(awk '$1 == "L"' sh.txt | wc -l)" 0 "loss events of a short run"
echo "max-size ok"
