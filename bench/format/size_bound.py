#!/usr/bin/env python3
"""bench/format/size_bound.py: how small a trace holding what rn keeps can
get, measured on real traces (issue 15: which size targets are bounded by
the data). For each bench/format/size.py workload, in one run: rn-record's
trace and strace's two texts (same information `-f -ttt -T -v -s 4096`,
timed `-f -ttt -T`, zstd -3, as size.py). The trace is cut into the parts
rn keeps (every column of every chunk, the blob by syscall and capture
kind, the rest: bench/format/size_parts.py); each part is joined across
ALL chunks and compressed alone by the best of zstd --ultra -22 --long=27
and xz -9e (one model per column over the whole trace, matches across
chunks: what a column coder as good as zstd -19 or better reaches without
new transforms). The sum is the bound this tool reports beside the file as
written (per-chunk zstd -3). Also the directory entries' parts alone
(names; names + inodes; the d_off cookies: on ext4 hash values, ~8
incompressible bytes an entry) and each strace text at zstd -19: the floor
any trace showing what `rn-replay -v` shows cannot go below.
Prints Markdown tables (docs/benchmarks/format.md), then the parts with the
most room (as written per chunk at -3 against the bound).
usage: python3 bench/format/size_bound.py [--build DIR] [--base DIR] [--only NAME[,NAME]]
         [--backend ptrace|bpf] [--top N] [--fast] [--no-text19] [--keep DIR]
  --only: the workloads whose name holds one of these words;
  --no-text19: strace's texts at zstd -3 alone (-19 takes minutes on find /);
  --base DIR: also record each workload with DIR/bin/rn-record (another
  build, e.g. main's) in the same run and show its file beside this one's;
  --fast: zstd -19 --long=27 alone (no xz, no -22); --keep DIR: keep the
  traces and texts there (rn-NAME.rn, full-NAME.txt, timed-NAME.txt)."""
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import size  # noqa: E402  (workloads, recording; reads --build/--only/--backend itself)
import size_parts as sp  # noqa: E402

args = sys.argv[1:]
fast = "--fast" in args
keep = args[args.index("--keep") + 1] if "--keep" in args else None
base = os.path.abspath(args[args.index("--base") + 1]) if "--base" in args else None
top = int(args[args.index("--top") + 1]) if "--top" in args else 8
text19 = "--no-text19" not in args
only = size.only.split(",") if size.only else None
size.only = None  # size.py's own filter takes one word; ours takes several


def best(data):
    """Smallest compressed size of data: zstd --ultra -22 --long=27 and xz -9e
    (each in its own process; --fast: zstd -19 --long=27 alone)."""
    if not data:
        return 0
    cmds = [["zstd", "-q", "-c", "-19", "--long=27"]] if fast else [
        ["zstd", "-q", "-c", "--ultra", "-22", "--long=27"], ["xz", "-q", "-c", "-9e", "-T1"]]
    return min(len(subprocess.run(c, input=data, capture_output=True, check=True).stdout)
               for c in cmds)


def zfile(path, level):
    extra = ["--long=27", "-T2"] if level > 3 else []
    return len(subprocess.run(["zstd", "-q", "-c", "-%d" % level] + extra + [path],
                              capture_output=True, check=True).stdout)


def joined_parts(path):
    """{part: bytes joined across every chunk}, syscall events."""
    names = sp.sysnames()
    parts, nev = {}, 0
    for c in sp.chunks(path):
        p, n = sp.split(c, names)
        nev += n
        for k, v in p.items():
            parts.setdefault(k, []).append(v)
    return {k: b"".join(v) for k, v in parts.items()}, nev


def group(name):
    """The column group a part belongs to (the table's rows)."""
    if name.startswith("syscall."):
        return "syscall columns"
    if name.startswith("capture."):
        return "capture records"
    if name.startswith("dirent."):
        return "dirents"
    if name.startswith(("stat.", "statx.")):
        return "stat/statx"
    if name.startswith("blob"):
        return "blob (captured bytes)"
    return "rest"


def record(name, setup, tag):
    """rn trace, strace same-info text, strace timed text of fresh runs."""
    out = {}
    for tool in ("rn", "full", "timed") + (("base",) if base else ()):
        d = size.fresh(name, tool)
        cmd = setup(d)
        os.makedirs(d, exist_ok=True)
        dst = os.path.join(keep or size.work, "%s-%s.%s" % (
            tool, tag, "txt" if tool in ("full", "timed") else "rn"))
        if os.path.exists(dst):
            os.unlink(dst)
        pre = {"rn": [size.REC, "-q", "-f", "--backend=" + size.backend, "-o", dst, "--"],
               "full": ["strace", "-f", "-qq", "-ttt", "-T", "-v", "-s", "4096", "-o", dst],
               "timed": ["strace", "-f", "-qq", "-ttt", "-T", "-o", dst],
               "base": [os.path.join(base or "", "bin", "rn-record"), "-q", "-f",
                        "--backend=" + size.backend, "-o", dst, "--"]}[tool]
        size.run_in(d, pre + cmd, setup)
        out[tool] = dst
    return out


