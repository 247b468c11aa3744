# Exit status is the program's (128+N when killed by signal N); a process
# killed inside a syscall has it recorded as unfinished; a missing command
# is one clear error.
. "$RN_ROOT/tests/lib.sh"
. "$RN_ROOT/tests/record/common.sh"

assert_exit 3 rn-record -q -o a.rn -- sh -c 'exit 3'
assert_exit 143 rn-record -q -o b.rn -- sh -c 'kill -TERM $$'
assert_exit 137 rn-record -q -f -o c.rn -- sh -c 'kill -KILL $$'
"$DUMP" b.rn >b.txt
assert_match "$(awk '$1 == "P" && $2 == 6' b.txt)" "^P 6 [0-9]+ [0-9]+ 0 15 " "killed event"
assert_eq "$(awk '$1 == "G" && $4 == 15' b.txt | wc -l)" 1 "SIGTERM delivery"

# killmid: the child's read(2) never returns: flags NO_EXIT, and the child
# is recorded as killed by SIGKILL.
assert_exit 0 rn-record -q -f -o k.rn -- "$PROGS/killmid"
"$DUMP" k.rn >k.txt
child=$(awk '$1 == "P" && $2 == 6 && $6 == 9 { print $3 }' k.txt)
[ -n "$child" ] || fail "no killed child in the trace"
assert_match "$(awk -v c="$child" '$1 == "S" && $3 == c' k.txt | tail -n 1)" "^S $child $child read 0 1 [0-9]+ 0 " "unfinished read"

# A process of three threads killed by SIGKILL: every thread is recorded as
# killed (THREAD_EXIT with the SIGNALED flag, status 9), not as exited with 9.
assert_exit 0 rn-record -q -f -o kt.rn -- "$RN_BUILD/tests/replay/progs/rp_killthr"
"$DUMP" kt.rn >kt.txt
victim=$(awk '$1 == "P" && $2 == 6 && $6 == 9 { print $3 }' kt.txt)
[ -n "$victim" ] || fail "no killed process in the trace"
assert_eq "$(awk -v v="$victim" '$1 == "P" && $2 == 9 && $3 == v && $6 == 9 && $7 == 2' kt.txt | wc -l)" 2 "threads killed by SIGKILL"
assert_eq "$(awk '$1 == "P" && $2 == 9 && $7 != 2' kt.txt | wc -l)" 0 "thread exits without the signal flag"
# ... and rn-export json says so (the status is a signal, not an exit code).
rn-export json kt.rn >kt.json
assert_eq "$(grep -c '"kind":"thread_exit","other":0,"status":9,"clone_flags":0,"signal":"SIGKILL","core":false}' kt.json)" 2 "killed threads in rn-export json"

# Eight busy threads killed at once: they die on both CPUs together, and the
# process ends once (the bpf backend saw the group dead in more than one
# thread's exit and wrote the process's end twice).
rn-record -q -f -o mk.rn -- "$PROGS/threads" 8 100000000 &
rec=$!
wait_for_child() {
	i=0
	while [ $i -lt 100 ]; do
		kid=$(cat /proc/$rec/task/*/children 2>/dev/null | tr -d ' ')
		[ -n "$kid" ] && [ "$(ls /proc/$kid/task 2>/dev/null | wc -l)" -ge 9 ] && return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}
wait_for_child || fail "the 8 threads did not start"
kill -KILL "$kid"
set +e
wait $rec
set -e
"$DUMP" mk.rn >mk.txt
assert_eq "$(awk '$1 == "P" && $2 == 6' mk.txt | wc -l)" 1 "one end of the killed process"
assert_eq "$(awk '$1 == "P" && $2 == 9 && $6 == 9 && $7 == 2' mk.txt | wc -l)" 8 "its threads killed"

# A command that does not exist: one line, status 127, like a shell.
set +e
rn-record -q -o m.rn -- /nonexistent/prog 2>err.txt
rc=$?
set -e
assert_eq "$rc" 127 "missing command status"
assert_match "$(cat err.txt)" "^rn-record: cannot run /nonexistent/prog: No such file or directory$" "error"
echo "exit statuses ok"
