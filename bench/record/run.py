#!/usr/bin/env python3
"""bench/record/run.py: rn-record against native, the bare ptrace loop and
strace on the issue's workloads, interleaved, medians of N runs; trace sizes
against strace's text output compressed with zstd; peak RSS; --stack and
-e trace=%file overhead. Wall time and CPU time (user + system of the tool
and everything it runs, from getrusage): CPU time is what the other
engineers' compilers on the same 2 CPUs disturb least. Prints a Markdown report (docs/benchmarks/record.md).
-e trace=%file with -f (seccomp prefilter) and without (none), against strace.
usage: python3 bench/record/run.py [--build DIR] [--runs N] [--quick] [--filter-only]"""
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

args = sys.argv[1:]
build = os.path.abspath(args[args.index("--build") + 1]) if "--build" in args else os.path.abspath("build")
runs = int(args[args.index("--runs") + 1]) if "--runs" in args else 3
quick = "--quick" in args
BIN = os.path.join(build, "bin")
PROGS = os.path.join(build, "tests", "record", "progs")
REC = os.path.join(BIN, "rn-record")
BARE = os.path.join(BIN, "rn-bench-bare")
START = os.getcwd()
work = tempfile.mkdtemp(prefix="rn-bench-")
os.chdir(work)
DEVNULL = subprocess.DEVNULL

WORKLOADS = [
    ("getppid loop 200k", [os.path.join(PROGS, "loop"), "200000"]),
    ("open/write/read/close x20k", [os.path.join(PROGS, "fileio"), "20000"]),
    ("ls -la /usr/bin", ["ls", "-la", "/usr/bin"]),
    ("find /usr/share -name '*.txt'", ["find", "/usr/share", "-name", "*.txt"]),
    ("sh: 100 x /bin/true", ["sh", "-c", "i=0; while [ $i -lt 100 ]; do /bin/true; i=$((i+1)); done"]),
    ("4 threads x 20k getppid", [os.path.join(PROGS, "threads"), "4", "20000"]),
]
if quick:
    WORKLOADS = WORKLOADS[:1] + WORKLOADS[5:]

TOOLS = [
    ("native", lambda c: c),
    ("bare loop", lambda c: [BARE, "--"] + c),
    ("bare loop --spin=200", lambda c: [BARE, "--spin=200", "--"] + c),
    ("bare loop --pin", lambda c: [BARE, "--pin", "--"] + c),
    ("strace -f -qq -o FILE", lambda c: ["strace", "-f", "-qq", "-o", "st.txt"] + c),
    ("rn-record -f (default)", lambda c: [REC, "-q", "-f", "-o", "t.rn"] + c),
    ("rn-record -f --spin=0", lambda c: [REC, "-q", "-f", "--spin=0", "-o", "t.rn"] + c),
    ("rn-record -f --pin", lambda c: [REC, "-q", "-f", "--pin", "-o", "t.rn"] + c),
    ("rn-record -f --stack", lambda c: [REC, "-q", "-f", "--stack", "-o", "t.rn"] + c),
]


LAST_CPU = [0.0]


def run(cmd):
    """Wall time of one run; its CPU time (user + system of the command and
    its descendants) is left in LAST_CPU[0]."""
    for f in ("t.rn", "t.rn.old", "st.txt"):
        if os.path.exists(f):
            os.unlink(f)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    subprocess.run(cmd, stdout=DEVNULL, stderr=DEVNULL, check=False)
    wall = time.monotonic() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    LAST_CPU[0] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall


def interleaved(tools, cmd, n):
    """n rounds of every tool on cmd, one after the other; median wall and
    CPU time per tool."""
    times = {t: [] for t, _ in tools}
    cpus = {t: [] for t, _ in tools}
    for _ in range(n):
        for tname, mk in tools:
            times[tname].append(run(mk(cmd)))
            cpus[tname].append(LAST_CPU[0])
    return ({t: statistics.median(v) for t, v in times.items()},
            {t: statistics.median(v) for t, v in cpus.items()})


def peak_rss(cmd):
    out = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, stdout=DEVNULL,
                         stderr=subprocess.PIPE, text=True, check=False).stderr.strip().splitlines()
    return int(out[-1]) if out and out[-1].isdigit() else 0


