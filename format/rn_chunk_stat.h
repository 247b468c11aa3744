/* rn_chunk_stat.h: format 3.x stores 144-byte struct captures that look like
 * an x86_64 kernel `struct stat` (what stat, fstat, lstat and newfstatat
 * return) field by field in the Chunk's StatColumns instead of as bytes in
 * the blob (docs/format.md §4.7): device and inode against the previous
 * stat's, times against the modification time, blocks against the size, so
 * that zstd sees each kind of value in one place. Lossless: any 144 bytes
 * are rebuilt byte for byte, whatever they held. Internal to format/ (used
 * by rn_chunk_cols.c). */
#ifndef RN_CHUNK_STAT_H
#define RN_CHUNK_STAT_H

#include "rn_chunk_colbuf.h"
#include "rn_fb.h"

#include <stddef.h>
#include <stdint.h>

enum { RN_STAT_SIZE = 144 };

enum {
	ST_COUNT,
	ST_DEV,
	ST_INO,
	ST_NLINK,
	ST_MODE,
	ST_UID,
	ST_GID,
	ST_RDEV,
	ST_SIZE,
	ST_BLKSIZE,
	ST_BLOCKS,
	ST_MTIME,
	ST_MTIME_NSEC,
	ST_ATIME,
	ST_ATIME_NSEC,
	ST_CTIME,
	ST_CTIME_NSEC,
	ST_PAD,
	ST_N
};

typedef struct rn_stat_enc {
	rn_dbuf col[ST_N];
	uint32_t count;
	uint64_t prev_dev, prev_ino, prev_mtime;
} rn_stat_enc;

/* 1 when the writer stores d[0..len) as a stat: 144 bytes whose st_mode has a
 * file type (S_IFMT bits one of the seven kinds) and whose st_blksize is a
 * power of two up to 1 MiB (a choice of the writer, the reader takes any
 * form-2 capture). */
int rn_stat_fit(const uint8_t *d, uint32_t len);
void rn_stat_enc_reset(rn_stat_enc *e);
void rn_stat_enc_free(rn_stat_enc *e);
/* Appends one 144-byte stat. -1 out of memory. */
int rn_stat_add(rn_stat_enc *e, const uint8_t *d);
/* Writes the StatColumns table and points the offset field 'at' to it. */
void rn_stat_write(rn_stat_enc *e, rn_fbb *f, size_t at);

typedef struct rn_stat_dec {
	const uint8_t *p[ST_N], *end[ST_N];
	uint32_t count, done;
	uint64_t prev_dev, prev_ino, prev_mtime;
} rn_stat_dec;

/* Opens the StatColumns at Chunk field id: 0, 1 when absent, -1 malformed. */
int rn_stat_open(rn_stat_dec *d, const rn_fb *fb, size_t root, int id);
/* Rebuilds the next stat into out[0..144). 0 or -1. */
int rn_stat_rebuild(rn_stat_dec *d, uint8_t *out);
/* 1 when every stat and every column byte was used. */
int rn_stat_done(const rn_stat_dec *d);

#endif
