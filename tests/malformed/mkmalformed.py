#!/usr/bin/env python3
"""mkmalformed.py BASE.rn OUTDIR: writes malformed variants of a well-formed
rn trace into OUTDIR, one file per kind of damage: bit flips (random and aimed
at the header, a marker, a chunk, the index, the trailer), truncations, huge
lengths in every length field (with their check words fixed so the lie is
believed), zero-size frames, loops and backward offsets inside a chunk's
FlatBuffer (decompressed with zstd, edited, recompressed), and header lies.
Deterministic (fixed seed). Prints the number of files written."""
import os
import random
import struct
import subprocess
import sys

MAGIC_HDR, MAGIC_CHUNK, MAGIC_INDEX, MAGIC_TRAILER = 0x184D2A50, 0x184D2A51, 0x184D2A52, 0x184D2A53


def fnv1a(b):
    h = 2166136261
    for x in b:
        h = ((h ^ x) * 16777619) & 0xFFFFFFFF
    return h


def frames(d):
    """(offset, magic, total length) of each frame; zstd frames via markers."""
    out, i = [], 0
    while i + 8 <= len(d):
        magic, size = struct.unpack_from("<II", d, i)
        if magic == MAGIC_CHUNK:
            csize = struct.unpack_from("<I", d, i + 16)[0]
            out.append((i, magic, 48 + csize))
            i += 48 + csize
        elif magic & 0xFFFFFFF0 == 0x184D2A50:
            out.append((i, magic, 8 + size))
            i += 8 + size
        else:
            break
    return out


