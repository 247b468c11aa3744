# Fault: a flight-recorder segment damaged on disk while rn-record runs
# (--max-size keeps two segment files, FILE.seg0 and FILE.seg1, and merges
# them into FILE at the end). rn-record says it as every tool says damage
# (rn_damage.h) on stderr:
#   rn-record: FILE.segN: recovered A chunks (E events); 1 corrupt skipped; the file has corrupt parts
#   rn-record: FILE.segN: chunk K at offset X is corrupt (...); skipped
# and the merged trace carries the events it lost as a Loss event, so every
# tool reading FILE later says so first: rn-replay's first line counts them
# ("the recorded data was damaged"), with the count the flipped chunk's
# marker gives. Before, only the second line was printed and FILE looked
# whole.
. "$RN_ROOT/tests/lib.sh"
. "$RN_ROOT/tests/record/common.sh"
need_cmd python3

# The loop fills and rotates the segments; the tracee then blocks opening
# the fifo "go" (no more events, so no more rotation) while the older
# segment (closed, written no more) is damaged.
mkfifo go
rn-record -q -f --max-size 256K -o m.rn -- sh -c \
	"'$PROGS/loop' 300000; : >looped; read -r x <go" 2>rec.err &
rec=$!
i=0
while [ ! -e looped ]; do
	i=$((i + 1))
	[ $i -lt 600 ] || fail "the loop did not end in 60 s"
	sleep 0.1
done
# the loop's last chunk flushed (every second): a segment holds the shell's
# open of "looped" (on a loaded machine the recorder could flush later than
# the 1.5 s below, and that chunk rotated the damaged segment away), and the
# segments stay as they are for a second and a half
i=0
until for s in m.rn.seg0 m.rn.seg1; do rn-replay "$s" 2>/dev/null; done |
	grep -q 'openat(AT_FDCWD, "looped"'; do
	i=$((i + 1))
	[ $i -lt 600 ] || fail "the shell's open of looped never reached a segment"
	sleep 0.1
done
sizes() { stat -c %s m.rn.seg0 m.rn.seg1 2>/dev/null | tr '\n' ' '; }
i=0
last=$(sizes)
while :; do
	sleep 1.5
	now=$(sizes)
	[ "$now" != "$last" ] || break
	last=$now
	i=$((i + 1))
	[ $i -lt 40 ] || fail "the segments never settled"
done
# the older segment: its chunk in the middle gets a byte flipped; prints the
# segment's name, the chunk's seq and offset and its events (the marker's)
python3 - <<'PY' >where.txt || fail "cannot damage a segment"
import os, struct, sys
sys.path.insert(0, os.path.join(os.environ["RN_ROOT"], "tests", "malformed"))
from mkmalformed import MAGIC_CHUNK, MAGIC_TRAILER, breaking_flip, frames
def chunks_of(name):
    d = open(name, "rb").read()
    return d, [(at, n) for at, magic, n in frames(d) if magic == MAGIC_CHUNK]
# The older segment is the one closed (it ends with a trailer); the newer is
# still being written. (Not the earlier first time: the current segment's
# first chunk can hold the shell's wait4, entered before the loop began.)
def closed(name):
    return any(m == MAGIC_TRAILER for _, m, _ in frames(open(name, "rb").read()))
olds = [s for s in ["m.rn.seg0", "m.rn.seg1"] if os.path.exists(s) and closed(s)]
assert len(olds) == 1, "closed segments: %s" % olds
old = olds[0]
d, chunks = chunks_of(old)
b = bytearray(d)
assert chunks, "no chunk in " + old
k = len(chunks) // 2
at, n = chunks[k]
seq, nev = struct.unpack_from("<I", b, at + 12)[0], struct.unpack_from("<I", b, at + 40)[0]
b[breaking_flip(d, at, n)] ^= 0x10
with open(old, "r+b") as f:
    f.write(b)
print(old, seq, at, nev)
PY
read -r seg seq at nev <where.txt
echo go >go
wait $rec || fail "rn-record: exit $? ($(cat rec.err))"

# rn-record's stderr: the summary, then the problem (zstd's reason aside)
sed -E 's/ is corrupt \(.*\); skipped$/ is corrupt/' rec.err >err.txt
first=$(head -n 1 err.txt)
assert_match "$first" "^rn-record: $seg: recovered [0-9]+ chunks \([0-9]+ events\); 1 corrupt skipped; the file has corrupt parts$" "rn-record: the summary first"
assert_eq "$(sed -n 2p err.txt)" "rn-record: $seg: chunk $seq at offset $at is corrupt" "rn-record: then the problem"
assert_eq "$(wc -l <err.txt)" 2 "rn-record: two lines"

# The merged trace says it first, with the marker's count.
rn-replay m.rn >r.out 2>r.err || fail "rn-replay m.rn: $(cat r.err)"
assert_match "$(head -n 1 r.err)" "^rn-replay: m\.rn: warning: [0-9]+ events were lost while recording \([0-9]+: older than the flight-recorder window; $nev: the recorded data was damaged\); what follows is incomplete$" "rn-replay: the first line"
grep -qE "^[0-9]+ +\+\+\+ rn: $nev events lost: the recorded data was damaged \+\+\+$" r.out || fail "rn-replay: no damage Loss line"
[ ! -e m.rn.seg0 ] && [ ! -e m.rn.seg1 ] || fail "the segments were left"
echo "flight damage said"
