#!/bin/sh
# Malformed traces fed to every tool that reads traces: bit flips,
# truncations, huge lengths (with believed check words), zero-size frames,
# loops and backward offsets inside chunk FlatBuffers, header lies
# (mkmalformed.py), made from the format's sample trace (every event kind)
# and from a real rn-record trace when rn-record is built. Each tool must
# finish within a time limit and (unsanitized) an address-space limit, never
# die of a signal or a sanitizer report, print at most a few lines on stderr,
# each prefixed with its name, and agree with the library on damage: when the
# reference reader (rnfmt read) finds the file damaged or unreadable, the
# tool exits non-zero with a line saying so.
. "$RN_ROOT/tests/lib.sh"
need_cmd python3 zstd timeout
rnfmt="$RN_BUILD/tests/format/rnfmt"
[ -x "$rnfmt" ] || fail "rnfmt helper not built"

"$rnfmt" write sample.rn 6
bases="sample"
if [ -x "$RN_BIN/rn-record" ] &&
	rn-record -q -f -o real.rn -- sh -c 'ls -la / >/dev/null; cat /etc/hostname >/dev/null' \
		>/dev/null 2>&1; then
	bases="$bases real"
else
	echo "rn-record not usable: malformed copies of the sample trace only"
fi

limit_kb=2000000 # address space for unsanitized tools
[ "${SANITIZE:-0}" = 1 ] && limit_kb=unlimited
for base in $bases; do
	python3 "$RN_ROOT/tests/malformed/mkmalformed.py" "$base.rn" "mal-$base" >/dev/null ||
		fail "cannot make malformed copies of $base.rn"
	python3 "$RN_ROOT/tests/malformed/feed.py" "$rnfmt" "$limit_kb" "mal-$base"/* ||
		fail "a tool mishandled a malformed copy of $base.rn"
done
