/* rn_preload.h: internals of librnfunc.so shared by its files: the per-thread
 * producer state, the process-wide switches and the inline hot path that
 * puts one word into the thread's ring (no syscall, no lock). */
#ifndef RN_PRELOAD_H
#define RN_PRELOAD_H

#include "rn_funcs_chan.h"

#include <stdint.h>

#define RN_HIDDEN __attribute__((visibility("hidden")))
/* Signal-safe word reservation (one xadd) where available; -DRN_PRE_GENERIC
 * builds the portable path on x86_64 too, for testing it. */
#if defined(__x86_64__) && !defined(RN_PRE_GENERIC)
#define RN_PRE_XADD 1
#else
#define RN_PRE_XADD 0
#endif
#define RN_NOINST   __attribute__((no_instrument_function))
#define likely(x)   __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

/* rn_pre_state values: (epoch << 1) | on, epoch >= 1 once initialised. */
#define RN_ST_UNINIT 0xffffffffu
#define RN_ST_DEAD   0xfffffffeu /* rn_pre_tls.seen of a thread past its end */

typedef struct rn_pre_tls {
	uint64_t *ring;     /* NULL: no ring (not claimed, or none free) */
	uint64_t head;      /* words written (private copy of slot->head) */
	uint64_t limit;     /* head may grow up to here before re-reading tail */
	uint64_t mask;      /* ring_events - 1 */
	rn_chan_slot *slot; /* NULL with ring */
	uint32_t hi;        /* clock >> 32 last sent in a SYNC word; ~0: none */
	uint32_t depth;     /* recorded frames open (since tracing was switched on) */
	uint32_t seen;      /* the rn_pre_state this thread last acted on */
	uint32_t busy;      /* inside a slow path: nested events are counted lost */
	uint32_t nest;      /* puts in progress (a signal handler's inside the thread's) */
	uint32_t stalled;   /* a wait for room timed out: drop without waiting until room */
} rn_pre_tls;

extern RN_HIDDEN _Atomic uint32_t rn_pre_state;
extern RN_HIDDEN __thread rn_pre_tls rn_pre_t __attribute__((tls_model("initial-exec")));
extern RN_HIDDEN rn_chan_hdr *rn_pre_hdr;
extern RN_HIDDEN rn_chan_fn *rn_pre_fns;
extern RN_HIDDEN uint32_t rn_pre_fn_bits;
extern RN_HIDDEN uint32_t rn_pre_max_depth; /* UINT32_MAX: unlimited */
extern RN_HIDDEN int rn_pre_use_tsc;
extern RN_HIDDEN int rn_pre_filtering;    /* include/exclude patterns given */
extern RN_HIDDEN uint8_t *rn_pre_verdict; /* per id: 0 unknown, 1 record, 2 skip */
extern RN_HIDDEN uint32_t rn_pre_wait_ms; /* longest wait for room in a full ring */

/* Slow paths (rn_preload_init.c, rn_preload_room.c, rn_preload_filter.c). */
RN_HIDDEN int rn_pre_slow(rn_pre_tls *t, uint32_t g);
RN_HIDDEN uint32_t rn_pre_id_slow(uint64_t addr, uint64_t site);
RN_HIDDEN int rn_pre_verdict_slow(rn_pre_tls *t, uint32_t id);
RN_HIDDEN void rn_pre_drop(rn_pre_tls *t);
RN_HIDDEN int rn_pre_room(rn_pre_tls *t, uint64_t h);
RN_HIDDEN void rn_pre_filter_init(const char *include, const char *exclude);
RN_HIDDEN int rn_pre_filter_match(uint64_t addr);

#define RN_ID_NONE 0xffffffffu

RN_HIDDEN uint64_t rn_pre_mono(void);

RN_NOINST static inline uint64_t rn_pre_clock(void)
{
	if (likely(rn_pre_use_tsc))
		return rn_chan_tsc();
	return rn_pre_mono();
}

/* 1 when this thread records now; handles first use and switching. */
RN_NOINST static inline int rn_pre_gate(rn_pre_tls *t)
{
	uint32_t g = atomic_load_explicit(&rn_pre_state, memory_order_relaxed);
	if (unlikely(g != t->seen))
		return rn_pre_slow(t, g);
	return g & 1;
}

/* Takes the next word's index. On x86_64 one instruction (xadd, no lock:
 * only this thread's signal handlers can interrupt), so a handler that
 * records events in the middle of a put takes the following words instead
 * of overwriting this one. Elsewhere a handler's events are dropped. */
