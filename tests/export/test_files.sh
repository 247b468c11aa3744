#!/bin/sh
# File outputs of rn-export on a trace with known contents: Chrome Trace
# Event JSON (format rules, units, nesting, metadata), NDJSON, CSV, folded
# stacks and OTLP JSON (hex ids, integer enums, 64-bit integers as strings).
. "$RN_ROOT/tests/lib.sh"
. "$RN_ROOT/tests/export/lib_export.sh"
PY=/usr/bin/python3

"$MKTRACE" t.rn 50 --funcs >/dev/null # 51 syscalls, 3 function calls
"$MKTRACE" nofn.rn 10 >/dev/null

# Chrome: -o file; the first syscall (openat, 2 us after the start, 1.5 us
# long) has exactly those microsecond values.
rn-export chrome t.rn -o c.json
$PY "$EXPORT_DIR/check_chrome.py" c.json 51 3 || fail "chrome rules"
$PY - <<'PY' || fail "chrome values"
import json
ev = json.load(open("c.json"))["traceEvents"]
x = [e for e in ev if e["ph"] == "X" and e["cat"] == "syscall"]
first = min(x, key=lambda e: e["ts"])
assert first["name"] == "openat" and first["ts"] == 2.0 and first["dur"] == 1.5, first
a = first["args"]["rn.syscall.args"]  # decoded by format/rn_decode (strace -y style)
assert a.startswith("AT_FDCWD") and '"/home/alice/secret.txt", O_RDONLY' in a, first
fail = [e for e in x if e["args"].get("error.type") == "ENOENT"]
assert len(fail) == 10, len(fail)
fn = sorted((e for e in ev if e["ph"] == "X" and e["cat"] == "function"), key=lambda e: e["ts"])
assert [e["name"] for e in fn] == ["0x401100", "0x401200", "0x401200"], fn
assert fn[0]["dur"] == 2.25 and fn[1]["dur"] == 1.0, fn
names = {e["pid"]: e["args"]["name"] for e in ev if e["ph"] == "M" and e["name"] == "process_name"}
assert names == {1000: "demo", 1001: "demo"}, names
sig = [e for e in ev if e["ph"] == "i" and e["name"] == "SIGCHLD"]
assert len(sig) == 1 and sig[0]["tid"] == 1000, sig
PY

# NDJSON: header + 3 proc events before the loop... one object per event,
# every line valid JSON; 6 function entries/exits.
rn-export json t.rn >e.ndjson
$PY - <<'PY' || fail "ndjson"
import json
from collections import Counter
rows = [json.loads(l) for l in open("e.ndjson")]
c = Counter(r["type"] for r in rows)
assert c == {"header": 1, "syscall": 51, "proc": 5, "signal": 1, "func": 6}, c
h = rows[0]
assert h["argv"] == ["/usr/bin/demo", "--token", "secret-token-123"] and h["pid"] == 1000, h
e = [r for r in rows if r["type"] == "syscall" and r.get("error")]
assert len(e) == 10 and all(r["error"] == "ENOENT" and r["ret"] == -2 for r in e), e[:1]
ex = [r for r in rows if r["type"] == "proc" and r["kind"] == "exit"]
assert [(r["pid"], r["status"]) for r in ex] == [(1001, 0), (1000, 3)], ex
PY

# CSV: one row per syscall, RFC 4180 quoting, durations = end - start.
rn-export csv t.rn -o s.csv
$PY - <<'PY' || fail "csv"
import csv
rows = list(csv.DictReader(open("s.csv")))
assert len(rows) == 51, len(rows)
assert list(rows[0].keys()) == ["start_unix_ns", "end_unix_ns", "duration_ns", "pid", "tid",
    "syscall", "args", "return", "error", "source"], rows[0].keys()
r = rows[0]
assert r["start_unix_ns"] == "1700000000000002000" and r["duration_ns"] == "1500", r
assert r["args"].startswith("AT_FDCWD") and r["args"].endswith('"/home/alice/secret.txt", O_RDONLY'), r
assert r["return"] == "3", r
assert all(int(r["end_unix_ns"]) - int(r["start_unix_ns"]) == int(r["duration_ns"]) for r in rows)
assert sum(r["error"] == "ENOENT" for r in rows) == 10
assert rows[-1]["pid"] == "1001" and rows[-1]["syscall"] == "write", rows[-1]
PY

# Folded stacks: self time in ns from the function events (main 2250 ns
# minus two 1000 ns calls of work); syscall names when there are none.
rn-export folded t.rn >f.txt
assert_eq "$(cat f.txt)" "demo;0x401100 250
demo;0x401100;0x401200 2000" "folded from functions"
rn-export folded nofn.rn >g.txt
assert_eq "$(grep -c . g.txt)" 5 "folded syscall stacks"
assert_match "$(cat g.txt)" "^demo;openat 4800$" "openat total (2 x 1500 + 2 x 900 ns)"

# OTLP JSON as a collector's file exporter writes it.
rn-export otlp-json t.rn -o o.json
$PY - <<'PY' || fail "otlp-json"
import json, re
lines = open("o.json").read().splitlines()
assert len(lines) == 1
req = json.loads(lines[0])
spans = req["resourceSpans"][0]["scopeSpans"][0]["spans"]
assert len(spans) == 51 + 2 + 1 + 3, len(spans)
for s in spans:
    assert re.fullmatch("[0-9a-f]{32}", s["traceId"]) and re.fullmatch("[0-9a-f]{16}", s["spanId"]), s
    assert s["kind"] == 1 and isinstance(s["startTimeUnixNano"], str), s
    for a in s["attributes"]:
        v = a["value"]
        assert "intValue" not in v or isinstance(v["intValue"], str), a
err = [s for s in spans if s.get("status", {}).get("code") == 2 and s["name"] == "openat"]
assert len(err) == 10 and err[0]["status"]["message"] == "ENOENT (No such file or directory)", err[:1]
PY
echo PASS
