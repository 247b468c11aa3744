/* rn_preload_init.c: librnfunc.so's slow paths: mapping the channel rn-record
 * passed in RN_FUNCS_FD, claiming a ring for each thread on its first event,
 * switching on and off (SIGUSR2), and closing a thread's open frames when it
 * ends (thread exit, exit(), exec of a new image, fork). */
#include "rn_preload.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

RN_HIDDEN _Atomic uint32_t rn_pre_state = RN_ST_UNINIT;
RN_HIDDEN __thread rn_pre_tls rn_pre_t
    __attribute__((tls_model("initial-exec"))) = {.hi = 0xffffffffu};
RN_HIDDEN rn_chan_hdr *rn_pre_hdr;
RN_HIDDEN rn_chan_fn *rn_pre_fns;
RN_HIDDEN uint32_t rn_pre_fn_bits = 1;
RN_HIDDEN uint32_t rn_pre_max_depth = UINT32_MAX;
RN_HIDDEN int rn_pre_use_tsc;
RN_HIDDEN int rn_pre_filtering;
RN_HIDDEN uint8_t *rn_pre_verdict;
RN_HIDDEN uint32_t rn_pre_wait_ms;

/* A one-entry dictionary for the inert state, so the hot path never sees NULL. */
static rn_chan_fn inert_fns[2];
static _Atomic int init_once;
static int chan_fd = -1;
static pthread_key_t end_key;
/* The layout as found at start, kept privately: the program may scribble
 * on the shared header. */
static struct {
	rn_chan_slot *slots;
	uint32_t nslots, ring_events;
	uint64_t ring_off;
} lay;

#define ST_INERT ((1u << 1) | 0u)

RN_NOINST static void rn_pre_close_frames(rn_pre_tls *t, uint32_t marker)
{
	if (t->ring)
		rn_pre_put(t, marker);
	t->depth = 0;
}

RN_NOINST static void thread_end(void *arg)
{
	rn_pre_tls *t = &rn_pre_t;
	(void)arg;
	if (!t->ring)
		return;
	t->busy = 1;
	rn_pre_close_frames(t, RN_CHAN_END);
	rn_chan_slot *s = t->slot;
	munmap(t->ring, (t->mask + 1) * 8);
	t->ring = NULL;
	t->slot = NULL;
	t->head = t->limit = 0;
	t->seen = RN_ST_DEAD;
	atomic_store_explicit(&s->state, RN_SLOT_ENDED, memory_order_release);
}

/* exit(): the calling thread's frames end now; the other threads of the
 * process die in exit_group with theirs open, so their rings get the time
 * too (end_clk), for the recorder to close them at their last event or
 * this moment, whichever is later. */
RN_NOINST static void process_exit(void)
{
	rn_pre_tls *t = &rn_pre_t;
	if (!rn_pre_hdr || t->busy)
		return;
	t->busy = 1;
	rn_pre_close_frames(t, RN_CHAN_END);
	rn_chan_slot *sl = lay.slots;
	uint32_t n = atomic_load(&rn_pre_hdr->next_slot);
	int32_t pid = getpid();
	uint64_t now = rn_pre_clock();
	for (uint32_t i = 0; i < n && i < lay.nslots; i++) {
		uint64_t zero = 0;
		if (sl[i].pid == pid && atomic_load(&sl[i].state) == RN_SLOT_ACTIVE)
			atomic_compare_exchange_strong(&sl[i].end_clk, &zero, now);
	}
	t->busy = 0;
}

RN_NOINST static void after_fork(void)
{
	rn_pre_tls *t = &rn_pre_t;
	/* The parent's ring stays the parent's: this process claims its own. */
	t->ring = NULL;
	t->slot = NULL;
	t->head = t->limit = 0;
	t->stalled = 0;
	t->hi = 0xffffffffu;
	t->depth = 0;
	t->seen = 0;
	t->busy = 0;
}

RN_NOINST static void toggle(int sig)
{
	(void)sig;
	uint32_t old = atomic_load(&rn_pre_state), nw;
	do
		nw = (((old >> 1) + 1) << 1) | (~old & 1);
	while (!atomic_compare_exchange_weak(&rn_pre_state, &old, nw));
}

/* Slots this pid held in a former image (before exec) will never be
 * written again: the recorder closes their frames at the time of the exec. */
