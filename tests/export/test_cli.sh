#!/bin/sh
# rn-export's command line and bad input: --help, usage errors (exit 2 with
# "rn-export: ..." and the --help hint), missing and foreign files, a
# truncated trace (read as far as it goes, the reader's damage line, exit 1),
# bad OTEL_* values, and a collector answering garbage.
. "$RN_ROOT/tests/lib.sh"
. "$RN_ROOT/tests/export/lib_export.sh"

"$MKTRACE" t.rn 20 >/dev/null
rn-export --help >help.txt
grep -q "otlp FILE" help.txt || fail "--help lacks the otlp command"
rn-export chrome --help >/dev/null
# An option a command does not take is refused, never ignored (the whole
# table: tests/docs/opt_audit.py).
for cmd in chrome json csv folded; do
	assert_exit 2 sh -c "rn-export $cmd --rebase-time t.rn 2>err.txt"
	assert_eq "$(cat err.txt)" "rn-export: $cmd: --rebase-time is taken only by otlp and otlp-json
Try 'rn-export --help'." "$cmd --rebase-time"
done
assert_exit 2 sh -c 'rn-export csv --no-functions t.rn 2>err.txt'
assert_eq "$(head -n 1 err.txt)" "rn-export: csv: --no-functions is taken only by chrome, folded, json and otlp-json" "csv --no-functions"

usage() { # usage WHAT CMD...: exit 2, the tool's prefix and the --help hint
	what=$1
	shift
	set +e
	"$@" >/dev/null 2>err.txt
	rc=$?
	set -e
	assert_eq "$rc" 2 "$what: exit status"
	assert_match "$(head -n 1 err.txt)" "^rn-export: " "$what: message"
	assert_eq "$(sed -n 2p err.txt)" "Try 'rn-export --help'." "$what: hint"
}
usage "no command" rn-export
usage "unknown command" rn-export frobnicate t.rn
usage "unknown flag" rn-export csv t.rn --frob
usage "no file" rn-export json
usage "stdin" rn-export json -
usage "two files" rn-export csv t.rn t.rn
usage "bad protocol" rn-export otlp t.rn --protocol smoke
usage "bad compression" rn-export otlp t.rn --compression lz4
usage "bad timeout" rn-export otlp t.rn --timeout -5
usage "bad batch size" rn-export otlp t.rn --batch-size 0
usage "bad preset" rn-export otlp t.rn --preset fast
usage "bad headers" rn-export otlp t.rn --headers novalue
usage "bad endpoint" rn-export otlp t.rn --endpoint ftp://x
usage "missing value" rn-export otlp t.rn --endpoint
OTEL_EXPORTER_OTLP_TIMEOUT=soon usage "bad env timeout" rn-export otlp t.rn
OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=carrier-pigeon usage "bad env protocol" rn-export otlp t.rn
assert_match "$(cat err.txt)" "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL" "the variable is named"

# Missing and foreign files: one line, exit 1.
for cmd in otlp otlp-json chrome json csv folded; do
	set +e
	rn-export $cmd nosuch.rn >/dev/null 2>err.txt
	rc=$?
	set -e
	assert_eq "$rc" 1 "$cmd on a missing file"
	assert_eq "$(wc -l <err.txt)" 1 "$cmd: one line"
	assert_match "$(cat err.txt)" "^rn-export: nosuch.rn: No such file" "$cmd: message"
done
head -c 5000 /bin/sh >foreign.rn
assert_exit 1 rn-export json foreign.rn
assert_match "$(rn-export csv foreign.rn 2>&1 || true)" "^rn-export: .*not an rn trace" "foreign file"

# A truncated trace (the recorder died): every complete chunk is exported,
# the damage line is printed (first: rule 2), exit 1.
"$MKTRACE" big.rn 50000 --no-index >/dev/null
size=$(stat -c %s big.rn)
head -c $((size - 40)) big.rn >cut.rn # inside the last chunk (in 2.0 the trace is ~3 KB)
for cmd in json csv chrome folded otlp-json; do
	set +e
	timeout 60 rn-export $cmd cut.rn -o out.$cmd 2>err.txt
	rc=$?
	set -e
	assert_eq "$rc" 1 "$cmd on a truncated trace"
	# said once, first, then where the file ends (the same in every command)
	assert_eq "$(grep -c 'recovered' err.txt)" 1 "$cmd damage line once"
	assert_eq "$(wc -l <err.txt)" 2 "$cmd damage lines"
	assert_match "$(head -n 1 err.txt)" "^rn-export: cut.rn: recovered [0-9]+ chunks" "$cmd damage line"
	assert_match "$(tail -n 1 err.txt)" "^rn-export: cut.rn: .*cut short" "$cmd where the file ends"
done
# otlp on the truncated trace: the damage line first, then what was read is
# delivered and accounted for, exit 1.
"$RN_BUILD/bench/rn_otlp_sink" sink.port sink.stats sink.stop 60 >/dev/null 2>&1 &
sink_pid=$!
PORT=$(wait_port sink.port)
set +e
rn-export otlp cut.rn --endpoint "http://127.0.0.1:$PORT" >cut.out 2>err.txt
rc=$?
set -e
touch sink.stop
wait $sink_pid || true
assert_eq "$rc" 1 "otlp on a truncated trace"
assert_match "$(cat cut.out)" ": ([0-9]+) spans .*: \1 sent, 0 rejected, 0 retried, 0 failed" "otlp truncated account"
assert_match "$(head -n 1 err.txt)" "^rn-export: cut.rn: recovered [0-9]+ chunks" "otlp damage line first"
assert_eq "$(grep -c 'recovered' err.txt)" 1 "otlp damage line once"
rows=$(($(wc -l <out.csv) - 1))
[ "$rows" -ge 39000 ] && [ "$rows" -lt 50001 ] || fail "truncated csv has $rows rows"

# A collector answering 200 with garbage: delivered (nothing to count as
# rejected), no crash; with a 500 it fails without retrying.
if command -v node >/dev/null 2>&1 && [ -d "$EXPORT_DIR/node_modules/@opentelemetry" ]; then
	cat >junk.js <<'JS'
const http = require('http');
const fs = require('fs');
let n = 0;
const srv = http.createServer((q, r) => { q.resume(); q.on('end', () => {
  n++; r.writeHead(n === 1 ? 200 : 500, {'Content-Type': 'application/x-protobuf'});
  r.end(Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01])); }); });
srv.listen(0, '127.0.0.1', () => fs.writeFileSync('junk.port', String(srv.address().port)));
setTimeout(() => process.exit(0), 20000);
JS
	node junk.js &
	jpid=$!
	PORT=$(wait_port junk.port)
	set +e
	rn-export otlp t.rn --endpoint "http://127.0.0.1:$PORT" --batch-size 10 >junk.out 2>junk.err
	rc=$?
	set -e
	kill $jpid 2>/dev/null || true
	assert_eq "$rc" 1 "junk collector exit"
	assert_match "$(cat junk.out)" ": 24 spans .*: 10 sent, 0 rejected, 0 retried, 14 failed; 3 requests" "junk"
fi
echo PASS
