#!/usr/bin/env python3
"""bench/format/size_ab.py: trace size of two builds' rn-record against
strace's text with the same information, interleaved (issue 15's ratio).
In each round, for each workload of bench/format/size.py (set up afresh for
every tool): BASE's rn-record, this build's rn-record, `strace -f -qq -ttt
-T -v -s 4096` (the same information) and `strace -f -qq -ttt -T` (timed),
strace's texts compressed with zstd -3. Prints per workload the medians over
the rounds: bytes, events, and each rn trace's ratio to the same-information
and timed texts of its round.
usage: python3 bench/format/size_ab.py --build DIR --base DIR [--rounds N]
       [--only NAME[,NAME]] [--backend ptrace|bpf]"""
import os
import statistics
import sys

import size

args = sys.argv[1:]
build = os.path.abspath(args[args.index("--build") + 1])
base = os.path.abspath(args[args.index("--base") + 1])
rounds = int(args[args.index("--rounds") + 1]) if "--rounds" in args else 3
only = args[args.index("--only") + 1].split(",") if "--only" in args else None
TOOLS = {
    "base": [os.path.join(base, "bin", "rn-record"), "-q", "-f", "--backend=" + size.backend,
             "-o"],
    "rn": [os.path.join(build, "bin", "rn-record"), "-q", "-f", "--backend=" + size.backend,
           "-o"],
    "full": ["strace", "-f", "-qq", "-ttt", "-T", "-v", "-s", "4096", "-o"],
    "timed": ["strace", "-f", "-qq", "-ttt", "-T", "-o"],
}


def one(name, setup, tool):
    d = size.fresh(name, tool)
    cmd = setup(d)
    os.makedirs(d, exist_ok=True)
    out = os.path.join(size.work, "out-" + tool)
    if os.path.exists(out):
        os.unlink(out)
    size.run_in(d, TOOLS[tool] + [out] + (["--"] if tool in ("base", "rn") else []) + cmd, setup)
    if tool in ("base", "rn"):
        return os.path.getsize(out), size.events(out)
    return size.zsize(out), 0


def main():
    print("| workload (--backend=%s, %d rounds, medians) | events | base rn-record | this "
          "rn-record | change | strace same info, zstd -3 | strace timed, zstd -3 | base / same "
          "info | **this / same info** | base / timed | this / timed |" % (size.backend, rounds))
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for name, setup in size.WORKLOADS:
        if only and not any(w in name for w in only):
            continue
        r = {k: [] for k in ("base", "rn", "full", "timed", "ev", "b/f", "r/f", "b/t", "r/t")}
        for _ in range(rounds):
            got = {t: one(name, setup, t) for t in TOOLS}
            for t in TOOLS:
                r[t].append(got[t][0])
            r["ev"].append(got["rn"][1])
            for k, a, b in (("b/f", "base", "full"), ("r/f", "rn", "full"),
                            ("b/t", "base", "timed"), ("r/t", "rn", "timed")):
                r[k].append(got[a][0] / got[b][0])
        m = {k: statistics.median(v) for k, v in r.items()}
        print("| %s | %d | %d | %d | %+.1f %% | %d | %d | %.3fx | **%.3fx** | %.3fx | %.3fx |" % (
            name, m["ev"], m["base"], m["rn"], 100.0 * (m["rn"] - m["base"]) / m["base"],
            m["full"], m["timed"], m["b/f"], m["r/f"], m["b/t"], m["r/t"]))
        sys.stdout.flush()


if __name__ == "__main__":
    try:
        main()
    finally:
        size.shutil.rmtree(size.work, ignore_errors=True)
