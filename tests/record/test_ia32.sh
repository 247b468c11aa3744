# ia32 calls (int $0x80) in a 64-bit program (tests/record/progs/ia32mix.c),
# recorded by both backends: each is an i386 call in the trace
# (Syscall.flags RN_SC_COMPAT, 32) under its i386 name, never the x86_64 call
# of the same number (getpid is i386 20, x86_64 writev; umask is i386 60,
# x86_64 exit). rn-replay's names and return values are strace's; -e trace=
# keeps an ia32 call by its i386 name, at record and at replay time.
# strace's "[ Process PID=N runs in 32 bit mode. ]" lines (written without
# -q and -o) come where strace puts them. Only getpid() and the names and
# returns are compared with strace here; a 32-bit program's arguments are
# test_ia32_prog.sh's.
. "$RN_ROOT/tests/lib.sh"
. "$RN_ROOT/tests/record/common.sh"
[ "$(uname -m)" = x86_64 ] || skip "ia32 calls exist on x86_64 only"
need_cmd strace

P=$PROGS/ia32mix
# name = return, from the first personality line on; pids as N
calls() {
	sed -n '/^\[ Process PID=/,$p' "$1" | grep -v '^+++' |
		sed -E 's/^([a-z_0-9]+)\(.*\) += /\1 = /; s/^(getpid|getppid) = [0-9]+$/\1 = N/' |
		sed -E 's/PID=[0-9]+ /PID=N /'
}
strace "$P" 2>i.strace >i.s.out || fail "ia32mix failed under strace"
calls i.strace >i.want
m32='[ Process PID=N runs in 32 bit mode. ]'
m64='[ Process PID=N runs in 64 bit mode. ]'
printf '%s\n' "$m32" 'getpid = N' 'write = 6' "$m64" 'getppid = N' "$m32" \
	'syscall_0x270f = -1 ENOSYS (Function not implemented)' 'umask = 022' 'umask = 022' \
	"$m64" 'getpid = N' 'exit_group = ?' >i.expect
diff i.expect i.want >&2 || fail "strace's lines are not the expected ones"

backends=ptrace
if rn-record -q --backend=bpf -o i.probe.rn -- /bin/true 2>/dev/null; then
	backends="ptrace bpf"
else
	echo "test_ia32: the bpf backend cannot run here: ptrace only" >&2
fi
for b in $backends; do
	rn-record -q --backend="$b" -o "i.$b.rn" -- "$P" >"i.$b.out" ||
		fail "ia32mix failed under rn-record --backend=$b (its calls misread?)"
	rn-replay "i.$b.rn" >"i.$b.txt"
	calls "i.$b.txt" >"i.$b.got"
	diff i.want "i.$b.got" >&2 || fail "$b: names or returns differ from strace"
	grep -qx 'getpid()  *= [0-9]*' "i.$b.txt" || fail "$b: getpid() not printed as strace does"
	for q in -q "-o i.$b.o"; do # no personality lines, as strace
		# shellcheck disable=SC2086
		rn-replay $q "i.$b.rn" >"i.$b.q"
		! grep -q 'bit mode' "i.$b.q" "i.$b.o" 2>/dev/null || fail "$b: personality lines with $q"
	done
	# flags 32 on exactly the five ia32 calls, and on no native one
	"$DUMP" "i.$b.rn" | awk '$1 == "S" && int($6 / 32) % 2 { print $4, $5 }' >"i.$b.compat"
	pid=$("$DUMP" "i.$b.rn" | awk '$1 == "S" { print $2; exit }')
	printf '%s\n' "getpid $pid" 'write 6' 'syscall_0x270f -38' 'umask 18' 'umask 18' >i.cwant
	diff i.cwant "i.$b.compat" >&2 || fail "$b: RN_SC_COMPAT not on exactly the ia32 calls"
	# -e trace= by name: the i386 getpid (20) is not writev (20) ...
	rn-replay -q -e trace=writev "i.$b.rn" >"i.$b.wv"
	! grep -q '^writev(' "i.$b.wv" || fail "$b: -e trace=writev matched an ia32 getpid"
	rn-replay -e trace=getpid,umask "i.$b.rn" | grep -c -E '^(getpid|umask)\(' >"i.$b.n"
	assert_eq "$(cat "i.$b.n")" 4 "$b: replay -e trace=getpid,umask lines"
	# ... also when the recorder filters (the seccomp prefilter with -f)
	rn-record -q -f --backend="$b" -e trace=getpid -o "i.$b.f.rn" -- "$P" >/dev/null ||
		fail "ia32mix failed under rn-record -f -e trace=getpid --backend=$b"
	rn-replay -q "i.$b.f.rn" | grep -v '^+++' | sed -E 's/\(.*\) += / = /; s/= [0-9]+$/= N/' >"i.$b.f"
	printf '%s\n' 'getpid = N' 'syscall_0x270f = -1 ENOSYS (Function not implemented)' \
		'getpid = N' >i.fwant
	diff i.fwant "i.$b.f" >&2 || fail "$b: rn-record -e trace=getpid kept the wrong calls"
done
