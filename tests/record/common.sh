# tests/record/common.sh: shared by rn-record's shell tests (sourced after
# tests/lib.sh): paths of the tracees and the dumper, and the strace check.
PROGS="$RN_BUILD/tests/record/progs"
DUMP="$RN_BUILD/tests/record/rn-dump"
CMP="$RN_ROOT/tests/record/cmp_strace.py"
[ -x "$RN_BIN/rn-record" ] || fail "rn-record not built"
[ -x "$DUMP" ] || fail "rn-dump not built"

# match_strace NAME [cmp options] -- CMD...: records CMD with rn-record -f and
# with strace -f, and compares the per-thread syscall sequences.
match_strace() {
	name=$1
	shift
	opts=""
	while [ "$1" != "--" ]; do
		opts="$opts $1"
		shift
	done
	shift
	timeout 30 rn-record -q -f -o "$name.rn" -- "$@" >"$name.out" 2>&1 || true
	"$DUMP" "$name.rn" >"$name.dump" || fail "$name: trace unreadable"
	timeout 30 strace -f -o "$name.strace" "$@" >"$name.out2" 2>&1 || true
	# shellcheck disable=SC2086
	python3 "$CMP" "$name.dump" "$name.strace" $opts || fail "$name: differs from strace"
}

# count_sc DUMPFILE NAME: number of completed NAME syscalls (not bookkeeping).
count_sc() {
	awk -v n="$2" '$1 == "S" && $4 == n && int($6 / 8) % 2 == 0 { c++ } END { print c + 0 }' "$1"
}
