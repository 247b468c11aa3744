/* rn_chunk_struct.h: a kernel struct captured whole (struct stat, struct
 * statx) stored field by field: a layout lists the struct's fields in
 * decoding order, each with its column and what it is predicted from (the
 * value itself, the same field of the previous struct of the chunk, another
 * field of the same struct...); each field is one varint of its column
 * (raw fields: their bytes), so that zstd sees each kind of value in one
 * place. The layouts are data (rn_chunk_stat.c, rn_chunk_statx.c;
 * docs/format.md §4.7, §4.8); this file is the one codec for all of them.
 * Lossless: any bytes round-trip. Internal to format/. */
#ifndef RN_CHUNK_STRUCT_H
#define RN_CHUNK_STRUCT_H

#include "rn_chunk_colbuf.h"
#include "rn_flatbuf.h"

#include <stddef.h>
#include <stdint.h>

/* How a field is stored (zz: zigzag of the difference, mod 2^64). */
enum {
	RN_SP_VALUE,    /* the value itself */
	RN_SP_PREV,     /* zz(x - the same field of the previous struct; first: 0) */
	RN_SP_FIELD,    /* zz(x - field 'ref' of this struct) */
	RN_SP_FIELD_IF, /* zz(x - field 'ref') when field cond_field has cond_bit,
	                 * else zz(x) */
	RN_SP_BLOCKS,   /* zz(x - ((field size_field + 4095) / 4096) * 8) */
	RN_SP_RAW       /* the 'width' bytes as they are */
};

/* One field: byte offset, width (2, 4 or 8; RN_SP_RAW: any), column,
 * prediction and its reference field (an index into the layout). */
typedef struct rn_sfield {
	uint8_t off, width, col, pred, ref;
} rn_sfield;

enum { RN_SMAX_FIELDS = 48, RN_SMAX_COLS = 32 };

typedef struct rn_slayout {
	const rn_sfield *f; /* in decoding order: a reference comes first */
	int nf;
	int ncols;        /* columns of the table, the count (0) included */
	uint32_t size;    /* bytes of the struct */
	int raw_col;      /* the column of raw bytes (0: none)... */
	uint32_t raw_per; /* ...holding exactly this many per struct */
	int size_field;   /* RN_SP_BLOCKS */
	int cond_field;   /* RN_SP_FIELD_IF */
	uint64_t cond_bit;
} rn_slayout;

typedef struct rn_struct_enc {
	rn_dbuf col[RN_SMAX_COLS];
	uint32_t count;
	uint64_t prev[RN_SMAX_FIELDS];
} rn_struct_enc;

void rn_struct_enc_reset(rn_struct_enc *e);
void rn_struct_enc_free(rn_struct_enc *e);
/* Appends one struct of L->size bytes. -1 out of memory. */
int rn_struct_add(rn_struct_enc *e, const rn_slayout *L, const uint8_t *d);
/* Writes the table of columns and points the offset field 'at' to it. */
void rn_struct_write(rn_struct_enc *e, const rn_slayout *L, rn_fbb *f, size_t at);

typedef struct rn_struct_dec {
	const uint8_t *p[RN_SMAX_COLS], *end[RN_SMAX_COLS];
	uint32_t count, done;
	uint64_t prev[RN_SMAX_FIELDS];
} rn_struct_dec;

/* Opens the table at Chunk field id: 0, 1 when absent, -1 malformed. */
int rn_struct_open(rn_struct_dec *d, const rn_slayout *L, const rn_fb *fb, size_t root, int id);
/* Rebuilds the next struct into out[0..L->size). 0, or -1 when a column
 * runs out or a value does not fit its field. */
int rn_struct_rebuild(rn_struct_dec *d, const rn_slayout *L, uint8_t *out);
/* 1 when every struct and every column byte was used. */
int rn_struct_done(const rn_struct_dec *d, const rn_slayout *L);

#endif
