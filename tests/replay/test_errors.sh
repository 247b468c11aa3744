#!/bin/sh
# rn-replay's bad input: usage errors exit 2 with one line and the --help
# hint; missing, foreign and damaged files exit 1 naming the file; a closed
# pipe (| head) ends quietly.
. "$RN_ROOT/tests/lib.sh"
need_cmd rn-record rn-replay

usage_err() { # EXPECTED-TEXT ARGS...
	want=$1
	shift
	set +e
	rn-replay "$@" >out.txt 2>err.txt
	rc=$?
	set -e
	[ "$rc" -eq 2 ] || fail "rn-replay $*: exit $rc, expected 2"
	[ ! -s out.txt ] || fail "rn-replay $*: printed on stdout"
	head -1 err.txt | grep -q "^rn-replay: .*$want" || fail "rn-replay $*: $(cat err.txt)"
	grep -qx "Try 'rn-replay --help'." err.txt || fail "rn-replay $*: no --help hint"
}

rn-replay --help | grep -q '^Usage: rn-replay' || fail "--help"
rn-record -q -o ok.rn /bin/true || fail "cannot record /bin/true"
usage_err "no trace file given"
usage_err "unknown option '--bogus'" --bogus ok.rn
usage_err "unknown option '-Q'" -Q ok.rn
usage_err "invalid -X value 'fancy'" -X fancy ok.rn
usage_err "invalid -s value 'many'" -s many ok.rn
usage_err "invalid system call 'nosuch'" -e trace=open,nosuch ok.rn
usage_err "invalid system call class '%nosuch'" -e trace=%nosuch ok.rn
usage_err "invalid time 'soon'" --from soon ok.rn
usage_err "invalid status 'bogus'" -e status=bogus ok.rn
usage_err "invalid signal 'SIGFOO'" -e signal=SIGFOO ok.rn
usage_err "unsupported -e qualifier 'bogus=3'" -e bogus=3 ok.rn
usage_err "invalid id list 'x'" --pid x ok.rn
usage_err "not '-'" -
usage_err "exclude each other" -z -Z ok.rn
usage_err "unexpected argument 'more.rn'" ok.rn more.rn

file_err() { # FILE: exit 1 and one line naming the file
	set +e
	rn-replay "$1" >out.txt 2>err.txt
	rc=$?
	set -e
	[ "$rc" -eq 1 ] || fail "$1: exit $rc, expected 1"
	assert_eq "$(wc -l <err.txt)" 1 "$1: stderr lines"
	grep -q "^rn-replay: .*$1" err.txt || fail "$1: $(cat err.txt)"
}
file_err missing.rn
echo "hello, not a trace" >foreign.rn
file_err foreign.rn

# A trace without its end: everything before the cut, after the damage
# lines (the summary, then where the file ends). Cut inside its last chunk
# (find's events fill two 2 MiB chunks; a cut at 2/3 of the file fell
# inside the first, 67% of it, and printed nothing).
rn-record -q -o big.rn find /usr/share/doc >/dev/null || fail "cannot record find"
full=$(rn-replay big.rn | wc -l)
python3 - <<'PY' || fail "cannot cut big.rn"
import os, sys
sys.path.insert(0, os.path.join(os.environ["RN_ROOT"], "tests", "malformed"))
from mkmalformed import MAGIC_CHUNK, frames
d = open("big.rn", "rb").read()
chunks = [(at, n) for at, magic, n in frames(d) if magic == MAGIC_CHUNK]
assert len(chunks) >= 2, "want 2 chunks or more, got %d" % len(chunks)
at, n = chunks[-1]
open("cut.rn", "wb").write(d[:at + n // 2])
PY
set +e
rn-replay cut.rn >cut.txt 2>err.txt
rc=$?
set -e
[ "$rc" -eq 1 ] || fail "cut trace: exit $rc"
assert_eq "$(wc -l <err.txt)" 2 "cut trace: stderr lines"
head -n 1 err.txt | grep -q '^rn-replay: cut.rn: recovered [0-9]* chunks' || fail "cut trace: $(cat err.txt)"
tail -n 1 err.txt | grep -q '^rn-replay: cut.rn: .*cut short' || fail "cut trace: $(cat err.txt)"
n=$(wc -l <cut.txt)
[ "$n" -gt 0 ] && [ "$n" -lt "$full" ] || fail "cut trace printed $n of $full lines"
rn-replay big.rn | head -n "$n" | cmp -s - cut.txt || fail "cut trace: lines differ from the whole"

# | head: quiet, and fast (does not render the rest).
[ "$full" -gt 2000 ] || fail "find trace too small ($full lines)"
rn-replay big.rn 2>err.txt | head -1 >/dev/null
[ ! -s err.txt ] || fail "| head printed: $(cat err.txt)"
echo "errors: ok"
