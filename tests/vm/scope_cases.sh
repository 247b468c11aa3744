#!/bin/sh
# tests/vm/scope_cases.sh: rn-record on processes it did not start, in a VM
# guest (the host checks what comes back: tests/vm/scope_check.sh). Every
# program is static, at the same path in the guest as on the host.
# Usage: scope_cases.sh RECORDER PROGDIR OUTDIR SCOPE...
#   p.BACKEND  -p on a running busy loop (tests/record/progs/ticker)
#              with --backend=BACKEND: attached once it runs, detached
#              with SIGINT after a second; the loop must run on, and under
#              bpf never be stopped (its voluntary context switches, read
#              from /proc before the attach and after the detach)
#   all        -a --duration 1500ms beside two slow loops started before
#   cgroup     --cgroup on a fresh cgroup (v2, mounted if it is not) holding
#              one slow loop, another one outside it
#   end.BACKEND -p (without -f) on tests/record/progs/groupend lastgrp: its
#              main thread ends alone, then a thread started after the
#              attach (not traced) calls exit_group(5); rn-record must end
#              by itself with the process's end
# Leaves OUTDIR/SCOPE.rn, .rc (rn-record's exit status), .err, .pids (the
# loops' pids, and rn-record's) and, for p.*, .ticker (the loop's output),
# .switches (the loop's voluntary switches before and after), .alive
# (after the detach) and .tracer (TracerPid while attached); for end.*,
# .status (groupend's exit status).
# Exit 0 once every scope ran, whatever happened in them.
set -u
rec=$1 P=$2 out=$3
shift 3
mkdir -p "$out"
# wait_for FILE REGEX: until FILE has a line matching REGEX (60 s at most)
wait_for() {
	i=0
	while ! grep -q "$2" "$1" 2>/dev/null; do
		[ $i -lt 600 ] || return 1
		sleep 0.1
		i=$((i + 1))
	done
}
# vcs PID: the voluntary context switches of PID (a ptrace stop is one; a
# busy loop otherwise makes none)
vcs() {
	sed -n 's/^voluntary_ctxt_switches:[[:space:]]*//p' "/proc/$1/status"
}
# slow: a loop that sleeps 1 ms between its calls (the guest has one CPU)
slow() {
	"$P/ticker" 600 1000 >/dev/null &
}
# scoped A B SCOPE-ARGS...: rn-record SCOPE-ARGS for 1.5 s while the loops
# of pids A and B run, then the loops ended; .rc and .pids written
scoped() {
	a=$1 b=$2
	shift 2
	"$rec" "$@" --duration 1500ms -o "$o.rn" 2>"$o.err" &
	r=$!
	wait $r
	echo $? >"$o.rc"
	kill $a $b
	wait $a $b 2>/dev/null
	echo "$a $b $r" >"$o.pids"
}
for s in "$@"; do
	o=$out/$s
	case $s in
	p.*)
		"$P/ticker" 600 >"$o.ticker" &
		tk=$!
		wait_for "$o.ticker" ready
		vcs "$tk" >"$o.switches"
		"$rec" --backend="${s#p.}" -o "$o.rn" -p $tk 2>"$o.err" &
		r=$!
		if [ "$s" = p.bpf ]; then wait_for "$o.err" "attached to 1 process"; fi
		sleep 1
		grep '^TracerPid:' /proc/$tk/status >"$o.tracer"
		kill -INT $r
		wait $r
		echo $? >"$o.rc"
		vcs "$tk" >>"$o.switches"
		if kill -0 $tk 2>/dev/null; then echo yes; else echo no; fi >"$o.alive"
		kill $tk
		wait $tk 2>/dev/null
		echo "$tk $r" >"$o.pids"
		;;
	end.*)
		rm -f "$o.gate"
		mkfifo "$o.gate"
		exec 3<>"$o.gate"
		"$P/groupend" lastgrp <"$o.gate" >/dev/null &
		g=$!
		"$rec" --backend="${s#end.}" -o "$o.rn" -p $g 2>"$o.err" &
		r=$!
		if [ "$s" = end.bpf ]; then
			wait_for "$o.err" "attached to 1 process"
		else
			i=0
			while grep -q '^TracerPid:[[:space:]]*0$' /proc/$g/status && [ $i -lt 600 ]; do
				sleep 0.1
				i=$((i + 1))
			done
		fi
		echo g >&3
		wait $g
		echo $? >"$o.status"
		wait $r
		echo $? >"$o.rc"
		exec 3>&-
		echo "$g $r" >"$o.pids"
		;;
	all)
		slow
		t1=$!
		slow
		t2=$!
		scoped $t1 $t2 -a
		;;
	cgroup)
		cg2=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/mounts)
		if [ -z "$cg2" ]; then
			cg2=/tmp/cg2
			mkdir -p $cg2 && mount -t cgroup2 none $cg2
		fi
		cg=$cg2/rn-scope
		mkdir -p "$cg"
		sh -c "echo \$\$ >'$cg/cgroup.procs' && exec '$P/ticker' 600 1000" >/dev/null &
		in=$!
		slow
		outside=$!
		wait_for "$cg/cgroup.procs" "^$in\$"
		scoped $in $outside --cgroup "$cg"
		;;
	esac
done
exit 0
