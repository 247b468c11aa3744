# -p: attach to a running process (all its threads), snapshot what it had
# open and mapped, record, and on SIGINT detach leaving it running.
# Permission problems get one clear line. The ptrace backend's -p (its
# seize, stop and detach; test_bpf_attach.sh has the bpf backend's).
. "$RN_ROOT/tests/lib.sh"
. "$RN_ROOT/tests/record/common.sh"

sh -c 'exec 3</etc/passwd; while :; do /bin/true; sleep 0.05; done' &
target=$!
"$PROGS/threads" 3 100000000 &
thr=$!
sleep 0.3
rn-record -q --backend=ptrace -f -o at.rn -p "$target,$thr" &
rec=$!
sleep 1
kill -INT $rec
wait $rec || fail "rn-record -p exited $?"
kill -0 $target || fail "attached process did not survive the detach"
kill -0 $thr || fail "attached threads did not survive the detach"
grep -q '^TracerPid:[[:space:]]*0$' /proc/$target/status || fail "still traced after detach"
grep -q '^State:.*[RS]' /proc/$thr/status || fail "threads not running after detach"
kill $target $thr
wait $target $thr 2>/dev/null || true

"$DUMP" at.rn >at.txt
assert_eq "$(awk '$1 == "H" { print $4 % 2 }' at.txt)" 1 "attached header flag"
assert_match "$(awk -v p=$target '$1 == "N" && $2 == p' at.txt)" "^N $target $$ sh\\|-c\\|exec 3</etc/passwd.* /usr/bin/dash|/bin/dash " "snapshot"
assert_match "$(awk -v p=$target '$1 == "F" && $2 == p && $3 == 3' at.txt)" "^F $target 3 /etc/passwd$" "fd snapshot"
awk -v p=$target '$1 == "M" && $2 == p' at.txt | grep -q 'libc.so.6 [0-9a-f]\{40\}$' || fail "libc mapping with build-id"
assert_eq "$(awk -v p=$target '$1 == "P" && $2 == 7 && $3 == p' at.txt | wc -l)" 1 "attach event"
assert_eq "$(awk -v p=$thr '$1 == "P" && $2 == 8 && $3 == p' at.txt | wc -l)" 4 "detach events of 4 threads"
[ "$(awk -v p=$thr '$1 == "S" && $2 == p && $4 == "getppid"' at.txt | wc -l)" -gt 10 ] || fail "thread syscalls not recorded"
awk '$1 == "S" && $4 == "execve" && $5 == 0' at.txt | grep -q . || fail "children of the attached shell not followed"

# Errors name the cause.
set +e
rn-record -q -o x.rn -p 999999999 2>err.txt
rc=$?
set -e
assert_eq "$rc" 1 "status for a missing pid"
assert_eq "$(cat err.txt)" "rn-record: cannot attach to process 999999999: no such process" "missing pid"
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	sleep 5 &
	victim=$!
	set +e
	setpriv --reuid=65534 --regid=65534 --clear-groups "$RN_BIN/rn-record" -q -o /tmp/rn-attach-$$.rn -p $victim 2>err2.txt
	rc=$?
	set -e
	kill $victim
	rm -f /tmp/rn-attach-$$.rn
	assert_eq "$rc" 1 "status for another user's pid"
	assert_eq "$(cat err2.txt)" "rn-record: cannot attach to process $victim: it belongs to another user (uid 0); run rn-record as that user or as root" "other user"
fi
echo "attach ok"
