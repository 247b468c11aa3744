#!/bin/sh
# OTLP/gRPC over HTTP/2 (h2c prior knowledge) against two real servers on
# 127.0.0.1: @grpc/grpc-js (decoding with the upstream otlp-transformer
# decoder) and Debian's python3-grpcio, which is strict about `te: trailers`.
# Also: gzip message compression, grpc-status from trailers (UNAVAILABLE is
# retried, INVALID_ARGUMENT is not), partial_success in the response message.
. "$RN_ROOT/tests/lib.sh"
. "$RN_ROOT/tests/export/lib_export.sh"
need_node
[ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import grpc' 2>/dev/null ||
	fail "python3-grpcio missing (Debian package, listed in DEB_PACKAGES)"

"$MKTRACE" t.rn 700 --funcs >/dev/null # 701 syscalls + 2 processes + root + 3 functions
N=707
rn-export json t.rn >events.ndjson

# grpc-js, gzip, batches of 512: two requests.
start_receiver g --grpc
out=$(rn-export otlp t.rn --protocol grpc --endpoint "127.0.0.1:$PORT" --compression gzip \
	--headers x-test=grpc)
stop_receiver g
echo "$out"
assert_match "$out" "/opentelemetry.proto.collector.trace.v1.TraceService/Export \(grpc\): $N sent, 0 rejected, 0 retried, 0 failed; 2 requests" "grpc-js"
# grpc-js decompressed the messages (grpc-encoding: gzip): the bytes on the
# wire are a fraction of the uncompressed requests'.
zbytes=$(echo "$out" | sed -n 's/.* \([0-9]*\) bytes.*/\1/p')
start_receiver g2 --grpc
out2=$(rn-export otlp t.rn --protocol grpc --endpoint "127.0.0.1:$PORT")
stop_receiver g2
bytes=$(echo "$out2" | sed -n 's/.* \([0-9]*\) bytes.*/\1/p')
[ $((zbytes * 3)) -lt "$bytes" ] || fail "gzip: $zbytes bytes vs $bytes uncompressed"
assert_eq "$(grep -c '"custom":"grpc"' g.ndjson)" 2 "metadata header"
check_otlp model g.ndjson events.ndjson functions=3 service.name=rn:demo process.exit.code=3

# grpc-status from the trailers: 14 (UNAVAILABLE) retried, then partial
# success counted; 3 (INVALID_ARGUMENT) never retried.
start_receiver s --grpc --script '[{"grpcCode":14},{"partial":5},{"grpcCode":3}]'
set +e
rn-export otlp t.rn --protocol grpc --endpoint "http://127.0.0.1:$PORT" --retry-base 20 >s.out 2>s.err
rc=$?
set -e
stop_receiver s
cat s.out s.err
assert_eq "$rc" 1 "exit with rejected and failed spans"
assert_match "$(cat s.out)" ": 507 sent, 5 rejected, 512 retried, 195 failed; 3 requests" "grpc statuses"
assert_match "$(cat s.err)" "grpc-status 3: test says 3" "grpc message"

# python3-grpcio: a second implementation, strict about te: trailers.
mkdir py
/usr/bin/python3 "$EXPORT_DIR/grpc_receiver.py" py.port py py.stop 60 2>py.log &
py_pid=$!
PORT=$(wait_port py.port)
out=$(rn-export otlp t.rn --protocol grpc --endpoint "http://127.0.0.1:$PORT" --batch-size 300)
touch py.stop
wait $py_pid || true
echo "$out"
assert_match "$out" "$N sent, 0 rejected, 0 retried, 0 failed; 3 requests" "grpcio"
node "$EXPORT_DIR/otlp_receiver.js" --decode-dir py --out py.ndjson
check_otlp model py.ndjson events.ndjson functions=3 service.name=rn:demo
echo PASS
