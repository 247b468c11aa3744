/* rn_funcs_drain.c: moves the words of every ring into RN_EV_FUNCS batches
 * (one per thread and drain: the thread's function addresses plus (delta ns,
 * index | exit bit) pairs), reports dropped events as Loss events, and
 * retires the rings of threads that are gone. The recorder keeps each
 * thread's stack of open frames so that markers (switched off, thread or
 * process end, exec) and unwinds that skipped exits (longjmp) become exits. */
#include "rn_funcs_priv.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define BATCH_MAX_EVENTS (1u << 20)
#define CHUNK_SOFT_LIMIT (8u << 20) /* leave the rest in the rings for the next drain */
#define LIVENESS_EVERY   10         /* idle drains between checks that a thread lives */

static int grow(void **p, uint32_t *cap, uint32_t need, size_t elem)
{
	if (need <= *cap)
		return 0;
	uint32_t n = *cap ? *cap : 256;
	while (n < need)
		n *= 2;
	void *q = realloc(*p, (size_t)n * elem);
	if (!q)
		return -1;
	*p = q;
	*cap = n;
	return 0;
}

static int flush(rn_funcs_session *s, rn_chunk_builder *b)
{
	rn_fbatch *fb = &s->batch;
	int rc = 0;
	if (fb->nevents) {
		rn_funcs f = {fb->pid,    fb->tid,    fb->base_ns, fb->addrs,
		              fb->naddrs, fb->events, fb->nevents, fb->sites};
		rc = rn_chunk_add_funcs(b, &f);
	}
	fb->naddrs = fb->nevents = 0;
	if (++fb->gen == 0) { /* stamps wrapped: forget them all */
		memset(fb->loc_gen, 0, sizeof(uint32_t) << s->fn_bits);
		fb->gen = 1;
	}
	return rc;
}

/* The full clock value of a word. A signal handler can interrupt a put
 * between its clock read and its word; when the handler's events cross into
 * a new high half, its SYNC word (and its own word) land before a word
 * stamped under the old half, which would decode 2^32 ticks in the future.
 * A word right after a SYNC is always exact (a put writes SYNC then its
 * word); a later one that jumps more than 2^31 ticks ahead although the
 * previous half puts it within 2^30 ticks of the thread's last word is
 * such a late word, and takes the previous half. */
static uint64_t word_ticks(rn_fslot *fs, uint32_t lo)
{
	uint64_t tk = (uint64_t)fs->hi << 32 | lo;
	if (!fs->after_sync && fs->last_tk && fs->hi && tk > fs->last_tk + (1ull << 31)) {
		uint64_t prev = tk - (1ull << 32);
		if (prev + (1ull << 30) >= fs->last_tk && prev <= fs->last_tk + (1ull << 30))
			tk = prev;
	}
	fs->after_sync = 0;
	fs->last_tk = tk;
	return tk;
}

static int emit(rn_funcs_session *s, rn_chunk_builder *b, uint64_t ns, uint32_t id, int is_exit)
{
	rn_fbatch *fb = &s->batch;
	if (fb->nevents && (ns > fb->prev_ns + UINT32_MAX || fb->nevents >= BATCH_MAX_EVENTS) &&
	    flush(s, b) < 0)
		return -1;
	if (!fb->nevents)
		fb->base_ns = fb->prev_ns = ns;
	if (ns < fb->prev_ns) /* ticks of different CPUs: keep each thread's order */
		ns = fb->prev_ns;
	if (fb->loc_gen[id] != fb->gen) {
		if (grow((void **)&fb->addrs, &fb->cap_addrs, fb->naddrs + 1, 8) < 0 ||
		    grow((void **)&fb->sites, &fb->cap_sites, fb->naddrs + 1, 8) < 0)
			return -1;
		rn_chan_fn *f = &s->fns[id];
		fb->addrs[fb->naddrs] = atomic_load_explicit(&f->addr, memory_order_acquire);
		fb->sites[fb->naddrs] = atomic_load_explicit(&f->site, memory_order_acquire);
		fb->loc_gen[id] = fb->gen;
		fb->loc_idx[id] = fb->naddrs++;
	}
	if (grow((void **)&fb->events, &fb->cap_events, 2 * fb->nevents + 2, 4) < 0)
		return -1;
	fb->events[2 * fb->nevents] = (uint32_t)(ns - fb->prev_ns);
	fb->events[2 * fb->nevents + 1] = fb->loc_idx[id] | (is_exit ? RN_CHAN_EXIT : 0);
	fb->nevents++;
	fb->prev_ns = ns;
	return 0;
}

