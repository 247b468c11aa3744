#!/bin/sh
# Rule 2: rn-export says what was lost and what was damaged first: json's
# header record (the first line) carries lost_events and damage; chrome
# opens with otherData and its first event is the loss; otlp-json's resource
# opens with rn.trace.lost_events (and rn.trace.damage); csv, json and
# otlp-json say both on stderr before writing anything. Real traces: a
# flight-recorder trace (--max-size) and a cut file.
. "$RN_ROOT/tests/lib.sh"
rn-record --max-size 256K -o f.rn -- find /usr/share -maxdepth 3 >/dev/null 2>/dev/null
n=$(rn-replay f.rn 2>/dev/null | awk '/\+\+\+ rn: [0-9]+ events lost: / { for (i = 1; i <= NF; i++) if ($i == "rn:") c += $(i + 1) } END { print c + 0 }')
[ "$n" -gt 0 ] || fail "a 256K flight window lost nothing"
warn="rn-export: f.rn: warning: $n events were lost while recording ($n: older than the flight-recorder window); what follows is incomplete"

rn-export json f.rn >f.json 2>f.err
assert_eq "$(head -n 1 f.json | python3 -c 'import json,sys; d=json.loads(sys.stdin.readline()); print(list(d)[:3], d["lost_events"], d["damage"])')" \
	"['type', 'lost_events', 'damage'] $n None" "json: the header's first keys"
assert_eq "$(cat f.err)" "$warn" "json: stderr"
# stderr comes before stdout: both to one file, the warning is its first line
rn-export json f.rn >both.txt 2>&1
assert_eq "$(head -n 1 both.txt)" "$warn" "json: the warning before the first record"
rn-export csv f.rn >both.txt 2>&1
assert_eq "$(head -n 1 both.txt)" "$warn" "csv: the warning before the header"
assert_match "$(sed -n 2p both.txt)" '^start_unix_ns,' "csv: then the header"

rn-export chrome f.rn -o f.chrome.json 2>/dev/null
python3 - "$n" <<'PY' || fail "chrome: the loss is not first"
import json, sys
n = int(sys.argv[1])
d = json.load(open("f.chrome.json"))
assert list(d)[0] == "otherData", list(d)
assert d["otherData"]["rn.lost_events"] == n, d["otherData"]
e = d["traceEvents"][0]
assert e["cat"] == "loss" and e["ph"] == "i" and ("warning: %d events were lost" % n) in e["name"], e
PY

rn-export otlp-json f.rn >f.otlp 2>f.err
assert_eq "$(cat f.err)" "$warn" "otlp-json: stderr"
assert_eq "$(head -n 1 f.otlp | python3 -c 'import json,sys; a=json.loads(sys.stdin.readline())["resourceSpans"][0]["resource"]["attributes"][0]; print(a["key"], a["value"]["intValue"])')" \
	"rn.trace.lost_events $n" "otlp-json: the resource's first attribute"

# A cut file: the damage first (stderr) and in the first record/attributes.
size=$(stat -c %s f.rn)
head -c $((size * 2 / 3)) f.rn >cut.rn
assert_exit 1 sh -c 'rn-export json cut.rn >cut.json 2>cut.err'
assert_match "$(head -n 1 cut.err)" '^rn-export: cut\.rn: (warning: [0-9]+ events were lost|recovered [0-9]+ chunks)' "json: stderr first line on a cut file"
grep -q '^rn-export: cut\.rn: recovered [0-9]* chunks .*cut short$' cut.err || fail "json: no damage line"
assert_eq "$(grep -c 'recovered' cut.err)" 1 "json: the damage line once"
assert_match "$(head -n 1 cut.json | python3 -c 'import json,sys; print(json.loads(sys.stdin.readline())["damage"])')" \
	'^recovered [0-9]+ chunks \([0-9]+ events\); .*cut short$' "json: the header's damage"
assert_exit 1 sh -c 'rn-export otlp-json cut.rn >cut.otlp 2>/dev/null'
assert_eq "$(head -n 1 cut.otlp | python3 -c 'import json,sys; a=json.loads(sys.stdin.readline())["resourceSpans"][0]["resource"]["attributes"]; print(a[0]["key"], a[1]["key"])')" \
	"rn.trace.lost_events rn.trace.damage" "otlp-json: the damage attribute"
echo ok
