#!/bin/sh
# diff: synthetic traces with known answers (identical traces; read made 3x
# slower; read's p50 down while its tail grew), several recordings a side,
# the words agreeing with the numbers in text, JSON and CSV, --fail-on, and
# for real: three recordings of the same `make -j2` against three more give
# no verdict of change, while a genuinely slower program is found slower.
. "$RN_ROOT/tests/lib.sh"
GEN="$RN_BUILD/tests/analyze/gen_trace"
need_cmd make cc
"$GEN" a.rn mix 4000 5 >/dev/null
"$GEN" b.rn shift5 4000 5 >/dev/null
"$GEN" b3.rn shift 4000 5 >/dev/null
"$GEN" c.rn mix 4000 5 >/dev/null

# words_agree FILE.json: every row called slower has a larger p50 after, with
# the change printed; faster the other way; the CSV says the same.
words_agree() {
	python3 - "$@" <<'PY' || fail "words and numbers disagree in $*"
import csv, json, sys
d = json.load(open(sys.argv[1]))
for table in ("rows", "paths", "sources"):
    for r in d.get(table, []):
        b, a, ch = r["before"]["p50_ns"], r["after"]["p50_ns"], r["change"]
        if ch == "slower":
            assert a > b and r["p50_change_pct"] > 0 and r["significant"], r
        elif ch == "faster":
            assert a < b and r["p50_change_pct"] < 0 and r["significant"], r
        else:
            assert not r["significant"], r
        if r["p50_change_pct"] is not None and b > 0:
            # p50_ns is rounded to a whole ns (the change is not): at bpf's
            # 1 ns clock a p50 of 152 ns moves the ratio by up to 0.7 %
            slack = 0.5 + 100 * (a + b) / (2 * b * b)
            assert abs(100 * (a / b - 1) - r["p50_change_pct"]) < slack, r
if len(sys.argv) > 2:
    rows = {r["syscall"]: r["change"] for r in d["rows"]}
    for r in csv.DictReader(open(sys.argv[2])):
        assert rows[r["syscall"]] == r["change"], r
        if r["change"] == "slower":
            assert float(r["p50_ns_after"]) > float(r["p50_ns_before"]), r
        if r["change"] == "faster":
            assert float(r["p50_ns_after"]) < float(r["p50_ns_before"]), r
PY
}

# Identical traces: no change, and the single-recording caveat is printed.
rn-analyze diff a.rn c.rn >same.txt || fail "diff of equal traces failed"
assert_match "$(tail -n 1 same.txt)" '^verdict: no significant change: .*; 0 of 6 keys changed'
grep -q '^recordings: 1 before, 1 after; one recording a side cannot show run-to-run noise' \
	same.txt || fail "no caveat for single recordings"
assert_exit 0 rn-analyze diff --fail-on 'total>+10%' a.rn c.rn

# read 5x slower: the one key called slower, the change beside it.
rn-analyze diff a.rn b.rn >shift.txt || fail "diff without --fail-on must exit 0"
assert_match "$(tail -n 1 shift.txt)" \
	'^verdict: slower: .*; 1 of 6 keys changed in p50 latency per call: read slower \(p50 [0-9.]+us -> [0-9.]+us, \+400\.0%\)$'
assert_match "$(grep '^read ' shift.txt)" ' \+400\.0% +\? +[0-9.e-]+ slower$' "read row"
assert_match "$(grep '^write ' shift.txt)" ' \+0\.0% +\? +1 same$' "write row"
# read 3x slower with one recording a side: within what run-to-run noise
# does on a loaded machine (2.75x measured), so not claimed; several
# recordings a side find it (below).
rn-analyze diff a.rn b3.rn >shift3.txt
assert_match "$(tail -n 1 shift3.txt)" '^verdict: no significant change: '
assert_match "$(grep '^read ' shift3.txt)" ' \+200\.0% +\? +[0-9.e-]+ same$' "read row (3x)"
rn-analyze diff --json a.rn b.rn >d.json
rn-analyze diff --csv a.rn b.rn >d.csv
assert_eq "$(head -n 1 d.csv)" "syscall,calls_before,calls_after,errors_before,errors_after,total_ns_before,total_ns_after,p50_ns_before,p50_ns_after,p99_ns_before,p99_ns_after,p50_change_pct,noise_pct,p_value,change"
assert_match "$(grep '^read,' d.csv)" '^read,650,650,66,66,[0-9]+,[0-9]+,[0-9]+,[0-9]+,[0-9]+,[0-9]+,400,,[0-9.e-]+,slower$'
words_agree d.json d.csv
python3 - <<'PY' || fail "diff JSON"
import json
d = json.load(open("d.json"))
assert d["test"] == "mann-whitney-u" and d["noise_estimated"] is False
assert d["before"] == ["a.rn"] and d["after"] == ["b.rn"] and d["change"] == "slower"
rows = {r["syscall"]: r for r in d["rows"]}
assert rows["read"]["change"] == "slower" and rows["read"]["p_value"] < 1e-6, rows["read"]
assert rows["write"]["change"] == "same" and rows["write"]["noise_pct"] is None
assert d["total"]["before"]["calls"] == 4000
PY