/* Exits for the frames above level keep (innermost first), all at ns. */
static int unwind(rn_funcs_session *s, rn_chunk_builder *b, rn_fslot *fs, uint32_t keep,
                  uint64_t ns)
{
	while (fs->depth > keep)
		if (emit(s, b, ns, fs->stack[--fs->depth], 1) < 0)
			return -1;
	return 0;
}

static int on_call(rn_funcs_session *s, rn_chunk_builder *b, rn_fslot *fs, uint32_t code,
                   uint64_t ns)
{
	uint32_t id = code & ~RN_CHAN_EXIT;
	if (id >> s->fn_bits)
		return 0; /* not a dictionary id: ignore the word */
	if (!(code & RN_CHAN_EXIT)) {
		if (grow((void **)&fs->stack, &fs->cap, fs->depth + 1, 4) < 0)
			return -1;
		fs->stack[fs->depth++] = id;
		return emit(s, b, ns, id, 0);
	}
	/* An exit closes the innermost frame of its function; frames above it
	 * were left without their exits (longjmp, lost events). An exit with no
	 * open frame belongs to a call made before recording began here. */
	uint32_t k = fs->depth;
	while (k > 0 && fs->stack[k - 1] != id)
		k--;
	if (k == 0)
		return 0;
	if (unwind(s, b, fs, k, ns) < 0)
		return -1;
	fs->depth--;
	return emit(s, b, ns, id, 1);
}

static int drain_slot(rn_funcs_session *s, rn_chunk_builder *b, uint32_t i, uint64_t head)
{
	rn_chan_slot *sl = &s->slotv[i];
	rn_fslot *fs = &s->slots[i];
	uint64_t *ring = s->rings + (uint64_t)i * s->ring_events;
	uint64_t mask = s->ring_events - 1;
	uint64_t tail = atomic_load_explicit(&sl->tail, memory_order_relaxed);
	/* The program can scribble on its ring's counters: never read more
	 * than one ring's worth, never run backwards. */
	if (head < tail)
		head = tail;
	if (head - tail > s->ring_events)
		tail = head - s->ring_events;
	rn_fclk_seg seg = {0};
	s->batch.pid = sl->pid;
	s->batch.tid = sl->tid;
	fs->idle = head == tail ? fs->idle + 1 : 0;
	int rc = 0;
	for (; tail < head && rc == 0; tail++) {
		uint64_t w = ring[tail & mask];
		uint32_t code = (uint32_t)(w >> 32), lo = (uint32_t)w;
		if (code == RN_CHAN_SYNC) {
			fs->hi = lo;
			fs->hi_ok = 1;
			fs->after_sync = 1;
			continue;
		}
		if (!fs->hi_ok)
			continue;
		uint64_t ns = rn_fclk_ns(&s->clk, &seg, word_ticks(fs, lo));
		/* Two drains' clock pairs can disagree by a few ns where their
		 * segments meet: a thread's events never go back in time. */
		if (ns < fs->last_ns)
			ns = fs->last_ns;
		if (code == RN_CHAN_OFF || code == RN_CHAN_END)
			rc = unwind(s, b, fs, 0, ns);
		else if (code < RN_CHAN_SPECIAL || (code & RN_CHAN_EXIT))
			rc = on_call(s, b, fs, code, ns);
		if (s->batch.nevents)
			fs->last_ns = s->batch.prev_ns;
	}
	atomic_store(&sl->tail, tail);
	/* A producer waiting for room sets waiting before it reads tail: either
	 * it sees the new tail or this sees waiting. */
	if (atomic_load(&sl->waiting)) {
		atomic_fetch_add(&sl->tail_seq, 1);
		rn_funcs_futex_wake(&sl->tail_seq);
	}
	return rc < 0 ? -1 : flush(s, b);
}

static int report_loss(rn_funcs_session *s, rn_chunk_builder *b, uint64_t *seen, uint64_t now,
                       uint64_t total, int32_t pid, int32_t tid)
{
	if (total <= *seen)
		return 0;
	rn_loss l = {now, total - *seen, pid, tid, RN_LOSS_BUFFER_FULL};
	if (rn_chunk_add_loss(b, &l) < 0)
		return -1;
	s->lost += total - *seen;
	*seen = total;
	return 0;
}

