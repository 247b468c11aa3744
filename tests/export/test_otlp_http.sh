#!/bin/sh
# OTLP/HTTP against a real receiver on 127.0.0.1 that decodes every request
# with the upstream @opentelemetry/otlp-transformer@0.216.0 decoder: span
# count, names, times, parent links, attributes and resource checked against
# `rn-export json` of the same trace; gzip; http/json; the OTEL_* environment
# and flags winning over it; idempotent ids; --rebase-time; protoc --decode_raw.
. "$RN_ROOT/tests/lib.sh"
. "$RN_ROOT/tests/export/lib_export.sh"
need_node
need_cmd protoc

"$MKTRACE" t.rn 1200 --funcs >/dev/null
rn-export json t.rn >events.ndjson

# 1. http/protobuf, batches of 128 (low-latency preset): 1201 syscalls + 2
# processes + root + 3 functions = 1207 spans in 10 requests.
start_receiver a --save-body body.bin
out=$(rn-export otlp t.rn --endpoint "http://127.0.0.1:$PORT" --preset low-latency \
	--headers 'x-test=a%20b' --service-name svc-a)
stop_receiver a
echo "$out"
assert_match "$out" ': 1207 spans to http://127.0.0.1:[0-9]+/v1/traces \(http/protobuf\): 1207 sent, 0 rejected, 0 retried, 0 failed; 10 requests' "final line"
check_otlp model a.ndjson events.ndjson functions=3 service.name=svc-a process.pid=1000 \
	process.exit.code=3 "process.command_line=/usr/bin/demo --token secret-token-123" \
	process.executable.path=/usr/bin/demo host.name=testhost os.type=linux
assert_eq "$(grep -c '"contentType":"application/x-protobuf"' a.ndjson)" 10 "protobuf requests"
assert_eq "$(grep -c '"custom":"a b"' a.ndjson)" 10 "custom header on every request"
# An independent decoder agrees on the first body: field 1 (resource_spans)
# holding spans (field 2 > 2) named after syscalls.
protoc --decode_raw <body.bin >raw.txt || fail "protoc cannot decode the body"
grep -q '5: "openat"' raw.txt || fail "protoc --decode_raw shows no openat span"
assert_eq "$(grep -c '^      5: ' raw.txt)" 128 "spans in the first request (protoc)"

# 2. gzip + environment: endpoint (generic: /v1/traces appended), protocol,
# compression, headers, service name and resource attributes from OTEL_*.
start_receiver b
OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$PORT" OTEL_EXPORTER_OTLP_COMPRESSION=gzip \
	OTEL_EXPORTER_OTLP_TRACES_HEADERS=x-test=env OTEL_SERVICE_NAME=svc-env \
	OTEL_RESOURCE_ATTRIBUTES='deployment.environment=test,team=a%2Cb' \
	OTEL_BSP_MAX_EXPORT_BATCH_SIZE=600 rn-export otlp t.rn >b.out
stop_receiver b
assert_match "$(cat b.out)" '1207 sent, 0 rejected, 0 retried, 0 failed; 3 requests' "env batch size 600"
assert_eq "$(grep -c '"encoding":"gzip"' b.ndjson)" 3 "gzip requests"
assert_eq "$(grep -c '"custom":"env"' b.ndjson)" 3 "env headers"
check_otlp model b.ndjson events.ndjson functions=3 service.name=svc-env \
	deployment.environment=test team=a,b

# 3. http/json; flags win over the environment (protocol, batch size).
start_receiver c
OTEL_EXPORTER_OTLP_PROTOCOL=grpc OTEL_BSP_MAX_EXPORT_BATCH_SIZE=7 \
	rn-export otlp t.rn --protocol http/json --endpoint "http://127.0.0.1:$PORT/v1/traces" \
	--batch-size 2048 >c.out
stop_receiver c
assert_match "$(cat c.out)" '\(http/json\): 1207 sent, 0 rejected, 0 retried, 0 failed; 1 requests' "json"
assert_eq "$(grep -c '"contentType":"application/json"' c.ndjson)" 1 "json content type"
check_otlp model c.ndjson events.ndjson functions=3 service.name=rn:demo

# 4. Re-export is idempotent (same trace and span ids); --rebase-time moves
# the trace to now and keeps durations.
ids() { /usr/bin/python3 -c 'import json,sys
for l in open(sys.argv[1]):
    r = json.loads(l)
    for b in r["batches"]:
        for s in b["spans"]:
            print(s["traceId"], s["spanId"], s["start"], s["end"])' "$1" | sort; }
ids a.ndjson | cut -d' ' -f1,2 >ids.a
ids c.ndjson | cut -d' ' -f1,2 >ids.c
cmp -s ids.a ids.c || fail "span ids differ between two exports of the same trace"
start_receiver d
rn-export otlp t.rn --endpoint "http://127.0.0.1:$PORT" --rebase-time >/dev/null
stop_receiver d
now=$(date +%s)
ids d.ndjson >rebased
ids a.ndjson >orig
/usr/bin/python3 - "$now" <<'PY' || fail "--rebase-time"
import sys
now = int(sys.argv[1]) * 10**9
orig = {r[1]: r for r in (l.split() for l in open("orig"))}
rows = [l.split() for l in open("rebased")]
if len(rows) != len(orig):
    sys.exit("rebased export has %d spans, not %d" % (len(rows), len(orig)))
end = max(int(r[3]) for r in rows)
if abs(end - now) > 120 * 10**9:
    sys.exit("rebased trace ends %d s away from now" % ((end - now) // 10**9))
shift = {int(r[2]) - int(orig[r[1]][2]) for r in rows}
if len(shift) != 1 or any(int(r[3]) - int(r[2]) != int(orig[r[1]][3]) - int(orig[r[1]][2]) for r in rows):
    sys.exit("rebasing changed durations or shifted spans unevenly")
PY

# A child whose first syscall was written before its fork event still gets
# one process span, parented by its forker.
"$MKTRACE" early.rn 10 --early-child >/dev/null
rn-export json early.rn >early.ndjson
start_receiver e
rn-export otlp early.rn --endpoint "http://127.0.0.1:$PORT" >/dev/null
stop_receiver e
check_otlp model e.ndjson early.ndjson
echo "PASS"
