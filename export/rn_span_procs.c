/* rn_span_procs.c: one span per process, parented by the process that forked
 * it (the first process by the root span). A process span opens at its fork
 * (or first sighting) and is emitted when the process exits, is killed, or
 * the trace ends; exec and signals become span events on it. */
#include "rn_model_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CLONE_THREAD_FLAG 0x00010000ull

static rn_xproc *proc_new(rn_model *m, int32_t pid, int32_t ppid, uint64_t t)
{
	rn_xproc *p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	uintptr_t gen = (uintptr_t)rn_int_map_get(&m->pid_gen, pid);
	if (rn_int_map_put(&m->pid_gen, pid, (void *)(gen + 1)) < 0 ||
	    rn_int_map_put(&m->procs, pid, p) < 0) {
		free(p);
		return NULL;
	}
	p->pid = pid;
	p->ppid = ppid;
	p->start = p->last = t;
	rn_span_id_make(m->trace_id, RN_ID_PROC, (uint64_t)(uint32_t)pid, gen, p->span_id);
	rn_xproc *parent = ppid ? rn_int_map_get(&m->procs, ppid) : NULL;
	memcpy(p->parent_id, parent ? parent->span_id : m->root_id, 8);
	if (pid == m->h->pid && m->h->argc) {
		size_t len = 1;
		for (uint32_t i = 0; i < m->h->argc; i++)
			len += strlen(m->h->argv[i]) + 1;
		p->cmdline = malloc(len);
		if (p->cmdline) {
			p->cmdline[0] = 0;
			for (uint32_t i = 0; i < m->h->argc; i++) {
				if (i)
					strcat(p->cmdline, " ");
				strcat(p->cmdline, m->h->argv[i]);
			}
		}
	}
	return p;
}

rn_xproc *rn_procs_get(rn_model *m, int32_t pid, uint64_t t)
{
	rn_xproc *p = rn_int_map_get(&m->procs, pid);
	return p ? p : proc_new(m, pid, 0, t < m->h->mono_start_ns ? t : m->h->mono_start_ns);
}

static rn_pevent *add_event(rn_xproc *p, uint64_t t, const char *name)
{
	if (p->nevents >= RN_PROC_MAX_EVENTS) {
		p->dropped_events++;
		return NULL;
	}
	if (!p->events) {
		p->events = calloc(RN_PROC_MAX_EVENTS, sizeof(*p->events));
		if (!p->events) {
			p->dropped_events++;
			return NULL;
		}
	}
	rn_pevent *e = &p->events[p->nevents++];
	memset(e, 0, sizeof(*e));
	e->time = t;
	snprintf(e->name, sizeof(e->name), "%s", name);
	return e;
}

/* NUL-separated strings (argv) as one space-separated string (malloc'd). */
static char *join_args(const char *a, size_t len)
{
	while (len && a[len - 1] == 0)
		len--;
	char *o = malloc(len + 1);
	if (!o)
		return NULL;
	for (size_t i = 0; i < len; i++)
		o[i] = a[i] ? a[i] : ' ';
	o[len] = 0;
	return o;
}

/* exec data: path NUL argv0 NUL argv1 ... */
static void set_exec(rn_xproc *p, const uint8_t *d, uint32_t len)
{
	const char *s = (const char *)d;
	size_t plen = strnlen(s, len);
	free(p->exe);
	p->exe = strndup(s, plen);
	free(p->cmdline);
	p->cmdline = plen + 1 < len ? join_args(s + plen + 1, len - plen - 1) : NULL;
}

void rn_procs_emit_events(rn_model *m, const rn_pevent *pe, int n, rn_xevent *out)
{
	for (int i = 0; i < n; i++) {
		const rn_pevent *e = &pe[i];
		rn_xevent *x = &out[i];
		memset(x, 0, sizeof(*x));
		x->time = rn_model_wall(m, e->time);
		x->name = e->name;
		x->attrs[x->nattrs++] = (rn_xattr){"thread.id", RN_XA_INT, NULL, e->tid, 0};
		if (e->path) {
			x->attrs[x->nattrs++] =
			    (rn_xattr){"process.executable.path", RN_XA_STR, e->path, 0, 0};
		} else if (e->signo) {
			x->attrs[x->nattrs++] =
			    (rn_xattr){"rn.signal.number", RN_XA_INT, NULL, e->signo, 0};
			x->attrs[x->nattrs++] =
			    (rn_xattr){"rn.signal.code", RN_XA_INT, NULL, e->code, 0};
		}
	}
}

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

