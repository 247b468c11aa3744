/* rn_reader_ahead.c: the reader's walk over the chunks (read, frame check,
 * decompression, column decoding) run on a second thread, a few chunks
 * ahead of the caller, who is handed the same events in the same order as
 * without it. The walk's warnings and status are kept with each chunk and
 * told, or taken, when the caller reaches that chunk, so they come at the
 * same points too (rn_reader_set_threads). */
#include "rn_grow.h"
#include "rn_reader_int.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define NSLOTS 2 /* chunks decoded ahead, the one being read included */

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

int rn_reader_ahead_start(rn_reader *r)
{
	struct rn_reader_ahead *a = calloc(1, sizeof(*a));
	if (!a)
		return -1;
	if (pthread_mutex_init(&a->mu, NULL) != 0) {
		free(a);
		return -1;
	}
	if (pthread_cond_init(&a->cv, NULL) != 0) {
		pthread_mutex_destroy(&a->mu);
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
		free(a);
		return -1;
	}
	return 0;
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
	while (a->head == a->tail)
		pthread_cond_wait(&a->cv, &a->mu);
	a->taken = 1;
	pthread_mutex_unlock(&a->mu);
	rn_reader_chunk *c = &a->slot[a->head % NSLOTS];
	for (size_t i = 0; i < c->loglen; i += strlen(c->log + i) + 1)
		if (r->warn)
			r->warn(r->warn_ctx, r->path, c->log + i);
	r->st.chunks_ok = c->st.chunks_ok;
	r->st.chunks_bad = c->st.chunks_bad + (r->mid_bad - a->mid_bad0);
	r->st.bytes_skipped = c->st.bytes_skipped;
	r->st.truncated = c->st.truncated;
	r->st.good_end = c->st.good_end;
	r->st.checks_bad = c->st.checks_bad;
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
	pthread_cond_destroy(&a->cv);
	pthread_mutex_destroy(&a->mu);
	free(a);
	r->ahead = NULL;
	r->ws = &r->st;
	r->cur = r->prod = &r->one;
	r->one.have_view = 0;
}
