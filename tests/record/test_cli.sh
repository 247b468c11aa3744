# rn-record's command line: help, usage errors, the default trace name and
# the .old copy, mode 0600, --no-data, and the environment never recorded.
. "$RN_ROOT/tests/lib.sh"
. "$RN_ROOT/tests/record/common.sh"

rn-record --help >help.txt
assert_match "$(head -n 1 help.txt)" "^Usage: rn-record" "help"
for bad in "--bogus" "-s x -- true" "--stack=70000 -- true" "-e trace=nosuchcall -- true" \
	"-p 1 -- true" "" "-p abc" "--max-size 1K -- true" "--func-depth 2 -- true" \
	"--func-start-disabled -- true"; do
	set +e
	# shellcheck disable=SC2086
	rn-record $bad >out.txt 2>err.txt
	rc=$?
	set -e
	assert_eq "$rc" 2 "exit status of 'rn-record $bad'"
	assert_eq "$(wc -l <err.txt)" 2 "error lines of 'rn-record $bad'"
	assert_match "$(head -n 1 err.txt)" "^rn-record: " "error of '$bad'"
	assert_eq "$(tail -n 1 err.txt)" "Try 'rn-record --help'." "hint"
done
[ ! -e trace.rn ] || fail "a usage error created trace.rn"
# A --func-* option without --functions would be ignored: it is an error.
set +e
rn-record --func-wait 0 -- true 2>err.txt
set -e
assert_eq "$(head -n 1 err.txt)" "rn-record: --func-wait needs --functions" "--func-wait alone"
# --func-buffer out of range is a usage error (it exited 1 once the tracee
# was being launched), said before anything is recorded.
for size in 1 64K-1 5G; do
	[ "$size" = 64K-1 ] && size=65535
	assert_exit 2 sh -c "rn-record --functions --func-buffer $size -o fb.rn -- true 2>err.txt"
	assert_eq "$(cat err.txt)" "rn-record: --func-buffer: $size is outside 64K..4G
Try 'rn-record --help'." "--func-buffer $size"
	[ ! -e fb.rn ] || fail "--func-buffer $size: a trace was made"
done

# Default name, mode 0600, the previous trace kept as trace.rn.old.
rn-record -q -- /bin/true
assert_eq "$(stat -c %a trace.rn)" 600 "trace mode"
first=$(cksum <trace.rn)
rn-record -q -- /bin/echo second >/dev/null
assert_eq "$(cksum <trace.rn.old)" "$first" "trace.rn.old is the first trace"
assert_eq "$(stat -c %a trace.rn.old)" 600 "old trace mode"
"$DUMP" trace.rn | grep -q '/bin/echo|/bin/echo|second' || fail "second trace content"

# --no-data: header flag, buffers have sizes but no bytes; the environment
# (a secret in it) is never in the trace.
printf 'SECRETPAYLOAD-in-a-file\n' >data.txt
RN_SECRET_VALUE=TOPSECRETVALUE rn-record -q -o nd.rn --no-data -- cat data.txt >/dev/null
"$DUMP" -x nd.rn >nd.txt
assert_eq "$(awk '$1 == "H" { print int($4 / 32) % 2 }' nd.txt)" 1 "no-data header flag"
rd=$(awk '$1 == "S" && $4 == "read" && $5 == 24' nd.txt)
assert_match "$rd" " 2:1:0:24:" "read capture without bytes"
secret_hex=$(printf 'TOPSECRETVALUE' | od -An -tx1 | tr -d ' \n')
payload_hex=$(printf 'SECRETPAYLOAD' | od -An -tx1 | tr -d ' \n')
! grep -q "$secret_hex" nd.txt || fail "environment recorded"
! grep -q "$payload_hex" nd.txt || fail "buffer bytes recorded with --no-data"
zstd -dc nd.rn 2>/dev/null | grep -q TOPSECRETVALUE && fail "environment in the file"
# Without --no-data the file contents are captured (up to -s).
RN_SECRET_VALUE=TOPSECRETVALUE rn-record -q -o d.rn -s 8 -- cat data.txt >/dev/null
"$DUMP" -x d.rn >d.txt
assert_match "$(awk '$1 == "S" && $4 == "read" && $5 == 24' d.txt)" " 2:1:8:24:3:[0-9a-f]+:$(printf 'SECRETPA' | od -An -tx1 | tr -d ' \n')" "read capture truncated to -s 8"
! grep -q "$secret_hex" d.txt || fail "environment recorded"

# The header's options are the words as given, combined short flags and
# options' arguments included, then the backend used.
rn-record -qf -o opts.rn -e trace=openat -s64 --backend=ptrace -- /bin/true
python3 - opts.rn '-qf -o opts.rn -e trace=openat -s64 --backend=ptrace' <<'PY' ||
import struct, sys
d, want = open(sys.argv[1], "rb").read(), sys.argv[2].encode()
i = d.find(want + b"\0")  # a FlatBuffers string: u32 length, bytes, NUL
assert i >= 4 and struct.unpack_from("<I", d, i - 4)[0] == len(want), d[:400]
PY
	fail "the header's options are not '-qf -o opts.rn -e trace=openat -s64 --backend=ptrace'"

echo "cli ok"