def zstd_size(path):
    if not os.path.exists(path):
        return 0
    out = subprocess.run(["zstd", "-q", "-c", path], stdout=subprocess.PIPE, check=False).stdout
    return len(out)


def main():
    load = os.getloadavg()
    print("# rn-record benchmarks\n")
    print("Machine: %d CPUs, load average at start %.2f %.2f %.2f (other engineers compile in"
          " parallel; compare ratios within one run). Medians of %d interleaved runs.\n" %
          (os.cpu_count(), load[0], load[1], load[2], runs))
    print("Command (from the repository, after `make`): `python3 bench/record/run.py --build %s --runs %d`\n" % (
        os.path.relpath(build, os.environ.get("RN_ROOT", START)), runs))
    results = {}
    for wname, cmd in WORKLOADS:
        results[wname], results[wname]["_cpu"] = interleaved(TOOLS, cmd, runs)
        # sizes and memory, once
        run([REC, "-q", "-f", "-o", "t.rn"] + cmd)
        rn_size = os.path.getsize("t.rn")
        run(["strace", "-f", "-qq", "-o", "st.txt"] + cmd)
        st_size = os.path.getsize("st.txt")
        st_z = zstd_size("st.txt")
        rss = peak_rss([REC, "-q", "-f", "-o", "t.rn"] + cmd)
        results[wname]["_sizes"] = (rn_size, st_size, st_z, rss)
        print("<!-- %s done -->" % wname, file=sys.stderr)
    print("## Wall time (seconds, median) and ratios\n")
    hdr = [t for t, _ in TOOLS]
    print("| workload | " + " | ".join(hdr) + " |")
    print("|---" * (len(hdr) + 1) + "|")
    for wname, _ in WORKLOADS:
        r = results[wname]
        print("| %s | " % wname + " | ".join("%.3f" % r[t] for t in hdr) + " |")
    print("\n## Ratios\n")
    print("| workload | rn/bare (default placement) | rn --spin=0 / bare | rn --pin / bare --pin | strace/rn | rn/native | --stack / rn |")
    print("|---|---|---|---|---|---|---|")
    for wname, _ in WORKLOADS:
        r = results[wname]
        print("| %s | %.2f | %.2f | %.2f | %.2f | %.1f | %.2f |" % (
            wname, r["rn-record -f (default)"] / r["bare loop --spin=200"],
            r["rn-record -f --spin=0"] / r["bare loop"],
            r["rn-record -f --pin"] / r["bare loop --pin"],
            r["strace -f -qq -o FILE"] / r["rn-record -f (default)"],
            r["rn-record -f (default)"] / max(r["native"], 1e-4),
            r["rn-record -f --stack"] / r["rn-record -f (default)"]))
    print("\n## CPU time (seconds of user + system, tool and tracee, median)\n")
    print("| workload | " + " | ".join(hdr) + " |")
    print("|---" * (len(hdr) + 1) + "|")
    for wname, _ in WORKLOADS:
        c = results[wname]["_cpu"]
        print("| %s | " % wname + " | ".join("%.3f" % c[t] for t in hdr) + " |")
    print("\n## CPU-time ratios\n")
    print("| workload | rn/bare (default placement) | rn --spin=0 / bare | rn --pin / bare --pin | strace/rn | strace/rn --pin |")
    print("|---|---|---|---|---|---|")
    for wname, _ in WORKLOADS:
        c = results[wname]["_cpu"]
        d = lambda a, b: c[a] / max(c[b], 1e-4)
        print("| %s | %.2f | %.2f | %.2f | %.2f | %.2f |" % (
            wname, d("rn-record -f (default)", "bare loop --spin=200"),
            d("rn-record -f --spin=0", "bare loop"),
            d("rn-record -f --pin", "bare loop --pin"),
            d("strace -f -qq -o FILE", "rn-record -f (default)"),
            d("strace -f -qq -o FILE", "rn-record -f --pin")))
    print("\n## Trace size and recorder memory\n")
    print("| workload | rn trace (bytes) | strace text | strace text, zstd -3 | rn / strace+zstd | rn-record peak RSS (KiB) |")
    print("|---|---|---|---|---|---|")
    for wname, _ in WORKLOADS:
        rn_size, st_size, st_z, rss = results[wname]["_sizes"]
        print("| %s | %d | %d | %d | %.2f | %d |" % (wname, rn_size, st_size, st_z,
                                                    rn_size / max(st_z, 1), rss))
    # -e trace=%file on the getppid loop: untraced calls never stop.
    loop = [os.path.join(PROGS, "loop"), "200000"]
    nat, fil = [], []
    for _ in range(max(runs, 5)):
        nat.append(run(loop))
        fil.append(run([REC, "-q", "-f", "-e", "trace=%file", "-o", "t.rn"] + loop))
    n, f = statistics.median(nat), statistics.median(fil)
    print("\n## -e trace=%%file on the getppid loop\n\nnative %.4f s, rn-record -f -e trace=%%file %.4f s:"
          " %.2fx native (includes starting the recorder and writing the file).\n" % (n, f, f / n))
    filter_bench()


