#!/bin/sh
# OTLP over TLS against real servers on 127.0.0.1 with a certificate made for
# the test: OTLP/HTTP to a node https server (HTTP/1.1), and OTLP/gRPC to
# @grpc/grpc-js with TLS, where HTTP/2 is negotiated by ALPN. The CA comes
# from --certificate or OTEL_EXPORTER_OTLP_CERTIFICATE; without it, the
# server's certificate is refused (no span counted as sent).
. "$RN_ROOT/tests/lib.sh"
. "$RN_ROOT/tests/export/lib_export.sh"
need_node
need_cmd openssl

openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem -days 1 \
	-subj /CN=localhost -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" 2>/dev/null ||
	fail "openssl could not make a certificate"
"$MKTRACE" t.rn 300 >/dev/null
rn-export json t.rn >events.ndjson

start_receiver h --tls-cert cert.pem --tls-key key.pem
out=$(rn-export otlp t.rn --endpoint "https://127.0.0.1:$PORT" --certificate cert.pem)
set +e
rn-export otlp t.rn --endpoint "https://127.0.0.1:$PORT" --retries 0 >untrusted.out 2>untrusted.err
rc=$?
set -e
stop_receiver h
assert_match "$out" "https://127.0.0.1:[0-9]+/v1/traces \(http/protobuf\): 304 sent, 0 rejected, 0 retried, 0 failed" "https"
check_otlp model h.ndjson events.ndjson
assert_eq "$rc" 1 "untrusted certificate exit"
assert_match "$(cat untrusted.out)" ": 0 sent, 0 rejected, 0 retried, 304 failed" "untrusted"
assert_match "$(cat untrusted.err)" "certificate|SSL" "untrusted message"

start_receiver g --grpc --tls-cert cert.pem --tls-key key.pem
out=$(OTEL_EXPORTER_OTLP_CERTIFICATE=cert.pem RN_EXPORT_DEBUG=2 \
	rn-export otlp t.rn --protocol grpc --endpoint "https://127.0.0.1:$PORT" 2>curl.log)
stop_receiver g
assert_match "$out" "\(grpc\): 304 sent, 0 rejected, 0 retried, 0 failed" "grpc over TLS"
grep -q "ALPN: server accepted h2" curl.log || fail "HTTP/2 was not negotiated by ALPN"
check_otlp model g.ndjson events.ndjson
echo PASS
