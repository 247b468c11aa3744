/* rn_sample.h: a known set of events for the format tests, the fuzz corpus
 * and the benchmarks: chunk i holds one event of every kind (9 events, two
 * syscalls with captures and one that never returned), with values derived
 * from i so that each chunk can be checked exactly. */
#ifndef RN_SAMPLE_H
#define RN_SAMPLE_H

#include "rn_trace.h"

#define RN_SAMPLE_EVENTS 9 /* events per sample chunk */

/* Adds the events of sample chunk i to b (CHECKs that each add succeeds). */
void rn_sample_chunk(rn_chunk_builder *b, int i);
/* Reads the next RN_SAMPLE_EVENTS events from r and CHECKs every value. */
void rn_sample_check(rn_reader *r, int i);
/* The header the samples are written with (argv, pid 42, RN_HDR_FOLLOW). */
void rn_sample_header(rn_header *h);
/* Writes a trace of nchunks sample chunks to path; closed properly (index and
 * trailer) when closed is non-zero, else abandoned. Exits on failure. */
void rn_sample_write(const char *path, int nchunks, int closed);

/* A reader warning callback (rn_reader_set_warn) that appends each message
 * and a newline to the RN_SAMPLE_SAID-byte string ctx points to. */
#define RN_SAMPLE_SAID 4096
void rn_sample_keep_warn(void *ctx, const char *file, const char *msg);

#endif
