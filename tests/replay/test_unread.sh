#!/bin/sh
# Rule 2: captures rn could not read are said before the first line, with
# the count. Real: rp_unread writes 2 bytes from a file page it never
# touched to /dev/null (the kernel never reads them: bpf_probe_read_user
# fails, the capture is stored unreadable) and opens a path at a bad address
# (EFAULT: the program's fault, shown as strace shows it, not counted).
# Synthetic (rnfmt unread): two counted among five flagged captures.
. "$RN_ROOT/tests/lib.sh"
RNFMT="$RN_BUILD/tests/format/rnfmt"
P=$RN_BUILD/tests/replay/progs/rp_unread
line() { # N
	s=s its=their
	[ "$1" = 1 ] && s= its=its
	echo "rn-replay: $2: warning: $1 captured argument$s could not be read while recording; what follows lacks $its contents"
}

"$RNFMT" unread s.rn || fail "rnfmt unread"
rn-replay s.rn >s.out 2>&1 || fail "rn-replay failed"
assert_eq "$(head -n 1 s.out)" "$(line 2 s.rn)" "synthetic: the first line"
assert_eq "$(grep -c 'could not be read' s.out)" 1 "synthetic: said once"
assert_eq "$(sed -n 2p s.out)" "write(1, 0x7f0000001000, 2)             = 2" "synthetic: the address shown"
# only the calls shown count: the openats' ENOENT one (the EFAULT one not)
assert_eq "$(rn-replay -e trace=openat s.rn 2>&1 >/dev/null)" "$(line 1 s.rn)" "-e trace=openat"
assert_eq "$(rn-replay -e trace=write s.rn 2>&1 >/dev/null)" "$(line 1 s.rn)" "-e trace=write"
assert_eq "$(rn-replay -e trace=getpid s.rn 2>&1 >/dev/null)" "" "a stack capture is no argument"
rn-replay -o s.txt s.rn 2>s.err
assert_eq "$(cat s.err)" "$(line 2 s.rn)" "stderr with -o"
assert_eq "$(rn-replay -c s.rn 2>&1 >/dev/null)" "" "-c shows no argument"

# ptrace reads the page (process_vm_readv faults it in): nothing to say
rn-record -q --backend=ptrace -o p.rn -- "$P" >p.addr || fail "rp_unread under ptrace"
rn-replay p.rn >p.out 2>p.err || fail "rn-replay p.rn"
assert_eq "$(cat p.err)" "" "ptrace: no warning"
grep -qxF 'write(3, "c\n", 2)                      = 2' p.out || fail "ptrace: the bytes"
assert_eq "$(grep -c '^write(3, "c\\n", 2) ' p.out)" 2 "ptrace: both writes show the bytes"
grep -qF 'openat(AT_FDCWD, 0x8, O_RDONLY)         = -1 EFAULT' p.out || fail "ptrace: the EFAULT line"

[ -r /sys/kernel/btf/vmlinux ] && [ "$(id -u)" = 0 ] || skip "the bpf backend needs root and BTF"
rn-record -q --backend=bpf -o b.rn -- "$P" >b.addr || fail "rp_unread under bpf"
addr=$(cat b.addr)
rn-replay b.rn >b.out 2>&1 || fail "rn-replay b.rn"
# The write's capture as the trace holds it: unreadable (flag 4) unless the
# recorder read it at exit after all (then nothing may be said).
"$RN_BUILD/tests/record/rn-dump" b.rn | awk '$1 == "S" && $4 == "write" && $5 == 2' >b.dump
if grep -q ':4$' b.dump; then
	assert_eq "$(head -n 1 b.out)" "$(line 1 b.rn)" "bpf: the first line"
	grep -qE "^write\(3, $addr, 2\) +\= 2$" b.out || fail "bpf: the address shown"
else
	echo "note: the bpf recorder read the untouched page: no unread capture"
	assert_eq "$(grep -c 'could not be read' b.out)" 0 "bpf: nothing said when all was read"
fi
grep -qF 'openat(AT_FDCWD, 0x8, O_RDONLY)         = -1 EFAULT' b.out || fail "bpf: the EFAULT line"
echo ok
