/* rn_span_funcs.c: function spans from RN_EV_FUNCS batches. Each thread keeps
 * a stack of open calls; an exit closes the matching entry and emits a span
 * parented by the call below it (or by the process span). Calls still open
 * when the thread, process or trace ends are closed at that time. */
#include "rn_model_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static rn_xthread *thread_get(rn_model *m, int32_t pid, int32_t tid)
{
	rn_xthread *t = rn_int_map_get(&m->threads, tid);
	if (t && t->pid != pid) {
		rn_funcs_close(m, t->pid, tid, 0);
		t = NULL;
	}
	if (t)
		return t;
	t = calloc(1, sizeof(*t));
	if (!t || rn_int_map_put(&m->threads, tid, t) < 0) {
		free(t);
		return NULL;
	}
	t->pid = pid;
	t->tid = tid;
	return t;
}

static void emit_frame(rn_model *m, rn_xthread *t, const rn_frame *f, const uint8_t *parent,
                       uint64_t end)
{
	char name[256], addr[24];
	int found = 0;
	rn_xattr a[3];
	int n = 0;
	rn_span s = {0};
	s.kind = RN_XS_FUNC;
	memcpy(s.span_id, f->id, 8);
	memcpy(s.parent_id, parent, 8);
	s.has_parent = 1;
	s.name = rn_symbols_name(m->sym, t->pid, f->addr, name, sizeof(name), &found);
	s.mono_start = f->start;
	s.mono_end = end;
	rn_xproc *p = rn_int_map_get(&m->procs, t->pid);
	if (p && f->start < p->start)
		p->start = f->start;
	s.pid = t->pid;
	s.tid = t->tid;
	snprintf(addr, sizeof(addr), "0x%llx", (unsigned long long)f->addr);
	a[n++] = (rn_xattr){"thread.id", RN_XA_INT, NULL, t->tid, 0};
	if (found)
		a[n++] = (rn_xattr){"code.function.name", RN_XA_STR, name, 0, 0};
	a[n++] = (rn_xattr){"rn.function.address", RN_XA_STR, addr, 0, 0};
	s.attrs = a;
	s.nattrs = n;
	rn_model_emit(m, &s);
}

static const uint8_t *parent_of(rn_model *m, rn_xthread *t, int depth)
{
	if (depth > 0)
		return t->stack[depth - 1].id;
	return rn_procs_span_id(m, t->pid);
}

static void pop_to(rn_model *m, rn_xthread *t, int depth, uint64_t end)
{
	while (t->depth > depth) {
		t->depth--;
		emit_frame(m, t, &t->stack[t->depth], parent_of(m, t, t->depth), end);
	}
}

void rn_funcs_batch(rn_model *m, const rn_funcs *f)
{
	rn_xthread *t = thread_get(m, f->pid, f->tid);
	if (!t)
		return;
	uint64_t time = f->base_ns;
	for (uint32_t i = 0; i < f->nevents && !m->stopped; i++) {
		rn_func_event e;
		rn_funcs_get(f, i, &time, &e);
		if (!e.exit) {
			if (t->depth >= RN_FUNC_MAX_DEPTH) {
				t->overflow++;
				continue;
			}
			rn_frame *fr = &t->stack[t->depth++];
			fr->addr = e.addr;
			fr->start = e.time;
			rn_span_id_make(m->trace_id, RN_ID_FUNC, (uint64_t)(uint32_t)t->tid,
			                t->seq++, fr->id);
			continue;
		}
		if (t->overflow) {
			t->overflow--;
			continue;
		}
		/* Find the matching entry; exits of calls entered before the
		 * recording started have none and are ignored. */
		int d = t->depth;
		while (d > 0 && t->stack[d - 1].addr != e.addr)
			d--;
		if (d > 0)
			pop_to(m, t, d - 1, e.time);
	}
}

void rn_funcs_close(rn_model *m, int32_t pid, int32_t tid, uint64_t time)
{
	if (tid) {
		rn_xthread *t = rn_int_map_get(&m->threads, tid);
		if (!t)
			return;
		uint64_t end = time ? time : (t->depth ? t->stack[t->depth - 1].start : 0);
		pop_to(m, t, 0, end);
		rn_int_map_del(&m->threads, tid);
		free(t);
		return;
	}
	size_t i = 0;
	int32_t key;
	rn_xthread *t;
	while ((t = rn_int_map_next(&m->threads, &i, &key))) {
		if (t->pid != pid)
			continue;
		rn_funcs_close(m, pid, key, time);
		i = 0;
	}
}

void rn_funcs_finish(rn_model *m)
{
	size_t i = 0;
	int32_t key;
	rn_xthread *t;
	while ((t = rn_int_map_next(&m->threads, &i, &key))) {
		rn_funcs_close(m, t->pid, key, m->last_ns);
		i = 0;
	}
}
