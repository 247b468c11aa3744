#!/bin/sh
# tests/vm/vm_run.sh: boots a Linux kernel under qemu (TCG: no KVM needed)
# with an initramfs holding a static busybox, the files given with --add and
# a script; runs the script as root in the guest and prints what it printed,
# exits with its exit status. Files the script writes into $OUT (/out in the
# guest) come back into --out DIR. The architecture is a parameter: --arch
# picks the qemu binary, machine, CPU and console, each can be overridden.
# Usage: vm_run.sh --kernel IMAGE [options] SCRIPT [ARG...]
#   --arch x86_64|aarch64  defaults for the options below (x86_64)
#   --qemu BIN --machine M --cpu C --console TTY   (qemu-system-ARCH, ...)
#   --busybox FILE   a static busybox for the guest's architecture
#                    (default /bin/busybox, Debian's busybox-static)
#   --add SRC[:DEST] a file or directory into the guest (default DEST:
#                    /rn/NAME; /rn is on the guest's PATH); repeatable
#   --out DIR        receives the files the script left in $OUT
#   --log FILE       the whole serial console (kernel messages included)
#   --mem MB (512)  --smp N (1: under load here a run of tests/vm/
#   record_cases.sh took 55 s with 1, 73 s with 2)  --timeout SECS (600)
#   --append ARGS
# Exit: the script's status; 124 when the VM did not finish in time; 125
# when the harness itself failed (bad usage, no qemu, the guest never ran
# the script), with one line saying why.
set -eu
die() {
	echo "vm_run: $*" >&2
	exit 125
}
arch=x86_64 kernel="" qemu="" machine="" cpu="" console="" busybox=/bin/busybox
out="" log="" mem=512 smp=1 tmo=600 append="" adds=""
nl='
'
while [ $# -gt 0 ]; do
	case $1 in
	--arch | --kernel | --qemu | --machine | --cpu | --console | --busybox | --add | --out | --log | --mem | --smp | --timeout | --append)
		[ $# -ge 2 ] || die "$1 needs a value"
		v=$2
		case $1 in
		--arch) arch=$v ;;
		--kernel) kernel=$v ;;
		--qemu) qemu=$v ;;
		--machine) machine=$v ;;
		--cpu) cpu=$v ;;
		--console) console=$v ;;
		--busybox) busybox=$v ;;
		--add) adds="$adds$v$nl" ;;
		--out) out=$v ;;
		--log) log=$v ;;
		--mem) mem=$v ;;
		--smp) smp=$v ;;
		--timeout) tmo=$v ;;
		--append) append=$v ;;
		esac
		shift 2
		;;
	--) shift; break ;;
	-*) die "unknown option $1" ;;
	*) break ;;
	esac
done
[ $# -ge 1 ] || die "usage: vm_run.sh --kernel IMAGE [options] SCRIPT [ARG...]"
script=$1
shift
[ -f "$script" ] || die "no script $script"
[ -f "$kernel" ] || die "no kernel image (--kernel): '$kernel'"
[ -x "$busybox" ] || die "no static busybox at $busybox (--busybox)"
case $arch in
x86_64) d_qemu=qemu-system-x86_64 d_machine=pc d_cpu=max d_console=ttyS0 ;;
aarch64) d_qemu=qemu-system-aarch64 d_machine=virt d_cpu=max d_console=ttyAMA0 ;;
*) die "unknown --arch $arch (x86_64, aarch64; or give --qemu, --machine, --cpu, --console)" ;;
esac
: "${qemu:=$d_qemu}" "${machine:=$d_machine}" "${cpu:=$d_cpu}" "${console:=$d_console}"
command -v "$qemu" >/dev/null || die "no $qemu (Debian: qemu-system-x86 / qemu-system-arm)"
command -v cpio >/dev/null || die "no cpio"

work=$(mktemp -d "${TMPDIR:-/tmp}/rn-vm.XXXXXX")
trap 'rm -rf "$work"' EXIT
root=$work/root
# merged /usr, as Debian has it: /bin/busybox runs as /usr/bin/busybox
# (its /proc/self/exe) in the guest as on the host
mkdir -p "$root/usr/bin" "$root/usr/sbin" "$root/rn" \
	"$root/proc" "$root/sys" "$root/dev" "$root/tmp" "$root/out" "$root/etc"
