/* rn_replay_order.c: the second pass. Each call becomes an entry point and
 * an exit point, other events one point each; points wait in a min-heap
 * keyed by time and are printed once no later record can precede them (the
 * time of the event RP_WINDOW places back, as the first pass assumed).
 * Entries of the long calls the first pass noted are injected in time.
 * With a single thread nothing can interleave and lines print directly. */
#include "rn_replay.h"

#include <stdlib.h>
#include <string.h>

enum { IT_ENTRY, IT_EXIT, IT_LINE, IT_CALL, IT_SUPERSEDED, IT_DETACHED };

/* A point to print. IT_CALL is a whole call (entry and exit): printed as one
 * line unless something else comes first, then split into an IT_EXIT. */
typedef struct item {
	uint64_t time, seq;
	uint64_t t_exit; /* IT_CALL */
	int32_t tid;
	int32_t former; /* IT_SUPERSEDED: the thread that exec'd */
	uint8_t type;
	uint32_t n0;         /* IT_CALL: the entry part before the exit parts */
	uint32_t n1, n2, n3; /* text lengths: entry | name, args, ret | line */
	char text[];
} item;

/* Heap slots carry their keys, so sifting never touches the items. */
typedef struct slot {
	uint64_t time, seq;
	item *it;
} slot;

/* Points mostly arrive in time order: those go to a FIFO run (q), only the
 * out-of-order ones to the binary heap (v); the minimum is the smaller of
 * the two fronts. */
typedef struct heap {
	slot *v;
	size_t n, cap;
	slot *q;
	size_t qhead, qn, qcap;
	uint64_t seq;
} heap;

static int before(const slot *a, const slot *b)
{
	return a->time < b->time || (a->time == b->time && a->seq < b->seq);
}

static int tree_push(heap *h, slot e)
{
	if (rp_grow(&h->v, &h->cap, h->n, sizeof(*h->v), 1024) < 0)
		return -1;
	size_t k = h->n++;
	while (k > 0) {
		size_t p = (k - 1) / 2;
		if (!before(&e, &h->v[p]))
			break;
		h->v[k] = h->v[p];
		k = p;
	}
	h->v[k] = e;
	return 0;
}

static slot tree_pop(heap *h)
{
	slot top = h->v[0], last = h->v[--h->n];
	size_t k = 0;
	for (;;) {
		size_t c = 2 * k + 1;
		if (c >= h->n)
			break;
		if (c + 1 < h->n && before(&h->v[c + 1], &h->v[c]))
			c++;
		if (!before(&h->v[c], &last))
			break;
		h->v[k] = h->v[c];
		k = c;
	}
	if (h->n)
		h->v[k] = last;
	return top;
}

static int queue_push(heap *h, slot e)
{
	if (h->qn == h->qcap) {
		size_t cap = h->qcap ? h->qcap * 2 : 1024;
		slot *q = malloc(cap * sizeof(*q));
		if (!q)
			return -1;
		for (size_t k = 0; k < h->qn; k++)
			q[k] = h->q[(h->qhead + k) % h->qcap];
		free(h->q);
		h->q = q;
		h->qhead = 0;
		h->qcap = cap;
	}
	h->q[(h->qhead + h->qn++) % h->qcap] = e;
	return 0;
}

static size_t heap_size(const heap *h)
{
	return h->n + h->qn;
}

/* The front slot: the queue's or the tree's, whichever comes first. */
static const slot *heap_peek(const heap *h)
{
	const slot *q = h->qn ? &h->q[h->qhead] : NULL;
	const slot *t = h->n ? &h->v[0] : NULL;
	if (q && t)
		return before(q, t) ? q : t;
	return q ? q : t;
}

static int heap_push(heap *h, item *it)
{
	if (!it)
		return -1;
	slot e = {it->time, h->seq++, it};
	it->seq = e.seq;
	const slot *back = h->qn ? &h->q[(h->qhead + h->qn - 1) % h->qcap] : NULL;
	int rc = !back || !before(&e, back) ? queue_push(h, e) : tree_push(h, e);
	if (rc < 0)
		free(it);
	return rc;
}

static item *heap_pop(heap *h)
{
	const slot *f = heap_peek(h);
	if (h->qn && f == &h->q[h->qhead]) {
		h->qhead = (h->qhead + 1) % h->qcap;
		h->qn--;
		return f->it;
	}
	return tree_pop(h).it;
}

