# The bpf backend's start-up (docs/recording.md, "Start-up"): the programs
# are verified on two threads (record/rn_record_bpf_split.c: the two
# parts programs, rn_exit_cap and rn_enter_cap in a second copy of the object) and record the same calls as
# when all are loaded on one (RN_BPF_NO_SPLIT=1); the rings are mapped by
# the rings thread; RN_BPF_TIMES=1 prints every phase (bench/record/startup.py
# reads them), and nothing without it.
. "$RN_ROOT/tests/lib.sh"
. "$RN_ROOT/tests/record/common.sh"
need_bpf
need_cmd strace

# two threads load tracing programs, and they share the work (LeakSanitizer
# cannot run under strace: off for this one run of a SANITIZE=1 build)
ASAN_OPTIONS=detect_leaks=0 strace -f -qq -e trace=bpf -o s.txt rn-record -q --backend=bpf -o split.rn -- /bin/true ||
	fail "recording under strace failed"
grep 'BPF_PROG_LOAD' s.txt | grep 'BPF_PROG_TYPE_TRACING' | awk '{print $1}' | sort | uniq -c >loaders.txt
[ "$(wc -l <loaders.txt)" -eq 2 ] || fail "programs not loaded on two threads: $(cat loaders.txt)"
awk '$1 < 2 { exit 1 }' loaders.txt || fail "a thread loaded fewer than 2 programs: $(cat loaders.txt)"
grep 'prog_name="rn_exit_parts_c' s.txt | awk '{print $1}' >parts.pid
grep 'prog_name="rn_sys_enter"' s.txt | awk '{print $1}' >enter.pid
[ -s parts.pid ] && [ -s enter.pid ] || fail "rn_exit_parts_cb or rn_sys_enter not loaded"
cmp -s parts.pid enter.pid && fail "the moved programs were loaded on the main thread"
# rn_exit_cap too: with the parts programs alone the copy was done 3-8 ms
# before the main object, whose verifier was the long pole
grep 'prog_name="rn_exit_cap"' s.txt | awk '{print $1}' >cap.pid
cmp -s cap.pid parts.pid || fail "rn_exit_cap not loaded on the copy's thread with the parts programs"

# no program is loaded twice (a load that failed and was done again, e.g.
# the early map gate below letting libbpf read the kernel types too soon)
grep 'BPF_PROG_LOAD' s.txt | grep 'BPF_PROG_TYPE_TRACING' | grep -o 'prog_name="[^"]*"' | sort | uniq -d >twice.txt
[ ! -s twice.txt ] || fail "programs loaded twice: $(cat twice.txt)"

# rn_tidmap has a byte per thread id below pid_max (rounded up to a power
# of two, a page at least), not the 4 MiB of PID_MAX_LIMIT zeroed at
# every start (32 KiB where pid_max is 32768)
pm=$(cat /proc/sys/kernel/pid_max)
want=4096
while [ "$want" -lt "$pm" ] && [ "$want" -lt 4194304 ]; do want=$((want * 2)); done
grep 'BPF_MAP_CREATE' s.txt | grep 'map_name="rn_tidmap"' | grep -q "value_size=$want," ||
	fail "rn_tidmap not sized from pid_max $pm ($want bytes): $(grep 'map_name="rn_tidmap"' s.txt | grep -o 'value_size=[0-9]*')"

# the capture reads are global functions, checked once per program
# (record/bpf/rn_bpf_iov.h, rn_read_slot, rn_read_part_*): where bpf_loop
# is there, rn_exit_parts_cb walks ~2,400 instructions (5,491 with the
# reads inlined; Linux 6.18)
RN_BPF_STATS=1 RN_BPF_DEBUG=1 rn-record -q --backend=bpf -o st.rn -- /bin/true 2>stats.txt ||
	fail "RN_BPF_STATS run failed"
