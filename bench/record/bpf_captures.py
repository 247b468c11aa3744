#!/usr/bin/env python3
"""bench/record/bpf_captures.py: two rn-record builds with the bpf backend
side by side (before and after a change to the kernel side or the
recorder), interleaved (one run of each per round), medians of N rounds:
wall time, CPU time (user + system of rn-record and everything it runs,
from getrusage) and the recorder's own CPU (that minus the program's tree,
measured by rn-bench-cpuof around it), on every tests/decode program in one
shell script (iovecs, msghdr, ioctl, fd_set...), find, ls, /bin/true (the
fixed start-up cost) and the getppid loop at 200k and 2M calls (per-call
cost: the 2M run minus the 200k run is start-up free). --only NAME,... runs
the workloads whose name contains one of the words. Prints a Markdown table.
usage: python3 bench/record/bpf_captures.py OLD_RN_RECORD NEW_RN_RECORD [--build DIR] [--runs N] [--only W,...]"""
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

args = sys.argv[1:]
if len(args) < 2:
    sys.exit(__doc__.splitlines()[-1])
OLD, NEW = os.path.abspath(args[0]), os.path.abspath(args[1])
build = os.path.abspath(args[args.index("--build") + 1]) if "--build" in args else os.path.abspath("build")
runs = int(args[args.index("--runs") + 1]) if "--runs" in args else 5
only = args[args.index("--only") + 1].split(",") if "--only" in args else None
DC = os.path.join(build, "tests", "decode", "progs")
CPUOF = os.path.join(build, "bin", "rn-bench-cpuof")
LOOP = os.path.join(build, "tests", "record", "progs", "loop")
work = tempfile.mkdtemp(prefix="rn-bench-captures-")
os.chdir(work)
with open("dc.sh", "w") as f:
    for p in "desc proc mem sig time ipc ioctl prctl sys hi hi2 str".split():
        f.write("%s/dc_%s\n" % (DC, p))
    f.write("rm -rf dc.d; %s/dc_file dc.d\n" % DC)
    f.write('%s/dc_net "$1"\n%s/dc_msg "$(($1 + 1))"\n' % (DC, DC))
port = str(40000 + os.getpid() % 20000)
WORKLOADS = [
    ("tests/decode programs (sh dc.sh)", ["sh", "dc.sh", port]),
    ("find /usr/share -name '*.txt'", ["find", "/usr/share", "-name", "*.txt"]),
    ("ls -la /usr/bin", ["ls", "-la", "/usr/bin"]),
    ("/bin/true (start-up)", ["/bin/true"]),
    ("getppid loop 200k", [LOOP, "200000"]),
    ("getppid loop 2M", [LOOP, "2000000"]),
]
if only:
    WORKLOADS = [w for w in WORKLOADS if any(o in w[0] for o in only)]


def run(cmd):
    """wall s, CPU s of the whole tree, the recorder's CPU s"""
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    t1 = time.monotonic()
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    with open("prog.cpu") as f:
        pu, ps, _ = (int(x) for x in f.read().split())
    return t1 - t0, cpu, cpu - (pu + ps) / 1e6


print("| workload | before: wall / CPU / recorder CPU s | after: wall / CPU / recorder CPU s | CPU after / before |")
print("|---|---|---|---|")
for name, cmd in WORKLOADS:
    res = {OLD: [], NEW: []}
    for i in range(runs):
        for b in ((OLD, NEW) if i % 2 == 0 else (NEW, OLD)):
            res[b].append(run([b, "-q", "--backend=bpf", "-f", "-o", "t.rn", "--", CPUOF, "prog.cpu"] + cmd))
    m = {b: [statistics.median(x[k] for x in v) for k in range(3)] for b, v in res.items()}
    print("| %s | %.3f / %.3f / %.3f | %.3f / %.3f / %.3f | %.2f |" % (
        name, *m[OLD], *m[NEW], m[NEW][1] / max(m[OLD][1], 1e-9)))
