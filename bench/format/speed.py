#!/usr/bin/env python3
"""bench/format/speed.py: encode and decode events/s on one core, and
rn-analyze summary events/s, for real traces in formats 1.0, 2.0 and 3.0 side
by side. For each TRACE: the same events are rewritten in each version (rnfmt
convert, zstd -3 as rn-record writes; 3.0 at the trace's clock resolution);
then, interleaved for RUNS rounds:
bench_format -i (encode = rn_chunk_add_* + rn_writer_write_chunk, decode =
rn_reader_next, CPU time of the thread; plus zstd alone on the same chunk
bytes) for each version, and `rn-analyze summary` (user + system CPU) on each
version's file. Medians. Prints a Markdown table (docs/benchmarks/format.md).
usage: python3 bench/format/speed.py [--build DIR] [--runs N] TRACE..."""
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile

args = sys.argv[1:]
build = os.path.abspath(args[args.index("--build") + 1]) if "--build" in args else os.path.abspath("build")
runs = int(args[args.index("--runs") + 1]) if "--runs" in args else 5
traces = [a for i, a in enumerate(args) if not a.startswith("--") and
          (i == 0 or args[i - 1] not in ("--build", "--runs"))]
RNFMT = os.path.join(build, "tests", "format", "rnfmt")
BENCH = os.path.join(build, "bench", "bench_format")
ANALYZE = os.path.join(build, "bin", "rn-analyze")
work = tempfile.mkdtemp(prefix="rn-speed-")
VERSIONS = (1, 2, 3)


def bench(path, major):
    out = subprocess.run([BENCH, "-r", "1", "-l", "3", "-V", str(major), "-i", path, "-o",
                          os.path.join(work, "b.rn")], stdout=subprocess.PIPE, check=True,
                         text=True).stdout
    enc = re.search(r"median encode\+compress: .*?, ([0-9.]+) M/s cpu \(zstd alone ([0-9.]+)", out)
    dec = re.search(r"median decompress\+decode: .*?, ([0-9.]+) M/s cpu \(zstd alone ([0-9.]+)", out)
    return [float(enc.group(1)), float(enc.group(2)), float(dec.group(1)), float(dec.group(2))]


def summary_cpu(path):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([ANALYZE, "summary", path], stdout=subprocess.DEVNULL, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main():
    print("| trace | events | version | file bytes | encode M ev/s (zstd alone) | "
          "decode M ev/s (zstd alone) | rn-analyze summary M ev/s |")
    print("|---|---|---|---|---|---|---|")
    for t in traces:
        files = {}
        for major in VERSIONS:
            f = os.path.join(work, "t%d.rn" % major)
            if os.path.exists(f):
                os.unlink(f)
            subprocess.run([RNFMT, "convert", t, f, str(major), "3"], check=True)
            files[major] = f
        n = int(subprocess.run([RNFMT, "read", files[3]], stdout=subprocess.PIPE,
                               check=True).stdout.split()[1])
        res = {m: [] for m in VERSIONS}
        for _ in range(runs):
            for major in VERSIONS:
                res[major].append(bench(files[major], major) + [n / summary_cpu(files[major]) / 1e6])
        for major in VERSIONS:
            m = [statistics.median(r[k] for r in res[major]) for k in range(5)]
            print("| %s | %d | %d.0 | %d | %.2f (%.2f) | %.2f (%.2f) | %.2f |" % (
                os.path.basename(t), n, major, os.path.getsize(files[major]), m[0], m[1], m[2],
                m[3], m[4]))
    for f in os.listdir(work):
        os.unlink(os.path.join(work, f))
    os.rmdir(work)


if __name__ == "__main__":
    main()