def breaking_flip(d, at, n):
    """The offset of a byte in the middle of chunk (at, n) of d (or after it)
    whose bit 0x10 flipped breaks the chunk's zstd frame: a flip in some
    bytes of a frame (a table's unused entry) decompresses to the same
    content with the same checksum, and a reader then rightly reads the chunk
    as whole (seen once in 40 runs of a 26-chunk trace)."""
    z = bytes(d[at + 48:at + n])
    for p in range((n - 48) // 2, n - 48):
        e = bytearray(z)
        e[p] ^= 0x10
        t = subprocess.run(["zstd", "-q", "-t"], input=bytes(e), stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
        if t.returncode != 0:
            return at + 48 + p
    raise AssertionError("no flip breaks chunk at %d" % at)


def damage_middle(src, cut, flip):
    """Writes two damaged copies of trace src, at its middle chunk: cut (the
    file ends inside that chunk) and flip (a byte of that chunk flipped).
    Returns the chunk's (index, offset, events its marker counts)."""
    d = open(src, "rb").read()
    chunks = [(at, n) for at, magic, n in frames(d) if magic == MAGIC_CHUNK]
    assert len(chunks) >= 3, "want 3 chunks or more, got %d" % len(chunks)
    k = len(chunks) // 2
    at, n = chunks[k]
    open(cut, "wb").write(d[:at + 48 + (n - 48) // 2])
    b = bytearray(d)
    b[breaking_flip(d, at, n)] ^= 0x10
    open(flip, "wb").write(b)
    return k, at, struct.unpack_from("<I", d, at + 40)[0]


def fix_marker(b, at):
    """Recomputes the check word of the marker at 'at'."""
    struct.pack_into("<I", b, at + 44, fnv1a(b[at + 8:at + 44]))


def zstd(args, data):
    return subprocess.run(["zstd", "-q"] + args, input=data, stdout=subprocess.PIPE,
                          check=True).stdout


def main():
    base, outdir = sys.argv[1], sys.argv[2]
    d = open(base, "rb").read()
    os.makedirs(outdir, exist_ok=True)
    fr = frames(d)
    chunks = [f for f in fr if f[1] == MAGIC_CHUNK]
    assert fr and fr[0][1] == MAGIC_HDR and chunks, "not a well-formed rn trace"
    hdr_end = fr[0][2]
    index = [f for f in fr if f[1] == MAGIC_INDEX]
    trailer = [f for f in fr if f[1] == MAGIC_TRAILER]
    rnd = random.Random(1234)
    n = 0

    def put(name, data):
        nonlocal n
        open(os.path.join(outdir, name), "wb").write(bytes(data))
        n += 1

    def flip(at, bit=None):
        b = bytearray(d)
        b[at] ^= 1 << (rnd.randrange(8) if bit is None else bit)
        return b

    # Bit flips: anywhere, then aimed.
    for k in range(8):
        put("flip-any-%02d" % k, flip(rnd.randrange(len(d))))
    put("flip-header-magic", flip(0, 0))
    put("flip-header-body", flip(16 + rnd.randrange(hdr_end - 16)))
    mid = chunks[len(chunks) // 2]
    put("flip-marker", flip(mid[0] + 8 + rnd.randrange(40)))
    put("flip-chunk", flip(mid[0] + 48 + rnd.randrange(mid[2] - 48)))
    # Late in the last chunk's zstd frame (past the syscall columns a prefix
    # reader decompresses; rn-analyze summary reads 4.x chunks so by default)
    # and in its frame check (4.x): the tools must report the damage.
    last = chunks[-1]
    put("flip-late-chunk", flip(last[0] + last[2] - 6))
    checks = [f for f in fr if f[1] == 0x184D2A55]
    if checks:
        put("flip-frame-check", flip(checks[-1][0] + 16 + rnd.randrange(8)))
    if index:
        put("flip-index", flip(index[0][0] + 8 + rnd.randrange(index[0][2] - 8)))
    if trailer:
        put("flip-trailer", flip(trailer[0][0] + 8 + rnd.randrange(32)))
    # Truncations: inside the header, on and around each frame boundary.
    for cut in sorted({1, 7, 15, 16, hdr_end - 1, hdr_end + 3, mid[0] + 47, mid[0] + 60,
                       len(d) - 1, len(d) - 41, len(d) // 2}):
        if 0 < cut < len(d):
            put("cut-%06d" % cut, d[:cut])

    # Huge lengths, believed: check words recomputed.
    b = bytearray(d)
    struct.pack_into("<I", b, 4, 0xFFFFFFF0)
    put("huge-header-frame", b)
    for field, name in ((16, "csize"), (20, "usize"), (40, "nevents")):
        b = bytearray(d)
        struct.pack_into("<I", b, mid[0] + field, 0xFFFFFFF0)
        fix_marker(b, mid[0])
        put("huge-marker-" + name, b)
    b = bytearray(d)
    struct.pack_into("<I", b, mid[0] + 20, 0)  # usize 0
    fix_marker(b, mid[0])
    put("zero-marker-usize", b)
    if trailer:
        t = trailer[0][0]
        for field, val, name in ((12, 0xFFFFFFFF, "nchunks"), (16, 0xFFFFFFFFFFFFFF00, "ioff"),
                                 (16, 0, "ioff0")):
            b = bytearray(d)
            struct.pack_into("<Q" if field == 16 else "<I", b, t + field, val)
            struct.pack_into("<I", b, t + 36, fnv1a(b[t + 8:t + 36]))
            put("huge-trailer-" + name, b)
    if index:
        # An index entry pointing at the header, with a valid index check word.
        i0 = index[0][0]
        b = bytearray(d)
        struct.pack_into("<Q", b, i0 + 16, 0)
        struct.pack_into("<I", b, i0 + 16 + 8, 0xFFFFFFF0)
        end = i0 + index[0][2]
        struct.pack_into("<I", b, end - 4, fnv1a(b[i0 + 8:end - 4]))
        put("index-lies", b)
    skip_huge = struct.pack("<II", 0x184D2A5E, 0xFFFFFF00)
    put("huge-skippable", d[:mid[0]] + skip_huge + d[mid[0]:])

    # Zero-size frames: many empty skippable frames; an empty chunk.
    put("zero-frames", d[:mid[0]] + struct.pack("<II", 0x184D2A5F, 0) * 5000 + d[mid[0]:])
    empty = zstd(["-c"], b"")
    m = bytearray(struct.pack("<II", MAGIC_CHUNK, 40) + b"RNCK" + struct.pack(
        "<IIIQQII", 99, len(empty), 0, 0, 0, 0, 0))
    fix_marker(m, 0)
    put("zero-chunk", d[:mid[0]] + bytes(m) + empty + d[mid[0]:])
    put("garbage-between", d[:mid[0]] + bytes(rnd.randrange(256) for _ in range(3000)) + d[mid[0]:])

    # Inside a chunk's FlatBuffer: loops, backward offsets, huge vectors.
    fb = zstd(["-dc"], d[mid[0] + 48:mid[0] + mid[2]])
    root = 4 + struct.unpack_from("<I", fb, 4)[0]
    vt = root - struct.unpack_from("<i", fb, root)[0]
    vsize = struct.unpack_from("<H", fb, vt)[0]
    slots = [(4 + 2 * i, struct.unpack_from("<H", fb, vt + 4 + 2 * i)[0])
             for i in range((vsize - 4) // 2)]
    vec_fields = [root + off for (s, off) in slots[2:] if off]  # order, syscalls...

    def rechunk(name, new_fb):
        c = zstd(["-c", "--content-size"], bytes(new_fb))
        m = bytearray(d[mid[0]:mid[0] + 48])
        struct.pack_into("<II", m, 16, len(c), len(new_fb))
        fix_marker(m, 0)
        put(name, d[:mid[0]] + bytes(m) + c + d[mid[0] + mid[2]:])

    e = bytearray(fb)
    struct.pack_into("<I", e, 4, 0)  # root offset 0: the root is the size prefix
    rechunk("fb-root-self", e)
    e = bytearray(fb)
    struct.pack_into("<I", e, 4, 0xFFFFFFF0)
    rechunk("fb-root-huge", e)
    e = bytearray(fb)
    struct.pack_into("<i", e, root, -0x7FFFFFF0)  # vtable far past the end
    rechunk("fb-vtable-huge", e)
    e = bytearray(fb)
    struct.pack_into("<i", e, root, 0)  # vtable is the table itself
    rechunk("fb-vtable-self", e)
    e = bytearray(fb)
    struct.pack_into("<H", e, vt, 0xFFFE)  # vtable claims 32767 fields
    rechunk("fb-vtable-size", e)
    for k, f in enumerate(vec_fields[:3]):
        e = bytearray(fb)
        struct.pack_into("<I", e, f, (2**32 - f) & 0xFFFFFFFF)  # points back to 0
        rechunk("fb-vec-backward-%d" % k, e)
        e = bytearray(fb)
        struct.pack_into("<I", e, f, 0)  # points at itself
        rechunk("fb-vec-self-%d" % k, e)
        e = bytearray(fb)
        target = f + struct.unpack_from("<I", fb, f)[0]
        struct.pack_into("<I", e, target, 0x7FFFFFFF)  # huge element count
        rechunk("fb-vec-count-%d" % k, e)
    # 2.x syscall, capture and dirent columns (Chunk fields 13-15): their table
    # offsets pointing back or at themselves, record counts that lie, a
    # column of unterminated varints, a column of 10-byte varints too big for
    # their fields, and a column cut short.
    for fid, name in ((13, "sccols"), (14, "capcols"), (15, "dentcols")):
        if fid >= len(slots) or not slots[fid][1]:
            continue
        f = root + slots[fid][1]
        e = bytearray(fb)
        struct.pack_into("<I", e, f, (2**32 - f) & 0xFFFFFFFF)
        rechunk("fb-%s-backward" % name, e)
        e = bytearray(fb)
        struct.pack_into("<I", e, f, 0)
        rechunk("fb-%s-self" % name, e)
        t = f + struct.unpack_from("<I", fb, f)[0]
        tvt = t - struct.unpack_from("<i", fb, t)[0]
        toffs = [struct.unpack_from("<H", fb, tvt + 4 + 2 * i)[0]
                 for i in range((struct.unpack_from("<H", fb, tvt)[0] - 4) // 2)]
        for cnt, tag in ((0xFFFFFFFF, "huge"), (struct.unpack_from("<I", fb, t + toffs[0])[0] + 1,
                                                  "plus1")):
            e = bytearray(fb)
            struct.pack_into("<I", e, t + toffs[0], cnt)
            rechunk("fb-%s-count-%s" % (name, tag), e)
        for i, off in enumerate(toffs[1:], 1):
            if not off:
                continue
            v = t + off + struct.unpack_from("<I", fb, t + off)[0]
            n_b = struct.unpack_from("<I", fb, v)[0]
            if n_b == 0:
                continue
            e = bytearray(fb)
            e[v + 4:v + 4 + n_b] = b"\xff" * n_b
            rechunk("fb-%s-col%d-unterminated" % (name, i), e)
            if n_b >= 10:
                e = bytearray(fb)
                e[v + 4:v + 14] = b"\xff" * 9 + b"\x01"
                rechunk("fb-%s-col%d-wide" % (name, i), e)
            e = bytearray(fb)
            struct.pack_into("<I", e, v, n_b - 1)
            rechunk("fb-%s-col%d-short" % (name, i), e)

    # 5.x dirent columns: every d_off claimed predicted (hit 1 where no name
    # table entry exists, or off bytes left over), none predicted (off too
    # short), a hit byte of 2; names without their NULs (the NULs turned into
    # letters), and a namelen column where 5.x has none.
    if 15 < len(slots) and slots[15][1]:
        f = root + slots[15][1]
        t = f + struct.unpack_from("<I", fb, f)[0]
        tvt = t - struct.unpack_from("<i", fb, t)[0]
        nf = (struct.unpack_from("<H", fb, tvt)[0] - 4) // 2

        def dcol(i):
            off = struct.unpack_from("<H", fb, tvt + 4 + 2 * i)[0] if i < nf else 0
            if not off:
                return None, 0
            v = t + off + struct.unpack_from("<I", fb, t + off)[0]
            return v, struct.unpack_from("<I", fb, v)[0]
        hv, hn = dcol(8)
        for tag, byte in (("all1", 1), ("all0", 0), ("two", 2)):
            if hn:
                e = bytearray(fb)
                e[hv + 4:hv + 4 + hn] = bytes([byte]) * hn
                rechunk("fb-dentcols-hit-%s" % tag, e)
        nv, nn = dcol(6)
        if nn and hn:
            e = bytearray(fb)
            e[nv + 4:nv + 4 + nn] = bytes(b if b else 0x41 for b in fb[nv + 4:nv + 4 + nn])
            rechunk("fb-dentcols-names-nonul", e)
        lv, ln_ = dcol(5)
        if lv is not None and hn and ln_ == 0 and nn:
            e = bytearray(fb)  # namelen claims the names column's first byte
            struct.pack_into("<I", e, t + struct.unpack_from("<H", fb, tvt + 4 + 10)[0],
                             nv - (t + struct.unpack_from("<H", fb, tvt + 4 + 10)[0]))
            rechunk("fb-dentcols-namelen-present", e)

    # Huge blob references inside records (the record bytes are random).
    for k in range(3):
        e = bytearray(fb)
        at = rnd.randrange(root + 4, len(fb) - 4)
        struct.pack_into("<I", e, at & ~3, 0xFFFFFFF0)
        rechunk("fb-word-huge-%d" % k, e)

    # Header lies: a string length and the argv count.
    h = bytearray(d[16:hdr_end])
    hroot = 4 + struct.unpack_from("<I", h, 4)[0]
    hvt = hroot - struct.unpack_from("<i", h, hroot)[0]
    for fid, name in ((0, "producer"), (7, "argv")):
        off = struct.unpack_from("<H", h, hvt + 4 + 2 * fid)[0]
        if not off:
            continue
        e = bytearray(h)
        tgt = hroot + off + struct.unpack_from("<I", h, hroot + off)[0]
        struct.pack_into("<I", e, tgt, 0x7FFFFFFF)
        put("header-%s-huge" % name, d[:16] + bytes(e) + d[hdr_end:])
    b = bytearray(d)
    struct.pack_into("<H", b, 12, 0xFFFF)
    put("header-major-65535", b)
    print(n)


if __name__ == "__main__":
    main()
