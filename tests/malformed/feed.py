#!/usr/bin/env python3
"""feed.py RNFMT LIMIT_KB FILE...: runs every trace-reading tool on each FILE
and checks how it copes (see test_malformed.sh). Tools are looked up on PATH
(the built tools come first); the ones not built are reported and skipped."""
import os
import resource
import shutil
import subprocess
import sys
import time

rnfmt, limit_kb, files = sys.argv[1], sys.argv[2], sys.argv[3:]
TOOLS = [("rnfmt", [rnfmt, "read"], []),
         ("rn-replay", ["rn-replay"], []),
         ("rn-analyze", ["rn-analyze", "summary"], []),
         ("rn-export", ["rn-export", "json"], ["-o", "out.tmp"]),
         ("rn-export", ["rn-export", "chrome"], ["-o", "out.tmp"]),
         ("rn-export", ["rn-export", "csv"], ["-o", "out.tmp"])]
tools = [t for t in TOOLS if shutil.which(t[1][0])]
skipped = sorted({t[1][0] for t in TOOLS if t not in tools})
if skipped:
    print("not built yet, skipped: " + " ".join(skipped))


def limits():
    if limit_kb != "unlimited":
        n = int(limit_kb) * 1024
        resource.setrlimit(resource.RLIMIT_AS, (n, n))


def fail(msg, err=""):
    sys.stderr.write(err[-3000:])
    print("FAIL: " + msg)
    sys.exit(1)


def run(cmd, what):
    # A tool being relinked by a concurrent build is briefly not executable.
    for attempt in range(10):
        try:
            return subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                  timeout=20, preexec_fn=limits)
        except subprocess.TimeoutExpired:
            fail(what + ": did not finish in 20 s")
        except (PermissionError, FileNotFoundError, OSError):
            if attempt == 9:
                raise
            time.sleep(1)


runs = damaged = 0
for f in files:
    ref = None
    for name, pre, post in tools:
        cmd = pre + [f] + post
        what = "%s on %s" % (" ".join(pre), f)
        p = run(cmd, what)
        err = p.stderr.decode("utf-8", "replace")
        rc = p.returncode
        if ref is None:
            ref = rc  # rnfmt read, the library's own verdict, runs first
            damaged += ref != 0
        if rc < 0 or rc >= 126:
            fail("%s: died of signal/exit %d" % (what, rc), err)
        if "Sanitizer" in err or "runtime error" in err:
            fail(what + ": sanitizer report", err)
        lines = err.splitlines()
        if len(lines) > 8:
            fail("%s: %d lines on stderr" % (what, len(lines)), err)
        bad = [l for l in lines if not l.startswith(name + ": ")]
        if bad:
            fail("%s: stderr line not prefixed with '%s: ': %s" % (what, name, bad[0]), err)
        if ref != 0 and (rc == 0 or not lines):
            fail("%s: damaged file but exit %d and %d stderr lines" % (what, rc, len(lines)),
                 err)
        runs += 1
print("%d files (%d damaged per the library), %d tool runs: ok" % (len(files), damaged, runs))