static item *mk(uint8_t type, uint64_t t, int32_t tid, const char *a, uint32_t na, const char *b,
                uint32_t nb, const char *c, uint32_t nc)
{
	item *it = malloc(sizeof(item) + na + nb + nc + 3);
	if (!it)
		return NULL;
	it->time = t;
	it->tid = tid;
	it->former = 0;
	it->type = type;
	it->n0 = 0;
	it->n1 = na;
	it->n2 = nb;
	it->n3 = nc;
	memcpy(it->text, a, na);
	it->text[na] = 0;
	if (nb)
		memcpy(it->text + na + 1, b, nb);
	it->text[na + 1 + nb] = 0;
	if (nc)
		memcpy(it->text + na + nb + 2, c, nc);
	it->text[na + nb + 2 + nc] = 0;
	return it;
}

/* A whole call: entry text, then name, args and ret as an exit item has. */
static item *mk_call(uint64_t t0, uint64_t t1, int32_t tid, const rp_parts *p)
{
	uint32_t n0 = (uint32_t)p->entry.len, na = (uint32_t)strlen(p->resumed);
	uint32_t nb = (uint32_t)p->args.len, nc = (uint32_t)p->ret.len;
	item *it = malloc(sizeof(item) + n0 + na + nb + nc + 4);
	if (!it)
		return NULL;
	it->time = t0;
	it->t_exit = t1;
	it->tid = tid;
	it->former = 0;
	it->type = IT_CALL;
	it->n0 = n0;
	it->n1 = na;
	it->n2 = nb;
	it->n3 = nc;
	char *q = it->text;
	memcpy(q, p->entry.p ? p->entry.p : "", n0);
	q[n0] = 0;
	q += n0 + 1;
	memcpy(q, p->resumed, na + 1);
	q += na + 1;
	memcpy(q, p->args.p ? p->args.p : "", nb);
	q[nb] = 0;
	q += nb + 1;
	memcpy(q, p->ret.p ? p->ret.p : "", nc);
	q[nc] = 0;
	return it;
}

static void print_item(rp_out *w, const item *it)
{
	switch (it->type) {
	case IT_ENTRY:
		rp_out_entry(w, it->time, it->tid, it->text, it->n1);
		break;
	case IT_EXIT:
		rp_out_exit(w, it->time, it->tid, it->text, it->text + it->n1 + 1, it->n2,
		            it->text + it->n1 + it->n2 + 2, it->n3);
		break;
	case IT_SUPERSEDED:
		rp_out_superseded(w, it->time, it->tid, it->former, it->text, it->n1);
		break;
	case IT_DETACHED:
		rp_out_detached(w, it->tid);
		break;
	default:
		rp_out_line(w, it->time, it->tid, it->text, it->n1);
	}
}

static int cmp_long(const void *a, const void *b)
{
	const rp_long *x = *(rp_long *const *)a, *y = *(rp_long *const *)b;
	return x->t_entry < y->t_entry ? -1 : x->t_entry > y->t_entry;
}

/* An item kept aside until an event decides where it goes: the exit of a
 * call whose thread may die (pid), a signal waiting for its call's record
 * (call_index). */
typedef struct parked {
	item *it;
	int32_t pid;
	uint64_t call_index;
} parked;

typedef struct state {
	rp_out *w;
	heap h;
	parked *dead; /* exits of calls the thread never returned from */
	size_t ndead, capdead;
	parked *held; /* one thread: moved signals waiting for their call's line */
	size_t nheld, capheld;
	rp_long **by_time; /* the scan's long calls, by entry time */
	size_t nlong, next_long;
	int oom;
} state;

static void release(state *st, uint64_t horizon, int all)
{
	while (st->next_long < st->nlong &&
	       (all || st->by_time[st->next_long]->t_entry < horizon)) {
		rp_long *l = st->by_time[st->next_long++];
		if (heap_push(&st->h, mk(IT_ENTRY, l->t_entry, l->tid, l->entry,
		                         (uint32_t)strlen(l->entry), "", 0, "", 0)) < 0)
			st->oom = 1;
	}
	while (heap_size(&st->h) && !st->w->broken) {
		item *it = heap_peek(&st->h)->it;
		if (!all && (it->time >= horizon || (it->type == IT_CALL && it->t_exit >= horizon)))
			break;
		heap_pop(&st->h);
		if (it->type != IT_CALL) {
			print_item(st->w, it);
			free(it);
			continue;
		}
		rp_out_entry(st->w, it->time, it->tid, it->text, it->n0);
		/* the rest of the item is laid out as an exit item */
		const char *q = it->text + it->n0 + 1;
		item *ex = mk(IT_EXIT, it->t_exit, it->tid, q, it->n1, q + it->n1 + 1, it->n2,
		              q + it->n1 + it->n2 + 2, it->n3);
		free(it);
		if (!ex) {
			st->oom = 1;
			continue;
		}
		if (!heap_size(&st->h) || heap_peek(&st->h)->time > ex->time) { /* alone */
			print_item(st->w, ex);
			free(ex);
		} else if (heap_push(&st->h, ex) < 0)
			st->oom = 1;
	}
}

