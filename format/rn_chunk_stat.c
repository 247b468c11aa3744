/* rn_chunk_stat.c: x86_64 struct stat captures as columns (format 3.x), see
 * rn_chunk_stat.h and docs/format.md §4.7. The struct (144 bytes):
 *   0 u64 st_dev, 8 u64 st_ino, 16 u64 st_nlink, 24 u32 st_mode, 28 u32 st_uid,
 *   32 u32 st_gid, 36 u32 pad, 40 u64 st_rdev, 48 u64 st_size, 56 u64 st_blksize,
 *   64 u64 st_blocks, 72 u64 st_atime, 80 atime_nsec, 88 st_mtime, 96
 *   mtime_nsec, 104 st_ctime, 112 ctime_nsec, 120 24 unused bytes.
 * Columns, one varint per stat (zz: zigzag of the difference mod 2^64):
 *   dev, ino    zz(x - the previous stat's x in the chunk; first: - 0)
 *   nlink, mode, uid, gid, rdev, size, blksize, mtime_nsec   the value
 *   blocks      zz(blocks - ((size + 4095) / 4096) * 8)
 *   mtime       zz(mtime - the previous stat's mtime)
 *   atime, ctime (and their nsec)   zz(x - mtime (mtime_nsec))
 *   pad         bytes 36..39 and 120..143, 28 raw bytes per stat */
#include "rn_chunk_stat.h"
#include "rn_chunk_colbuf.h"
#include "rn_leb.h"

#include <stdlib.h>
#include <string.h>

/* Byte offset of each varint column's field, and whether it is 32-bit. */
static const struct {
	uint8_t off, u32;
} field[ST_N] = {
    [ST_DEV] = {0, 0},          [ST_INO] = {8, 0},         [ST_NLINK] = {16, 0},
    [ST_MODE] = {24, 1},        [ST_UID] = {28, 1},        [ST_GID] = {32, 1},
    [ST_RDEV] = {40, 0},        [ST_SIZE] = {48, 0},       [ST_BLKSIZE] = {56, 0},
    [ST_BLOCKS] = {64, 0},      [ST_ATIME] = {72, 0},      [ST_ATIME_NSEC] = {80, 0},
    [ST_MTIME] = {88, 0},       [ST_MTIME_NSEC] = {96, 0}, [ST_CTIME] = {104, 0},
    [ST_CTIME_NSEC] = {112, 0},
};

enum { PAD_BYTES = 28 };

int rn_stat_fit(const uint8_t *d, uint32_t len)
{
	if (len != RN_STAT_SIZE)
		return 0;
	uint32_t type = rn_le32(d + 24) & 0170000;
	uint64_t blk = rn_le64(d + 56);
	int known = type == 0140000 || type == 0120000 || type == 0100000 || type == 0060000 ||
	            type == 0040000 || type == 0020000 || type == 0010000;
	return known && blk && blk <= (1u << 20) && !(blk & (blk - 1));
}

void rn_stat_enc_reset(rn_stat_enc *e)
{
	rn_dbufs_reset(e->col, ST_N);
	e->count = 0;
	e->prev_dev = e->prev_ino = e->prev_mtime = 0;
}

void rn_stat_enc_free(rn_stat_enc *e)
{
	rn_dbufs_free(e->col, ST_N);
	memset(e, 0, sizeof(*e));
}

static uint64_t get(const uint8_t *d, int k)
{
	return field[k].u32 ? rn_le32(d + field[k].off) : rn_le64(d + field[k].off);
}

/* The value stored for each field given the stat's own fields and the
 * predictions carried from the previous stat (p: dev, ino, mtime). */
static uint64_t predicted(int k, const uint64_t *v, const uint64_t *prev)
{
	switch (k) {
	case ST_DEV:
		return prev[0];
	case ST_INO:
		return prev[1];
	case ST_MTIME:
		return prev[2];
	case ST_BLOCKS:
		return (v[ST_SIZE] + 4095) / 4096 * 8;
	case ST_ATIME:
	case ST_CTIME:
		return v[ST_MTIME];
	case ST_ATIME_NSEC:
	case ST_CTIME_NSEC:
		return v[ST_MTIME_NSEC];
	default:
		return 0;
	}
}

