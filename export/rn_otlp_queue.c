/* rn_otlp_queue.c: a fixed ring of batches between the reader and one
 * sender thread (mutex and two condition variables). */
#include "rn_otlp_queue.h"

#include <pthread.h>
#include <stdlib.h>

struct rn_otlp_queue {
	rn_otlp_deliver *d;
	rn_span_batch *batches;
	size_t n;
	size_t head, count; /* filled batches waiting: [head, head + count) */
	int done;
	pthread_mutex_t mu;
	pthread_cond_t filled, freed;
	pthread_t thread;
};

static void *sender(void *arg)
{
	rn_otlp_queue *q = arg;
	pthread_mutex_lock(&q->mu);
	for (;;) {
		while (!q->count && !q->done)
			pthread_cond_wait(&q->filled, &q->mu);
		if (!q->count)
			break;
		rn_span_batch *b = &q->batches[q->head];
		pthread_mutex_unlock(&q->mu);
		rn_otlp_deliver_batch(q->d, b->spans, b->n);
		rn_span_batch_reset(b);
		pthread_mutex_lock(&q->mu);
		q->head = (q->head + 1) % q->n;
		q->count--;
		pthread_cond_signal(&q->freed);
	}
	pthread_mutex_unlock(&q->mu);
	return NULL;
}

rn_otlp_queue *rn_otlp_queue_start(rn_otlp_deliver *d, size_t nbatches)
{
	rn_otlp_queue *q = calloc(1, sizeof(*q));
	if (!q)
		return NULL;
	q->n = nbatches < 2 ? 2 : nbatches;
	q->batches = calloc(q->n, sizeof(*q->batches));
	q->d = d;
	pthread_mutex_init(&q->mu, NULL);
	pthread_cond_init(&q->filled, NULL);
	pthread_cond_init(&q->freed, NULL);
	if (!q->batches || pthread_create(&q->thread, NULL, sender, q) != 0) {
		free(q->batches);
		free(q);
		return NULL;
	}
	return q;
}

rn_span_batch *rn_otlp_queue_get(rn_otlp_queue *q)
{
	pthread_mutex_lock(&q->mu);
	/* The reader owns the slot after the queued ones; it is free once
	 * fewer than n batches wait. */
	while (q->count >= q->n)
		pthread_cond_wait(&q->freed, &q->mu);
	rn_span_batch *b = &q->batches[(q->head + q->count) % q->n];
	pthread_mutex_unlock(&q->mu);
	return b;
}

void rn_otlp_queue_put(rn_otlp_queue *q, rn_span_batch *b)
{
	(void)b;
	pthread_mutex_lock(&q->mu);
	q->count++;
	pthread_cond_signal(&q->filled);
	pthread_mutex_unlock(&q->mu);
}

void rn_otlp_queue_finish(rn_otlp_queue *q)
{
	if (!q)
		return;
	pthread_mutex_lock(&q->mu);
	q->done = 1;
	pthread_cond_signal(&q->filled);
	pthread_mutex_unlock(&q->mu);
	pthread_join(q->thread, NULL);
	for (size_t i = 0; i < q->n; i++)
		rn_span_batch_free(&q->batches[i]);
	free(q->batches);
	pthread_mutex_destroy(&q->mu);
	pthread_cond_destroy(&q->filled);
	pthread_cond_destroy(&q->freed);
	free(q);
}
