# golden.sh: sourced by the golden tests. golden NAME CMD... records CMD once
# with `strace -f -o` and once with rn-record -f, prints both through
# norm.awk (rn's side via rn-replay -f), compares them line by line (diff's
# longest common subsequence) and prints "match NAME: SAME/TOTAL (PCT%)".
# The rate is left in $rate (integer percent, rounded down) and the diff in
# NAME.diff. Extra rn-replay flags: RP_FLAGS; extra strace flags: ST_FLAGS;
# extra rn-record flags: RN_FLAGS.
# need_tracing: skips unless strace, rn-record and rn-replay run here.
need_tracing() {
	need_cmd strace rn-record rn-replay
	strace -f -o /dev/null /bin/true 2>/dev/null || skip "ptrace is not permitted here"
}

golden() {
	name=$1
	shift
	strace -f ${ST_FLAGS:-} -o "$name.st" "$@" >/dev/null 2>"$name.st.err" </dev/null || true
	rm -f "$name.rn"
	rn-record -q -f ${RN_FLAGS:-} -o "$name.rn" "$@" >/dev/null 2>"$name.rec.err" </dev/null || true
	[ -s "$name.rn" ] || fail "$name: rn-record wrote no trace: $(cat "$name.rec.err")"
	rn-replay -f ${RP_FLAGS:-} "$name.rn" >"$name.rp" || fail "$name: rn-replay failed"
	awk -f "$RN_ROOT/tests/replay/norm.awk" "$name.st" >"$name.a"
	awk -f "$RN_ROOT/tests/replay/norm.awk" "$name.rp" >"$name.b"
	same=$(diff --old-line-format= --new-line-format= --unchanged-line-format=%L \
		"$name.a" "$name.b" | wc -l)
	na=$(wc -l <"$name.a")
	nb=$(wc -l <"$name.b")
	total=$na
	[ "$nb" -gt "$total" ] && total=$nb
	[ "$total" -gt 0 ] || fail "$name: no lines at all"
	rate=$((same * 100 / total))
	diff "$name.a" "$name.b" >"$name.diff" || true
	echo "match $name: $same/$total ($rate%)"
}
