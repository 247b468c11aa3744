/* rn_record_bpf_mmsg.c: the user-space half of the bpf backend's mmsghdr
 * vectors (sendmmsg, recvmmsg; record/bpf/rn_bpf_mmsg.h): whether a call's
 * record has fewer elements than the ptrace backend would have followed
 * (the kernel side stops when its tail calls run out, about 32 elements,
 * or the record is full) or lacks the last element's msg_control (read in
 * a run that did not come), so that the loss is reported as ptrace reports
 * its own cap. */
#include "rn_catalog.h"
#include "rn_record_bpf.h"

#include <string.h>

#define MMSG_ELEM  64
#define MSGHDR_LEN 56

static int mmsg_arg(uint16_t arch, uint32_t nr)
{
	/* asked at every call's end: the catalog is looked up once per number
	 * (of the one arch a recording writes) */
	static int8_t known[RN_NR_MAX]; /* 0 unknown, else the argument + 2 (1: none) */
	static uint16_t known_arch;
	if (arch != known_arch) {
		memset(known, 0, sizeof(known));
		known_arch = arch;
	}
	if (nr < RN_NR_MAX && known[nr])
		return known[nr] - 2;
	int a = -1;
	const rn_sysent *e = rn_syscall_ent(arch, nr);
	for (int i = 0; e && i < e->nargs && i < 6 && a < 0; i++)
		if (RN_ARG_KIND(e->args[i]) == RN_A_MMSGHDR_IN ||
		    RN_ARG_KIND(e->args[i]) == RN_A_MMSGHDR_OUT)
			a = i;
	if (nr < RN_NR_MAX)
		known[nr] = (int8_t)(a + 2);
	return a;
}

int rn_bpf_mmsg_nr(uint16_t arch, uint32_t nr)
{
	return mmsg_arg(arch, nr) >= 0;
}

int rn_bpf_mmsg_short(const rn_thr *t, uint16_t arch, int64_t ret, uint32_t strsize)
{
	int a = mmsg_arg(arch, t->nr);
	if (a < 0)
		return 0;
	rn_cap_req q[16];
	int n = rn_catalog_plan(arch, t->nr, t->args, ret, 1, strsize, q, 16);
	for (int i = 0; i < n; i++) {
		if (q[i].kind != RN_PLAN_MMSGHDR)
			continue;
		const rn_capture *vec = NULL;
		uint32_t got = 0;
		uint64_t ctl = 0; /* the last element's msg_control, until its capture */
		for (int k = 0; k < t->ncap; k++) {
			const rn_capture *c = &t->caps[k];
			if (c->arg != a || !(c->flags & RN_CAPF_EXIT))
				continue;
			if (!vec && c->kind == RN_CAP_ARRAY && c->addr == q[i].addr) {
				vec = c;
			} else if (vec && c->kind == RN_CAP_STRUCT &&
			           c->addr == q[i].addr + (uint64_t)got * MMSG_ELEM) {
				got++;
				uint64_t ctllen = 0;
				ctl = 0;
				if (c->len == MSGHDR_LEN) {
					memcpy(&ctl, t->buf + t->capoff[k] + 32, 8);
					memcpy(&ctllen, t->buf + t->capoff[k] + 40, 8);
				}
				if (!ctllen)
					ctl = 0;
			} else if (ctl && c->kind == RN_CAP_ARRAY && c->addr == ctl) {
				ctl = 0;
			}
		}
		if (!vec)
			return 1;
		if (vec->flags & RN_CAPF_UNREADABLE) /* ptrace follows none either */
			continue;
		/* the kernel side reads an element's msg_control in the next run */
		if ((vec->flags & RN_CAPF_TRUNCATED) || got < q[i].count || ctl)
			return 1;
	}
	return 0;
}
