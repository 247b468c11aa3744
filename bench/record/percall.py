#!/usr/bin/env python3
"""bench/record/percall.py: what rn-record --backend=bpf adds to each call,
for one or more rn-record builds side by side (e.g. main's and a branch's),
on the getppid loop at several lengths (200k, where start-up still weighs,
and 2M, where the per-call cost dominates), interleaved with native runs and
`strace -f` (only on loops of at most --strace-max calls: it takes ~30 us a
call), medians of N rounds. Per tool and length: wall time and its ratio to
native and to strace; CPU of program + recorder (getrusage of the tree); the
recorder's own CPU (that minus the program's tree, from rn-bench-cpuof
around the program), per event and as cores (recorder CPU / wall); the
program's own CPU per call above native (the BPF programs and the syscall
tracepoints run in the program's context); calls lost.
usage: python3 bench/record/percall.py [--build DIR] [--runs N] [--calls N,N]
       [--strace-max N] [RN_RECORD...]   (default: DIR/bin/rn-record)"""
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

from bench_opts import take_opts

args = sys.argv[1:]
opt = take_opts(args, ("--build", "--runs", "--calls", "--strace-max"))
build = os.path.abspath(opt.get("--build", "build"))
runs = int(opt.get("--runs", "5"))
lengths = [int(x) for x in opt.get("--calls", "200000,2000000").split(",")]
strace_max = int(opt.get("--strace-max", "200000"))
recs = [os.path.abspath(a) for a in args] or [os.path.join(build, "bin", "rn-record")]
LOOP = os.path.join(build, "tests", "record", "progs", "loop")
CPUOF = os.path.join(build, "bin", "rn-bench-cpuof")
for need in recs + [LOOP, CPUOF]:
    if not os.access(need, os.X_OK):
        sys.exit("percall.py: %s missing: run `make -j2 all` and build the record test "
                 "programs (`make check T=record`) first" % need)
work = tempfile.mkdtemp(prefix="rn-bench-percall-")
names = {r: (os.path.relpath(r) if len(recs) > 1 else "rn bpf") for r in recs}


def tools(n):
    t = [("native", lambda: [LOOP, str(n)])]
    for r in recs:
        t.append((names[r], lambda r=r: [r, "--backend=bpf", "-f", "-o", work + "/b.rn", "--"]))
    if n <= strace_max:
        t.append(("strace -f", lambda: ["strace", "-f", "-qq", "-o", work + "/s.txt"]))
    return t


def one(pre, n):
    """wall s, tree CPU s, program CPU s, lost calls"""
    cmd = [CPUOF, work + "/prog.cpu", LOOP, str(n)]
    full = cmd if pre is None else pre + cmd
    t0 = time.monotonic()
    p = subprocess.Popen(full, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    err = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.monotonic() - t0
    if status:
        sys.exit("percall.py: %s failed: %s" % (" ".join(full), err.strip()))
    with open(work + "/prog.cpu") as f:
        pu, ps, _ = (int(x) for x in f.read().split())
    m = re.search(r"lost (\d+) syscalls", err)
    return wall, ru.ru_utime + ru.ru_stime, (pu + ps) / 1e6, int(m.group(1)) if m else 0


med = statistics.median
print("getppid loop, medians of %d interleaved rounds (%s, kernel %s, %d CPUs, load average %.1f "
      "at the start)" % (runs, time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                         os.uname().release, os.cpu_count(), os.getloadavg()[0]))
print()
print("| calls | tool | wall s | × native | × faster than strace | CPU s | recorder CPU ns/call "
      "| recorder cores | program CPU ns/call over native | lost |")
print("|---|---|---|---|---|---|---|---|---|---|")
for n in lengths:
    T = tools(n)
    R = {name: [] for name, _ in T}
    for i in range(runs):
        order = T[i % len(T):] + T[:i % len(T)]
        for name, pre in order:
            R[name].append(one(None if name == "native" else pre(), n))
    nat = R["native"]
    nat_wall, nat_prog = med([x[0] for x in nat]), med([x[2] for x in nat])
    st = med([x[0] for x in R["strace -f"]]) if "strace -f" in R else None
    for name, _ in T:
        x = R[name]
        wall, cpu = med([v[0] for v in x]), med([v[1] for v in x])
        rcpu = med([max(0.0, v[1] - v[2]) for v in x])
        prog = med([v[2] for v in x])
        traced = name != "native"
        print("| %d | %s | %.3f | %.2f | %s | %.3f | %s | %s | %s | %s |" % (
            n, name, wall, wall / nat_wall,
            "%.1f" % (st / wall) if st and traced and name != "strace -f" else "",
            cpu, "%.0f" % (rcpu / n * 1e9) if traced else "",
            "%.2f" % med([max(0.0, v[1] - v[2]) / v[0] for v in x]) if traced else "",
            "%.0f" % ((prog - nat_prog) / n * 1e9) if traced else "",
            sum(v[3] for v in x) if traced and name != "strace -f" else ""))
    sys.stdout.flush()
subprocess.run(["rm", "-rf", work])
