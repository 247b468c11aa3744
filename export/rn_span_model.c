/* rn_span_model.c: walks a trace once, in file order, and turns it into
 * spans: one per syscall (as it is read), one per process (when it ends), one
 * per function call, and the root span for the recorded command last. Memory
 * stays bounded by the number of live processes and threads, never by the
 * trace's length. */
#include "rn_model_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void quiet_warn(void *ctx, const char *file, const char *msg)
{
	(void)ctx;
	(void)file;
	(void)msg;
}

static void index_facts(rn_model *m, const char *path)
{
	char err[256];
	rn_reader *r = rn_reader_open(path, err, sizeof(err));
	const rn_chunk_info *c;
	uint32_t n;
	if (!r)
		return;
	rn_reader_set_warn(r, quiet_warn, NULL);
	if (rn_reader_chunks(r, &c, &n) == 0) {
		for (uint32_t i = 0; i < n; i++) {
			m->total_events += c[i].nevents;
			if (c[i].nevents && (!m->first_ns || c[i].first_ns < m->first_ns))
				m->first_ns = c[i].first_ns;
			if (c[i].last_ns > m->last_ns)
				m->last_ns = c[i].last_ns;
		}
	}
	rn_reader_close(r);
}

rn_model *rn_model_open(const char *path, const rn_model_opts *o, char *err, size_t errlen)
{
	rn_model *m = calloc(1, sizeof(*m));
	if (!m) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	m->r = rn_reader_open(path, err, errlen);
	if (!m->r) {
		free(m);
		return NULL;
	}
	m->h = rn_reader_header(m->r);
	rn_damage_listen(&m->dmg.post, m->r); /* the first pass tells them */
	if (o)
		m->o = *o;
	rn_trace_id_from_header(m->h, m->trace_id);
	rn_span_id_make(m->trace_id, RN_ID_ROOT, 0, 0, m->root_id);
	index_facts(m, path);
	if (m->o.rebase_time) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		uint64_t now = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
		uint64_t end = m->last_ns > m->h->mono_start_ns ? m->last_ns : m->h->mono_start_ns;
		m->shift = (int64_t)(now - rn_model_wall(m, end));
	}
	m->dec = rn_export_decode_new(m->h);
	m->sym = rn_symbols_new();
	m->src = rn_span_source_new(path, m->h->arch, 0);
	if (!m->dec || !m->sym || !m->src || rn_resource_build(m, path) < 0) {
		snprintf(err, errlen, "out of memory");
		rn_model_close(m);
		return NULL;
	}
	return m;
}

void rn_model_close(rn_model *m)
{
	if (!m)
		return;
	size_t i = 0;
	rn_xproc *p;
	while ((p = rn_int_map_next(&m->procs, &i, NULL))) {
		for (int k = 0; k < p->nevents; k++)
			free(p->events[k].path);
		free(p->events);
		free(p->exe);
		free(p->cmdline);
		free(p);
	}
	i = 0;
	void *t;
	while ((t = rn_int_map_next(&m->threads, &i, NULL)))
		free(t);
	rn_int_map_free(&m->procs);
	rn_int_map_free(&m->pid_gen);
	rn_int_map_free(&m->threads);
	i = 0;
	while ((t = rn_int_map_next(&m->dead, &i, NULL)))
		free(t);
	rn_int_map_free(&m->dead);
	rn_resource_free(m);
	rn_export_decode_free(m->dec);
	rn_symbols_free(m->sym);
	rn_span_source_free(m->src);
	if (m->r)
		rn_reader_close(m->r);
	free(m);
}

rn_reader *rn_model_reader(rn_model *m)
{
	return m->r;
}

const uint8_t *rn_model_trace_id(const rn_model *m)
{
	return m->trace_id;
}

const rn_loss_tally *rn_model_loss(const rn_model *m)
{
	return &m->loss;
}

void rn_model_first(const rn_model *m, const rn_loss_tally **lt, const rn_damage **dmg)
{
	*lt = &m->pre_loss;
	*dmg = &m->dmg.pre;
}

rn_export_dmg *rn_model_damage(rn_model *m)
{
	return &m->dmg;
}

uint64_t rn_model_total_events(const rn_model *m)
{
	return m->total_events;
}

uint64_t rn_model_events_read(const rn_model *m)
{
	return m->events_read;
}

uint64_t rn_model_wall(const rn_model *m, uint64_t mono)
{
	/* Modular arithmetic: a damaged header or time must not overflow a
	 * signed sum (the result is garbage then, not undefined behaviour). */
	uint64_t d = mono - m->h->mono_start_ns;
	return m->h->wall_start_ns + d + (uint64_t)m->shift;
}

