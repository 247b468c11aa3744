#!/bin/sh
# rn-record cuts a chunk when its builder holds 2 MiB of raw events (or is a
# second old): chunks are compressed apart, so bigger ones store what many
# processes read alike once (docs/recording.md, "Writer thread"). The
# flight recorder (--max-size) keeps 1 MiB chunks. dd copies 600 blocks of
# 4096 bytes in well under a second: 1,200 captures, ~4.9 MB of buffers;
# the largest chunk, decompressed, must hold more than 1.5 MB of them (1 MiB
# chunks held at most ~1.1 MB), and with --max-size none may.
. "$RN_ROOT/tests/lib.sh"
. "$RN_ROOT/tests/record/common.sh"
RNFMT="$RN_BUILD/tests/format/rnfmt"
[ -x "$RNFMT" ] || fail "rnfmt not built"

# chunk_sizes TRACE: the decompressed size of each chunk, largest first.
chunk_sizes() {
	"$RNFMT" raw "$1" "$1.raw" || fail "$1: rnfmt raw failed"
	python3 -c '
import struct, sys
raw = open(sys.argv[1], "rb").read()
i, out = 0, []
while i < len(raw):
    n = struct.unpack_from("<I", raw, i)[0]
    out.append(n)
    i += 4 + n
print(" ".join(str(n) for n in sorted(out, reverse=True)))' "$1.raw"
}

rn-record -q --backend=ptrace -o dd.rn -- dd if=/dev/zero of=/dev/null bs=4096 count=600 \
	status=none || fail "rn-record failed"
"$RNFMT" read dd.rn >dd.count || fail "dd.rn unreadable"
sizes=$(chunk_sizes dd.rn)
echo "chunks (decompressed bytes): $sizes"
largest=${sizes%% *}
[ "$largest" -gt 1500000 ] || fail "largest chunk $largest bytes: still cut at 1 MiB"
[ "$largest" -lt 2600000 ] || fail "largest chunk $largest bytes: beyond 2 MiB of events"
assert_eq "$(rn-analyze summary dd.rn | awk '$NF == "write" { print $3 }')" 600 "writes in the summary"

rn-record -q --backend=ptrace --max-size 64M -o fl.rn -- dd if=/dev/zero of=/dev/null bs=4096 \
	count=600 status=none || fail "rn-record --max-size failed"
sizes=$(chunk_sizes fl.rn)
echo "--max-size chunks (decompressed bytes): $sizes"
largest=${sizes%% *}
[ "$largest" -lt 1200000 ] || fail "--max-size: a chunk of $largest bytes (1 MiB chunks expected)"
exit 0
