/* rn_reader_int.h: the trace reader's state, shared by rn_reader.c (the
 * walk over a file's chunks and the events handed out) and rn_reader_ahead.c
 * (the same walk run ahead on a second thread). Internal to format/. */
#ifndef RN_READER_INT_H
#define RN_READER_INT_H

#include "rn_trace.h"

#include <zstd.h>

/* One decompressed, opened chunk, and (walking ahead) what the walk found
 * on its way to it. */
typedef struct rn_reader_chunk {
	uint8_t *dbuf; /* the decompressed chunk */
	size_t dcap;
	rn_chunk_view view;
	int have_view; /* events left to hand out */
	uint32_t seq;
	uint64_t off;
	/* walking ahead: */
	char *log; /* the warnings met before this chunk, each ending in '\0' */
	size_t loglen, logcap;
	rn_reader_status st; /* the walk's status after this chunk */
	uint64_t pos;        /* where the walk goes on after it */
	int more;            /* 0: the walk ended here, no chunk */
	int deferred;        /* found but not loaded: the caller loads ci */
	rn_chunk_info ci;
} rn_reader_chunk;

struct rn_reader_ahead; /* rn_reader_ahead.c */

struct rn_reader {
	int fd;
	char *path;
	rn_header hdr;
	uint8_t *hdr_buf;
	const char **hdr_argv;
	uint64_t data_start; /* offset of the first frame after the header */
	uint64_t pos;        /* next frame to read */
	uint64_t end;        /* where frames end (index offset when indexed) */
	rn_chunk_info *chunks;
	uint32_t nchunks;
	int chunks_known;
	int index_bad; /* a trailer was found but its index did not check out */
	ZSTD_DCtx *dctx;
	uint8_t *cbuf; /* a compressed frame (read with pread) */
	size_t ccap;
	const uint8_t *csrc; /* the frame being loaded: in cbuf, or in the map */
	const uint8_t *map;  /* the file mapped read-only (rn_reader_map.c), or NULL */
	size_t map_len;
	rn_reader_chunk one;   /* the chunk, read on the caller's thread */
	rn_reader_chunk *cur;  /* the chunk being handed out */
	rn_reader_chunk *prod; /* the chunk the walk loads into */
	rn_reader_status st;
	rn_reader_status *ws; /* the status the walk updates: &st, or walking
	                       * ahead, the walk thread's own */
	uint32_t mid_bad;     /* chunks found corrupt while handed out */
	int threads;          /* rn_reader_set_threads */
	struct rn_reader_ahead *ahead;
	rn_reader_warn_fn warn;
	void *warn_ctx;
	int skim, prefix; /* RN_READ_SKIM, RN_READ_PREFIX */
	char damage[512];
};

/* Advances the walk to the next readable chunk, loaded into r->prod: 1, or
 * 0 at the end of the data (rn_reader.c). Walking ahead, a chunk may be
 * left to the caller instead (rn_reader_ahead_defer): r->prod->deferred. */
int rn_reader_walk(rn_reader *r);
/* Loads the chunk ci into r->prod as the walk does, counting it in *r->ws
 * (chunks_ok and good_end when it loads, or chunks_bad, reported): 0, or -1
 * when it is corrupt. */
int rn_reader_load(rn_reader *r, const rn_chunk_info *ci);
void rn_reader_chunk_free(rn_reader_chunk *c);
/* A zstd context set up the reader's way; NULL when out of memory. */
ZSTD_DCtx *rn_reader_new_dctx(void);

/* rn_reader_map.c. Maps the file (r->map) when it can; without a map the
 * reader reads with pread. */
void rn_reader_map_open(rn_reader *r);
void rn_reader_map_close(rn_reader *r);
/* fn(r, arg), with a SIGBUS in the map (the file was cut after it was
 * mapped) making it return RN_READER_MAP_BUS instead. */
#define RN_READER_MAP_BUS (-2)
int rn_reader_map_run(rn_reader *r, int (*fn)(rn_reader *, const void *), const void *arg);

/* rn_reader_ahead.c. Starts the walk on its own thread: 0, -1 when it could
 * not (the caller walks itself). */
int rn_reader_ahead_start(rn_reader *r);
/* The next chunk from the walk thread into r->cur, its warnings told and
 * status taken: 1, or 0 at the end. */
int rn_reader_ahead_next(rn_reader *r);
/* Stops the walk thread (if any); the caller's walk goes on after the last
 * chunk it was given. */
void rn_reader_ahead_stop(rn_reader *r);
/* Walking ahead: 1 when the chunk the walk has just found should be left
 * to the caller to load (it had to wait for a chunk since the last one it
 * was left). */
int rn_reader_ahead_defer(rn_reader *r);
/* Keeps a warning of the walk thread with the chunk it is loading. */
void rn_reader_ahead_log(rn_reader_chunk *c, const char *msg);

#endif
