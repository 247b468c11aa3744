#!/usr/bin/env python3
"""bench/format/size.py: trace size against strace's text (issue 15). For each
workload, in one run: rn-record's trace (format 5.0, zstd -3; --backend
ptrace by default: times at 1 us; bpf: 1 ns), the same events rewritten as
format 4.0, 3.0, 2.0 and 1.0 at zstd -3 (rnfmt convert: the same events, the old
layouts; 1.0 and 2.0 keep the times as recorded), strace's text with the
same information (`strace -f -ttt -T -v -s 4096`) and its timed text
(`strace -f -ttt -T`), both compressed with zstd -3; and the rn trace
rewritten at zstd -6. Each tool traces its own fresh run of the workload. Prints a
Markdown table (docs/benchmarks/format.md), then where the bytes of each rn
trace go (bench/format/size_parts.py: B/event per column and capture kind,
the largest parts).
usage: python3 bench/format/size.py [--build DIR] [--only NAME] [--top N] [--backend ptrace|bpf]"""
import os
import shutil
import subprocess
import sys
import tempfile

args = sys.argv[1:]
build = os.path.abspath(args[args.index("--build") + 1]) if "--build" in args else os.path.abspath("build")
only = args[args.index("--only") + 1] if "--only" in args else None
top = int(args[args.index("--top") + 1]) if "--top" in args else 12
backend = args[args.index("--backend") + 1] if "--backend" in args else "ptrace"
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import size_parts  # noqa: E402
REC = os.path.join(build, "bin", "rn-record")
RNFMT = os.path.join(build, "tests", "format", "rnfmt")
work = tempfile.mkdtemp(prefix="rn-size-")
DEVNULL = subprocess.DEVNULL

MAKEFILE = "CFLAGS = -O1\nOBJS = %s\nprog: $(OBJS)\n\t$(CC) -o $@ $(OBJS)\n"


def setup_git(d):
    """300 small files in a fresh directory; the traced command makes the repo."""
    os.makedirs(d)
    for i in range(300):
        with open(os.path.join(d, "f%03d.txt" % i), "w") as f:
            f.write("file %d\n" % i * (1 + i % 7))
    return ["sh", "-c", "git init -q . && git add . && "
            "git -c user.name=rn -c user.email=rn@example.org commit -qm files"]


def setup_make(d):
    """A small C project: 12 files and a Makefile, built with make -j2."""
    os.makedirs(d)
    objs = []
    for i in range(12):
        with open(os.path.join(d, "m%02d.c" % i), "w") as f:
            f.write("#include <stdio.h>\n#include <string.h>\n")
            if i == 0:
                f.write("".join("int f%02d(int);\n" % k for k in range(1, 12)))
                f.write("int main(void) { int s = 0;\n%s printf(\"%%d\\n\", s); return 0; }\n"
                        % "".join(" s += f%02d(%d);\n" % (k, k) for k in range(1, 12)))
            else:
                f.write("int f%02d(int x) { char b[64]; snprintf(b, sizeof b, \"%%d\", x);"
                        " return (int)strlen(b) + x; }\n" % i)
        objs.append("m%02d.o" % i)
    with open(os.path.join(d, "Makefile"), "w") as f:
        f.write(MAKEFILE % " ".join(objs))
    return ["make", "-s", "-j2"]


WORKLOADS = [
    ("ls -la /usr/bin", lambda d: ["ls", "-la", "/usr/bin"]),
    ("find /usr/share -name '*.txt'", lambda d: ["find", "/usr/share", "-name", "*.txt"]),
    ("find / -xdev", lambda d: ["find", "/", "-xdev"]),
    ("git init/add/commit, 300 files", setup_git),
    ("make -j2, 12 C files", setup_make),
]


def fresh(name, tool):
    d = os.path.join(work, "%s-%s" % (name[:4].replace(" ", "_").replace("/", "_"), tool))
    shutil.rmtree(d, ignore_errors=True)
    return d


