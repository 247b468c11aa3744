#!/usr/bin/env python3
"""bench/format/size_parts.py: where the compressed bytes of an rn trace
(format 2.x to 5.x) go. Splits every chunk into its parts (each column of
SyscallColumns, CaptureColumns, DirentColumns, StatColumns and
StatxColumns, the
blob split by the syscall and capture kind its bytes belong to, everything
else) and compresses each part of each chunk alone with zstd at the given
level, as the writer compresses a chunk. The sum is close to the file size
(parts compressed apart lose the matches between them, gain a model of
their own). Prints B/event per part, largest first.
usage: python3 bench/format/size_parts.py TRACE [LEVEL] [--top N]"""
import struct
import subprocess
import sys

# Chunk field ids (format/rn.fbs) and column names per table.
CHUNK = {"blob": 12, "syscall_cols": 13, "capture_cols": 14, "dirent_cols": 15,
         "stat_cols": 16, "statx_cols": 17}
SC = ["count", "entry", "duration", "a0", "a1", "a2", "a3", "a4", "a5", "ret", "ip", "pid",
      "tid", "nr", "flags", "ncap"]
CP = ["count", "addr", "gap", "len", "more", "kind", "arg", "flags", "form"]
DC = ["count", "ino", "off", "reclen", "type", "namelen", "names", "pad", "hit"]
ST = ["count", "dev", "ino", "nlink", "mode", "uid", "gid", "rdev", "size", "blksize", "blocks",
      "mtime", "mtime_nsec", "atime", "atime_nsec", "ctime", "ctime_nsec", "pad"]
SX = ["count", "mask", "blksize", "attributes", "nlink", "uid", "gid", "mode", "ino", "size",
      "blocks", "attributes_mask", "mtime", "mtime_nsec", "atime", "atime_nsec", "ctime",
      "ctime_nsec", "btime", "btime_nsec", "rdev_major", "rdev_minor", "dev_major", "dev_minor",
      "mnt_id", "rest"]
KINDS = {1: "STRING", 2: "BUFFER", 3: "STRUCT", 4: "ARGV", 5: "IOVEC", 6: "STACK", 7: "REGS",
         8: "ARRAY"}


def sysnames():
    """x86_64 syscall names from the kernel headers (labels only)."""
    import re
    names = {}
    try:
        for line in open("/usr/include/x86_64-linux-gnu/asm/unistd_64.h"):
            m = re.match(r"#define __NR_(\w+) (\d+)", line)
            if m:
                names[int(m.group(2))] = m.group(1)
    except OSError:
        pass
    return names


def chunks(path):
    raw = subprocess.run(["zstd", "-qdc", path], capture_output=True, check=True).stdout
    i = 0
    while i < len(raw):
        n = struct.unpack_from("<I", raw, i)[0]
        yield raw[i:i + 4 + n]
        i += 4 + n


def field(buf, tbl, fid):
    """Absolute position of field fid of the table at tbl, or None."""
    vt = tbl - struct.unpack_from("<i", buf, tbl)[0]
    if 4 + 2 * fid >= struct.unpack_from("<H", buf, vt)[0]:
        return None
    fo = struct.unpack_from("<H", buf, vt + 4 + 2 * fid)[0]
    return tbl + fo if fo else None


def deref(buf, pos):
    return pos + struct.unpack_from("<I", buf, pos)[0]


def vector(buf, tbl, fid):
    p = field(buf, tbl, fid)
    if p is None:
        return b""
    v = deref(buf, p)
    return buf[v + 4:v + 4 + struct.unpack_from("<I", buf, v)[0]]


def columns(buf, tbl, fid, n):
    p = field(buf, tbl, fid)
    if p is None:
        return None
    t = deref(buf, p)
    return [vector(buf, t, i) for i in range(1, n)]


def lebs(b):
    out, v, s = [], 0, 0
    for x in b:
        v |= (x & 0x7f) << s
        s += 7
        if x < 0x80:
            out.append(v)
            v, s = 0, 0
    return out


def unzz(u):
    return (u >> 1) ^ -(u & 1)


def zsize(parts, level):
    """Compressed sizes of a list of byte strings, each alone (one zstd run
    per part would be slow: a tiny helper compresses them in one process)."""
    sizes = []
    for b in parts:
        if not b:
            sizes.append(0)
            continue
        sizes.append(len(subprocess.run(["zstd", "-q", "-c", "-%d" % level], input=b,
                                        capture_output=True, check=True).stdout))
    return sizes


