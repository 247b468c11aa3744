#!/bin/sh
# rn-export scrub: a copy safe for a bug report. Buffer contents and exec
# environments removed, strings matching --redact replaced, everything else
# intact and readable by the other tools; mode 0600; never overwrites.
. "$RN_ROOT/tests/lib.sh"
. "$RN_ROOT/tests/export/lib_export.sh"
need_cmd zstd

"$MKTRACE" t.rn 50 --funcs >/dev/null
rn-export json t.rn >before.ndjson
grep -q alice before.ndjson || fail "the test trace should name alice"

rn-export scrub t.rn -o s.rn --redact 'alice' --redact 'secret-token-[0-9]+' 2>scrub.err
cat scrub.err
assert_match "$(cat scrub.err)" "scrub: [0-9]+ events written to s.rn; 11 buffers removed, [0-9]+ strings redacted" "summary"
assert_eq "$(stat -c %a s.rn)" 600 "mode"
# No secret left anywhere: header (raw file) and chunks (decompressed).
for secret in alice secret-token-123 hello child; do
	if grep -aq "$secret" s.rn || zstd -dcq s.rn | grep -aq "$secret"; then
		fail "'$secret' is still in the scrubbed trace"
	fi
done
zstd -dcq t.rn | grep -aq hello || fail "the original should hold the buffer 'hello'"

# Still a trace: the same events, with redacted strings and empty buffers.
rn-export json s.rn >after.ndjson
/usr/bin/python3 - <<'PY' || fail "scrubbed contents"
import json
b = [json.loads(l) for l in open("before.ndjson")]
a = [json.loads(l) for l in open("after.ndjson")]
assert len(a) == len(b), (len(a), len(b))
for x, y in zip(b, a):
    assert x["type"] == y["type"], (x, y)
    if x["type"] == "syscall":
        for k in ("name", "time_ns", "pid", "tid", "ret", "raw_args", "duration_ns"):
            assert x.get(k) == y.get(k), (k, x, y)
h = a[0]
assert h["argv"] == ["/usr/bin/demo", "--token", "***"] and h["cwd"] == "/home/***", h
op = [y for y in a if y["type"] == "syscall" and y["name"] == "openat" and "secret" in y["args"]]
assert op and '"/home/***/secret.txt", O_RDONLY' in op[0]["args"], op[:1]
ex = [y for y in a if y["type"] == "proc" and y["kind"] == "exec"][0]
assert ex["argv"] == ["/usr/bin/demo", "--token", "***"], ex
PY
# Every other tool reads it.
if command -v rn-analyze >/dev/null 2>&1; then
	rn-analyze summary s.rn >summary.txt || fail "rn-analyze cannot read the scrubbed trace"
	grep -q openat summary.txt || fail "rn-analyze summary of the scrubbed trace lacks openat"
fi
rn-export chrome s.rn -o /dev/null || fail "chrome export of the scrubbed trace"

# --keep-data keeps buffers; an existing output is never overwritten; a bad
# pattern is a usage error.
rn-export scrub t.rn -o k.rn --keep-data 2>/dev/null
zstd -dcq k.rn | grep -aq hello || fail "--keep-data dropped buffers"
assert_exit 1 rn-export scrub t.rn -o s.rn
assert_match "$(rn-export scrub t.rn -o s.rn 2>&1 || true)" "^rn-export: s.rn: .*(exists|File exists)" "overwrite message"
assert_exit 2 rn-export scrub t.rn -o x.rn --redact '('
assert_exit 2 rn-export scrub t.rn
[ ! -e x.rn ] || fail "a failed scrub left x.rn"
echo PASS
