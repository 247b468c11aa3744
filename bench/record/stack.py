#!/usr/bin/env python3
"""bench/record/stack.py: what --stack costs with each backend. native,
rn-record --backend=bpf --stack and rn-record --backend=ptrace --stack (plus
plain --backend=bpf for reference), interleaved (one run of each per round),
medians of N rounds, on the 200k getppid loop, `find /usr/share -name
'*.txt'` and `make -j2` of a small generated C project. Wall time and CPU
time (user + system of the tool and everything it runs, from getrusage),
syscalls lost and calls left without their stack (rn-record's last lines),
trace size. Prints a Markdown report.
usage: python3 bench/record/stack.py [--build DIR] [--runs N] [--bpf-buffer SIZE]"""
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
ring = ["--bpf-buffer", args[args.index("--bpf-buffer") + 1]] if "--bpf-buffer" in args else []
REC = os.path.join(build, "bin", "rn-record")
LOOP = os.path.join(build, "tests", "record", "progs", "loop")
work = tempfile.mkdtemp(prefix="rn-bench-stack-")
os.chdir(work)
DEVNULL = subprocess.DEVNULL

# A small C project: 16 files, rebuilt from scratch each run (make -B).
os.mkdir("proj")
for i in range(16):
    with open("proj/f%d.c" % i, "w") as f:
        f.write("#include <stdio.h>\n#include <string.h>\n#include <stdlib.h>\n")
        f.write("int f%d(int x) { char b[64]; snprintf(b, sizeof b, \"%%d\", x); "
                "return (int)strlen(b) + atoi(b); }\n" % i)
with open("proj/main.c", "w") as f:
    f.write("".join("int f%d(int);\n" % i for i in range(16)))
    f.write("int main(void) { return " + " + ".join("f%d(%d)" % (i, i) for i in range(16)) + " > 0 ? 0 : 1; }\n")
with open("proj/Makefile", "w") as f:
    objs = " ".join("f%d.o" % i for i in range(16)) + " main.o"
    f.write("app: %s\n\tcc -o $@ $^\n%%.o: %%.c\n\tcc -O2 -g -c -o $@ $<\n" % objs)

WORKLOADS = [
    ("getppid loop 200k", [LOOP, "200000"]),
    ("find /usr/share -name '*.txt'", ["find", "/usr/share", "-name", "*.txt"]),
    ("make -j2 (17 files)", ["make", "-s", "-B", "-j2", "-C", "proj"]),
]
TOOLS = [
    ("native", lambda cmd: cmd),
    ("rn bpf", lambda cmd: [REC, "--backend=bpf", "-f"] + ring + ["-o", "n.rn", "--"] + cmd),
    ("rn bpf --stack", lambda cmd: [REC, "--backend=bpf", "-f", "--stack"] + ring + ["-o", "b.rn", "--"] + cmd),
    ("rn ptrace --stack", lambda cmd: [REC, "--backend=ptrace", "-f", "--stack", "-o", "p.rn", "--"] + cmd),
]
OUT = {"rn bpf": "n.rn", "rn bpf --stack": "b.rn", "rn ptrace --stack": "p.rn"}


def timed(cmd):
    """Wall seconds, CPU seconds of the children, stderr text."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    p = subprocess.run(cmd, stdout=DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.monotonic() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, p.stderr


def losses(err):
    """(syscalls and process events lost, calls without their stack)."""
    m = re.search(r"lost (\d+) syscalls and (\d+) process", err)
    s = re.search(r"(\d+) calls recorded without their stack", err)
    return ((int(m.group(1)) + int(m.group(2))) if m else 0, int(s.group(1)) if s else 0)


med = statistics.median
print("# --stack: bpf vs ptrace")
print()
print("Command: `python3 bench/record/stack.py --runs %d%s` (%s, kernel %s, %d CPUs); medians "
      "of %d interleaved rounds. The machine was shared with other engineers' builds and tests "
      "while this ran: compare ratios within a row, not across runs."
      % (runs, (" --bpf-buffer " + ring[1]) if ring else "",
         time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), os.uname().release,
         os.cpu_count(), runs))
print()
print("| workload | tool | wall s | × native | CPU s | CPU × native | lost calls | calls without stack | trace KB |")
print("|---|---|---|---|---|---|---|---|---|")
for name, cmd in WORKLOADS:
    wall = {t: [] for t, _ in TOOLS}
    cpu = {t: [] for t, _ in TOOLS}
    lost = {t: [0, 0] for t, _ in TOOLS}
    size = {t: [] for t, _ in TOOLS}
    for r in range(runs):
        for t, f in TOOLS:
            w, c, err = timed(f(cmd))
            wall[t].append(w)
            cpu[t].append(c)
            a, b = losses(err)
            lost[t][0] += a
            lost[t][1] += b
            if t in OUT and os.path.exists(OUT[t]):
                size[t].append(os.path.getsize(OUT[t]) / 1024)
    bw, bc = med(wall["native"]), med(cpu["native"])
    for t, _ in TOOLS:
        rec = t != "native"
        print("| %s | %s | %.3f | %.1f | %.3f | %.1f | %s | %s | %s |" % (
            name, t, med(wall[t]), med(wall[t]) / bw, med(cpu[t]), med(cpu[t]) / max(bc, 1e-3),
            lost[t][0] if rec else "", lost[t][1] if rec else "",
            "%.0f" % med(size[t]) if size[t] else ""))
    sys.stdout.flush()
print()
print("lost calls and calls without stack: totals over the %d rounds." % runs)
