# rn-record on Ubuntu's generic x86_64 kernels 5.11, 5.13 and 5.15 (focal's
# hardware-enablement series, with BTF), each booted under qemu: the
# kernels between Debian 11's 5.10 (test_kernel_510.sh) and the 5.17 that
# brings bpf_loop and bpf_find_vma. 5.11 is the first with
# bpf_get_current_task_btf and task-local storage: it runs every case of
# tests/vm/record_cases.sh, and bpf's -p, -a and --cgroup as the 5.10
# guest does (tests/vm/scope_cases.sh); 5.13 (callbacks) and 5.15 a smaller set
# (start-up, fork/exec, threads, captures, iovecs in msghdrs, -e trace=,
# --stack). Each case under both backends must exit as the program does,
# say nothing, read as the other backend's recording in the same guest and
# as the same backend's recording on this machine (rn-replay -f,
# normalised); --stack's call site resolves to its source line. The kernel
# .debs are downloaded once into build/vm/cache (Ubuntu's archive, checked
# with Ubuntu's keys from Debian's ubuntu-keyring); without network the
# test is skipped, loudly. (Ubuntu's 5.8 kernels have no BTF, and 5.4 no
# ring buffers: test_kernel_too_old.sh.)
. "$RN_ROOT/tests/lib.sh"
. "$RN_ROOT/tests/vm/common.sh"
. "$RN_ROOT/tests/vm/record_compare.sh"
. "$RN_ROOT/tests/vm/scope_check.sh"
vm_amd64_need
SOME="true forkexec threads captures mmsg filtered stack"

# This machine: every case, once.
vm_cases_host host
for v in 5.11 5.13 5.15; do
	t0=$(date +%s)
	vm_kernel focal-updates amd64 "linux-$v=/^linux-image-unsigned-${v%.*}\\.${v#*.}\\.0-[0-9]+-generic\$"
	if [ "$v" = 5.11 ]; then
		vm_cases "$VM_KERNEL" "g$v" "bpf ptrace" "" p.bpf all cgroup end.bpf
	else
		vm_cases "$VM_KERNEL" "g$v" "bpf ptrace" "$SOME"
	fi
	g=g$v/rec
	assert_match "$(cat "$g/env.txt")" "^kernel $v\\.0-[0-9]+-generic" "guest kernel"
	grep -qx "btf yes" "$g/env.txt" || fail "Ubuntu's $v kernel has no /sys/kernel/btf/vmlinux"
	vm_cases_compare "$g" host "bpf ptrace"
	want=7
	[ "$v" != 5.11 ] || want=13
	assert_eq "$VM_NCASES" "$want" "cases recorded on $v"
	grep -q '^[0-9]* *write(3, "hello' "$g/captures.bpf.txt" || fail "no write data captured with bpf on $v"
	grep -q 'recvmmsg(.*iov_base="' "$g/mmsg.bpf.txt" || fail "no recvmmsg iovec captured with bpf on $v"
	site=$(rn-analyze summary --by source --frames 2 -e trace=getppid "$g/stack.bpf.rn" | sed -n 3p)
	assert_match "$site" " 1 .*__getppid \(loop\) <- loop\.c:[0-9]+ in main" "bpf --stack call site on $v"
	[ "$v" != 5.11 ] || vm_scope_check "g$v/scope" "$v" p.bpf all cgroup end.bpf
	echo "rn-record on $(head -n 1 "$g/env.txt"): $VM_NCASES cases, both backends, same as on $(uname -r) ($(($(date +%s) - t0)) s)"
done
