# -a/--all and --cgroup PATH (bpf backend only): processes started outside
# rn-record are recorded with their identity, rn-record itself never; a
# process gone before rn-record could read /proc keeps what the kernel read
# (its argv), never an empty or wrong one; --cgroup takes the processes in
# the cgroup (a fresh one under the cgroup v2 mount) and not the others;
# --duration stops by itself and SIGTERM stops cleanly (exit 0); bad values
# exit 2 and missing privileges or --backend=ptrace exit 1, one line each.
. "$RN_ROOT/tests/lib.sh"
. "$RN_ROOT/tests/record/common.sh"
need_bpf
# the kernel names threads by their host pids (rn-record refuses otherwise)
[ "$(readlink /proc/self/ns/pid)" = "pid:[4026531836]" ] || skip "not in the host's pid namespace"
need_cmd setpriv

# Bad values: exit 2, the first line names the problem.
bad() {
	want=$1
	shift
	set +e
	rn-record "$@" -o bad.rn 2>bad.err
	rc=$?
	set -e
	assert_eq "$rc" 2 "status of rn-record $*"
	assert_eq "$(head -n 1 bad.err)" "$want" "rn-record $*"
}
bad "rn-record: invalid --duration '0' (1ms to 1 week: 10, 10s, 500ms, 2m)" -a --duration 0
bad "rn-record: invalid --duration '5x' (1ms to 1 week: 10, 10s, 500ms, 2m)" -a --duration 5x
bad "rn-record: invalid --duration '-1' (1ms to 1 week: 10, 10s, 500ms, 2m)" -a --duration -1
# (a value that parses gets to the check that -a or --cgroup is there)
for d in 10 10s 500ms 2m; do
	bad "rn-record: --duration needs -p, -a or --cgroup" --duration $d -- /bin/true
done
bad "rn-record: give one of a command, -p PID, -a or --cgroup PATH" -a -- /bin/true
bad "rn-record: --cgroup /nonexistent-rn: No such file or directory" --cgroup /nonexistent-rn
bad "rn-record: --cgroup /tmp: not a cgroup v2 directory" --cgroup /tmp
# No ptrace form: a usage error.
bad "rn-record: -a needs the bpf backend (ptrace sees only the processes it starts or attaches to)" --backend=ptrace -a
bad "rn-record: --cgroup needs the bpf backend (ptrace sees only the processes it starts or attaches to)" --backend=ptrace --cgroup /sys/fs/cgroup
bad "rn-record: --duration needs the bpf backend (under ptrace, stop -p with SIGINT)" --backend=ptrace --duration 1 -p $$
[ ! -e bad.rn ] || fail "a trace was written for a bad value"

# No privileges: exit 1, one line.
chmod 777 .
set +e
setpriv --reuid=nobody --regid=nogroup --clear-groups "$RN_BIN/rn-record" -a --duration 1 -o n.rn 2>n.err
rc=$?
set -e
assert_eq "$rc" 1 "-a without privileges"
assert_eq "$(cat n.err)" "rn-record: -a: needs root or CAP_BPF and CAP_PERFMON" "-a without privileges"
[ ! -e n.rn ] || fail "a trace was written without privileges"
if command -v unshare >/dev/null; then # in a pid namespace of its own
	set +e
	unshare --pid --fork "$RN_BIN/rn-record" -a --duration 1 -o ns.rn 2>ns.err
	rc=$?
	set -e
	assert_eq "$rc" 1 "-a in a pid namespace"
	assert_eq "$(cat ns.err)" "rn-record: -a: needs the host's pid namespace (the kernel names processes by their host pids; a container needs --pid=host)" "-a in a pid namespace"
fi

# -a: two unrelated processes, and one gone before its /proc is read (a
# shell blocked in read before recording starts, that exits as soon as
# its read returns).
"$PROGS/ticker" 30 >t1.out &
t1=$!
"$PROGS/ticker" 30 >t2.out &
t2=$!
mkfifo ff
exec 3<>ff
sh -c 'read x <&3; exit 3' 3<&3 &
gone=$!
start=$(date +%s%N)
rn-record -a --duration 1500ms -o all.rn 2>all.err &
rec=$!
wait_line all.err "^rn-record: recording every process \\(bpf backend\\) for 1.5 s"
echo go >ff
wait $rec || fail "rn-record -a exited $?"
secs=$((($(date +%s%N) - start) / 1000000))
[ $secs -ge 1500 ] && [ $secs -lt 10000 ] || fail "--duration 1500ms took $secs ms"
kill $t1 $t2
wait $t1 $t2 || true
wait $gone || [ $? = 3 ] || fail "the shell's status changed"
exec 3>&-
"$DUMP" all.rn >all.txt
assert_eq "$(awk '$1 == "H" { print $3, $4 % 2 }' all.txt)" "0 1" "header: no pid, attached"
assert_match "$(grep '^O ' all.txt)" "^O -a --duration 1500ms -o all.rn --backend=bpf$" "header options"
for t in $t1 $t2; do
	assert_match "$(awk -v p=$t '$1 == "N" && $2 == p' all.txt)" "^N $t $$ .*/ticker\\|30 .*/ticker " "snapshot of $t"
	[ "$(awk -v p=$t '$1 == "S" && $2 == p && $4 == "getrusage"' all.txt | wc -l)" -gt 100 ] ||
		fail "calls of $t not recorded"
