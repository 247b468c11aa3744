#!/bin/sh
# Rule 2: captures rn could not read are said first, with the count, by the
# rn-analyze outputs that show captured arguments or paths: anomalies (the
# outliers shown: text first line, JSON key after lost_events), summary
# --by path (the table's first line; JSON key; CSV: stderr) and hints,
# which show paths and count the unread paths only. An unread path is
# "(no path)", never "" taken for AT_EMPTY_PATH. The trace:
# rnfmt unread (two counted among five flagged captures: not an EFAULT
# call's, not a --stack capture; the slow write is the one outlier).
. "$RN_ROOT/tests/lib.sh"
"$RN_BUILD/tests/format/rnfmt" unread s.rn || fail "rnfmt unread"
w1="warning: 1 captured argument could not be read while recording; what follows lacks its contents"
first_keys() {
	python3 -c 'import json,sys; d=json.load(sys.stdin); print(list(d)[:2], d.get("unread_captures"))'
}

rn-analyze anomalies s.rn >a.txt || fail "anomalies"
assert_eq "$(head -n 1 a.txt)" "$w1" "anomalies: first line"
assert_eq "$(grep -c 'could not be read' a.txt)" 1 "anomalies: said once"
assert_eq "$(sed -n 3p a.txt | sed 's/^ *//')" "write(1, 0x7f0000001000, 2) = 2" "anomalies: the call"
assert_eq "$(rn-analyze anomalies --json s.rn | first_keys)" "['lost_events', 'unread_captures'] 1" "anomalies --json"
# a threshold no call passes: no call shown, nothing said
assert_eq "$(rn-analyze anomalies --threshold 100 s.rn | grep -c 'could not be read')" 0 "anomalies, no outlier"

rn-analyze summary --by path s.rn >p.txt || fail "summary --by path"
assert_eq "$(head -n 1 p.txt)" "$w1" "summary --by path: first line"
assert_match "$(sed -n 2p p.txt)" '^% time ' "summary --by path: the table follows"
assert_match "$(grep '(no path)' p.txt)" ' 13 +2 .*\(no path\)$' "summary --by path: the unread paths are no path"
assert_eq "$(grep -c '  /$' p.txt)" 0 "summary --by path: an unread path is not the cwd"
assert_eq "$(rn-analyze summary --by path --json s.rn | first_keys)" "['lost_events', 'unread_captures'] 1" "summary --by path --json"
rn-analyze summary --by path --csv s.rn >p.csv 2>p.err || fail "summary --by path --csv"
assert_eq "$(cat p.err)" "rn-analyze: s.rn: $w1" "summary --by path --csv: stderr"
# by syscall shows no capture: nothing said
assert_eq "$(rn-analyze summary s.rn | grep -c 'could not be read')" 0 "summary by syscall"

assert_eq "$(rn-analyze hints s.rn | head -n 1)" "$w1" "hints: first line"
assert_eq "$(rn-analyze hints --json s.rn | first_keys)" "['lost_events', 'unread_captures'] 1" "hints --json"
# the write's buffer alone: no path unread, nothing said
assert_eq "$(rn-analyze hints -e trace=write s.rn | grep -c 'could not be read')" 0 "hints -e trace=write"
echo ok
