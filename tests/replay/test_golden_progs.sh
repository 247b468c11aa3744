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
for prog in rp_files rp_procs rp_net rp_misc rp_threads rp_execthr rp_killthr rp_waitsig; do
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
# Without -f (one thread: lines print as they come), a SIGCHLD sent while
# the parent waits prints after wait4's line too.
nof() { # NAME PROG [rn-record flags]
	strace -o "$1.st" "$2" >/dev/null 2>&1 || true
	rn-record -q -o "$1.rn" ${3:-} "$2" >/dev/null 2>&1 || true
	rn-replay "$1.rn" >"$1.rp" || fail "$1: rn-replay failed"
	for f in st rp; do # the children's pids (not traced) masked too
		sed -n '/^wait4/,$p' "$1.$f" | awk -f "$RN_ROOT/tests/replay/norm.awk" |
			sed -E 's/(wait4\(|si_pid=|\) = )[0-9]+/\1PID/g' >"$1.$f.n"
	done
	[ "$(grep -c -- "--- SIGCHLD" "$1.st.n")" -eq 2 ] || fail "$1: strace saw no 2 SIGCHLD"
	diff "$1.st.n" "$1.rp.n" >"$1.diff"
}
nof waitsig_nof "$P/rp_waitsig" --backend=ptrace || nof waitsig_nof "$P/rp_waitsig" --backend=ptrace ||
	{ sed 's/^/    /' waitsig_nof.diff | head -20; bad="$bad rp_waitsig(no -f)"; }
# The same with the eBPF backend, where it runs here.
if rn-record -q --backend=bpf -o bpf-probe.rn -- /bin/true >/dev/null 2>&1; then
	nof waitsig_nof_bpf "$P/rp_waitsig" --backend=bpf || nof waitsig_nof_bpf "$P/rp_waitsig" --backend=bpf ||
		{ sed 's/^/    /' waitsig_nof_bpf.diff | head -20; bad="$bad rp_waitsig(no -f, bpf)"; }
	for prog in rp_execthr rp_killthr rp_waitsig; do
		RN_FLAGS=--backend=bpf golden ${prog}_bpf "$P/$prog"
		[ "$rate" -eq 100 ] || RN_FLAGS=--backend=bpf golden ${prog}_bpf "$P/$prog"
		[ "$rate" -eq 100 ] || { sed 's/^/    /' ${prog}_bpf.diff | head -20; bad="$bad $prog(bpf)"; }
	done
fi
# norm.awk joins <... wait4 resumed> to its entry: the order of SIGCHLD and
# wait4's return under -f is checked on the lines as printed (strace's too).
sig_after_wait() { # FILE: each SIGCHLD line right after a wait4 return
	[ "$(grep -c -- '--- SIGCHLD' "$1")" -eq 2 ] &&
		awk '/--- SIGCHLD/ && prev !~ /wait4.*\) += [0-9]+$/ { n++ } { prev = $0 } END { exit n > 0 }' "$1"
}
for f in rp_waitsig.st rp_waitsig.rp rp_waitsig_bpf.st rp_waitsig_bpf.rp; do
	[ -f "$f" ] || continue
	sig_after_wait "$f" || { grep -B1 -- '--- SIGCHLD' "$f" | sed 's/^/    /'; bad="$bad $f(SIGCHLD order)"; }
done
[ -z "$bad" ] || fail "below 100%:$bad"