done
assert_match "$(awk -v p=$gone '$1 == "N" && $2 == p' all.txt)" "^N $gone $$ sh\\|-c\\|read x <&3; exit 3( |$)" "identity of a process gone before /proc was read"
echo "identity of the shell gone early: $(awk -v p=$gone '$1 == "N" && $2 == p' all.txt)"
assert_eq "$(awk -v p=$gone '$1 == "P" && $2 == 5 && $3 == p { print $6 }' all.txt)" 3 "its exit status"
assert_eq "$(awk -v p=$rec '($1 == "S" || $1 == "N") && $2 == p' all.txt | wc -l)" 0 "rn-record's own calls"

# -a: a process inside execve when recording starts (the kernel waits in
# its execve, copying an argument from a page userfaultfd serves, until
# told to go on). The exec event carries what the kernel read; the call is
# one in progress (no entry), with the file name, argv and envp's count of
# the exec, never the new program's registers read as its arguments (they
# were: execve(NULL, NULL, NULL)); -T gives it no duration.
mkfifo ef
exec 4<>ef
env -i A=1 B=2 "$PROGS/execstall" /bin/sleep 0.3 <ef >es.out 2>es.err &
es=$!
wait_line es.out "^in execve$"
rn-record -a --duration 1s -o es.rn 2>es.rerr &
rec=$!
wait_line es.rerr "^rn-record: recording every process"
echo go >&4
wait $es || fail "execstall exited $?: $(cat es.err)"
wait $rec || fail "rn-record -a exited $?"
exec 4>&-
"$DUMP" es.rn >es.txt
assert_eq "$(awk -v p=$es '$1 == "P" && $2 == 4 && $3 == p { print $NF }' es.txt)" "/bin/sleep|/bin/sleep|0.3" "exec event of a process in execve at the start"
assert_eq "$(awk -v p=$es '$1 == "S" && $3 == p && $4 == "execve" { print $5, $6 % 4 }' es.txt)" "0 2" "its execve: returned 0, entry not seen"
rn-replay -T --pid $es es.rn | grep "^$es " | head -n 2 | tr -s ' ' >es.rp
assert_eq "$(cat es.rp)" "$es"' execve("/bin/sleep", ["/bin/sleep", "0.3"], /* 2 vars */ <unfinished ...>
'"$es"' <... execve resumed>) = 0' "the execve in progress at the start"

# Minutes; SIGTERM stops cleanly.
rn-record -a --duration 2m -o d.rn 2>d.err &
rec=$!
wait_line d.err "for 120 s "
kill -TERM $rec
wait $rec || fail "rn-record -a --duration 2m exited $? on SIGTERM"

# --cgroup: a fresh cgroup under the cgroup v2 mount.
cg2=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/self/mounts)
[ -n "$cg2" ] || skip "cgroup v2 is not mounted (the -a tests passed)"
cg="$cg2/rn-test-scope-$$"
mkdir "$cg" || skip "cannot create a cgroup under $cg2"
inside=
outside=
spawner=
cleanup() {
	[ -z "$inside" ] || kill $inside 2>/dev/null || true
	[ -z "$outside" ] || kill $outside 2>/dev/null || true
	[ -z "$spawner" ] || kill $spawner 2>/dev/null || true
	wait 2>/dev/null || true
	# the spawner's last child (a sleep) outlives it: the cgroup is only
	# removable once that is gone
	for p in $(cat "$cg/cgroup.procs" 2>/dev/null); do kill "$p" 2>/dev/null || true; done
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		rmdir "$cg" 2>/dev/null && break
		sleep 0.1
	done
}
trap cleanup EXIT
# (a slow ticker: --stack copies 8 KiB a call)
sh -c "echo \$\$ >'$cg/cgroup.procs' && exec '$PROGS/ticker' 30 1000" >in.out &
inside=$!
# a shell in the cgroup starting children: each is recorded from its fork
# (without -f: the scope's children are in it)
sh -c "echo \$\$ >'$cg/cgroup.procs' && while :; do /bin/true; sleep 0.1; done" &
spawner=$!
"$PROGS/ticker" 30 >out.out &
outside=$!
for _ in $(seq 50); do # (each shell moves itself first thing; a loaded machine may take a while)
	grep -qx "$inside" "$cg/cgroup.procs" && grep -qx "$spawner" "$cg/cgroup.procs" && break
	sleep 0.1
