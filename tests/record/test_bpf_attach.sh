# -p with the bpf backend: the process is never stopped, not even while
# rn-record attaches or detaches (a busy loop that times itself and counts
# its voluntary context switches: a ptrace stop is one, so the same run
# under --backend=ptrace shows them), it keeps running after the detach,
# and the trace has its calls and its identity as the ptrace backend writes
# it. A call in progress at attach is shown as strace shows the call it
# restarts: whole, from its exit's registers; one blocked until the detach
# as unfinished, as the ptrace backend writes it. -f follows children and
# -e trace= filters in the kernel; auto picks bpf for -p. Gaps the machine
# causes (preemption by other tasks, this shared VM's steal time) are told
# apart by the loop itself and not held against the recorder.
. "$RN_ROOT/tests/lib.sh"
. "$RN_ROOT/tests/record/common.sh"
need_bpf
# nothing left behind by a failure
trap 'kill ${tk:-} ${sh1:-} ${sh2:-} ${sh3:-} ${loop:-} 2>/dev/null || true' EXIT
# the kernel names threads by their host pids (rn-record refuses otherwise)
[ "$(readlink /proc/self/ns/pid)" = "pid:[4026531836]" ] || skip "not in the host's pid namespace"

# ticker_run BACKEND: attaches to a 2.2 s ticker for about 0.7 s, checks the
# ticker outlives the detach; its last line goes to tk.BACKEND.
ticker_run() {
	"$PROGS/ticker" 2.2 >"tk.$1" &
	tk=$!
	i=0
	while ! grep -q ready "tk.$1" 2>/dev/null && [ $i -lt 100 ]; do
		sleep 0.02
		i=$((i + 1))
	done
	rn-record --backend="$1" -o "tk.$1.rn" -p $tk 2>"rec.$1.err" &
	rec=$!
	if [ "$1" = bpf ]; then
		wait_line "rec.$1.err" "attached to 1 process without stopping it"
		grep -q '^TracerPid:[[:space:]]*0$' /proc/$tk/status || fail "bpf -p uses ptrace"
	fi
	sleep 0.7
	kill -INT $rec
	wait $rec || fail "rn-record --backend=$1 -p exited $?"
	kill -0 $tk 2>/dev/null || fail "the ticker did not outlive the detach ($1)"
	grep -q '^State:[[:space:]]*R' /proc/$tk/status || fail "the ticker is not running after the detach ($1)"
	wait $tk || fail "the ticker failed ($1)"
	tail -n 1 "tk.$1" >"tk.$1.last"
}

# The detector: ptrace stops the loop at every call (voluntary switches).
ticker_run ptrace
vol=$(awk '{ print $16 }' tk.ptrace.last)
[ "$vol" -gt 100 ] || fail "ptrace -p: expected stops, the ticker says: $(cat tk.ptrace.last)"

ticker_run bpf
echo "ticker under bpf -p: $(cat tk.bpf.last)"
assert_match "$(cat tk.bpf.last)" "^iterations [0-9]+ stopped 0 max_stopped_us 0 preempted [0-9]+ stolen [0-9]+ other [0-9]+ max_other_us [0-9]+ voluntary 0$" "never stopped"
max_other=$(awk '{ print $14 }' tk.bpf.last)
[ "$max_other" -le 1000 ] || fail "a gap of $max_other us on the CPU without any context switch"
"$DUMP" tk.bpf.rn >tk.txt
assert_eq "$(awk '$1 == "H" { print $4 % 2 }' tk.txt)" 1 "attached header flag"
assert_match "$(grep '^O ' tk.txt)" "^O --backend=bpf -o tk.bpf.rn -p $tk$" "header options: scope and backend"
assert_match "$(awk -v p=$tk '$1 == "N" && $2 == p' tk.txt)" "^N $tk $$ .*/ticker\\|2.2 .*/ticker " "snapshot"
awk -v p=$tk '$1 == "M" && $2 == p' tk.txt | grep -q 'libc.so.6 [0-9a-f]\{40\}$' || fail "libc mapping with build-id"
assert_eq "$(awk -v p=$tk '$1 == "P" && $2 == 7 && $3 == p' tk.txt | wc -l)" 1 "attach event"
assert_eq "$(awk -v p=$tk '$1 == "P" && $2 == 8 && $3 == p' tk.txt | wc -l)" 1 "detach event"
calls=$(count_sc tk.txt getrusage)
lost=$(awk '$1 == "L" && $2 == 3 { n += $3 } END { print n + 0 }' tk.txt)
[ $((calls + lost)) -gt 10000 ] || fail "getrusage calls: $calls recorded, $lost lost"
rn-analyze summary tk.bpf.rn | grep -q ' getrusage$' || fail "rn-analyze summary"
rn-export json tk.bpf.rn | grep -q '"type":"snapshot".*"pid":'"$tk" || fail "rn-export json snapshot"

