#!/bin/sh
# The trace file read by independent decoders: `zstd -t` passes, `zstd -dc`
# yields exactly the chunks' FlatBuffers concatenated (as the library decodes
# them), and Debian's flatc decodes each chunk and the header with
# format/rn.fbs to the values the library wrote (rn_sample.c).
. "$RN_ROOT/tests/lib.sh"
need_cmd zstd flatc python3
rnfmt="$RN_BUILD/tests/format/rnfmt"
schema="$RN_ROOT/format/rn.fbs"

"$rnfmt" write t.rn 3
zstd -q -t t.rn || fail "zstd -t rejects a finished trace"
zstd -q -dc t.rn >all.bin || fail "zstd -dc failed"
"$rnfmt" raw t.rn raw.bin || fail "rnfmt raw failed"
cmp all.bin raw.bin || fail "zstd -dc output differs from the library's decoded chunks"
# A trace whose recorder died (no index, no trailer) is still a valid zstd stream.
"$rnfmt" write dead.rn 2 abandon
zstd -q -t dead.rn || fail "zstd -t rejects a trace without index"

# Split the concatenation by the size prefixes; decode each chunk with flatc.
python3 - <<'PY' || fail "cannot split the chunks"
import struct
d = open("all.bin", "rb").read()
i = n = 0
while i < len(d):
    size = struct.unpack_from("<I", d, i)[0]
    open("chunk%d.bin" % n, "wb").write(d[i:i + 4 + size])
    i += 4 + size
    n += 1
assert n == 3, n
PY
for i in 0 1 2; do
	flatc --json --raw-binary --strict-json --size-prefixed "$schema" -- "chunk$i.bin" ||
		fail "flatc cannot decode chunk $i"
done
# The header: the first frame's payload after "RNTR", major, minor.
python3 - <<'PY' || fail "cannot extract the header"
import struct
d = open("t.rn", "rb").read()
magic, size = struct.unpack_from("<II", d, 0)
assert magic == 0x184D2A50 and d[8:12] == b"RNTR", (hex(magic), d[8:12])
assert struct.unpack_from("<HH", d, 12) == (1, 0)
open("header.bin", "wb").write(d[16:8 + size])
PY
flatc --json --raw-binary --strict-json --size-prefixed --root-type rn.Header "$schema" -- header.bin ||
	fail "flatc cannot decode the header"

python3 - <<'PY' || fail "flatc's JSON differs from what the library wrote"
import json
T0 = 1000000000
for i in range(3):
    c = json.load(open("chunk%d.json" % i))
    t = T0 + i * 1000
    assert c["seq"] == i, c["seq"]
    assert c["base_ns"] == t, c["base_ns"]
    assert c["order"] == [1, 1, 2, 3, 4, 5, 6, 7, 8], c["order"]
    s0, s1 = c["syscalls"]
    assert (s0["entry_delta"], s0["duration"], s0["nr"], s0["ncap"]) == (0, 250, 257, 2), s0
    assert s0["a0"] == 2**64 - 100 and s0["a2"] == 0x80000 and s0["ret"] == 3, s0
    assert (s0["ip"], s0["pid"], s0["tid"]) == (0x401000, 42, 43), s0
    # the second call started 500 ns before the first: a negative delta
    assert (s1["entry_delta"], s1["duration"], s1["flags"], s1["tid"]) == (-500, 0, 1, 44), s1
    assert s1["a5"] == 6
    blob = bytes(c["blob"])
    c0, c1 = c["captures"]
    assert c0["addr"] == 0x7FFD0000 + i and c0["len"] == 11 and c0["kind"] == 1, c0
    assert blob[c0["blob_off"]:c0["blob_off"] + 11] == b"/etc/passwd"
    assert (c1["len"], c1["orig_len"], c1["kind"], c1["flags"]) == (3, 100, 2, 3), c1
    assert blob[c1["blob_off"]:c1["blob_off"] + 3] == b"abc"
    p = c["procs"][0]
    assert (p["time_delta"], p["clone_flags"], p["other"], p["kind"]) == (300, 0x1200011, 77, 4), p
    assert blob[p["blob_off"]:p["blob_off"] + p["blob_len"]] == b"/bin/true\0true\0-x\0"
    sg = c["signals"][0]
    assert (sg["time_delta"], sg["signo"], sg["code"], sg["blob_len"]) == (400, 17, 1, 128), sg
    m = c["mappings"][0]
    assert (m["start"], m["end"], m["pgoff"], m["prot"]) == (0x400000, 0x401000, 0x1000, 5), m
    assert blob[m["path_off"]:m["path_off"] + m["path_len"]] == b"/bin/true"
    assert blob[m["build_id_off"]:m["build_id_off"] + m["build_id_len"]] == bytes(range(1, 21))
    l = c["losses"][0]
    assert (l["time_delta"], l["count"], l["reason"]) == (600, 7, 2), l
    sn = c["snapshots"][0]
    assert blob[sn["exe_off"]:sn["exe_off"] + sn["exe_len"]] == b"/bin/sleep", sn
    assert blob[sn["cmdline_off"]:sn["cmdline_off"] + sn["cmdline_len"]] == b"sleep\x0010"
    fd = c["fds"][0]
    assert fd["fd"] == 3 and blob[fd["path_off"]:fd["path_off"] + fd["path_len"]] == b"pipe:[123]"
    f = c["funcs"][0]
    assert (f["pid"], f["tid"], f["base_ns"]) == (42, 43, t + 800), f
    assert f["addrs"] == [0x401100, 0x401200] and f["call_sites"] == [0x401050, 0x401150]
    assert [(e["delta"], e["fn"]) for e in f["events"]] == [
        (10, 0), (5, 1), (7, 0x80000001), (3, 0x80000000)], f["events"]
h = json.load(open("header.json"))
assert h["producer"] == "rn-test 0.1.0" and h["pid"] == 42 and h["flags"] == 2, h
assert h["argv"] == ["/bin/echo", "hello world", ""] and h["options"] == "-f", h
assert h["arch"] in (1, 2) and h["wall_start_ns"] > 1600000000 * 10**9, h
PY
echo "zstd -t, zstd -dc and flatc agree with the library on 3 chunks and the header"

# docs/format.md's worked example is what the library writes: the header
# frame and the decompressed chunk, byte for byte (the zstd frame itself may
# differ between zstd versions).
"$rnfmt" tiny tiny.rn
python3 - "$RN_ROOT/docs/format.md" <<'PY' || fail "docs/format.md's hex example differs from rnfmt tiny"
import re, subprocess, sys
doc = open(sys.argv[1]).read()
dumps = re.findall(r"```\n(00000000: .*?)```", doc, re.S)
assert len(dumps) == 2, len(dumps)
def parse(dump):
    out = {}
    for line in dump.splitlines():
        m = re.match(r"([0-9a-f]{8}): ((?:[0-9a-f]{2,4} ?)+)", line)
        if m:
            out[int(m.group(1), 16)] = bytes.fromhex(m.group(2).replace(" ", ""))
    return out
file_doc, chunk_doc = parse(dumps[0]), parse(dumps[1])
d = open("tiny.rn", "rb").read()
for off in range(0, 0xb0, 16):
    assert file_doc[off] == d[off:off + 16], hex(off)
chunk = subprocess.run(["zstd", "-dc", "tiny.rn"], stdout=subprocess.PIPE, check=True).stdout
assert b"".join(chunk_doc[o] for o in sorted(chunk_doc)) == chunk
PY
