# rn on aarch64: rn-record (both backends), rn-replay and the tracees
# cross-built statically (make CROSS=aarch64-linux-gnu-, cross/cross.mk), run
# on Debian 12's arm64 kernel (6.1, BTF) under qemu-system-aarch64 (TCG)
# beside Debian's arm64 strace (tests/vm/arm64_guest.sh). On this x86_64
# host, each aarch64 trace must then read the same as in the guest, match
# strace's output line for line (tests/replay/norm.awk), count what strace
# -c counts, and unwind its --stack records to the tracee's source lines;
# -p on a busy loop is checked as on 5.10 (tests/vm/scope_check.sh).
# Downloads (the sysroot's and the guest's .debs) are cached under build/;
# without network the test skips, saying so.
. "$RN_ROOT/tests/lib.sh"
. "$RN_ROOT/tests/vm/common.sh"
. "$RN_ROOT/tests/vm/scope_check.sh"
[ "${SANITIZE:-0}" != 1 ] || skip "the aarch64 binaries are not sanitized builds: the plain make check runs this"
need_cmd qemu-system-aarch64 aarch64-linux-gnu-gcc cpio
V=$VM_DIR
A=$RN_ROOT/build/aarch64
PROGS=$A/tests/record/progs
CASES="true forkexec fileio filter threads sh vfork killmid sigstorm forkenv"
TRACEES="forkexec fileio threads vforker killmid sigstorm forkenv ticker groupend"

# 1. The aarch64 binaries (the first build fetches the arm64 sysroot); make
# names its targets relative to the top directory.
set --
for p in $TRACEES; do set -- "$@" "build/aarch64/tests/record/progs/$p"; done
make -s -C "$RN_ROOT" CROSS=aarch64-linux-gnu- build/aarch64/bin/rn-record \
	build/aarch64/bin/rn-replay "$@" \
	>build.log 2>&1 || {
	grep -q '^vm_fetch:' build.log && skip "no arm64 sysroot: $(grep '^vm_fetch:' build.log | head -n 1)"
	tail -n 20 build.log
	fail "make CROSS=aarch64-linux-gnu- failed"
}
# 2. The guest: Debian 12's arm64 kernel (common.sh), busybox, strace and
# its libc.
vm_kernel bookworm arm64
dirs=$(sh "$V/vm_fetch.sh" "$VM_CACHE" bookworm arm64 busybox-static strace libc6 2>fetch.err) || {
	echo "######## SKIPPED: cannot download Debian 12's arm64 packages: $(cat fetch.err)" >&2
	skip "no arm64 guest packages: $(head -n 1 fetch.err)"
}
BB=$(echo "$dirs" | sed -n 1p) ST=$(echo "$dirs" | sed -n 2p) LC=$(echo "$dirs" | sed -n 3p)
# cortex-a72: -cpu max emulates pointer authentication's QARMA, ~2.7x slower
# under TCG here; and an ARMv8.0 core (a Raspberry Pi 4's) updates no
# access flag in hardware: forkenv reads a child's pages the kernel marked
# old at fork, as such a CPU sees them. The tracees keep their host path, so that
# rn-analyze finds them (build-id checked) when it unwinds the guest's stacks.
# Two CPUs: the bpf backend's per-CPU rings are merged by time.
set --
for p in $TRACEES; do set -- "$@" --add "$PROGS/$p:$PROGS/$p"; done
set +e
nice sh "$V/vm_run.sh" --arch aarch64 --cpu cortex-a72 --smp 2 --timeout 300 \
	--kernel "$VM_KERNEL" --busybox "$BB/bin/busybox" \
	--add "$A/bin/rn-record" --add "$A/bin/rn-replay" --add "$V/scope_cases.sh" \
	--add "$ST/usr/bin/strace:/usr/bin/strace" --add "$LC/lib:/lib" "$@" \
	--out out --log console.log "$V/arm64_guest.sh" "$PROGS" >guest.log 2>&1
rc=$?
set -e
[ $rc -eq 0 ] || { tail -n 20 guest.log; fail "the aarch64 guest failed (vm_run exit $rc)"; }
echo "guest kernel: $(cat out/uname)"
case $(cat out/uname) in *arm64*) ;; *) fail "the guest ran $(cat out/uname), not arm64" ;; esac

# 3. Exit statuses: each recording the program's own, as under strace.
exit_of() { sed -n "s/^$1 exit //p" out/status; }
for c in $CASES; do
	want=$(exit_of "$c.strace")
	[ -n "$want" ] || fail "$c: strace did not run in the guest"
	for be in ptrace bpf; do
		assert_eq "$(exit_of "$c.$be")" "$want" "$c: rn-record --backend=$be's exit status"
	done
