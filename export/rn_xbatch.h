/* rn_xbatch.h: a batch of spans copied out of the model (which only lends
 * them for the sink call), kept until the batch is delivered. Memory comes
 * from a block arena reused across batches. */
#ifndef RN_XBATCH_H
#define RN_XBATCH_H

#include "rn_xspan.h"

typedef struct rn_xblock rn_xblock;

typedef struct rn_xbatch {
	rn_xspan *spans;
	size_t n;
	size_t cap;
	rn_xblock *blocks; /* in use */
	rn_xblock *spare;  /* freed by reset, reused */
	int oom;
} rn_xbatch;

/* Copies s and everything it points to. Returns 0, or -1 when out of memory. */
int rn_xbatch_add(rn_xbatch *b, const rn_xspan *s);
void rn_xbatch_reset(rn_xbatch *b);
void rn_xbatch_free(rn_xbatch *b);

#endif
