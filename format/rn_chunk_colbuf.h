/* rn_chunk_colbuf.h: the column buffers shared by the codecs that store a
 * kind of capture field by field (rn_chunk_dirents.c, rn_chunk_stat.c,
 * rn_chunk_statx.c): growable byte columns while encoding, written as one
 * table of columns (rn_fbb_columns), and the same table opened and checked
 * while decoding. Internal to format/. */
#ifndef RN_CHUNK_COLBUF_H
#define RN_CHUNK_COLBUF_H

#include "rn_flatbuf.h"

#include <stddef.h>
#include <stdint.h>

/* Growable bytes of one column. */
typedef struct rn_dbuf {
	uint8_t *p;
	size_t len, cap;
} rn_dbuf;

/* Grows b to hold n more bytes (rn_dbuf_reserve's slow path). */
int rn_dbuf_grow(rn_dbuf *b, size_t n);

/* Makes room for n more bytes in b. -1 out of memory. Inline: the codecs
 * call it for every column of every struct they add. */
static inline int rn_dbuf_reserve(rn_dbuf *b, size_t n)
{
	return b->len + n <= b->cap ? 0 : rn_dbuf_grow(b, n);
}
/* Empties (keeps the memory) or frees columns 1..n-1 of col. */
void rn_dbufs_reset(rn_dbuf *col, int n);
void rn_dbufs_free(rn_dbuf *col, int n);
/* Writes columns 1..n-1 as a table of columns with the given count and
 * points the offset field 'at' to it. */
void rn_dbufs_write(const rn_dbuf *col, int n, uint32_t count, rn_fbb *f, size_t at);

/* Opens the table of n columns at Chunk field id into p[1..n-1], end[1..n-1]
 * and *count. Column 'fixed' (0: none) must hold exactly fixed_size bytes per
 * record. 0, 1 when absent, -1 malformed. */
int rn_dbufs_open(const rn_fb *fb, size_t root, int id, int n, uint32_t *count, const uint8_t **p,
                  const uint8_t **end, int fixed, size_t fixed_size);
/* 1 when columns 1..n-1 (but 'skip', whose bytes are indexed, not consumed)
 * were read to their end. */
int rn_dbufs_used(const uint8_t *const *p, const uint8_t *const *end, int n, int skip);

#endif
