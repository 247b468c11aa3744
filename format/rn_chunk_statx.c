/* rn_chunk_statx.c: struct statx captures as columns (format 4.x), see
 * rn_chunk_statx.h and docs/format.md §4.8. The struct (256 bytes):
 *   0 u32 mask, 4 u32 blksize, 8 u64 attributes, 16 u32 nlink, 20 u32 uid,
 *   24 u32 gid, 28 u16 mode, 30 u16 spare, 32 u64 ino, 40 u64 size,
 *   48 u64 blocks, 56 u64 attributes_mask, 64/80/96/112 the atime, btime,
 *   ctime and mtime (i64 sec, u32 nsec, i32 reserved each), 128 u32
 *   rdev_major, rdev_minor, dev_major, dev_minor, 144 u64 mnt_id, 152..255
 *   newer fields and spare space (13 u64 words).
 * Every field is one varint of its column; the table below says which
 * column and what it is predicted from (zz: zigzag of the difference mod
 * 2^64). The reserved words, the spare u16 and the 13 words from 152 on all
 * go, in that order, to the column 'rest', each against the same word of
 * the previous statx. */
#include "rn_chunk_statx.h"
#include "rn_leb.h"

#include <string.h>

/* How a field is predicted. */
enum {
	P_VALUE, /* the value itself (no zigzag) */
	P_PREV,  /* zz(x - the same field of the previous statx; first: 0) */
	P_MTIME, /* zz(x - this statx's mtime (seconds or nsec: ref)) */
	P_BTIME, /* zz(x - ref) when the mask has STATX_BTIME, else zz(x) */
	P_BLOCKS /* zz(x - ((size + 4095) / 4096) * 8) */
};

#define STATX_BTIME 0x800u

/* The fields in decoding order (a prediction uses only fields before it):
 * byte offset, width in bytes, column, prediction, and for P_MTIME/P_BTIME
 * the index of the field predicted from. */
typedef struct sx_field {
	uint8_t off, width, col, pred, ref;
} sx_field;

enum { F_MASK = 0, F_SIZE = 9, F_MTIME = 11, F_MTIME_NSEC = 12 };

static const sx_field fields[RN_STATX_NFIELDS] = {
    {0, 4, SX_MASK, P_PREV, 0},
    {4, 4, SX_BLKSIZE, P_PREV, 0},
    {8, 8, SX_ATTRIBUTES, P_PREV, 0},
    {16, 4, SX_NLINK, P_VALUE, 0},
    {20, 4, SX_UID, P_PREV, 0},
    {24, 4, SX_GID, P_PREV, 0},
    {28, 2, SX_MODE, P_VALUE, 0},
    {30, 2, SX_REST, P_PREV, 0},
    {32, 8, SX_INO, P_PREV, 0},
    {40, 8, SX_SIZE, P_VALUE, 0}, /* F_SIZE */
    {48, 8, SX_BLOCKS, P_BLOCKS, 0},
    {112, 8, SX_MTIME, P_PREV, 0},       /* F_MTIME */
    {120, 4, SX_MTIME_NSEC, P_VALUE, 0}, /* F_MTIME_NSEC */
    {56, 8, SX_ATTRIBUTES_MASK, P_PREV, 0},
    {64, 8, SX_ATIME, P_MTIME, F_MTIME},
    {72, 4, SX_ATIME_NSEC, P_MTIME, F_MTIME_NSEC},
    {96, 8, SX_CTIME, P_MTIME, F_MTIME},
    {104, 4, SX_CTIME_NSEC, P_MTIME, F_MTIME_NSEC},
    {80, 8, SX_BTIME, P_BTIME, F_MTIME},
    {88, 4, SX_BTIME_NSEC, P_BTIME, F_MTIME_NSEC},
    {128, 4, SX_RDEV_MAJOR, P_VALUE, 0},
    {132, 4, SX_RDEV_MINOR, P_VALUE, 0},
    {136, 4, SX_DEV_MAJOR, P_PREV, 0},
    {140, 4, SX_DEV_MINOR, P_PREV, 0},
    {144, 8, SX_MNT_ID, P_PREV, 0},
    {76, 4, SX_REST, P_PREV, 0},
    {92, 4, SX_REST, P_PREV, 0},
    {108, 4, SX_REST, P_PREV, 0},
    {124, 4, SX_REST, P_PREV, 0},
    {152, 8, SX_REST, P_PREV, 0},
    {160, 8, SX_REST, P_PREV, 0},
    {168, 8, SX_REST, P_PREV, 0},
    {176, 8, SX_REST, P_PREV, 0},
    {184, 8, SX_REST, P_PREV, 0},
    {192, 8, SX_REST, P_PREV, 0},
    {200, 8, SX_REST, P_PREV, 0},
    {208, 8, SX_REST, P_PREV, 0},
    {216, 8, SX_REST, P_PREV, 0},
    {224, 8, SX_REST, P_PREV, 0},
    {232, 8, SX_REST, P_PREV, 0},
    {240, 8, SX_REST, P_PREV, 0},
    {248, 8, SX_REST, P_PREV, 0},
};

