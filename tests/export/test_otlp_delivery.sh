#!/bin/sh
# Delivery by the OTLP spec against a scripted real HTTP receiver on
# 127.0.0.1: 429 with Retry-After, 503/502/504, 413 (split), 400 (never
# retried), partial_success, connection refused, an answer slower than the
# timeout, and a flapping collector (resets, 503s, and a collector that is
# down and comes back). Every span accounted for in the final line; none lost
# or duplicated where the spec allows delivery.
. "$RN_ROOT/tests/lib.sh"
. "$RN_ROOT/tests/export/lib_export.sh"
need_node

"$MKTRACE" t.rn 300 >/dev/null # 301 syscalls + 2 processes + root = 304 spans
N=304
run() { # run NAME: rn-export to $PORT; output in NAME.out, status in RC
	name=$1
	shift
	set +e
	rn-export otlp t.rn --endpoint "http://127.0.0.1:$PORT" --batch-size 100 --retry-base 20 \
		"$@" >"$name.out" 2>"$name.err"
	RC=$?
	set -e
	cat "$name.out" "$name.err"
}
timed() { # timed NAME SCRIPT: run NAME against a receiver playing SCRIPT; MS = duration
	start_receiver "$1" --script "$2"
	t0=$(date +%s%3N)
	run "$1"
	MS=$(($(date +%s%3N) - t0))
	stop_receiver "$1"
}

# 429 with Retry-After: 1 (seconds): waits at least that long, then delivers.
timed r429 '[{"status":429,"retryAfter":"1"}]'
assert_eq "$RC" 0 "429 exit"
assert_match "$(cat r429.out)" "$N sent, 0 rejected, 100 retried, 0 failed; 5 requests" "429"
[ "$MS" -ge 1000 ] || fail "Retry-After: 1 not honoured ($MS ms)"
check_otlp delivery r429.ndjson $N

# Retry-After as an HTTP date two seconds ahead of the answer (made by the
# receiver when the request comes, so a slow start on a loaded machine
# cannot use the wait up): the retry arrives at that date or later.
start_receiver rdate --script '[{"status":503,"retryAfterIn":2}]'
run rdate
stop_receiver rdate
assert_eq "$RC" 0 "Retry-After date exit"
/usr/bin/python3 - <<'PY' || fail "Retry-After date not honoured"
import json
reqs = [json.loads(l) for l in open("rdate.ndjson")]
first, again = reqs[0], reqs[1]
assert first["status"] == 503 and first["retryAt"] - first["at"] >= 1000, first
assert again["at"] >= first["retryAt"], (again["at"] - first["retryAt"], "ms early")
PY
check_otlp delivery rdate.ndjson $N

# 503, 502, 504 on the same batch, then success.
start_receiver r5xx --script '[{"status":503},{"status":502},{"status":504}]'
run r5xx
stop_receiver r5xx
assert_eq "$RC" 0 "5xx exit"
assert_match "$(cat r5xx.out)" "$N sent, 0 rejected, 100 retried, 0 failed; 7 requests" "5xx"
check_otlp delivery r5xx.ndjson $N

# 413 for any request over 30 spans: batches are halved until they fit.
start_receiver r413 --default '{"maxSpans":30}'
run r413
stop_receiver r413
assert_eq "$RC" 0 "413 exit"
assert_match "$(cat r413.out)" "$N sent, 0 rejected, 0 retried, 0 failed" "413"
assert_eq "$(grep -c "\"status\":413" r413.ndjson)" 9 "413 answers (each 100 -> 2 x 50 -> 4 x 25; the last 4 spans fit)"
assert_match "$(cat r413.out)" "; 22 requests" "413 requests"
check_otlp delivery r413.ndjson $N

# 400 on the second request: that batch fails, is never retried, exit 1.
start_receiver r400 --script '[{},{"status":400}]'
run r400
stop_receiver r400
assert_eq "$RC" 1 "400 exit"
assert_match "$(cat r400.out)" "204 sent, 0 rejected, 0 retried, 100 failed; 4 requests" "400"
assert_match "$(cat r400.err)" "HTTP 400" "400 message"
check_otlp delivery r400.ndjson 204

