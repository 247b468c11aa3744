#!/bin/sh
# functions and graph: exact figures on a synthetic trace written with the
# format library (main -> work x1000 -> leaf), then a real --functions
# recording of a -finstrument-functions program, symbolized from its
# mappings.
. "$RN_ROOT/tests/lib.sh"
"$RN_BUILD/tests/analyze/gen_trace" syn.rn funcs 1000 1
rn-analyze functions --csv syn.rn >f.csv
# work: 1000 calls of 900 ns (200 + 300 + 400), self 600; leaf 300 each;
# main: 1000 * 1000 + 50 ns, self 1000 * 100 + 50.
assert_eq "$(sed -n 2p f.csv)" "0x401000,1,1000050,100050,1000050,1000050,1000050" "main"
assert_eq "$(sed -n 3p f.csv)" "0x401100,1000,900000,600000,900,900,900" "work"
assert_eq "$(sed -n 4p f.csv)" "0x401200,1000,300000,300000,300,300,300" "leaf"
rn-analyze graph --json syn.rn >g.json
python3 - <<'PY' || fail "graph JSON"
import json
g = json.load(open("g.json"))["graph"]
assert len(g) == 1 and g[0]["function"] == "0x401000" and g[0]["total_ns"] == 1000050
w = g[0]["children"][0]
assert w["calls"] == 1000 and w["total_ns"] == 900000
assert w["children"][0]["calls"] == 1000 and w["children"][0]["total_ns"] == 300000
PY
# No function events: a clear error.
"$RN_BUILD/tests/analyze/gen_trace" sc.rn mix 10 1 >/dev/null
assert_exit 1 rn-analyze functions sc.rn 2>err
assert_match "$(cat err)" 'no function events'

# A real recording.
cc -g -O1 -finstrument-functions -o app "$RN_ROOT/tests/analyze/funcs_app.c" || fail "cc"
rn-record -q --functions -o real.rn -- ./app >/dev/null || fail "record --functions"
rn-analyze functions --csv real.rn >r.csv
grep -q '^main,1,' r.csv || fail "main: $(cat r.csv)"
grep -q '^work,1000,' r.csv || fail "work: $(cat r.csv)"
grep -q '^leaf,2000,' r.csv || fail "leaf: $(cat r.csv)"
# Inclusive times nest: main >= work >= leaf, and self <= total.
awk -F, 'NR > 1 { t[$1] = $3; if ($4 > $3) bad = 1 } END { exit !(t["main"] >= t["work"] && t["work"] >= t["leaf"] && !bad) }' r.csv ||
	fail "times do not nest: $(cat r.csv)"
rn-analyze graph real.rn >g.txt
assert_match "$(sed -n 2p g.txt)" ': \(1\) main$'
assert_match "$(sed -n 3p g.txt)" ': └─\(1000\) work$'
assert_match "$(sed -n 4p g.txt)" ':   └─\(2000\) leaf$'
# Recursion 2001 deep: every call counted, the time once (rec's total
# cannot exceed main's), and the tree printed without running out of stack.
cc -g -O1 -finstrument-functions -o rec "$RN_ROOT/tests/analyze/funcs_rec.c" || fail "cc rec"
rn-record -q --functions -o rec.rn -- ./rec >/dev/null || fail "record rec"
rn-analyze functions --csv rec.rn >rec.csv
grep -q '^rec,2001,' rec.csv || fail "rec calls: $(cat rec.csv)"
awk -F, '{ t[$1] = $3 } END { exit !(t["rec"] <= t["main"]) }' rec.csv || fail "recursion counted twice: $(cat rec.csv)"
rn-analyze graph rec.rn >rg.txt || fail "graph of a deep recursion"
[ "$(wc -l <rg.txt)" -ge 2000 ] || fail "graph too short"
echo ok
