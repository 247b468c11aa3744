#!/bin/sh
# Rule 2: what was lost or damaged is said before the first line of output,
# with the count: on a real flight-recorder trace (--max-size, events older
# than the window dropped), on a cut file, and (when bpf works) on a trace
# whose tiny ring lost records in the middle of the run.
. "$RN_ROOT/tests/lib.sh"

# inline_lost FILE: the counts of the "+++ rn: N events lost: ... +++" lines.
inline_lost() {
	awk '/\+\+\+ rn: [0-9]+ events lost: / { for (i = 1; i <= NF; i++) if ($i == "rn:") c += $(i + 1) } END { print c + 0 }' "$1"
}

rn-record --max-size 256K -o f.rn -- find /usr/share -maxdepth 3 >/dev/null 2>f.err
rn-replay f.rn >f.out 2>&1
first=$(head -n 1 f.out)
assert_match "$first" '^rn-replay: f\.rn: warning: [0-9]+ events were lost while recording \([0-9]+: older than the flight-recorder window\); what follows is incomplete$' "first line"
n=$(echo "$first" | awk '{ print $4 }')
[ "$n" -gt 0 ] || fail "a 256K flight window lost nothing"
assert_eq "$(inline_lost f.out)" "$n" "the warning's count against the Loss lines"
# -o FILE: the file holds the calls; the warning still comes first (stderr).
rn-replay -o f.txt f.rn 2>f.err2
assert_eq "$(cat f.err2)" "$first" "stderr with -o"

# A cut file: the damage line first, once; exit 1.
rn-record -o w.rn -- find /usr/share -maxdepth 2 >/dev/null 2>/dev/null
size=$(stat -c %s w.rn)
head -c $((size * 2 / 3)) w.rn >cut.rn
assert_exit 1 sh -c 'rn-replay cut.rn >cut.out 2>&1'
assert_match "$(head -n 1 cut.out)" '^rn-replay: cut\.rn: recovered [0-9]+ chunks \([0-9]+ events\); .*cut short' "first line of a cut file"
assert_eq "$(grep -c 'recovered' cut.out)" 1 "the damage line is said once"

# bpf: a 64K ring loses records mid-run; the first line says how many.
if rn-record --backend=bpf --bpf-buffer 64K -o b.rn -- find /usr/share -maxdepth 3 >/dev/null 2>b.err; then
	rn-replay b.rn >b.out 2>&1
	first=$(head -n 1 b.out)
	assert_match "$first" '^rn-replay: b\.rn: warning: [0-9]+ events were lost while recording \(.*\); what follows is incomplete$' "first line (bpf)"
	assert_eq "$(inline_lost b.out)" "$(echo "$first" | awk '{ print $4 }')" "bpf: the warning's count"
	# the losses fall in the middle: the first inline Loss line is not line 2
	at=$(grep -n '+++ rn: [0-9]* events lost' b.out | head -n 1 | cut -d: -f1)
	[ "$at" -gt 2 ] || echo "note: the bpf losses fell at the start this time"
else
	echo "bpf backend unavailable: $(tail -n 1 b.err)"
fi
echo ok
