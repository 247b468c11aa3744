#!/usr/bin/python3
"""check_otlp.py: checks what a real OTLP receiver decoded (otlp_receiver.js
summaries, one line per request) against the trace, as `rn-export json`
dumps it. Exits 1 with a message on the first mismatch.

  check_otlp.py model SUMMARY EVENTS.ndjson [key=value...]
      every span delivered once; span count = syscalls + processes + root
      (+ function spans: functions=N); names, start/end times, parent links,
      thread.id, error.type, status; resource attributes key=value.
  check_otlp.py delivery SUMMARY TOTAL [--allow-dup]
      the accepted requests hold TOTAL distinct spans (no span lost) and,
      unless --allow-dup, no span twice.
"""
import json
import sys
from collections import Counter


def die(msg):
    print("check_otlp: " + msg, file=sys.stderr)
    sys.exit(1)


def load(path):
    reqs = []
    with open(path) as f:
        for line in f:
            if line.strip():
                reqs.append(json.loads(line))
    return reqs


def accepted(reqs):
    return [r for r in reqs if r["status"] == 200 and not r.get("grpcCode") and not r.get("error")]


def spans_of(reqs):
    out = []
    for r in reqs:
        for b in r.get("batches") or []:
            for s in b["spans"]:
                out.append((b["resource"], s))
    return out


def check_model(summary, events, expect):
    reqs = accepted(load(summary))
    if not reqs:
        die("no accepted request")
    pairs = spans_of(reqs)
    spans = [s for _, s in pairs]
    ids = Counter(s["spanId"] for s in spans)
    dup = [i for i, n in ids.items() if n > 1]
    if dup:
        die("spans delivered twice: %s" % dup[:3])
    ev = [json.loads(l) for l in open(events) if l.strip()]
    sc = [e for e in ev if e["type"] == "syscall"]
    pids = {e["pid"] for e in ev if e["type"] in ("syscall", "proc")}
    pids |= {e["other"] for e in ev if e["type"] == "proc" and e["kind"] in ("fork", "vfork")}
    nfunc = int(expect.pop("functions", "0"))
    want = len(sc) + len(pids) + 1 + nfunc
    if len(spans) != want:
        die("%d spans, expected %d (%d syscalls + %d processes + root + %d functions)"
            % (len(spans), want, len(sc), len(pids), nfunc))
    trace_ids = {s["traceId"] for s in spans}
    if len(trace_ids) != 1 or len(next(iter(trace_ids))) != 32:
        die("trace ids: %s" % trace_ids)
    by_id = {s["spanId"]: s for s in spans}
    roots = [s for s in spans if not s["parentSpanId"]]
    if len(roots) != 1:
        die("%d root spans" % len(roots))
    root = roots[0]
    procs = [s for s in spans if s["name"].startswith("process ")]
    if len(procs) != len(pids):
        die("%d process spans for %d processes" % (len(procs), len(pids)))
    proc_by_pid = {p["attributes"]["process.pid"]: p for p in procs}
    for p in procs:
        parent = by_id.get(p["parentSpanId"])
        if not parent:
            die("process span %s has an unknown parent" % p["name"])
        if parent is not root and "process.pid" not in parent["attributes"]:
            die("process span %s parented by a non-process span" % p["name"])
        ppid = p["attributes"].get("process.parent_pid")
        if ppid in proc_by_pid and parent is not proc_by_pid[ppid]:
            die("process %s not parented by its forker %s" % (p["attributes"]["process.pid"], ppid))
    # Syscall spans against the event dump, matched by (start, tid, name).
    sysspans = [s for s in spans if "rn.syscall.args" in s["attributes"]]
    if len(sysspans) != len(sc):
        die("%d syscall spans for %d syscalls" % (len(sysspans), len(sc)))
    want_keys = Counter((str(e["unix_ns"]), e["tid"], e["name"]) for e in sc)
    got_keys = Counter((s["start"], s["attributes"]["thread.id"], s["name"]) for s in sysspans)
    if want_keys != got_keys:
        die("syscall spans differ from the trace: %s" % list((want_keys - got_keys).items())[:3])
    by_key = {(str(e["unix_ns"]), e["tid"], e["name"]): e for e in sc}
    for s in sysspans:
        e = by_key[(s["start"], s["attributes"]["thread.id"], s["name"])]
        if "duration_ns" in e and int(s["end"]) - int(s["start"]) != e["duration_ns"]:
            die("%s: duration %d != %d" % (s["name"], int(s["end"]) - int(s["start"]), e["duration_ns"]))
        if s["attributes"]["rn.syscall.args"] != e["args"]:
            die("%s: args %r != %r" % (s["name"], s["attributes"]["rn.syscall.args"], e["args"]))
        if "ret" in e and s["attributes"].get("rn.syscall.return") != e["ret"]:
            die("%s: return %r != %r" % (s["name"], s["attributes"].get("rn.syscall.return"), e["ret"]))
        if e.get("error"):
            if s["attributes"].get("error.type") != e["error"]:
                die("%s: error.type %r != %r" % (s["name"], s["attributes"].get("error.type"), e["error"]))
            if not s["status"] or s["status"]["code"] != 2:
                die("%s failed but status is %r" % (s["name"], s["status"]))
        elif s["status"] and s["status"]["code"] == 2:
            die("%s succeeded but status is ERROR" % s["name"])
        parent = by_id.get(s["parentSpanId"])
        if not parent or parent["attributes"].get("process.pid") != e["pid"]:
            die("%s of pid %d not parented by its process span" % (s["name"], e["pid"]))
        if not (int(parent["start"]) <= int(s["start"]) and int(root["start"]) <= int(s["start"])
                and int(s["end"]) <= int(root["end"])):
            die("%s lies outside its parents" % s["name"])
    funcs = [s for s in spans if "rn.function.address" in s["attributes"]]
    if len(funcs) != nfunc:
        die("%d function spans, expected %d" % (len(funcs), nfunc))
    for f in funcs:
        parent = by_id.get(f["parentSpanId"])
        if not parent:
            die("function span %s without its parent" % f["name"])
        if not (int(parent["start"]) <= int(f["start"]) <= int(f["end"]) <= int(parent["end"])):
            die("function span %s not nested in its parent %s" % (f["name"], parent["name"]))
    for res, _ in pairs:
        for k, v in expect.items():
            got = res.get(k)
            if str(got) != v:
                die("resource %s = %r, expected %r" % (k, got, v))
    print("check_otlp: %d spans OK (%d syscalls, %d processes, %d functions, %d requests)"
          % (len(spans), len(sc), len(procs), len(funcs), len(reqs)))


def check_delivery(summary, total, allow_dup):
    reqs = load(summary)
    spans = [s for _, s in spans_of(accepted(reqs))]
    ids = Counter(s["spanId"] for s in spans)
    if len(ids) != total:
        die("%d distinct spans accepted, expected %d" % (len(ids), total))
    dup = sum(n - 1 for n in ids.values())
    if dup and not allow_dup:
        die("%d spans accepted twice" % dup)
    print("check_otlp: %d spans accepted once each (%d requests seen, %d duplicates)"
          % (len(ids), len(reqs), dup))


def main():
    if len(sys.argv) >= 4 and sys.argv[1] == "model":
        expect = dict(a.split("=", 1) for a in sys.argv[4:])
        check_model(sys.argv[2], sys.argv[3], expect)
    elif len(sys.argv) >= 4 and sys.argv[1] == "delivery":
        check_delivery(sys.argv[2], int(sys.argv[3]), "--allow-dup" in sys.argv[4:])
    else:
        die(__doc__)


main()
