#!/bin/sh
# Rule 2: every rn-analyze output says what was lost first, with the count,
# on a real flight-recorder trace (--max-size: events older than the window
# dropped): summary, anomalies, hints, diff (text: the first line; JSON: the
# first key; CSV: a stderr line, as CSV has no place for it), the HTML
# report (before the first table).
. "$RN_ROOT/tests/lib.sh"
rn-record --max-size 256K -o f.rn -- find /usr/share -maxdepth 3 >/dev/null 2>/dev/null
rn-record -o w.rn -- /bin/true 2>/dev/null
# the count, from rn-replay's "+++ rn: N events lost: ... +++" lines
n=$(rn-replay f.rn 2>/dev/null | awk '/\+\+\+ rn: [0-9]+ events lost: / { for (i = 1; i <= NF; i++) if ($i == "rn:") c += $(i + 1) } END { print c + 0 }')
[ "$n" -gt 0 ] || fail "a 256K flight window lost nothing"
warn="warning: $n events were lost while recording ($n: older than the flight-recorder window); what follows is incomplete"

first_key() {
	python3 -c 'import json,sys; d=json.load(sys.stdin); k=next(iter(d)); print(k, json.dumps(d[k], sort_keys=True))'
}

rn-analyze summary f.rn >s.txt
assert_eq "$(head -n 1 s.txt)" "note: the recorder reported $n events lost (see rn-replay)" "summary: first line"
assert_match "$(sed -n 2p s.txt)" '^% time ' "summary: the table follows"
assert_eq "$(rn-analyze summary --json f.rn | first_key)" "lost_events $n" "summary --json: first key"
rn-analyze summary --csv f.rn >s.csv 2>s.err
assert_eq "$(cat s.err)" "rn-analyze: f.rn: note: the recorder reported $n events lost (see rn-replay)" "summary --csv: stderr"
assert_match "$(head -n 1 s.csv)" '^syscall,calls,' "summary --csv: the header stays first"
# nothing lost, nothing said
assert_match "$(rn-analyze summary w.rn | head -n 1)" '^% time ' "summary of a whole trace"
assert_eq "$(rn-analyze summary --json w.rn | first_key)" "lost_events 0" "summary --json of a whole trace"

assert_eq "$(rn-analyze anomalies f.rn | head -n 1)" "$warn" "anomalies: first line"
assert_eq "$(rn-analyze anomalies --json f.rn | first_key)" "lost_events $n" "anomalies --json"
assert_eq "$(rn-analyze hints f.rn | head -n 1)" "$warn" "hints: first line"
assert_eq "$(rn-analyze hints --json f.rn | first_key)" "lost_events $n" "hints --json"
[ "$(rn-analyze hints w.rn | head -n 1 | cut -c1-8)" != "warning:" ] || fail "hints warns on a whole trace"

rn-analyze diff w.rn f.rn >d.txt || true
assert_eq "$(head -n 1 d.txt)" "note: the recorder reported 0 events lost before, $n after (see rn-replay)" "diff: first line"
rn-analyze diff --json w.rn f.rn >d.json || true
assert_eq "$(first_key <d.json)" "lost_events {\"after\": $n, \"before\": 0}" "diff --json"
rn-analyze diff --csv w.rn f.rn >d.csv 2>d.err || true
assert_eq "$(cat d.err)" "rn-analyze: note: the recorder reported 0 events lost before, $n after (see rn-replay)" "diff --csv: stderr"
assert_match "$(rn-analyze diff w.rn w.rn | head -n 1)" '^syscall ' "diff of whole traces"

rn-analyze report f.rn -o r.html
lostat=$(grep -n '<p class="lost"' r.html | head -n 1 | cut -d: -f1)
tableat=$(grep -n '<h2>' r.html | head -n 1 | cut -d: -f1)
[ -n "$lostat" ] && [ "$lostat" -lt "$tableat" ] || fail "report: the loss paragraph ($lostat) before the first section ($tableat)"
grep -qF "$warn" r.html || fail "report: the warning with its count"
echo ok