/* Prints an item now (one thread: nothing can come between) or queues it. */
static void emit(state *st, item *it, int direct)
{
	if (!it) {
		st->oom = 1;
		return;
	}
	if (direct) {
		print_item(st->w, it);
		free(it);
	} else if (heap_push(&st->h, it) < 0)
		st->oom = 1;
}

/* Adds p to the list v (n, cap); frees the item when out of memory. */
static void park(state *st, parked **v, size_t *n, size_t *cap, parked p)
{
	if (!p.it || rp_grow(v, cap, *n, sizeof(**v), 16) < 0) {
		free(p.it);
		st->oom = 1;
		return;
	}
	(*v)[(*n)++] = p;
}

static void defer_exit(state *st, item *it, int32_t pid, uint64_t t_entry)
{
	if (it)
		it->time = t_entry;
	park(st, &st->dead, &st->ndead, &st->capdead, (parked){it, pid, 0});
}

/* A thread or process died, or a thread's exec took over the leader's tid:
 * their unfinished calls end now with " = ?", just before the +++ line. */
static void settle_deaths(state *st, const rn_proc *p, int direct)
{
	int whole = p->kind == RN_PROC_EXIT || p->kind == RN_PROC_KILLED;
	for (size_t k = 0; k < st->ndead;) {
		item *it = st->dead[k].it;
		if (it->tid == p->tid || (whole && st->dead[k].pid == p->pid)) {
			if (p->time > it->time)
				it->time = p->time;
			emit(st, it, direct);
			st->dead[k] = st->dead[--st->ndead];
		} else
			k++;
	}
}

/* One thread printing directly: a signal that came inside a call waits for
 * the call's record (position call_index). */
static void hold(state *st, item *it, uint64_t call_index)
{
	park(st, &st->held, &st->nheld, &st->capheld, (parked){it, 0, call_index});
}

/* Prints the held signals whose call's record is at or before index (all
 * of them: ~0), in the order they came. */
static void unhold(state *st, uint64_t index)
{
	size_t keep = 0;
	for (size_t k = 0; k < st->nheld; k++) {
		if (st->held[k].call_index <= index) {
			print_item(st->w, st->held[k].it);
			free(st->held[k].it);
		} else
			st->held[keep++] = st->held[k];
	}
	st->nheld = keep;
}

static const char *str(const rn_sb *sb)
{
	return sb->p ? sb->p : "";
}

/* exit and exit_group never return (catalog return kind RN_R_NONE): strace
 * prints their " = ?" as soon as the thread starts to exit, so the whole line
 * goes at the entry. */
static int ends_at_entry(const rn_syscall *sc, uint16_t arch)
{
	const rn_sysent *e = (sc->flags & RN_SC_NO_EXIT) ? rn_sc_ent(arch, sc) : NULL;
	return e && e->ret == RN_R_NONE;
}

/* A successful exec (RN_CLASS_EXEC) made by a non-leader thread returns in
 * the leader's tid (the thread took it over): the tid its exit part prints
 * under. */
static int32_t exit_tid(const rn_syscall *sc, uint16_t arch)
{
	if (sc->tid != sc->pid && sc->pid > 0 && sc->ret == 0 && !(sc->flags & RN_SC_NO_EXIT)) {
		const rn_sysent *e = rn_sc_ent(arch, sc);
		if (e && (e->classes & RN_CLASS_EXEC))
			return sc->pid;
	}
	return sc->tid;
}

