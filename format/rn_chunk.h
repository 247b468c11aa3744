/* rn_chunk.h: building a chunk of events in memory and encoding it as one
 * FlatBuffer (schema format/rn.fbs), and decoding a chunk back into events in
 * the order they were added. Knows nothing of files or compression. */
#ifndef RN_CHUNK_H
#define RN_CHUNK_H

#include "rn_event.h"
#include "rn_flatbuf.h"

#include <stddef.h>
#include <stdint.h>

/* On-disk record sizes (structs in rn.fbs). */
enum {
	RN_SYSCALL_SIZE = 96,
	RN_CAPTURE_SIZE = 24,
	RN_PROC_SIZE = 48,
	RN_SIGNAL_SIZE = 32,
	RN_MAPPING_SIZE = 56,
	RN_LOSS_SIZE = 32,
	RN_SNAPSHOT_SIZE = 40,
	RN_FDINFO_SIZE = 16,
	RN_FUNCEVENT_SIZE = 8
};

struct rn_cols;    /* the 2.x column codec's scratch memory (rn_chunk_cols.h) */
struct rn_sc_skim; /* a skimmed syscall (rn_chunk_cols.h) */

/* A growable byte array. */
typedef struct rn_bytes {
	uint8_t *p;
	size_t len;
	size_t cap;
} rn_bytes;

typedef struct rn_chunk_builder {
	rn_bytes order, syscalls, captures, procs, signals, mappings, losses, snapshots, fds, blob;
	rn_bytes funcs; /* serialized function batches, see rn_chunk_add_funcs */
	uint32_t nfuncs;
	uint64_t base_ns;                     /* time of the first event added */
	uint64_t first_ns;                    /* earliest time seen */
	uint64_t last_ns;                     /* latest time seen */
	uint64_t last_func_ns, last_other_ns; /* the same of function events and
	                                       * of the others */
	uint64_t prev_entry;
	uint32_t nevents;
	int oom;
	rn_fbb fbb;
	struct rn_cols *cols;
	/* Encoding 3.x: the clock resolution in ns (0 or 1: exact ns). Times are
	 * written rounded down to multiples of it; set by the writer. */
	uint32_t clock_res;
	size_t skim_end; /* after rn_chunk_encode: where what a skimming reader
	                  * needs ends (0: not known); the writer ends a zstd
	                  * block there, so that reader decompresses no further */
} rn_chunk_builder;

void rn_chunk_init(rn_chunk_builder *b);
void rn_chunk_free(rn_chunk_builder *b);
void rn_chunk_reset(rn_chunk_builder *b);
/* Gives dst the encoder's memory (column codec, flatbuffer) src holds when
 * dst has none yet: builders encoded one at a time (a writer's two) then
 * share one warm set instead of each faulting in its own. Neither may be
 * encoding meanwhile. */
void rn_chunk_take_scratch(rn_chunk_builder *dst, rn_chunk_builder *src);

/* Add events. Captured bytes are copied. Return 0, or -1 when out of memory. */
int rn_chunk_add_syscall(rn_chunk_builder *b, const rn_syscall *sc, const rn_capture *caps,
                         uint16_t ncap);
int rn_chunk_add_proc(rn_chunk_builder *b, const rn_proc *p);
int rn_chunk_add_signal(rn_chunk_builder *b, const rn_signal *s);
int rn_chunk_add_mapping(rn_chunk_builder *b, const rn_mapping *m);
int rn_chunk_add_loss(rn_chunk_builder *b, const rn_loss *l);
int rn_chunk_add_snapshot(rn_chunk_builder *b, const rn_snapshot *s);
int rn_chunk_add_fdinfo(rn_chunk_builder *b, const rn_fdinfo *f);
/* A batch of function events of one thread: addrs[naddrs] (call_sites may be
 * NULL), events as (delta, fn) pairs, fn's bit 31 marking an exit. */
int rn_chunk_add_funcs(rn_chunk_builder *b, const rn_funcs *f);
/* Adds an event of any kind (dispatches on ev->kind). */
int rn_chunk_add_event(rn_chunk_builder *b, const rn_event *ev);

