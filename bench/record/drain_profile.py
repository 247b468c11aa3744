#!/usr/bin/env python3
"""bench/record/drain_profile.py: where rn-record --backend=bpf spends its own
CPU per event, for one or more rn-record builds side by side, measured so that
the machine's load cancels out. perf samples rn-record's threads (perf record
-F 15000 -p PID, attached after start-up) while it records a getppid loop; the
writer thread's zstd does the same work per event in every build (the same
columns to compress), so each thread's samples divided by zstd's are its CPU
per event in "zstd units", comparable across builds and loads. Prints, per
build and round (interleaved): the recording thread (ring drain, merge by time,
conversion to chunk rows), the writer thread (encode, zstd, write) and both,
over zstd; then the medians. Then, without perf, the recorder's CPU (rn-record's
tree minus the program's own, from rn-bench-cpuof) recording `find / -xdev`,
medians. Root (bpf); needs perf.
usage: python3 bench/record/drain_profile.py [--build DIR] [--runs N]
       [--calls N] [--no-find] RN_RECORD..."""
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

from bench_opts import take_opts

args = sys.argv[1:]
opt = take_opts(args, ("--build", "--runs", "--calls"))
nofind = "--no-find" in args
args = [a for a in args if a != "--no-find"]
build = os.path.abspath(opt.get("--build", "build"))
runs = int(opt.get("--runs", "3"))
calls = int(opt.get("--calls", "4000000"))
recs = [os.path.abspath(a) for a in args] or [os.path.join(build, "bin", "rn-record")]
LOOP = os.path.join(build, "tests", "record", "progs", "loop")
CPUOF = os.path.join(build, "bin", "rn-bench-cpuof")
for need in recs + [LOOP, CPUOF]:
    if not os.access(need, os.X_OK):
        sys.exit("drain_profile.py: %s missing: run `make -j2 all` and build the record test "
                 "programs (`make check T=record`) first" % need)
work = tempfile.mkdtemp(prefix="rn-bench-drain-")
names = {r: os.path.relpath(r) for r in recs}
LINE = re.compile(r"^\s*([0-9.]+)%\s+(\d+):\S+\s+(\S+)\s+\[[.k]\]\s+(\S+)")


def profile(rec):
    """(recording thread, writer thread) samples over zstd's"""
    data = work + "/perf.data"
    p = subprocess.Popen([rec, "--backend=bpf", "-f", "-q", "-o", work + "/p.rn", "--", LOOP,
                          str(calls)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.4)  # past start-up
    q = subprocess.Popen(["perf", "record", "-F", "15000", "-p", str(p.pid), "-o", data],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    p.wait()
    q.wait()
    out = subprocess.run(["perf", "report", "-i", data, "--no-children", "--sort", "pid,dso,sym",
                          "--stdio", "-g", "none"], capture_output=True, text=True).stdout
    per, zstd = {}, {}
    for line in out.splitlines():
        m = LINE.match(line)
        if not m:
            continue
        pct, tid, dso = float(m.group(1)), m.group(2), m.group(3)
        per[tid] = per.get(tid, 0.0) + pct
        if "libzstd" in dso:
            zstd[tid] = zstd.get(tid, 0.0) + pct
    if not zstd:
        sys.exit("drain_profile.py: no zstd samples (is libzstd stripped of its name?)")
    writer = max(zstd, key=zstd.get)
    z = zstd[writer]
    others = [t for t in per if t != writer]
    main = max(others, key=lambda t: per[t]) if others else None
    return (per[main] / z if main else 0.0), per[writer] / z


def find_cpu(rec):
    p = subprocess.Popen([rec, "--backend=bpf", "-f", "-q", "-o", work + "/f.rn", "--", CPUOF,
                          work + "/f.cpu", "find", "/", "-xdev"], stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    _, _, ru = os.wait4(p.pid, 0)
    with open(work + "/f.cpu") as f:
        pu, ps, _ = (int(x) for x in f.read().split())
    return ru.ru_utime + ru.ru_stime - (pu + ps) / 1e6


med = statistics.median
print("rn-record --backend=bpf, getppid loop of %d calls, samples per thread over zstd's "
      "(%s, kernel %s, %d CPUs, load average %.1f at the start)" % (
          calls, time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), os.uname().release,
          os.cpu_count(), os.getloadavg()[0]))
print()
R = {r: [] for r in recs}
for i in range(runs):
    for r in recs[i % len(recs):] + recs[:i % len(recs)]:
        R[r].append(profile(r))
print("| build | recording thread / zstd | writer thread / zstd | both / zstd |")
print("|---|---|---|---|")
for r in recs:
    x = R[r]
    print("| %s | %s (median %.2f) | %s (median %.2f) | %s (median %.2f) |" % (
        names[r], ", ".join("%.2f" % v[0] for v in x), med(v[0] for v in x),
        ", ".join("%.2f" % v[1] for v in x), med(v[1] for v in x),
        ", ".join("%.2f" % (v[0] + v[1]) for v in x), med(v[0] + v[1] for v in x)))
sys.stdout.flush()
if not nofind:
    F = {r: [] for r in recs}
    for i in range(max(runs, 5)):
        for r in recs[i % len(recs):] + recs[:i % len(recs)]:
            F[r].append(find_cpu(r))
    print()
    print("| build | recorder CPU s recording find / -xdev (median of %d) | rounds |" %
          len(F[recs[0]]))
    print("|---|---|---|")
    for r in recs:
        print("| %s | %.3f | %s |" % (names[r], med(F[r]), " ".join("%.3f" % v for v in F[r])))
subprocess.run(["rm", "-rf", work])
