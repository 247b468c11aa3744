# rn-record -o on a read-only file system names the real cause: "cannot
# create FILE: Read-only file system" when there is no FILE yet (not a
# rename of a file that does not exist), "cannot rename FILE to FILE.old"
# only when FILE exists. The program never runs. The read-only mounts are
# made in the test's own directory and removed at the end.
. "$RN_ROOT/tests/lib.sh"
. "$RN_ROOT/tests/record/common.sh"

mkdir ro src bind
cleanup() {
	umount "$RN_TMP/bind" 2>/dev/null || true
	umount "$RN_TMP/ro" 2>/dev/null || true
}
trap cleanup EXIT
mount -t tmpfs -o ro,size=64k rn-test-ro ro 2>/dev/null || skip "cannot mount a tmpfs here"

expect_err() { # WANT CMD...: exit 1, the program not run, exactly the line WANT
	want=$1
	shift
	set +e
	"$@" >out.txt 2>err.txt
	rc=$?
	set -e
	assert_eq "$rc" 1 "exit status of $*"
	assert_eq "$(cat err.txt)" "$want" "message of $*"
	[ ! -e ran ] || fail "the program ran: $*"
}

expect_err "rn-record: cannot create ro/x.rn: Read-only file system" \
	rn-record -q -o ro/x.rn -- sh -c 'touch ran'
expect_err "rn-record: cannot create ro/x.rn.seg0: Read-only file system" \
	rn-record -q --max-size 8M -o ro/x.rn -- sh -c 'touch ran'

# An existing trace on a read-only bind mount: now the rename is the cause.
rn-record -q -o src/x.rn -- /bin/true
mount --bind src bind && mount -o remount,bind,ro bind || skip "cannot make a read-only bind mount"
expect_err "rn-record: cannot rename bind/x.rn to bind/x.rn.old: Read-only file system" \
	rn-record -q -o bind/x.rn -- sh -c 'touch ran'
[ -s src/x.rn ] && [ ! -e src/x.rn.old ] || fail "the existing trace was touched"
# A FILE that is not a regular file (a FIFO here; -o /dev/null as root
# renamed /dev/null before) is neither renamed nor replaced.
mkfifo fifo
expect_err "rn-record: cannot create fifo: it exists and is not a regular file" \
	rn-record -q -o fifo -- sh -c 'touch ran'
[ -p fifo ] && [ ! -e fifo.old ] || fail "the FIFO was renamed or replaced"
echo "read-only messages ok"
