#!/bin/sh
# What a launched program brings with it: its environment is counted, never
# recorded (execve prints "/* N vars */" as strace does), and the
# descriptors it inherits are recorded as FdInfo events, so rn-replay -y
# names fds 0, 1, 2 and the others from the first call on, as strace -y.
. "$RN_ROOT/tests/lib.sh"
. "$RN_ROOT/tests/record/common.sh"

# envp: the count of three variables and of none, the same as strace's.
env -i A=1 B=2 SECRET=hunter2 "$RN_BIN/rn-record" -q -o e.rn -- /bin/true
assert_match "$(rn-replay e.rn | head -n 1)" \
	'^execve\("/bin/true", \["/bin/true"\], 0x[0-9a-f]+ /\* 3 vars \*/\) += 0$' "envp count"
env -i A=1 B=2 SECRET=hunter2 "$(command -v strace)" -o e.st /bin/true
assert_match "$(head -n 1 e.st)" '/\* 3 vars \*/' "strace's envp count"
env -i "$RN_BIN/rn-record" -q -o z.rn -- /bin/true
assert_match "$(rn-replay z.rn | head -n 1)" '/\* 0 vars \*/\) += 0$' "empty envp"
"$DUMP" -x e.rn | grep -Eq "hunter2|68756e74657232" && fail "an environment string was recorded"

# Inherited fds: a file on 5, /dev/null on 0, a file on 2, a pipe on 1.
echo data >data.txt
# (fds the test harness passes down are closed first)
python3 -c 'import os, sys; os.closerange(3, 5); os.closerange(6, 65536); os.execvp(sys.argv[1], sys.argv[1:])' \
	rn-record -q -f -o f.rn -- sh -c 'echo out; echo err >&2; cat <&5' \
	</dev/null 5<data.txt 2>err.txt | cat >out.txt
assert_eq "$(cat out.txt)" "$(printf 'out\ndata')" "program output"
assert_eq "$(cat err.txt)" "err" "program stderr"
rn-replay -y f.rn >f.txt
here=$(pwd -P)
grep -Eq '^[0-9]+ +write\(1<pipe:\[[0-9]+\]>, "out\\n", 4\) += 4$' f.txt || fail "-y: write to the inherited pipe"
grep -q "fcntl(0</dev/null>, F_DUPFD, 10)" f.txt || fail "-y: inherited /dev/null"
grep -q "dup2(5<$here/data.txt>, 0)" f.txt || fail "-y: inherited fd 5"
grep -Eq "read\\(0<$here/data.txt>, \"data\\\\n\", [0-9]+\\) += 5\$" f.txt || fail "-y: read through the dup"
# Only what the program really has: its own 0, 1, 2 and 5, nothing of the recorder's.
"$DUMP" f.rn | awk '$1 == "F" { print $3 }' | sort -n | tr '\n' ' ' >fds.txt
assert_eq "$(cat fds.txt)" "0 1 2 5 " "inherited descriptors"
# The same under a seccomp filter (-e trace=write: execve is only bookkeeping).
rn-record -q -e trace=write -o w.rn -- sh -c 'echo hi' | cat >/dev/null
assert_match "$(rn-replay -y w.rn | head -n 1)" '^write\(1<pipe:\[[0-9]+\]>, "hi\\n", 3\) += 3$' "filtered -y"
echo "envp counted, inherited descriptors named"