static void emit_proc(rn_model *m, rn_xproc *p, uint64_t end)
{
	char name[96];
	rn_xevent ev[RN_PROC_MAX_EVENTS];
	rn_xattr a[8];
	int n = 0;
	rn_span s = {0};
	s.kind = RN_XS_PROC;
	memcpy(s.span_id, p->span_id, 8);
	memcpy(s.parent_id, p->parent_id, 8);
	s.has_parent = 1;
	const char *comm = p->exe ? base_name(p->exe) : NULL;
	if (!comm && p->cmdline)
		comm = base_name(p->cmdline);
	if (comm)
		snprintf(name, sizeof(name), "process %s", comm);
	else
		snprintf(name, sizeof(name), "process %d", (int)p->pid);
	s.name = name;
	s.mono_start = p->start;
	s.mono_end = end;
	s.pid = p->pid;
	s.tid = p->pid;
	a[n++] = (rn_xattr){"process.pid", RN_XA_INT, NULL, p->pid, 0};
	if (p->ppid)
		a[n++] = (rn_xattr){"process.parent_pid", RN_XA_INT, NULL, p->ppid, 0};
	if (p->exe)
		a[n++] = (rn_xattr){"process.executable.path", RN_XA_STR, p->exe, 0, 0};
	if (p->cmdline)
		a[n++] = (rn_xattr){"process.command_line", RN_XA_STR, p->cmdline, 0, 0};
	if (p->exited)
		a[n++] = (rn_xattr){"process.exit.code", RN_XA_INT, NULL, p->exit_code, 0};
	if (p->killed_by) {
		const char *sn = rn_export_decode_signal(p->killed_by);
		a[n++] = (rn_xattr){"rn.process.signal", RN_XA_STR, sn ? sn : "unknown", 0, 0};
		if (p->core)
			a[n++] = (rn_xattr){"rn.process.core_dumped", RN_XA_BOOL, NULL, 1, 0};
		s.status = RN_XST_ERROR;
		s.status_msg = "killed by a signal";
	} else if (p->exited && p->exit_code) {
		s.status = RN_XST_ERROR;
		s.status_msg = "non-zero exit status";
	}
	s.attrs = a;
	s.nattrs = n;
	rn_procs_emit_events(m, p->events, p->nevents, ev);
	s.events = ev;
	s.nevents = p->nevents;
	s.dropped_events = p->dropped_events;
	rn_model_emit(m, &s);
}

/* Makes parent the forker of c (known before it, or from a snapshot). */
static void adopt(rn_xproc *c, const rn_xproc *parent, uint64_t t)
{
	c->ppid = parent->pid;
	memcpy(c->parent_id, parent->span_id, 8);
	if (t < c->start)
		c->start = t;
	if (!c->exe && parent->exe)
		c->exe = strdup(parent->exe);
	if (!c->cmdline && parent->cmdline)
		c->cmdline = strdup(parent->cmdline);
}

static void proc_end(rn_model *m, rn_xproc *p, uint64_t end)
{
	rn_funcs_close(m, p->pid, 0, end);
	emit_proc(m, p, end);
	rn_int_map_del(&m->procs, p->pid);
	uint8_t *id = rn_int_map_get(&m->dead, p->pid);
	if (!id) {
		id = malloc(8);
		if (id && rn_int_map_put(&m->dead, p->pid, id) < 0) {
			free(id);
			id = NULL;
		}
	}
	if (id)
		memcpy(id, p->span_id, 8);
	for (int k = 0; k < p->nevents; k++)
		free(p->events[k].path);
	free(p->events);
	free(p->exe);
	free(p->cmdline);
	free(p);
}