walked=$(awk '/prog .rn_exit_parts_cb.: -- BEGIN PROG LOAD LOG/ { p = 1 } p && /^processed/ { print $2; exit }' stats.txt)
if [ -n "$walked" ]; then
	[ "$walked" -lt 3500 ] || fail "rn_exit_parts_cb: the verifier walked $walked instructions (reads inlined?)"
fi

# libbpf makes the maps while the kernel types are still being made
# (record/rn_record_bpf_early.c, with Debian 12's libbpf 1.1): load.maps
# ends before core_btf (the wait for them, inside the load); with
# RN_BPF_LATE_MAPS=1 after it, as before
order() { grep -o 'phase \(load.maps\|core_btf\) ' "$1" | awk '{printf "%s ", $2}'; }
RN_BPF_TIMES=1 rn-record -q --backend=bpf -o e.rn -- /bin/true 2>early.txt || fail "early run failed"
RN_BPF_TIMES=1 RN_BPF_LATE_MAPS=1 rn-record -q --backend=bpf -o l.rn -- /bin/true 2>late.txt ||
	fail "RN_BPF_LATE_MAPS run failed"
if pkg-config --modversion libbpf 2>/dev/null | grep -q '^1\.[01]\.'; then
	[ "$(order early.txt)" = "load.maps core_btf " ] ||
		fail "the maps were not made before the kernel types were waited for: $(order early.txt)"
fi
[ "$(order late.txt)" = "core_btf load.maps " ] || fail "RN_BPF_LATE_MAPS: $(order late.txt)"

# both ways record the same calls, captures included (argv strings at the
# exec, msghdr and iovec vectors of sendmmsg/recvmmsg: the moved programs')
for how in split one; do
	if [ $how = one ]; then export RN_BPF_NO_SPLIT=1; fi
	rn-record -q --backend=bpf -o $how.rn -- "$RN_BUILD/tests/record/progs/mmsgcap" 3 >/dev/null ||
		fail "$how: recording failed"
	unset RN_BPF_NO_SPLIT
	# (masked: addresses, the environment's size (RN_BPF_NO_SPLIT is in
	# it), the pid, getrandom's bytes)
	rn-replay $how.rn | sed 's/0x[0-9a-f]*/ADDR/g; s/[0-9]* vars/N vars/;
		s/^\(set_tid_address.*= \)[0-9]*$/\1PID/; s/^getrandom("[^"]*"/getrandom(BYTES/' >$how.txt
done
grep -q 'sendmmsg(.*iov_base="' one.txt || fail "no sendmmsg with its iovec captured"
grep -q 'execve(".*mmsgcap", \[.*, "3"\]' one.txt || fail "no execve with its argv"
diff one.txt split.txt >&2 || fail "the calls recorded differ with the programs loaded on one thread"

# RN_BPF_TIMES=1: one line per phase, in order, with numbers; none without it
RN_BPF_TIMES=1 rn-record -q --backend=bpf -o t.rn -- /bin/true 2>times.txt || fail "RN_BPF_TIMES run failed"
for ph in begin checks probes open core_btf load.main load.progs tables rings_map fork out_open attach run out_close; do
	grep -Eq "^rn-record: phase $ph [0-9]+ [0-9]+ [0-9]+$" times.txt || fail "phase $ph missing: $(cat times.txt)"
done
[ "$(grep -c 'phase' times.txt)" -eq "$(grep -c . times.txt)" ] || fail "other lines on stderr: $(cat times.txt)"
# the rings are mapped beside the load: taking them costs next to nothing
# (CPU, not wall: a preempted phase is not a slow one)
awk '$3 == "rings_map" && $6 > 500000 { exit 1 }' times.txt ||
	fail "rings_map took over 0.5 ms of CPU: the rings were mapped on the main thread"
rn-record -q --backend=bpf -o t.rn -- /bin/true 2>quiet.txt || fail "plain run failed"
[ ! -s quiet.txt ] || fail "phases printed without RN_BPF_TIMES: $(cat quiet.txt)"
echo "verified on two threads, same calls as on one, phases printed only when asked"