void rn_model_emit(rn_model *m, rn_span *s)
{
	if (m->stopped)
		return;
	s->start = rn_model_wall(m, s->mono_start);
	s->end = rn_model_wall(m, s->mono_end < s->mono_start ? s->mono_start : s->mono_end);
	/* No digits below the clock's resolution (the header clocks' offset is
	 * not the event's); function events keep ns (the program's own clock). */
	uint32_t res = rn_header_res(m->h);
	if (s->kind != RN_XS_FUNC && res > 1) {
		s->start -= s->start % res;
		s->end -= s->end % res;
	}
	if (m->sink(m->ctx, s) < 0)
		m->stopped = 1;
}

static void emit_syscall(rn_model *m, const rn_syscall *sc)
{
	char name[48], args[1024], errbuf[96], msg[160];
	rn_span_source_loc loc;
	rn_xattr a[12];
	int n = 0;
	/* A call completing after its process ended (exit_group) belongs to
	 * the ended process, not to a new one. */
	rn_xproc *p = rn_int_map_get(&m->procs, sc->pid);
	const uint8_t *dead = p ? NULL : rn_int_map_get(&m->dead, sc->pid);
	if (!p && !dead)
		p = rn_procs_get(m, sc->pid, sc->t_entry);
	rn_span s = {0};
	s.kind = RN_XS_SYSCALL;
	s.name = rn_export_decode_name(m->dec, sc, name, sizeof(name));
	rn_span_id_make(m->trace_id, RN_ID_SYSCALL, m->syscall_index++, 0, s.span_id);
	memcpy(s.parent_id, p ? p->span_id : dead ? dead : m->root_id, 8);
	s.has_parent = 1;
	s.mono_start = sc->t_entry;
	s.mono_end = (sc->flags & RN_SC_NO_EXIT) ? sc->t_entry : sc->t_exit;
	s.pid = sc->pid;
	s.tid = sc->tid;
	a[n++] = (rn_xattr){"thread.id", RN_XA_INT, NULL, sc->tid, 0};
	a[n++] = (rn_xattr){"rn.syscall.args", RN_XA_STR,
	                    rn_export_decode_args(m->dec, sc, args, sizeof(args)), 0, 0};
	if (sc->flags & RN_SC_NO_EXIT) {
		a[n++] = (rn_xattr){"rn.syscall.unfinished", RN_XA_BOOL, NULL, 1, 0};
	} else {
		a[n++] = (rn_xattr){"rn.syscall.return", RN_XA_INT, NULL, sc->ret, 0};
	}
	if (rn_sc_failed(sc)) {
		const char *en = rn_export_decode_errno((int)-sc->ret);
		if (!en) {
			snprintf(errbuf, sizeof(errbuf), "errno %d", (int)-sc->ret);
			en = errbuf;
		}
		a[n++] = (rn_xattr){"error.type", RN_XA_STR, en, 0, 0};
		s.status = RN_XST_ERROR;
		const char *desc = rn_export_decode_errdesc((int)-sc->ret);
		snprintf(msg, sizeof(msg), "%s%s%s%s", en, desc ? " (" : "", desc ? desc : "",
		         desc ? ")" : "");
		s.status_msg = msg;
	}
	if (sc->flags & RN_SC_RESTARTED)
		a[n++] = (rn_xattr){"rn.syscall.restarted", RN_XA_BOOL, NULL, 1, 0};
	if (sc->flags & RN_SC_NO_ENTRY) /* starts at the attach: it began earlier */
		a[n++] = (rn_xattr){"rn.syscall.entry_unseen", RN_XA_BOOL, NULL, 1, 0};
	if (rn_span_source_where(m->src, sc, &loc)) {
		a[n++] = (rn_xattr){"rn.syscall.source", RN_XA_STR, loc.text, 0, 0};
		if (loc.file[0]) {
			a[n++] = (rn_xattr){"code.file.path", RN_XA_STR, loc.file, 0, 0};
			a[n++] = (rn_xattr){"code.line.number", RN_XA_INT, NULL, loc.line, 0};
		}
		if (loc.function[0])
			a[n++] = (rn_xattr){"code.function.name", RN_XA_STR, loc.function, 0, 0};
	}
	s.attrs = a;
	s.nattrs = n;
	if (p && s.mono_end > p->last)
		p->last = s.mono_end;
	/* A child can enter its first syscall before the recorder handles the
	 * parent's fork event: the process span starts no later than its calls. */
	if (p && sc->t_entry < p->start)
		p->start = sc->t_entry;
	if (s.mono_end > m->last_ns)
		m->last_ns = s.mono_end;
	rn_model_emit(m, &s);
}

