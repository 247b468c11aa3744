#!/bin/sh
# When function events were lost (here: the user capped the ring at 64 KiB
# and told threads never to wait, --func-wait 0), every view of the function
# data says so first, with the count the trace's Loss events add up to:
# rn-record's last line, rn-analyze functions and graph (first line; JSON's
# first keys; CSV on stderr), the report's banner, rn-export chrome
# (otherData and stderr), otlp-json (the root span's attribute and stderr),
# folded (stderr). A recording that lost nothing gets none of it.
. "$RN_ROOT/tests/lib.sh"
prog="$RN_BUILD/tests/functions/prog_calls"

# (--backend=ptrace: function tracing runs with the ptrace backend only so far;
# the default, auto, would say so in a line of its own)
rn-record --backend=ptrace --functions --func-buffer 64K --func-wait 0 -e trace=none -o cap.rn -- \
	"$prog" loop 600000 >/dev/null 2>rec.err || fail "rn-record: $(cat rec.err)"
# The count, independently: rn-replay prints every Loss event.
lost=$(rn-replay cap.rn 2>/dev/null | sed -n 's/^+++ rn: \([0-9]*\) events lost.*/\1/p' |
	awk '{ s += $1 } END { print s + 0 }')
[ "$lost" -gt 0 ] || fail "expected a loss with a 64 KiB ring and no waiting, got $lost"
assert_match "$(tail -n 1 rec.err)" "^rn-record: $lost function events lost \(full rings" "rn-record's last line"

line="warning: $lost events were lost while recording ($lost: a recording ring was full); what follows is incomplete"
assert_eq "$(rn-analyze functions cap.rn | head -n 1)" "$line" "functions, first line"
assert_eq "$(rn-analyze graph cap.rn | head -n 1)" "$line" "graph, first line"
rn-analyze functions --csv cap.rn >f.csv 2>f.err
assert_eq "$(head -n 1 f.csv)" "function,calls,total_ns,self_ns,avg_ns,min_ns,max_ns" "CSV stays data"
assert_eq "$(cat f.err)" "rn-analyze: cap.rn: $line" "CSV: stderr"
rn-analyze functions --json cap.rn >f.json
rn-analyze graph --json cap.rn >g.json
python3 - "$lost" "$line" <<'PY' || fail "JSON views"
import json, sys
lost, line = int(sys.argv[1]), sys.argv[2]
for name in ("f.json", "g.json"):
    d = json.load(open(name))
    keys = list(d)
    assert keys[:2] == ["lost_events", "warning"], (name, keys)
    assert d["lost_events"] == lost and d["warning"] == line, (name, d["lost_events"])
PY
rn-analyze report cap.rn -o r.html
banner=$(grep -n 'class="lost"' r.html | cut -d: -f1)
first_table=$(grep -n '<table' r.html | head -n 1 | cut -d: -f1)
[ -n "$banner" ] && [ "$banner" -lt "$first_table" ] || fail "report: no banner before the first table"
grep -F "class=\"lost\"" r.html | grep -qF ">$line</p>" || fail "report banner: $(grep 'class="lost"' r.html)"

rn-export chrome cap.rn -o c.json 2>c.err
assert_eq "$(cat c.err)" "rn-export: cap.rn: $line" "chrome: stderr"
python3 - "$lost" "$line" <<'PY' || fail "chrome JSON"
import json, sys
lost, line = int(sys.argv[1]), sys.argv[2]
d = json.load(open("c.json"))
assert d["otherData"]["rn.lost_events"] == lost and d["otherData"]["rn.warning"] == line
g = [e for e in d["traceEvents"] if e.get("cat") == "loss"]
assert len(g) == 1 and g[0]["ph"] == "i" and g[0]["s"] == "g" and g[0]["name"] == line
PY
rn-export otlp-json cap.rn -o o.json 2>o.err
assert_eq "$(cat o.err)" "rn-export: cap.rn: $line" "otlp-json: stderr"
python3 - "$lost" <<'PY' || fail "otlp-json root span attribute"
import json, sys
lost = int(sys.argv[1])
found = [a["value"]["intValue"] for l in open("o.json") for rs in json.loads(l)["resourceSpans"]
         for ss in rs["scopeSpans"] for sp in ss["spans"] for a in sp["attributes"]
         if a["key"] == "rn.trace.lost_events"]
assert found == [str(lost)], found
PY
rn-export folded cap.rn >/dev/null 2>fo.err
assert_eq "$(cat fo.err)" "rn-export: cap.rn: $line" "folded: stderr"

# Nothing lost: no line anywhere.
rn-record --backend=ptrace --functions -e trace=none -o ok.rn -- "$prog" loop 300000 >/dev/null 2>ok.err
[ ! -s ok.err ] || fail "rn-record said: $(cat ok.err)"
assert_eq "$(rn-analyze functions ok.rn | head -n 1 | awk '{ print $1 }')" "total" "no banner"
rn-export chrome ok.rn -o ok.json 2>ok.err
[ ! -s ok.err ] || fail "rn-export chrome said: $(cat ok.err)"
python3 -c 'import json; d = json.load(open("ok.json")); assert d["otherData"]["rn.lost_events"] == 0 and "rn.warning" not in d["otherData"]' ||
	fail "chrome: otherData of a complete trace"
echo ok
