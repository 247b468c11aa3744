#!/usr/bin/env python3
"""bench/format/layout_room.py: what candidate layout changes (issue 15) would
save on a real trace, measured in place. For each chunk of a 4.x trace it
decodes the columns, rewrites one part as a candidate layout would store it,
puts the rewritten bytes where the part was in the chunk and compresses the
whole chunk with zstd at the writer's level (-3), as rn's writer compresses a
chunk: the difference to the chunk as written is what the change saves, matches
with the rest of the chunk included (size_parts.py compresses each part alone,
which misses those). Candidates:

  doff-name   d_off predicted from the names: an entry's d_off is the cookie of
              the next entry in the directory, ext4's hash of its name, the
              same for a name wherever it is on the file system; a table of
              name -> cookie learnt from the chunk's entries before; the last
              entry of a capture predicted as the end cookie 2^63-1; a 1-byte
              column says hit or miss, d_off kept (8 bytes) for misses only
  doff-delta  + a miss stored as the difference to the capture's previous
              d_off (a directory's cookies come sorted), 8 bytes big-endian
  gap-thread  entry time as the gap since the same thread's previous exit
              (first call of a thread: since the previous call's entry)
  gap-prev    entry time as the gap since the previous call's exit
  stat-pad    struct stat's 28 padding bytes as one varint 0 when all zero
  names-nul   names NUL-terminated, no name length column
  all         doff-delta + gap-thread + stat-pad together

Prints bytes per candidate and the file's ratio to strace's same-information
text when given its size (--full BYTES: `strace -f -ttt -T -v -s 4096`, zstd -3).
TRACE must be a 4.0 trace (the candidates are changes to 4.0's layout; a 5.0
trace, which has taken doff-delta, gap-prev and names-nul: `rnfmt convert
IN OUT 4` first).
usage: python3 bench/format/layout_room.py TRACE [--full BYTES] [--level N]"""
import struct
import subprocess
import sys

import size_parts as sp

LEVEL = 3
EOF_COOKIE = 0x7fffffffffffffff


def zlen(b):
    return len(subprocess.run(["zstd", "-q", "-c", "-%d" % LEVEL], input=b, capture_output=True,
                              check=True).stdout)


def leb(v):
    out = bytearray()
    while True:
        if v < 0x80:
            out.append(v)
            return bytes(out)
        out.append((v & 0x7f) | 0x80)
        v >>= 7


def zz(x):
    x &= (1 << 64) - 1
    s = x >> 63
    return ((x << 1) & ((1 << 64) - 1)) ^ (((1 << 64) - 1) if s else 0)


def colspans(c, root, fid, n):
    """{column index: (start, end)} of a columns table's byte vectors."""
    p = sp.field(c, root, fid)
    if p is None:
        return None
    t = sp.deref(c, p)
    out = {}
    for i in range(1, n):
        q = sp.field(c, t, i)
        if q is None:
            continue
        v = sp.deref(c, q)
        out[i] = (v + 4, v + 4 + struct.unpack_from("<I", c, v)[0])
    return out


class Chunk:
    def __init__(self, c):
        self.c = c
        root = 4 + struct.unpack_from("<I", c, 4)[0]
        self.sc = colspans(c, root, sp.CHUNK["syscall_cols"], len(sp.SC))
        self.cp = colspans(c, root, sp.CHUNK["capture_cols"], len(sp.CP))
        self.dc = colspans(c, root, sp.CHUNK["dirent_cols"], len(sp.DC))
        self.st = colspans(c, root, sp.CHUNK["stat_cols"], len(sp.ST))

    def col(self, spans, names, name):
        if spans is None or names.index(name) not in spans:
            return b""
        s, e = spans[names.index(name)]
        return self.c[s:e]

    def replaced(self, repl):
        """The chunk bytes with spans replaced: repl = [((start, end), bytes)]."""
        out, pos = bytearray(), 0
        for (s, e), b in sorted(repl, key=lambda x: x[0][0]):
            out += self.c[pos:s] + b
            pos = e
        return bytes(out + self.c[pos:])


def dirents(ch):
    """The chunk's dirent records: (names, offs, captures as (first, end))."""
    g = lambda n: ch.col(ch.dc, sp.DC, n)  # noqa: E731
    nl = sp.lebs(g("namelen"))
    rl = [sp.unzz(x) + ((19 + n + 1 + 7) & ~7) for x, n in zip(sp.lebs(g("reclen")), nl)]
    off = g("off")
    offs = [struct.unpack_from("<Q", off, 8 * i)[0] for i in range(len(nl))]
    names, p = [], 0
    blob = g("names")
    for n in nl:
        names.append(blob[p:p + n])
        p += n
    cg = lambda n: ch.col(ch.cp, sp.CP, n)  # noqa: E731
    form = sp.lebs(cg("form")) if cg("form") else []
    caps, e = [], 0
    for f, ln in zip(form, sp.lebs(cg("len"))):
        if f != 1:
            continue
        s, acc = e, 0
        while acc < ln:
            acc += rl[e]
            e += 1
        caps.append((s, e))
    return names, offs, caps


