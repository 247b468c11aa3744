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
 *   publishes; no syscall and no lock per event.
 * - Draining on demand: a producer whose ring passes half full wakes the
 *   recorder (a futex word in the header, FUTEX_WAKE only when the recorder
 *   sleeps on it); rn_funcs_wait is where the recorder sleeps. A full ring
 *   makes the producer wait for room, at most hdr->wait_ms; a recorder that
 *   stalls longer costs events, counted, and the count becomes a Loss event
 *   (RN_LOSS_BUFFER_FULL), as do the events no ring could take.
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

/* --func-buffer's range in bytes (checked by the option parser: a usage
 * error, exit 2). */
#define RN_FUNCS_RING_MIN (64u << 10)
#define RN_FUNCS_RING_MAX (1ull << 32)

typedef struct rn_funcs_session rn_funcs_session;

typedef struct rn_funcs_opts {
	const char *preload_path; /* librnfunc.so; NULL: next to the rn-record binary */
	int max_depth;            /* 0: unlimited */
	const char *include;      /* comma-separated glob patterns, or NULL */
	const char *exclude;
	int start_disabled;  /* toggle with SIGUSR2 */
	size_t buffer_bytes; /* per-thread buffer cap; 0: default; else within
	                      * RN_FUNCS_RING_MIN..RN_FUNCS_RING_MAX */
	int wait_ms;         /* longest wait for room in a full ring; 0: default; < 0: none */
} rn_funcs_opts;

/* Called once before the tracee is started. NULL with err on failure. */
rn_funcs_session *rn_funcs_start(const rn_funcs_opts *o, char *err, size_t errlen);
/* Called in the child between fork and exec: adds LD_PRELOAD and the
 * channel's environment variables (setenv). Must be async-signal-safe enough
 * for a freshly forked child (no locks held by other threads). */
void rn_funcs_child_env(rn_funcs_session *s);
/* Called by the recorder's drainer thread at least every 100 ms and
 * whenever rn_funcs_wait returns 1: moves the events buffered so far into b
 * (up to about 8 MB; rn_funcs_wait then returns 1 at once). Returns events
 * moved. */
size_t rn_funcs_drain(rn_funcs_session *s, rn_chunk_builder *b);
/* Sleeps until a producer's ring passes its high-water mark, a producer
 * waits for room, rn_funcs_poke, or timeout_ns: 1 when there is draining to
 * do now, 0 on the timeout. One thread waits at a time. */
int rn_funcs_wait(rn_funcs_session *s, uint64_t timeout_ns);
/* Makes the current or next rn_funcs_wait return 1 (any thread). */
void rn_funcs_poke(rn_funcs_session *s);
/* After the last tracee ended: drains what is left and frees everything.
 * Returns the events lost over the whole recording (as in its Loss events). */
uint64_t rn_funcs_stop(rn_funcs_session *s, rn_chunk_builder *b);

#endif
