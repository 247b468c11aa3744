/* rn_replay_scan.c: the first pass. Records are written when calls
 * complete, so a call's entry can precede many records written before it
 * (a parent's wait4 spans its child's whole life). Calls whose entry is
 * older than the event RP_WINDOW places before them are noted here with
 * their entry part already rendered, so the second pass can print them at
 * their entry time while holding only a window of RP_WINDOW events. Also
 * notes whether several processes or threads appear (-f is then implied). */
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
	memset(s, 0, sizeof(*s));
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
		if (rp_wanted(f, &ev) && (!f->npaths && !f->fds ? 1 : rp_show_wanted(&st, &ev))) {
			if (ev.kind == RN_EV_SYSCALL) {
				const rn_syscall *sc = &ev.u.sc;
				note_ids(s, sc->pid, sc->tid);
				if (i >= RP_WINDOW && sc->t_entry < ring[i % RP_WINDOW]) {
					rn_sb_reset(&entry);
					rp_render_entry(&entry, &st, sc);
					if (note_long(s, i, sc, &entry) < 0) {
						rc = -1;
						break;
					}
				}
			} else if (ev.kind == RN_EV_SIGNAL)
				note_ids(s, ev.u.sig.pid, ev.u.sig.tid);
			else if (ev.kind == RN_EV_PROC)
				note_ids(s, ev.u.proc.pid, ev.u.proc.tid);
		}
		rp_state_event(&st, &ev);
		ring[i % RP_WINDOW] = rp_event_time(&ev);
		i++;
	}
	s->events = i;
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
	memset(s, 0, sizeof(*s));
}
