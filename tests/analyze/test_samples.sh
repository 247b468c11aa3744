#!/bin/sh
# The samples, recorded for real: each slow version gets its hint (with the
# call site from --source) and the fixed one none; diff slow -> fixed says
# "faster" and the CI thresholds fire the right way; the demo script runs.
. "$RN_ROOT/tests/lib.sh"
S="$RN_BUILD/samples"
[ -x "$S/loader_slow" ] || fail "samples not built ($S)"
"$S/mkdata" data
# ptrace: the verdicts below were set on ptrace recordings; under bpf the
# slow loader's 4,036 cheap opens cost 137 ms against 96.5 ms and diff says
# "no significant change" (bpf adds far less per call: the sample's slowness
# is mostly ptrace's own cost per stop).
rec() {
	rn-record -q --backend=ptrace --stack -o "$1.rn" -- "$S/$1" "$2" >/dev/null ||
		fail "recording $1"
}
rec loader_slow data
rec loader_fixed data
rec logger_slow log1.txt
rec logger_fixed log2.txt
rec reader_slow data/bundle.dat
rec reader_fixed data/bundle.dat
rec scan_read data/big.bin
rec scan_mmap data/big.bin
cmp log1.txt log2.txt || fail "the loggers disagree"

line() { grep -n "$2" "$RN_ROOT/samples/$1.c" | head -n 1 | cut -d: -f1; }

# hint KIND TRACE: the hint's JSON record (kind, evidence, call site).
hints_json() { rn-analyze hints --source --json "$1.rn"; }
check_hint() {
	trace=$1 kind=$2 site=$3
	hints_json "$trace" >"$trace.hints.json"
	python3 - "$trace.hints.json" "$kind" "$site" <<'PY' || fail "$trace: no $kind hint at $site"
import json, sys
d = json.load(open(sys.argv[1]))
ok = [h for h in d["hints"] if h["kind"] == sys.argv[2] and h["call_site"] and h["call_site"].startswith(sys.argv[3])]
if not ok:
    print(json.dumps(d, indent=1))
    sys.exit(1)
PY
}
check_hint loader_slow many_files "loader_slow.c:$(line loader_slow 'open(path')"
check_hint loader_slow repeated_path "loader_slow.c:$(line loader_slow 'stat(path')"
check_hint logger_slow fsync_each "logger_slow.c:$(line logger_slow 'fsync(fd)')"
check_hint reader_slow small_io "reader_slow.c:$(line reader_slow 'read(fd, &c, 1)')"
check_hint scan_read small_io "scan_read.c:$(line scan_read 'read(fd, buf')"
# The evidence carries the numbers: 1000 files, 500 fsyncs, 1-byte reads.
grep -q '"evidence":"1000 different files opened in data/files' loader_slow.hints.json ||
	fail "many_files evidence"
grep -q '"evidence":"500 fsync calls on fd 3' logger_slow.hints.json || fail "fsync evidence"
grep -q 'median 1 byte each' reader_slow.hints.json || fail "reader median"
for t in loader_fixed logger_fixed reader_fixed scan_mmap; do
	out=$(rn-analyze hints "$t.rn")
	assert_eq "$out" "no hints: none of the known patterns was found" "$t hints"
done

# diff slow -> fixed: faster, and the thresholds a CI would use. (Not for
# the logger: the time of its one remaining fsync depends on the disk and
# the machine's load, so its check is on the calls below.)
for pair in loader_slow:loader_fixed reader_slow:reader_fixed scan_read:scan_mmap; do
	a=${pair%:*} b=${pair#*:}
	v=$(rn-analyze diff "$a.rn" "$b.rn" | tail -n 1)
	assert_match "$v" '^verdict: faster: ' "$a -> $b verdict"
	assert_exit 0 rn-analyze diff --fail-on 'total>+10%' "$a.rn" "$b.rn"
	assert_exit 1 rn-analyze diff --fail-on 'total>+10%' "$b.rn" "$a.rn" 2>/dev/null
done
# The per-path and per-line tables of diff: the config stat'ed 1000 times
# then once, and the open line of the loop gone.
rn-analyze diff --source --json loader_slow.rn loader_fixed.rn >d.json
python3 - "$PWD" "$(grep -n 'open(path' "$RN_ROOT/samples/loader_slow.c" | cut -d: -f1)" <<'PY' || fail "diff paths/sources"
import json, sys
d = json.load(open("d.json"))
p = {r["path"]: r for r in d["paths"]}
conf = p[sys.argv[1] + "/data/loader.conf"]
assert conf["before"]["calls"] == 1000 and conf["after"]["calls"] == 1, conf
s = {r["source"]: r for r in d["sources"]}
line = s["loader_slow.c:%s in load_one" % sys.argv[2]]
assert line["before"]["calls"] == 1000 and line["after"]["calls"] == 0, line
PY
assert_exit 1 rn-analyze diff --fail-on 'calls:openat>+0' loader_fixed.rn loader_slow.rn 2>err
assert_match "$(cat err)" "openat calls [0-9]+ -> 100[0-9] "
assert_exit 1 rn-analyze diff --fail-on 'calls:fsync>+0' logger_fixed.rn logger_slow.rn 2>/dev/null
assert_exit 0 rn-analyze diff --fail-on 'calls:fsync>-499' --fail-on 'calls:write>-400' \
	logger_slow.rn logger_fixed.rn >/dev/null
assert_exit 1 rn-analyze diff --fail-on 'calls:fsync>-500' logger_slow.rn logger_fixed.rn \
	>/dev/null 2>&1

# make demo's script, end to end.
sh "$RN_ROOT/samples/demo.sh" "$RN_BIN" >demo.out 2>&1 || {
	cat demo.out
	fail "demo.sh failed"
}
grep -q '^verdict: faster' demo.out || fail "demo shows no verdict"
grep -q 'call site: loader_slow.c:' demo.out || fail "demo shows no call site"
rm -rf "$(sed -n 's/^Traces kept in \(.*\) (see.*/\1/p' demo.out)"
echo ok
