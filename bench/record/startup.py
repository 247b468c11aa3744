#!/usr/bin/env python3
"""bench/record/startup.py: what recording a command that does nothing costs
(`/bin/true`): native, rn-record --backend=bpf, rn-record --backend=ptrace,
strace -f and perf record -e raw_syscalls:*, interleaved (one run of each per
round, in a rotating order), medians of N rounds. Wall = from before the
fork to after wait4; CPU = user + system of the whole tree (wait4's rusage).
Then where rn bpf's wall and CPU go, phase by phase: the same bpf runs carry
RN_BPF_TIMES=1 (rn_record_bpf_times.c: ~20 clock reads a run), which makes
rn-record print the end time, wall and CPU of each phase; exec (fork to
rn_bpf_main) and exit (the last phase to wait4's return) come from this
script's clock (the same CLOCK_MONOTONIC). Root needed (bpf). ~10 s.
usage: python3 bench/record/startup.py [--build DIR] [--runs N]
       [--rec PATH ...]   (more rn-record builds side by side, e.g. main's)
(or `make bench-startup`)"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

args = sys.argv[1:]
build = os.path.abspath(args[args.index("--build") + 1]) if "--build" in args else os.path.abspath("build")
runs = int(args[args.index("--runs") + 1]) if "--runs" in args else 21
recs = [os.path.abspath(args[i + 1]) for i, a in enumerate(args) if a == "--rec"]
REC = os.path.join(build, "bin", "rn-record")
if not os.access(REC, os.X_OK):
    sys.exit("startup.py: %s missing: run `make -j2` first" % REC)
TRUE = shutil.which("true") if not os.access("/bin/true", os.X_OK) else "/bin/true"
work = tempfile.mkdtemp(prefix="rn-bench-startup-")
os.chdir(work)
DEVNULL = subprocess.DEVNULL

TOOLS = [("native", [TRUE]),
         ("rn bpf", [REC, "--backend=bpf", "-q", "-o", "b.rn", "--", TRUE])]
for i, r in enumerate(recs):
    TOOLS.append(("rn bpf (%s)" % r, [r, "--backend=bpf", "-q", "-o", "b%d.rn" % i, "--", TRUE]))
TOOLS += [("rn ptrace", [REC, "--backend=ptrace", "-q", "-o", "p.rn", "--", TRUE]),
          ("strace -f", ["strace", "-f", "-qq", "-o", "s.txt", TRUE]),
          ("perf record raw_syscalls", ["perf", "record", "-q", "-e", "raw_syscalls:sys_enter",
                                        "-e", "raw_syscalls:sys_exit", "-o", "perf.data", "--", TRUE])]
TOOLS = [(t, c) for t, c in TOOLS if shutil.which(c[0]) or os.access(c[0], os.X_OK)]
ENV_T = dict(os.environ, RN_BPF_TIMES="1")


def one(tool, cmd):
    """wall s, CPU s, phases [(name, end_ns, wall_ns, cpu_ns)], t0 ns, t_reaped ns"""
    bpf = tool.startswith("rn bpf")
    t0 = time.monotonic_ns()
    p = subprocess.Popen(cmd, stdout=DEVNULL, stderr=subprocess.PIPE if bpf else DEVNULL,
                         env=ENV_T if bpf else None, text=True)
    err = p.stderr.read() if bpf else ""
    _, status, ru = os.wait4(p.pid, 0)
    t1 = time.monotonic_ns()
    if status != 0:
        sys.exit("startup.py: %s exited with status %d: %s" % (tool, status, err.strip()))
    phases = []
    for line in err.splitlines():
        f = line.split()
        if len(f) == 6 and f[:2] == ["rn-record:", "phase"]:
            phases.append((f[2], int(f[3]), int(f[4]), int(f[5])))
    return (t1 - t0) / 1e9, ru.ru_utime + ru.ru_stime, phases, t0, t1


def med(v):
    return statistics.median(v) if v else float("nan")


R = {t: {"wall": [], "cpu": [], "phases": []} for t, _ in TOOLS}
start = time.monotonic()
load0 = os.getloadavg()[0]
for r in range(runs):
    order = TOOLS[r % len(TOOLS):] + TOOLS[:r % len(TOOLS)]
    for t, cmd in order:
        w, c, ph, t0, t1 = one(t, cmd)
        R[t]["wall"].append(w)
        R[t]["cpu"].append(c)
        if ph:
            # exec: fork to the first mark; exit: the last mark to wait4's return
            seq = [("exec (fork, exec, libraries, options)", ph[0][1] - t0, ph[0][3])]
            seq += [(n, w_ns, c_ns) for n, _, w_ns, c_ns in ph[1:]]
            seq.append(("exit (after the last phase, until reaped)", t1 - ph[-1][1], None))
            R[t]["phases"].append(seq)

print("# rn-record start-up: `/bin/true` under each tool")
print()
print("Command: `python3 bench/record/startup.py --build build --runs %d%s` (%s, kernel %s, %d CPUs, "
      "load average %.1f at the start, %.1f at the end); medians of %d interleaved rounds (each "
      "round runs every tool once, in a rotating order). Wall: fork to wait4; CPU: user + system "
      "of the tree." % (runs, "".join(" --rec " + r for r in recs),
                        time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), os.uname().release,
                        os.cpu_count(), load0, os.getloadavg()[0], runs))
print()
print("| tool | wall ms | CPU ms | wall × native | wall min–max ms |")
print("|---|---|---|---|---|")
base = med(R["native"]["wall"])
for t, _ in TOOLS:
    x = R[t]
    print("| %s | %.1f | %.1f | %.0f | %.1f–%.1f |" % (
        t, med(x["wall"]) * 1e3, med(x["cpu"]) * 1e3, med(x["wall"]) / base,
        min(x["wall"]) * 1e3, max(x["wall"]) * 1e3))
print()
for t, _ in TOOLS:
    seqs = R[t]["phases"]
    if not seqs:
        continue
    names = [n for n, _, _ in seqs[0]]
    seqs = [s for s in seqs if [n for n, _, _ in s] == names]
    print("Phases of `%s` (medians of %d runs; CPU: the whole process, every thread; "
          "load.* are libbpf's steps inside the load):" % (t, len(seqs)))
    print()
    print("| phase | wall ms | CPU ms |")
    print("|---|---|---|")
    for i, n in enumerate(names):
        ws = [s[i][1] / 1e6 for s in seqs]
        cs = [s[i][2] / 1e6 for s in seqs if s[i][2] is not None]
        print("| %s | %.2f | %s |" % (n, med(ws), "%.2f" % med(cs) if cs else ""))
    print("| sum of the medians | %.1f | |" % sum(med([s[i][1] / 1e6 for s in seqs])
                                               for i in range(len(names))))
    print()
print("(bench ran %.0f s)" % (time.monotonic() - start))
shutil.rmtree(work, ignore_errors=True)
