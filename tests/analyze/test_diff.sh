#!/bin/sh
# diff on synthetic traces: identical traces show no change; read made 3x
# slower is the one significant change; --fail-on thresholds decide the exit
# status; JSON parses and carries the verdict.
. "$RN_ROOT/tests/lib.sh"
GEN="$RN_BUILD/tests/analyze/gen_trace"
"$GEN" a.rn mix 4000 5 >/dev/null
"$GEN" b.rn shift 4000 5 >/dev/null
"$GEN" c.rn mix 4000 5 >/dev/null

rn-analyze diff a.rn c.rn >same.txt || fail "diff of equal traces failed"
assert_match "$(tail -n 1 same.txt)" '^verdict: about the same: .* 0 keys with a significant'

rn-analyze diff a.rn b.rn >shift.txt || fail "diff without --fail-on must exit 0"
assert_match "$(tail -n 1 shift.txt)" '1 key with a significant latency change .*; read slower'
assert_match "$(grep '^read ' shift.txt)" ' \*$' "read marked significant"
assert_match "$(grep '^write ' shift.txt)" ' 1$' "write unchanged (p = 1)"

assert_exit 1 rn-analyze diff --fail-on 'p50:read>+50%' a.rn b.rn 2>err
assert_match "$(cat err)" "^rn-analyze: fail-on 'p50:read>\+50%': read p50 "
assert_exit 0 rn-analyze diff --fail-on 'p50:write>+50%' --fail-on 'calls:openat>+0' a.rn b.rn
assert_exit 0 rn-analyze diff --fail-on 'total>+10%' a.rn b.rn
assert_exit 1 rn-analyze diff --fail-on 'total<-0%' --fail-on 'calls>+0' b.rn a.rn 2>/dev/null
assert_exit 2 rn-analyze diff --fail-on 'bogus' a.rn b.rn 2>/dev/null
assert_exit 2 rn-analyze diff --fail-on 'calls:read=3' a.rn b.rn 2>/dev/null

rn-analyze diff --json a.rn b.rn >d.json
python3 - <<'PY' || fail "diff JSON"
import json
d = json.load(open("d.json"))
assert d["test"] == "mann-whitney-u"
rows = {r["syscall"]: r for r in d["rows"]}
assert rows["read"]["significant"] is True and rows["read"]["p_value"] < 1e-6, rows["read"]
assert rows["write"]["significant"] is False
assert rows["read"]["after"]["p50_ns"] > 2 * rows["read"]["before"]["p50_ns"]
assert d["total"]["before"]["calls"] == 4000
PY
echo ok
