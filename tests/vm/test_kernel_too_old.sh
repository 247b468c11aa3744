# rn-record on x86_64 kernels the bpf backend cannot run on, booted under
# qemu: Ubuntu's generic 5.4 (focal: BTF, but no BPF ring buffers) and 5.8
# (focal's hardware-enablement series: ring buffers, but built without
# BTF). On each, --backend=bpf exits 1 with one line naming what the kernel
# lacks, --backend=auto falls back to ptrace with one line saying why and
# records, and --backend=ptrace records: each case exits as the program
# does and reads as the ptrace backend's recording of the same case on this
# machine (rn-replay -f, normalised). The kernel .debs are downloaded once
# into build/vm/cache (test_kernel_matrix.sh says how); without network
# the test is skipped, loudly.
. "$RN_ROOT/tests/lib.sh"
. "$RN_ROOT/tests/vm/common.sh"
. "$RN_ROOT/tests/vm/record_compare.sh"
vm_amd64_need
SOME="true forkexec threads captures filtered shell"

vm_cases_host host "$SOME"
for v in 5.4 5.8; do
	t0=$(date +%s)
	vm_kernel focal-updates amd64 "linux-$v=/^linux-image-unsigned-${v%.*}\\.${v#*.}\\.0-[0-9]+-generic\$"
	vm_cases "$VM_KERNEL" "g$v" "bpf auto ptrace" "$SOME"
	g=g$v/rec
	rel=$(sed -n 's/^kernel //p' "$g/env.txt")
	assert_match "$rel" "^$v\\.0-[0-9]+-generic$" "guest kernel"
	case $v in
	5.4)
		grep -qx "btf yes" "$g/env.txt" || fail "Ubuntu's 5.4 kernel has no BTF"
		lacks="needs BPF ring buffers: Linux 5.8 or later (this is $rel)"
		;;
	5.8)
		grep -qx "btf no" "$g/env.txt" || fail "Ubuntu's 5.8 kernel has BTF now: move it to test_kernel_matrix.sh"
		lacks="needs a kernel built with BTF (CONFIG_DEBUG_INFO_BTF; /sys/kernel/btf/vmlinux: No such file or directory)"
		;;
	esac
	for c in $SOME; do
		assert_eq "$(cat "$g/$c.bpf.rc")" 1 "$v $c: --backend=bpf's exit status"
		assert_eq "$(cat "$g/$c.bpf.err")" "rn-record: --backend=bpf: $lacks" "$v $c: --backend=bpf"
		[ ! -s "$g/$c.bpf.rn" ] || fail "$v $c: --backend=bpf left a trace"
		assert_eq "$(cat "$g/$c.auto.err")" "rn-record: using ptrace: bpf $lacks" "$v $c: auto's fallback line"
	done
	vm_cases_compare "$g" host "auto ptrace"
	assert_eq "$VM_NCASES" 6 "cases recorded on $v"
	grep -q '^[0-9]* *write(3, "hello' "$g/captures.auto.txt" || fail "no write data captured on $v"
	echo "rn-record on $rel: --backend=bpf: $lacks; auto and ptrace: $VM_NCASES cases as on $(uname -r) ($(($(date +%s) - t0)) s)"
done
