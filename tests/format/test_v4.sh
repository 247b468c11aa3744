#!/bin/sh
# Format 4.0 files are still read. tests/format/data/v4-sample.rn was written
# by the 4.0 code (main at bf9ad7d: rn-record -q -o v4-sample.rn -- ls -a
# /usr/share/doc/tar; getdents64 records, struct stat results) and
# v4-sample.replay-v.zst is what that code's rn-replay -v printed for it: this
# reader prints the same bytes, for the file and for its 5.0 conversion, and
# 4.0 -> 5.0 -> 4.0 gives back the committed file byte for byte.
. "$RN_ROOT/tests/lib.sh"
need_cmd od zstd
rnfmt="$RN_BUILD/tests/format/rnfmt"
v4="$RN_ROOT/tests/format/data/v4-sample.rn"

major() { od -An -tu2 -j12 -N2 "$1" | tr -d ' '; }
assert_eq "$(major "$v4")" 4 "the committed sample is a 4.0 file"
zstd -q -dc "$RN_ROOT/tests/format/data/v4-sample.replay-v.zst" >want.txt ||
	fail "cannot decompress the 4.0 code's output"
[ "$(grep -c 'getdents64(.*d_off=' want.txt)" -ge 1 ] || fail "the sample has no getdents64 records"
rn-replay -v "$v4" >got4.txt 2>&1 || fail "rn-replay -v failed on the 4.0 sample"
cmp want.txt got4.txt || fail "rn-replay -v prints the 4.0 sample differently from the 4.0 code"
"$rnfmt" convert "$v4" v5.rn 5 || fail "convert 4.0 -> 5.0 failed"
assert_eq "$(major v5.rn)" 5 "converted file's major version"
rn-replay -v v5.rn >got5.txt 2>&1 || fail "rn-replay -v failed on the 5.0 conversion"
cmp want.txt got5.txt || fail "rn-replay -v prints the 5.0 conversion differently"
"$rnfmt" convert v5.rn back.rn 4 || fail "convert 5.0 -> 4.0 failed"
cmp "$v4" back.rn || fail "4.0 -> 5.0 -> 4.0 is not byte-identical"
echo "4.0 sample read as the 4.0 code read it, converted to 5.0 and back byte-exact"
