# Fault: every tool's output on a full disk. A 64 KB tmpfs filled to the last
# block takes each tool's -o FILE and its standard output (> full/FILE), and
# /dev/full takes --help: each must end with exactly one line
# "TOOL: NAME: write failed: No space left on device" (NAME the -o file, or
# "standard output") and exit 1, never a short file and status 0 (an -o file
# cut short on a disk with a little room is removed). A closed
# pipe (| head) stays quiet.
. "$RN_ROOT/tests/lib.sh"
need_cmd rn-record mount umount
GEN="$RN_BUILD/tests/analyze/gen_trace"
[ -x "$GEN" ] || fail "gen_trace not built"
ENOSPC="write failed: No space left on device"

mkdir full
mount -t tmpfs -o size=64k rn-test-full full 2>/dev/null || skip "cannot mount a tmpfs here"
trap 'umount "$RN_TMP/full" 2>/dev/null || true' EXIT
dd if=/dev/zero of=full/fill bs=4k 2>/dev/null || true
[ "$(df -k full | awk 'NR == 2 { print $4 }')" = 0 ] || fail "the tmpfs is not full"

rn-record -q -f -o t.rn -- sh -c 'ls -la /usr/bin /usr/lib >/dev/null' || fail "record"
"$GEN" fn.rn funcs 1000 1 || fail "gen_trace funcs"

# expect_full NAME TOOL ARGS...: fails with exactly "TOOL: NAME: ..." and 1.
expect_full() {
	name=$1
	shift
	set +e
	"$@" 2>err.txt
	rc=$?
	set -e
	[ "$rc" -eq 1 ] || fail "'$*' exited $rc on a full disk, expected 1: $(cat err.txt)"
	assert_eq "$(cat err.txt)" "$1: $name: $ENOSPC" "message of '$*'"
}
# stdout_full TOOL ARGS...: the same with standard output on the full disk.
stdout_full() {
	set +e
	"$@" >full/stdout.txt 2>err.txt
	rc=$?
	set -e
	[ "$rc" -eq 1 ] || fail "'$* > full' exited $rc on a full disk, expected 1: $(cat err.txt)"
	assert_eq "$(cat err.txt)" "$1: standard output: $ENOSPC" "message of '$* > full'"
}
# both TOOL SUBCOMMAND ARGS...: the -o file and standard output (SUBCOMMAND
# "-": none).
both() {
	t=$1
	c=$2
	shift 2
	if [ "$c" = - ]; then
		expect_full full/o.txt "$t" -o full/o.txt "$@"
		stdout_full "$t" "$@"
	else
		expect_full full/o.txt "$t" "$c" -o full/o.txt "$@"
		stdout_full "$t" "$c" "$@"
	fi
}

both rn-replay - t.rn
both rn-replay - -f -tt -T t.rn
for cmd in summary anomalies hints; do
	both rn-analyze $cmd t.rn
	both rn-analyze $cmd --json t.rn
done
both rn-analyze summary --csv --by path t.rn
both rn-analyze diff t.rn t.rn
both rn-analyze functions fn.rn
both rn-analyze graph fn.rn
expect_full full/r.html rn-analyze report -o full/r.html t.rn
for fmt in chrome json csv folded otlp-json; do
	both rn-export $fmt t.rn
done
expect_full full/s.rn rn-export scrub -o full/s.rn t.rn
[ ! -e full/s.rn ] || [ ! -s full/s.rn ] || fail "scrub left a partial file"

# rn-record: the trace on the full disk (its header cannot be written).
set +e
rn-record -q -o full/x.rn -- true 2>err.txt
rc=$?
set -e
assert_eq "$rc" 1 "rn-record status with its trace on a full disk"
assert_eq "$(cat err.txt)" "rn-record: full/x.rn: $ENOSPC" "rn-record message"

# pack: the trace itself lives on the full disk; it is left as it was.
rm full/fill
rn-record -q --stack -o full/p.rn -- true || fail "record with stacks"
cp full/p.rn p.rn
dd if=/dev/zero of=full/fill bs=4k 2>/dev/null || true
expect_full full/p.rn rn-analyze pack full/p.rn
cmp full/p.rn p.rn || fail "pack changed the trace it could not write"
ls full | grep -q pack && fail "pack left its temporary file"

# A disk with a little room: the output begins, then a write fails. The -o
# file, cut short, is removed, not left looking complete.
rm -f full/fill full/p.rn
dd if=/dev/zero of=full/fill bs=4k count=14 2>/dev/null
[ "$(df -k full | awk 'NR == 2 { print $4 }')" -gt 0 ] || fail "no room left for the partial case"
partial() { # partial NAME TOOL ARGS...: exit 1, the one line, no NAME left
	expect_full "$@"
	[ ! -e "$1" ] || fail "'$*' left a partial $1 ($(wc -c <"$1") bytes)"
}
partial full/o.txt rn-replay -o full/o.txt t.rn
partial full/o.txt rn-analyze summary --by path -o full/o.txt t.rn
partial full/o.html rn-analyze report -o full/o.html t.rn
partial full/o.json rn-export json -o full/o.json t.rn
partial full/s.rn rn-export scrub --keep-data -o full/s.rn t.rn
dd if=/dev/zero of=full/fill2 bs=4k 2>/dev/null || true

# --help and --version on a full standard output.
for t in rn-record rn-replay rn-analyze rn-export; do
	set +e
	$t --help >/dev/full 2>err.txt
	rc=$?
	set -e
	assert_eq "$rc" 1 "$t --help > /dev/full"
	assert_eq "$(cat err.txt)" "$t: standard output: $ENOSPC" "$t --help message"
done

# A closed pipe: no message, and the usual status (0, or 141 for SIGPIPE).
quiet_pipe() {
	{
		set +e
		"$@" 2>err.txt
		echo $? >rc.txt
	} | head -c 100 >/dev/null
	rc=$(cat rc.txt)
	[ "$rc" -eq 0 ] || [ "$rc" -eq 141 ] || fail "'$* | head' exited $rc"
	[ ! -s err.txt ] || fail "'$* | head' printed: $(cat err.txt)"
}
quiet_pipe rn-replay t.rn
quiet_pipe rn-export json t.rn
quiet_pipe rn-export chrome t.rn
quiet_pipe rn-export csv t.rn
quiet_pipe rn-export otlp-json t.rn
quiet_pipe rn-analyze summary --by path t.rn
# ... and with SIGPIPE ignored (EPIPE instead of the signal): quiet, status 0.
(
	trap '' PIPE
	quiet_pipe rn-replay t.rn
	quiet_pipe rn-export json t.rn
	quiet_pipe rn-analyze anomalies --top 100000 t.rn
)
echo "write errors ok"
