/* rn_replay_sigmask.c: each thread's blocked-signal mask, followed through
 * rt_sigprocmask and inherited at fork and clone, so rt_sigreturn prints the
 * mask it restores ({mask=[]}) as strace reads it from the signal frame. */
#include "rn_replay.h"

#include <stdlib.h>
#include <string.h>

struct rp_sigmasks {
	struct {
		int32_t tid;
		uint64_t mask;
	} * v;
	size_t n, cap;
	int how_nr, ret_nr;
};

rp_sigmasks *rp_sigmasks_new(uint16_t arch)
{
	rp_sigmasks *m = calloc(1, sizeof(*m));
	if (m) {
		m->how_nr = rn_syscall_lookup(arch, "rt_sigprocmask");
		m->ret_nr = rn_syscall_lookup(arch, "rt_sigreturn");
	}
	return m;
}

void rp_sigmasks_free(rp_sigmasks *m)
{
	if (m)
		free(m->v);
	free(m);
}

static uint64_t *slot(rp_sigmasks *m, int32_t tid)
{
	for (size_t i = 0; i < m->n; i++)
		if (m->v[i].tid == tid)
			return &m->v[i].mask;
	if (rp_grow(&m->v, &m->cap, m->n, sizeof(*m->v), 16) < 0)
		return NULL;
	m->v[m->n].tid = tid;
	m->v[m->n].mask = 0;
	return &m->v[m->n++].mask;
}

void rp_sigmasks_event(rp_sigmasks *m, const rn_event *ev)
{
	if (!m)
		return;
	if (ev->kind == RN_EV_PROC) {
		const rn_proc *p = &ev->u.proc;
		if (p->kind == RN_PROC_FORK || p->kind == RN_PROC_VFORK ||
		    p->kind == RN_PROC_CLONE) {
			uint64_t *from = slot(m, p->tid);
			uint64_t mask = from ? *from : 0;
			uint64_t *to = slot(m, p->other);
			if (to)
				*to = mask;
		}
		return;
	}
	if (ev->kind != RN_EV_SYSCALL)
		return;
	const rn_syscall *sc = &ev->u.sc;
	if ((int)sc->nr != m->how_nr || rn_sc_failed(sc) ||
	    (sc->flags & (RN_SC_NO_EXIT | RN_SC_COMPAT)))
		return;
	const rn_capture *c = rn_decode_cap(sc, 1, RN_CAP_STRUCT, 0);
	uint64_t *mask = slot(m, sc->tid);
	if (!c || c->len < 8 || !mask)
		return;
	uint64_t set;
	memcpy(&set, c->data, 8);
	set &= ~((1ull << 8) | (1ull << 18)); /* SIGKILL and SIGSTOP never block */
	if (sc->args[0] == 0)
		*mask |= set;
	else if (sc->args[0] == 1)
		*mask &= ~set;
	else if (sc->args[0] == 2)
		*mask = set;
}

int rp_sigmasks_sigreturn(rp_sigmasks *m, const rn_syscall *sc, const rn_decode_opts *d, rn_sb *sb)
{
	if (!m || (int)sc->nr != m->ret_nr || (sc->flags & RN_SC_COMPAT))
		return 0;
	uint64_t *mask = slot(m, sc->tid);
	uint8_t bytes[8];
	memcpy(bytes, mask ? mask : &(uint64_t){0}, 8);
	rn_sb_puts(sb, "rt_sigreturn({mask=");
	rn_decode_sigset(sb, d, bytes, 8);
	rn_sb_puts(sb, "}");
	return 1;
}