def measure(files):
    r = {"rn": os.path.getsize(files["rn"]), "events": size.events(files["rn"])}
    if "base" in files:
        r["base"] = os.path.getsize(files["base"])
        r["base events"] = size.events(files["base"])
    for t in ("full", "timed"):
        r[t] = zfile(files[t], 3)
        r[t + " 19"] = zfile(files[t], 19) if text19 else 0
    parts, _ = joined_parts(files["rn"])
    keys = sorted(parts)
    with ThreadPoolExecutor(max_workers=2) as ex:
        sizes = list(ex.map(lambda k: best(parts[k]), keys))
    r["parts"] = dict(zip(keys, sizes))
    r["raw"] = {k: len(parts[k]) for k in keys}
    r["per chunk -3"] = sp.breakdown(files["rn"], 3)[0]
    d = {k: parts.get("dirent." + k, b"") for k in ("names", "namelen", "ino", "off")}
    r["names"] = best(d["names"] + d["namelen"]) if d["names"] else 0
    r["names+ino"] = best(d["names"] + d["namelen"] + d["ino"]) if d["names"] else 0
    r["d_off"] = r["parts"].get("dirent.off", 0)
    r["d_off raw"] = len(d["off"])
    return r


def main():
    if keep:
        os.makedirs(keep, exist_ok=True)
    rows = []
    for name, setup in size.WORKLOADS:
        if only and not any(w in name for w in only):
            continue
        tag = name.split()[0] + "".join(c for c in name.split()[1][:6] if c.isalnum())
        r = measure(record(name, setup, tag))
        rows.append((name, r))
        sys.stderr.write("%s: rn %d, bound %d, full %d, timed %d\n" % (
            name, r["rn"], sum(r["parts"].values()), r["full"], r["timed"]))
    how = "zstd -19 --long=27" if fast else "best of zstd --ultra -22 --long=27 and xz -9e"
    print("| workload (--backend=%s) | events | rn as written%s | bound: each part over the "
          "whole trace, %s | bound / same info | bound / timed | rn / same info | rn / timed | "
          "strace same info -3 (-19) | strace timed -3 (-19) |" % (
              size.backend, " (base: events, bytes, / same info, / timed)" if base else "", how))
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, r in rows:
        b = sum(r["parts"].values())
        was = (" (base: %d, %d, %.2fx, %.2fx)" % (r["base events"], r["base"], r["base"] / r["full"],
                                                  r["base"] / r["timed"])) if "base" in r else ""
        print("| %s | %d | %d%s | %d | %.2fx | %.2fx | %.2fx | %.2fx | %d (%d) | %d (%d) |" % (
            name, r["events"], r["rn"], was, b, b / r["full"], b / r["timed"],
            r["rn"] / r["full"], r["rn"] / r["timed"], r["full"], r["full 19"], r["timed"],
            r["timed 19"]))
    print()
    print("B/event by group: the bound (as the file holds it, per chunk at zstd -3); directory "
          "entries alone (bound): names with their lengths, + inodes, d_off (raw bytes)")
    print()
    groups = ["syscall columns", "capture records", "blob (captured bytes)", "dirents",
              "stat/statx", "rest"]
    print("| workload | %s | names | names + ino | d_off | same info -3 | timed -3 |"
          % " | ".join(groups))
    print("|---|%s---|---|---|---|---|" % ("---|" * len(groups)))
    for name, r in rows:
        n = max(r["events"], 1)
        g, w = {}, {}
        for k, v in r["parts"].items():
            g[group(k)] = g.get(group(k), 0) + v
        for k, v in r["per chunk -3"].items():
            w[group(k)] = w.get(group(k), 0) + v
        print("| %s | %s | %.2f | %.2f | %.2f (%.2f) | %.2f | %.2f |" % (
            name, " | ".join("%.2f (%.2f)" % (g.get(x, 0) / n, w.get(x, 0) / n) for x in groups),
            r["names"] / n, r["names+ino"] / n, r["d_off"] / n, r["d_off raw"] / n,
            r["full"] / n, r["timed"] / n))
    print()
    print("Parts with the most room (per chunk at zstd -3 minus the bound, B/event):")
    print()
    for name, r in rows:
        n = max(r["events"], 1)
        room = sorted(((r["per chunk -3"].get(k, 0) - v, k, v) for k, v in r["parts"].items()),
                      reverse=True)[:top]
        print("- %s: %s" % (name, ", ".join("%s %.2f → %.2f" % (
            k, r["per chunk -3"].get(k, 0) / n, v / n) for _, k, v in room)))


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(size.work, ignore_errors=True)
