/* rn_chunk_dirents.h: format 2.x stores captures that are whole
 * linux_dirent64 records (what getdents64 returns) field by field in the
 * Chunk's DirentColumns instead of as bytes in the blob (docs/format.md
 * §4.6): inode deltas, offsets, record lengths against the name's, types,
 * names and the stale padding bytes apart, so that zstd sees each kind of
 * value in one place. Lossless: the records are rebuilt byte for byte.
 * Internal to format/ (used by rn_chunk_cols.c). */
#ifndef RN_CHUNK_DIRENTS_H
#define RN_CHUNK_DIRENTS_H

#include "rn_chunk_colbuf.h"
#include "rn_flatbuf.h"

#include <stddef.h>
#include <stdint.h>

enum { RN_DIRENT_MIN = 20 }; /* 19-byte head + the name's NUL */

enum { DC_COUNT, DC_INO, DC_OFF, DC_RECLEN, DC_TYPE, DC_NAMELEN, DC_NAMES, DC_PAD, DC_HIT, DC_N };

/* 5.x: d_off predicted from the names (docs/format.md §4.6): a table of
 * name -> the cookie seen before it, RN_DOFF_SLOTS slots, empty at the start
 * of each chunk. A slot holds a name (where it lies in the names column) and
 * its cookie; len 0 = empty, else the name's length + 1. */
enum { RN_DOFF_SLOTS = 8192 };
typedef struct rn_doff_slot {
	uint64_t cookie;
	uint32_t pos, len;
} rn_doff_slot;

typedef struct rn_dirents_enc {
	rn_dbuf col[DC_N];
	uint32_t count;
	uint64_t prev_ino;
	int major;         /* the format written: 5.x predicts d_off */
	int tab_fresh;     /* the table is not emptied yet for this chunk */
	rn_doff_slot *tab; /* 5.x: RN_DOFF_SLOTS slots, allocated when first needed */
} rn_dirents_enc;

/* 1 when d[0..len) is a sequence of whole linux_dirent64 records (each at
 * least 20 bytes, its name NUL-terminated inside it), else 0. */
int rn_dirents_fit(const uint8_t *d, uint32_t len);
/* Empties the columns for a new chunk of format 'major'. */
void rn_dirents_enc_reset(rn_dirents_enc *e, int major);
void rn_dirents_enc_free(rn_dirents_enc *e);
/* Appends the records of d[0..len) (rn_dirents_fit true). 3.x: ref[0..ref_len)
 * is the previous form-1 capture when it was read at the same address (NULL
 * otherwise, and always in 2.x): the padding is stored XOR the byte at the
 * same position of ref (0 past its end). -1 out of memory. */
int rn_dirents_add(rn_dirents_enc *e, const uint8_t *d, uint32_t len, const uint8_t *ref,
                   uint32_t ref_len);
/* Writes the DirentColumns table and points the offset field 'at' to it. */
void rn_dirents_write(rn_dirents_enc *e, rn_fbb *f, size_t at);

typedef struct rn_dirents_dec {
	const uint8_t *p[DC_N], *end[DC_N];
	const uint8_t *names; /* 5.x: the names column's first byte */
	uint32_t count, done;
	uint64_t prev_ino;
	int major;
	rn_doff_slot *tab; /* 5.x: the caller's RN_DOFF_SLOTS slots */
} rn_dirents_dec;

/* Opens the DirentColumns at Chunk field id of a chunk of format 'major'
 * (5.x: tab is RN_DOFF_SLOTS slots of scratch memory, emptied here when the
 * columns are present): 0, 1 when absent, -1 malformed. */
int rn_dirents_open(rn_dirents_dec *d, const rn_fb *fb, size_t root, int id, int major,
                    rn_doff_slot *tab);
/* Rebuilds the next records, exactly len bytes of them, into out (ref and
 * ref_len as given to rn_dirents_add; not overlapping out). 0 or -1. */
int rn_dirents_rebuild(rn_dirents_dec *d, uint8_t *out, uint32_t len, const uint8_t *ref,
                       uint32_t ref_len);
/* 1 when every record and every column byte was used. */
int rn_dirents_done(const rn_dirents_dec *d);

#endif
