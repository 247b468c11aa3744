#!/bin/sh
# anomalies: three reads made 10000x slower in a synthetic trace are the
# outliers found (median/MAD robust z), highest first, with their decoded
# call; uniform noise is not flagged; --threshold and --top work.
. "$RN_ROOT/tests/lib.sh"
"$RN_BUILD/tests/analyze/gen_trace" o.rn outlier 3000 4 >truth.txt
rn-analyze anomalies --json o.rn >a.json
python3 - <<'PY' || fail "anomalies JSON"
import json, re
d = json.load(open("a.json"))
o = d["outliers"]
assert d["method"] == "median-mad" and d["threshold"] == 3.5
assert [x["duration_ns"] for x in o] == [50002250, 50001500, 50000750], o
assert all(x["syscall"] == "read" and re.match(r"read\(3(<[^>]*>)?, ", x["call"]) for x in o), o
assert all(x["z"] > 1000 for x in o)
PY
# The times are relative to the trace start and match the generator's.
want=$(awk '$5 == 50000750 { printf "%.6f", ($4 - 1000000000) / 1e9 }' truth.txt)
rn-analyze anomalies o.rn >a.txt
grep -q "^ *$want s  pid [0-9]* tid [0-9]*  read took 50ms" a.txt || {
	cat a.txt
	fail "text output lacks the outlier at $want s"
}
assert_eq "$(rn-analyze anomalies --top 1 --json o.rn | grep -c duration_ns)" 1 "--top 1"
# Uniform noise only (mix has no spikes but one 5 s call): just that call.
"$RN_BUILD/tests/analyze/gen_trace" m.rn mix 3000 4 >/dev/null
n=$(rn-analyze anomalies --json m.rn | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["outliers"]))')
assert_eq "$n" 1 "outliers in uniform noise"
# A lower threshold flags more.
n=$(rn-analyze anomalies --threshold 1.2 --top 1000 --json m.rn | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["outliers"]))')
[ "$n" -gt 1 ] || fail "--threshold 1.2 found $n"
echo ok