void rn_procs_event(rn_model *m, const rn_proc *e)
{
	rn_xproc *p = rn_procs_get(m, e->pid, e->time);
	if (!p)
		return;
	if (e->time > p->last)
		p->last = e->time;
	switch (e->kind) {
	case RN_PROC_CLONE:
		if (e->clone_flags & CLONE_THREAD_FLAG)
			break;
		/* fallthrough */
	case RN_PROC_FORK:
	case RN_PROC_VFORK: {
		rn_xproc *c = rn_int_map_get(&m->procs, e->other);
		if (c && !c->ppid) {
			/* The child was seen (a completed syscall) before its
			 * fork event: adopt it, its span is not out yet. */
			adopt(c, p, e->time);
			break;
		}
		if (c)
			proc_end(m, c, e->time);
		c = proc_new(m, e->other, e->pid, e->time);
		if (c && p->exe)
			c->exe = strdup(p->exe);
		if (c && p->cmdline)
			c->cmdline = strdup(p->cmdline);
		break;
	}
	case RN_PROC_EXEC: {
		rn_funcs_close(m, p->pid, 0, e->time);
		set_exec(p, e->data, e->data_len);
		rn_pevent *ev = add_event(p, e->time, "exec");
		if (ev) {
			ev->tid = e->tid;
			ev->path = p->exe ? strdup(p->exe) : NULL;
		}
		break;
	}
	case RN_PROC_EXIT:
	case RN_PROC_KILLED:
		if (e->kind == RN_PROC_EXIT) {
			p->exited = 1;
			p->exit_code = e->status;
		} else {
			p->killed_by = e->status;
			p->core = !!(e->flags & RN_PROCF_CORE);
		}
		proc_end(m, p, e->time);
		break;
	case RN_PROC_THREAD_EXIT:
		rn_funcs_close(m, e->pid, e->tid, e->time);
		break;
	case RN_PROC_ATTACH:
		if (!p->ppid && e->other) {
			p->ppid = e->other;
			rn_pevent *ev = add_event(p, e->time, "attach");
			if (ev)
				ev->tid = e->tid;
		}
		break;
	case RN_PROC_DETACH: {
		rn_pevent *ev = add_event(p, e->time, "detach");
		if (ev)
			ev->tid = e->tid;
		break;
	}
	default:
		break;
	}
}

void rn_procs_signal(rn_model *m, const rn_signal *s)
{
	rn_xproc *p = rn_procs_get(m, s->pid, s->time);
	if (!p)
		return;
	const char *sn = rn_export_decode_signal(s->signo);
	char name[24];
	if (sn)
		snprintf(name, sizeof(name), "%s", sn);
	else
		snprintf(name, sizeof(name), "signal %d", s->signo);
	rn_pevent *e = add_event(p, s->time, name);
	if (e) {
		e->tid = s->tid;
		e->signo = s->signo;
		e->code = s->code;
	}
}

void rn_procs_snapshot(rn_model *m, const rn_snapshot *s)
{
	rn_xproc *p = rn_procs_get(m, s->pid, s->time);
	if (!p)
		return;
	rn_xproc *parent = s->ppid && !p->ppid ? rn_int_map_get(&m->procs, s->ppid) : NULL;
	if (parent)
		adopt(p, parent, p->start);
	else if (!p->ppid)
		p->ppid = s->ppid;
	if (s->exe_len) {
		free(p->exe);
		p->exe = strndup(s->exe, s->exe_len);
	}
	if (s->cmdline_len) {
		free(p->cmdline);
		p->cmdline = join_args(s->cmdline, s->cmdline_len);
	}
}

const uint8_t *rn_procs_span_id(rn_model *m, int32_t pid)
{
	rn_xproc *p = rn_int_map_get(&m->procs, pid);
	if (p)
		return p->span_id;
	const uint8_t *id = rn_int_map_get(&m->dead, pid);
	return id ? id : m->root_id;
}

void rn_procs_finish(rn_model *m)
{
	size_t i = 0;
	rn_xproc *p;
	/* Deleting reorders the table: restart the scan after each removal. */
	while ((p = rn_int_map_next(&m->procs, &i, NULL))) {
		proc_end(m, p, p->last > m->last_ns ? p->last : m->last_ns);
		i = 0;
	}
}