def doff(ch, delta):
    names, offs, caps = dirents(ch)
    table, kinds, miss = {}, bytearray(), bytearray()
    for s, e in caps:
        prev = 0
        for i in range(s, e):
            pred = table.get(names[i + 1]) if i + 1 < e else EOF_COOKIE
            if pred == offs[i]:
                kinds.append(0)
            else:
                kinds.append(1)
                v = (offs[i] - prev) & ((1 << 64) - 1) if delta else offs[i]
                miss += struct.pack(">Q" if delta else "<Q", v)
            if i + 1 < e:
                table[names[i + 1]] = offs[i]
            prev = offs[i]
    return [(ch.dc[sp.DC.index("off")], bytes(kinds) + bytes(miss))]


def syscalls(ch):
    g = lambda n: sp.lebs(ch.col(ch.sc, sp.SC, n))  # noqa: E731
    ent, dur, tidc = g("entry"), g("duration"), g("tid")
    e, tid, rows = 0, 0, []
    for a, d, t in zip(ent, dur, tidc):
        e += sp.unzz(a)
        tid += sp.unzz(t)
        rows.append((e, d, tid))
    return rows


def gaps(ch, per_thread):
    rows = syscalls(ch)
    out, last, pe, px = bytearray(), {}, 0, None
    for e, d, tid in rows:
        if per_thread:
            ref = last.get(tid, pe)
        else:
            ref = px if px is not None else pe
        out += leb(zz(e - ref))
        last[tid] = e + d
        pe, px = e, e + d
    return [(ch.sc[sp.SC.index("entry")], bytes(out))]


def stat_pad(ch):
    pad = ch.col(ch.st, sp.ST, "pad")
    if not pad:
        return []
    out = bytearray()
    for i in range(0, len(pad), 28):
        p = pad[i:i + 28]
        out += b"\0" if p == bytes(28) else b"\1" + p
    return [(ch.st[sp.ST.index("pad")], bytes(out))]


def names_nul(ch):
    if ch.dc is None:
        return []
    names, _, _ = dirents(ch)
    return [(ch.dc[sp.DC.index("names")], b"".join(n + b"\0" for n in names)),
            (ch.dc[sp.DC.index("namelen")], b"")]


CANDIDATES = [
    ("doff-name", lambda ch: doff(ch, False) if ch.dc else []),
    ("doff-delta", lambda ch: doff(ch, True) if ch.dc else []),
    ("gap-thread", lambda ch: gaps(ch, True)),
    ("gap-prev", lambda ch: gaps(ch, False)),
    ("stat-pad", stat_pad),
    ("names-nul", names_nul),
    ("all", lambda ch: (doff(ch, True) if ch.dc else []) + gaps(ch, True) + stat_pad(ch)),
]


def main():
    global LEVEL
    args = sys.argv[1:]
    path = args[0]
    full = int(args[args.index("--full") + 1]) if "--full" in args else 0
    LEVEL = int(args[args.index("--level") + 1]) if "--level" in args else 3
    with open(path, "rb") as f:
        major = struct.unpack_from("<H", f.read(16), 12)[0]
    if major != 4:
        sys.exit("layout_room.py: %s is a %d.0 trace; give it a 4.0 one (rnfmt convert IN OUT 4)"
                 % (path, major))
    base, tot, nev, raw = 0, {k: 0 for k, _ in CANDIDATES}, 0, {k: 0 for k, _ in CANDIDATES}
    for c in sp.chunks(path):
        ch = Chunk(c)
        if ch.sc is None:
            continue
        nev += len(sp.lebs(ch.col(ch.sc, sp.SC, "nr")))
        b = zlen(c)
        base += b
        for name, fn in CANDIDATES:
            r = ch.replaced(fn(ch))
            tot[name] += zlen(r) - b
            raw[name] += len(r) - len(c)
    print("%s: %d syscalls, chunks at zstd -%d: %d bytes (%.2f B/event)%s" % (
        path, nev, LEVEL, base, base / nev, ", %.3fx strace same info" % (base / full)
        if full else ""))
    for name, _ in CANDIDATES:
        print("  %-11s %+9d bytes %+6.2f B/event (%+5.1f %%; raw %+d B)%s" % (
            name, tot[name], tot[name] / nev, 100.0 * tot[name] / base, raw[name],
            " -> %.3fx" % ((base + tot[name]) / full) if full else ""))


if __name__ == "__main__":
    main()
