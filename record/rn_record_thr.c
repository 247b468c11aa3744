/* rn_record_thr.c: the table of traced threads, an open-addressing hash on
 * tid. Slots and their capture buffers are reused, so the tracing loop does
 * not allocate once a thread's buffers have grown to their working size.
 * Also the one way both backends write a thread's finished call, and the
 * syscall numbers both look for. */
#include "rn_record.h"

#include <stdlib.h>
#include <string.h>

static rn_thr *tab;
static size_t cap; /* power of two */
static int count;
static int tombs; /* deleted slots: probing goes on past them */

static size_t slot_of(pid_t tid)
{
	return ((uint32_t)tid * 2654435761u) & (cap - 1);
}

rn_thr *rn_thr_get(pid_t tid)
{
	if (!tab)
		return NULL;
	for (size_t i = slot_of(tid), n = 0; n < cap; i = (i + 1) & (cap - 1), n++) {
		if (!tab[i].used && tab[i].tid == 0)
			return NULL;
		if (tab[i].used && tab[i].tid == tid)
			return &tab[i];
	}
	return NULL;
}

static int grow(void)
{
	/* Grows when live slots fill half the table, else only rehashes. */
	size_t ncap = cap ? ((size_t)count * 4 > cap ? cap * 2 : cap) : 64;
	rn_thr *nt = calloc(ncap, sizeof(*nt));
	if (!nt)
		return -1;
	rn_thr *old = tab;
	size_t ocap = cap;
	tab = nt;
	cap = ncap;
	for (size_t i = 0; i < ocap; i++) {
		if (!old[i].used) {
			free(old[i].buf);
			free(old[i].exec);
			continue;
		}
		size_t j = slot_of(old[i].tid);
		while (tab[j].used)
			j = (j + 1) & (cap - 1);
		tab[j] = old[i];
	}
	free(old);
	tombs = 0;
	return 0;
}

rn_thr *rn_thr_add(pid_t tid)
{
	rn_thr *t = rn_thr_get(tid);
	if (t)
		return t;
	if ((size_t)(count + tombs + 1) * 2 > cap && grow() < 0)
		return NULL;
	size_t i = slot_of(tid);
	while (tab[i].used)
		i = (i + 1) & (cap - 1);
	t = &tab[i];
	if (t->tid == -1)
		tombs--;
	uint8_t *buf = t->buf, *exec = t->exec;
	size_t bcap = t->bcap, ecap = t->exec_cap;
	memset(t, 0, sizeof(*t));
	t->buf = buf;
	t->bcap = bcap;
	t->exec = exec;
	t->exec_cap = ecap;
	t->tid = tid;
	t->used = 1;
	count++;
	return t;
}

void rn_thr_del(pid_t tid)
{
	rn_thr *t = rn_thr_get(tid);
	if (!t)
		return;
	/* Leave a tombstone (used = 0, tid != 0) so probing goes on past it. */
	t->used = 0;
	t->tid = -1;
	count--;
	tombs++;
}

int rn_thr_count(void)
{
	return count;
}

void rn_thr_each(void (*fn)(rn_thr *t, void *ctx), void *ctx)
{
	for (size_t i = 0; i < cap; i++)
		if (tab[i].used)
			fn(&tab[i], ctx);
}

void rn_thr_free_all(void)
{
	for (size_t i = 0; i < cap; i++) {
		free(tab[i].buf);
		free(tab[i].exec);
	}
	free(tab);
	tab = NULL;
	cap = 0;
	count = 0;
	tombs = 0;
}

long rn_thr_reserve(rn_thr *t, size_t n)
{
	if (t->blen + n > t->bcap) {
		size_t c = t->bcap ? t->bcap : 4096;
		while (c < t->blen + n)
			c *= 2;
		uint8_t *p = realloc(t->buf, c);
		if (!p)
			return -1;
		t->buf = p;
		t->bcap = c;
	}
	long off = (long)t->blen;
	t->blen += n;
	return off;
}

int rn_thr_emit_sc(rn_out *out, rn_chunk_builder *held, rn_thr *t, uint64_t t_exit, int64_t ret,
                   uint16_t flags, int book_caps)
{
	int lost = 0;
	if (t->in_sc && t->keep != RN_KEEP_NONE && !rn_out_failed(out)) {
		int ncap = t->ncap;
		if (t->keep == RN_KEEP_BOOK) {
			flags |= RN_SC_FILTERED;
			if (!book_caps)
				ncap = 0;
		}
		for (int i = 0; i < ncap; i++)
			t->caps[i].data = t->buf + t->capoff[i];
		uint16_t ia32 = t->nr & RN_REC_NR_IA32 ? RN_SC_COMPAT : 0; /* rn_record_compat.c */
		if (t->nr & RN_REC_NR_X32)
			ia32 |= RN_SC_X32;
		rn_syscall sc = {t->t_entry,
		                 t_exit,
		                 {0},
		                 ret,
		                 t->ip,
		                 t->pid,
		                 t->sc_tid ? t->sc_tid : t->tid, /* exec from a thread */
		                 (uint16_t)(t->nr & RN_REC_NR_NUM),
		                 (uint16_t)(flags | t->sc_flags | ia32),
		                 (uint16_t)ncap,
		                 t->caps};
		memcpy(sc.args, t->args, sizeof(sc.args));
		rn_chunk_builder *b = held ? held : rn_out_get(out);
		rn_chunk_add_syscall(b, &sc, t->caps, (uint16_t)ncap);
		if (t->cap_lost) { /* say what was left out, never drop silently */
			rn_loss l = {t->t_entry, 1, t->pid, sc.tid, RN_LOSS_LIMIT};
			rn_chunk_add_loss(b, &l);
			lost = 1;
		}
		if (!held)
			rn_out_put(out);
	}
	t->cap_lost = 0;
	t->in_sc = 0;
	t->ncap = 0;
	t->blen = 0;
	t->sc_flags = 0;
	t->sc_tid = 0;
	t->keep = 0;
	return lost;
}

void rn_rec_nrs_lookup(rn_rec_nrs *n)
{
	uint16_t a = rn_arch_native();
	n->execve = rn_syscall_lookup(a, "execve");
	n->execveat = rn_syscall_lookup(a, "execveat");
	n->clone = rn_syscall_lookup(a, "clone");
	n->clone3 = rn_syscall_lookup(a, "clone3");
	n->fork = rn_syscall_lookup(a, "fork");
	n->vfork = rn_syscall_lookup(a, "vfork");
	n->mmap = rn_syscall_lookup(a, "mmap");
	n->mprotect = rn_syscall_lookup(a, "mprotect");
}
