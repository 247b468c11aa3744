/* rn_chunk_cols.h: the format 2.x encoding of a chunk's syscalls and their
 * captures as columns of LEB128 varints, one column per field, each value
 * predicted from what came before (docs/format.md §4.5). The chunk codec
 * (rn_chunk.c) keeps syscalls and captures as fixed 1.x records in memory and
 * converts them here to columns when encoding; decoding turns the columns
 * straight into the rn_syscall and rn_capture the reader hands out. Internal
 * to format/. */
#ifndef RN_CHUNK_COLS_H
#define RN_CHUNK_COLS_H

#include "rn_event.h"
#include "rn_flatbuf.h"

#include <stddef.h>
#include <stdint.h>

/* Scratch memory of the codec (prediction table, column buffers, decoded
 * rows), kept between chunks; NULL until first used. */
typedef struct rn_cols rn_cols;

/* Positions of the Chunk's offset fields the encoder fills: syscall, capture
 * and dirent columns, and the blob (0: the chunk has no blob). */
typedef struct rn_cols_at {
	size_t sc, cap, dirents, blob, stats, statxs;
	int major;        /* 2 to 5 */
	uint32_t res;     /* 3.x: clock resolution in ns (times rounded down) */
	uint64_t base_ns; /* the chunk's base_ns */
} rn_cols_at;

/* Writes the SyscallColumns, CaptureColumns and DirentColumns tables for
 * nrows Syscall records and ncaps Capture records (1.x layout) pointing into
 * blob, and the blob itself without the bytes that went into DirentColumns.
 * Returns 0, or -1 out of memory. */
int rn_cols_encode(rn_cols **s, rn_fbb *f, const rn_cols_at *at, const uint8_t *rows,
                   uint32_t nrows, const uint8_t *caps, uint32_t ncaps, const uint8_t *blob,
                   size_t blob_len);

/* Chunk field ids of the column tables. */
typedef struct rn_cols_ids {
	int sc, cap, dirents, stats, statxs;
	int major;        /* 2 to 5 */
	uint32_t res;     /* 3.x: clock resolution in ns */
	uint64_t base_ns; /* the chunk's base_ns */
} rn_cols_ids;

/* A syscall as a skimming reader (RN_READ_SKIM) hands it out: the fields
 * call statistics need, 40 bytes where an rn_syscall takes 104, so that a
 * chunk's worth stays in cache between decoding and reading it out. */
typedef struct rn_sc_skim {
	uint64_t t_entry, t_exit; /* t_exit 0 when RN_SC_NO_EXIT */
	int64_t ret;
	int32_t pid, tid;
	uint16_t nr, flags;
} rn_sc_skim;

/* What rn_cols_decode returns: the syscalls (absolute times; caps NULL) and
 * their captures in order (data pointing into *blob), and the chunk's blob
 * (in: as stored; out: with the dirent bytes put back). */
typedef struct rn_cols_out {
	const rn_syscall *sc;   /* NULL when skimming */
	const rn_sc_skim *skim; /* skimming: the syscalls instead */
	uint32_t nsc;
	const rn_capture *caps;
	uint32_t ncaps;
	const uint8_t **blob;
	uint32_t *blob_len;
} rn_cols_out;

/* Decodes the column tables straight into rn_syscall and rn_capture arrays
 * (valid until the next call), entry times counted from id->base_ns. With skim
 * (RN_READ_SKIM), only the syscall columns are read, into out->skim: args, ip
 * and captures are left out. Returns 1 when the chunk has syscall
 * columns, 0 when it has none, -1 when they are malformed (*why). */
int rn_cols_decode(rn_cols **s, const rn_fb *fb, size_t root, const rn_cols_ids *id, int skim,
                   rn_cols_out *out, const char **why);

/* Where, in the buffer rn_cols_encode last wrote into, the columns a
 * skimming reader needs (RN_READ_SKIM) end. */
size_t rn_cols_skim_end(const rn_cols *s);

void rn_cols_free(rn_cols *s);

#endif
