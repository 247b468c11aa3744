/* rn_chunk_stat.h: format 3.x stores 144-byte struct captures that look like
 * an x86_64 kernel `struct stat` (what stat, fstat, lstat and newfstatat
 * return) field by field in the Chunk's StatColumns instead of as bytes in
 * the blob (docs/format.md §4.7): device and inode against the previous
 * stat's, times against the modification time, blocks against the size.
 * The layout is data for the struct codec (rn_chunk_struct.h). Internal to
 * format/ (used by rn_chunk_cols.c). */
#ifndef RN_CHUNK_STAT_H
#define RN_CHUNK_STAT_H

#include "rn_chunk_struct.h"

#include <stdint.h>

enum { RN_STAT_SIZE = 144 };

/* StatColumns: the layout of the 144 bytes over its 18 columns. */
extern const rn_slayout rn_stat_layout;

/* 1 when the writer stores d[0..len) as a stat: 144 bytes whose st_mode has a
 * file type (S_IFMT bits one of the seven kinds) and whose st_blksize is a
 * power of two up to 1 MiB (a choice of the writer, the reader takes any
 * form-2 capture). */
int rn_stat_fit(const uint8_t *d, uint32_t len);

/* 1 when mode's S_IFMT bits are one of the seven file types and blksize a
 * power of two up to 1 MiB: what a real stat or statx result holds. */
int rn_stat_plausible(uint32_t mode, uint64_t blksize);

#endif
