#!/usr/bin/env python3
"""bench/record/backends.py: rn-record's two backends side by side with
native, strace -f and perf record -e raw_syscalls:*, on the workloads of
issue 12, interleaved (one run of each tool per round, the tools in a
rotating order), medians of N rounds. Per tool and workload: wall time; CPU
of the program and the recorder together (getrusage of the whole tree);
the recorder's own CPU (that minus the program's tree, measured by
rn-bench-cpuof around the program); the recorder's peak RSS; syscalls lost.
"bpf floor" is issue 12's libbpf prototype (bench/record/bpf_floor.c: one
ring of fixed records, a loop that only counts them): what any kernel-side
recorder pays on this host. Then the bpf backend's fixed cost (rn-record --backend=bpf -- /bin/true)
and what an untraced process pays while rn-record --backend=bpf traces
another one (syscall tracepoints put every thread of the host on the
syscall slow path). Prints the Markdown report of
docs/benchmarks/record-backends.md.
usage: python3 bench/record/backends.py [--build DIR] [--runs N] [--only NAME,...]
       [--tools NAME,...] (the tools whose name contains one of these, native
       always) [--rec PATH ...] (more rn-record builds beside rn bpf, e.g.
       main's: "rn bpf (PATH)", in the same rounds)
(or `make bench-backends`, which builds what it needs first)"""
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

from bench_opts import MAKE_CMD, make_project

args = sys.argv[1:]
build = os.path.abspath(args[args.index("--build") + 1]) if "--build" in args else os.path.abspath("build")
runs = int(args[args.index("--runs") + 1]) if "--runs" in args else 5
only = args[args.index("--only") + 1].split(",") if "--only" in args else None
tools_only = args[args.index("--tools") + 1].split(",") if "--tools" in args else None
recs = [os.path.abspath(args[i + 1]) for i, a in enumerate(args) if a == "--rec"]
BIN = os.path.join(build, "bin")
PROGS = os.path.join(build, "tests", "record", "progs")
REC = os.path.join(BIN, "rn-record")
CPUOF = os.path.join(BIN, "rn-bench-cpuof")
FLOOR = os.path.join(BIN, "rn-bench-bpf-floor")
for need in (REC, CPUOF, os.path.join(PROGS, "loop"), os.path.join(PROGS, "fileio"),
             os.path.join(PROGS, "threads")):
    if not os.access(need, os.X_OK):
        sys.exit("backends.py: %s missing: run `make -j2 all` and `make -j2 check T=record` "
                 "(or build the test programs) first" % need)
work = tempfile.mkdtemp(prefix="rn-bench-backends-")
os.chdir(work)
DEVNULL = subprocess.DEVNULL
LOOP = os.path.join(PROGS, "loop")

# the small C project MAKE_CMD rebuilds (bench_opts.py)
make_project()

SHLOOP = "i=0; while [ $i -lt 200 ]; do /bin/true; i=$((i+1)); done"
WORKLOADS = [
    ("getppid loop 200k", [LOOP, "200000"]),
    ("open/write/read/close 20k", [os.path.join(PROGS, "fileio"), "20000"]),
    ("ls -la /usr/bin", ["ls", "-la", "/usr/bin"]),
    ("find /usr/share -name '*.txt'", ["find", "/usr/share", "-name", "*.txt"]),
    ("sh: 200 x fork+exec /bin/true", ["sh", "-c", SHLOOP]),
    ("4 threads x 50k getppid", [os.path.join(PROGS, "threads"), "4", "50000"]),
    ("make -j2 (7 C files)", MAKE_CMD),
]
if only:
    WORKLOADS = [w for w in WORKLOADS if any(o in w[0] for o in only)]
