#!/usr/bin/env python3
"""bench/analyze/summary_speed.py: rn-analyze summary events/s, on one
thread and on two (--threads 2, the default where it may run on two CPUs:
the reader decodes chunks ahead on a second thread), against another build's
rn-analyze (--base: e.g. main's, before a change) in the same run. Without
TRACE arguments it records find /usr/share -name '*.txt' and find / -xdev
(rn-record -q -f --backend=ptrace; a few seconds each).

For each trace, interleaved for RUNS rounds: each binary's summary on one
thread (user + system CPU of the process, and wall time) and this build's on
two threads (wall and CPU). Wall times include process start-up. Checks that
every output is the same as the base's, byte for byte. Prints medians in
millions of events per second, as the Markdown table of
docs/benchmarks/analyze.md; the last column compares this build's two
threads with the base (run without --threads: its default, two threads on
two CPUs), and gives each one's fastest round.
usage: python3 bench/analyze/summary_speed.py [--build DIR] [--base RN_ANALYZE]
       [--runs N] [TRACE...]"""
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

args = sys.argv[1:]


def opt(name, default):
    return args[args.index(name) + 1] if name in args else default


build = os.path.abspath(opt("--build", "build"))
base = opt("--base", None)
runs = int(opt("--runs", "7"))
traces = [a for i, a in enumerate(args) if not a.startswith("--") and
          (i == 0 or args[i - 1] not in ("--build", "--base", "--runs"))]
ANALYZE = os.path.join(build, "bin", "rn-analyze")
RECORD = os.path.join(build, "bin", "rn-record")
RNFMT = os.path.join(build, "tests", "format", "rnfmt")
work = tempfile.mkdtemp(prefix="rn-sumspeed-")


def record():
    out = []
    for name, cmd in (("find-usr-share.rn", ["find", "/usr/share", "-name", "*.txt"]),
                      ("find-xdev.rn", ["find", "/", "-xdev"])):
        path = os.path.join(work, name)
        subprocess.run([RECORD, "-q", "-f", "--backend=ptrace", "-o", path, "--"] + cmd,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if not os.path.exists(path):
            sys.exit("summary_speed.py: rn-record did not write %s" % path)
        out.append(path)
    return out


def run(binary, threads, path):
    """(CPU s, wall s, output) of one summary; threads None: no option (base)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    out = subprocess.run([binary, "summary"] + (["--threads", threads] if threads else []) +
                         [path], stdout=subprocess.PIPE, check=True).stdout
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), wall, out


def main():
    global traces
    start = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    load0 = os.getloadavg()[0]
    if not traces:
        traces = record()
    rows = []
    for t in traces:
        n = int(subprocess.run([RNFMT, "read", t], stdout=subprocess.PIPE,
                               check=True).stdout.split()[1])
        kinds = ([("base", base, None)] if base else []) + [("one", ANALYZE, "1"),
                                                            ("two", ANALYZE, "2")]
        res = {k: [] for k, _, _ in kinds}
        ref = None
        for _ in range(runs):
            for k, b, th in kinds:
                cpu, wall, out = run(b, th, t)
                ref = out if ref is None else ref
                if out != ref:
                    sys.exit("summary_speed.py: %s summary of %s differs" % (k, t))
                res[k].append((cpu, wall))

        def rate(k, i):
            return n / statistics.median(r[i] for r in res[k]) / 1e6 if res.get(k) else 0

        def best(k):  # the fastest round's wall: the nearest to a quiet machine
            return n / min(r[1] for r in res[k]) / 1e6 if res.get(k) else 0

        rows.append("| %s | %d | %s | %.2f | %.2f | %.2f | %.2f | %.2f | %s |" % (
            os.path.basename(t), n,
            "%.2f / %.2f" % (rate("base", 0), rate("base", 1)) if base else "-",
            rate("one", 0), rate("one", 1), rate("two", 1), rate("two", 0),
            rate("two", 1) / rate("one", 1),
            "%.2fx / %.2fx (best round: %.1fM / %.1fM)" % (
                rate("two", 1) / rate("base", 1), rate("two", 0) / rate("base", 0),
                best("two"), best("base")) if base else "-"))
    print("Measured %s, %d interleaved rounds, load average %.1f at the start and %.1f at the "
          "end (2 vCPUs)." % (start, runs, load0, os.getloadavg()[0]))
    print()
    print("| trace | events | base: CPU / wall M ev/s | 1 thread: CPU M ev/s | 1 thread: wall "
          "M ev/s | 2 threads: wall M ev/s | 2 threads: CPU M ev/s | wall, 2 threads / 1 | "
          "2 threads / base: wall / CPU |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(r)
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
