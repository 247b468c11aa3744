#!/bin/sh
# The clock resolution is a recorded fact (docs/format.md §4.4): a ptrace
# recording states 1000 ns in its header and every time it holds is a
# multiple of it (rn-export json: time_ns and unix_ns; rn-analyze summary
# prints its percentiles without sub-microsecond digits); --clock-res=1
# keeps the stop clock's nanoseconds; a bpf recording states 1 ns; a bad
# --clock-res is a usage error.
. "$RN_ROOT/tests/lib.sh"
. "$RN_ROOT/tests/record/common.sh"

header_res() { rn-export json "$1" | head -n 1 | sed -n 's/.*"clock_res_ns":\([0-9]*\).*/\1/p'; }

rn-record -q --backend=ptrace -o us.rn -- "$PROGS/loop" 2000 || fail "rn-record failed"
assert_eq "$(header_res us.rn)" 1000 "ptrace clock resolution"
rn-export json us.rn | tail -n +2 >us.json
n=$(grep -c '"time_ns"' us.json)
[ "$n" -gt 2000 ] || fail "too few events ($n)"
assert_eq "$(grep -c '"time_ns":[0-9]*000,"unix_ns":[0-9]*000,' us.json)" "$n" \
	"times that are multiples of 1 us"
grep -q '"duration_ns":[0-9]*[1-9][0-9]\{0,2\},' us.json && fail "a duration below 1 us resolution"
rn-analyze summary us.rn >us.sum || fail "rn-analyze summary failed"
assert_match "$(grep ' getppid$' us.sum)" "^ *[0-9.]+ +[0-9.]+ +[0-9]+ +[0-9]+\.[0-9]{3}( +[0-9]+){6}  getppid$" \
	"summary: avg with 3 decimals, recorded values without"

rn-record -q --backend=ptrace --clock-res=1 -o ns.rn -- "$PROGS/loop" 2000 || fail "rn-record --clock-res=1 failed"
assert_eq "$(header_res ns.rn)" 1 "--clock-res=1"
rn-export json ns.rn | tail -n +2 | grep -q '"time_ns":[0-9]*[1-9][0-9]\{0,2\},' ||
	fail "--clock-res=1 kept no nanoseconds"

assert_exit 2 rn-record --clock-res=0 -- /bin/true 2>bad.err
assert_match "$(head -n 1 bad.err)" "^rn-record: invalid --clock-res '0'" "bad --clock-res"

if [ -r /sys/kernel/btf/vmlinux ] && [ "$(id -u)" = 0 ] &&
	rn-record -q --backend=bpf -o bpf.rn -- "$PROGS/loop" 100 2>/dev/null; then
	assert_eq "$(header_res bpf.rn)" 1 "bpf clock resolution"
else
	echo "bpf backend not usable here: its resolution unchecked"
fi
echo "clock resolution: ptrace 1000 ns, --clock-res=1, bpf 1 ns"