int rp_order_run(rn_reader *r, rp_out *w, const rn_decode_opts *d0, const rp_filter *f,
                 const rp_scan *s, int durations)
{
	state st = {.w = w};
	st.nlong = s->ncalls;
	if (st.nlong) {
		st.by_time = malloc(st.nlong * sizeof(*st.by_time));
		if (!st.by_time)
			return -1;
		for (size_t k = 0; k < st.nlong; k++)
			st.by_time[k] = &s->calls[k];
		qsort(st.by_time, st.nlong, sizeof(*st.by_time), cmp_long);
	}
	uint64_t *ring = calloc(RP_WINDOW, sizeof(*ring));
	rp_state rs;
	rp_state_init(&rs, d0, rn_reader_header(r), f);
	int direct = !s->several_tids; /* nothing can interleave */
	rp_parts p = {0};
	rn_sb line = {0};
	rp_pers pers = {0};
	rn_event ev;
	uint64_t i = 0;
	size_t next_idx = 0;  /* the scan's calls are in stream order */
	size_t next_move = 0; /* and its moved signals */
	while (ring && !w->broken && rn_reader_next(r, &ev) == 1) {
		if (ev.kind == RN_EV_SYSCALL && f->personality && rs.d.arch == RN_ARCH_X86_64 &&
		    rp_pers_switch(&pers, &ev.u.sc, &line) &&
		    rp_wanted_who(f, ev.u.sc.pid, ev.u.sc.tid, ev.u.sc.t_entry))
			emit(&st,
			     mk(IT_LINE, ev.u.sc.t_entry, ev.u.sc.tid, str(&line),
			        (uint32_t)line.len, "", 0, "", 0),
			     direct);
		int want =
		    rp_wanted(f, &ev) && (!f->npaths && !f->fds ? 1 : rp_show_wanted(&rs, &ev));
		if (want) {
			if (ev.kind == RN_EV_SYSCALL) {
				rn_syscall *sc = &ev.u.sc;
				rp_render(&p, &rs, &ev, durations);
				int is_long = next_idx < s->ncalls && s->calls[next_idx].index == i;
				if (is_long)
					next_idx++;
				int at_entry = ends_at_entry(sc, rs.d.arch);
				int no_exit = (sc->flags & RN_SC_NO_EXIT) && !at_entry;
				uint64_t t_exit = at_entry ? sc->t_entry : sc->t_exit;
				int32_t xtid = exit_tid(sc, rs.d.arch);
				if (!direct && !is_long && !no_exit && xtid == sc->tid) {
					if (heap_push(&st.h, mk_call(sc->t_entry, t_exit, sc->tid,
					                             &p)) < 0)
						st.oom = 1;
				} else {
					item *ex = mk(IT_EXIT, t_exit, xtid, p.resumed,
					              (uint32_t)strlen(p.resumed), str(&p.args),
					              (uint32_t)p.args.len, str(&p.ret),
					              (uint32_t)p.ret.len);
					if (direct)
						rp_out_entry(w, sc->t_entry, sc->tid, str(&p.entry),
						             p.entry.len);
					else if (!is_long &&
					         heap_push(&st.h,
					                   mk(IT_ENTRY, sc->t_entry, sc->tid,
					                      str(&p.entry), (uint32_t)p.entry.len,
					                      "", 0, "", 0)) < 0)
						st.oom = 1;
					if (no_exit) /* " = ?" when the thread dies */
						defer_exit(&st, ex, sc->pid, sc->t_entry);
					else
						emit(&st, ex, direct);
				}
			} else if (rp_render_other(&line, &rs, &ev)) {
				int32_t tid = ev.kind == RN_EV_PROC     ? ev.u.proc.tid
				              : ev.kind == RN_EV_SIGNAL ? ev.u.sig.tid
				                                        : ev.u.loss.tid;
				uint64_t t = rp_event_time(&ev);
				while (next_move < s->nmoves && s->moves[next_move].index < i)
					next_move++;
				const rp_sigmove *mv =
				    next_move < s->nmoves && s->moves[next_move].index == i
				        ? &s->moves[next_move]
				        : NULL;
				if (mv)
					t = mv->time;
				item *it = mk(IT_LINE, t, tid, str(&line), (uint32_t)line.len, "",
				              0, "", 0);
				if (ev.kind == RN_EV_PROC) {
					settle_deaths(&st, &ev.u.proc, direct);
					if (it && rp_proc_superseded(&ev.u.proc)) {
						it->type = IT_SUPERSEDED;
						it->former = ev.u.proc.other;
					}
				}
				if (mv && direct)
					hold(&st, it, mv->call_index);
				else
					emit(&st, it, direct);
			}
		}
		if (st.nheld)
			unhold(&st, i);
		if (ev.kind != RN_EV_SYSCALL || !want)
			rp_state_event(&rs, &ev); /* rendered syscalls were fed by rp_render */
		ring[i % RP_WINDOW] = rp_event_time(&ev);
		i++;
		if (!direct && i >= RP_WINDOW)
			release(&st, ring[i % RP_WINDOW], 0);
	}
	/* The trace ended inside these calls: the threads died unseen, or (-p)
	 * the recorder detached from them, after every other line. */
	int attached = (rn_reader_header(r)->flags & RN_HDR_ATTACHED) != 0;
	for (size_t k = 0; k < st.ndead; k++) {
		if (attached) {
			st.dead[k].it->type = IT_DETACHED;
			st.dead[k].it->time = UINT64_MAX;
		}
		emit(&st, st.dead[k].it, direct);
	}
	st.ndead = 0;
	unhold(&st, UINT64_MAX);
	release(&st, 0, 1);
	while (heap_size(&st.h))
		free(heap_pop(&st.h));
	free(st.h.v);
	free(st.h.q);
	free(st.dead);
	free(st.held);
	free(st.by_time);
	free(ring);
	rp_parts_free(&p);
	rn_sb_free(&line);
	rp_pers_free(&pers);
	rp_state_free(&rs);
	return st.oom || !ring ? -2 : (w->broken ? -1 : 0);
}
