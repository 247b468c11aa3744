/* rn_funcs_chan.h: the layout of the shared-memory channel between traced
 * processes (producers: librnfunc.so, later an in-process syscall backend)
 * and rn-record (the single consumer). Both sides include this file; it is
 * the whole protocol. See record/rn_funcs.h for the overview.
 *
 * One region (a memfd created by rn-record, inherited by every traced
 * process through fd RN_FUNCS_FD) holds, at fixed offsets:
 *   rn_chan_hdr          configuration and global counters
 *   rn_chan_fn[nfn]      the address dictionary: open addressing, key 0 =
 *                        empty, claimed with one CAS; an event names a
 *                        function by its slot index (the "id")
 *   rn_chan_slot[nslots] ring headers, one per producer thread, claimed with
 *                        an atomic counter (then by CAS on retired slots)
 *   rings                nslots rings of ring_events 8-byte words
 * A ring is single-producer/single-consumer: the producer writes words at
 * head and publishes head with a release store; the consumer reads up to head
 * and publishes tail.
 * Draining on demand: a producer whose ring fills past half (the high-water
 * mark) bumps hdr->kick and, only when the consumer sleeps on that word
 * (hdr->sleeping), wakes it with FUTEX_WAKE: one check per crossing of the
 * mark, never per event. A full ring makes the producer wait for room
 * (slot->waiting set, FUTEX_WAIT on slot->tail_seq, which the consumer bumps
 * and wakes after moving tail), as long as the consumer keeps draining
 * (hdr->drains moves); after hdr->wait_ms without a drain it is taken as
 * stalled: the event is dropped and counted in dropped, and so are
 * the thread's later events that find the ring full, until it has room again.
 * A word is (lo32 = clock low bits, hi32 = id | RN_CHAN_EXIT): the clock's
 * high half travels in RN_CHAN_SYNC words, written whenever it changes. */
#ifndef RN_FUNCS_CHAN_H
#define RN_FUNCS_CHAN_H

#include <stdatomic.h>
#include <stdint.h>

#define RN_CHAN_MAGIC   0x524e4643u /* "RNFC" */
#define RN_CHAN_VERSION 2

/* Environment of traced processes. */
#define RN_CHAN_ENV_FD  "RN_FUNCS_FD" /* channel fd number */
#define RN_CHAN_FD_HIGH 1000          /* where rn-record parks the fd */

/* hi32 of a word. Ids below RN_CHAN_SPECIAL name functions. */
#define RN_CHAN_EXIT    0x80000000u
#define RN_CHAN_SPECIAL 0x7fffff00u
#define RN_CHAN_SYNC    0x7fffff01u /* lo32 = clock >> 32 from here on */
#define RN_CHAN_OFF     0x7fffff02u /* tracing was switched off: close open frames */
#define RN_CHAN_END     0x7fffff03u /* thread or process end: close open frames */

/* rn_chan_hdr.clock */
enum { RN_CHAN_CLOCK_MONO = 0, RN_CHAN_CLOCK_TSC = 1 };

/* rn_chan_slot.state */
enum {
	RN_SLOT_FREE = 0,
	RN_SLOT_ACTIVE = 1,  /* a producer thread owns it */
	RN_SLOT_DEAD = 2,    /* its image was replaced by exec: drain and retire */
	RN_SLOT_ENDED = 3,   /* the thread ended cleanly: drain and retire */
	RN_SLOT_CLAIMING = 4 /* being claimed: fields not yet valid */
};

#define RN_CHAN_PATTERN_MAX 1024

typedef struct rn_chan_hdr {
	uint32_t magic, version;
	uint32_t clock;       /* RN_CHAN_CLOCK_* */
	uint32_t nslots;      /* ring count */
	uint32_t ring_events; /* words per ring, a power of two */
	uint32_t fn_bits;     /* log2 of the dictionary size */
	uint32_t max_depth;   /* 0: unlimited */
	uint32_t start_disabled;
	uint64_t fn_off, slot_off, ring_off, size; /* byte offsets, total size */
	_Atomic uint32_t next_slot;                /* never-used slots start here */
	uint32_t pad;
	_Atomic uint64_t lost_noslot;      /* events of threads that found no free slot */
	_Atomic uint32_t kick;             /* futex word: bumped by producers past the mark */
	_Atomic uint32_t sleeping;         /* the consumer waits on kick: wake it */
	uint32_t wait_ms;                  /* longest wait for room without a drain */
	_Atomic uint32_t drains;           /* bumped by the consumer after every drain */
	char include[RN_CHAN_PATTERN_MAX]; /* comma-separated globs, "" = all */
	char exclude[RN_CHAN_PATTERN_MAX];
} rn_chan_hdr;

typedef struct rn_chan_fn {
	_Atomic uint64_t addr; /* 0: free */
	_Atomic uint64_t site; /* call site seen at first entry */
} rn_chan_fn;

typedef struct rn_chan_slot {
	_Atomic uint32_t state;
	int32_t pid, tid;
	_Atomic uint32_t waiting; /* producer: waits for room (futex on tail_seq) */
	_Atomic uint64_t head;    /* producer: words written */
	_Atomic uint64_t dropped; /* producer: events lost (ring full, dictionary full) */
	_Atomic uint64_t end_clk; /* clock at exec (RN_SLOT_DEAD) or exit(): frames end there */
	uint8_t pad1[24];
	_Atomic uint64_t tail;     /* consumer: words consumed (own cache line) */
	_Atomic uint32_t tail_seq; /* consumer: futex word, bumped when tail moved for a waiter */
	uint8_t pad2[52];
} rn_chan_slot;

static inline rn_chan_fn *rn_chan_fns(rn_chan_hdr *h)
{
	return (rn_chan_fn *)((char *)h + h->fn_off);
}

static inline rn_chan_slot *rn_chan_slots(rn_chan_hdr *h)
{
	return (rn_chan_slot *)((char *)h + h->slot_off);
}

static inline uint64_t *rn_chan_ring(rn_chan_hdr *h, uint32_t i)
{
	return (uint64_t *)((char *)h + h->ring_off + (uint64_t)i * h->ring_events * 8);
}

/* The dictionary's hash: Fibonacci hashing of the address. */
static inline uint32_t rn_chan_hash(uint64_t addr, uint32_t bits)
{
	return (uint32_t)((addr * 0x9e3779b97f4a7c15ull) >> (64 - bits));
}

/* The clock both sides read (rdtsc/cntvct when hdr->clock says TSC). */
static inline uint64_t rn_chan_tsc(void)
{
#if defined(__x86_64__)
	return __builtin_ia32_rdtsc();
#elif defined(__aarch64__)
	uint64_t v;
	__asm__ __volatile__("mrs %0, cntvct_el0" : "=r"(v));
	return v;
#else
	return 0;
#endif
}

#endif
