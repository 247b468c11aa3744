#!/usr/bin/env python3
"""bench/record/bpf_percall_perf.py: where the traced program's CPU goes per
call under rn-record --backend=bpf, for one or more rn-record builds side by
side (e.g. main's and a branch's), by `perf record -F FREQ` (cpu-clock
samples) of the getppid loop: the loop's own samples (its thread: the
syscall, the tracepoints and the BPF programs all run there) per symbol,
turned into ns per call (samples / FREQ / calls), grouped (clock reads,
ring reserve/submit, the ring query, the task hash, the current task's ids
and ia32 flag, rn's BPF programs, the rest of the kernel: the syscall, its
slow path and the tracepoint dispatch; user space). Also the loop alone (native) and the loop untraced
while each build records `sleep` (what every other thread on the host
pays). Interleaved, medians of N rounds; perf sampling adds its own cost, so
compare builds within one run. Root needed (bpf, perf).
usage: python3 bench/record/bpf_percall_perf.py [--build DIR] [--runs N]
       [--calls N] [--freq HZ] RN_RECORD [RN_RECORD...]"""
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

from bench_opts import take_opts

args = sys.argv[1:]
opt = take_opts(args, ("--build", "--runs", "--calls", "--freq"))
if not args:
    sys.exit(__doc__.splitlines()[-2].strip() + " " + __doc__.splitlines()[-1].strip())
build = os.path.abspath(opt.get("--build", "build"))
runs = int(opt.get("--runs", "3"))
calls = int(opt.get("--calls", "2000000"))
freq = int(opt.get("--freq", "20000"))
recs = [os.path.abspath(a) for a in args]
LOOP = os.path.join(build, "tests", "record", "progs", "loop")
for need in recs + [LOOP]:
    if not os.access(need, os.X_OK):
        sys.exit("bpf_percall_perf.py: %s missing (make -j2 all; make check T=record builds the "
                 "test programs)" % need)
work = tempfile.mkdtemp(prefix="rn-bench-perf-")

# (group, pattern on the symbol), first match wins
GROUPS = [
    ("clock reads (bpf_ktime_get_ns)", r"^(read_tsc|ktime_get_mono_fast_ns|bpf_ktime_get_ns)$"),
    ("ring query (bpf_ringbuf_query)", r"^bpf_ringbuf_query$"),
    ("ring reserve + submit", r"ringbuf"),
    ("thread state lookup (hash, or task storage)",
     r"^(lookup_nulls_elem_raw|htab_map_hash|__htab_map_lookup_elem|memcmp|"
     r"bpf_task_storage_get.*|__bpf_task_storage_get|task_storage_lookup|"
     r"bpf_local_storage_lookup|bpf_task_storage_(try)?lock|bpf_task_storage_unlock)$"),
    ("current ids, ia32 flag (helpers)",
     r"^(copy_from_kernel_nofault.*|bpf_probe_read_kernel|bpf_get_current_task.*|"
     r"bpf_get_current_pid_tgid)$"),
    ("rn's BPF programs", r"^bpf_prog_"),
    # perf splits these unreliably between neighbouring symbols here: one group
    ("getppid, the syscall path, its slow path and the tracepoint dispatch", r""),
]
USER = ("user space (loop, libc)", None)
order = [g for g, _ in GROUPS] + [USER[0]]


def loop_profile(pre):
    """{group: ns per call}, total, for one perf run of the loop."""
    data = os.path.join(work, "p.data")
    cmd = ["perf", "record", "-q", "-F", str(freq), "-o", data, "--"]
    if pre:
        cmd += pre
    cmd += [LOOP, str(calls)]
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if p.returncode:
        sys.exit("bpf_percall_perf.py: %s failed: %s" % (" ".join(cmd), p.stderr.strip()))
    return report(data)


def report(data):
    out = subprocess.run(["perf", "report", "-i", data, "--comm", "loop", "--no-children",
                          "--sort", "dso,sym", "--stdio", "-n"],
                         capture_output=True, text=True).stdout
    got = {g: 0.0 for g in order}
    for line in out.splitlines():
        m = re.match(r"^\s+[\d.]+%\s+(\d+)\s+(\S+)\s+\[(.)\]\s+(\S+)", line)
        if not m:
            continue
        n, kernel, sym = int(m.group(1)), m.group(3) == "k", m.group(4)
        ns = n * 1e9 / freq / calls
        if not kernel:
            got[USER[0]] += ns
            continue
        for g, pat in GROUPS:
            if re.search(pat, sym):
                got[g] += ns
                break
    return got


def exec_done(pid, comm):
    """Has a child of pid exec'd comm?"""
    try:
        with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
            kids = f.read().split()
        for k in kids:
            with open("/proc/%s/comm" % k) as f:
                if f.read().strip() == comm:
                    return True
    except OSError:
        pass
    return False


def untraced(rec):
    """The loop untraced while rec records `sleep`."""
    p = subprocess.Popen([rec, "--backend=bpf", "-q", "-o", os.path.join(work, "u.rn"), "--",
                          "sleep", "60"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # attached once the launched child has exec'd sleep (it waits until then;
    # a fixed delay is too short when the machine is loaded)
    t0 = time.monotonic()
    while time.monotonic() - t0 < 30 and not exec_done(p.pid, "sleep"):
        time.sleep(0.01)
    try:
        return loop_profile(None)
    finally:
        p.terminate()
        p.wait()


names = {r: os.path.relpath(r) for r in recs}
cols = ["native"] + ["untraced, %s" % names[r] for r in recs] + [names[r] for r in recs]
res = {c: [] for c in cols}
start = time.monotonic()
for i in range(runs):
    rs = recs if i % 2 == 0 else recs[::-1]
    res["native"].append(loop_profile(None))
    for r in rs:
        res["untraced, %s" % names[r]].append(untraced(r))
        res[names[r]].append(loop_profile([r, "--backend=bpf", "-q", "-o",
                                           os.path.join(work, "b.rn"), "--"]))
med = statistics.median
print("getppid loop of %d calls: the loop's CPU per call by perf record -F %d (its own thread), "
      "ns, medians of %d interleaved rounds (%s, kernel %s, load average %.1f at the start)"
      % (calls, freq, runs, time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
         os.uname().release, os.getloadavg()[0]))
print()
print("| | " + " | ".join(cols) + " |")
print("|---|" + "---|" * len(cols))
for g in order:
    vals = [med([x[g] for x in res[c]]) for c in cols]
    if max(vals) < 0.5:
        continue
    print("| %s | %s |" % (g, " | ".join("%.1f" % v for v in vals)))
tot = [med([sum(x.values()) for x in res[c]]) for c in cols]
print("| **total** | %s |" % " | ".join("**%.1f**" % v for v in tot))
print("| × native | %s |" % " | ".join("%.2f" % (v / tot[0]) for v in tot))
print()
print("(bench ran %.0f s)" % (time.monotonic() - start))
subprocess.run(["rm", "-rf", work])
