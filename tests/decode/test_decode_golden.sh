#!/bin/sh
# Decoders, family by family (tests/decode/progs: files, descriptors,
# processes, memory, network with sockaddr/msghdr/socket options, signals,
# time, IPC, tty and fs ioctls, prctl): each program traced by strace and by
# rn-record + rn-replay with the same flags; every line after the program's
# marker must match, but for the documented gaps in known.txt.
. "$RN_ROOT/tests/lib.sh"
. "$RN_ROOT/tests/replay/golden.sh"
. "$RN_ROOT/tests/decode/cases.sh"
need_tracing
# ptrace: every program here writes string literals from .rodata pages it
# never touched to calls that fail before reading them (write(-1, "dc-begin",
# 8), the marker dc_count looks for); the bpf backend never faults a page in
# and stores them as unreadable. tests/record/test_bpf_parity.sh records
# these same programs with both backends and compares everything else.
RN_FLAGS="--backend=ptrace ${RN_FLAGS:-}"
DC_DIR=$RN_TMP
DC_PORT=$((40000 + $$ % 20000))
grep -v '^#' "$RN_ROOT/tests/decode/known.txt" | grep -v '^$' >known || true
bad=""
check() {
	name=$1 flags=$2
	shift 2
	[ "$flags" = - ] && flags=""
	case $name in *-yy) return 0 ;; esac # socket details for -yy: not recorded yet
	for try in 1 2; do                   # one retry: timing on a loaded machine
		rm -rf "$DC_DIR/dc_file.d"
		ST_FLAGS=$flags RP_FLAGS=$flags golden "$name" "$@" >/dev/null
		dc_count "$name"
		sed -n 's/^< //p' "$name.diff" | grep -vxE -f known >"$name.unexpected" || true
		[ -s "$name.unexpected" ] || break
	done
	echo "match $name: $same/$total ($rate%)"
	if [ -s "$name.unexpected" ]; then
		sed 's/^/    /' "$name.diff" | head -20
		bad="$bad $name"
	fi
}
dc_cases check
[ -z "$bad" ] || fail "lines differ from strace's:$bad"
