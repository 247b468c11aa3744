# The BPF object built for each architecture rn supports (record/record.mk,
# BPF_ARCHES; make check builds them on any host): the same programs and
# maps, each reading the syscall's registers by its own architecture's
# pt_regs (x86_64: the ptrace ABI's fixed layout, no CO-RE; aarch64:
# syscallno, orig_x0 and regs[] found by name in the kernel's BTF),
# and no syscall number of its own: the numbers it compares with (execve,
# mmap, mprotect for --stack) are .rodata that rn-record sets at start-up
# from the catalog's table for the architecture it runs on, ~0 in the
# object. The aarch64 object is built and checked here, never loaded: there
# is no aarch64 kernel to run it on.
. "$RN_ROOT/tests/lib.sh"
need_cmd bpftool llvm-objdump

for a in x86 arm64; do
	o=$RN_BUILD/gen/bpf-$a/rn_record.bpf.o
	s=$RN_BUILD/gen/bpf-$a/rn_record_bpf.skel.h
	[ -s "$o" ] && [ -s "$s" ] || fail "$a: BPF object or skeleton not built"
	grep -o 'struct bpf_program \*[a-z_0-9]*;' "$s" | sort >"$a.progs"
	grep -o 'struct bpf_map \*[a-z_0-9]*;' "$s" | sort -u >"$a.maps"
	[ "$(wc -l <"$a.progs")" -ge 10 ] || fail "$a: only $(wc -l <"$a.progs") programs"
	bpftool btf dump file "$o" >"$a.btf" || fail "$a: no BTF"
	# .rodata's bytes in hex, as the object holds them
	llvm-objdump -s -j .rodata "$o" | sed -n 's/^ [0-9a-f]\{4,\} \(.\{35\}\).*/\1/p' |
		tr -d ' \n' >"$a.rodata"
done
diff x86.progs arm64.progs >&2 || fail "the architectures' objects have different programs"
diff x86.maps arm64.maps >&2 || fail "the architectures' objects have different maps"

member() { grep -q "^	'$2' type_id=" "$1.btf"; }
grep -q "STRUCT 'pt_regs'" x86.btf && fail "x86: pt_regs relocated (built as aarch64?)"
grep -q "STRUCT 'pt_regs'" arm64.btf || fail "arm64: no pt_regs to relocate"
member arm64 syscallno || fail "arm64: pt_regs has no syscallno"
member arm64 orig_x0 || fail "arm64: pt_regs has no orig_x0"
cmp -s "$RN_BUILD/gen/bpf-x86/rn_record.bpf.o" "$RN_BUILD/gen/bpf-arm64/rn_record.bpf.o" &&
	fail "the two architectures' objects are the same file"

# The numbers come from the catalog at start-up: the skeleton names them,
# and the object's defaults are all ones (never a number of either arch).
for a in x86 arm64; do
	for n in rn_nr_execve rn_nr_execveat rn_nr_mmap rn_nr_mprotect; do
		grep -q "__u32 $n;" "$RN_BUILD/gen/bpf-$a/rn_record_bpf.skel.h" ||
			fail "$a: $n is not set from user space"
	done
	grep -q 'ffffffffffffffffffffffffffffffff' "$a.rodata" ||
		fail "$a: the syscall numbers in .rodata are not all ~0"
done
true