# read's p50 falls by a third while 45% of its calls got 20x slower: most
# pairs of calls say "slower", the p50 says "faster"; read is not called
# slower (the U test and the p50 disagree), and the words agree.
"$GEN" m.rn mix 20000 5 >/dev/null
"$GEN" t.rn tail 20000 5 >/dev/null
rn-analyze diff --json m.rn t.rn >tail.json
words_agree tail.json
python3 - <<'PY' || fail "tail case"
import json
d = json.load(open("tail.json"))
r = {r["syscall"]: r for r in d["rows"]}["read"]
assert r["p50_change_pct"] < -25 and r["change"] == "same", r
assert "read slower" not in d["verdict"], d["verdict"]
PY

# --fail-on: thresholds, and only changes beyond the noise count.
assert_exit 1 rn-analyze diff --fail-on 'p50:read>+50%' a.rn b.rn 2>err
assert_match "$(cat err)" "^rn-analyze: fail-on 'p50:read>\+50%': read p50 [0-9]+ -> [0-9]+ \(\+400\.0%, p = "
assert_exit 0 rn-analyze diff --fail-on 'p50:read>+50%' a.rn b3.rn 2>err
assert_match "$(cat err)" "\+200\.0%, p = .*\); not counted: one recording a side: the key's p50 did not change clearly$"
assert_exit 0 rn-analyze diff --fail-on 'p50:write>+50%' --fail-on 'calls:openat>+0' a.rn b.rn
assert_exit 0 rn-analyze diff --fail-on 'total>+10%' a.rn b.rn
assert_exit 1 rn-analyze diff --fail-on 'p50:read<-50%' b.rn a.rn 2>/dev/null
assert_exit 2 rn-analyze diff --fail-on 'bogus' a.rn b.rn 2>/dev/null
assert_exit 2 rn-analyze diff --fail-on 'calls:read=3' a.rn b.rn 2>/dev/null

# Several recordings a side: the spread between runs decides.
for s in 1 2 3; do
	"$GEN" m$s.rn mix 3000 $s >/dev/null
	"$GEN" n$s.rn mix 3000 $((s + 10)) >/dev/null
	"$GEN" s$s.rn shift 3000 $((s + 20)) >/dev/null
done
rn-analyze diff m1.rn m2.rn m3.rn -- n1.rn n2.rn n3.rn >mm.txt || fail "diff of 3 + 3"
assert_match "$(tail -n 1 mm.txt)" '^verdict: no significant change: '
grep -q '^recordings: 3 before, 3 after; a key changed when its p50 moved by 10% or more beyond the spread between runs' mm.txt ||
	fail "no line on the recordings"
assert_exit 0 rn-analyze diff --fail-on 'total>+10%' --fail-on 'p50:read>+10%' \
	m1.rn m2.rn m3.rn -- n1.rn n2.rn n3.rn
rn-analyze diff --json m1.rn m2.rn m3.rn -- s1.rn s2.rn s3.rn >ms.json
words_agree ms.json
python3 - <<'PY' || fail "3 + 3 with read slower"
import json
d = json.load(open("ms.json"))
assert d["noise_estimated"] is True and d["test"] == "student-t-between-runs"
assert d["before"] == ["m1.rn", "m2.rn", "m3.rn"] and len(d["after"]) == 3
rows = {r["syscall"]: r for r in d["rows"]}
assert rows["read"]["change"] == "slower" and rows["read"]["noise_pct"] is not None, rows["read"]
assert abs(rows["read"]["p50_change_pct"] - 200) < 20, rows["read"]
assert [k for k, r in rows.items() if r["change"] != "same"] == ["read"], rows
PY
assert_exit 1 rn-analyze diff --fail-on 'p50:read>+50%' m1.rn m2.rn m3.rn -- s1.rn s2.rn s3.rn \
	2>/dev/null
