/* rn_reader_ahead.c: the reader's walk over the chunks (read, frame check,
 * decompression, column decoding) run on a second thread, a few chunks
 * ahead of the caller, who is handed the same events in the same order as
 * without it. The walk's warnings and status are kept with each chunk and
 * told, or taken, when the caller reaches that chunk, so they come at the
 * same points too (rn_reader_set_threads).
 * Loading a chunk costs about twice what reading its events out does (a
 * summary), so the caller would wait for the walk most of the time: the
 * first chunk, and a chunk the walk finds after the caller had to wait, is
 * left to the caller to load (rn_reader_ahead_defer), with a loader of its
 * own (a zstd context and a frame buffer), while the walk goes on to the
 * next one: on a summary one chunk in three or four, and neither thread
 * waits long for the other. Its warnings are told, and its counts added to
 * the status, where the walk's would have been. */
#include "rn_grow.h"
#include "rn_reader_int.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define NSLOTS 3 /* chunks decoded ahead, the one being read included */

struct rn_reader_ahead {
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	rn_reader_chunk slot[NSLOTS];
	unsigned head, tail; /* slots [head, tail) are loaded, mod NSLOTS */
	int taken;           /* the caller reads slot head */
	int stop, ended;
	uint32_t mid_bad0;    /* r->mid_bad at the start */
	uint64_t cons_pos;    /* where the walk goes on after the caller's chunk */
	rn_reader_status wst; /* the walk thread's status */
	int waited;           /* the caller had to wait for a chunk since the
	                       * walk last left it one */
	rn_reader *loader;    /* the caller's loader: the reader's read-only state
	                       * (copied at the start) with its own zstd context
	                       * and frame buffer; NULL: nothing is deferred */
	rn_reader_status dst; /* the counts of the chunks the caller loaded */
	int defer;            /* RN_READ_DEFER (tests): 1 every chunk, 0 none;
	                       * -1 (unset) when the caller had to wait */
};

void rn_reader_ahead_log(rn_reader_chunk *c, const char *msg)
{
	size_t n = strlen(msg) + 1;
	if (c->loglen + n > c->logcap) {
		char *p = rn_grow(c->log, &c->logcap, c->loglen + n, 512);
		if (!p)
			return; /* out of memory: the status still counts it */
		c->log = p;
	}
	memcpy(c->log + c->loglen, msg, n);
	c->loglen += n;
}

static void *walk_thread(void *arg)
{
	rn_reader *r = arg;
	struct rn_reader_ahead *a = r->ahead;
	for (;;) {
		pthread_mutex_lock(&a->mu);
		while (!a->stop && a->tail - a->head == NSLOTS)
			pthread_cond_wait(&a->cv, &a->mu);
		int stop = a->stop;
		pthread_mutex_unlock(&a->mu);
		if (stop)
			break;
		rn_reader_chunk *c = &a->slot[a->tail % NSLOTS];
		c->loglen = 0;
		r->prod = c;
		c->more = rn_reader_walk(r);
		c->st = a->wst;
		c->pos = r->pos;
		pthread_mutex_lock(&a->mu);
		a->tail++;
		pthread_cond_broadcast(&a->cv);
		pthread_mutex_unlock(&a->mu);
		if (!c->more)
			break;
	}
	return NULL;
}

int rn_reader_ahead_defer(rn_reader *r)
{
	struct rn_reader_ahead *a = r->ahead;
	if (!a->loader || a->defer >= 0)
		return a->loader && a->defer == 1;
	pthread_mutex_lock(&a->mu);
	int d = a->waited;
	a->waited = 0;
	pthread_mutex_unlock(&a->mu);
	return d;
}

static void loader_free(rn_reader *l)
{
	if (!l)
		return;
	ZSTD_freeDCtx(l->dctx);
	free(l->cbuf);
	free(l);
}

/* A copy of what loading reads of r (file, map, header, how to read), with
 * a zstd context and frame buffer of its own; NULL when out of memory. */
static rn_reader *loader_new(rn_reader *r, rn_reader_status *counts)
{
	rn_reader *l = malloc(sizeof(*l));
	if (!l)
		return NULL;
	*l = *r;
	l->cbuf = NULL;
	l->ccap = 0;
	l->csrc = NULL;
	l->ahead = NULL; /* its warnings are told as they come */
	l->cur = l->prod = NULL;
	l->ws = counts;
	l->dctx = rn_reader_new_dctx();
	if (!l->dctx) {
		free(l);
		return NULL;
	}
	return l;
}

