/* rn_span_batch.h: a batch of spans copied out of the model (which only lends
 * them for the sink call), kept until the batch is delivered. Memory comes
 * from a block arena reused across batches. */
#ifndef RN_SPAN_BATCH_H
#define RN_SPAN_BATCH_H

#include "rn_span.h"

typedef struct rn_xblock rn_xblock;

typedef struct rn_span_batch {
	rn_span *spans;
	size_t n;
	size_t cap;
	rn_xblock *blocks; /* in use */
	rn_xblock *spare;  /* freed by reset, reused */
	int oom;
} rn_span_batch;

/* Copies s and everything it points to. Returns 0, or -1 when out of memory. */
int rn_span_batch_add(rn_span_batch *b, const rn_span *s);
void rn_span_batch_reset(rn_span_batch *b);
void rn_span_batch_free(rn_span_batch *b);

#endif