def run_in(d, cmd, setup):
    if not os.path.isdir(d):
        os.makedirs(d)
    subprocess.run(cmd, cwd=d, stdout=DEVNULL, stderr=DEVNULL)


def zsize(path, level=3):
    out = subprocess.run(["zstd", "-q", "-c", "-%d" % level, path], stdout=subprocess.PIPE,
                         check=True).stdout
    return len(out)


def events(path):
    out = subprocess.run([RNFMT, "read", path], stdout=subprocess.PIPE, check=True).stdout
    return int(out.split()[1])


def main():
    rows = []
    for name, setup in WORKLOADS:
        if only and only not in name:
            continue
        res = {}
        for tool in ("rn", "full", "timed"):
            d = fresh(name, tool)
            cmd = setup(d)
            os.makedirs(d, exist_ok=True)
            out = os.path.join(work, "out-" + tool)
            if os.path.exists(out):
                os.unlink(out)
            pre = {"rn": [REC, "-q", "-f", "--backend=" + backend, "-o", out, "--"],
                   "full": ["strace", "-f", "-qq", "-ttt", "-T", "-v", "-s", "4096", "-o", out],
                   "timed": ["strace", "-f", "-qq", "-ttt", "-T", "-o", out]}[tool]
            run_in(d, pre + cmd, setup)
            if tool == "rn":
                res["events"] = events(out)
                res["rn"] = os.path.getsize(out)
                for major, level in ((1, 3), (2, 3), (3, 3), (4, 3), (5, 6)):
                    conv = out + ".%d.%d" % (major, level)
                    if os.path.exists(conv):
                        os.unlink(conv)
                    subprocess.run([RNFMT, "convert", out, conv, str(major), str(level)],
                                   check=True)
                    res["v%d l%d" % (major, level)] = os.path.getsize(conv)
                res["parts"] = size_parts.breakdown(out, 1)
            else:
                res[tool] = zsize(out)
                res[tool + " lines"] = sum(1 for _ in open(out, "rb"))
        rows.append((name, res))
        sys.stderr.write("%s: %s\n" % (name, res))
    print("| workload (--backend=%s) | syscall events | rn 5.0 (as recorded, zstd -3) | same "
          "events in 4.0 | in 3.0 | in 2.0 | in 1.0 | 5.0 at zstd -6 | strace same info (-f -ttt -T -v "
          "-s 4096), zstd -3 | strace timed (-f -ttt -T), zstd -3 | rn / same info | "
          "rn / timed |" % backend)
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for name, r in rows:
        print("| %s | %d | %d | %d (%.2fx) | %d (%.2fx) | %d (%.2fx) | %d (%.2fx) | %d | %d | %d "
              "| %.2f | %.2f |" % (
                  name, r["events"], r["rn"], r["v4 l3"], r["v4 l3"] / r["rn"], r["v3 l3"],
                  r["v3 l3"] / r["rn"], r["v2 l3"],
                  r["v2 l3"] / r["rn"], r["v1 l3"], r["v1 l3"] / r["rn"], r["v5 l6"],
                  r["full"], r["timed"], r["rn"] / r["full"], r["rn"] / r["timed"]))
    print()
    print("Where the bytes go (rn 5.0 as recorded; each part of each chunk compressed alone "
          "with zstd -1; B/event):")
    print()
    print("| workload | B/event (file) | strace same info | strace timed | largest parts |")
    print("|---|---|---|---|---|")
    for name, r in rows:
        n = max(r["events"], 1)
        parts = sorted(r["parts"][0].items(), key=lambda kv: -kv[1])[:top]
        print("| %s | %.2f | %.2f | %.2f | %s |" % (
            name, r["rn"] / n, r["full"] / n, r["timed"] / n,
            ", ".join("%s %.2f" % (k, v / n) for k, v in parts)))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
