#!/bin/sh
# Format 2.0 files are still read. tests/format/data/v2-sample.rn was written
# by the 2.0 code (rnfmt write, 2 sample chunks): its events read back with
# their exact values, its header says nothing of the clock (read as 1 ns);
# rewritten as 3.0 they read the same, and rewritten back as 2.0 the file is
# byte-identical to the committed one. A 2.0 reader's refusal of 3.0 is the
# reader's one line (tests/format/t_corrupt.c checks 4.0 against this one).
. "$RN_ROOT/tests/lib.sh"
need_cmd od
rnfmt="$RN_BUILD/tests/format/rnfmt"
v2="$RN_ROOT/tests/format/data/v2-sample.rn"

major() { od -An -tu2 -j12 -N2 "$1" | tr -d ' '; }
assert_eq "$(major "$v2")" 2 "the committed sample is a 2.0 file"
"$rnfmt" check "$v2" 2 || fail "the 2.0 sample does not read back with its values"
"$rnfmt" convert "$v2" v3.rn 3 || fail "convert 2.0 -> 3.0 failed"
assert_eq "$(major v3.rn)" 3 "converted file's major version"
"$rnfmt" check v3.rn 2 || fail "the sample rewritten as 3.0 does not read back with its values"
"$rnfmt" convert v3.rn back.rn 2 || fail "convert 3.0 -> 2.0 failed"
cmp "$v2" back.rn || fail "2.0 -> 3.0 -> 2.0 is not byte-identical"
rn-export json "$v2" | head -1 | grep -q '"format":"2.0"' || fail "rn-export does not say 2.0"
rn-export json "$v2" | head -1 | grep -q '"clock_res_ns":1[,}]' ||
	fail "a 2.0 file's times are not read as ns"
echo "2.0 sample read with its values, converted to 3.0 and back byte-exact"