# --stack: the code mappings of the running process are read at attach,
# so its calls resolve to source lines; SIGHUP detaches too.
"$PROGS/ticker" 3 1000 >tks.out & # (1 ms pauses: a few hundred stacks)
tk=$!
rn-record --backend=bpf --stack -o stk.rn -p $tk 2>stk.err &
rec=$!
wait_line stk.err "attached to 1 process without stopping it"
sleep 0.3
kill -HUP $rec
wait $rec || fail "rn-record -p --stack exited $? on SIGHUP"
kill -0 $tk || fail "the ticker did not outlive the detach (--stack)"
kill $tk
wait $tk || true
assert_eq "$(cat stk.err)" "rn-record: attached to 1 process without stopping it (bpf backend); SIGINT or SIGTERM detaches" "nothing lost with --stack"
line=$(grep -n 'getrusage(RUSAGE_THREAD, &ru);' "$RN_ROOT/tests/record/progs/ticker.c" | cut -d: -f1)
rn-analyze summary --by source -e trace=getrusage --csv stk.rn | cut -d, -f1,4 >stk.src
assert_eq "$(sed -n 2p stk.src)" "ticker.c:$line in main,0" "--source of a process attached with -p --stack"

# --duration stops -p by itself (exit 0), the process keeps running.
"$PROGS/ticker" 3 1000 >tkd.out &
tk=$!
timeout 30 rn-record -q --backend=bpf --duration 300ms -o dur.rn -p $tk ||
	fail "rn-record -p --duration exited $?"
kill -0 $tk || fail "the ticker did not outlive --duration"
kill $tk
wait $tk || true
assert_match "$("$DUMP" dur.rn | grep '^O ')" "^O -q --backend=bpf --duration 300ms -o dur.rn -p $tk$" "header options"

# asleep PID: waits until PID sleeps (these shells only ever block in
# their read), so the read is in progress before rn-record attaches.
asleep() {
	i=0
	while [ "$(cut -d' ' -f3 "/proc/$1/stat")" != S ] && [ $i -lt 100 ]; do
		sleep 0.05
		i=$((i + 1))
	done
}

# A call in progress at attach (a shell reading a fifo).
mkfifo ff
exec 3<>ff
sh -c 'read x <&3; sleep 0.2; exit 4' 3<&3 &
sh1=$!
asleep $sh1
rn-record --backend=bpf -o mid.rn -p $sh1 2>mid.err &
rec=$!
wait_line mid.err "attached to 1 process" # (loading takes a while under ASan: no fixed sleep)
echo hi >ff
wait $rec || fail "rn-record -p exited $?"
wait $sh1 || [ $? = 4 ] || fail "the shell's status changed"
rn-replay mid.rn >mid.txt
assert_eq "$(head -n 1 mid.txt)" 'read(0, "h", 1)                         = 1' "the call in progress at attach, as strace shows it"
"$DUMP" mid.rn >mid.dump
assert_eq "$(awk '$1 == "S" { print $4, $6 % 4; exit }' mid.dump)" "read 2" "flagged: entry not seen"
assert_eq "$(tail -n 1 mid.txt)" "+++ exited with 4 +++" "ends with the process (rn-record stops by itself)"
# Its start was not seen: -T gives it no duration (the attach is not when
# it began), the calls after it have theirs.
rn-replay -T mid.rn >midT.txt
assert_eq "$(head -n 1 midT.txt)" 'read(0, "h", 1)                         = 1' "-T: no duration for the call in progress at attach"
assert_match "$(sed -n 2p midT.txt)" ' <[0-9]+\.[0-9]{6}>$' "-T: the next call's duration"
# nor do the exports (json: entry_unseen; csv: the duration left empty;
# folded: no time added)
assert_match "$(rn-export json mid.rn | grep -m 1 '"type":"syscall"')" '"name":"read",.*"ret":1,"entry_unseen":true,"flags":2}$' "json: the call in progress at attach"
assert_match "$(rn-export csv mid.rn 2>/dev/null | sed -n 2p)" '^[0-9]+,[0-9]+,,[0-9]+,[0-9]+,read,' "csv: the call in progress at attach"

