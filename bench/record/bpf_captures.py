#!/usr/bin/env python3
"""bench/record/bpf_captures.py: what the bpf backend's captures cost, two
rn-record builds side by side (before and after a change to what the
kernel side reads), interleaved (one run of each per round), medians of N
rounds: wall time and CPU time (user + system of rn-record and everything
it runs, from getrusage), on every tests/decode program in one shell script
(iovecs, msghdr, ioctl, fd_set... the calls whose captures changed),
find, ls, and /bin/true (the fixed start-up cost). Prints a Markdown table.
usage: python3 bench/record/bpf_captures.py OLD_RN_RECORD NEW_RN_RECORD [--build DIR] [--runs N]"""
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
DC = os.path.join(build, "tests", "decode", "progs")
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
]


def run(cmd):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    t1 = time.monotonic()
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return t1 - t0, (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)


print("| workload | before: wall / CPU s | after: wall / CPU s | CPU after / before |")
print("|---|---|---|---|")
for name, cmd in WORKLOADS:
    res = {OLD: [], NEW: []}
    for _ in range(runs):
        for b in (OLD, NEW):
            res[b].append(run([b, "-q", "--backend=bpf", "-f", "-o", "t.rn", "--"] + cmd))
    m = {b: (statistics.median(x[0] for x in v), statistics.median(x[1] for x in v)) for b, v in res.items()}
    print("| %s | %.3f / %.3f | %.3f / %.3f | %.2f |" % (
        name, m[OLD][0], m[OLD][1], m[NEW][0], m[NEW][1], m[NEW][1] / max(m[OLD][1], 1e-9)))