def split(c, names):
    """The parts of one chunk: {name: bytes}."""
    root = 4 + struct.unpack_from("<I", c, 4)[0]
    parts = {}
    sc = columns(c, root, CHUNK["syscall_cols"], len(SC))
    cp = columns(c, root, CHUNK["capture_cols"], len(CP))
    dc = columns(c, root, CHUNK["dirent_cols"], len(DC))
    stc = columns(c, root, CHUNK["stat_cols"], len(ST))
    sxc = columns(c, root, CHUNK["statx_cols"], len(SX))
    blob = vector(c, root, CHUNK["blob"])
    used = len(blob)
    nev = 0
    if sc is not None:
        for name, col in zip(SC[1:], sc):
            parts["syscall." + name] = col
            used += len(col)
        nrs, ncaps = lebs(sc[SC.index("nr") - 1]), lebs(sc[SC.index("ncap") - 1])
        nev = len(nrs)
    if cp is not None:
        for name, col in zip(CP[1:], cp):
            parts["capture." + name] = col
            used += len(col)
        gap, ln = lebs(cp[CP.index("gap") - 1]), lebs(cp[CP.index("len") - 1])
        kind = cp[CP.index("kind") - 1]
        form = lebs(cp[CP.index("form") - 1]) if cp[CP.index("form") - 1] else [0] * len(ln)
        # Blob bytes by (syscall, capture kind), for the captures kept in the blob.
        end = removed = ci = 0
        for nr, k in zip(nrs, ncaps):
            for _ in range(k):
                off = end + unzz(gap[ci])
                end = off + ln[ci]
                if form[ci] == 0:
                    s = off - removed
                    key = "blob %s %s" % (names.get(nr, nr), KINDS.get(kind[ci], kind[ci]))
                    parts[key] = parts.get(key, b"") + blob[s:s + ln[ci]]
                else:
                    removed += ln[ci]
                ci += 1
        # The rest of the blob: exec arguments, paths of other events.
        mask = bytearray(len(blob))
        end = removed = ci = 0
        for nr, k in zip(nrs, ncaps):
            for _ in range(k):
                off = end + unzz(gap[ci])
                end = off + ln[ci]
                if form[ci] == 0:
                    mask[off - removed:off - removed + ln[ci]] = b"\1" * ln[ci]
                else:
                    removed += ln[ci]
                ci += 1
        parts["blob (other events)"] = bytes(b for b, m in zip(blob, mask) if not m)
    elif blob:
        parts["blob (other events)"] = blob
    if dc is not None:
        for name, col in zip(DC[1:], dc):
            parts["dirent." + name] = col
            used += len(col)
    if stc is not None:
        for name, col in zip(ST[1:], stc):
            parts["stat." + name] = col
            used += len(col)
    if sxc is not None:
        for name, col in zip(SX[1:], sxc):
            parts["statx." + name] = col
            used += len(col)
    # Everything else (chunk table, order, other events' records), as it is
    # laid out: the chunk with the parts above cut out.
    rest = c
    for k, v in parts.items():
        if len(v) > 64 and not k.startswith("blob "):
            rest = rest.replace(v, b"", 1)
    if len(blob) > 64:
        rest = rest.replace(blob, b"", 1)
    parts["rest (chunk table, order, other events)"] = rest
    return parts, nev


def breakdown(path, level):
    """({part: compressed bytes}, syscall events) of a trace."""
    names = sysnames()
    tot, nev = {}, 0
    for c in chunks(path):
        parts, n = split(c, names)
        nev += n
        keys = list(parts)
        for k, s in zip(keys, zsize([parts[k] for k in keys], level)):
            tot[k] = tot.get(k, 0) + s
    return tot, nev


def main():
    path = sys.argv[1]
    level = int(sys.argv[2]) if len(sys.argv) > 2 and not sys.argv[2].startswith("-") else 1
    top = int(sys.argv[sys.argv.index("--top") + 1]) if "--top" in sys.argv else 40
    tot, nev = breakdown(path, level)
    nev = max(nev, 1)
    print("%s: %d syscall events, each part of each chunk compressed alone (zstd -%d)"
          % (path, nev, level))
    print("  %-44s %10d bytes %6.2f B/event" % ("sum of parts", sum(tot.values()),
                                                  sum(tot.values()) / nev))
    for k, v in sorted(tot.items(), key=lambda kv: -kv[1])[:top]:
        print("  %-44s %10d bytes %6.2f B/event" % (k, v, v / nev))


if __name__ == "__main__":
    main()