RN_NOINST static void retire_former_image(rn_chan_hdr *h)
{
	rn_chan_slot *sl = lay.slots;
	uint32_t n = atomic_load(&h->next_slot);
	int32_t pid = getpid();
	uint64_t now = rn_pre_clock();
	for (uint32_t i = 0; i < n && i < lay.nslots; i++) {
		if (atomic_load(&sl[i].state) == RN_SLOT_ACTIVE && sl[i].pid == pid) {
			atomic_store(&sl[i].end_clk, now);
			atomic_store_explicit(&sl[i].state, RN_SLOT_DEAD, memory_order_release);
		}
	}
}

RN_NOINST static rn_chan_hdr *map_channel(void)
{
	const char *e = getenv(RN_CHAN_ENV_FD);
	if (!e || !*e)
		return NULL;
	char *end;
	long fd = strtol(e, &end, 10);
	if (*end || fd < 0 || fd > 1 << 20)
		return NULL;
	rn_chan_hdr *h = mmap(NULL, sizeof(*h), PROT_READ, MAP_SHARED, (int)fd, 0);
	if (h == MAP_FAILED)
		return NULL;
	uint64_t len = h->ring_off;
	int ok = h->magic == RN_CHAN_MAGIC && h->version == RN_CHAN_VERSION && h->fn_bits >= 4 &&
	         h->fn_bits <= 28 && h->nslots > 0 && h->nslots <= 1 << 16 && h->ring_events >= 2 &&
	         !(h->ring_events & (h->ring_events - 1)) && h->fn_off >= sizeof(*h) &&
	         h->slot_off >= h->fn_off + (sizeof(rn_chan_fn) << h->fn_bits) &&
	         len >= h->slot_off + (uint64_t)h->nslots * sizeof(rn_chan_slot);
	lay.nslots = h->nslots;
	lay.ring_events = h->ring_events;
	lay.ring_off = len;
	uint64_t slot_off = h->slot_off;
	munmap(h, sizeof(*h));
	if (!ok)
		return NULL;
	h = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, (int)fd, 0);
	if (h == MAP_FAILED)
		return NULL;
	lay.slots = (rn_chan_slot *)((char *)h + slot_off);
	chan_fd = (int)fd;
	return h;
}

RN_NOINST static void rn_pre_init(void)
{
	int expect = 0;
	if (!atomic_compare_exchange_strong(&init_once, &expect, 1))
		return;
	rn_pre_fns = inert_fns;
	rn_chan_hdr *h = map_channel();
	if (!h) {
		atomic_store(&rn_pre_state, ST_INERT);
		return;
	}
	rn_pre_use_tsc = h->clock == RN_CHAN_CLOCK_TSC;
	rn_pre_max_depth = h->max_depth ? h->max_depth : UINT32_MAX;
	rn_pre_wait_ms = h->wait_ms;
	retire_former_image(h);
	if (h->include[0] || h->exclude[0]) {
		void *v = mmap(NULL, (size_t)1 << h->fn_bits, PROT_READ | PROT_WRITE,
		               MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (v != MAP_FAILED) {
			rn_pre_verdict = v;
			rn_pre_filter_init(h->include, h->exclude);
			rn_pre_filtering = 1;
		}
	}
	pthread_key_create(&end_key, thread_end);
	pthread_atfork(NULL, NULL, after_fork);
	atexit(process_exit);
	if (h->start_disabled) {
		struct sigaction sa;
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = toggle;
		sa.sa_flags = SA_RESTART;
		sigaction(SIGUSR2, &sa, NULL);
	}
	rn_pre_hdr = h;
	rn_pre_fn_bits = h->fn_bits;
	rn_pre_fns = rn_chan_fns(h);
	atomic_store(&rn_pre_state, (1u << 1) | (h->start_disabled ? 0u : 1u));
}

__attribute__((constructor)) RN_NOINST static void rn_pre_ctor(void)
{
	rn_pre_init();
}

RN_NOINST static int claim_slot(rn_pre_tls *t)
{
	rn_chan_hdr *h = rn_pre_hdr;
	rn_chan_slot *sl = lay.slots;
	uint32_t i = atomic_fetch_add(&h->next_slot, 1), st = RN_SLOT_FREE;
	if (i >= lay.nslots) {
		atomic_store(&h->next_slot, lay.nslots);
		for (i = 0; i < lay.nslots; i++) {
			st = RN_SLOT_FREE;
			if (atomic_compare_exchange_strong(&sl[i].state, &st, RN_SLOT_CLAIMING))
				break;
		}
		if (i == lay.nslots)
			return -1;
	} else {
		atomic_store(&sl[i].state, RN_SLOT_CLAIMING);
	}
	size_t bytes = (size_t)lay.ring_events * 8;
	void *r = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_SHARED, chan_fd,
	               (off_t)(lay.ring_off + (uint64_t)i * bytes));
	if (r == MAP_FAILED) {
		atomic_store(&sl[i].state, RN_SLOT_FREE);
		return -1;
	}
	rn_chan_slot *s = &sl[i];
	s->pid = getpid();
	s->tid = (int32_t)syscall(SYS_gettid);
	uint64_t head = atomic_load(&s->head);
	atomic_store_explicit(&s->state, RN_SLOT_ACTIVE, memory_order_release);
	t->ring = r;
	t->slot = s;
	t->mask = lay.ring_events - 1;
	t->head = head;
	t->limit = head; /* the first put checks the mark */
	t->stalled = 0;
	t->hi = 0xffffffffu;
	t->depth = 0;
	pthread_setspecific(end_key, t);
	return 0;
}

