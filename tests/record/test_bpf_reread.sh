# Input memory in pages the program never touched
# (tests/record/progs/untouchedio.c): the bpf backend's entry read faults,
# and is read again at exit only where that gives the bytes the call got.
# - write to a pipe, openat's path, connect's sockaddr: the kernel copied
#   them, so they are readable at exit and equal to what they were at entry:
#   bpf prints what strace prints;
# - write to /dev/null: the kernel never reads the buffer: it stays
#   unreadable (the address, flagged in the trace: never empty, never wrong);
# - getsockname's addrlen and rt_sigprocmask's set over its oldset: the call
#   writes the same memory, so what exit finds is not what the call was
#   given: unreadable, printed as strace prints memory it cannot read (both
#   addresses for getsockname), never the value the kernel wrote.
# (docs/recording.md, "Memory the entry could not read")
. "$RN_ROOT/tests/lib.sh"
. "$RN_ROOT/tests/record/common.sh"
need_bpf
need_cmd strace

P=$PROGS/untouchedio
T=trace=write,openat,connect,getsockname,rt_sigprocmask
# the tracee's own calls, after its set-up (from the pipe write on)
calls() { awk '/rn-untouched-pipe\\n"/ { on = 1 } on && !/^write\(1,/ && !/^\+\+\+/' "$1"; }
strace -qq -e "$T" -o r.strace "$P" >r.s.out || fail "untouchedio failed under strace"
calls r.strace >r.s.txt
cat >r.want <<'W'
write(5, "rn-untouched-pipe\n", 18)     = 18
write(3, "rn-untouched-null\n", 18)     = 18
openat(AT_FDCWD, "/nonexistent/rn-untouched-open", O_RDONLY) = -1 ENOENT (No such file or directory)
connect(6, {sa_family=AF_UNIX, sun_path="/nonexistent/rn-untouched-sock"}, 110) = -1 ENOENT (No such file or directory)
getsockname(6, {sa_family=AF_UNIX}, [110 => 2]) = 0
rt_sigprocmask(SIG_BLOCK, [USR1], [], 8) = 0
W
diff r.want r.s.txt >&2 || fail "strace's lines are not the expected ones"

for b in ptrace bpf; do
	rn-record -q --backend="$b" -o "r.$b.rn" -- "$P" >"r.$b.out" ||
		fail "untouchedio failed under rn-record --backend=$b"
	rn-replay -e "$T" "r.$b.rn" >"r.$b.all"
	calls "r.$b.all" >"r.$b.txt"
done
diff r.s.txt r.ptrace.txt >&2 || fail "ptrace backend: not strace's lines"

read -r null len mask <r.bpf.out
assert_match "$null $len $mask" '^0x[0-9a-f]+ 0x[0-9a-f]+ 0x[0-9a-f]+$' "the mappings' addresses"
# strace's lines but for the three: the /dev/null buffer, getsockname's
# sockaddr (on the stack) and addrlen, rt_sigprocmask's set as addresses
sed -n 1p r.want >r.bwant
printf '%-40s= 18\n' "write(3, $null, 18)" >>r.bwant # strace's column
sed -n '3,4p' r.want >>r.bwant
printf 'getsockname(6, SOCKADDR, %s) = 0\n' "$len" >>r.bwant
printf 'rt_sigprocmask(SIG_BLOCK, %s, [], 8) = 0\n' "$mask" >>r.bwant
sed -E 's/^(getsockname\(6, )0x7ff[0-9a-f]+, /\1SOCKADDR, /' r.bpf.txt >r.bpf.cmp
diff r.bwant r.bpf.cmp >&2 || fail "bpf backend: not the expected lines"

# In the trace (kind:arg:len:orig_len:flags): the pipe write's buffer all
# 18 bytes (read again at exit), the /dev/null one's unreadable (flag 4, no
# bytes, 18 wanted); addrlen's entry capture unreadable, the sockaddr
# written; rt_sigprocmask's set unreadable, its oldset written.
"$DUMP" r.bpf.rn | awk '$1 == "S" && $4 == "write" && $5 == 18 { print $10 }' | sed -n '1,2p' >r.caps
"$DUMP" r.bpf.rn | awk '$1 == "S" && ($4 == "getsockname" || $4 == "rt_sigprocmask") && $5 == 0 { print $4, $10, $11 }' | tail -2 >>r.caps
cat >r.capwant <<'W'
2:1:18:18:0
2:1:0:18:4
getsockname 8:2:0:4:4 3:1:128:128:1
rt_sigprocmask 3:1:0:8:4 3:2:8:8:1
W
diff r.capwant r.caps >&2 || fail "bpf backend: captures not marked as expected"
