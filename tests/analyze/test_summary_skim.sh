#!/bin/sh
# summary --by syscall reads skimming (RN_READ_SKIM: no args, captures or
# event bytes), and with --fast decompresses 2.x chunks only as far as the
# syscall columns (RN_READ_PREFIX): on real traces (find over /usr/share with
# its stat and getdents64 captures, a shell running ls and cat) its text, CSV
# and JSON, also with -e, --pid and --from/--to, equal the full read's
# (RN_READ_ALL=1), in 5.0 and in 1.0. A chunk whose zstd checksum, at the
# frame's end, is damaged is skipped with a warning by summary (by default
# it reads 4.x chunks only as far as the syscall columns, but checks each
# compressed frame against its frame check first), by --fast and by the full
# read alike; in a 3.0 file (no frame checks) the default summary still
# sees it (it reads 3.x chunks whole) and --fast does not (which shows that
# it stops early).
. "$RN_ROOT/tests/lib.sh"
RNFMT="$RN_BUILD/tests/format/rnfmt"

rn-record -q -f -o find.rn -- find /usr/share -name '*.txt' >/dev/null || fail "record find"
rn-record -q -f -o sh.rn -- sh -c 'ls -la /usr/bin; cat /etc/passwd; ls /' >/dev/null ||
	fail "record sh"
"$RNFMT" convert find.rn find1.rn 1 1 || fail "convert to 1.0"

pid=$(rn-analyze summary --by process --csv sh.rn | awk -F, 'NR == 2 { split($1, a, " "); print a[1] }')
[ -n "$pid" ] || fail "no process in sh.rn"
n=0
for t in find.rn find1.rn sh.rn; do
	for opts in "" "--csv" "--format json" "-e trace=file,desc --csv" "--pid $pid" \
		"--from 1ms --to 50ms --csv" "--sort calls --top 3" "--fast" "--fast --csv -e trace=%file"; do
		# shellcheck disable=SC2086
		rn-analyze summary $opts $t >skim.out || fail "summary $opts $t"
		# shellcheck disable=SC2086
		RN_READ_ALL=1 rn-analyze summary $opts $t >full.out || fail "full summary $opts $t"
		cmp -s skim.out full.out || {
			diff skim.out full.out | head -5
			fail "summary $opts $t: skimmed and full reads differ"
		}
		n=$((n + 1))
	done
done
calls=$(rn-analyze summary --csv find.rn | awk -F, 'NR > 1 { s += $2 } END { print s }')
[ "$calls" -gt 10000 ] || fail "find.rn has only $calls calls"

# Damage the first chunk's content checksum (the last 4 bytes of its frame).
python3 - find.rn bad.rn <<'PY' || fail "no chunk to damage"
import struct, sys
d = bytearray(open(sys.argv[1], "rb").read())
hdr = 8 + struct.unpack_from("<I", d, 4)[0]
assert struct.unpack_from("<I", d, hdr)[0] == 0x184D2A51 and d[hdr + 8:hdr + 12] == b"RNCK"
csize, usize = struct.unpack_from("<II", d, hdr + 16)
assert usize > 256 * 1024, usize  # several zstd blocks: the skim stops before the last
end = hdr + 48 + csize
d[end - 1] ^= 0xFF
open(sys.argv[2], "wb").write(d)
PY
for opts in "" "--fast"; do
	for env in RN_READ_ALL=1 RN_READ_ALL=0; do
		# shellcheck disable=SC2086
		env $env rn-analyze summary $opts bad.rn >full.out 2>full.err &&
			fail "$env summary $opts of bad.rn exits 0"
		grep -q "chunk 0 at offset .* is corrupt (zstd: " full.err ||
			fail "$env summary $opts: $(cat full.err)"
	done
done
# The same damage in a 3.0 file: no frame checks.
"$RNFMT" convert find.rn find3.rn 3 || fail "convert to 3.0"
python3 - find3.rn bad3.rn <<'PY' || fail "no chunk to damage"
import struct, sys
d = bytearray(open(sys.argv[1], "rb").read())
assert struct.unpack_from("<H", d, 12)[0] == 3
hdr = 8 + struct.unpack_from("<I", d, 4)[0]
csize = struct.unpack_from("<I", d, hdr + 16)[0]
d[hdr + 48 + csize - 1] ^= 0xFF
open(sys.argv[2], "wb").write(d)
PY
rn-analyze summary bad3.rn >full.out 2>full.err && fail "summary of bad3.rn exits 0"
grep -q "chunk 0 at offset .* is corrupt (zstd: " full.err || fail "summary of 3.0: $(cat full.err)"
rn-analyze summary --fast bad3.rn >fast.out 2>fast.err || fail "--fast on bad3.rn: $(cat fast.err)"
[ ! -s fast.err ] || fail "--fast warns: $(cat fast.err)"
rn-analyze summary find.rn >whole.out
cmp -s fast.out whole.out || fail "--fast summary of bad3.rn differs from find.rn's"
echo "summary: skimmed equals full on $n runs over real 5.0 and 1.0 traces; damage seen by default ($calls calls in find.rn)"
