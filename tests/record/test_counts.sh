# Exact counts: what the tracees know they did is what the trace holds.
# Threads x syscalls, thread creation and exit, fork/exec chains, vfork,
# job control and signals, exec from a non-main thread.
. "$RN_ROOT/tests/lib.sh"
. "$RN_ROOT/tests/record/common.sh"

# 6 threads x 500 getppid, and 10 brief threads that exit while they run.
rn-record -q -f -o t.rn -- "$PROGS/threads" 6 500 10
"$DUMP" t.rn >t.txt
assert_eq "$(count_sc t.txt getppid)" 3000 "getppid calls"
assert_eq "$(count_sc t.txt getpid)" 10 "getpid calls of the brief threads"
assert_eq "$(awk '$1 == "P" && $2 == 3' t.txt | wc -l)" 16 "clone events"
assert_eq "$(awk '$1 == "P" && $2 == 9' t.txt | wc -l)" 16 "thread exits"
assert_eq "$(awk '$1 == "P" && $2 == 5 && $6 == 0' t.txt | wc -l)" 1 "process exit 0"
# every getppid has its pid = the process and a distinct tid per thread
assert_eq "$(awk '$1 == "S" && $4 == "getppid" { print $3 }' t.txt | sort -u | wc -l)" 6 "threads calling getppid"

# Without -f only the started thread is traced.
rn-record -q -o nf.rn -- "$PROGS/threads" 3 100
"$DUMP" nf.rn >nf.txt
assert_eq "$(count_sc nf.txt getppid)" 0 "getppid of untraced threads"
assert_eq "$(awk '$1 == "S" { print $3 }' nf.txt | sort -u | wc -l)" 1 "threads traced without -f"

# fork/exec chain: 4 processes, 3 forks, 4 execs, exit statuses 5..8.
assert_exit 8 rn-record -q -f -o fe.rn -- "$PROGS/forkexec" 3
"$DUMP" fe.rn >fe.txt
assert_eq "$(awk '$1 == "P" && $2 == 1' fe.txt | wc -l)" 3 "fork events"
assert_eq "$(awk '$1 == "P" && $2 == 4' fe.txt | wc -l)" 4 "exec events"
assert_eq "$(awk '$1 == "P" && $2 == 5 { print $6 }' fe.txt | sort | tr '\n' ' ')" "5 6 7 8 " "exit codes"
# every Proc exec carries path and argv
assert_match "$(awk '$1 == "P" && $2 == 4' fe.txt | sed -n 2p)" "/proc/self/exe\\|.*forkexec\\|2$" "exec data"

# vfork: a VFORK event with CLONE_VM|CLONE_VFORK flags, the child execs /bin/true.
assert_exit 10 rn-record -q -f -o vf.rn -- "$PROGS/vforker"
"$DUMP" vf.rn >vf.txt
assert_match "$(awk '$1 == "P" && $2 == 2' vf.txt)" "^P 2 [0-9]+ [0-9]+ [0-9]+ 0 0 4111 $" "vfork event"
assert_match "$(awk '$1 == "P" && $2 == 4' vf.txt | tail -n 1)" "/bin/true\\|true$" "exec after vfork"

# Job control and signals: the tracee sees what it would see untraced.
assert_exit 0 rn-record -q -f -o jc.rn -- "$PROGS/jobctl"
"$DUMP" jc.rn >jc.txt
for sig in 19 18 10 15; do # SIGSTOP SIGCONT SIGUSR1 SIGTERM delivered to the child
	assert_eq "$(awk -v s=$sig '$1 == "G" && $4 == s' jc.txt | wc -l)" 1 "signal $sig events"
done
assert_match "$(awk '$1 == "P" && $2 == 6' jc.txt)" "^P 6 [0-9]+ [0-9]+ 0 15 0" "child killed by SIGTERM"

# A signal storm: 300 SIGUSR1, each handled once.
assert_exit 0 rn-record -q -f -o ss.rn -- "$PROGS/sigstorm" 300
"$DUMP" ss.rn >ss.txt
assert_eq "$(awk '$1 == "G" && $4 == 10' ss.txt | wc -l)" 300 "SIGUSR1 events"
assert_eq "$(count_sc ss.txt kill)" 300 "kill calls"