TOOLS = [
    ("native", lambda cmd: cmd),
    ("rn bpf", lambda cmd: [REC, "--backend=bpf", "-f", "-o", "b.rn", "--"] + cmd),
] + [("rn bpf (%s)" % r, lambda cmd, r=r: [r, "--backend=bpf", "-f", "-o", "b2.rn", "--"] + cmd)
     for r in recs] + [
    # issue 12's "libbpf prototype": one ring, fixed records, a counting loop (bench/record/bpf_floor.c)
    ("bpf floor", lambda cmd: [FLOOR, "--"] + cmd),
    ("rn ptrace", lambda cmd: [REC, "--backend=ptrace", "-f", "-q", "-o", "p.rn", "--"] + cmd),
    ("strace -f", lambda cmd: ["strace", "-f", "-qq", "-o", "s.txt"] + cmd),
    ("perf record raw_syscalls", lambda cmd: ["perf", "record", "-q", "-e", "raw_syscalls:sys_enter",
                                              "-e", "raw_syscalls:sys_exit", "-o", "perf.data", "--"] + cmd),
]
if tools_only:
    TOOLS = [(t, c) for t, c in TOOLS if t == "native" or any(o in t for o in tools_only)]
HAVE = {t: t == "native" or t.startswith("rn") or (t == "bpf floor" and os.access(FLOOR, os.X_OK))
        or shutil.which(t.split()[0]) for t, _ in TOOLS}


