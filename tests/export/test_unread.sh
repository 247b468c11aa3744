#!/bin/sh
# Rule 2: captures rn could not read are said first, with the count, by
# every rn-export output that shows arguments: a stderr line before the
# data (json, csv, chrome, otlp-json), and in the data where it has a place
# (json's header record, chrome's otherData, the OTLP resource). The trace:
# rnfmt unread (two counted among five flagged captures: not an EFAULT
# call's, not a --stack capture).
. "$RN_ROOT/tests/lib.sh"
"$RN_BUILD/tests/format/rnfmt" unread s.rn || fail "rnfmt unread"
"$RN_BUILD/tests/format/rnfmt" tiny w.rn || fail "rnfmt tiny"
warn="rn-export: s.rn: warning: 2 captured arguments could not be read while recording; what follows lacks their contents"
for cmd in json csv chrome otlp-json; do
	rn-export $cmd s.rn >"s.$cmd" 2>"s.$cmd.err" || fail "$cmd failed"
	assert_eq "$(cat "s.$cmd.err")" "$warn" "$cmd: stderr"
	rn-export $cmd s.rn >both.txt 2>&1
	assert_eq "$(head -n 1 both.txt)" "$warn" "$cmd: the warning before the data"
	rn-export $cmd w.rn 2>"w.$cmd.err" >/dev/null || fail "$cmd failed on a whole trace"
	assert_eq "$(cat "w.$cmd.err")" "" "$cmd: nothing said on a whole trace"
done
assert_eq "$(head -n 1 s.json | python3 -c 'import json,sys; d=json.loads(sys.stdin.readline()); print(list(d)[:4], d["unread_captures"])')" \
	"['type', 'lost_events', 'damage', 'unread_captures'] 2" "json: the header"
assert_eq "$(rn-export json w.rn 2>/dev/null | head -n 1 | python3 -c 'import json,sys; print(json.loads(sys.stdin.readline())["unread_captures"])')" \
	"0" "json: a whole trace's header"
python3 - <<'PY' || fail "chrome: otherData"
import json
d = json.load(open("s.chrome"))
o = d["otherData"]
assert o["rn.unread_captures"] == 2, o
assert o["rn.unread"].startswith("warning: 2 captured arguments could not be read"), o
PY
assert_eq "$(head -n 1 s.otlp-json | python3 -c 'import json,sys; a=json.loads(sys.stdin.readline())["resourceSpans"][0]["resource"]["attributes"]; print(a[1]["key"], a[1]["value"]["intValue"])')" \
	"rn.trace.unread_captures 2" "otlp-json: the resource's attribute"
# folded shows stacks, no argument: nothing to say
rn-export folded s.rn >/dev/null 2>f.err || true
assert_eq "$(grep -c 'could not be read' f.err)" 0 "folded"
echo ok
