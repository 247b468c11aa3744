# Mapping events read through PROCMAP_QUERY (record/rn_record_maps_query.c)
# are the ones the /proc/PID/maps text gives (RN_MAPS_TEXT=1), with either
# backend: the same areas, offsets, protections, names and build-ids, a
# deleted file's name with " (deleted)", a newline in a name as the text's
# "\012". ASLR is off (setarch -R), so two runs map the same addresses (in
# an order that may differ: the bpf backend reads them after the calls);
# mapexec sleeps while the bpf backend reads its mappings after the call.
# Then: rn-record does query the kernel (ioctl 0x66/0x11) where it can, and
# does not with RN_MAPS_TEXT.
. "$RN_ROOT/tests/lib.sh"
. "$RN_ROOT/tests/record/common.sh"
need_cmd setarch strace
need_bpf

name="$(printf 'a b\nc')" # a space and a newline
for b in ptrace bpf; do
	for mode in text query; do
		cp "$PROGS/loop" "$name"
		if [ $mode = text ]; then set -- env RN_MAPS_TEXT=1; else set -- env; fi
		"$@" setarch -R rn-record -q --backend="$b" -o "m.$b.$mode.rn" -- \
			"$PROGS/mapexec" "$name" 300 >"m.$b.$mode.out" ||
			fail "$b $mode: mapexec failed under rn-record"
		"$DUMP" "m.$b.$mode.rn" | awk '$1 == "M" { $2 = ""; print }' | sort >"m.$b.$mode.txt"
	done
	diff "m.$b.text.txt" "m.$b.query.txt" >&2 || fail "$b: mappings differ between text and query"
	addr=$(sed 's/^0x//' "m.$b.query.out")
	want="M  $addr $(printf '%x' $((0x$addr + 4096))) 0 5 $RN_TMP/a b\\012c (deleted)"
	grep -qxF "$want" "m.$b.query.txt" || {
		cat "m.$b.query.txt" >&2
		fail "$b: no mapping line '$want'"
	}
	grep -q '/libc\.so\.6 [0-9a-f]\{40\}$' "m.$b.query.txt" ||
		fail "$b: no libc mapping with its build-id"
	[ "$(wc -l <"m.$b.query.txt")" -ge 4 ] || fail "$b: fewer than 4 mappings"
done

# The query is used where the kernel has it (Linux 6.11), and not with
# RN_MAPS_TEXT. The bpf backend reads mappings on its main thread, which
# strace follows without -f (ptrace's loop cannot run under strace; nor
# LeakSanitizer: off for these runs of a SANITIZE=1 build).
cp "$PROGS/loop" "$name"
ASAN_OPTIONS=detect_leaks=0 strace -qq -e trace=ioctl -o q.strace rn-record -q --backend=bpf -o q.rn -- \
	"$PROGS/mapexec" "$name" 300 >q.out || fail "mapexec failed under strace + rn-record"
if grep -q '0x66, 0x11, 0x68.*ENOTTY' q.strace; then
	skip "this kernel has no PROCMAP_QUERY (Linux 6.11): the text was compared with itself"
fi
n=$(grep -c '0x66, 0x11, 0x68), 0x[0-9a-f]*) = 0' q.strace || true)
[ "$n" -ge 4 ] || fail "not 4 PROCMAP_QUERY ioctls or more ($n)"
cp "$PROGS/loop" "$name"
RN_MAPS_TEXT=1 ASAN_OPTIONS=detect_leaks=0 strace -qq -e trace=ioctl -o t.strace \
	rn-record -q --backend=bpf -o t.rn -- "$PROGS/mapexec" "$name" 300 >t.out || fail "mapexec failed under strace + rn-record"
n=$(grep -c '0x66, 0x11, 0x68' t.strace || true)
[ "$n" -eq 0 ] || fail "RN_MAPS_TEXT: $n PROCMAP_QUERY ioctls"
