#!/bin/sh
# Format 1.0 files are still read. tests/format/data/v1-sample.rn was written
# by the 1.0 code (rnfmt write, 2 sample chunks: every event kind, captures,
# a call that never returned): its events read back with their exact values;
# rewritten as 5.0, 4.0, 3.0 and 2.0 they read the same, and rewritten back
# as 1.0 the file is byte-identical to the committed one. Real rn-record
# traces (5.0; ptrace and bpf) converted to 1.0, 2.0 or 4.0 and back are
# byte-identical, and the tools print the same thing for 5.0, 4.0 and 1.0.
. "$RN_ROOT/tests/lib.sh"
need_cmd od
rnfmt="$RN_BUILD/tests/format/rnfmt"
v1="$RN_ROOT/tests/format/data/v1-sample.rn"

major() { od -An -tu2 -j12 -N2 "$1" | tr -d ' '; }
assert_eq "$(major "$v1")" 1 "the committed sample is a 1.0 file"
"$rnfmt" check "$v1" 2 || fail "the 1.0 sample does not read back with its values"
for m in 2 3 4 5; do
	"$rnfmt" convert "$v1" v$m.rn $m || fail "convert 1.0 -> $m.0 failed"
	assert_eq "$(major v$m.rn)" $m "converted file's major version"
	"$rnfmt" check v$m.rn 2 || fail "the sample rewritten as $m.0 does not read back with its values"
	"$rnfmt" convert v$m.rn back$m.rn 1 || fail "convert $m.0 -> 1.0 failed"
	cmp "$v1" back$m.rn || fail "1.0 -> $m.0 -> 1.0 is not byte-identical"
done
[ "$(stat -c %s v5.rn)" -ne "$(stat -c %s "$v1")" ] || fail "5.0 file unexpectedly the same size"

# ls (getdents64, statx: struct statx columns), find -size (newfstatat:
# struct stat columns), cat, recorded by each backend (ptrace: times at 1 us;
# bpf, where this machine allows it: 1 ns): the whole file comes back
# byte-identical from 5.0 -> 1.0 -> 5.0, 5.0 -> 2.0 -> 5.0 and
# 5.0 -> 4.0 -> 5.0 with no option
# (a 1.0 or 2.0 header keeps the clock resolution; the markers' times are
# the stored ones)
cmds='ls -la /usr/bin >/dev/null; cat /etc/passwd >/dev/null
	find /etc -maxdepth 1 -size +1k >/dev/null'
for be in ptrace bpf; do
	if ! rn-record -q --backend=$be -f -o $be.rn -- sh -c "$cmds" >/dev/null 2>&1; then
		[ $be = ptrace ] && skip "rn-record not usable here"
		echo "note: --backend=bpf not usable here; the bpf round trip is not checked"
		continue
	fi
	assert_eq "$(major $be.rn)" 5 "rn-record writes 5.0"
	for m in 1 2 4; do
		"$rnfmt" convert $be.rn $be$m.rn $m && "$rnfmt" convert $be$m.rn $be.back$m.rn 5 ||
			fail "converting a real $be trace failed"
		assert_eq "$(major $be$m.rn)" $m "converted file's major version"
		cmp $be.rn $be.back$m.rn || fail "5.0 -> $m.0 -> 5.0 changed a real $be trace"
	done
done
mv ptrace.rn real.rn && mv ptrace1.rn real1.rn && mv ptrace4.rn real4.rn || fail "no ptrace trace"
for f in real real1 real4; do
	rn-replay -f -ttt -T -s 4096 -o $f.txt $f.rn || fail "rn-replay failed on $f.rn"
	rn-replay -f -v -o $f.v.txt $f.rn || fail "rn-replay -v failed on $f.rn"
	# unix_ns: rounded down to 1 us in 3.0 (the header's resolution), not in
	# 1.0 (ns), where the header clocks' offset shows below the microsecond
	rn-export json $f.rn | tail -n +2 | sed 's/"unix_ns":[0-9]*[0-9]\{3\},/"unix_ns":U,/' \
		>$f.json || fail "rn-export failed on $f.rn"
	rn-analyze summary $f.rn >$f.sum 2>&1 || fail "rn-analyze summary failed on $f.rn"
done
[ "$(wc -l <real.txt)" -gt 100 ] || fail "rn-replay printed too little"
for f in real1 real4; do
	cmp real.txt $f.txt || fail "rn-replay prints 5.0 and $f.rn differently"
	cmp real.v.txt $f.v.txt || fail "rn-replay -v prints 5.0 and $f.rn differently"
	cmp real.sum $f.sum || fail "rn-analyze summary prints 5.0 and $f.rn differently"
done
[ "$(grep -c 'newfstatat(.*st_mode=S_IF' real.v.txt)" -gt 20 ] ||
	fail "rn-replay -v shows too few struct stat results"
[ "$(grep -c 'statx(.*stx_mode=S_IF' real.v.txt)" -gt 20 ] ||
	fail "rn-replay -v shows too few struct statx results"
[ "$(grep -c 'getdents64(.*d_name=' real.v.txt)" -gt 1 ] ||
	fail "rn-replay -v shows too few getdents64 records"
cmp real.json real1.json || fail "rn-export json differs between 1.0 and 5.0"
cmp real.json real4.json || fail "rn-export json differs between 4.0 and 5.0"
rn-export json real.rn | head -1 | grep -q '"format":"5.0".*"clock_res_ns":1000,' ||
	fail "rn-export json's header does not give 5.0 at 1000 ns"
rn-export json real.rn | grep '"unix_ns"' | grep -qv '"unix_ns":[0-9]*000,' &&
	fail "rn-export json prints digits below the clock's resolution"
echo "1.0 sample read, converted both ways byte-exact; real traces round-trip through 1.0, 2.0 and 4.0 byte-exact, read the same in 1.0, 4.0 and 5.0"