done
grep -qx "$inside" "$cg/cgroup.procs" || fail "could not move $inside into $cg"
grep -qx "$spawner" "$cg/cgroup.procs" || fail "could not move $spawner into $cg"
rn-record --cgroup "$cg" --duration 1s --stack -o cg.rn 2>cg.err || fail "rn-record --cgroup exited $?"
assert_match "$(head -n 1 cg.err)" "^rn-record: recording cgroup $cg \\(bpf backend\\) for 1 s" "announcement"
"$DUMP" cg.rn >cg.txt
assert_match "$(awk -v p=$inside '$1 == "N" && $2 == p' cg.txt)" "^N $inside $$ .*/ticker\\|30\\|1000 " "snapshot inside"
[ "$(awk -v p=$inside '$1 == "S" && $2 == p && $4 == "getrusage"' cg.txt | wc -l)" -gt 100 ] ||
	fail "calls inside the cgroup not recorded"
assert_eq "$(awk -v p=$outside '$2 == p' cg.txt | wc -l)" 0 "events of the process outside the cgroup"
# (sh forks with vfork, kind 2)
awk -v s=$spawner '$1 == "P" && ($2 == 1 || $2 == 2) && $3 == s { print $5 }' cg.txt >kids
[ "$(wc -l <kids)" -ge 5 ] || fail "the spawner's children (forks): $(wc -l <kids)"
for k in $(cat kids); do
	# each child: its exec, its calls, its exit, all from its first instruction on
	awk -v k=$k '$1 == "P" && $2 == 4 && $3 == k' cg.txt | grep -Eq '/bin/true|sleep' ||
		{ [ "$k" = "$(tail -n 1 kids)" ] || fail "child $k: no exec"; }
done
k=$(head -n 1 kids)
# Each exec event has its execve call, and each execve call its exec event,
# per thread; but for the two calls that recording cuts in the middle: one
# entered before the start (no entry: its exec event comes if it execs once
# recording runs) and one still in execve at the stop (no exit: its exec
# event comes if it got that far first). Every program starts and stops
# recording at one instant: before that, a child could have its fork, exec
# and exit recorded and no call at all (fixed: rn_live).
awk '$1 == "S" && $4 == "execve" { n[$3]++; f[$3] = int($6 % 4) }
	$1 == "P" && $2 == 4 { x[$3]++ }
	END {
		for (t in x) if (!(t in n)) print "exec event of " t " without its execve"
		for (t in n) {
			if (n[t] > 1 || x[t] > 1) print t ": " n[t] " execve, " x[t] " exec events"
			else if (!(t in x) && f[t] == 0) print "execve of " t " without its exec event"
			else if (!(t in x)) cut[f[t]]++
		}
		for (k in cut) if (cut[k] > 1) print cut[k] " execve calls cut, flags " k
	}' cg.txt >cg.exec
assert_eq "$(cat cg.exec)" "" "execve calls and exec events"
echo "execve calls $(count_sc cg.txt execve), exec events $(awk '$1 == "P" && $2 == 4' cg.txt | wc -l)"
assert_eq "$(awk -v k=$k '$1 == "S" && $2 == k && $4 == "execve"' cg.txt | wc -l)" 1 "child $k's execve"
assert_eq "$(awk -v k=$k '$1 == "S" && $2 == k && int($6 / 2) % 2 == 1' cg.txt | wc -l)" 0 "child $k's calls entered before it was seen"
assert_eq "$(awk -v k=$k '$1 == "P" && $2 == 5 && $3 == k' cg.txt | wc -l)" 1 "child $k's exit"
# (and a child running when recording started: seen, with its parent)
awk -v s=$spawner '$1 == "P" && $2 == 7 && $5 == s { print $3 }' cg.txt >>kids
others=$(awk -v i=$inside -v s=$spawner 'NR == FNR { kid[$1] = 1; next }
	$1 == "S" && $2 != i && $2 != s && !($2 in kid)' kids cg.txt | wc -l)
assert_eq "$others" 0 "calls of processes outside the cgroup"
# --stack: the code mappings of a process running before recording started
# are read when it is first seen, so its calls resolve to source lines.
line=$(grep -n 'getrusage(RUSAGE_THREAD, &ru);' "$RN_ROOT/tests/record/progs/ticker.c" | cut -d: -f1)
rn-analyze summary --by source -e trace=getrusage --csv cg.rn | cut -d, -f1 >cg.src
assert_eq "$(sed -n 2p cg.src)" "ticker.c:$line in main" "--source of the ticker in the cgroup"
kill $inside $outside $spawner
wait $inside $outside $spawner || true
inside=
outside=
spawner=
echo "bpf -a and --cgroup ok"