# partial_success: 3 spans of the first batch rejected, not retried.
start_receiver rps --script '[{"partial":3}]'
run rps
stop_receiver rps
assert_eq "$RC" 1 "partial success exit"
assert_match "$(cat rps.out)" "301 sent, 3 rejected, 0 retried, 0 failed; 4 requests" "partial"
assert_match "$(cat rps.err)" "3 spans rejected: rejected by test" "partial message"

# A response slower than --timeout: the request is retried (the receiver may
# see it twice: at-least-once, as the spec allows) and nothing is lost. (On
# a loaded machine an ordinary answer may take longer than 400 ms too: then
# more batches are retried, each whole.)
start_receiver rslow --script '[{"delayMs":1500}]'
run rslow --timeout 400
stop_receiver rslow
assert_eq "$RC" 0 "slow exit"
assert_match "$(cat rslow.out)" "$N sent, 0 rejected, [1-9]00 retried, 0 failed" "slow"
check_otlp delivery rslow.ndjson $N --allow-dup

# Flapping collector: connection resets and 503s between successes, batches of 10.
start_receiver rflap --script '[{"destroy":true},{},{"status":503},{},{"destroy":true},{"destroy":true},{},{"status":503,"retryAfter":"0"}]'
run rflap --batch-size 10
stop_receiver rflap
assert_eq "$RC" 0 "flap exit"
# (libcurl itself re-sends once on a reused connection found dead, so the
# number of retried spans depends on timing; none may be lost or doubled.)
assert_match "$(cat rflap.out)" "$N sent, 0 rejected, [1-9][0-9]* retried, 0 failed" "flap"
check_otlp delivery rflap.ndjson $N

# Connection refused with no collector at all: the first batch is retried,
# then every span failed, the later batches without a try of their own (each
# would wait through the same retries: minutes for a dead endpoint).
start_receiver gone
stop_receiver gone
run refused --retries 2
assert_eq "$RC" 1 "refused exit"
assert_match "$(cat refused.out)" "0 sent, 0 rejected, 100 retried, $N failed; 3 requests" "refused"
assert_match "$(cat refused.err)" "Couldn't connect|Connection refused" "refused message"
assert_match "$(cat refused.err)" "gave up after 2 retries; nothing more is sent" "refused: said once"

# A collector that is down at first and comes back on the same port.
start_receiver down
DOWNPORT=$PORT
stop_receiver down
PORT=$DOWNPORT
(sleep 0.6 && node "$EXPORT_DIR/otlp_receiver.js" --port "$DOWNPORT" --port-file back.port \
	--out back.ndjson --stop-file back.stop --max-seconds 30 2>back.log) &
back_pid=$!
run back --retry-base 200 --retries 6
touch back.stop
wait $back_pid || true
assert_eq "$RC" 0 "collector back exit"
assert_match "$(cat back.out)" "$N sent, 0 rejected, 100 retried, 0 failed" "back"
check_otlp delivery back.ndjson $N

# SIGINT while a slow collector holds a request: the transfer is aborted,
# nothing more is sent, the final line still accounts for every span read
# (sent + failed), exit 130, long before the collector's answer (20 s; the
# bound leaves room for a loaded machine).
"$MKTRACE" big.rn 100000 >/dev/null
start_receiver slow --default '{"delayMs":20000}'
rn-export otlp big.rn --endpoint "http://127.0.0.1:$PORT" >int.out 2>int.err &
epid=$!
i=0
until [ -s slow.ndjson ]; do # the first request has arrived
	i=$((i + 1))
	[ $i -le 200 ] || fail "no request reached the slow collector"
	sleep 0.05
done
t0=$(date +%s%3N)
kill -INT $epid
set +e
wait $epid
rc=$?
set -e
ms=$(($(date +%s%3N) - t0))
stop_receiver slow
cat int.out int.err
assert_eq "$rc" 130 "exit after SIGINT"
[ "$ms" -lt 8000 ] || fail "SIGINT took $ms ms to stop the export"
/usr/bin/python3 - <<'PY' || fail "interrupted account"
import re
m = re.search(r": (\d+) spans .*: (\d+) sent, (\d+) rejected, (\d+) retried, (\d+) failed", open("int.out").read())
spans, sent, rej, retried, failed = map(int, m.groups())
assert spans > 0 and sent + rej + failed == spans and failed > 0 and retried == 0, m.groups()
PY
assert_match "$(tail -n 1 int.err)" "^rn-export: interrupted after [0-9]+ of the trace's 100007 events$" "interrupt line"
echo PASS
