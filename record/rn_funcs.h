/* rn_funcs.h: the recorder's side of function tracing (--functions): sets up
 * the shared-memory channel the preloaded library (record/preload/) writes
 * function events into, and drains it into chunks. Owned by the function
 * tracing work; rn-record's core only calls these four functions. */
#ifndef RN_FUNCS_H
#define RN_FUNCS_H

#include "rn_chunk.h"

#include <stddef.h>

typedef struct rn_funcs_session rn_funcs_session;

typedef struct rn_funcs_opts {
	const char *preload_path; /* librnfunc.so; NULL: next to the rn-record binary */
	int max_depth;            /* 0: unlimited */
	const char *include;      /* comma-separated glob patterns, or NULL */
	const char *exclude;
	int start_disabled;  /* toggle with SIGUSR2 */
	size_t buffer_bytes; /* per-thread buffer cap; 0: default */
} rn_funcs_opts;

/* Called once before the tracee is started. NULL with err on failure. */
rn_funcs_session *rn_funcs_start(const rn_funcs_opts *o, char *err, size_t errlen);
/* Called in the child between fork and exec: adds LD_PRELOAD and the
 * channel's environment variables (setenv). Must be async-signal-safe enough
 * for a freshly forked child (no locks held by other threads). */
void rn_funcs_child_env(rn_funcs_session *s);
/* Called by the recorder's writer thread at every flush (at least every
 * 100 ms): moves the events buffered so far into b. Returns events moved. */
size_t rn_funcs_drain(rn_funcs_session *s, rn_chunk_builder *b);
/* After the last tracee ended: drains what is left and frees everything. */
void rn_funcs_stop(rn_funcs_session *s, rn_chunk_builder *b);

#endif