ln -s usr/bin "$root/bin"
ln -s usr/sbin "$root/sbin"
cp "$busybox" "$root/usr/bin/busybox"
ln -s busybox "$root/usr/bin/sh"
echo "root:x:0:0:root:/:/bin/sh" >"$root/etc/passwd"
echo "root:x:0:" >"$root/etc/group"
printf '%s' "$adds" | while IFS= read -r a; do
	[ -n "$a" ] || continue
	src=${a%%:*}
	dst=/rn/$(basename "$src")
	[ "$src" = "$a" ] || dst=${a#*:}
	[ -e "$src" ] || die "--add: no $src"
	mkdir -p "$root$(dirname "$dst")"
	cp -a "$src" "$root$dst"
done
cp "$script" "$root/script"
# the script's arguments, quoted for the guest's sh
: >"$root/args"
for a in "$@"; do
	printf "'%s' " "$(printf '%s' "$a" | sed "s/'/'\\\\''/g")" >>"$root/args"
done
cat >"$root/init" <<'INIT'
#!/bin/sh
/bin/busybox --install -s
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
# no tmpfs over /tmp: the root is already writable memory, and files the
# harness added under /tmp (a checkout in /tmp, as in CI) must stay visible
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
export PATH=/rn:/bin:/sbin:/usr/bin:/usr/sbin HOME=/ OUT=/out TMPDIR=/tmp
cd /tmp
echo "@@RN-VM-BEGIN@@"
eval "set -- $(cat /args)"
sh /script "$@" </dev/null 2>&1
rc=$?
echo "@@RN-VM-END $rc@@"
if [ -n "$(ls /out)" ]; then
	echo "@@RN-VM-OUT@@"
	tar -C /out -cf - . | gzip -1 | base64
	echo "@@RN-VM-OUT-END@@"
fi
sync
poweroff -f
INIT
chmod 755 "$root/init" "$root/script"
(cd "$root" && find . | cpio -o -H newc -R 0:0 --quiet | gzip -1) >"$work/initrd.gz"

con=$work/console
set +e
# shellcheck disable=SC2086
timeout --kill-after=5 "$tmo" "$qemu" -M "$machine" -cpu "$cpu" -accel tcg -m "$mem" -smp "$smp" \
	-nodefaults -display none -no-reboot -monitor none -serial "file:$con" \
	-kernel "$kernel" -initrd "$work/initrd.gz" \
	-append "console=$console loglevel=1 panic=-1 rdinit=/init $append" </dev/null >"$work/qemu.out" 2>&1
qrc=$?
set -e
tr -d '\r' <"$con" >"$work/console.txt" 2>/dev/null || : >"$work/console.txt"
[ -z "$log" ] || cp "$work/console.txt" "$log"
awk '/^@@RN-VM-END /{exit} f{print} /^@@RN-VM-BEGIN@@$/{f=1}' "$work/console.txt"
rc=$(sed -n 's/^@@RN-VM-END \([0-9]*\)@@$/\1/p' "$work/console.txt")
if [ -z "$rc" ]; then
	if [ $qrc -eq 124 ] || [ $qrc -eq 137 ]; then
		echo "vm_run: the VM did not finish in ${tmo}s" >&2
		exit 124
	fi
	echo "vm_run: the guest did not run the script to the end (qemu exit $qrc): $(cat "$work/qemu.out")" >&2
	tail -n 20 "$work/console.txt" >&2
	exit 125
fi
if [ -n "$out" ] && grep -q '^@@RN-VM-OUT@@$' "$work/console.txt"; then
	mkdir -p "$out"
	awk '/^@@RN-VM-OUT-END@@$/{exit} f{print} /^@@RN-VM-OUT@@$/{f=1}' "$work/console.txt" |
		base64 -d | tar -C "$out" -xzf - || die "the files of \$OUT came back damaged"
fi
exit "$rc"
