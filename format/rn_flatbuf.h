/* rn_flatbuf.h: a minimal FlatBuffers builder and verifying reader, enough for the
 * rn schema (tables of scalars, strings, vectors of structs and of strings).
 * The builder writes front to back: a table's vtable and inline fields first,
 * the objects its offsets point to after it (uoffsets always point forward).
 * The reader checks every offset, length and alignment before use. */
#ifndef RN_FLATBUF_H
#define RN_FLATBUF_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* ---- builder ---- */

typedef struct rn_fbb {
	uint8_t *p;
	size_t len;
	size_t cap;
	int oom;
} rn_fbb;

/* One inline field of a table being written. */
typedef struct rn_fb_field {
	uint8_t size; /* 1, 2, 4 or 8; offsets (strings, vectors, tables) are 4 */
	uint8_t present;
	uint64_t value; /* scalar value; ignored for offsets */
	size_t pos;     /* out: where the field was written */
} rn_fb_field;

void rn_fbb_init(rn_fbb *b);
void rn_fbb_free(rn_fbb *b);
void rn_fbb_reset(rn_fbb *b);
/* Starts a size-prefixed buffer with a root offset and file identifier. */
void rn_fbb_start(rn_fbb *b, const char ident[4]);
/* Writes a table (vtable then inline fields); returns the table position.
 * The first table written after rn_fbb_start becomes the root. */
size_t rn_fbb_table(rn_fbb *b, rn_fb_field *f, int n);
/* Writes a vector of n elements of elem_size bytes (aligned to align), and
 * points the offset field at 'field_pos' to it. */
void rn_fbb_vector(rn_fbb *b, size_t field_pos, const void *data, size_t n, size_t elem_size,
                   size_t align);
/* Writes a string and points the offset field at field_pos to it. */
void rn_fbb_string(rn_fbb *b, size_t field_pos, const char *s, size_t len);
/* Writes a vector of n strings. */
void rn_fbb_strings(rn_fbb *b, size_t field_pos, const char *const *s, size_t n);
/* Reserves a vector of n offsets; returns the position of element 0. */
size_t rn_fbb_offsets(rn_fbb *b, size_t field_pos, size_t n);
/* Patches the offset at 'at' to point to 'target' (target > at). */
void rn_fbb_point(rn_fbb *b, size_t at, size_t target);
/* Finishes: fixes the size prefix; returns 0, or -1 when out of memory. */
int rn_fbb_finish(rn_fbb *b);
/* A table of columns (format 2.x): field 0 a uint count, fields 1..n-1 byte
 * vectors col[i] of len[i] bytes. Written after the table that points to it
 * from the offset field at 'at'. */
void rn_fbb_columns(rn_fbb *b, size_t at, uint32_t count, int n, uint8_t *const *col,
                    const size_t *len);
/* The same with the vectors laid out in the order of the column numbers
 * order[0..n-2] (what a reader needs most first: a reader that decompresses
 * only a prefix of the buffer then finds it there); *split_at (when not
 * NULL) gets the buffer's length once the first 'split' vectors are in. */
void rn_fbb_columns_in(rn_fbb *b, size_t at, uint32_t count, int n, uint8_t *const *col,
                       const size_t *len, const uint8_t *order, int split, size_t *split_at);

/* ---- verifying reader ---- */

typedef struct rn_fb {
	const uint8_t *buf; /* the whole size-prefixed buffer; positions and
	                     * alignment are counted from its first byte */
	size_t len;
} rn_fb;

/* Opens a size-prefixed buffer; checks the identifier; finds the root table.
 * Returns 0 and sets *root, or -1 with a reason in *why. */
int rn_fb_open(rn_fb *fb, const uint8_t *p, size_t n, const char ident[4], size_t *root,
               const char **why);
/* Position of field 'id' of the table at 'tbl' with 'size' bytes inline, or 0
 * when absent. Returns -1 when the table is malformed. */
int rn_fb_field_pos(const rn_fb *fb, size_t tbl, int id, size_t size, size_t *pos);
uint64_t rn_fb_u64(const rn_fb *fb, size_t tbl, int id, uint64_t dflt);
uint32_t rn_fb_u32(const rn_fb *fb, size_t tbl, int id, uint32_t dflt);
uint16_t rn_fb_u16(const rn_fb *fb, size_t tbl, int id, uint16_t dflt);
/* Follows the offset field 'id' to a vector of elem_size-byte elements aligned
 * to align. Absent -> count 0, data NULL, returns 0. Malformed -> -1. */
int rn_fb_vector(const rn_fb *fb, size_t tbl, int id, size_t elem_size, size_t align,
                 const uint8_t **data, uint32_t *count);
/* Follows offset field 'id' to a string (NUL terminator checked). */
int rn_fb_string(const rn_fb *fb, size_t tbl, int id, const char **s, uint32_t *len);
/* Element i of a vector of offsets to strings/tables at 'vec' (from
 * rn_fb_vector with elem_size 4): returns the target position or -1. */
int rn_fb_deref(const rn_fb *fb, const uint8_t *elem, size_t *target);
int rn_fb_string_at(const rn_fb *fb, size_t pos, const char **s, uint32_t *len);
/* Checks that 'pos' is a table; returns 0 or -1. */
int rn_fb_table_ok(const rn_fb *fb, size_t pos);
/* Opens the table of columns at field 'id' of the table at tbl (see
 * rn_fbb_columns): *count, and column i as p[i]..end[i] (both NULL when
 * absent), i = 1..n-1. 0, 1 when the field is absent, -1 when malformed. */
int rn_fb_columns(const rn_fb *fb, size_t tbl, int id, int n, uint32_t *count, const uint8_t **p,
                  const uint8_t **end);
/* The same for the columns i whose bit (1 << i) is set in want; the others
 * are neither checked nor returned (NULL). */
int rn_fb_columns_some(const rn_fb *fb, size_t tbl, int id, int n, uint64_t want, uint32_t *count,
                       const uint8_t **p, const uint8_t **end);

/* Little-endian loads and stores. On little-endian hosts (all rn runs on)
 * they are plain unaligned moves; the byte-by-byte form is the fallback. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define RN_LE_LOAD(T, p)                                                                           \
	T v;                                                                                       \
	memcpy(&v, (p), sizeof(v));                                                                \
	return v
#define RN_LE_STORE(p, v) memcpy((p), &(v), sizeof(v))
static inline uint16_t rn_le16(const uint8_t *p)
{
	RN_LE_LOAD(uint16_t, p);
}
static inline uint32_t rn_le32(const uint8_t *p)
{
	RN_LE_LOAD(uint32_t, p);
}
static inline uint64_t rn_le64(const uint8_t *p)
{
	RN_LE_LOAD(uint64_t, p);
}
static inline void rn_put16(uint8_t *p, uint16_t v)
{
	RN_LE_STORE(p, v);
}
static inline void rn_put32(uint8_t *p, uint32_t v)
{
	RN_LE_STORE(p, v);
}
static inline void rn_put64(uint8_t *p, uint64_t v)
{
	RN_LE_STORE(p, v);
}
#else
static inline uint16_t rn_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}
static inline uint32_t rn_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static inline uint64_t rn_le64(const uint8_t *p)
{
	return (uint64_t)rn_le32(p) | (uint64_t)rn_le32(p + 4) << 32;
}
static inline void rn_put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}
static inline void rn_put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}
static inline void rn_put64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}
#endif

#endif
