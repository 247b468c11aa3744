#!/usr/bin/env python3
"""bench/record/size_columns.py: where a trace's compressed bytes go. Reads
the chunks of an rn trace (zstd -dc: the concatenated size-prefixed
FlatBuffers), splits the Syscall records into one column per field, and
compresses each column, the capture records and the blob separately with
zstd (level 1 by default, per chunk, as rn-record does). Also compares the
row layout rn writes with a column layout and with byte planes.
usage: python3 bench/record/size_columns.py TRACE [LEVEL]"""
import struct
import subprocess
import sys

SYSCALL, CAPTURE = 96, 24
F_SYSCALLS, F_CAPTURES, F_BLOB = 3, 4, 12  # Chunk field ids (format/rn.fbs)
FIELDS = [("entry_delta", 0, 8), ("duration", 8, 8), ("a0", 16, 8), ("a1", 24, 8), ("a2", 32, 8),
          ("a3", 40, 8), ("a4", 48, 8), ("a5", 56, 8), ("ret", 64, 8), ("ip", 72, 8),
          ("pid", 80, 4), ("tid", 84, 4), ("nr", 88, 2), ("flags", 90, 2), ("ncap", 92, 2)]


def chunks(path):
    raw = subprocess.run(["zstd", "-dc", path], capture_output=True, check=True).stdout
    i = 0
    while i < len(raw):
        n = struct.unpack_from("<I", raw, i)[0]
        yield raw[i + 4:i + 4 + n]
        i += 4 + n


def vector(buf, field, size):
    root = struct.unpack_from("<I", buf, 0)[0]
    vt = root - struct.unpack_from("<i", buf, root)[0]
    if 4 + 2 * field >= struct.unpack_from("<H", buf, vt)[0]:
        return b""
    fo = struct.unpack_from("<H", buf, vt + 4 + 2 * field)[0]
    if not fo:
        return b""
    p = root + fo
    v = p + struct.unpack_from("<I", buf, p)[0]
    return buf[v + 4:v + 4 + struct.unpack_from("<I", buf, v)[0] * size]


def zsize(b, level):
    if not b:
        return 0
    return len(subprocess.run(["zstd", "-q", "-c", "-%d" % level], input=b, capture_output=True,
                              check=True).stdout)


def main():
    path = sys.argv[1]
    level = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    tot, cols, nev = {}, {}, 0
    for c in chunks(path):
        sc = vector(c, F_SYSCALLS, SYSCALL)
        n = len(sc) // SYSCALL
        nev += n
        rest = c.replace(sc, b"") if sc else c
        col = {name: [sc[i * SYSCALL + off:i * SYSCALL + off + w] for i in range(n)]
               for name, off, w in FIELDS}
        planes = b"".join(bytes(x[k] for x in col[name]) for name, _, w in FIELDS for k in range(w))
        for key, val in (("rows (as written)", zsize(c, level)),
                         ("columns", zsize(b"".join(b"".join(v) for v in col.values()) + rest, level)),
                         ("byte planes", zsize(planes + rest, level)),
                         ("captures", zsize(vector(c, F_CAPTURES, CAPTURE), level)),
                         ("blob (captured bytes)", zsize(vector(c, F_BLOB, 1), level))):
            tot[key] = tot.get(key, 0) + val
        for name, _, _ in FIELDS:
            cols[name] = cols.get(name, 0) + zsize(b"".join(col[name]), level)
    nev = max(nev, 1)
    print("%s: %d syscall events, zstd -%d per chunk" % (path, nev, level))
    for k, v in tot.items():
        print("  %-22s %10d bytes  %6.2f B/event" % (k, v, v / nev))
    print("  syscall fields, each compressed alone (B/event):")
    print("   " + ", ".join("%s %.2f" % (k, v / nev) for k, v in cols.items()))


if __name__ == "__main__":
    main()
