/* rn_replay_scan.c: the first pass. Records are written when calls
 * complete, so a call's entry can precede many records written before it
 * (a parent's wait4 spans its child's whole life). Calls whose entry is
 * older than the event RP_WINDOW places before them are noted here with
 * their entry part already rendered, so the second pass can print them at
 * their entry time while holding only a window of RP_WINDOW events. Also
 * notes whether several processes or threads appear (-f is then implied),
 * and which signals were recorded inside a call of their thread (they print
 * after its return, when they are delivered). */
#include "rn_replay.h"

#include <stdlib.h>
#include <string.h>

static int note_long(rp_scan *s, uint64_t index, const rn_syscall *sc, const rn_sb *entry)
{
	if (rp_grow(&s->calls, &s->cap, s->ncalls, sizeof(*s->calls), 64) < 0)
		return -1;
	rp_long *l = &s->calls[s->ncalls];
	l->entry = strdup(entry->p ? entry->p : "");
	if (!l->entry)
		return -1;
	l->index = index;
	l->t_entry = sc->t_entry;
	l->tid = sc->tid;
	s->ncalls++;
	return 0;
}

static int by_index(const void *a, const void *b)
{
	const rp_sigmove *x = a, *y = b;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* A record of thread tid at stream position index: the signals of tid
 * waiting for it move after its exit when they came inside the call. */
static int settle_signals(rp_scan *s, uint64_t index, const rn_syscall *sc)
{
	for (size_t k = 0; k < s->npending;) {
		rp_sigmove *m = &s->pending[k];
		if (m->tid != sc->tid) {
			k++;
			continue;
		}
		if (!(sc->flags & RN_SC_NO_EXIT) && sc->t_entry < m->time && m->time < sc->t_exit) {
			if (rp_grow(&s->moves, &s->capmoves, s->nmoves, sizeof(*s->moves), 16) < 0)
				return -1;
			m->call_index = index;
			m->time = sc->t_exit + 1;
			s->moves[s->nmoves++] = *m;
		}
		*m = s->pending[--s->npending];
	}
	return 0;
}

/* A thread or process ended: its signals stay where they are. */
static void drop_signals(rp_scan *s, const rn_proc *p)
{
	int whole = p->kind == RN_PROC_EXIT || p->kind == RN_PROC_KILLED;
	if (!whole && p->kind != RN_PROC_THREAD_EXIT)
		return;
	for (size_t k = 0; k < s->npending;)
		if (s->pending[k].tid == p->tid || (whole && s->pending[k].pid == p->pid))
			s->pending[k] = s->pending[--s->npending];
		else
			k++;
}

static int note_signal(rp_scan *s, uint64_t index, const rn_signal *sg)
{
	if (rp_grow(&s->pending, &s->cappending, s->npending, sizeof(*s->pending), 16) < 0)
		return -1;
	s->pending[s->npending++] = (rp_sigmove){index, 0, sg->time, sg->tid, sg->pid};
	return 0;
}

static void note_ids(rp_scan *s, int32_t pid, int32_t tid)
{
	if (!s->first_tid) {
		s->first_pid = pid;
		s->first_tid = tid;
		return;
	}
	if (pid != s->first_pid)
		s->several_pids = 1;
	if (tid != s->first_tid)
		s->several_tids = 1;
}

int rp_scan_run(rp_scan *s, rn_reader *r, const rn_decode_opts *d0, const rp_filter *f)
{
	rp_count *count = s->count; /* the caller's, kept */
	memset(s, 0, sizeof(*s));
	s->count = count;
	uint64_t *ring = calloc(RP_WINDOW, sizeof(*ring));
	if (!ring)
		return -1;
	rp_state st;
	rp_state_init(&st, d0, rn_reader_header(r), f);
	rn_sb entry = {0};
	rn_event ev;
	uint64_t i = 0;
	int rc = 0;
	while (rn_reader_next(r, &ev) == 1) {
		if (ev.kind == RN_EV_LOSS)
			rn_loss_tally_add(&s->loss, &ev.u.loss);
		if (ev.kind == RN_EV_SYSCALL && s->npending && settle_signals(s, i, &ev.u.sc) < 0) {
			rc = -1;
			break;
		}
		if (ev.kind == RN_EV_PROC && s->npending)
			drop_signals(s, &ev.u.proc);
		if (rp_wanted(f, &ev) && (!f->npaths && !f->fds ? 1 : rp_show_wanted(&st, &ev))) {
			if (ev.kind == RN_EV_SYSCALL) {
				const rn_syscall *sc = &ev.u.sc;
				rn_loss_tally_sc(&s->loss,
				                 sc); /* the shown calls' unread captures */
				note_ids(s, sc->pid, sc->tid);
				rp_count_add(s->count, sc);
				if (i >= RP_WINDOW && sc->t_entry < ring[i % RP_WINDOW]) {
					rn_sb_reset(&entry);
					rp_render_entry(&entry, &st, sc);
					if (note_long(s, i, sc, &entry) < 0) {
						rc = -1;
						break;
					}
				}
			} else if (ev.kind == RN_EV_SIGNAL) {
				note_ids(s, ev.u.sig.pid, ev.u.sig.tid);
				if (note_signal(s, i, &ev.u.sig) < 0) {
					rc = -1;
					break;
				}
			} else if (ev.kind == RN_EV_PROC)
				note_ids(s, ev.u.proc.pid, ev.u.proc.tid);
		}
		rp_state_event(&st, &ev);
		ring[i % RP_WINDOW] = rp_event_time(&ev);
		i++;
	}
	s->events = i;
	free(s->pending); /* their threads made no call after them */
	s->pending = NULL;
	s->npending = s->cappending = 0;
	if (s->nmoves)
		qsort(s->moves, s->nmoves, sizeof(*s->moves), by_index);
	rn_sb_free(&entry);
	rp_state_free(&st);
	free(ring);
	return rc;
}

void rp_scan_free(rp_scan *s)
{
	for (size_t i = 0; i < s->ncalls; i++)
		free(s->calls[i].entry);
	free(s->calls);
	free(s->moves);
	free(s->pending);
	memset(s, 0, sizeof(*s));
}
