#!/usr/bin/env python3
"""bench/record/untraced.py: what a thread rn-record does not trace pays
while rn-record --backend=bpf records another program (every syscall of
every thread on the host runs rn's sys_enter and sys_exit programs), for
one or more rn-record builds side by side: the getppid loop alone, then
while each build records `sleep`, interleaved (a round runs each once, in
a rotating order), medians of N rounds. Per build: the loop's wall and CPU
against alone, and its CPU per call above alone (ns). A build may be given
as VAR=VALUE,PATH to run it with that environment variable set (e.g.
RN_BPF_NO_STORE=1,build/bin/rn-record: the thread hash instead of task
storage). --peers adds, in the same rounds, what the same untraced loop
pays under issue 12's prototype (rn-bench-bpf-floor: one hash lookup a
call) and under `perf stat -a -e raw_syscalls:*` (the kernel's own counting
of the two tracepoints, no BPF): what enabling syscall tracepoints costs
any tool on this host.
usage: python3 bench/record/untraced.py [--build DIR] [--runs N] [--calls N] [--peers]
       [[VAR=VALUE,]RN_RECORD...]   (default: DIR/bin/rn-record)"""
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from bench_opts import take_opts

args = sys.argv[1:]
peers = "--peers" in args
args = [a for a in args if a != "--peers"]
opt = take_opts(args, ("--build", "--runs", "--calls"))
build = os.path.abspath(opt.get("--build", "build"))
runs = int(opt.get("--runs", "11"))
calls = int(opt.get("--calls", "1000000"))
LOOP = os.path.join(build, "tests", "record", "progs", "loop")


def parse(a):
    env = {}
    if "," in a and "=" in a.split(",", 1)[0]:
        kv, a = a.split(",", 1)
        k, v = kv.split("=", 1)
        env[k] = v
    return os.path.abspath(a), env


recs = [parse(a) for a in args] or [(os.path.join(build, "bin", "rn-record"), {})]
for path, _ in recs:
    if not os.access(path, os.X_OK):
        sys.exit("untraced.py: %s missing" % path)
FLOOR = os.path.join(build, "bin", "rn-bench-bpf-floor")
# a peer is (name, the command before the traced program's argv)
PEERS = [("bpf floor", [FLOOR]),
         ("perf stat -a -e raw_syscalls:*",
          ["perf", "stat", "-a", "-x,", "-o", "/dev/null", "-e",
           "raw_syscalls:sys_enter,raw_syscalls:sys_exit", "--"])] if peers else []
if peers and (not os.access(FLOOR, os.X_OK) or not shutil.which("perf")):
    sys.exit("untraced.py: --peers needs %s (make) and perf" % FLOOR)
if not os.access(LOOP, os.X_OK):
    sys.exit("untraced.py: %s missing: build the record test programs (`make check T=record`)"
             % LOOP)
work = tempfile.mkdtemp(prefix="rn-bench-untraced-")
names = ["alone"] + ["%s%s" % (" ".join("%s=%s" % kv for kv in e.items()) + " " if e else "",
                               os.path.relpath(p)) for p, e in recs] + [n for n, _ in PEERS]


def loop():
    """wall s, CPU s of one loop run"""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    subprocess.run([LOOP, str(calls)], stdout=subprocess.DEVNULL, check=True)
    wall = time.monotonic() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def under(path, env, pre=None):
    """the loop while path records sleep (or the peer command pre runs it)"""
    out = os.path.join(work, "u.rn")
    flag = os.path.join(work, "started")
    if os.path.exists(flag):
        os.unlink(flag)
    # the traced program runs once the programs are attached: it says so
    cmd = pre or [path, "--backend=bpf", "-q", "-o", out, "--"]
    rec = subprocess.Popen(cmd + ["sh", "-c", "echo >%s; exec sleep 30" % flag],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           env=dict(os.environ, **env))
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and rec.poll() is None and not os.path.exists(flag):
        time.sleep(0.02)
    if not os.path.exists(flag):
        sys.exit("untraced.py: %s did not start its program" % path)
    time.sleep(0.1)
    r = loop()
    rec.terminate()
    rec.wait()
    return r


res = {n: [] for n in names}
start = time.monotonic()
with open("/proc/loadavg") as f:
    load0 = f.read().split()[0]
for r in range(runs):
    order = list(range(len(names)))
    order = order[r % len(order):] + order[:r % len(order)]
    for i in order:
        if i == 0:
            res[names[i]].append(loop())
        elif i <= len(recs):
            res[names[i]].append(under(*recs[i - 1]))
        else:
            res[names[i]].append(under(None, {}, PEERS[i - 1 - len(recs)][1]))
with open("/proc/loadavg") as f:
    load1 = f.read().split()[0]

med = statistics.median
aw = med([w for w, _ in res["alone"]])
ac = med([c for _, c in res["alone"]])
print("Untraced `loop %d` (getppid) while each tool traces `sleep 30`; medians of %d "
      "interleaved rounds (%s UTC, load average %s at the start, %s at the end)"
      % (calls, runs, time.strftime("%Y-%m-%d %H:%M", time.gmtime()), load0, load1))
print()
print("| tool | wall s | × alone | CPU s | × alone | CPU ns/call over alone |"
      " CPU lower quartile ns/call over alone |")
print("|---|---|---|---|---|---|---|")
aq = statistics.quantiles([c for _, c in res["alone"]], n=4)[0] if runs >= 2 else ac
for n in names:
    w = med([x for x, _ in res[n]])
    c = med([x for _, x in res[n]])
    q = statistics.quantiles([x for _, x in res[n]], n=4)[0] if runs >= 2 else c
    print("| %s | %.3f | %.2f | %.3f | %.2f | %s | %s |"
          % (n, w, w / aw, c, c / ac, "" if n == "alone" else "%.1f" % ((c - ac) / calls * 1e9),
             "" if n == "alone" else "%.1f" % ((q - aq) / calls * 1e9)))
print()
print("(bench ran %.0f s)" % (time.monotonic() - start))
subprocess.run(["rm", "-rf", work])