int rn_reader_ahead_start(rn_reader *r)
{
	struct rn_reader_ahead *a = calloc(1, sizeof(*a));
	if (!a)
		return -1;
	a->loader = loader_new(r, &a->dst); /* NULL: the walk loads every chunk */
	const char *d = getenv("RN_READ_DEFER");
	a->defer = d && (d[0] == '0' || d[0] == '1') && !d[1] ? d[0] - '0' : -1;
	a->waited = 1; /* the caller has nothing yet: the first chunk is its */
	if (pthread_mutex_init(&a->mu, NULL) != 0) {
		loader_free(a->loader);
		free(a);
		return -1;
	}
	if (pthread_cond_init(&a->cv, NULL) != 0) {
		pthread_mutex_destroy(&a->mu);
		loader_free(a->loader);
		free(a);
		return -1;
	}
	for (int i = 0; i < NSLOTS; i++)
		a->slot[i].view.clock_res = r->hdr.clock_res_ns;
	a->wst = r->st;
	a->mid_bad0 = r->mid_bad;
	a->cons_pos = r->pos;
	r->ahead = a;
	r->ws = &a->wst;
	r->cur = NULL;
	if (pthread_create(&a->th, NULL, walk_thread, r) != 0) {
		r->ahead = NULL;
		r->ws = &r->st;
		r->cur = r->prod = &r->one;
		pthread_cond_destroy(&a->cv);
		pthread_mutex_destroy(&a->mu);
		loader_free(a->loader);
		free(a);
		return -1;
	}
	return 0;
}

/* The caller's status: the walk's after chunk c, with the counts of the
 * chunks the caller loaded itself and of those found corrupt while read. */
static void take_status(rn_reader *r, const rn_reader_chunk *c)
{
	struct rn_reader_ahead *a = r->ahead;
	r->st.chunks_ok = c->st.chunks_ok + a->dst.chunks_ok;
	r->st.chunks_bad = c->st.chunks_bad + a->dst.chunks_bad + (r->mid_bad - a->mid_bad0);
	r->st.bytes_skipped = c->st.bytes_skipped;
	r->st.truncated = c->st.truncated;
	r->st.cut_events = c->st.cut_events;
	r->st.good_end = c->st.good_end > a->dst.good_end ? c->st.good_end : a->dst.good_end;
	r->st.checks_bad = c->st.checks_bad + a->dst.checks_bad;
}

int rn_reader_ahead_next(rn_reader *r)
{
	struct rn_reader_ahead *a = r->ahead;
	if (a->ended)
		return 0;
	pthread_mutex_lock(&a->mu);
	if (a->taken) { /* the caller is done with it: the walk may reuse it */
		a->head++;
		a->taken = 0;
		pthread_cond_broadcast(&a->cv);
	}
	if (a->head == a->tail)
		a->waited = 1;
	while (a->head == a->tail)
		pthread_cond_wait(&a->cv, &a->mu);
	a->taken = 1;
	pthread_mutex_unlock(&a->mu);
	rn_reader_chunk *c = &a->slot[a->head % NSLOTS];
	for (size_t i = 0; i < c->loglen; i += strlen(c->log + i) + 1)
		if (r->warn)
			r->warn(r->warn_ctx, r->path, c->log + i);
	if (c->deferred) { /* left to this thread: loaded here, told here */
		rn_reader *l = a->loader;
		l->prod = c;
		l->warn = r->warn;
		l->warn_ctx = r->warn_ctx;
		rn_reader_load(l, &c->ci);
		c->deferred = 0;
	}
	take_status(r, c);
	a->cons_pos = c->pos;
	r->cur = c;
	if (!c->more)
		a->ended = 1;
	return c->more;
}

void rn_reader_ahead_stop(rn_reader *r)
{
	struct rn_reader_ahead *a = r->ahead;
	if (!a)
		return;
	pthread_mutex_lock(&a->mu);
	a->stop = 1;
	pthread_cond_broadcast(&a->cv);
	pthread_mutex_unlock(&a->mu);
	pthread_join(a->th, NULL);
	r->pos = a->cons_pos; /* what the caller was not given is walked again */
	for (int i = 0; i < NSLOTS; i++)
		rn_reader_chunk_free(&a->slot[i]);
	loader_free(a->loader);
	pthread_cond_destroy(&a->cv);
	pthread_mutex_destroy(&a->mu);
	free(a);
	r->ahead = NULL;
	r->ws = &r->st;
	r->cur = r->prod = &r->one;
	r->one.have_view = 0;
}