static int thread_gone(const rn_chan_slot *sl)
{
	return syscall(SYS_tgkill, sl->pid, sl->tid, 0) < 0 && errno == ESRCH;
}

static void retire(rn_funcs_session *s, uint32_t i)
{
	rn_chan_slot *sl = &s->slotv[i];
	rn_fslot *fs = &s->slots[i];
	fs->depth = 0;
	fs->hi_ok = 0;
	fs->dropped_seen = 0;
	fs->idle = 0;
	fs->last_ns = 0;
	fs->last_tk = 0;
	atomic_store(&sl->head, 0);
	atomic_store(&sl->tail, 0);
	atomic_store(&sl->dropped, 0);
	atomic_store(&sl->end_clk, 0);
	sl->pid = sl->tid = 0;
	atomic_store_explicit(&sl->state, RN_SLOT_FREE, memory_order_release);
}

/* After the ring is empty: close or keep open frames, free the slot. */
static int finish_slot(rn_funcs_session *s, rn_chunk_builder *b, uint32_t i, uint32_t st, int final)
{
	rn_chan_slot *sl = &s->slotv[i];
	rn_fslot *fs = &s->slots[i];
	if (st == RN_SLOT_ACTIVE && !final &&
	    (fs->idle == 0 || fs->idle % LIVENESS_EVERY || !thread_gone(sl)))
		return 0;
	/* exec replaced the image, or the process called exit() while this
	 * thread ran: its frames end then (or at its last event, if later).
	 * ENDED closed its frames itself. A thread that vanished otherwise
	 * (crash, kill, _exit) keeps its open entries: they are what was
	 * running when it died. */
	uint64_t end = atomic_load(&sl->end_clk);
	if (end && (st == RN_SLOT_DEAD || st == RN_SLOT_ACTIVE)) {
		rn_fclk_seg seg = {0};
		uint64_t ns = rn_fclk_ns(&s->clk, &seg, end);
		s->batch.pid = sl->pid;
		s->batch.tid = sl->tid;
		if (unwind(s, b, fs, 0, ns < fs->last_ns ? fs->last_ns : ns) < 0 || flush(s, b) < 0)
			return -1;
	}
	retire(s, i);
	return 0;
}

size_t rn_funcs_drain_all(rn_funcs_session *s, rn_chunk_builder *b, int final)
{
	rn_chan_hdr *h = s->hdr;
	rn_chan_slot *sl = s->slotv;
	uint32_t n = atomic_load(&h->next_slot);
	if (n > s->nslots)
		n = s->nslots;
	uint32_t st[n ? n : 1];
	for (uint32_t i = 0; i < n; i++) {
		st[i] = atomic_load_explicit(&sl[i].state, memory_order_acquire);
		s->heads[i] = atomic_load_explicit(&sl[i].head, memory_order_acquire);
	}
	/* Every tick read below is older than this pair. */
	rn_fclk_point(&s->clk);
	uint64_t now = rn_fclk_last_ns(&s->clk);
	uint32_t before = rn_chunk_events(b);
	s->more = 0;
	/* A drain that stops early resumes at the ring it stopped at: the
	 * first rings must not starve the others (whose threads would wait). */
	uint32_t first = n ? s->resume % n : 0;
	for (uint32_t k = 0; k < n; k++) {
		uint32_t i = (first + k) % n;
		if (st[i] != RN_SLOT_ACTIVE && st[i] != RN_SLOT_ENDED && st[i] != RN_SLOT_DEAD)
			continue;
		if (!final && rn_chunk_bytes(b) > CHUNK_SOFT_LIMIT) {
			s->more = 1;
			s->resume = i;
			break;
		}
		if (drain_slot(s, b, i, s->heads[i]) < 0 ||
		    report_loss(s, b, &s->slots[i].dropped_seen, now, atomic_load(&sl[i].dropped),
		                sl[i].pid, sl[i].tid) < 0)
			break;
		if (atomic_load(&sl[i].tail) == atomic_load(&sl[i].head) &&
		    finish_slot(s, b, i, st[i], final) < 0)
			break;
	}
	report_loss(s, b, &s->lost_noslot_seen, now, atomic_load(&h->lost_noslot), 0, 0);
	atomic_fetch_add(&h->drains, 1); /* waiting producers: the recorder is alive */
	return rn_chunk_events(b) - before;
}
