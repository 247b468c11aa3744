# Fault: the disk fills up (a file size limit, and a small tmpfs when one can
# be mounted). One clear error naming the file, recording stops, the program
# runs to its end, rn-record exits 1 (a trace that could not be written is an
# error), the file is valid up to its last chunk.
. "$RN_ROOT/tests/lib.sh"
. "$RN_ROOT/tests/record/common.sh"

check_full() { # TRACE ERRFILE [NAME]
	assert_eq "$(grep -c . "$2")" 1 "error lines"
	assert_match "$(cat "$2")" "^rn-record: ${3:-$1}: write failed: .*; recording stopped, the traced programs go on untraced$" "error"
	set +e
	"$DUMP" "$1" >dump.txt 2>dump.err
	rc=$?
	set -e
	[ $rc -le 1 ] || fail "trace unreadable"
	[ "$(awk '$1 == "S"' dump.txt | wc -l)" -gt 1000 ] || fail "no events before the disk filled"
}

# ulimit -f (dash counts 512-byte blocks): about 100 KB of trace (the whole
# trace of 60000 calls is ~170 KB; a chunk of 2 MiB of raw events ~45-51 KB:
# with 50 KB, as before the chunks grew, the first could be refused whole).
set +e
sh -c "ulimit -f 200; exec rn-record -q -f -s 256 -o lim.rn -- sh -c '\"$PROGS/fileio\" 60000 && echo finished >done.txt; exit 7'" 2>lim.err
rc=$?
set -e
assert_eq "$rc" 1 "exit status when the trace could not be written"
assert_eq "$(cat done.txt)" finished "the program ran to its end"
check_full lim.rn lim.err
[ "$(stat -c %s lim.rn)" -le 102400 ] || fail "trace larger than the limit"
rm -f done.txt

# A 128 KB tmpfs (ENOSPC; 100000 calls make ~280 KB), if this machine lets
# us mount one.
mkdir mnt
if mount -t tmpfs -o size=128k rn-test-full mnt 2>/dev/null; then
	trap 'umount "$RN_TMP/mnt" 2>/dev/null || true' EXIT
	set +e
	rn-record -q -f -o mnt/full.rn -- sh -c '"$0" 100000; echo finished >done.txt' "$PROGS/fileio" 2>full.err
	rc=$?
	set -e
	cp mnt/full.rn full.rn
	umount mnt
	assert_eq "$rc" 1 "exit status under ENOSPC"
	assert_eq "$(cat done.txt)" finished "the program ran to its end (ENOSPC)"
	check_full full.rn full.err mnt/full.rn
	grep -q 'No space left on device' full.err || fail "ENOSPC not named"
else
	echo "tmpfs not mountable here; ulimit -f case only"
fi
echo "disk full ok"
