/* rn_replay_pers.c: strace's personality lines. strace on x86_64 prints
 * "[ Process PID=TID runs in 32 bit mode. ]" before the first call a thread
 * makes through the ia32 entry (int $0x80), and "... 64 bit mode. ]" before
 * its next native one: each thread is in 64-bit mode until then; "runs in
 * x32 mode" before an x32 call. A trace marks those calls with
 * RN_SC_COMPAT (and RN_SC_X32). Only threads that ever made one are
 * kept, so a trace without any costs one test per call. */
#include "rn_replay.h"

#include <stdlib.h>

int rp_pers_switch(rp_pers *p, const rn_syscall *sc, rn_sb *line)
{
	/* 0: 64 bit, 1: 32 bit (ia32), 2: x32 */
	int compat = !(sc->flags & RN_SC_COMPAT) ? 0 : sc->flags & RN_SC_X32 ? 2 : 1;
	if (!compat && !p->n)
		return 0;
	size_t i = 0;
	while (i < p->n && p->v[i].tid != sc->tid)
		i++;
	if (i == p->n) {
		if (!compat)
			return 0;
		if (rp_grow(&p->v, &p->cap, p->n, sizeof(*p->v), 8) < 0)
			return 0; /* out of memory: the line is left out, the calls still print */
		p->v[p->n].tid = sc->tid;
		p->v[p->n++].compat = 0;
	}
	if (p->v[i].compat == compat)
		return 0;
	p->v[i].compat = compat;
	rn_sb_reset(line);
	rn_sb_printf(line, "[ Process PID=%d runs in %s mode. ]", (int)sc->tid,
	             compat == 2 ? "x32"
	             : compat    ? "32 bit"
	                         : "64 bit");
	return 1;
}

void rp_pers_free(rp_pers *p)
{
	free(p->v);
	p->v = NULL;
	p->n = p->cap = 0;
}
