# The bpf backend's merge of its per-CPU rings keeps every thread's calls
# in order and the trace in time order: two threads pinned to two CPUs
# make 20000 close(B + k) calls each at the same time (tests/record/progs/
# cpumix.c); each thread's calls come back complete and in order, and the
# calls of both, interleaved, in order of their exit times (the merge key).
# The threads meet every 1000 calls (on a loaded machine one could make all
# its calls before the other got its CPU: 6 switches were seen with load 20,
# and the test failed below 2), so each of the 20 phases switches at least
# once.
. "$RN_ROOT/tests/lib.sh"
. "$RN_ROOT/tests/record/common.sh"
need_bpf
[ "$(nproc)" -ge 2 ] || skip "one CPU: no second ring to merge"

n=20000
rn-record --backend=bpf -f -o mix.rn -- "$PROGS/cpumix" $n 2>mix.err
rc=$?
[ $rc -ne 3 ] || skip "cannot pin a thread to the second CPU"
assert_eq "$rc" 0 "cpumix exit status"
[ ! -s mix.err ] || fail "rn-recorder said: $(cat mix.err)"
"$DUMP" mix.rn >mix.txt
assert_eq "$(awk '$1 == "L"' mix.txt | wc -l)" 0 "Loss events"

# Each thread: close(B), close(B + 1)... close(B + n - 1), nothing missing
# (a call shown whole or, when the other thread's came between its entry
# and exit, as "close(B + k <unfinished ...>").
rn-replay -f mix.rn >mix.out
awk -v n=$n '
	$2 ~ /^close\([12][0-9][0-9][0-9][0-9][0-9][0-9]([)]|$)/ {
		a = $2; sub(/^close\(/, "", a); sub(/[^0-9].*/, "", a); a += 0
		b = a >= 2000000 ? 2000000 : 1000000
		if (a != b + got[b]) { print "thread of " b ": close(" a ") after " got[b] " calls"; bad = 1; exit 1 }
		got[b]++
	}
	END { if (!bad && (got[1000000] != n || got[2000000] != n)) { print "calls: " got[1000000] ", " got[2000000]; exit 1 } }
' mix.out || fail "a thread's calls are missing or out of order"

# Both threads together: exit times never go back; the threads alternate.
awk '
	$1 == "S" && $4 == "close" && $5 == -9 {
		if ($8 < last) { print "exit time " $8 " after " last " (tid " $3 ")"; bad = 1; exit }
		last = $8
		if (tid && $3 != tid) switches++
		tid = $3; c++
	}
	END {
		if (bad)
			exit 1
		print c " calls, " switches + 0 " switches between the threads" >"mix.sw"
		if (switches < 20)
			exit 2
	}
' mix.txt
rc=$?
[ $rc -ne 1 ] || fail "the trace is not in time order"
[ $rc -eq 0 ] || fail "the two threads did not run at the same time: $(cat mix.sw)"
echo "merge across CPUs: $(cat mix.sw)"
