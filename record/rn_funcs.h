/* rn_funcs.h: the recorder's side of function tracing (--functions): sets up
 * the shared-memory channel the preloaded library (record/preload/) writes
 * function events into, and drains it into chunks. Owned by the function
 * tracing work; rn-record's core only calls these four functions.
 *
 * The channel (layout: record/preload/rn_funcs_chan.h)
 * - One memfd, created here and inherited by every traced process as fd
 *   RN_FUNCS_FD (parked at fd 1000 when possible). It holds a header, a
 *   dictionary of function addresses (lock-free open addressing; an event
 *   names its function by dictionary index) and a pool of rings.
 * - A producer thread claims a ring with an atomic counter (or a CAS on a
 *   retired one) at its first event, so threads that predate the library,
 *   forked children (fresh ring, pthread_atfork) and exec'd images (the new
 *   image retires the old image's rings) all work without the recorder's
 *   help. A ring is single-producer/single-consumer: 8-byte words, a head
 *   the producer publishes with a release store, a tail the recorder
 *   publishes; no syscall and no lock per event. A full ring drops the
 *   event and counts it; the count becomes a Loss event (RN_LOSS_BUFFER_FULL).
 * - Words carry the low 32 bits of the producer's clock (rdtsc/cntvct where
 *   constant, else CLOCK_MONOTONIC ns) and a 32-bit code; the high half
 *   travels in SYNC words. The recorder samples (ticks, ns) pairs at each
 *   drain and interpolates, so events land on the trace's CLOCK_MONOTONIC.
 * - Marker codes (OFF, END) and ring states (ENDED, DEAD) tell the recorder
 *   to close the frames a thread left open (switched off, thread exit,
 *   exit(), exec); a thread that vanished (crash, kill) keeps them open.
 * Producers today: __cyg_profile_func_enter/exit (-finstrument-functions)
 * and mcount with a return trampoline (-pg, x86_64), record/preload/.
 * Another in-process producer (e.g. a syscall backend using Syscall User
 * Dispatch) can use the same channel: claim a ring the same way and write
 * codes from a new range below RN_CHAN_SPECIAL's markers, with the drain
 * turning them into its own event kind. */
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
