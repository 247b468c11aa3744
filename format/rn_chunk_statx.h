/* rn_chunk_statx.h: format 4.x stores 256-byte struct captures that look
 * like a `struct statx` (what statx(2) returns; the same layout on every
 * architecture) field by field in the Chunk's StatxColumns instead of as
 * bytes in the blob (docs/format.md §4.8): each field in a column of its
 * own, predicted from the previous statx of the chunk (mask, device, inode,
 * mount...) or from the same struct (times against the modification time,
 * blocks against the size). Lossless: any 256 bytes are rebuilt byte for
 * byte, whatever they held. Internal to format/ (used by rn_chunk_cols.c). */
#ifndef RN_CHUNK_STATX_H
#define RN_CHUNK_STATX_H

#include "rn_chunk_colbuf.h"
#include "rn_fb.h"

#include <stddef.h>
#include <stdint.h>

enum { RN_STATX_SIZE = 256 };

/* StatxColumns field ids (format/rn.fbs); 0 is the count. */
enum {
	SX_COUNT,
	SX_MASK,
	SX_BLKSIZE,
	SX_ATTRIBUTES,
	SX_NLINK,
	SX_UID,
	SX_GID,
	SX_MODE,
	SX_INO,
	SX_SIZE,
	SX_BLOCKS,
	SX_ATTRIBUTES_MASK,
	SX_MTIME,
	SX_MTIME_NSEC,
	SX_ATIME,
	SX_ATIME_NSEC,
	SX_CTIME,
	SX_CTIME_NSEC,
	SX_BTIME,
	SX_BTIME_NSEC,
	SX_RDEV_MAJOR,
	SX_RDEV_MINOR,
	SX_DEV_MAJOR,
	SX_DEV_MINOR,
	SX_MNT_ID,
	SX_REST,
	SX_N
};

/* Number of fields a statx is cut into (more than columns: SX_REST holds
 * several). */
enum { RN_STATX_NFIELDS = 42 };

typedef struct rn_statx_enc {
	rn_dbuf col[SX_N];
	uint32_t count;
	uint64_t prev[RN_STATX_NFIELDS];
} rn_statx_enc;

/* 1 when the writer stores d[0..len) as a statx: 256 bytes whose stx_mode
 * has a file type (one of the seven S_IF* kinds) and whose stx_blksize is a
 * power of two up to 1 MiB (a choice of the writer, the reader takes any
 * form-3 capture). */
int rn_statx_fit(const uint8_t *d, uint32_t len);
void rn_statx_enc_reset(rn_statx_enc *e);
void rn_statx_enc_free(rn_statx_enc *e);
/* Appends one 256-byte statx. -1 out of memory. */
int rn_statx_add(rn_statx_enc *e, const uint8_t *d);
/* Writes the StatxColumns table and points the offset field 'at' to it. */
void rn_statx_write(rn_statx_enc *e, rn_fbb *f, size_t at);

typedef struct rn_statx_dec {
	const uint8_t *p[SX_N], *end[SX_N];
	uint32_t count, done;
	uint64_t prev[RN_STATX_NFIELDS];
} rn_statx_dec;

/* Opens the StatxColumns at Chunk field id: 0, 1 when absent, -1 malformed. */
int rn_statx_open(rn_statx_dec *d, const rn_fb *fb, size_t root, int id);
/* Rebuilds the next statx into out[0..256). 0 or -1. */
int rn_statx_rebuild(rn_statx_dec *d, uint8_t *out);
/* 1 when every statx and every column byte was used. */
int rn_statx_done(const rn_statx_dec *d);

#endif