# Under -e trace=, a call the process was blocked in at attach is recorded
# only when the filter takes it, as strace -p -e trace= shows only matching
# calls: here the shell's read is not, its write is.
sh -c 'read x <&3; echo done; exit 5' 3<&3 >fw.out &
sh4=$!
asleep $sh4
rn-record --backend=bpf -e trace=write -o fw.rn -p $sh4 2>fw.err &
rec=$!
wait_line fw.err "attached to 1 process"
echo hi >ff
wait $rec || fail "rn-record -p -e trace=write exited $?"
wait $sh4 || [ $? = 5 ] || fail "the shell's status changed"
assert_eq "$(rn-replay fw.rn)" 'write(1, "done\n", 5)                   = 5
+++ exited with 5 +++' "-e trace=write: the read blocked at attach is not shown"
"$DUMP" fw.rn >fw.dump
assert_eq "$(awk '$1 == "S" && int($6 / 8) % 2 == 0 { print $4 }' fw.dump)" write "-e trace=write: calls recorded"

# A call blocked from before the attach to the detach.
sh -c 'read x <&3' 3<&3 &
sh2=$!
asleep $sh2
rn-record --backend=bpf -o blk.rn -p $sh2 2>blk.err &
rec=$!
wait_line blk.err "attached to 1 process"
sleep 0.3
kill -TERM $rec
wait $rec || fail "rn-record -p exited $? on SIGTERM"
kill -0 $sh2 || fail "the shell did not survive"
assert_eq "$(rn-replay blk.rn)" 'read(0,  <detached ...>' "blocked throughout (as strace -p ends it)"
echo bye >ff
wait $sh2

# A call entered after the attach and still blocked at the detach: its
# entry waits in the kernel for an exit that does not come (no record yet);
# written unfinished all the same, with its own entry.
sh -c 'read x <&3; read y <&3' 3<&3 &
sh3=$!
asleep $sh3
rn-record --backend=bpf -o pend.rn -p $sh3 2>pend.err &
rec=$!
wait_line pend.err "attached to 1 process"
echo a >ff
sleep 0.3
kill -TERM $rec
wait $rec || fail "rn-record -p exited $? on SIGTERM"
rn-replay pend.rn >pend.txt
assert_eq "$(sed -n 2p pend.txt)" 'read(0, "\n", 1)                        = 1' "the first read, after the attach"
assert_eq "$(tail -n 1 pend.txt)" 'read(0,  <detached ...>' "the call blocked at the detach"
"$DUMP" pend.rn >pend.dump
assert_eq "$(awk '$1 == "S" { f = $6 % 4 } END { print f }' pend.dump)" 1 "flagged: entry seen, no exit"
echo bye >ff
wait $sh3
exec 3>&-

# -f and -e trace= in the kernel, chosen by auto.
sh -c 'while :; do /bin/true; sleep 0.05; done' &
loop=$!
sleep 0.2
rn-record --backend=auto -f -e trace=execve -o fe.rn -p $loop 2>fe.err &
rec=$!
wait_line fe.err "attached to 1 process"
sleep 0.5
kill -INT $rec
wait $rec || fail "rn-record -p -f exited $?"
kill $loop
"$DUMP" fe.rn >fe.txt
assert_match "$(grep '^O ' fe.txt)" "--backend=bpf$" "auto chose bpf for -p"
[ "$(count_sc fe.txt execve)" -ge 3 ] || fail "children's execve not recorded with -f"
assert_eq "$(awk '$1 == "S" && int($6 / 8) % 2 == 0 && $4 != "execve"' fe.txt | wc -l)" 0 "calls outside -e trace=execve"

# An execveat in progress at attach (the kernel waits inside it for a page
# userfaultfd serves): its descriptor, path, argv and flags as /proc showed
# them at the start (at its exit the registers are the new program's; they
# were recorded as 0: execveat(0, "sleep", ..., 0)).
mkfifo ef
exec 4<>ef
env -i A=1 B=2 "$PROGS/execstall" -at /bin/sleep 0.3 <ef >es.out 2>es.err &
es=$!
wait_line es.out "^in execve$"
rn-record --backend=bpf -o es.rn -p $es 2>es.rerr &
rec=$!
wait_line es.rerr "attached to 1 process"
echo go >&4
wait $es || fail "execstall -at exited $?: $(cat es.err)"
wait $rec || fail "rn-record -p exited $?"
exec 4>&-
# (the path is the kernel's name for it, the exec event's: the old
# program's memory is gone by the exit)
rn-replay es.rn | grep "^$es " | head -n 2 | tr -s ' ' |
	sed -E 's/execveat\(([0-9]+), "\/dev\/fd\/\1\//execveat(FD, "\/dev\/fd\/FD\//; s/0x[0-9a-f]+ \/\*/ENVP \/*/' >es.rp
assert_eq "$(cat es.rp)" "$es"' execveat(FD, "/dev/fd/FD/sleep", ["/bin/sleep", "0.3"], ENVP /* 2 vars */, AT_SYMLINK_NOFOLLOW <unfinished ...>
'"$es"' <... execveat resumed>) = 0' "the execveat in progress at attach"
echo "bpf -p ok"