static int signed_col(int k)
{
	return k == ST_DEV || k == ST_INO || k == ST_MTIME || k == ST_BLOCKS || k == ST_ATIME ||
	       k == ST_CTIME || k == ST_ATIME_NSEC || k == ST_CTIME_NSEC;
}

/* Columns in decoding order: a prediction uses only columns before it. */
static const int order[] = {ST_DEV,     ST_INO,        ST_NLINK, ST_MODE,
                            ST_UID,     ST_GID,        ST_RDEV,  ST_SIZE,
                            ST_BLKSIZE, ST_BLOCKS,     ST_MTIME, ST_MTIME_NSEC,
                            ST_ATIME,   ST_ATIME_NSEC, ST_CTIME, ST_CTIME_NSEC};
#define NORDER (sizeof(order) / sizeof(order[0]))

int rn_stat_add(rn_stat_enc *e, const uint8_t *d)
{
	for (int i = 1; i < ST_N; i++)
		if (rn_dbuf_reserve(&e->col[i], 32) < 0)
			return -1;
	uint64_t v[ST_N] = {0}, prev[3] = {e->prev_dev, e->prev_ino, e->prev_mtime};
	for (size_t i = 0; i < NORDER; i++) {
		int k = order[i];
		v[k] = get(d, k);
		uint64_t x = v[k] - predicted(k, v, prev);
		rn_dbuf *b = &e->col[k];
		b->len = (size_t)(rn_leb_put(b->p + b->len, signed_col(k) ? rn_zz(x) : x) - b->p);
	}
	rn_dbuf *pad = &e->col[ST_PAD];
	memcpy(pad->p + pad->len, d + 36, 4);
	memcpy(pad->p + pad->len + 4, d + 120, 24);
	pad->len += PAD_BYTES;
	e->prev_dev = v[ST_DEV];
	e->prev_ino = v[ST_INO];
	e->prev_mtime = v[ST_MTIME];
	e->count++;
	return 0;
}

void rn_stat_write(rn_stat_enc *e, rn_fbb *f, size_t at)
{
	rn_dbufs_write(e->col, ST_N, e->count, f, at);
}

int rn_stat_open(rn_stat_dec *d, const rn_fb *fb, size_t root, int id)
{
	memset(d, 0, sizeof(*d));
	return rn_dbufs_open(fb, root, id, ST_N, &d->count, d->p, d->end, ST_PAD, PAD_BYTES);
}

int rn_stat_rebuild(rn_stat_dec *d, uint8_t *out)
{
	if (d->done >= d->count)
		return -1;
	uint64_t v[ST_N] = {0}, prev[3] = {d->prev_dev, d->prev_ino, d->prev_mtime};
	for (size_t i = 0; i < NORDER; i++) {
		int k = order[i];
		uint64_t x;
		if (rn_leb_get(&d->p[k], d->end[k], &x) < 0)
			return -1;
		v[k] = (signed_col(k) ? rn_unzz(x) : x) + predicted(k, v, prev);
		if (field[k].u32) {
			if (v[k] > UINT32_MAX)
				return -1;
			rn_put32(out + field[k].off, (uint32_t)v[k]);
		} else {
			rn_put64(out + field[k].off, v[k]);
		}
	}
	memcpy(out + 36, d->p[ST_PAD], 4);
	memcpy(out + 120, d->p[ST_PAD] + 4, 24);
	d->p[ST_PAD] += PAD_BYTES;
	d->prev_dev = v[ST_DEV];
	d->prev_ino = v[ST_INO];
	d->prev_mtime = v[ST_MTIME];
	d->done++;
	return 0;
}

int rn_stat_done(const rn_stat_dec *d)
{
	return d->done == d->count && rn_dbufs_used(d->p, d->end, ST_N, 0);
}
