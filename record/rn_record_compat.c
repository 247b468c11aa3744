/* rn_record_compat.c: ia32 calls (int $0x80) a 64-bit x86 program makes,
 * for both backends. While a call is in flight rn_thr.nr holds such a call
 * as RN_REC_NR_IA32 | its i386 number: a range no native number reaches, so
 * no native special case (exec, fork, mmap, the catalog's captures) ever
 * takes it for the native call of the same number. rn_thr_emit_sc writes
 * it as the i386 number with Syscall.flags RN_SC_COMPAT (docs/format.md). */
#include "rn_record.h"

#include <string.h>

uint16_t rn_rec_nr_ia32(uint64_t nr)
{
	/* Numbers past the field (no i386 call has one) keep their low bits,
	 * as a native number past 16 bits does. */
	return (uint16_t)(RN_REC_NR_IA32 | (nr & (RN_REC_NR_IA32 - 1)));
}

int rn_rec_keep_ia32(const rn_rec_opts *o, uint16_t nr)
{
	if (!o->filtered)
		return RN_KEEP_FULL;
	/* -e trace= names calls: an ia32 call is kept under its i386 name, as
	 * strace matches each personality's calls; a number with no name is
	 * kept (strace prints those whatever the filter). */
	uint32_t n = nr & (RN_REC_NR_IA32 - 1);
	if (!rn_syscall_name(RN_ABI_IA32, n))
		return RN_KEEP_FULL;
	return rn_sysset_has_abi(&o->set, rn_arch_native(), RN_ABI_IA32, n) ? RN_KEEP_FULL
	                                                                    : RN_KEEP_NONE;
}

int rn_rec_plan(uint16_t arch, const rn_thr *t, int64_t ret, int phase, uint32_t strsize,
                rn_cap_req *q, int max)
{
	if (!(t->nr & RN_REC_NR_IA32))
		return rn_catalog_plan(arch, t->nr, t->args, ret, phase, strsize, q, max);
	/* an ia32 call: the i386 ABI's entry, its registers' 32 bits */
	uint64_t a[6];
	for (int i = 0; i < 6; i++)
		a[i] = (uint32_t)t->args[i];
	return rn_catalog_plan(RN_ABI_IA32, t->nr & (RN_REC_NR_IA32 - 1), a, ret, phase, strsize, q,
	                       max);
}

int rn_rec_ia32_exec(uint16_t nr)
{
	if (!(nr & RN_REC_NR_IA32))
		return 0;
	const char *name = rn_syscall_name(RN_ABI_IA32, nr & (RN_REC_NR_IA32 - 1));
	return !name ? 0 : strcmp(name, "execve") == 0 ? 1 : strcmp(name, "execveat") == 0 ? 2 : 0;
}
