# Fault: a damaged trace is told the same way by every tool, before its
# output (rule 2): a real recording cut inside a chunk, and one with a byte
# flipped inside a chunk, give on stderr exactly
#   TOOL: FILE: recovered N chunks (E events); B corrupt skipped; WHY
#   TOOL: FILE: <the reader's problem: where the file ends, or which chunk is
#               corrupt at which offset>
# and exit 1, from rn-replay, rn-analyze's commands and rn-export's formats;
# past 8 problems, the rest are counted in one line.
# The counts are the library's own (rnfmt read), the chunk and offset the
# file's (its markers).
. "$RN_ROOT/tests/lib.sh"
. "$RN_ROOT/tests/record/common.sh"
need_cmd python3
rnfmt="$RN_BUILD/tests/format/rnfmt"
[ -x "$rnfmt" ] || fail "rnfmt helper not built"

# A ring that holds the run under bpf: on a loaded machine the default 16M
# lost calls to a full ring, and the trace had 2 chunks, not the 3 the
# middle-chunk damage needs (5-6 when nothing is lost).
big=""
[ "$(id -u)" = 0 ] && [ -r /sys/kernel/btf/vmlinux ] && big="--bpf-buffer 64M"
# shellcheck disable=SC2086
rn-record -q $big -f -o t.rn -- "$PROGS/loop" 120000 || fail "record"

# Damages the middle chunk of t.rn two ways; prints its index and offset.
python3 - <<'PY' >where.txt || fail "cannot damage t.rn"
import os, sys
sys.path.insert(0, os.path.join(os.environ["RN_ROOT"], "tests", "malformed"))
from mkmalformed import damage_middle
k, at, _ = damage_middle("t.rn", "cut.rn", "flip.rn")
print(k, at)
PY
read -r k at <where.txt

# want FILE WHY DETAIL: the two lines (without the tool) into FILE.want
want() {
	set -- "$1" "$2" "$3" "$("$rnfmt" read "$1.rn" 2>/dev/null)"
	ev=$(echo "$4" | awk '{ print $2 }')
	ok=$(echo "$4" | awk '{ print $4 }')
	bad=$(echo "$4" | awk '{ print $6 }')
	printf '%s.rn: recovered %s chunks (%s events); %s corrupt skipped; %s\n%s.rn: %s\n' \
		"$1" "$ok" "$ev" "$bad" "$2" "$1" "$3" >"$1.want"
}
want cut "the file was cut short" "file ends inside chunk $k at offset $at (cut short)"
want flip "the file has corrupt parts" "chunk $k at offset $at is corrupt"
[ "$(awk 'NR == 1 { print $3 }' cut.want)" = "$k" ] || fail "cut: $(cat cut.want)"
[ "$(awk 'NR == 1 { print $7 }' flip.want)" = 1 ] || fail "flip: $(cat flip.want)"

# check TOOL CMD... (FILE last but for scrub): stderr is TOOL: and the lines.
check() {
	tool=$1
	shift
	for f in cut flip; do
		set +e
		"$@" >/dev/null 2>err.txt
		rc=$?
		set -e
		sed "s/^/$tool: /" "$f.want" >want.txt
		if [ $f = flip ]; then # the reason in parentheses is zstd's or the frame check's
			sed -E 's/ is corrupt \(.*\); skipped$/ is corrupt/' err.txt >err2.txt
			mv err2.txt err.txt
		fi
		[ $rc = 1 ] || fail "$* on $f.rn: exit $rc"
		diff -u want.txt err.txt >&2 || fail "$* on $f.rn: not the damage lines"
		set -- $(echo "$@" | sed "s/cut\.rn/flip.rn/g")
	done
}
check rn-replay rn-replay cut.rn
check rn-replay rn-replay -c cut.rn
for c in summary hints anomalies; do
	check rn-analyze rn-analyze $c cut.rn
done
check rn-analyze rn-analyze report -o r.html cut.rn
for c in json csv chrome folded otlp-json; do
	check rn-export rn-export $c cut.rn
done

# Past 8 problems, one line says how many more: every chunk of a longer
# recording flipped.
rn-record -q -f -o long.rn -- "$PROGS/loop" 600000 || fail "record long"
python3 - <<'PY' >many.want || fail "cannot damage long.rn"
import os, sys
sys.path.insert(0, os.path.join(os.environ["RN_ROOT"], "tests", "malformed"))
from mkmalformed import MAGIC_CHUNK, breaking_flip, frames
d = bytearray(open("long.rn", "rb").read())
chunks = [(at, n) for at, magic, n in frames(d) if magic == MAGIC_CHUNK]
assert len(chunks) > 9, "want 10 chunks or more, got %d" % len(chunks)
for at, n in chunks:
    d[breaking_flip(d, at, n)] ^= 0x10
open("many.rn", "wb").write(d)
print("many.rn: recovered 0 chunks (0 events); %d corrupt skipped; the file has corrupt parts"
      % len(chunks))
for k in range(8):
    print("many.rn: chunk %d at offset %d is corrupt" % (k, chunks[k][0]))
print("many.rn: %d more problems not shown" % (len(chunks) - 8))
PY
for cmd in "rn-replay many.rn" "rn-analyze summary many.rn" "rn-export json many.rn"; do
	tool=${cmd%% *}
	set +e
	$cmd >/dev/null 2>err.txt
	rc=$?
	set -e
	[ $rc = 1 ] || fail "$cmd: exit $rc"
	sed -E 's/ is corrupt \(.*\); skipped$/ is corrupt/' err.txt >err2.txt
	sed "s/^/$tool: /" many.want >want.txt
	diff -u want.txt err2.txt >&2 || fail "$cmd: not the damage lines"
done
echo "damage lines ok"
