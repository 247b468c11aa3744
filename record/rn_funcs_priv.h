/* rn_funcs_priv.h: the recorder side's private state for function tracing,
 * shared by rn_funcs_session.c (setup, teardown), rn_funcs_drain.c (ring
 * decoding) and rn_funcs_clock.c (tick to CLOCK_MONOTONIC conversion). */
#ifndef RN_FUNCS_PRIV_H
#define RN_FUNCS_PRIV_H

#include "preload/rn_funcs_chan.h"
#include "rn_funcs.h"

#include <stdint.h>

#define RN_FCLK_POINTS 256

/* (ticks, ns) pairs sampled at every drain; ticks between two pairs are
 * interpolated, so the conversion follows CLOCK_MONOTONIC's slewing. */
typedef struct rn_fclk {
	int tsc; /* 0: the producers already write CLOCK_MONOTONIC ns */
	uint64_t tk[RN_FCLK_POINTS], ns[RN_FCLK_POINTS];
	uint32_t n; /* points taken (the last RN_FCLK_POINTS are kept) */
} rn_fclk;

/* A segment between two pairs, as a 32.32 fixed-point slope, so that a
 * run of ticks in one segment converts with one multiplication. */
typedef struct rn_fclk_seg {
	uint64_t tk0, tk1; /* ticks in [tk0, tk1) use this segment */
	uint64_t ns0, mult;
	uint32_t gen; /* rn_fclk.n when computed; 0: invalid */
} rn_fclk_seg;

void rn_fclk_init(rn_fclk *c, int tsc);
void rn_fclk_point(rn_fclk *c);
/* Looks up the segment holding ticks (or converts ticks outside every kept
 * segment directly, returning 1). */
int rn_fclk_seg_find(const rn_fclk *c, rn_fclk_seg *seg, uint64_t ticks, uint64_t *ns);

static inline uint64_t rn_fclk_ns(const rn_fclk *c, rn_fclk_seg *g, uint64_t tk)
{
	if (!c->tsc)
		return tk;
	if (g->gen != c->n || tk < g->tk0 || tk >= g->tk1) {
		uint64_t ns;
		if (rn_fclk_seg_find(c, g, tk, &ns))
			return ns;
	}
	return g->ns0 + (uint64_t)(((unsigned __int128)(tk - g->tk0) * g->mult) >> 32);
}
uint64_t rn_fclk_last_ns(const rn_fclk *c);

/* What the recorder knows about one ring between drains. */
typedef struct rn_fslot {
	uint32_t *stack; /* ids of the open frames, innermost last */
	uint32_t depth, cap;
	uint32_t hi;
	int hi_ok;
	uint64_t last_ns;      /* time of the last event emitted */
	uint64_t last_tk;      /* clock value of the last word decoded (0: none) */
	int after_sync;        /* the next word directly follows a SYNC word */
	uint64_t dropped_seen; /* slot->dropped already reported */
	uint32_t idle;         /* drains in a row without new words */
} rn_fslot;

/* The batch being built for one thread. */
typedef struct rn_fbatch {
	int32_t pid, tid;
	uint64_t base_ns, prev_ns;
	uint64_t *addrs, *sites;
	uint32_t naddrs, cap_addrs, cap_sites;
	uint32_t *events; /* (delta, fn) pairs */
	uint32_t nevents, cap_events;
	uint32_t gen;      /* local index validity stamp */
	uint32_t *loc_gen; /* per dictionary id */
	uint32_t *loc_idx;
} rn_fbatch;

struct rn_funcs_session {
	int fd;
	rn_chan_hdr *hdr; /* shared: the traced programs can write it all */
	uint64_t map_size;
	/* the layout as created, kept out of the programs' reach */
	rn_chan_fn *fns;
	rn_chan_slot *slotv;
	uint64_t *rings;
	uint32_t nslots, ring_events, fn_bits;
	char fd_env[16];
	char *ld_preload; /* the value the child gets */
	rn_fclk clk;
	rn_fslot *slots;
	uint64_t *heads; /* per slot, snapshot of this drain */
	uint64_t lost_noslot_seen;
	uint64_t lost;      /* events reported lost so far (Loss events) */
	uint32_t kick_seen; /* hdr->kick when rn_funcs_wait last returned */
	int more;           /* the last drain stopped early: words are waiting */
	uint32_t resume;    /* ring the next drain starts at */
	rn_fbatch batch;
};

/* Drains every ring into b; final: the tracees are gone, retire all. */
size_t rn_funcs_drain_all(rn_funcs_session *s, rn_chunk_builder *b, int final);
/* FUTEX_WAKE on a word of the channel (shared: other processes wait on it). */
void rn_funcs_futex_wake(_Atomic uint32_t *w);

#endif
