# The bpf backend resolves its CO-RE relocations against a cut-down copy of
# the kernel's types (record/rn_record_bpf_btf.c) instead of the whole
# kernel BTF: every relocation gets the same offset, size or value either
# way (libbpf's own lines, RN_BPF_DEBUG=1), for the default programs and for
# -f --stack's (rn_fork, the stack and mapping programs with their enum and
# VMA types); RN_BPF_FULL_BTF=1 resolves against the whole kernel BTF.
. "$RN_ROOT/tests/lib.sh"
. "$RN_ROOT/tests/record/common.sh"
need_bpf

relos() { # the resolved relocations, without BTF type ids (they differ),
	# once each (the programs verified on a second CPU are relocated in a
	# second copy of the object: rn_record_bpf_split.c)
	grep 'matching candidate\|failed\|poison' | sed 's/\[[0-9]*\]//g' | sort -u
}
for opts in "" "-f --stack=512"; do
	# shellcheck disable=SC2086
	RN_BPF_DEBUG=1 rn-record -q --backend=bpf $opts -o cut.rn -- /bin/true 2>&1 | relos >cut.txt
	# shellcheck disable=SC2086
	RN_BPF_DEBUG=1 RN_BPF_FULL_BTF=1 rn-record -q --backend=bpf $opts -o full.rn -- /bin/true 2>&1 |
		relos >full.txt
	[ "$(grep -c 'matching candidate' full.txt)" -gt 20 ] || fail "'$opts': too few relocations seen"
	grep -q 'task_struct.pid' cut.txt || fail "'$opts': task_struct.pid not relocated"
	diff full.txt cut.txt >&2 || fail "'$opts': relocations differ with the cut-down kernel types"
done
grep -q 'vm_area_struct.vm_start' cut.txt || fail "--stack: the VMA fields not relocated"
echo "the cut-down kernel types resolve every relocation as the whole kernel BTF does"

# The tp_btf programs' tracepoint ids come from the same pass over the kernel
# BTF (record/rn_record_bpf_tpid.c): libbpf never loads the kernel BTF itself
# (~5 ms a start); RN_BPF_LIBBPF_TP=1 and RN_BPF_FULL_BTF=1 let it. Both ways
# the programs attach to the same tracepoints and record the same calls.
RN_BPF_DEBUG=1 rn-record -q --backend=bpf -o own.rn -- /bin/true 2>own.log ||
	fail "recording with the tracepoint ids of rn_bpf_core_btf failed"
grep -q "loading kernel BTF" own.log && fail "libbpf read the kernel BTF anyway"
grep -q "prog 'rn_sys_enter'" own.log || fail "no libbpf log to check"
RN_BPF_DEBUG=1 RN_BPF_LIBBPF_TP=1 rn-record -q --backend=bpf -o lib.rn -- /bin/true 2>lib.log ||
	fail "recording with libbpf's own tracepoint lookup failed"
grep -q "loading kernel BTF" lib.log || fail "RN_BPF_LIBBPF_TP=1: libbpf did not read the kernel BTF"
rn-replay own.rn | sed 's/0x[0-9a-f]*/ADDR/g' >own.txt
rn-replay lib.rn | sed 's/0x[0-9a-f]*/ADDR/g' >lib.txt
[ "$(grep -c . own.txt)" -gt 10 ] || fail "too few calls recorded"
cut -d'(' -f1 lib.txt >lib.calls
cut -d'(' -f1 own.txt >own.calls
diff lib.calls own.calls >&2 ||
	fail "the calls recorded differ between the two tracepoint lookups"
echo "the tracepoints' ids come from rn-record's own pass: libbpf does not read the kernel BTF"

# When the kernel types cannot be made (RN_BPF_CORE_FAIL=1: the thread says
# it failed), the load started early (record/rn_record_bpf_early.c) fails on
# the /dev/null it was given, the split copy waiting at its gate is let go,
# and everything loads again against the whole kernel BTF: same calls, no
# hang (a copy left waiting at its gate would hang here).
RN_BPF_DEBUG=1 RN_BPF_CORE_FAIL=1 timeout 60 rn-record -q --backend=bpf -o fail.rn -- /bin/true \
	2>fail.log || fail "recording after the kernel types failed: $(tail -n 3 fail.log)"
grep -q "loading kernel BTF" fail.log || fail "RN_BPF_CORE_FAIL=1: not loaded again with the kernel BTF"
rn-replay fail.rn | sed 's/0x[0-9a-f]*/ADDR/g' | cut -d'(' -f1 >fail.calls
diff own.calls fail.calls >&2 || fail "the calls recorded differ after the fallback load"
echo "the types failing: loaded again against the whole kernel BTF, same calls"