assert_exit 2 rn-analyze diff m1.rn m2.rn m3.rn 2>err
assert_match "$(cat err)" "put -- between the sides"
assert_exit 2 rn-analyze diff m1.rn m2.rn -- 2>/dev/null
assert_exit 2 rn-analyze diff -- m1.rn 2>/dev/null

# For real: a small C project built with make -j2, recorded three times a
# side, in the order a b b a a b: a load that rises or falls steadily over
# the six runs (other work on a shared machine) adds the same to both sides,
# where a b a b a b gave every b run more of it than the a run before.
mkdir proj
for i in 1 2 3 4; do
	printf 'int f%d(int x) { return x * %d + 1; }\n' $i $i >proj/f$i.c
done
printf 'int f1(int), f2(int), f3(int), f4(int);\nint main(void) { return f1(1) + f2(2) + f3(3) + f4(4) > 0 ? 0 : 1; }\n' \
	>proj/main.c
printf 'OBJS = main.o f1.o f2.o f3.o f4.o\nprog: $(OBJS)\n\t$(CC) -o $@ $(OBJS)\n%%.o: %%.c\n\t$(CC) -c $< -o $@\n' \
	>proj/Makefile
for r in a1 b1 b2 a2 a3 b3; do
	rm -f proj/*.o proj/prog
	rn-record -q -f -o $r.rn -- make -s -C proj -j2 >/dev/null || fail "make under rn-record"
done
rn-analyze diff a1.rn a2.rn a3.rn -- b1.rn b2.rn b3.rn >make.txt || fail "diff of the builds"
assert_match "$(tail -n 1 make.txt)" '^verdict: no significant change: syscall time without blocking calls '
assert_match "$(grep '^blocking calls left out' make.txt)" '^blocking calls left out .*: [1-9][0-9]* before, [1-9][0-9]* after;'
grep -q '^wait4 ' make.txt && fail "wait4 compared without --include-blocking"
assert_exit 0 rn-analyze diff --fail-on 'total>+10%' a1.rn a2.rn a3.rn -- b1.rn b2.rn b3.rn
# ... and one recording a side, pair by pair: conservative, no change either.
for p in "a1 b1" "a2 b2" "a3 b3"; do
	set -- $p
	assert_match "$(rn-analyze diff $1.rn $2.rn | tail -n 1)" '^verdict: no significant change: ' "$1 vs $2"
	assert_exit 0 rn-analyze diff --fail-on 'total>+10%' $1.rn $2.rn 2>/dev/null
done
rn-analyze diff --json --include-blocking a1.rn a2.rn a3.rn -- b1.rn b2.rn b3.rn >mk.json
words_agree mk.json
python3 - <<'PY' || fail "--include-blocking"
import json
d = json.load(open("mk.json"))
assert d["blocking_included"] is True and d["blocking_calls_left_out"]["before"] == 0
assert "wait4" in {r["syscall"] for r in d["rows"]}
PY

# A genuinely slower program (samples/: loader_slow opens, reads and closes a
# file per record where loader_fixed reads one bundle), two runs a side.
S="$RN_BUILD/samples"
"$S/mkdata" data
for r in 1 2; do
	rn-record -q -o fixed$r.rn -- "$S/loader_fixed" data >/dev/null || fail "loader_fixed"
	rn-record -q -o slow$r.rn -- "$S/loader_slow" data >/dev/null || fail "loader_slow"
done
rn-analyze diff fixed1.rn fixed2.rn -- slow1.rn slow2.rn >slow.txt || fail "diff fixed slow"
# (the totals' units depend on the machine's speed and load: any)
assert_match "$(tail -n 1 slow.txt)" '^verdict: slower: syscall time without blocking calls [0-9.]+[num]?s -> [0-9.]+[num]?s \(\+[0-9.]+%, run-to-run noise [0-9.]+%, p = [0-9.e-]+\), calls [0-9]+ -> [0-9]+ '
assert_exit 1 rn-analyze diff --fail-on 'total>+10%' fixed1.rn fixed2.rn -- slow1.rn slow2.rn 2>err
assert_match "$(cat err)" "^rn-analyze: fail-on 'total>\+10%': total [0-9]+ -> [0-9]+ \(\+[0-9.]+%, p = "
assert_exit 0 rn-analyze diff --fail-on 'total>+10%' slow1.rn slow2.rn -- fixed1.rn fixed2.rn
rn-analyze diff --json slow1.rn slow2.rn -- fixed1.rn fixed2.rn >sf.json
words_agree sf.json
assert_match "$(rn-analyze diff slow1.rn slow2.rn -- fixed1.rn fixed2.rn | tail -n 1)" '^verdict: faster: '
echo ok
