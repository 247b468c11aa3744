#!/bin/sh
# rn-analyze reads on two threads (--threads 2, the default with two CPUs:
# the reader's walk over the chunks runs ahead on its own thread) and says
# byte for byte what it says on one: stdout, stderr and exit status of
# summary (text, CSV, JSON, --by process, -e) on real traces: find over
# /usr/share (many chunks), a multi-threaded program, a flight-recorder
# trace with loss events, a trace cut inside a chunk, and one with a corrupt
# chunk in the middle and a damaged frame check (warnings from the walk
# thread come at the same point as on one thread), also with every chunk
# loaded by the reading thread (RN_READ_DEFER=1).
. "$RN_ROOT/tests/lib.sh"
need_cmd strace
THREADS="$RN_BUILD/tests/record/progs/threads"

rn-record -q -f -o find.rn -- find /usr/share /usr/lib -name '*.txt' >/dev/null ||
	fail "record find"
rn-record -q -f -o thr.rn -- "$THREADS" 4 5000 3 || fail "record threads"
rn-record -q --max-size 256K -o loss.rn -- find /usr/share -maxdepth 3 >/dev/null 2>&1 ||
	fail "record the flight window"
rn-replay loss.rn 2>/dev/null | grep -q '+++ rn: [0-9]* events lost' || fail "loss.rn lost nothing"

python3 - find.rn cut.rn bad.rn <<'PY' || fail "cannot damage find.rn"
import struct, sys
d = bytearray(open(sys.argv[1], "rb").read())
pos = 8 + struct.unpack_from("<I", d, 4)[0]
chunks = []  # (marker offset, csize)
while pos + 8 <= len(d):
    magic, size = struct.unpack_from("<II", d, pos)
    if magic == 0x184D2A51:
        chunks.append((pos, struct.unpack_from("<I", d, pos + 16)[0]))
    pos += 8 + size
    if magic == 0x184D2A51:
        pos += chunks[-1][1]
assert len(chunks) >= 7, len(chunks)  # more chunks than the walk runs ahead
# cut inside chunk 6
at, cs = chunks[6]
open(sys.argv[2], "wb").write(d[:at + 48 + cs // 2])
# chunk 2: a byte of its frame flipped (its frame check fails, then zstd);
# chunk 4: its frame check's hash flipped (the chunk is whole and read)
at, cs = chunks[2]
d[at + 48 + cs // 2] ^= 0xFF
at, cs = chunks[4]
d[at + 48 + cs + 16] ^= 0xFF
open(sys.argv[3], "wb").write(d)
PY

n=0
for t in find.rn thr.rn loss.rn cut.rn bad.rn; do
	for opts in "" "--csv" "--format json" "--by process --csv" "-e trace=file,desc --sort calls"; do
		set +e
		# shellcheck disable=SC2086
		rn-analyze summary --threads 1 $opts $t >one.out 2>one.err
		r1=$?
		# shellcheck disable=SC2086
		rn-analyze summary --threads 2 $opts $t >two.out 2>two.err
		r2=$?
		# shellcheck disable=SC2086
		rn-analyze summary $opts $t >def.out 2>def.err
		r3=$?
		set -e
		[ -s one.out ] || fail "summary $opts $t: nothing printed"
		assert_eq "$r2 $r3" "$r1 $r1" "summary $opts $t: exit status on 2 threads and by default"
		cmp -s one.out two.out || {
			diff one.out two.out | head -5
			fail "summary $opts $t: stdout differs on 2 threads"
		}
		cmp -s one.err two.err || {
			diff one.err two.err | head -5
			fail "summary $opts $t: stderr differs on 2 threads"
		}
		cmp -s one.out def.out && cmp -s one.err def.err ||
			fail "summary $opts $t: the default differs from 1 thread"
		n=$((n + 1))
	done
done
# Chunks loaded by the reading thread instead of the walk's (as it does
# when it would wait: here every one): the same answer and warnings.
for t in find.rn cut.rn bad.rn; do
	set +e
	rn-analyze summary --threads 1 $t >one.out 2>one.err
	r1=$?
	RN_READ_DEFER=1 rn-analyze summary --threads 2 $t >two.out 2>two.err
	r2=$?
	set -e
	assert_eq "$r2" "$r1" "summary $t, every chunk loaded by the reading thread: exit status"
	cmp -s one.out two.out && cmp -s one.err two.err || {
		diff one.err two.err | head -5
		fail "summary $t, every chunk loaded by the reading thread: output differs"
	}
done
# The damage is there to be told the same way.
rn-analyze summary --threads 2 cut.rn >/dev/null 2>cut.err && fail "summary of cut.rn exits 0"
grep -q "file ends inside chunk 6 at offset" cut.err || fail "cut.rn: $(cat cut.err)"
rn-analyze summary --threads 2 bad.rn >/dev/null 2>bad.err && fail "summary of bad.rn exits 0"
assert_match "$(sed -n 1p bad.err)" "recovered [0-9]+ chunks .*1 corrupt skipped" "bad.rn: damage line"
assert_match "$(sed -n 2p bad.err)" "chunk 2 at offset [0-9]+ is corrupt \(zstd: " "bad.rn: first warning"
assert_match "$(sed -n 3p bad.err)" "chunk 4 at offset [0-9]+: its frame check is corrupt; the chunk itself is whole" "bad.rn: second warning"
assert_match "$(rn-analyze summary --threads 2 --json loss.rn | head -c 16)" '^\{"lost_events":[1-9]' "loss.rn --json"
# Two threads means a second thread at a time (the walk's, then on this
# many values the one that selects half of the rows' percentiles); one
# means none. (LeakSanitizer cannot run under ptrace: off for these two.)
ASAN_OPTIONS=detect_leaks=0 strace -f -qq -e trace=clone,clone3 -o st2.txt rn-analyze summary --threads 2 find.rn >/dev/null
ASAN_OPTIONS=detect_leaks=0 strace -f -qq -e trace=clone,clone3 -o st1.txt rn-analyze summary --threads 1 find.rn >/dev/null
assert_eq "$(grep -c 'clone' st2.txt)" 2 "threads started with --threads 2"
assert_eq "$(grep -c 'clone' st1.txt)" 0 "threads started with --threads 1"
assert_exit 2 rn-analyze summary --threads 3 find.rn 2>/dev/null
echo "summary: 2 threads equal 1 on $n runs over find, threads, loss, cut and damaged traces"