def hwm_kb(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def timed(tool, cmd):
    """One run: wall s, CPU s of the tree, recorder CPU s, recorder peak RSS
    KiB (None for native), stderr."""
    wrapped = [CPUOF, "prog.cpu"] + cmd
    full = TOOLS_D[tool](wrapped)
    t0 = time.monotonic()
    p = subprocess.Popen(full, stdout=DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = [0]
    done = threading.Event()

    def watch():  # the recorder's VmHWM, for trees with a bigger program
        while not done.wait(0.005):
            peak[0] = max(peak[0], hwm_kb(p.pid))
    w = threading.Thread(target=watch)
    if tool != "native":
        w.start()
    err = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.monotonic() - t0
    p.returncode = status
    done.set()
    if tool != "native":
        w.join()
    cpu = ru.ru_utime + ru.ru_stime
    with open("prog.cpu") as f:
        pu, ps, prss = (int(x) for x in f.read().split())
    prog_cpu = (pu + ps) / 1e6
    if tool == "native":
        return wall, cpu, None, None, err
    # wait4's maxrss is the largest process of the tree: the recorder's when
    # it beats the program's, else the watcher's last VmHWM.
    rss = ru.ru_maxrss if ru.ru_maxrss > prss else peak[0]
    return wall, cpu, max(0.0, cpu - prog_cpu), rss, err


TOOLS_D = dict(TOOLS)


def lost_of(err):
    m = re.search(r"lost (\d+) syscalls and (\d+) process", err)
    if not m:  # the floor's count of failed ring reservations
        f = re.search(r"bpf-floor: \d+ records, (\d+) lost", err)
        return int(f.group(1)) if f else 0
    return int(m.group(1)) + int(m.group(2))


def med(v):
    return statistics.median(v) if v else float("nan")


start = time.monotonic()
print("# rn-record backends: bpf vs ptrace vs strace vs perf")
print()
print("Command: `python3 bench/record/backends.py %s` (%s, kernel %s, "
      "%d CPUs, load average %.1f at the start); medians of %d interleaved rounds (each round "
      "runs every tool once, in a rotating order)."
      % (" ".join(args) or "--build build --runs %d" % runs, time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), os.uname().release,
         os.cpu_count(), os.getloadavg()[0], runs))
print()
print("Columns: wall time; CPU = user + system time of the program and the recorder together; "
      "recorder CPU = that minus the program's own tree (rn-bench-cpuof around the program); "
      "recorder RSS = the recorder's peak resident memory; lost = syscalls and process events "
      "rn-record reported lost, summed over the runs (rn bpf and the bpf floor: the other tools do not drop).")
print()
print("| workload | tool | wall s | × native | CPU s | recorder CPU s | recorder RSS MiB | lost |")
print("|---|---|---|---|---|---|---|---|")
summary = {}
for name, cmd in WORKLOADS:
    R = {t: {"wall": [], "cpu": [], "rcpu": [], "rss": []} for t, _ in TOOLS}
    lost = 0
    floor_lost = 0
    for r in range(runs):
        order = TOOLS[r % len(TOOLS):] + TOOLS[:r % len(TOOLS)]
        for t, _ in order:
            if not HAVE[t]:
                continue
            w, c, rc, rss, err = timed(t, cmd)
            R[t]["wall"].append(w)
            R[t]["cpu"].append(c)
            if rc is not None:
                R[t]["rcpu"].append(rc)
                R[t]["rss"].append(rss)
            if t.startswith("rn bpf"):
                lost += lost_of(err)
            if t == "bpf floor":
                floor_lost += lost_of(err)
    base = med(R["native"]["wall"])
    for t, _ in TOOLS:
        if not HAVE[t]:
            print("| %s | %s | (not installed) | | | | | |" % (name, t))
            continue
        x = R[t]
        print("| %s | %s | %.3f | %.1f | %.3f | %s | %s | %s |" % (
            name, t, med(x["wall"]), med(x["wall"]) / base, med(x["cpu"]),
            "%.3f" % med(x["rcpu"]) if x["rcpu"] else "",
            "%.0f" % (max(x["rss"]) / 1024) if x["rss"] else "",
            str(lost) if t == "rn bpf" else str(floor_lost) if t == "bpf floor" else ""))
        # (rn bpf: the builds' losses summed)
        summary[(name, t)] = (med(x["wall"]), med(x["cpu"]))
    sys.stdout.flush()

print()
g = "getppid loop 200k"
if (g, "rn bpf") in summary and (g, "strace -f") in summary:
    b, s, p = summary[(g, "rn bpf")], summary[(g, "strace -f")], summary.get((g, "rn ptrace"))
    print("getppid loop: rn bpf is %.1fx faster than `strace -f` in wall time (%.1fx in CPU)%s."
          % (s[0] / b[0], s[1] / b[1],
             ", %.1fx faster than rn ptrace (%.1fx in CPU)" % (p[0] / b[0], p[1] / b[1]) if p else ""))
    print()

# Fixed cost: load, verify, attach, detach. More rounds: it is short.
tw, tc, trss = [], [], []
for r in range(2 * runs):
    t0 = time.monotonic()
    p = subprocess.Popen([REC, "--backend=bpf", "-q", "-o", "t.rn", "--", "/bin/true"],
                         stdout=DEVNULL, stderr=DEVNULL)
    _, _, ru = os.wait4(p.pid, 0)
    tw.append(time.monotonic() - t0)
    tc.append(ru.ru_utime + ru.ru_stime)
    trss.append(ru.ru_maxrss)
print("`rn-record --backend=bpf -q -- /bin/true`: wall %.3f s, CPU %.3f s, peak RSS %.0f MiB "
      "(medians of %d)." % (med(tw), med(tc), med(trss) / 1024, 2 * runs))
print()

# An untraced getppid loop while rn-record --backend=bpf traces a sleeper.
aw, ac, bw, bc = [], [], [], []
for r in range(runs):
    def one():
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.monotonic()
        subprocess.run([LOOP, "1000000"])
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        return time.monotonic() - t0, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    w, c = one()
    aw.append(w)
    ac.append(c)
    rec = subprocess.Popen([REC, "--backend=bpf", "-q", "-o", "u.rn", "--", "sleep", "30"],
                           stdout=DEVNULL, stderr=DEVNULL)
    time.sleep(0.5)  # loaded and attached
    w, c = one()
    bw.append(w)
    bc.append(c)
    rec.terminate()
    rec.wait()
print("Untraced `loop 1000000` (getppid) while rn-record --backend=bpf traces another program: "
      "wall %.3f s against %.3f s alone (%.2f×), CPU %.3f s against %.3f s (%.2f×); medians of %d."
      % (med(bw), med(aw), med(bw) / med(aw), med(bc), med(ac), med(bc) / med(ac), runs))
print()
print("(bench ran %.0f s)" % (time.monotonic() - start))
shutil.rmtree(work, ignore_errors=True)
