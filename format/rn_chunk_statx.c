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
#include "rn_chunk_stat.h" /* rn_stat_plausible */

/* StatxColumns field ids (format/rn.fbs); 0 is the count. */
enum {
	SX_MASK = 1,
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

/* Indexes of the fields other fields are predicted from. */
enum { F_MASK = 0, F_SIZE = 9, F_MTIME = 11, F_MTIME_NSEC = 12 };

#define STATX_BTIME 0x800u

/* The 42 fields cover the 256 bytes exactly once, in decoding order. */
static const rn_sfield fields[] = {
    {0, 4, SX_MASK, RN_SP_PREV, 0}, /* F_MASK */
    {4, 4, SX_BLKSIZE, RN_SP_PREV, 0},
    {8, 8, SX_ATTRIBUTES, RN_SP_PREV, 0},
    {16, 4, SX_NLINK, RN_SP_VALUE, 0},
    {20, 4, SX_UID, RN_SP_PREV, 0},
    {24, 4, SX_GID, RN_SP_PREV, 0},
    {28, 2, SX_MODE, RN_SP_VALUE, 0},
    {30, 2, SX_REST, RN_SP_PREV, 0},
    {32, 8, SX_INO, RN_SP_PREV, 0},
    {40, 8, SX_SIZE, RN_SP_VALUE, 0}, /* F_SIZE */
    {48, 8, SX_BLOCKS, RN_SP_BLOCKS, 0},
    {112, 8, SX_MTIME, RN_SP_PREV, 0},       /* F_MTIME */
    {120, 4, SX_MTIME_NSEC, RN_SP_VALUE, 0}, /* F_MTIME_NSEC */
    {56, 8, SX_ATTRIBUTES_MASK, RN_SP_PREV, 0},
    {64, 8, SX_ATIME, RN_SP_FIELD, F_MTIME},
    {72, 4, SX_ATIME_NSEC, RN_SP_FIELD, F_MTIME_NSEC},
    {96, 8, SX_CTIME, RN_SP_FIELD, F_MTIME},
    {104, 4, SX_CTIME_NSEC, RN_SP_FIELD, F_MTIME_NSEC},
    {80, 8, SX_BTIME, RN_SP_FIELD_IF, F_MTIME},
    {88, 4, SX_BTIME_NSEC, RN_SP_FIELD_IF, F_MTIME_NSEC},
    {128, 4, SX_RDEV_MAJOR, RN_SP_VALUE, 0},
    {132, 4, SX_RDEV_MINOR, RN_SP_VALUE, 0},
    {136, 4, SX_DEV_MAJOR, RN_SP_PREV, 0},
    {140, 4, SX_DEV_MINOR, RN_SP_PREV, 0},
    {144, 8, SX_MNT_ID, RN_SP_PREV, 0},
    {76, 4, SX_REST, RN_SP_PREV, 0},
    {92, 4, SX_REST, RN_SP_PREV, 0},
    {108, 4, SX_REST, RN_SP_PREV, 0},
    {124, 4, SX_REST, RN_SP_PREV, 0},
    {152, 8, SX_REST, RN_SP_PREV, 0},
    {160, 8, SX_REST, RN_SP_PREV, 0},
    {168, 8, SX_REST, RN_SP_PREV, 0},
    {176, 8, SX_REST, RN_SP_PREV, 0},
    {184, 8, SX_REST, RN_SP_PREV, 0},
    {192, 8, SX_REST, RN_SP_PREV, 0},
    {200, 8, SX_REST, RN_SP_PREV, 0},
    {208, 8, SX_REST, RN_SP_PREV, 0},
    {216, 8, SX_REST, RN_SP_PREV, 0},
    {224, 8, SX_REST, RN_SP_PREV, 0},
    {232, 8, SX_REST, RN_SP_PREV, 0},
    {240, 8, SX_REST, RN_SP_PREV, 0},
    {248, 8, SX_REST, RN_SP_PREV, 0},
};

const rn_slayout rn_statx_layout = {
    .f = fields,
    .nf = sizeof(fields) / sizeof(fields[0]),
    .ncols = SX_N,
    .size = RN_STATX_SIZE,
    .size_field = F_SIZE,
    .cond_field = F_MASK,
    .cond_bit = STATX_BTIME,
};

int rn_statx_fit(const uint8_t *d, uint32_t len)
{
	return len == RN_STATX_SIZE && rn_stat_plausible(rn_le16(d + 28), rn_le32(d + 4));
}
