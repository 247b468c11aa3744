#!/usr/bin/env python3
"""bench/record/attach.py: what rn-record -p does to a running process, per
backend (bpf never stops it; ptrace stops it at every call), interleaved
(each round runs every case once, in a rotating order), medians of N rounds.
The process is tests/record/progs/ticker: a busy loop of getrusage calls
that counts its own voluntary context switches (a ptrace stop is one) and
its gaps over 1 ms. Each case starts a ticker for SECS seconds, attaches
rn-record -p once it runs, records HOLD seconds after rn-record is ready
(bpf: its "attached" line; ptrace: at once), stops it with SIGINT and waits
for the ticker's end. Columns: the ticker's iterations (its speed over the
whole run, attach and detach included) against the run without rn-record,
the calls recorded per second of recording against the loop's own rate
without rn-record (how fast it runs while recorded), its voluntary
switches, its longest gap, rn-record's time from start to attached (bpf)
and from SIGINT to exit, rn-record's CPU time (user + system), the calls
recorded and the calls rn-record reported lost.
Needs root (bpf). Prints a Markdown table.
usage: python3 bench/record/attach.py [--build DIR] [--runs N] [--secs S] [--hold S]"""
import os
import re
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time

args = sys.argv[1:]
if "-h" in args or "--help" in args:
    sys.exit(__doc__.splitlines()[-1])


def opt(name, default):
    return args[args.index(name) + 1] if name in args else default


build = os.path.abspath(opt("--build", "build"))
runs = int(opt("--runs", "5"))
secs = float(opt("--secs", "3"))
hold = float(opt("--hold", "1"))
RN = os.path.join(build, "bin", "rn-record")
DUMP = os.path.join(build, "tests", "record", "rn-dump")
TICKER = os.path.join(build, "tests", "record", "progs", "ticker")
for f in (RN, DUMP, TICKER):
    if not os.access(f, os.X_OK):
        sys.exit("attach.py: %s not built (make all and make %s)" % (f, TICKER))
work = tempfile.mkdtemp(prefix="rn-bench-attach-")
os.chdir(work)
CASES = ["native", "bpf", "ptrace"]


def wait_line(path, pattern, limit):
    """Seconds until path has a line matching pattern, or None."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < limit:
        with open(path, errors="replace") as f:
            if re.search(pattern, f.read(), re.M):
                return time.monotonic() - t0
        time.sleep(0.002)
    return None


def one(case):
    tk = subprocess.Popen([TICKER, str(secs)], stdout=subprocess.PIPE, text=True)
    if tk.stdout.readline().strip() != "ready":
        sys.exit("attach.py: the ticker did not start")
    r = {"attach": None, "detach": None, "cpu": None, "calls": None, "lost": 0}
    if case != "native":
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        with open("rec.err", "w") as err:
            rec = subprocess.Popen([RN, "--backend=" + case, "-o", "t.rn", "-p", str(tk.pid)],
                                   stderr=err)
        if case == "bpf":
            r["attach"] = wait_line("rec.err", "attached to 1 process", secs)
            if r["attach"] is None:
                sys.exit("attach.py: rn-record did not attach: " + open("rec.err").read())
        time.sleep(hold)
        t0 = time.monotonic()
        rec.send_signal(signal.SIGINT)
        if rec.wait() != 0:
            sys.exit("attach.py: rn-record exited %d: %s" % (rec.returncode, open("rec.err").read()))
        r["detach"] = time.monotonic() - t0
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        r["cpu"] = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
        m = re.search(r"lost (\d+) syscalls", open("rec.err").read())
        r["lost"] = int(m.group(1)) if m else 0
        dump = subprocess.run([DUMP, "t.rn"], stdout=subprocess.PIPE, text=True).stdout
        r["calls"] = sum(1 for ln in dump.splitlines() if ln.startswith("S ") and " getrusage " in ln)
    last = tk.stdout.read().strip().splitlines()[-1].split()
    tk.wait()
    v = dict(zip(last[0::2], (int(x) for x in last[1::2])))
    r["iters"] = v["iterations"]
    r["vol"] = v["voluntary"]
    r["gap_us"] = max(v["max_stopped_us"], v["max_other_us"])
    return r


res = {c: [] for c in CASES}
t_start = time.time()
load = os.getloadavg()[0]
for i in range(runs):
    for c in CASES[i % len(CASES):] + CASES[:i % len(CASES)]:
        res[c].append(one(c))


def med(c, k):
    xs = [r[k] for r in res[c] if r[k] is not None]
    return statistics.median(xs) if xs else None


def fmt(x, f):
    return "" if x is None else f % x


base = med("native", "iters")
print("Command: `python3 bench/record/attach.py --build build --runs %d --secs %g --hold %g`; "
      "%s, load average %.1f at the start; ticker %g s, recording %g s after attach; medians of %d "
      "interleaved rounds.\n" % (runs, secs, hold, time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(t_start)),
                                 load, secs, hold, runs))
print("| case | ticker iterations | × native | loop rate while recorded | voluntary switches | "
      "longest gap µs | attach s | detach s | rn-record CPU s | calls recorded | lost |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
for c in CASES:
    it = med(c, "iters")
    calls = med(c, "calls")
    rate = "%.2f M/s (1.00)" % (base / secs / 1e6) if c == "native" else \
        "%.2f M/s (%.2f)" % (calls / hold / 1e6, calls / hold / (base / secs))
    print("| %s | %d | %.2f | %s | %d (max %d) | %d | %s | %s | %s | %s | %s |" % (
        "no rn-record" if c == "native" else "rn-record --backend=%s -p" % c, it, it / base, rate,
        med(c, "vol"), max(r["vol"] for r in res[c]), med(c, "gap_us"),
        fmt(med(c, "attach"), "%.3f"), fmt(med(c, "detach"), "%.3f"), fmt(med(c, "cpu"), "%.3f"),
        fmt(med(c, "calls"), "%d"), "" if c == "native" else "%d" % sum(r["lost"] for r in res[c])))
print("\nThe script took %.0f s." % (time.time() - t_start))
