#!/usr/bin/env python3
"""bench/format/zstd_columns.py: what zstd's time goes to, column by column,
on a trace's chunks, with the writer's parameters. Each variant is the very
chunk stream (`zstd -dc TRACE`) with one group of columns (docs/format.md
§4.5-4.8) overwritten with zeros, which zstd compresses at almost no cost:
the time a variant saves against the whole stream is what that group costs
zstd, and the bytes it saves what the group takes compressed (in context).
All variants are compressed in one process, interleaved, best of ROUNDS
(`bench_zparams -w -R`), the whole stream first and again last (the last
row: how far a figure moves by chance). Prints a Markdown table, ns per
event.
usage: python3 bench/format/zstd_columns.py [--build DIR] [--rounds N] TRACE"""
import os
import re
import struct
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import size_parts as sp  # noqa: E402

args = sys.argv[1:]
build = "build"
rounds = 7
if "--build" in args:
    i = args.index("--build")
    build = args[i + 1]
    del args[i:i + 2]
if "--rounds" in args:
    i = args.index("--rounds")
    rounds = int(args[i + 1])
    del args[i:i + 2]
if len(args) != 1:
    sys.exit(__doc__)
trace = args[0]
BENCH = os.path.join(build, "bench", "bench_zparams")
RNFMT = os.path.join(build, "tests", "format", "rnfmt")

TABLES = {"syscall": ("syscall_cols", sp.SC), "capture": ("capture_cols", sp.CP),
          "dirent": ("dirent_cols", sp.DC), "stat": ("stat_cols", sp.ST),
          "statx": ("statx_cols", sp.SX)}
GROUPS = [
    ("dirent names", ["dirent:names"]),
    ("dirent offsets (d_off cookies)", ["dirent:off"]),
    ("dirent inodes", ["dirent:ino"]),
    ("dirent padding (stale bytes)", ["dirent:pad"]),
    ("every dirent column", ["dirent:" + c for c in sp.DC[1:]]),
    ("syscall columns", ["syscall:" + c for c in sp.SC[1:]]),
    ("capture columns", ["capture:" + c for c in sp.CP[1:]]),
    ("stat columns", ["stat:" + c for c in sp.ST[1:]]),
    ("statx columns", ["statx:" + c for c in sp.SX[1:]]),
    ("blob (paths, buffers, other captures)", ["blob"]),
]


def vector_span(c, tbl, fid):
    """(start, length) of the bytes of vector field fid of the table at tbl."""
    p = sp.field(c, tbl, fid)
    if p is None:
        return None
    v = sp.deref(c, p)
    return v + 4, struct.unpack_from("<I", c, v)[0]


def zeroed(raw, cols):
    """raw with the named columns' bytes zeroed; and how many bytes that was."""
    out = bytearray(raw)
    n = i = 0
    while i < len(raw):
        size = struct.unpack_from("<I", raw, i)[0]
        c = raw[i:i + 4 + size]
        root = 4 + struct.unpack_from("<I", c, 4)[0]
        for col in cols:
            if col == "blob":
                span = vector_span(c, root, sp.CHUNK["blob"])
            else:
                t, name = col.split(":")
                fid, names = TABLES[t]
                p = sp.field(c, root, sp.CHUNK[fid])
                span = vector_span(c, sp.deref(c, p), names.index(name)) if p else None
            if span:
                out[i + span[0]:i + span[0] + span[1]] = bytes(span[1])
                n += span[1]
        i += 4 + size
    return bytes(out), n


def main():
    raw = subprocess.run(["zstd", "-qdc", trace], stdout=subprocess.PIPE, check=True).stdout
    events = int(subprocess.run([RNFMT, "read", trace], stdout=subprocess.PIPE,
                                check=True).stdout.split()[1])
    work = tempfile.mkdtemp(prefix="rn-zcols-")
    files, zero_bytes = [os.path.join(work, "whole")], [0]
    with open(files[0], "wb") as f:
        f.write(raw)
    for k, (name, cols) in enumerate(GROUPS):
        data, n = zeroed(raw, cols)
        path = os.path.join(work, "g%d" % k)
        with open(path, "wb") as f:
            f.write(data)
        files.append(path)
        zero_bytes.append(n)
    files.append(files[0])  # the whole stream again, last: how far the figures move by chance
    out = subprocess.run([BENCH, "-w", "-r", str(rounds), "-R", str(events)] + files,
                         stdout=subprocess.PIPE, check=True, text=True).stdout
    rows = []
    for line in out.splitlines():
        m = re.match(r"\| (\S+) \| (\d+) \| (\d+) \| ([-+]\d+) \|$", line)
        if m:
            rows.append((int(m.group(2)), int(m.group(3))))
    whole = rows[0]
    print("%s: %d events, %.1f chunk bytes/event; zstd (the writer's parameters) %d ns/event, "
          "%.2f B/event; best of %d interleaved rounds\n" %
          (os.path.basename(trace), events, len(raw) / events, whole[1], whole[0] / events, rounds))
    print("| columns | raw B/event | compressed B/event (saved when zeroed) | zstd ns/event (saved when "
          "zeroed) | share of zstd's time |")
    print("|---|---|---|---|---|")
    for k, (name, _) in enumerate(GROUPS):
        b, t = rows[k + 1]
        if zero_bytes[k + 1] == 0:
            continue
        print("| %s | %.2f | %.2f | %d | %.0f %% |" %
              (name, zero_bytes[k + 1] / events, (whole[0] - b) / events, whole[1] - t,
               100.0 * (whole[1] - t) / whole[1]))
    print("| (the whole stream again, last: chance) | %.2f | 0 | %+d | |" %
          (len(raw) / events, whole[1] - rows[-1][1]))
    for p in files[:-1]:
        os.unlink(p)
    os.rmdir(work)


main()
