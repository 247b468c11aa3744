#!/bin/sh
# Golden comparison with strace for rn's deterministic test programs
# (tests/replay/progs): every line must match after masking what differs
# between two runs (see norm.awk).
. "$RN_ROOT/tests/lib.sh"
. "$RN_ROOT/tests/replay/golden.sh"
need_tracing
P=$RN_BUILD/tests/replay/progs
bad=""
port=$((40000 + $$ % 20000))
for prog in rp_files rp_procs rp_net rp_misc rp_threads rp_execthr rp_killthr; do
	[ -x "$P/$prog" ] || fail "$P/$prog not built"
	args=""
	[ $prog = rp_net ] && args=$port
	golden $prog "$P/$prog" $args
	# Timing on a loaded machine can change what a run does (a child not yet
	# in pause() when killed): a mismatch gets one more pair of runs.
	[ "$rate" -eq 100 ] || golden $prog "$P/$prog" $args
	if [ "$rate" -lt 100 ]; then
		sed 's/^/    /' "$prog.diff" | head -20
		bad="$bad $prog"
	fi
done
# -y on the file program: fd paths as strace -y shows them.
ST_FLAGS=-y RP_FLAGS=-y golden rp_files_y "$P/rp_files"
[ "$rate" -eq 100 ] || { sed 's/^/    /' rp_files_y.diff | head -20; bad="$bad rp_files(-y)"; }
# exec from a thread under -f -e (the seccomp prefilter): the same lines.
set -- -e trace=execve,futex,exit,pause
ST_FLAGS="$*" RN_FLAGS="$*" golden rp_execthr_e "$P/rp_execthr"
[ "$rate" -eq 100 ] || ST_FLAGS="$*" RN_FLAGS="$*" golden rp_execthr_e "$P/rp_execthr"
[ "$rate" -eq 100 ] || { sed 's/^/    /' rp_execthr_e.diff | head -20; bad="$bad rp_execthr(-e)"; }
# The same two with the eBPF backend, where it runs here.
if rn-record -q --backend=bpf -o bpf-probe.rn -- /bin/true >/dev/null 2>&1; then
	for prog in rp_execthr rp_killthr; do
		RN_FLAGS=--backend=bpf golden ${prog}_bpf "$P/$prog"
		[ "$rate" -eq 100 ] || RN_FLAGS=--backend=bpf golden ${prog}_bpf "$P/$prog"
		[ "$rate" -eq 100 ] || { sed 's/^/    /' ${prog}_bpf.diff | head -20; bad="$bad $prog(bpf)"; }
	done
fi
[ -z "$bad" ] || fail "below 100%:$bad"
