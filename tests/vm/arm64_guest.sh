# arm64_guest.sh: runs inside the aarch64 guest of tests/vm/test_arm64.sh
# (booted by tests/vm/vm_run.sh). Records the test tracees with both of
# rn-record's backends (-f over fork/exec and threads, captures, -e trace=,
# --stack; -p on a busy loop), runs Debian's arm64 strace on the same programs with the same
# flags (and -c), each run from a fresh directory, and prints every trace
# with the guest's own rn-replay. Everything lands in $OUT for the host;
# "NAME exit N" lines in $OUT/status.
# Usage: arm64_guest.sh PROGS   (the directory of the aarch64 tracees)
P=$1
st() { echo "$1 exit $2" >>"$OUT/status"; }
fresh() { cd /tmp && rm -rf w && mkdir w && cd w; }
# both NAME FLAGS CMD...: CMD recorded by each backend and by strace -f, with
# FLAGS (the same for both tools).
both() {
	name=$1 flags=$2
	shift 2
	for be in ptrace bpf; do
		fresh
		# shellcheck disable=SC2086
		rn-record -q -f --backend=$be $flags -o "$OUT/$name.$be.rn" -- "$@" >/dev/null
		st "$name.$be" $?
	done
	fresh
	# shellcheck disable=SC2086
	strace -f $flags -o "$OUT/$name.st" "$@" >/dev/null
	st "$name.strace" $?
}
uname -r >"$OUT/uname"
both true "" /bin/true
both forkexec "" "$P/forkexec" 3
both fileio "" "$P/fileio" 20
both filter "-e trace=openat,write" "$P/fileio" 5
both threads "" "$P/threads" 3 100 4
both sh "" sh -c 'echo hi >f; cat f; ls /rn'
both vfork "" "$P/vforker"
both killmid "" "$P/killmid"
both sigstorm "" "$P/sigstorm" 20
both forkenv "" "$P/forkenv"
for be in ptrace bpf; do
	fresh
	rn-record -q --backend=$be --stack -o "$OUT/stack.$be.rn" -- "$P/fileio" 3
	st "stack.$be" $?
done
# -p on a running busy loop with each backend (tests/vm/scope_cases.sh)
fresh
sh /rn/scope_cases.sh rn-record "$P" "$OUT/scope" p.bpf p.ptrace end.bpf
fresh
strace -f -c -U name,calls,errors -o "$OUT/fileio.c.st" "$P/fileio" 20
st fileio.c.strace $?
for f in "$OUT"/*.rn; do
	rn-replay -f "$f" >"${f%.rn}.guest.txt" 2>&1
	st "replay.$(basename "$f" .rn)" $?
done