/* Raw (uncompressed) bytes held so far: for flushing by size. */
size_t rn_chunk_bytes(const rn_chunk_builder *b);
static inline uint32_t rn_chunk_events(const rn_chunk_builder *b)
{
	return b->nevents;
}

/* Encodes the chunk as a size-prefixed FlatBuffer in the layout of the
 * current format version (RN_CHUNK_MAJOR: syscalls and captures as columns).
 * *out stays valid until the next call on b. Returns 0, or -1 when out of
 * memory. */
int rn_chunk_encode(rn_chunk_builder *b, uint32_t seq, const uint8_t **out, size_t *len);
/* The same in the layout of format major version 1 (fixed records) or 2. */
int rn_chunk_encode_major(rn_chunk_builder *b, uint32_t seq, int major, const uint8_t **out,
                          size_t *len);

/* The chunk layouts this code writes and reads: major versions 1 to 4. */
enum { RN_CHUNK_MAJOR_MIN = 1, RN_CHUNK_MAJOR = 5 };

/* ---- decoding ---- */

typedef struct rn_chunk_view {
	rn_fb fb;
	uint32_t seq;
	uint64_t base_ns;
	const uint8_t *order;
	uint32_t norder;
	const uint8_t *vec[RN_EV_KIND_MAX + 1]; /* struct vectors by kind (FUNCS: offsets) */
	uint32_t count[RN_EV_KIND_MAX + 1];
	const uint8_t *captures;
	uint32_t ncaptures;
	const uint8_t *blob;
	uint32_t blob_len;
	/* iteration state */
	uint32_t pos;                     /* index into order */
	uint32_t idx[RN_EV_KIND_MAX + 1]; /* next record per kind */
	uint32_t next_cap;
	uint64_t prev_entry;
	uint32_t unknown; /* order codes skipped because this reader does not know them */
	rn_capture *caps; /* decoded captures of the current syscall */
	uint32_t caps_cap;
	struct rn_cols *cols;         /* 2.x: the column decoder's memory */
	const rn_syscall *scs;        /* 2.x: the syscalls, decoded (caps unset) */
	const rn_capture *cps;        /* 2.x: their captures, decoded, in order */
	const struct rn_sc_skim *sks; /* 2.x skimming: the syscalls instead of scs */
	int skim;                     /* RN_READ_SKIM (rn_trace.h) */
	uint32_t clock_res;           /* 3.x: the header's clock resolution (0 or 1: ns); set
	                               * by the caller before rn_chunk_open_major, kept by it */
} rn_chunk_view;

/* Verifies and opens a decoded chunk buffer (size-prefixed FlatBuffer) of a
 * file of format major version 'major' (1: records only; 2: syscalls and
 * captures as columns, or as records). Returns 0, or -1 with a reason in *why.
 * rn_chunk_open reads the current version. */
int rn_chunk_open_major(rn_chunk_view *v, const uint8_t *p, size_t n, int major, const char **why);
int rn_chunk_open(rn_chunk_view *v, const uint8_t *p, size_t n, const char **why);
/* The same on the first 'have' of the chunk's n bytes, for a reader that
 * decompresses only what it needs: returns 1 when more of the chunk is needed
 * (have < n and what is there does not suffice). With skim, the view hands
 * out events the RN_READ_SKIM way (rn_trace.h) and never reads captures or
 * the blob, which rn's writer puts at the end of a 2.x chunk. */
int rn_chunk_open_part(rn_chunk_view *v, const uint8_t *p, size_t have, size_t n, int major,
                       int skim, const char **why);
/* Next event: 1, 0 at the end, -1 when the chunk is malformed (*why). */
int rn_chunk_next(rn_chunk_view *v, rn_event *ev, const char **why);
void rn_chunk_view_free(rn_chunk_view *v);

/* Decodes function event i of a batch; *t carries the running time (start
 * with *t = f->base_ns and call for i = 0, 1, 2... in order). */
void rn_funcs_get(const rn_funcs *f, uint32_t i, uint64_t *t, rn_func_event *out);

#endif
