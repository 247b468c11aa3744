/* rn_otlp_queue.h: the batch pipeline of `rn-export otlp`: the reading
 * thread fills span batches while a sender thread encodes and delivers the
 * previous ones, so reading, encoding and the collector's work overlap. At
 * most OTEL_BSP_MAX_QUEUE_SIZE spans are held (queue_size / batch_size
 * batches, at least 2): memory stays bounded however long the trace. */
#ifndef RN_OTLP_QUEUE_H
#define RN_OTLP_QUEUE_H

#include "rn_otlp.h"
#include "rn_span_batch.h"

typedef struct rn_otlp_queue rn_otlp_queue;

/* Starts the sender thread delivering through d. NULL when out of memory. */
rn_otlp_queue *rn_otlp_queue_start(rn_otlp_deliver *d, size_t nbatches);
/* A batch to fill (waits for a free one). */
rn_span_batch *rn_otlp_queue_get(rn_otlp_queue *q);
/* Hands a filled batch to the sender. */
void rn_otlp_queue_put(rn_otlp_queue *q, rn_span_batch *b);
/* Sends what is queued, stops the thread and frees everything. */
void rn_otlp_queue_finish(rn_otlp_queue *q);

#endif
