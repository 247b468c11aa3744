#!/usr/bin/env python3
"""bench/format/encode_ab.py: encode speed and file size of two (or more)
builds side by side on the same traces, interleaved: in each round every
build runs `bench_format -e -r 3 -i TRACE` (encode alone, each build in its
own default format: rn_chunk_add_* and rn_writer_write_chunk, CPU time of
the thread, its own median of 3) on every trace, one build after the other; the figure is the median over the
rounds, in millions of events per second of one core. The bytes are those of
the file each build writes (exact, the same every round). Without TRACE
arguments it records find /usr/share -name '*.txt' and find / -xdev with the
first build's rn-record (--backend=ptrace). --cols times the encoders
alone (`bench_format -x`: rows to columns, no zstd; bytes are then the
chunks' uncompressed bytes). --events N encodes N events (the trace's
events over and over: the builder's buffers grown once, as in a long
recording). Prints a Markdown table.
usage: python3 bench/format/encode_ab.py [--rounds N] [--level L] [--cols] [--events N] BUILD...
       [-- TRACE...]"""
import os
import statistics
import subprocess
import sys
import tempfile

args = sys.argv[1:]
rounds, level = 7, 3
if "--rounds" in args:
    i = args.index("--rounds")
    rounds = int(args[i + 1])
    del args[i:i + 2]
if "--level" in args:
    i = args.index("--level")
    level = int(args[i + 1])
    del args[i:i + 2]
cols = "--cols" in args
if cols:
    args.remove("--cols")
events = None
if "--events" in args:
    i = args.index("--events")
    events = args[i + 1]
    del args[i:i + 2]
traces = []
if "--" in args:
    i = args.index("--")
    traces = args[i + 1:]
    args = args[:i]
builds = [os.path.abspath(b) for b in args]
if not builds:
    sys.exit(__doc__)
work = tempfile.mkdtemp(prefix="rn-encab-")

if not traces:
    rec = os.path.join(builds[0], "bin", "rn-record")
    for name, cmd in (("find-usr-share.rn", ["find", "/usr/share", "-name", "*.txt"]),
                      ("find-xdev.rn", ["find", "/", "-xdev"])):
        path = os.path.join(work, name)
        subprocess.run([rec, "-q", "-f", "--backend=ptrace", "-o", path, "--"] + cmd,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if not os.path.exists(path):
            sys.exit("encode_ab.py: rn-record did not write %s" % path)
        traces.append(path)


def run(build, trace):
    out = os.path.join(work, "out.rn")
    cmd = [os.path.join(build, "bench", "bench_format"), "-e", "-k", "-r", "3", "-l", str(level),
           "-i", trace, "-o", out] + (["-x"] if cols else [])
    if events:
        cmd += ["-n", events]
    res = subprocess.run(cmd, stdout=subprocess.PIPE, check=True, text=True).stdout
    last = res.strip().splitlines()[-1]  # median encode...: X M/s cpu; B [chunk ]bytes/event
    speed = float(last.split(":")[1].split()[0])
    if cols:
        size = float(last.split(";")[1].split()[0])
    else:
        size = os.path.getsize(out)
    os.unlink(out)
    return speed, size


speeds = {(b, t): [] for b in builds for t in traces}
sizes = {}
for r in range(rounds):
    for t in traces:
        for b in builds:
            s, n = run(b, t)
            speeds[(b, t)].append(s)
            sizes[(b, t)] = n
    sys.stderr.write("round %d of %d done\n" % (r + 1, rounds))

print("| trace | build | %s | vs first | %s M ev/s CPU (median of %d rounds) | vs first | best round |"
      " vs first |" % ("chunk bytes/event" if cols else "file bytes",
                      "rows to columns" if cols else "encode", rounds))
print("|---|---|---|---|---|---|---|---|")
for t in traces:
    b0 = builds[0]
    m0 = statistics.median(speeds[(b0, t)])
    x0 = max(speeds[(b0, t)])
    for b in builds:
        m = statistics.median(speeds[(b, t)])
        x = max(speeds[(b, t)])
        print("| %s | %s | %s | %+.2f %% | %.2f | %.2fx | %.2f | %.2fx |" %
              (os.path.basename(t), b, ("%.2f" if cols else "%d") % sizes[(b, t)], 100.0 * sizes[(b, t)] / sizes[(b0, t)] - 100,
               m, m / m0, x, x / x0))
