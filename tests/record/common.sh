# tests/record/common.sh: shared by rn-record's shell tests (sourced after
# tests/lib.sh): paths of the tracees and the dumper, and the strace check.
PROGS="$RN_BUILD/tests/record/progs"
DUMP="$RN_BUILD/tests/record/rn-dump"
CMP="$RN_ROOT/tests/record/cmp_strace.py"
[ -x "$RN_BIN/rn-record" ] || fail "rn-record not built"
[ -x "$DUMP" ] || fail "rn-dump not built"

# take_opts WORD... -- CMD...: $opts gets the words before "--" (joined by
# spaces, for an unquoted expansion), $nopts how many arguments to shift to
# reach CMD. A call without "--" is a mistake in the test itself.
take_opts() {
	opts=""
	nopts=1
	while [ "${1-}" != "--" ]; do
		[ $# -gt 0 ] || fail "no -- before the command"
		opts="$opts $1"
		nopts=$((nopts + 1))
		shift
	done
}

# match_strace NAME [cmp options] -- CMD...: records CMD with rn-record -f and
# with strace -f, and compares the per-thread syscall sequences.
match_strace() {
	name=$1
	shift
	take_opts "$@"
	shift "$nopts"
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

# need_bpf: skips unless rn-record's bpf backend can run here (root or
# CAP_BPF+CAP_PERFMON, a kernel with BTF). As root with BTF it must load:
# a refusal then fails the test (the verifier is part of the check).
need_bpf() {
	[ -r /sys/kernel/btf/vmlinux ] || skip "the kernel has no BTF"
	if [ "$(id -u)" != 0 ]; then
		rn-record -q --backend=bpf -o need_bpf.rn -- /bin/true 2>/dev/null ||
			skip "the bpf backend needs root or CAP_BPF and CAP_PERFMON"
	fi
	rn-record -q --backend=bpf -o need_bpf.rn -- /bin/true 2>need_bpf.err ||
		fail "the bpf backend does not load: $(cat need_bpf.err)"
	rm -f need_bpf.rn need_bpf.err
}

# same_calls NAME [rn-record options] -- CMD...: records CMD with both
# backends and compares exit statuses and the per-thread syscall lines of
# rn-replay -f (tests/record/norm_replay.py masks what varies per run;
# $NORM_FLAGS are passed on to it).
same_calls() {
	name=$1
	shift
	take_opts "$@"
	shift "$nopts"
	set +e
	# shellcheck disable=SC2086
	timeout 60 rn-record -q --backend=ptrace $opts -o "$name.p.rn" -- "$@" >/dev/null 2>&1
	a=$?
	# shellcheck disable=SC2086
	timeout 60 rn-record -q --backend=bpf $opts -o "$name.b.rn" -- "$@" >/dev/null 2>&1
	b=$?
	set -e
	assert_eq "$b" "$a" "$name: exit status with bpf"
	rn-replay -f "$name.p.rn" >"$name.p.txt"
	rn-replay -f "$name.b.rn" >"$name.b.txt"
	# shellcheck disable=SC2086
	python3 "$RN_ROOT/tests/record/norm_replay.py" "$name.p.txt" --no-signals ${NORM_FLAGS:-} >"$name.p.n"
	# shellcheck disable=SC2086
	python3 "$RN_ROOT/tests/record/norm_replay.py" "$name.b.txt" --no-signals ${NORM_FLAGS:-} >"$name.b.n"
	[ "$(wc -l <"$name.p.n")" -gt 5 ] || fail "$name: nothing recorded"
	diff "$name.p.n" "$name.b.n" >"$name.diff" || {
		head -n 20 "$name.diff" >&2
		fail "$name: bpf and ptrace recordings differ"
	}
}

# wait_line FILE REGEX: up to 10 s for a line of rn-record's on stderr.
wait_line() {
	i=0
	while ! grep -Eq "$2" "$1" 2>/dev/null && [ $i -lt 200 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	grep -Eq "$2" "$1" || fail "no '$2' in $1: $(cat "$1")"
}

# The backends a test records with here: "ptrace bpf", or "ptrace" (with a
# line on stderr naming test $1) when the bpf backend cannot run.
record_backends() {
	if rn-record -q --backend=bpf -o probe.rn -- /bin/true 2>/dev/null; then
		echo "ptrace bpf"
	else
		echo "$1: the bpf backend cannot run here: ptrace only" >&2
		echo ptrace
	fi
}

# prog32 NAME: the 32-bit x86 tracee tests/record/progs32/NAME.c (built
# -m32 -static), copied here as ./NAME; skips unless on x86_64 with strace.
prog32() {
	[ "$(uname -m)" = x86_64 ] || skip "ia32 programs run on x86_64 only"
	need_cmd strace
	[ -x "$RN_BUILD/tests/record/progs32/$1" ] ||
		fail "$RN_BUILD/tests/record/progs32/$1 was not built (gcc-multilib: make deps)"
	cp "$RN_BUILD/tests/record/progs32/$1" "./$1"
}

# replay_is_strace B: rn-replay -o of B.rn, warning nothing, equals file
# want once both went through the test's norm().
replay_is_strace() {
	rn-replay -o "$1.txt" "$1.rn" 2>"$1.err" || fail "$1: rn-replay failed"
	[ ! -s "$1.err" ] || { cat "$1.err" >&2; fail "$1: rn-replay warned"; }
	norm "$1.txt" >"$1.got"
	diff want "$1.got" >&2 || fail "$1: lines differ from strace's"
}
