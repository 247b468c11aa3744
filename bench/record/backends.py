#!/usr/bin/env python3
"""bench/record/backends.py: rn-record's two backends side by side with
native, strace -f and perf record -e raw_syscalls:*, interleaved (one run of
each tool per round), medians of N rounds. Wall time and CPU time (user +
system of the tool and everything it runs, from getrusage). Also the bpf
backend's fixed cost (rn-record --backend=bpf -- /bin/true), events lost at
default settings, and what an untraced process pays while rn-record
--backend=bpf traces another one (syscall tracepoints put every thread of
the host on the syscall slow path). Prints a Markdown report.
usage: python3 bench/record/backends.py [--build DIR] [--runs N]"""
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time

args = sys.argv[1:]
build = os.path.abspath(args[args.index("--build") + 1]) if "--build" in args else os.path.abspath("build")
runs = int(args[args.index("--runs") + 1]) if "--runs" in args else 5
BIN = os.path.join(build, "bin")
PROGS = os.path.join(build, "tests", "record", "progs")
REC = os.path.join(BIN, "rn-record")
work = tempfile.mkdtemp(prefix="rn-bench-backends-")
os.chdir(work)
DEVNULL = subprocess.DEVNULL
LOOP = os.path.join(PROGS, "loop")

WORKLOADS = [
    ("getppid loop 200k", [LOOP, "200000"]),
    ("ls -la /usr/bin", ["ls", "-la", "/usr/bin"]),
    ("find /usr/share -name '*.txt'", ["find", "/usr/share", "-name", "*.txt"]),
]
TOOLS = [
    ("native", lambda cmd: cmd),
    ("rn bpf", lambda cmd: [REC, "--backend=bpf", "-o", "b.rn", "--"] + cmd),
    ("rn ptrace", lambda cmd: [REC, "--backend=ptrace", "-q", "-o", "p.rn", "--"] + cmd),
    ("strace -f", lambda cmd: ["strace", "-f", "-qq", "-o", "s.txt"] + cmd),
    ("perf record raw_syscalls", lambda cmd: ["perf", "record", "-q", "-e", "raw_syscalls:sys_enter",
                                              "-e", "raw_syscalls:sys_exit", "-o", "perf.data", "--"] + cmd),
]


def timed(cmd):
    """Wall seconds, CPU seconds of the children, stderr text."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    p = subprocess.run(cmd, stdout=DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.monotonic() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, p.stderr


def lost_of(err):
    m = re.search(r"lost (\d+) syscalls and (\d+) process", err)
    return (int(m.group(1)) + int(m.group(2))) if m else 0


def med(v):
    return statistics.median(v)


print("# rn-record backends: bpf vs ptrace vs strace vs perf")
print()
print("Command: `python3 bench/record/backends.py --runs %d` (%s, kernel %s, %d CPUs); "
      "medians of %d interleaved rounds. The machine was shared with other engineers' "
      "builds and tests while this ran: compare ratios within a row, not across runs."
      % (runs, time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), os.uname().release,
         os.cpu_count(), runs))
print()
print("| workload | tool | wall s | × native | CPU s | lost |")
print("|---|---|---|---|---|---|")
for name, cmd in WORKLOADS:
    wall = {t: [] for t, _ in TOOLS}
    cpu = {t: [] for t, _ in TOOLS}
    lost = 0
    for r in range(runs):
        for t, f in TOOLS:
            w, c, err = timed(f(cmd))
            wall[t].append(w)
            cpu[t].append(c)
            if t == "rn bpf":
                lost += lost_of(err)
    base = med(wall["native"])
    for t, _ in TOOLS:
        print("| %s | %s | %.3f | %.1f | %.3f | %s |" % (
            name, t, med(wall[t]), med(wall[t]) / base, med(cpu[t]),
            str(lost) if t == "rn bpf" else ""))
    sys.stdout.flush()

# Fixed cost: load, verify, attach, detach.
tw, tc = [], []
for r in range(runs):
    w, c, _ = timed([REC, "--backend=bpf", "-q", "-o", "t.rn", "--", "/bin/true"])
    tw.append(w)
    tc.append(c)
print()
print("`rn-record --backend=bpf -q -- /bin/true`: wall %.3f s, CPU %.3f s (median of %d)."
      % (med(tw), med(tc), runs))

# An untraced getppid loop while rn-record --backend=bpf traces a sleeper.
alone, beside = [], []
for r in range(runs):
    alone.append(timed([LOOP, "1000000"])[0])
    rec = subprocess.Popen([REC, "--backend=bpf", "-q", "-o", "u.rn", "--", "sleep", "30"],
                           stdout=DEVNULL, stderr=DEVNULL)
    time.sleep(1.0)  # loaded and attached
    beside.append(timed([LOOP, "1000000"])[0])
    rec.terminate()
    rec.wait()
print()
print("Untraced `loop 1000000` (getppid): alone %.3f s, while rn-record --backend=bpf traces "
      "another program %.3f s (%.2f×), medians of %d."
      % (med(alone), med(beside), med(beside) / med(alone), runs))