static void note_loss(rn_model *m, const rn_loss *l)
{
	rn_loss_tally_add(&m->loss, l);
	if (m->nroot_events >= RN_PROC_MAX_EVENTS) {
		m->root_dropped++;
		return;
	}
	rn_pevent *e = &m->root_events[m->nroot_events++];
	memset(e, 0, sizeof(*e));
	e->time = l->time;
	snprintf(e->name, sizeof(e->name), "loss");
	e->tid = l->tid;
	e->signo = (int32_t)l->reason;
	e->code = (int32_t)(l->count > 0x7fffffff ? 0x7fffffff : l->count);
}

static void emit_root(rn_model *m)
{
	rn_xevent ev[RN_PROC_MAX_EVENTS];
	rn_xattr a[4];
	int n = 0;
	rn_span s = {0};
	s.kind = RN_XS_ROOT;
	memcpy(s.span_id, m->root_id, 8);
	const char *cmd = NULL;
	for (int i = 0; i < m->nres; i++)
		if (strcmp(m->res[i].key, "process.command_line") == 0)
			cmd = m->res[i].s;
	s.name = cmd && *cmd ? cmd : "rn trace";
	s.mono_start = m->h->mono_start_ns;
	if (m->first_ns && m->first_ns < s.mono_start)
		s.mono_start = m->first_ns;
	s.mono_end = m->last_ns > s.mono_start ? m->last_ns : s.mono_start;
	s.pid = m->h->pid;
	s.tid = m->h->pid;
	if (cmd)
		a[n++] = (rn_xattr){"process.command_line", RN_XA_STR, cmd, 0, 0};
	if (m->h->producer)
		a[n++] = (rn_xattr){"rn.trace.producer", RN_XA_STR, m->h->producer, 0, 0};
	a[n++] = (rn_xattr){"rn.trace.lost_events", RN_XA_INT, NULL, (int64_t)m->loss.total, 0};
	s.attrs = a;
	s.nattrs = n;
	for (int i = 0; i < m->nroot_events; i++) {
		const rn_pevent *e = &m->root_events[i];
		ev[i] = (rn_xevent){rn_model_wall(m, e->time), e->name, {{0}}, 3};
		ev[i].attrs[0] = (rn_xattr){"rn.loss.reason", RN_XA_INT, NULL, e->signo, 0};
		ev[i].attrs[1] = (rn_xattr){"rn.loss.count", RN_XA_INT, NULL, e->code, 0};
		ev[i].attrs[2] = (rn_xattr){"thread.id", RN_XA_INT, NULL, e->tid, 0};
	}
	s.events = ev;
	s.nevents = m->nroot_events;
	s.dropped_events = m->root_dropped;
	if (m->loss.total)
		s.status_msg = "events were lost while recording";
	rn_model_emit(m, &s);
}

static void dispatch(rn_model *m, const rn_event *ev)
{
	switch (ev->kind) {
	case RN_EV_SYSCALL:
		emit_syscall(m, &ev->u.sc);
		break;
	case RN_EV_PROC:
		rn_procs_event(m, &ev->u.proc);
		break;
	case RN_EV_SIGNAL:
		rn_procs_signal(m, &ev->u.sig);
		break;
	case RN_EV_MAPPING:
		rn_symbols_add_mapping(m->sym, &ev->u.map);
		break;
	case RN_EV_LOSS:
		note_loss(m, &ev->u.loss);
		break;
	case RN_EV_SNAPSHOT:
		rn_procs_snapshot(m, &ev->u.snap);
		break;
	case RN_EV_FUNCS:
		if (!m->o.no_functions)
			rn_funcs_batch(m, &ev->u.funcs);
		break;
	default:
		break;
	}
}

int rn_model_run(rn_model *m, rn_span_sink sink, void *ctx)
{
	rn_event ev;
	m->sink = sink;
	m->ctx = ctx;
	while (!m->stopped && rn_reader_next(m->r, &ev) == 1) {
		m->events_read++;
		rn_span_source_feed(m->src, &ev);
		dispatch(m, &ev);
		rn_export_decode_feed(m->dec, &ev);
	}
	rn_funcs_finish(m);
	rn_procs_finish(m);
	emit_root(m);
	return m->stopped ? -1 : 0;
}
