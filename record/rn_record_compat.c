/* rn_record_compat.c: ia32 calls (int $0x80) a 64-bit x86 program makes,
 * for both backends. While a call is in flight rn_thr.nr holds such a call
 * as RN_REC_NR_IA32 | its i386 number: a range no native number reaches, so
 * no native special case (exec, fork, mmap, the catalog's captures) ever
 * takes it for the native call of the same number. rn_thr_emit_sc writes
 * it as the i386 number with Syscall.flags RN_SC_COMPAT (docs/format.md).
 * An x32 call (a number with bit 0x40000000) is RN_REC_NR_IA32 |
 * RN_REC_NR_X32 | its x32 number: written with COMPAT | X32, nothing
 * captured (no x32 layout is declared; this kernel refuses x32 calls). */
#include "rn_record.h"

#include <string.h>

uint16_t rn_rec_nr_x32(uint64_t nr)
{
	return (uint16_t)(RN_REC_NR_IA32 | RN_REC_NR_X32 | (nr & RN_REC_NR_NUM));
}

uint16_t rn_rec_nr_ia32(uint64_t nr)
{
	/* Numbers past the field (no i386 call has one) keep their low bits,
	 * as a native number past 16 bits does. */
	return (uint16_t)(RN_REC_NR_IA32 | (nr & RN_REC_NR_NUM));
}

int rn_rec_keep_ia32(const rn_rec_opts *o, uint16_t nr)
{
	if (!o->filtered)
		return RN_KEEP_FULL;
	/* -e trace= names calls: an ia32 call is kept under its i386 name, as
	 * strace matches each personality's calls; a number with no name is
	 * kept (strace prints those whatever the filter). */
	uint32_t n = nr & RN_REC_NR_NUM;
	uint16_t abi = nr & RN_REC_NR_X32 ? RN_ABI_X32 : RN_ABI_IA32;
	if (!rn_syscall_name(abi, n))
		return RN_KEEP_FULL;
	return rn_sysset_has_abi(&o->set, rn_arch_native(), abi, n) ? RN_KEEP_FULL : RN_KEEP_NONE;
}

/* An ia32 call carrying its arguments in memory (rn_catalog_args32): 1
 * when its words are among t's captures (the catalog plans them before
 * what depends on them), words filled from them; 0 when they are not read
 * yet; -1 when they could not be. */
static int args32_words(const rn_thr *t, const rn_args32 *a, const uint64_t regs[6],
                        uint64_t words[6])
{
	for (int k = 0; k < t->ncap; k++) {
		const rn_capture *c = &t->caps[k];
		if (c->kind != RN_CAP_STRUCT || c->arg != a->reg ||
		    (c->flags & (RN_CAPF_EXIT | RN_CAPF_ARGS32)) ||
		    c->addr != regs[a->reg] + a->off)
			continue;
		if ((c->flags & RN_CAPF_UNREADABLE) || c->len < 4u * a->words)
			return -1;
		memset(words, 0, 6 * sizeof(words[0]));
		for (int i = 0; i < a->words && i < 6; i++) {
			uint32_t w;
			memcpy(&w, t->buf + t->capoff[k] + 4 * i, 4);
			words[i] = w;
		}
		return 1;
	}
	return 0;
}

int rn_rec_plan(uint16_t arch, const rn_thr *t, int64_t ret, int phase, uint32_t strsize,
                rn_cap_req *q, int max)
{
	if (!(t->nr & RN_REC_NR_IA32))
		return rn_catalog_plan(arch, t->nr, t->args, ret, phase, strsize, q, max);
	/* an ia32 call: the i386 ABI's entry, its registers' 32 bits */
	if (t->nr & RN_REC_NR_X32)
		return 0; /* x32: no layout declared, nothing captured */
	uint64_t a[6], words[6];
	for (int i = 0; i < 6; i++)
		a[i] = (uint32_t)t->args[i];
	uint32_t nr = t->nr & RN_REC_NR_NUM;
	rn_args32 m;
	if (!rn_catalog_args32(nr, a, &m) || m.carried < 0 || (m.st && phase == 1))
		return rn_catalog_plan(RN_ABI_IA32, nr, a, ret, phase, strsize, q, max);
	/* its words first (with a PTRIN call's own captures), then the
	 * captures that depend on them (ipc's calls without words: at once,
	 * on registers) */
	memset(words, 0, sizeof(words));
	int got = m.words ? args32_words(t, &m, a, words) : 1;
	if (got == 0)
		return phase == 0 ? rn_catalog_plan(RN_ABI_IA32, nr, a, ret, 0, strsize, q, max)
		                  : 0;
	if (got < 0)
		return 0;
	uint64_t view[6];
	rn_catalog_args32_view(&m, a, words, view);
	int n = rn_catalog_plan_args32(&m, view, ret, phase, strsize, q, max);
	if (phase == 1 && n >= 0) /* ipc's shmat: its result's word */
		n += rn_catalog_plan_args32_ret(&m, a, ret, q + n, max - n);
	return n;
}

int rn_rec_args32_pending(const rn_thr *t)
{
	if (!(t->nr & RN_REC_NR_IA32) || (t->nr & RN_REC_NR_X32) || t->ncap > 0)
		return 0;
	uint64_t a[6];
	for (int i = 0; i < 6; i++)
		a[i] = (uint32_t)t->args[i];
	rn_args32 m;
	return rn_catalog_args32(t->nr & RN_REC_NR_NUM, a, &m) && m.carried >= 0 && m.words;
}

int rn_rec_ia32_exec(uint16_t nr)
{
	if (!(nr & RN_REC_NR_IA32) || (nr & RN_REC_NR_X32))
		return 0;
	const char *name = rn_syscall_name(RN_ABI_IA32, nr & RN_REC_NR_NUM);
	return !name ? 0 : strcmp(name, "execve") == 0 ? 1 : strcmp(name, "execveat") == 0 ? 2 : 0;
}
