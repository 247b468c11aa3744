#!/usr/bin/env python3
"""bench/format/speed.py: encode and decode events/s on one core, and
rn-analyze summary events/s, for real traces in formats 1.0 to 4.0 side by
side. Without TRACE arguments it records the three workloads of
docs/benchmarks/format.md first (rn-record -q --backend=ptrace, or the
backend given: a loop of 200,000 getppid(), find /usr/share -name '*.txt',
find / -xdev; a few seconds each).

For each trace the same events are rewritten in each version (rnfmt
convert, zstd -3 as rn-record writes); then, interleaved for RUNS rounds, for
each version: bench_format -i (encode = rn_chunk_add_* + rn_writer_write_chunk;
decode = rn_reader_next, every field; skimmed decode = the same with
RN_READ_SKIM, and with RN_READ_SKIM|RN_READ_PREFIX; CPU time of the thread;
plus zstd alone compressing and decompressing the same chunk bytes: the
ceiling), `rn-analyze summary --threads 1` (user + system CPU of the process, as it
reads: skimming; 4.x chunks from their prefix, after the frame check),
`rn-analyze summary --threads 1 --fast` (from each chunk's prefix, unchecked
before 4.0) and summary with RN_READ_ALL=1 (every field read); then the wall
time of `rn-analyze summary` on one thread and on two (`--threads 2`, the
default with two CPUs: the reader's decoding runs ahead on a second thread),
process start-up included. Medians, in millions of events per second (of
one core for the CPU figures). Prints the Markdown table of
docs/benchmarks/format.md.
usage: python3 bench/format/speed.py [--build DIR] [--runs N] [--backend B] [TRACE...]"""
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

args = sys.argv[1:]
build = os.path.abspath(args[args.index("--build") + 1]) if "--build" in args else os.path.abspath("build")
runs = int(args[args.index("--runs") + 1]) if "--runs" in args else 5
backend = args[args.index("--backend") + 1] if "--backend" in args else "ptrace"
traces = [a for i, a in enumerate(args) if not a.startswith("--") and
          (i == 0 or args[i - 1] not in ("--build", "--runs", "--backend"))]
RNFMT = os.path.join(build, "tests", "format", "rnfmt")
BENCH = os.path.join(build, "bench", "bench_format")
ANALYZE = os.path.join(build, "bin", "rn-analyze")
RECORD = os.path.join(build, "bin", "rn-record")
LOOP = os.path.join(build, "tests", "record", "progs", "loop")
work = tempfile.mkdtemp(prefix="rn-speed-")
VERSIONS = (1, 2, 3, 4)

WORKLOADS = [
    ("getppid-loop.rn", [LOOP, "200000"]),
    ("find-usr-share.rn", ["find", "/usr/share", "-name", "*.txt"]),
    ("find-xdev.rn", ["find", "/", "-xdev"]),
]


def record():
    out = []
    for name, cmd in WORKLOADS:
        path = os.path.join(work, name)
        subprocess.run([RECORD, "-q", "-f", "--backend=" + backend, "-o", path, "--"] + cmd, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        if not os.path.exists(path):
            sys.exit("speed.py: rn-record did not write %s" % path)
        out.append(path)
    return out


def bench(path, major):
    out = subprocess.run([BENCH, "-r", "1", "-l", "3", "-V", str(major), "-i", path, "-o",
                          os.path.join(work, "b.rn")], stdout=subprocess.PIPE, check=True,
                         text=True).stdout
    enc = re.search(r"median encode\+compress: .*?, ([0-9.]+) M/s cpu \(zstd alone ([0-9.]+)", out)
    dec = re.search(r"median decompress\+decode: .*?, ([0-9.]+) M/s cpu \(zstd alone ([0-9.]+)", out)
    skim = re.search(r"median skimmed decode \(RN_READ_SKIM\): ([0-9.]+)", out)
    pre = re.search(r"median skimmed prefix decode \(RN_READ_SKIM\|RN_READ_PREFIX\): ([0-9.]+)",
                    out)
    return [float(enc.group(1)), float(enc.group(2)), float(dec.group(1)), float(dec.group(2)),
            float(skim.group(1)), float(pre.group(1))]


def summary_run(path, how):
    """(CPU seconds, wall seconds) of one rn-analyze summary."""
    env = dict(os.environ)
    env.pop("RN_READ_ALL", None)
    if how == "full":
        env["RN_READ_ALL"] = "1"
    threads = ["--threads", "2" if how == "two" else "1"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run([ANALYZE, "summary"] + threads + (["--fast"] if how == "fast" else []) +
                   [path], stdout=subprocess.DEVNULL, check=True, env=env)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), wall


def summary_rates(path, n):
    """M events/s: CPU of the skimming, --fast and full reads on one thread,
    then wall time on one thread and on two."""
    runs = {how: summary_run(path, how) for how in ("skim", "fast", "full", "two")}
    return [n / runs[how][0] / 1e6 for how in ("skim", "fast", "full")] + \
        [n / runs["skim"][1] / 1e6, n / runs["two"][1] / 1e6]


def main():
    global traces
    start = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    load0 = os.getloadavg()[0]
    if not traces:
        traces = record()
    rows = []
    for t in traces:
        files = {}
        for major in VERSIONS:
            f = os.path.join(work, "t%d.rn" % major)
            if os.path.exists(f):
                os.unlink(f)
            subprocess.run([RNFMT, "convert", t, f, str(major), "3"], check=True)
            files[major] = f
        n = int(subprocess.run([RNFMT, "read", files[4]], stdout=subprocess.PIPE,
                               check=True).stdout.split()[1])
        res = {m: [] for m in VERSIONS}
        for _ in range(runs):
            for major in VERSIONS:
                res[major].append(bench(files[major], major) + summary_rates(files[major], n))
        for major in VERSIONS:
            m = [statistics.median(r[k] for r in res[major]) for k in range(11)]
            rows.append("| %s | %d | %d.0 | %d | %.2f (%.2f) | %.2f (%.2f) | %.2f / %.2f | "
                        "%.2f | %.2f | %.2f | %.2f | %.2f |" % (
                            os.path.basename(t), n, major, os.path.getsize(files[major]), m[0],
                            m[1], m[2], m[3], m[4], m[5], m[6], m[7], m[8], m[9], m[10]))
    print("Measured %s, %d interleaved rounds, load average %.1f at the start and %.1f at the "
          "end (2 vCPUs)." % (start, runs, load0, os.getloadavg()[0]))
    print()
    print("| trace | events | version | file bytes | encode M ev/s (zstd alone) | "
          "decode M ev/s (zstd alone) | skimmed decode / from the prefix M ev/s | "
          "rn-analyze summary, 1 thread, M ev/s of CPU | summary --fast | summary, every "
          "field read (RN_READ_ALL=1) | summary, 1 thread, M ev/s of wall time | summary, "
          "2 threads (the default), M ev/s of wall time |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(r)
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
