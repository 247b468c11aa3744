/* rn_record_bpf_reread.c: whether an entry capture the bpf backend read
 * again at exit (RN_BPF_CAPF_REREAD: its entry read faulted, a page the
 * program had not touched) holds what the memory held at entry. The kernel
 * side reads again only memory the catalog says the call only reads
 * (RN_BPF_SF_AGAIN, rn_record_bpf_plan.c); this catches the rest, known
 * only once the exit's captures are in: the same memory passed again to be
 * written (sigprocmask(how, &s, &s), rt_sigaction with act == oldact, a
 * nanosleep's rem over its req), and an exec that succeeded (the address
 * is then the new program's). Such a capture stays unreadable. */
#include "rn_record_bpf.h"

int rn_bpf_reread_ok(const rn_thr *t, int k, int exec_ok)
{
	const rn_capture *c = &t->caps[k];
	if (exec_ok)
		return 0;
	/* the bytes stored, and a string's NUL after them */
	uint64_t a = c->addr, e = a + c->len + (c->kind == RN_CAP_STRING);
	for (int j = 0; j < t->ncap; j++) {
		const rn_capture *w = &t->caps[j];
		/* what the call wrote: its exit captures' memory (a descriptor's
		 * link text is no memory: its array is captured apart) */
		if (j == k || !(w->flags & RN_CAPF_EXIT) || (w->flags & RN_CAPF_FDLINK))
			continue;
		uint64_t wl = w->len > w->orig_len ? w->len : w->orig_len;
		if (w->addr < e && a < w->addr + wl)
			return 0;
	}
	return 1;
}
