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

/* StatColumns field ids (format/rn.fbs); 0 is the count. */
enum {
	ST_DEV = 1,
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

/* Indexes of the fields other fields are predicted from. */
enum { F_SIZE = 7, F_MTIME = 10, F_MTIME_NSEC = 11 };

static const rn_sfield fields[] = {
    {0, 8, ST_DEV, RN_SP_PREV, 0},
    {8, 8, ST_INO, RN_SP_PREV, 0},
    {16, 8, ST_NLINK, RN_SP_VALUE, 0},
    {24, 4, ST_MODE, RN_SP_VALUE, 0},
    {28, 4, ST_UID, RN_SP_VALUE, 0},
    {32, 4, ST_GID, RN_SP_VALUE, 0},
    {40, 8, ST_RDEV, RN_SP_VALUE, 0},
    {48, 8, ST_SIZE, RN_SP_VALUE, 0}, /* F_SIZE */
    {56, 8, ST_BLKSIZE, RN_SP_VALUE, 0},
    {64, 8, ST_BLOCKS, RN_SP_BLOCKS, 0},
    {88, 8, ST_MTIME, RN_SP_PREV, 0},       /* F_MTIME */
    {96, 8, ST_MTIME_NSEC, RN_SP_VALUE, 0}, /* F_MTIME_NSEC */
    {72, 8, ST_ATIME, RN_SP_FIELD, F_MTIME},
    {80, 8, ST_ATIME_NSEC, RN_SP_FIELD, F_MTIME_NSEC},
    {104, 8, ST_CTIME, RN_SP_FIELD, F_MTIME},
    {112, 8, ST_CTIME_NSEC, RN_SP_FIELD, F_MTIME_NSEC},
    {36, 4, ST_PAD, RN_SP_RAW, 0},
    {120, 24, ST_PAD, RN_SP_RAW, 0},
};

const rn_slayout rn_stat_layout = {
    .f = fields,
    .nf = sizeof(fields) / sizeof(fields[0]),
    .ncols = ST_N,
    .size = RN_STAT_SIZE,
    .raw_col = ST_PAD,
    .raw_per = 28,
    .size_field = F_SIZE,
};

int rn_stat_plausible(uint32_t mode, uint64_t blksize)
{
	uint32_t type = mode & 0170000;
	int known = type == 0140000 || type == 0120000 || type == 0100000 || type == 0060000 ||
	            type == 0040000 || type == 0020000 || type == 0010000;
	return known && blksize && blksize <= (1u << 20) && !(blksize & (blksize - 1));
}

int rn_stat_fit(const uint8_t *d, uint32_t len)
{
	return len == RN_STAT_SIZE && rn_stat_plausible(rn_le32(d + 24), rn_le64(d + 56));
}
