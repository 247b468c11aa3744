# tests/vm/common.sh: shared by the VM tests (sourced after tests/lib.sh):
# the download cache, kernels by release and architecture, and what
# the host needs to boot them. A download that fails skips the test loudly
# (a banner on stderr and the skip line); nothing is fetched twice.
VM_DIR="$RN_ROOT/tests/vm"
VM_CACHE="${RN_VM_CACHE:-$RN_BUILD/vm/cache}"

# vm_need QEMU: skips unless QEMU, cpio and a static busybox are here.
vm_need() {
	need_cmd "$1" cpio
	[ -x "${VM_BUSYBOX:-/bin/busybox}" ] || skip "no static busybox (Debian: busybox-static)"
}

# vm_kernel DIST DEBARCH [SPEC]: sets VM_KERNEL to the kernel image of
# release DIST for DEBARCH, downloaded into $VM_CACHE once: Debian's
# linux-image-DEBARCH's kernel, or the package vm_fetch.sh's SPEC names
# (NAME=/REGEX: an Ubuntu kernel series). Skips loudly when it cannot be
# fetched.
vm_kernel() {
	d=$(sh "$VM_DIR/vm_fetch.sh" "$VM_CACHE" "$1" "$2" "${3:-kernel=linux-image-$2}" 2>vm_fetch.err) || {
		echo "######## SKIPPED: cannot download $1's $2 kernel${3:+ ${3%%=*}}: $(cat vm_fetch.err)" >&2
		skip "no network for $1's $2 kernel${3:+ ${3%%=*}}: $(cat vm_fetch.err)"
	}
	VM_KERNEL=""
	for k in "$d"/boot/vmlinuz-*; do
		[ -f "$k" ] && VM_KERNEL=$k
	done
	[ -n "$VM_KERNEL" ] || fail "no boot/vmlinuz-* in $d"
}
