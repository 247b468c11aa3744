#!/usr/bin/env python3
"""bench/record/clock_noise.py: how much noise the ptrace backend's times
carry on this machine, to choose the clock resolution it states in the trace
header (RN_REC_PTRACE_CLOCK_RES_NS in record/rn_record.h). Records a loop of
getppid() calls (a call of constant, sub-microsecond cost) with
`rn-record --clock-res=1` (times kept to the ns), then prints the spread of
the calls' durations and of the gaps between back-to-back calls: quartiles,
interquartile range and median absolute deviation. Whatever varies between
two identical calls is the noise of the stops, so digits below that spread
carry nothing. Runs the loop under default placement and under --pin.
usage: python3 bench/record/clock_noise.py [--build DIR] [--calls N]"""
import csv
import io
import os
import statistics
import subprocess
import sys
import tempfile

args = sys.argv[1:]
build = os.path.abspath(args[args.index("--build") + 1]) if "--build" in args else os.path.abspath("build")
calls = args[args.index("--calls") + 1] if "--calls" in args else "20000"
REC, EXPORT = os.path.join(build, "bin", "rn-record"), os.path.join(build, "bin", "rn-export")
LOOP = os.path.join(build, "tests", "record", "progs", "loop")


def spread(v):
    v = sorted(v)
    q = lambda p: v[int(p * (len(v) - 1))]  # noqa: E731
    med = q(0.5)
    return "min %d, p25 %d, median %d, p75 %d (IQR %d), MAD %d" % (
        v[0], q(0.25), med, q(0.75), q(0.75) - q(0.25),
        statistics.median(abs(x - med) for x in v))


def main():
    d = tempfile.mkdtemp(prefix="rn-noise-")
    for label, extra in (("default placement", []), ("--pin", ["--pin"])):
        out = os.path.join(d, "loop%d.rn" % len(extra))
        subprocess.run([REC, "-q", "--clock-res=1"] + extra + ["-o", out, LOOP, calls],
                       check=True, stdout=subprocess.DEVNULL)
        text = subprocess.run([EXPORT, "csv", out], check=True, capture_output=True,
                              text=True).stdout
        rows = [r for r in csv.DictReader(io.StringIO(text)) if r["syscall"] == "getppid"]
        dur = [int(r["duration_ns"]) for r in rows]
        start = [int(r["start_unix_ns"]) for r in rows]
        gaps = [b - a for a, b in zip(start, start[1:])]
        print("%s, %d getppid calls (ns):" % (label, len(rows)))
        print("  durations: " + spread(dur))
        print("  back-to-back gaps: " + spread(gaps))
        os.unlink(out)
    os.rmdir(d)


if __name__ == "__main__":
    main()
