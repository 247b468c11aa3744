#!/usr/bin/env python3
"""bench/record/bpf_runtime.py: the kernel side's cost per call, from the
kernel's own BPF statistics: average run time of each rn-record program
(rn_sys_enter, rn_sys_exit, ...; a tail-called program's time counts in its
caller's), for each rn-record build given, on the getppid loop, interleaved,
medians of N rounds. Statistics are switched on with BPF_ENABLE_STATS, which
holds them on only while this script keeps the returned descriptor open (the
kernel.bpf_stats_enabled sysctl is never touched); counts are read every 20 ms
from /proc/PID/fdinfo of rn-record's program descriptors while the loop runs
(cumulative, so the average needs no last read; names from `bpftool prog
show`). Root only.
usage: python3 bench/record/bpf_runtime.py RN_RECORD [RN_RECORD...] [--build DIR] [--runs N] [--calls N]"""
import ctypes
import json
import os
import statistics
import subprocess
import sys
import time

from bench_opts import take_opts

args = sys.argv[1:]
opt = take_opts(args, ("--build", "--runs", "--calls"))
if not args:
    sys.exit(__doc__.splitlines()[-1])
build = os.path.abspath(opt.get("--build", "build"))
runs = int(opt.get("--runs", "5"))
calls = opt.get("--calls", "1000000")
recs = [os.path.abspath(a) for a in args]
LOOP = os.path.join(build, "tests", "record", "progs", "loop")

libc = ctypes.CDLL(None, use_errno=True)
attr = ctypes.c_uint32(0)  # BPF_STATS_RUN_TIME
fd = libc.syscall(321, 32, ctypes.byref(attr), 4)  # __NR_bpf, BPF_ENABLE_STATS (x86_64)
if fd < 0:
    sys.exit("bpf_runtime.py: BPF_ENABLE_STATS failed: %s" % os.strerror(ctypes.get_errno()))


def fdinfo_progs(pid):
    """{prog_id: (run_cnt, run_time_ns)} of the programs process pid holds."""
    got = {}
    try:
        fds = os.listdir("/proc/%d/fdinfo" % pid)
    except OSError:
        return got
    for f in fds:
        try:
            with open("/proc/%d/fdinfo/%s" % (pid, f)) as fh:
                kv = dict(line.split(":", 1) for line in fh if ":" in line)
        except OSError:
            continue
        if "prog_id" in kv and "run_cnt" in kv:
            got[int(kv["prog_id"])] = (int(kv["run_cnt"]), int(kv["run_time_ns"]))
    return got


def one(rec):
    """{program name: (run_cnt, run_time_ns)} of one recording (the programs
    rn-record itself holds, not other recorders running on the host)."""
    seen, names = {}, {}
    p = subprocess.Popen([rec, "-q", "--backend=bpf", "-o", "/tmp/rn-bpf-runtime.rn", "--", LOOP, calls],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while p.poll() is None:
        for i, v in fdinfo_progs(p.pid).items():
            if v[0] >= seen.get(i, (0, 0))[0]:
                seen[i] = v
        if seen and not set(seen) <= set(names):
            out = subprocess.run(["bpftool", "prog", "show", "-j"], capture_output=True, text=True).stdout
            try:
                names.update({g["id"]: g.get("name", "") for g in json.loads(out or "[]")})
            except ValueError:
                pass
        time.sleep(0.02)
    os.unlink("/tmp/rn-bpf-runtime.rn")
    return {names.get(i, str(i)): v for i, v in seen.items()}


res = {r: [] for r in recs}
for i in range(runs):
    for r in (recs if i % 2 == 0 else recs[::-1]):
        res[r].append(one(r))
os.close(fd)
names = sorted({n for r in recs for d in res[r] for n in d})  # tail-called ones have no count
print("getppid loop of %s calls, medians of %d interleaved runs: average run time per call of each "
      "program, ns (run count)" % (calls, runs))
print()
print("| program | " + " | ".join(os.path.relpath(r) for r in recs) + " |")
print("|---|" + "---|" * len(recs))
for n in names:
    if not any(d.get(n, (0, 0))[0] for r in recs for d in res[r]):
        continue  # tail-called: counted in its caller's time
    cells = []
    for r in recs:
        v = [d[n][1] / d[n][0] for d in res[r] if n in d and d[n][0]]
        c = [d[n][0] for d in res[r] if n in d]
        cells.append("%.0f (%d)" % (statistics.median(v), statistics.median(c)) if v else "")
    print("| %s | %s |" % (n, " | ".join(cells)))
