/* rn_chunk_statx.h: format 4.x stores 256-byte struct captures that look
 * like a `struct statx` (what statx(2) returns; the same layout on every
 * architecture) field by field in the Chunk's StatxColumns instead of as
 * bytes in the blob (docs/format.md §4.8): each field in a column of its
 * own, predicted from the previous statx of the chunk (mask, device, inode,
 * mount...) or from the same struct (times against the modification time,
 * blocks against the size). The layout is data for the struct codec
 * (rn_chunk_struct.h). Internal to format/ (used by rn_chunk_cols.c). */
#ifndef RN_CHUNK_STATX_H
#define RN_CHUNK_STATX_H

#include "rn_chunk_struct.h"

#include <stdint.h>

enum { RN_STATX_SIZE = 256 };

/* StatxColumns: the layout of the 256 bytes over its 26 columns. */
extern const rn_slayout rn_statx_layout;

/* 1 when the writer stores d[0..len) as a statx: 256 bytes whose stx_mode
 * has a file type (one of the seven S_IF* kinds) and whose stx_blksize is a
 * power of two up to 1 MiB (a choice of the writer, the reader takes any
 * form-3 capture). */
int rn_statx_fit(const uint8_t *d, uint32_t len);

#endif