RN_NOINST int rn_pre_slow(rn_pre_tls *t, uint32_t g)
{
	if (t->busy || t->seen == RN_ST_DEAD) {
		/* a signal handler's call while this thread is in a slow path, or
		 * a call after the thread's end: not recorded, but counted */
		if (rn_pre_hdr && (g & 1))
			atomic_fetch_add_explicit(&rn_pre_hdr->lost_noslot, 1,
			                          memory_order_relaxed);
		return 0;
	}
	t->busy = 1;
	if (g == RN_ST_UNINIT) {
		rn_pre_init();
		g = atomic_load(&rn_pre_state);
		if (g == RN_ST_UNINIT) { /* another thread is initialising */
			t->busy = 0;
			return 0;
		}
	}
	int on = g & 1;
	if (on && !t->ring && rn_pre_hdr && claim_slot(t) < 0)
		atomic_fetch_add_explicit(&rn_pre_hdr->lost_noslot, 1, memory_order_relaxed);
	/* Switched off, or off and on again while this thread was not looking:
	 * the frames open so far are closed at this moment. */
	if ((t->seen & 1) && t->seen != RN_ST_UNINIT && (!on || (t->seen >> 1) != (g >> 1)))
		rn_pre_close_frames(t, RN_CHAN_OFF);
	else if (on && !(t->seen & 1))
		t->depth = 0;
	t->seen = g;
	t->busy = 0;
	return on && t->ring;
}

RN_NOINST uint64_t rn_pre_mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

RN_NOINST void rn_pre_put_sync(rn_pre_tls *t, uint32_t code, uint64_t c)
{
	uint32_t hi = (uint32_t)(c >> 32);
	if (!rn_pre_word(t, (uint64_t)RN_CHAN_SYNC << 32 | hi)) {
		rn_pre_drop(t);
		return;
	}
	t->hi = hi;
	if (!rn_pre_word(t, (uint64_t)code << 32 | (uint32_t)c))
		rn_pre_drop(t);
}

RN_NOINST void rn_pre_drop(rn_pre_tls *t)
{
	if (t->slot)
		atomic_fetch_add_explicit(&t->slot->dropped, 1, memory_order_relaxed);
	else if (rn_pre_hdr)
		atomic_fetch_add_explicit(&rn_pre_hdr->lost_noslot, 1, memory_order_relaxed);
}

RN_NOINST uint32_t rn_pre_id_slow(uint64_t addr, uint64_t site)
{
	if (!rn_pre_hdr)
		return RN_ID_NONE;
	uint32_t mask = (1u << rn_pre_fn_bits) - 1;
	uint32_t h = rn_chan_hash(addr, rn_pre_fn_bits);
	for (int probe = 0; probe < 256; probe++, h = (h + 1) & mask) {
		rn_chan_fn *f = &rn_pre_fns[h];
		uint64_t k = atomic_load_explicit(&f->addr, memory_order_acquire);
		if (k == addr)
			return h;
		if (k)
			continue;
		/* The site is written before this thread publishes an event naming h;
		 * another thread's first event may come before it (site then 0). */
		uint64_t zero = 0;
		if (atomic_compare_exchange_strong(&f->addr, &zero, addr)) {
			atomic_store_explicit(&f->site, site, memory_order_release);
			return h;
		}
		if (zero == addr)
			return h;
	}
	return RN_ID_NONE;
}
