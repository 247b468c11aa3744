#!/bin/sh
# tests/vm/record_cases.sh: records the same programs with both backends, in
# a VM guest or on the host (the VM tests run it in both places and compare
# what rn-replay prints). Every program is static or busybox, at the same
# path in the guest as on the host.
# Usage: record_cases.sh RECORDER PROGDIR OUTDIR CWD [BACKENDS [CASES]]
# (CWD: the programs' working directory, made if missing and removed after:
# give the same path in both places, it shows in getcwd; BACKENDS: the
# --backend values, "bpf ptrace" by default, auto runs without -q so that
# its fallback line shows; CASES: the names of the cases to run, all by
# default)
# Leaves OUTDIR/NAME.BACKEND.rn, .rc (rn-record's exit status: the
# program's) and .err (rn-record's messages), and OUTDIR/env.txt (the
# kernel, its BTF). Exit 0 once every case ran, whatever the cases returned.
set -u
rec=$1 P=$2 out=$3 cwd=$4 backends=${5:-bpf ptrace} cases=${6:-}
mkdir -p "$out"
{
	echo "kernel $(uname -r)"
	if [ -r /sys/kernel/btf/vmlinux ]; then echo "btf yes"; else echo "btf no"; fi
} >"$out/env.txt"
mkdir -p "$cwd"
cd "$cwd" || exit 1
# rec NAME [rn-record options] -- COMMAND...: one case, both backends, with
# the same small environment here and there
rec() {
	name=$1 opts=""
	shift
	while [ "$1" != "--" ]; do
		opts="$opts $1"
		shift
	done
	shift
	case " ${cases:-$name} " in *" $name "*) ;; *) return 0 ;; esac
	for be in $backends; do
		q=-q
		[ "$be" != auto ] || q=""
		# shellcheck disable=SC2086
		env -i PATH=/bin "$rec" $q --backend=$be $opts -o "$out/$name.$be.rn" -- "$@" \
			>"$out/$name.$be.out" 2>"$out/$name.$be.err"
		echo $? >"$out/$name.$be.rc"
	done
}
rec true -- /bin/busybox true
rec forkexec -f -- "$P/forkexec" 3
rec threads -f -- "$P/threads" 3 20 2
rec vfork -f -- "$P/vforker" exit
rec execthr -f -- "$P/execthr" "$P/loop" 3
rec zombie -f -- "$P/zombie"
rec killmid -f -- "$P/killmid"
rec captures -s 64 -- "$P/fileio" 20
rec nodata --no-data -- "$P/fileio" 5
# iovecs in msghdrs (without bpf_loop before 5.17: the unrolled readers)
rec mmsg -- "$P/mmsgcap" 3
rec filtered -f -e trace=openat,close,execve,wait4,exit_group -- "$P/forkexec" 3
# (the reader ends well after the writer: the shell reaps them in that order)
rec shell -f -- /bin/busybox sh -c "/bin/busybox echo a; $P/loop 5 | { /bin/busybox wc -l; /bin/busybox sleep 0.2; }"
rec stack --stack -- "$P/loop" 1
cd / && rm -rf "$cwd"
