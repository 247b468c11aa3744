#!/bin/sh
# hints the samples do not cover, on real recordings of hint_app: busy
# polling (zero-timeout polls, EAGAIN loops), mmap/munmap churn and an
# ENOENT storm, each with its evidence and call site; and no false hints on
# a plain run of ls.
. "$RN_ROOT/tests/lib.sh"
src="$RN_ROOT/tests/analyze/hint_app.c"
cc -g -O1 -o hint_app "$src" || fail "cc"
line() { grep -n "$1" "$src" | cut -d: -f1; }
for mode in poll mmap search; do
	rn-record -q --stack -o "$mode.rn" -- ./hint_app "$mode" || fail "record $mode"
	rn-analyze hints --source --json "$mode.rn" >"$mode.json"
done
# has FILE KIND EVIDENCE-REGEX SITE
has() {
	python3 - "$@" <<'PY' || fail "$1: no $2 hint matching /$3/ at $4"
import json, re, sys
d = json.load(open(sys.argv[1]))
ok = [h for h in d["hints"] if h["kind"] == sys.argv[2] and re.search(sys.argv[3], h["evidence"])
      and (h["call_site"] or "").startswith(sys.argv[4])]
if not ok:
    print(json.dumps(d, indent=1))
    sys.exit(1)
PY
}
has poll.json busy_poll '^300 poll calls by pid [0-9]+ returned with nothing ready' "hint_app.c:$(line MARK_POLL)"
has poll.json busy_poll '^300 reads on fd [0-9]+ of pid [0-9]+ failed with EAGAIN' "hint_app.c:$(line MARK_EAGAIN)"
has mmap.json mmap_churn 'made 2[0-9][0-9] mmap and 2[0-9][0-9] munmap calls, median length 65536 bytes' "hint_app.c:"
has search.json enoent_storm '^"libfoo.so.1" was looked for 120 times in 12 places' "hint_app.c:$(line MARK_SEARCH)"
rn-record -q -o ls.rn -- ls -la /usr/bin >/dev/null
assert_eq "$(rn-analyze hints ls.rn)" "no hints: none of the known patterns was found" "ls hints"
echo ok
