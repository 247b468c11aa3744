#!/usr/bin/env python3
"""bench/record/wait.py: where the time a user waits for `rn-record
--backend=bpf -- CMD` goes, against CMD alone: before the program starts
(rn-record's exec, load, attach: start-up), while it runs (the program's own
wall under tracing against native: what every call pays), and after it ends
until rn-record exits (the tail: noticing the end, the last drain, detaching,
writing the last chunk, exit). The program runs under rn-bench-cpuof, which
stamps CLOCK_MONOTONIC before its fork and after its reap (FILE.t) and gives
the program's own CPU; rn-record runs with RN_BPF_TIMES=1 and prints the end
time of each phase on the same clock (record/rn_record_bpf_times.c).
Interleaved rounds (native and each rn-record build once per round, in a
rotating order), medians. Root needed (bpf).
usage: python3 bench/record/wait.py [--build DIR] [--runs N] [--only ls,find,make]
       [--rec PATH ...]   (more rn-record builds side by side, e.g. main's)"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from bench_opts import MAKE_CMD, make_project

args = sys.argv[1:]
build = os.path.abspath(args[args.index("--build") + 1]) if "--build" in args else os.path.abspath("build")
runs = int(args[args.index("--runs") + 1]) if "--runs" in args else 11
only = args[args.index("--only") + 1].split(",") if "--only" in args else ["ls", "find", "make"]
recs = [os.path.abspath(args[i + 1]) for i, a in enumerate(args) if a == "--rec"]
REC = os.path.join(build, "bin", "rn-record")
CPUOF = os.path.join(build, "bin", "rn-bench-cpuof")
for need in (REC, CPUOF):
    if not os.access(need, os.X_OK):
        sys.exit("wait.py: %s missing: run `make -j2` first" % need)
work = tempfile.mkdtemp(prefix="rn-bench-wait-")
os.chdir(work)
# the small C project MAKE_CMD rebuilds (bench_opts.py)
make_project()
WORKLOADS = {
    "ls": ("ls -la /usr/bin", ["ls", "-la", "/usr/bin"]),
    "find": ("find /usr/share -name '*.txt'", ["find", "/usr/share", "-name", "*.txt"]),
    "make": ("make -j2 (7 C files)", MAKE_CMD),
}
ENV_T = dict(os.environ, RN_BPF_TIMES="1")
TOOLS = [("native", None), ("rn bpf", REC)] + [("rn bpf (%s)" % r, r) for r in recs]


def one(rec, cmd):
    """{wall, before, prog, after, and the tail's parts, ms; prog/rec CPU, ms}"""
    for f in ("prog.cpu", "prog.cpu.t"):
        if os.path.exists(f):
            os.unlink(f)
    full = [CPUOF, "prog.cpu"] + cmd
    if rec:
        full = [rec, "--backend=bpf", "-f", "-q", "-o", "w.rn", "--"] + full
    t0 = time.monotonic_ns()
    p = subprocess.Popen(full, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                         env=ENV_T if rec else None, text=True)
    err = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    t1 = time.monotonic_ns()
    if status != 0:
        sys.exit("wait.py: %s exited with status %d: %s" % (" ".join(full), status, err.strip()))
    with open("prog.cpu") as f:
        pu, ps, _ = (int(x) for x in f.read().split())
    with open("prog.cpu.t") as f:
        p0, p1 = (int(x) for x in f.read().split())
    ends = {}
    for line in err.splitlines():
        w = line.split()
        if len(w) == 6 and w[:2] == ["rn-record:", "phase"]:
            ends[w[2]] = int(w[3])
        elif "lost" in line:
            sys.exit("wait.py: a run lost events: %s" % line)
    r = {"wall": (t1 - t0) / 1e6, "before": (p0 - t0) / 1e6, "prog": (p1 - p0) / 1e6,
         "after": (t1 - p1) / 1e6, "prog_cpu": (pu + ps) / 1e3,
         "rec_cpu": (ru.ru_utime + ru.ru_stime) * 1e3 - (pu + ps) / 1e3}
    if rec and "out_close" in ends:
        if "reaped" in ends:
            r["notice"] = (ends["reaped"] - p1) / 1e6  # the program's end seen (pidfd, waitpid)
            r["drain"] = (ends["run"] - ends["reaped"]) / 1e6  # last drains, stop, detach
        r["teardown"] = (ends["out_close"] - ends["run"]) / 1e6  # rings, programs, last chunk
        r["exit"] = (t1 - ends["out_close"]) / 1e6
    return r


print("# Where the wait goes: `rn-record --backend=bpf -f` against native\n")
print("Command: `python3 bench/record/wait.py %s` (%s UTC, kernel %s, %d CPUs, load average %.1f "
      "at the start); medians of %d interleaved rounds.\n" % (
          " ".join(sys.argv[1:]), time.strftime("%Y-%m-%d %H:%M", time.gmtime()), os.uname().release,
          os.cpu_count(), os.getloadavg()[0], runs))
print("Columns (ms): before = rn-record's exec to the program's fork (start-up); program = the "
      "program's own wall (native: the same, without rn-record); after = the program's end to "
      "rn-record's exit, split into notice (the end seen: pidfd, waitpid), drain (the last drains, "
      "stop, detach), teardown (rings, programs, the last chunk's encode, zstd and write) and "
      "exit; CPU of the program's tree and of the recorder.\n")
print("| workload | tool | wall | × native | before | program | after | notice | drain | teardown "
      "| exit | program CPU | recorder CPU |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
for key in only:
    title, cmd = WORKLOADS[key]
    res = {t: [] for t, _ in TOOLS}
    for i in range(runs):
        k = i % len(TOOLS)
        for t, rec in TOOLS[k:] + TOOLS[:k]:
            res[t].append(one(rec, cmd))
    nat = statistics.median(r["wall"] for r in res["native"])
    for t, rec in TOOLS:
        def med(col):
            v = [r[col] for r in res[t] if col in r]
            return "%.1f" % statistics.median(v) if v else ""
        wall = statistics.median(r["wall"] for r in res[t])
        if rec:
            cells = [med(c) for c in ("before", "prog", "after", "notice", "drain", "teardown", "exit")]
            cpu = [med("prog_cpu"), med("rec_cpu")]
        else:
            cells = ["", med("prog"), "", "", "", "", ""]
            cpu = [med("prog_cpu"), ""]
        print("| %s | %s | %.1f | %.2f | %s | %s |" % (title, t, wall, wall / nat, " | ".join(cells),
                                                       " | ".join(cpu)))
shutil.rmtree(work)
