# Fault: the tracee under stress. 64 threads making syscalls while others
# are created and exit, a process forking as fast as it can, a signal storm.
# No event lost: counts match what the programs know they did.
. "$RN_ROOT/tests/lib.sh"
. "$RN_ROOT/tests/record/common.sh"

rn-record -q -f -o th.rn -- "$PROGS/threads" 64 200 100
"$DUMP" th.rn >th.txt
assert_eq "$(count_sc th.txt getppid)" 12800 "getppid of 64 threads"
assert_eq "$(count_sc th.txt getpid)" 100 "getpid of brief threads"
assert_eq "$(awk '$1 == "P" && $2 == 3' th.txt | wc -l)" 164 "clone events"
assert_eq "$(awk '$1 == "P" && $2 == 9' th.txt | wc -l)" 164 "thread exits"

assert_exit 0 rn-record -q -f -o ff.rn -- "$PROGS/forkfast" 300
"$DUMP" ff.rn >ff.txt
assert_eq "$(awk '$1 == "P" && $2 == 1' ff.txt | wc -l)" 300 "fork events"
assert_eq "$(awk '$1 == "P" && $2 == 5' ff.txt | wc -l)" 301 "process exits"
for s in 0 1 2 3 4 5 6; do
	want=$(seq 0 299 | awk -v s=$s '$1 % 7 == s' | wc -l)
	assert_eq "$(awk -v s=$s '$1 == "P" && $2 == 5 && $6 == s' ff.txt | wc -l)" $((want + (s == 0))) "exits with $s"
done

assert_exit 0 rn-record -q -f -o sg.rn -- "$PROGS/sigstorm" 1000
"$DUMP" sg.rn >sg.txt
assert_eq "$(awk '$1 == "G" && $4 == 10' sg.txt | wc -l)" 1000 "SIGUSR1 deliveries"
assert_eq "$(count_sc sg.txt rt_sigreturn)" 1000 "handler returns"
echo "stress ok"
