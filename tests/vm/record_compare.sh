# tests/vm/record_compare.sh: sourced by the x86_64 kernel tests (after
# tests/lib.sh and common.sh): runs tests/vm/record_cases.sh in a guest
# and on this machine, and compares what rn-replay prints of each case's
# recordings, normalised (tests/record/norm_replay.py): the same backend
# here and there, and both backends in the guest. Needs the static binaries
# (make static and the test targets: tests/vm/vm.mk).
VM_STATIC="$RN_BIN/rn-record-static"
VM_PROGS="$RN_BUILD/tests/vm/progs"

# vm_cases_need: fails unless the static binaries are there.
vm_cases_need() {
	[ -x "$VM_STATIC" ] || fail "no $VM_STATIC (make static)"
	[ -x "$VM_PROGS/loop" ] || fail "no static test programs in $VM_PROGS"
}

# vm_cases KERNEL DIR [BACKENDS [CASES [SCOPE...]]]: boots KERNEL and
# records the cases there (record_cases.sh's BACKENDS and CASES), then the
# scopes (scope_cases.sh); the guest's files land in DIR/rec and
# DIR/scope, its console in DIR.console.
vm_cases() {
	k=$1 d=$2 b=${3:-bpf ptrace} c=${4:-}
	shift 2
	shift $(($# < 2 ? $# : 2))
	set +e
	nice sh "$VM_DIR/vm_run.sh" --arch x86_64 --kernel "$k" --timeout 300 \
		--add "$VM_STATIC" --add "$VM_PROGS:$VM_PROGS" --add "$VM_DIR/record_cases.sh" \
		--add "$VM_DIR/scope_cases.sh" --out "$d" --log "$d.console" \
		"$VM_DIR/kernel_guest.sh" "$VM_PROGS" "$RN_TMP/cwd" "$b" "$c" "$@" >"$d.out" 2>&1
	rc=$?
	set -e
	cat "$d.out"
	[ $rc -eq 0 ] || fail "the VM run of $k failed (exit $rc); console: $(tail -n 20 "$d.console")"
}

# vm_cases_host DIR [CASES]: the same cases on this machine, both backends.
vm_cases_host() {
	d=$1
	case $d in /*) ;; *) d=$PWD/$d ;; esac
	sh "$VM_DIR/record_cases.sh" "$VM_STATIC" "$VM_PROGS" "$d" "$RN_TMP/cwd" "bpf ptrace" "${2:-}"
}

# vm_cases_want CASE: the program's own exit status (forkexec 3 exits 8...)
vm_cases_want() {
	case $1 in
	forkexec | filtered) echo 8 ;;
	vfork) echo 14 ;;
	zombie) echo 4 ;;
	*) echo 0 ;;
	esac
}

# vm_cases_norm BASE: BASE.rn as rn-replay -f prints it, normalised, into
# BASE.n (and BASE.txt).
vm_cases_norm() {
	[ -f "$1.n" ] && return 0
	rn-replay -f "$1.rn" >"$1.txt" || fail "$1: rn-replay failed"
	python3 "$RN_ROOT/tests/record/norm_replay.py" "$1.txt" --no-signals |
		sed 's/nodename="[^"]*"/nodename=X/' >"$1.n"
	[ "$(wc -l <"$1.n")" -gt 3 ] || fail "$1: nothing recorded"
}

# vm_cases_compare GUEST HOST BACKENDS: every case the guest recorded
# (GUEST/NAME.BACKEND.*) exited as the program does, said nothing, and
# reads as HOST's recording with the same backend (auto: as ptrace here);
# with two backends, the guest's two recordings read alike (auto's
# messages are the caller's to check). Sets VM_NCASES to the number of cases.
vm_cases_compare() {
	VM_NCASES=0
	first=${3%% *}
	for f in "$1"/*."$first".rc; do
		c=$(basename "$f" ".$first.rc")
		for be in $3; do
			hb=$be
			[ "$be" != auto ] || hb=ptrace
			assert_eq "$(cat "$1/$c.$be.rc")" "$(vm_cases_want "$c")" "$1 $c $be: exit status"
			[ "$be" = auto ] || [ ! -s "$1/$c.$be.err" ] || fail "$1 $c $be: $(cat "$1/$c.$be.err")"
			assert_eq "$(cat "$2/$c.$hb.rc")" "$(vm_cases_want "$c")" "$2 $c $hb: exit status"
			[ ! -s "$2/$c.$hb.err" ] || fail "$2 $c $hb: $(cat "$2/$c.$hb.err")"
			vm_cases_norm "$1/$c.$be"
			vm_cases_norm "$2/$c.$hb"
			diff "$2/$c.$hb.n" "$1/$c.$be.n" >"$c.$be.diff" ||
				{ head -n 20 "$c.$be.diff"; fail "$c: $be on $(head -n 1 "$1/env.txt") differs from $hb on this kernel"; }
		done
		if [ "$3" = "bpf ptrace" ]; then
			diff "$1/$c.ptrace.n" "$1/$c.bpf.n" >"$c.diff" ||
				{ head -n 20 "$c.diff"; fail "$c: bpf and ptrace differ on $(head -n 1 "$1/env.txt")"; }
		fi
		VM_NCASES=$((VM_NCASES + 1))
	done
}

# vm_amd64_need: skips unless this host can run an amd64 kernel test: a plain
# (not sanitized) x86_64 build, root and BTF for the host half's bpf
# recordings, qemu, python3 and what the cases need.
vm_amd64_need() {
	[ "${SANITIZE:-0}" != 1 ] || skip "the guest runs static binaries: none under SANITIZE=1"
	[ "$(uname -m)" = x86_64 ] || skip "an x86_64 host runs the amd64 kernel test"
	[ "$(id -u)" = 0 ] || skip "the host half records with the bpf backend: needs root"
	[ -r /sys/kernel/btf/vmlinux ] || skip "this kernel has no BTF (the host half uses bpf)"
	vm_need qemu-system-x86_64
	need_cmd python3
	vm_cases_need
}