# -e trace=%file with and without -f. The seccomp prefilter is used only
# with -f (a child nobody traces would get ENOSYS from the filtered calls),
# so without -f every call of the traced thread stops. Smaller workloads
# than above: without the filter the loops cost seconds per run.
FILTER_WORKLOADS = [
    ("getppid loop 100k", [os.path.join(PROGS, "loop"), "100000"]),
    ("open/write/read/close x10k", [os.path.join(PROGS, "fileio"), "10000"]),
    ("ls -la /usr/bin", ["ls", "-la", "/usr/bin"]),
    ("find /usr/share/doc", ["find", "/usr/share/doc", "-name", "*.txt"]),
    ("sh: 100 x /bin/true", ["sh", "-c", "i=0; while [ $i -lt 100 ]; do /bin/true; i=$((i+1)); done"]),
]
FILTER_TOOLS = [
    ("native", lambda c: c),
    ("rn-record -e (no -f)", lambda c: [REC, "-q", "-e", "trace=%file", "-o", "t.rn"] + c),
    ("rn-record -f -e", lambda c: [REC, "-q", "-f", "-e", "trace=%file", "-o", "t.rn"] + c),
    ("strace -e (no -f)", lambda c: ["strace", "-qq", "-e", "trace=%file", "-o", "st.txt"] + c),
    ("strace -f --seccomp-bpf -e", lambda c: ["strace", "-f", "--seccomp-bpf", "-qq", "-e", "trace=%file",
                                              "-o", "st.txt"] + c),
]


def filter_bench():
    n = max(runs, 5)
    res = {}
    for wname, cmd in FILTER_WORKLOADS:
        res[wname] = interleaved(FILTER_TOOLS, cmd, n)
        print("<!-- filter: %s done -->" % wname, file=sys.stderr)
    hdr = [t for t, _ in FILTER_TOOLS]
    print("\n## -e trace=%file without -f (no prefilter) and with -f (seccomp prefilter)\n")
    print("Medians of %d interleaved runs. Without -f every call of the traced thread stops"
          " (as with strace, whose --seccomp-bpf also needs -f); children run untraced.\n" % n)
    for title, k in (("Wall time (s)", 0), ("CPU time, user + system of tool and program (s)", 1)):
        print("%s:\n" % title)
        print("| workload | " + " | ".join(hdr) + " | rn no -f / rn -f | rn no -f / strace no -f |")
        print("|---" * (len(hdr) + 3) + "|")
        for wname, _ in FILTER_WORKLOADS:
            r = res[wname][k]
            print("| %s | " % wname + " | ".join("%.3f" % r[t] for t in hdr) + " | %.2f | %.2f |" % (
                r["rn-record -e (no -f)"] / max(r["rn-record -f -e"], 1e-4),
                r["rn-record -e (no -f)"] / max(r["strace -e (no -f)"], 1e-4)))
        print()


if "--filter-only" in args:
    load = os.getloadavg()
    print("Load average at start %.2f %.2f %.2f; command: `python3 bench/record/run.py --build %s"
          " --runs %d --filter-only`" % (load[0], load[1], load[2],
                                         os.path.relpath(build, os.environ.get("RN_ROOT", START)), runs))
    filter_bench()
else:
    main()
shutil.rmtree(work, ignore_errors=True)
