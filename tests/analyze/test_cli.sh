#!/bin/sh
# rn-analyze's command line: help, usage errors (exit 2 with "Try"), missing
# and corrupt files (exit 1, one line), a truncated trace (read as far as it
# goes, damage line, exit 1).
. "$RN_ROOT/tests/lib.sh"
rn-analyze --help | grep -q '^Usage: rn-analyze' || fail "--help"
for args in "" "frobnicate x" "summary" "summary --bogus t.rn" "summary --by color t.rn" \
	"summary --sort nope t.rn" "summary --from xyz t.rn" "diff a.rn" "summary a b" "summary -"; do
	set +e
	# shellcheck disable=SC2086
	rn-analyze $args >out 2>err
	rc=$?
	set -e
	[ $rc -eq 2 ] || fail "'$args' exited $rc, expected 2"
	grep -q '^rn-analyze: ' err || fail "'$args': no 'rn-analyze:' line"
	grep -q "^Try 'rn-analyze --help'.$" err || fail "'$args': no Try line"
done
assert_exit 1 rn-analyze summary missing.rn 2>err
assert_match "$(cat err)" '^rn-analyze: missing.rn: No such file or directory$'
echo "not a trace at all, just text" >junk.rn
assert_exit 1 rn-analyze summary junk.rn 2>err
assert_match "$(cat err)" 'not an rn trace'
"$RN_BUILD/tests/analyze/gen_trace" t.rn mix 50000 3 >/dev/null
set +e
rn-analyze -e trace=nosuchcall summary t.rn 2>err
rc=$?
set -e
assert_eq $rc 2 "bad -e"
# Cut the file in the middle: the first chunks are still summarized.
size=$(wc -c <t.rn)
head -c $((size / 2)) t.rn >cut.rn
set +e
rn-analyze summary --csv cut.rn >cut.csv 2>err
rc=$?
set -e
assert_eq $rc 1 "truncated trace exit"
assert_match "$(cat err)" '^rn-analyze: cut.rn: recovered [0-9]+ chunks'
calls=$(tail -n +2 cut.csv | awk -F, '{ s += $2 } END { print s }')
[ "$calls" -gt 10000 ] && [ "$calls" -lt 50000 ] || fail "truncated: $calls calls recovered"
# Commands that read the file twice (anomalies, report) tell each problem once.
for cmd in anomalies "report -o cut.html"; do
	set +e
	# shellcheck disable=SC2086
	rn-analyze $cmd cut.rn >/dev/null 2>err
	set -e
	assert_match "$(head -n 1 err)" "^rn-analyze: cut.rn: " "$cmd on a cut trace"
	[ -z "$(sort err | uniq -d)" ] || fail "$cmd repeats a warning: $(cat err)"
done
# pack needs a finished trace (its index), and leaves a cut one untouched.
cp cut.rn cut2.rn
assert_exit 1 rn-analyze pack cut2.rn 2>err
grep -q 'has no index' err || fail "pack on a cut trace: $(cat err)"
cmp cut.rn cut2.rn || fail "pack changed a trace it refused"
# Traces without stacks: pack adds nothing, --source finds nothing.
rn-analyze pack t.rn >out || fail "pack without stacks"
assert_eq "$(cat out)" "packed 0 files (0.0 MB) into t.rn; 0 were already there"
assert_match "$(rn-analyze summary --by source --csv t.rn | sed -n 2p)" '^\(no stack\),50000,'
# pack rewrites its trace in place: an -o it would ignore is a usage error.
cp t.rn t2.rn
assert_exit 2 rn-analyze pack t2.rn -o other.rn 2>err
assert_match "$(head -n 1 err)" "^rn-analyze: pack: -o is not used" "pack -o"
[ ! -e other.rn ] || fail "pack -o wrote other.rn"
cmp t.rn t2.rn || fail "pack -o changed the trace"
# An -o that cannot be created: one line naming it, exit 1 (report exited 0).
for cmd in report summary hints; do
	assert_exit 1 rn-analyze $cmd -o nosuchdir/out.txt t.rn 2>err
	assert_eq "$(cat err)" "rn-analyze: nosuchdir/out.txt: No such file or directory" "$cmd -o"
done
# An option a command does not take is refused, never ignored (the whole
# table: tests/docs/opt_audit.py).
assert_exit 2 sh -c 'rn-analyze summary --threshold 5 t.rn 2>err'
assert_eq "$(cat err)" "rn-analyze: summary: --threshold is taken only by anomalies
Try 'rn-analyze --help'." "summary --threshold"
assert_exit 2 sh -c 'rn-analyze hints --threshold 5 t.rn 2>err'
assert_eq "$(head -n 1 err)" "rn-analyze: hints: --threshold is taken only by anomalies" "hints --threshold"
assert_exit 2 sh -c 'rn-analyze pack --top 3 t.rn 2>err'
assert_eq "$(head -n 1 err)" "rn-analyze: pack: --top is taken only by summary, diff, anomalies, hints, functions and report" "pack --top"
assert_exit 2 sh -c 'rn-analyze -c --include-blocking t.rn 2>err'
assert_eq "$(head -n 1 err)" "rn-analyze: summary: --include-blocking is taken only by diff" "-c --include-blocking"
rn-analyze anomalies --threshold 5 t.rn >/dev/null || fail "anomalies --threshold"
rn-analyze --version | grep -Eq '^rn-analyze [0-9]+\.[0-9]+\.[0-9]+$' || fail "--version"
echo ok