done
assert_eq "$(exit_of forkexec.bpf)" 8 "forkexec 3's exit status"
for be in ptrace bpf; do assert_eq "$(exit_of "stack.$be")" 0 "--stack --backend=$be"; done

# 4. A trace reads the same on any machine: this host's rn-replay prints
# what the guest's printed, byte for byte.
n=0
for f in out/*.rn; do
	b=${f%.rn}
	assert_eq "$(exit_of "replay.$(basename "$b")")" 0 "rn-replay of $f in the guest"
	rn-replay -f "$f" >"$b.host.txt" 2>&1 || fail "rn-replay $f failed on $(uname -m)"
	# the guest named the file /out/NAME.rn in its warnings (an unread
	# capture: an ARMv8.0 core's old page faults a bpf read), this host out/
	sed -i 's|^rn-replay: /out/|rn-replay: out/|' "$b.guest.txt"
	cmp -s "$b.host.txt" "$b.guest.txt" || {
		diff "$b.guest.txt" "$b.host.txt" | head -n 10
		fail "$f: rn-replay on $(uname -m) differs from rn-replay on aarch64"
	}
	n=$((n + 1))
done
[ $n -eq 22 ] || fail "expected 22 traces from the guest, got $n"

# 5. Line for line as strace printed it in the guest. Masked: the SIGCHLD
# child's times in seconds (a comment after each, which varies). What
# depends on timing is left out: for threads, whose order of creation and
# of first line varies from run to run, the lines are compared as a
# multiset with every thread named alike, without the futex calls; in every
# case where SIGCHLD arrives (before or in the parent's wait4: a child can
# end before its parent waits, as in forkexec, vforker and killmid); for
# sigstorm, where each SIGUSR1 lands (in wait4, or before it: rt_sigreturn
# then returns another register value), compared as a multiset too.
norm() {
	sed 's| /\* [0-9.]* s \*/||g' "$1" | awk -f "$RN_ROOT/tests/replay/norm.awk" |
		case $2 in
		threads) grep -v '^P[0-9]* futex(' | sed 's/P[0-9][0-9]*/P/g' | sort ;;
		sigstorm) grep -v '^P[0-9]* wait4(.* = ? ERESTARTSYS ' |
			sed 's/^\(P[0-9]* rt_sigreturn(.*) = \).*/\1R/' | sort ;;
		*) cat ;;
		esac | grep -v '^P[0-9]* --- SIGCHLD '
}
for c in $CASES; do
	norm "out/$c.st" "$c" >"$c.a"
	[ -s "$c.a" ] || fail "$c: strace printed nothing"
	for be in ptrace bpf; do
		norm "out/$c.$be.host.txt" "$c" >"$c.$be.b"
		diff "$c.a" "$c.$be.b" >"$c.$be.diff" || {
			head -n 20 "$c.$be.diff"
			fail "$c (--backend=$be): rn-replay differs from strace in the aarch64 guest"
		}
		echo "match $c $be: $(wc -l <"$c.a") lines"
	done
done

# 6. rn-analyze summary counts what strace -c counts (exit_group aside: it
# never returns, strace -c leaves it out).
awk 'NR > 2 && $1 !~ /^-/ && $1 != "total" { print $1, $2 }' out/fileio.c.st | sort >c.st
[ "$(wc -l <c.st)" -ge 10 ] || fail "strace -c counted too little: $(cat out/fileio.c.st)"
for be in ptrace bpf; do
	rn-analyze summary --csv "out/fileio.$be.rn" |
		awk -F, 'NR > 1 && $1 != "exit_group" { print $1, $2 }' | sort >"c.$be"
	diff c.st "c.$be" || fail "rn-analyze summary (--backend=$be) counts differ from strace -c's"
done
grep -qx 'write 20' c.st || fail "strace -c: not 20 writes"

# 7. --stack: the guest's registers and stack unwind here (libdw, aarch64
# CFI) to the write and pread calls of fileio.c's main.
for be in ptrace bpf; do
	rn-analyze summary --by source --frames 3 -e trace=write,pread64 "out/stack.$be.rn" >"stack.$be.txt"
	grep -Eq ' 3 .*write .*<- fileio\.c:17 in main' "stack.$be.txt" &&
		grep -Eq ' 3 .*pread .*<- fileio\.c:19 in main' "stack.$be.txt" || {
		cat "stack.$be.txt"
		fail "--stack (--backend=$be): the aarch64 stacks do not unwind to fileio.c:17 and :19"
	}
done

# 8. -p on a busy loop: bpf attaches without ever stopping it, ptrace
# stops it at each call; both record its calls, it runs on after the detach.
vm_scope_check out/scope aarch64 p.bpf p.ptrace end.bpf
echo "aarch64 ok"