RN_NOINST static inline uint64_t rn_pre_reserve(rn_pre_tls *t)
{
#if RN_PRE_XADD
	uint64_t v = 1;
	__asm__ __volatile__("xaddq %0, %1" : "+r"(v), "+m"(t->head));
	return v;
#else
	return t->head++;
#endif
}

/* Writes one word. Past t->limit (the high-water mark or the ring's end)
 * rn_pre_room wakes the recorder and, when the ring is full, waits for room;
 * 0 when it stayed full (the recorder stalled: the reservation is undone; any
 * handler that ran meanwhile found it full too, as tail only grows). */
RN_NOINST static inline int rn_pre_word(rn_pre_tls *t, uint64_t w)
{
	uint64_t h = rn_pre_reserve(t);
	if (unlikely(h >= t->limit) && !rn_pre_room(t, h)) {
		t->head = h;
		return 0;
	}
	t->ring[h & t->mask] = w;
	return 1;
}

/* The rare case of rn_pre_put: a new clock high half (SYNC word first). */
RN_HIDDEN void rn_pre_put_sync(rn_pre_tls *t, uint32_t code, uint64_t c);

/* Puts code (an id, maybe | RN_CHAN_EXIT, or a marker) stamped now. Words
 * are published (slot->head) only by the outermost put of the thread, once
 * every word reserved so far, a signal handler's included, is written. */
RN_NOINST static inline void rn_pre_put(rn_pre_tls *t, uint32_t code)
{
#if !RN_PRE_XADD
	if (unlikely(t->nest)) { /* no signal-safe reservation: drop (counted) */
		rn_pre_drop(t);
		return;
	}
#endif
	t->nest++;
	atomic_signal_fence(memory_order_seq_cst);
	uint64_t c = rn_pre_clock();
	if (unlikely((uint32_t)(c >> 32) != t->hi))
		rn_pre_put_sync(t, code, c);
	else if (unlikely(!rn_pre_word(t, (uint64_t)code << 32 | (uint32_t)c)))
		rn_pre_drop(t);
	atomic_signal_fence(memory_order_seq_cst);
	if (--t->nest == 0 && likely(t->slot))
		atomic_store_explicit(&t->slot->head, t->head, memory_order_release);
}

/* The function's id in the shared dictionary, inserting it on first sight. */
RN_NOINST static inline uint32_t rn_pre_id(uint64_t addr, uint64_t site)
{
	uint32_t h = rn_chan_hash(addr, rn_pre_fn_bits);
	if (likely(atomic_load_explicit(&rn_pre_fns[h].addr, memory_order_relaxed) == addr))
		return h;
	return rn_pre_id_slow(addr, site);
}

RN_NOINST static inline int rn_pre_wanted(rn_pre_tls *t, uint32_t id)
{
	if (likely(!rn_pre_filtering))
		return 1;
	uint8_t v = rn_pre_verdict[id];
	if (likely(v))
		return v == 1;
	return rn_pre_verdict_slow(t, id);
}

/* The id of fn when this event is to be recorded, else RN_ID_NONE. */
RN_NOINST static inline uint32_t rn_pre_begin(rn_pre_tls *t, void *fn, void *site)
{
	if (!rn_pre_gate(t))
		return RN_ID_NONE;
	uint32_t id = rn_pre_id((uint64_t)(uintptr_t)fn, (uint64_t)(uintptr_t)site);
	if (unlikely(id == RN_ID_NONE)) {
		rn_pre_drop(t); /* the dictionary is full */
		return RN_ID_NONE;
	}
	return rn_pre_wanted(t, id) ? id : RN_ID_NONE;
}

/* Records the entry of a function that rn_pre_begin accepted. */
RN_NOINST static inline void rn_pre_enter_id(rn_pre_tls *t, uint32_t id)
{
	if (++t->depth > rn_pre_max_depth)
		return;
	rn_pre_put(t, id);
}

/* Records its exit; an exit with no recorded entry (the function was entered
 * before tracing was switched on) is ignored. */
RN_NOINST static inline void rn_pre_exit_id(rn_pre_tls *t, uint32_t id)
{
	uint32_t d = t->depth;
	if (d == 0)
		return;
	t->depth = d - 1;
	if (d > rn_pre_max_depth)
		return;
	rn_pre_put(t, id | RN_CHAN_EXIT);
}

#endif