/* The 42 fields cover the 256 bytes exactly once (checked by t_columns'
 * round trips of random bytes). */

static uint64_t load(const uint8_t *d, const sx_field *f)
{
	return f->width == 8   ? rn_le64(d + f->off)
	       : f->width == 4 ? rn_le32(d + f->off)
	                       : rn_le16(d + f->off);
}

static void store(uint8_t *d, const sx_field *f, uint64_t v)
{
	if (f->width == 8)
		rn_put64(d + f->off, v);
	else if (f->width == 4)
		rn_put32(d + f->off, (uint32_t)v);
	else
		rn_put16(d + f->off, (uint16_t)v);
}

/* The prediction of field i given the fields before it (v) and the previous
 * statx (prev). */
static uint64_t predicted(int i, const uint64_t *v, const uint64_t *prev)
{
	const sx_field *f = &fields[i];
	switch (f->pred) {
	case P_PREV:
		return prev[i];
	case P_MTIME:
		return v[f->ref];
	case P_BTIME:
		return v[F_MASK] & STATX_BTIME ? v[f->ref] : 0;
	case P_BLOCKS:
		return (v[F_SIZE] + 4095) / 4096 * 8;
	default:
		return 0;
	}
}

int rn_statx_fit(const uint8_t *d, uint32_t len)
{
	if (len != RN_STATX_SIZE)
		return 0;
	uint32_t type = rn_le16(d + 28) & 0170000u;
	uint32_t blk = rn_le32(d + 4);
	int known = type == 0140000 || type == 0120000 || type == 0100000 || type == 0060000 ||
	            type == 0040000 || type == 0020000 || type == 0010000;
	return known && blk && blk <= (1u << 20) && !(blk & (blk - 1));
}

void rn_statx_enc_reset(rn_statx_enc *e)
{
	rn_dbufs_reset(e->col, SX_N);
	e->count = 0;
	memset(e->prev, 0, sizeof(e->prev));
}

void rn_statx_enc_free(rn_statx_enc *e)
{
	rn_dbufs_free(e->col, SX_N);
	memset(e, 0, sizeof(*e));
}

int rn_statx_add(rn_statx_enc *e, const uint8_t *d)
{
	for (int i = 1; i < SX_N; i++)
		if (rn_dbuf_reserve(&e->col[i], i == SX_REST ? 18 * 10 : 10) < 0)
			return -1;
	uint64_t v[RN_STATX_NFIELDS];
	for (int i = 0; i < RN_STATX_NFIELDS; i++) {
		const sx_field *f = &fields[i];
		v[i] = load(d, f);
		uint64_t x = v[i] - predicted(i, v, e->prev);
		rn_dbuf *b = &e->col[f->col];
		b->len =
		    (size_t)(rn_leb_put(b->p + b->len, f->pred == P_VALUE ? x : rn_zz(x)) - b->p);
	}
	memcpy(e->prev, v, sizeof(v));
	e->count++;
	return 0;
}

void rn_statx_write(rn_statx_enc *e, rn_fbb *f, size_t at)
{
	rn_dbufs_write(e->col, SX_N, e->count, f, at);
}

int rn_statx_open(rn_statx_dec *d, const rn_fb *fb, size_t root, int id)
{
	memset(d, 0, sizeof(*d));
	return rn_dbufs_open(fb, root, id, SX_N, &d->count, d->p, d->end, 0, 0);
}

int rn_statx_rebuild(rn_statx_dec *d, uint8_t *out)
{
	if (d->done >= d->count)
		return -1;
	uint64_t v[RN_STATX_NFIELDS];
	for (int i = 0; i < RN_STATX_NFIELDS; i++) {
		const sx_field *f = &fields[i];
		uint64_t x;
		if (rn_leb_get(&d->p[f->col], d->end[f->col], &x) < 0)
			return -1;
		v[i] = (f->pred == P_VALUE ? x : rn_unzz(x)) + predicted(i, v, d->prev);
		if (f->width < 8 && v[i] >> (8 * f->width))
			return -1;
		store(out, f, v[i]);
	}
	memcpy(d->prev, v, sizeof(v));
	d->done++;
	return 0;
}

int rn_statx_done(const rn_statx_dec *d)
{
	return d->done == d->count && rn_dbufs_used(d->p, d->end, SX_N, 0);
}
