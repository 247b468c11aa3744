#!/usr/bin/python3
"""check_chrome.py FILE SYSCALLS FUNCTIONS: checks a Chrome Trace Event JSON
file against the format's rules: displayTimeUnit, X events with numeric
ts/dur in microseconds, complete events nesting per (pid, tid) track, M
metadata (process_name for every pid, thread_name for every track), and the
expected numbers of syscall and function events."""
import json
import sys
from collections import defaultdict


def die(msg):
    sys.exit("check_chrome: " + msg)


path, want_sc, want_fn = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
doc = json.load(open(path))
if doc.get("displayTimeUnit") not in ("ns", "ms"):
    die("displayTimeUnit missing")
events = doc["traceEvents"]
tracks = defaultdict(list)
pnames, tnames = {}, {}
nsc = nfn = 0
for e in events:
    ph = e.get("ph")
    if ph == "X":
        for k in ("name", "pid", "tid", "ts", "dur"):
            if k not in e:
                die("X event without %s: %r" % (k, e))
        if not isinstance(e["ts"], (int, float)) or not isinstance(e["dur"], (int, float)) or e["dur"] < 0:
            die("bad ts/dur: %r" % e)
        tracks[(e["pid"], e["tid"])].append(e)
        nsc += e.get("cat") == "syscall"
        nfn += e.get("cat") == "function"
    elif ph == "M":
        if e["name"] == "process_name":
            pnames[e["pid"]] = e["args"]["name"]
        elif e["name"] == "thread_name":
            tnames[(e["pid"], e["tid"])] = e["args"]["name"]
        else:
            die("unknown metadata %r" % e)
    elif ph == "i":
        if e.get("s") not in ("g", "p", "t") or "ts" not in e:
            die("bad instant event %r" % e)
    else:
        die("unexpected phase %r" % ph)
if nsc != want_sc or nfn != want_fn:
    die("%d syscall and %d function events, expected %d and %d" % (nsc, nfn, want_sc, want_fn))
for (pid, tid), evs in tracks.items():
    if pid not in pnames:
        die("no process_name for pid %d" % pid)
    if (pid, tid) not in tnames:
        die("no thread_name for %d/%d" % (pid, tid))
    evs.sort(key=lambda e: (e["ts"], -e["dur"]))
    stack = []
    for e in evs:
        while stack and e["ts"] >= stack[-1]["ts"] + stack[-1]["dur"] - 1e-9:
            stack.pop()
        if stack and e["ts"] + e["dur"] > stack[-1]["ts"] + stack[-1]["dur"] + 1e-9:
            die("%s at %s overlaps %s at %s on %d/%d without nesting"
                % (e["name"], e["ts"], stack[-1]["name"], stack[-1]["ts"], pid, tid))
        stack.append(e)
print("check_chrome: %d tracks, %d syscall and %d function events nest; metadata complete"
      % (len(tracks), nsc, nfn))