# exec from a non-main thread: the exec event names the former tid, the main
# thread's nanosleep is unfinished (written before the exec event), the
# execve is the calling thread's (its tid, the process's pid), and the new
# image runs as the process.
assert_exit 0 rn-record -q -f -o et.rn -- "$PROGS/execthr" /bin/true
"$DUMP" et.rn >et.txt
pid=$(awk '$1 == "H" { print $3 }' et.txt)
ex=$(awk '$1 == "P" && $2 == 4' et.txt | tail -n 1)
assert_match "$ex" "^P 4 $pid $pid [0-9]+ 0 0 0 /bin/true" "exec from a thread"
former=$(echo "$ex" | awk '{ print $5 }')
[ "$former" != "$pid" ] && [ "$former" != 0 ] || fail "former tid $former"
assert_match "$(awk -v p=$pid '$1 == "S" && $4 == "clock_nanosleep" && $3 == p' et.txt)" " 1 [0-9]+ 0 " "unfinished nanosleep"
ns_at=$(awk -v p=$pid '$1 == "S" && $4 == "clock_nanosleep" && $3 == p { print NR }' et.txt)
ex_at=$(awk '$1 == "P" && $2 == 4 { n = NR } END { print n }' et.txt)
[ "$ns_at" -lt "$ex_at" ] || fail "nanosleep (line $ns_at) not closed before the exec event (line $ex_at)"
assert_eq "$(awk -v p=$pid '$1 == "S" && $4 == "execve" && $2 == p && $3 == p && $5 == 0' et.txt | wc -l)" 1 "execve of the launched command"
assert_eq "$(awk -v p=$pid -v f=$former '$1 == "S" && $4 == "execve" && $2 == p && $3 == f && $5 == 0' et.txt | wc -l)" 1 "execve of the thread, on its own tid"
assert_eq "$(awk -v p=$pid '$1 == "S" && $4 == "exit_group" && $3 == p' et.txt | wc -l)" 1 "exit_group of the new image"
# A zombie leader: main leaves with pthread_exit, the other thread goes on
# and exits the process with status 4.
assert_exit 4 rn-record -q -f -o z.rn -- "$PROGS/zombie"
"$DUMP" z.rn >z.txt
assert_eq "$(count_sc z.txt getppid)" 50 "getppid after the leader left"
assert_match "$(awk '$1 == "S" && $4 == "exit"' z.txt | head -n 1)" "^S ([0-9]+) \\1 exit 0 1 " "leader's exit, unfinished"
assert_match "$(awk '$1 == "P" && $2 == 5' z.txt)" "^P 5 ([0-9]+) \\1 0 4 " "process exit 4"

# Job control from outside (Ctrl-Z / fg): the traced program stops for real
# (group-stop held with PTRACE_LISTEN) and continues on SIGCONT.
rn-record -q -f -o jc2.rn -- "$PROGS/threads" 1 1000000000 &
rec=$!
prog=""
i=0
while [ -z "$prog" ] && [ $i -lt 100 ]; do
	sleep 0.05
	prog=$(cat /proc/$rec/task/*/children 2>/dev/null | tr -d ' ')
	i=$((i + 1))
done
[ -n "$prog" ] || fail "no traced program found"
sleep 0.2
kill -STOP "$prog"
i=0
while ! grep -q '^State:.*[Tt] ' /proc/$prog/status && [ $i -lt 40 ]; do sleep 0.05; i=$((i + 1)); done
grep -q '^State:.*[Tt] ' /proc/$prog/status || fail "not stopped: $(grep State /proc/$prog/status)"
t1=$(cat /proc/$prog/task/*/stat | awk '{ s += $14 + $15 } END { print s }')
sleep 0.3
t2=$(cat /proc/$prog/task/*/stat | awk '{ s += $14 + $15 } END { print s }')
assert_eq "$t2" "$t1" "CPU time while stopped"
kill -CONT "$prog"
sleep 0.3
grep -q '^State:.*[RS] ' /proc/$prog/status || fail "not running after SIGCONT: $(grep State /proc/$prog/status)"
kill -TERM "$prog"
set +e
wait $rec
rc=$?
set -e
assert_eq "$rc" 143 "status after SIGTERM"
"$DUMP" jc2.rn >jc2.txt
assert_eq "$(awk '$1 == "G" && ($4 == 19 || $4 == 18 || $4 == 15)' jc2.txt | wc -l)" 3 "STOP, CONT, TERM deliveries"
echo "counts ok"
