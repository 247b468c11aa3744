# tests/vm/scope_check.sh: sourced by the VM tests (after tests/lib.sh):
# checks on this machine what tests/vm/scope_cases.sh recorded in a guest,
# with rn-dump (tests/record/rn_dump.c) and rn-replay.
VM_DUMP="$RN_BUILD/tests/record/rn-dump"

# vm_calls DUMP PID NAME: PID's completed NAME calls in an rn-dump listing
vm_calls() {
	awk -v p="$2" -v n="$3" '$1 == "S" && $2 == p && $4 == n && int($6 / 8) % 2 == 0 { c++ }
		END { print c + 0 }' "$1"
}

# vm_scope_check DIR WHERE SCOPE...: DIR holds scope_cases.sh's files for
# each SCOPE; WHERE names the guest in messages.
vm_scope_check() {
	d=$1 where=$2
	shift 2
	[ -x "$VM_DUMP" ] || fail "no $VM_DUMP"
	for s in "$@"; do
		o=$d/$s
		[ -f "$o.rc" ] || fail "$where $s: did not run"
		assert_eq "$(cat "$o.rc")" 0 "$where $s: rn-record's exit status ($(cat "$o.err"))"
		rn-replay "$o.rn" >"$o.txt" || fail "$where $s: rn-replay failed"
		"$VM_DUMP" "$o.rn" >"$o.dump" || fail "$where $s: rn-dump failed"
		read -r a b c <"$o.pids"
		case $s in
		p.*)
			be=${s#p.}
			assert_eq "$(cat "$o.alive")" yes "$where -p --backend=$be: the loop runs on after the detach"
			vol=$(awk 'NR == 1 { a = $1 } NR == 2 { print $1 - a }' "$o.switches")
			assert_eq "$(awk -v p="$a" '$1 == "P" && $2 == 7 && $3 == p' "$o.dump" | wc -l)" 1 "$where -p --backend=$be: attach event"
			assert_eq "$(awk -v p="$a" '$1 == "P" && $2 == 8 && $3 == p' "$o.dump" | wc -l)" 1 "$where -p --backend=$be: detach event (the loop ran past it)"
			assert_match "$(awk -v p="$a" '$1 == "N" && $2 == p' "$o.dump")" "^N $a [0-9]+ .*/ticker\\|600 " "$where -p --backend=$be: the loop's identity"
			n=$(vm_calls "$o.dump" "$a" getrusage)
			[ "$n" -ge 10 ] || fail "$where -p --backend=$be: $n getrusage calls in a second"
			if [ "$be" = bpf ]; then
				assert_eq "$(cat "$o.err")" "rn-record: attached to 1 process without stopping it (bpf backend); SIGINT or SIGTERM detaches" "$where -p --backend=bpf"
				assert_eq "$(tr -d ' \t' <"$o.tracer")" "TracerPid:0" "$where -p --backend=bpf: traced without ptrace"
				assert_eq "$vol" 0 "$where -p --backend=bpf: the loop's voluntary switches (a stop is one)"
			else
				# (ptrace stops the loop at least once for each call it records)
				[ "$vol" -ge "$n" ] || fail "$where -p --backend=ptrace: the detector saw $vol stops for $n calls"
				assert_eq "$(tr -d ' \t' <"$o.tracer")" "TracerPid:$b" "$where -p --backend=ptrace: traced by rn-record"
			fi
			echo "$where -p --backend=$be: $n calls; the loop switched out voluntarily $vol times"
			;;
		end.*)
			assert_eq "$(cat "$o.status")" 5 "$where $s: groupend lastgrp's status"
			assert_match "$(tail -n 2 "$o.txt" | head -n 1)" '^exit\(0\) += \?$' "$where $s: the main thread's exit"
			assert_eq "$(tail -n 1 "$o.txt")" "+++ exited with 5 +++" "$where $s: the process's end (its last thread not traced)"
			echo "$where $s: ends with +++ exited with 5 +++"
			;;
		all)
			assert_match "$(head -n 1 "$o.err")" "^rn-record: recording every process \\(bpf backend\\) for 1.5 s" "$where -a"
			for t in "$a" "$b"; do
				assert_match "$(awk -v p="$t" '$1 == "N" && $2 == p' "$o.dump")" "^N $t [0-9]+ .*/ticker\\|600\\|1000 " "$where -a: snapshot of $t"
				n=$(vm_calls "$o.dump" "$t" getrusage)
				[ "$n" -ge 20 ] || fail "$where -a: $n getrusage calls of $t"
			done
			assert_eq "$(awk -v p="$c" '($1 == "S" || $1 == "N") && $2 == p' "$o.dump" | wc -l)" 0 "$where -a: rn-record's own calls"
			echo "$where -a: $(awk '$1 == "N"' "$o.dump" | wc -l) processes, $(awk '$1 == "S"' "$o.dump" | wc -l) calls"
			;;
		cgroup)
			assert_match "$(head -n 1 "$o.err")" "^rn-record: recording cgroup .*/rn-scope \\(bpf backend\\) for 1.5 s" "$where --cgroup"
			assert_match "$(awk -v p="$a" '$1 == "N" && $2 == p' "$o.dump")" "^N $a [0-9]+ .*/ticker\\|600\\|1000 " "$where --cgroup: snapshot inside"
			n=$(vm_calls "$o.dump" "$a" getrusage)
			[ "$n" -ge 20 ] || fail "$where --cgroup: $n getrusage calls inside the cgroup"
			assert_eq "$(awk -v p="$a" '$1 != "H" && $1 != "O" && $2 != p && $3 != p' "$o.dump" | wc -l)" 0 "$where --cgroup: events of processes outside the cgroup"
			echo "$where --cgroup: $n calls inside, none outside"
			;;
		*) fail "vm_scope_check: unknown scope $s" ;;
		esac
	done
}
