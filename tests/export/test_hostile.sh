#!/bin/sh
# Hostile traces through every rn-export command: 24 deterministic mutants
# of a real trace (bit flips, truncations, huge lengths written over
# fields) must each end with exit 0 or 1 within 30 s, never a crash or a
# sanitizer report, with at most a few lines on stderr; when the exit is 1,
# the last line names the problem with the tool's prefix.
. "$RN_ROOT/tests/lib.sh"
. "$RN_ROOT/tests/export/lib_export.sh"

"$MKTRACE" base.rn 3000 --funcs >/dev/null
/usr/bin/python3 - <<'PY'
import random
data = open("base.rn", "rb").read()
for i in range(24):
    r = random.Random(i)
    d = bytearray(data)
    kind = i % 4
    if kind == 0:      # bit flips
        for _ in range(1 + r.randrange(8)):
            p = r.randrange(len(d))
            d[p] ^= 1 << r.randrange(8)
    elif kind == 1:    # truncation
        d = d[: r.randrange(len(d))]
    elif kind == 2:    # a huge length over some field
        p = r.randrange(len(d) - 4)
        d[p:p + 4] = b"\xff\xff\xff\x7f"
    else:              # a run of garbage
        p = r.randrange(len(d) - 64)
        d[p:p + 64] = bytes(r.randrange(256) for _ in range(64))
    open("m%02d.rn" % i, "wb").write(bytes(d))
PY
n=0
for f in m*.rn; do
	for cmd in json csv chrome folded otlp-json scrub; do
		rm -f scrubbed.rn
		if [ $cmd = scrub ]; then
			args="-o scrubbed.rn"
		else
			args="-o /dev/null"
		fi
		set +e
		timeout 30 rn-export $cmd "$f" $args >/dev/null 2>err.txt
		rc=$?
		set -e
		case $rc in
		0) ;;
		1) assert_match "$(tail -n 1 err.txt)" "^rn-export: " "$cmd $f: last line" ;;
		*) fail "rn-export $cmd $f exited $rc: $(tail -n 5 err.txt)" ;;
		esac
		[ "$(wc -l <err.txt)" -le 4 ] || fail "rn-export $cmd $f: $(wc -l <err.txt) lines on stderr"
		! grep -q "Sanitizer\|runtime error" err.txt || fail "rn-export $cmd $f: $(cat err.txt)"
		n=$((n + 1))
	done
done
echo "$n runs on mutated traces: all ended cleanly"
echo PASS
