# rn-record on Debian 11's kernel (5.10, with BTF), booted under qemu: both
# backends on fork/exec chains, threads, vfork, exec from a thread, a
# zombie leader, a child killed in read, captures (-s, --no-data), -e trace=
# and --stack. The bpf backend loads there without bpf_loop (5.17),
# bpf_get_current_task_btf (5.11), bpf_find_vma (5.17) and callbacks (5.13);
# what it records must equal the ptrace backend's recording in the same VM,
# and each backend's recording must equal the same run on this machine's
# kernel (rn-replay -f, up to values that vary: tests/record/norm_replay.py),
# exit statuses included; --stack's call sites resolve to the source line.
# Then rn-record on processes it did not start (tests/vm/scope_cases.sh):
# -p on a busy loop with each backend (bpf never stops it, ptrace does; it
# runs on after the detach), -a beside two loops (rn-record's own calls
# left out), --cgroup (the loop inside recorded, the one outside not) and
# -p on a process whose last thread is one not traced (its end recorded
# all the same, with the status the kernel gives: groupend lastgrp).
# The kernel .deb is downloaded once into build/vm/cache; without network
# the test is skipped, loudly.
. "$RN_ROOT/tests/lib.sh"
. "$RN_ROOT/tests/vm/common.sh"
. "$RN_ROOT/tests/vm/record_compare.sh"
. "$RN_ROOT/tests/vm/scope_check.sh"
vm_amd64_need
vm_kernel bullseye amd64

# The guest: the same binaries at the same paths as here.
vm_cases "$VM_KERNEL" guest "bpf ptrace" "" p.bpf p.ptrace all cgroup end.bpf end.ptrace
g=guest/rec
assert_match "$(cat $g/env.txt)" "^kernel 5\.10\." "guest kernel"
grep -qx "btf yes" $g/env.txt || fail "Debian 11's kernel has no /sys/kernel/btf/vmlinux"
# This machine: the same cases.
h=host
vm_cases_host $h
vm_cases_compare $g $h "bpf ptrace"
n=$VM_NCASES
assert_eq "$n" 13 "cases recorded in the VM"
# Captured data really is there: fileio's writes and reads, -s 64.
grep -q '^[0-9]* *write(3, "hello' $g/captures.bpf.txt || fail "no write data captured with bpf on 5.10"
grep -q '^[0-9]* *pread64(3, "hello' $g/captures.bpf.txt || fail "no read data captured with bpf on 5.10"
grep -q 'recvmmsg(.*iov_base="' $g/mmsg.bpf.txt || fail "no recvmmsg iovec captured with bpf on 5.10"
# --stack: the bpf backend found the program's code mapping in the VMA
# tree (no bpf_find_vma before 5.17) as the ptrace backend reads it from
# /proc, in a program too short-lived for /proc to be read after the fact
# (no loss: compared above), and the call site is found from it.
for be in bpf ptrace; do
	"$RN_BUILD/tests/record/rn-dump" $g/stack.$be.rn | awk '$1 == "M" { print $3, $4, $5, $6, $7, $8 }' >$be.maps
done
grep -q "progs/loop [0-9a-f]\{40\}$" bpf.maps || fail "--stack on 5.10: no mapping of the program: $(cat bpf.maps)"
diff ptrace.maps bpf.maps >&2 || fail "--stack on 5.10: other mappings with bpf"
for be in bpf ptrace; do
	site=$(rn-analyze summary --by source --frames 2 -e trace=getppid $g/stack.$be.rn | sed -n 3p)
	assert_match "$site" " 1 .*__getppid \(loop\) <- loop\.c:[0-9]+ in main" "$be --stack call site on 5.10"
done
echo "rn-record on $(head -n 1 $g/env.txt): $n cases, both backends, same as on $(uname -r)"
# Processes rn-record did not start: -p on a busy loop (bpf never stops it,
# ptrace does), -a and --cgroup.
vm_scope_check guest/scope 5.10 p.bpf p.ptrace all cgroup end.bpf end.ptrace
