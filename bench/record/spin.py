#!/usr/bin/env python3
"""bench/record/spin.py: rn-record's --spin (polling before a blocking
waitpid) swept against strace on short syscall-heavy, threaded, find and
fork-heavy workloads; interleaved rounds, medians of wall and CPU seconds.
usage: python3 bench/record/spin.py [--build DIR] [--spins 0,15,50,100,200] [--runs N]"""
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

args = sys.argv[1:]
build = os.path.abspath(args[args.index("--build") + 1]) if "--build" in args else os.path.abspath("build")
spins = [int(x) for x in args[args.index("--spins") + 1].split(",")] if "--spins" in args else [0, 15, 50, 100, 200]
runs = int(args[args.index("--runs") + 1]) if "--runs" in args else 3
PROGS = os.path.join(build, "tests", "record", "progs")
REC = os.path.join(build, "bin", "rn-record")
work = tempfile.mkdtemp(prefix="rn-spin-")
OUT = os.path.join(work, "t.rn")

WORKLOADS = [
    ("20k getppid", [os.path.join(PROGS, "loop"), "20000"]),
    ("4 threads x 5k getppid", [os.path.join(PROGS, "threads"), "4", "5000"]),
    ("open/write/read/close x5k", [os.path.join(PROGS, "fileio"), "5000"]),
    ("find /usr/share/doc", ["find", "/usr/share/doc", "-name", "*.txt"]),
    ("sh: 100 x /bin/true", ["sh", "-c", "i=0; while [ $i -lt 100 ]; do /bin/true; i=$((i+1)); done"]),
]
TOOLS = [("strace -f", lambda c: ["strace", "-f", "-qq", "-o", os.path.join(work, "st.txt")] + c)]
TOOLS += [("--spin=%d" % s, (lambda s: lambda c: [REC, "-q", "-f", "--spin=%d" % s, "-o", OUT] + c)(s))
          for s in spins]


def run(cmd):
    for f in (OUT, OUT + ".old"):
        if os.path.exists(f):
            os.unlink(f)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.monotonic() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


load = os.getloadavg()
res = {}
for _ in range(runs):
    for wname, cmd in WORKLOADS:
        for tname, mk in TOOLS:
            res.setdefault((wname, tname), []).append(run(mk(cmd)))
print("Load average at start %.2f %.2f %.2f; medians of %d interleaved runs, wall / CPU seconds.\n" % (load + (runs,)))
print("| workload | " + " | ".join(t for t, _ in TOOLS) + " |")
print("|---" * (len(TOOLS) + 1) + "|")
for wname, _ in WORKLOADS:
    cells = []
    for tname, _ in TOOLS:
        v = res[(wname, tname)]
        cells.append("%.2f / %.2f" % (statistics.median(x[0] for x in v), statistics.median(x[1] for x in v)))
    print("| %s | %s |" % (wname, " | ".join(cells)))
