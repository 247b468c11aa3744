/* rn_chunk_dirents.c: linux_dirent64 records as columns (format 2.x), see
 * rn_chunk_dirents.h and docs/format.md §4.6. A record is
 *   u64 d_ino, u64 d_off, u16 d_reclen, u8 d_type, name, NUL, padding
 * (padding: whatever the buffer held before; the kernel does not clear it).
 * Columns, one value per record: ino zz(d_ino - previous d_ino) varints;
 * off d_off as 8 raw little-endian bytes; reclen zz(d_reclen - canonical)
 * varints, canonical = (19 + namelen + 1) rounded up to 8; type one byte;
 * namelen varints; names the name bytes; pad the padding bytes (3.x: XOR
 * the previous capture of the same buffer, whose stale bytes they mostly are). */
#include "rn_chunk_dirents.h"
#include "rn_leb.h"

#include <stdlib.h>
#include <string.h>

int rn_dirents_fit(const uint8_t *d, uint32_t len)
{
	uint32_t p = 0;
	while (p < len) {
		if (len - p < RN_DIRENT_MIN)
			return 0;
		uint32_t rl = rn_le16(d + p + 16);
		if (rl < RN_DIRENT_MIN || rl > len - p || !memchr(d + p + 19, 0, rl - 19))
			return 0;
		p += rl;
	}
	return len > 0;
}

void rn_dirents_enc_reset(rn_dirents_enc *e)
{
	rn_dbufs_reset(e->col, DC_N);
	e->count = 0;
	e->prev_ino = 0;
}

void rn_dirents_enc_free(rn_dirents_enc *e)
{
	rn_dbufs_free(e->col, DC_N);
	memset(e, 0, sizeof(*e));
}

static void dbuf_leb(rn_dbuf *b, uint64_t v)
{
	b->len = (size_t)(rn_leb_put(b->p + b->len, v) - b->p);
}

static void dbuf_put(rn_dbuf *b, const void *d, size_t n)
{
	if (n)
		memcpy(b->p + b->len, d, n);
	b->len += n;
}

static uint32_t canonical(uint32_t namelen)
{
	return (19 + namelen + 1 + 7) & ~7u;
}

/* Copies n padding bytes from src (at position pos of its capture) to dst,
 * XOR the bytes of ref at the same positions (0 past ref_len). */
static void pad_xor(uint8_t *dst, const uint8_t *src, uint32_t n, uint32_t pos, const uint8_t *ref,
                    uint32_t ref_len)
{
	for (uint32_t k = 0; k < n; k++)
		dst[k] = src[k] ^ (pos + k < ref_len ? ref[pos + k] : 0);
}

int rn_dirents_add(rn_dirents_enc *e, const uint8_t *d, uint32_t len, const uint8_t *ref,
                   uint32_t ref_len)
{
	/* At most len / 20 records: room for every column at once. */
	size_t nrec = len / RN_DIRENT_MIN + 1;
	for (int i = DC_INO; i < DC_N; i++)
		if (rn_dbuf_reserve(&e->col[i], i == DC_NAMES || i == DC_PAD ? len : 10 * nrec) < 0)
			return -1;
	for (uint32_t p = 0; p < len;) {
		const uint8_t *r = d + p;
		uint32_t rl = rn_le16(r + 16);
		const uint8_t *nul = memchr(r + 19, 0, rl - 19);
		uint32_t nl = (uint32_t)(nul - (r + 19));
		uint64_t ino = rn_le64(r);
		dbuf_leb(&e->col[DC_INO], rn_zz(ino - e->prev_ino));
		dbuf_put(&e->col[DC_OFF], r + 8, 8);
		dbuf_leb(&e->col[DC_RECLEN], rn_zz((uint64_t)rl - canonical(nl)));
		dbuf_put(&e->col[DC_TYPE], r + 18, 1);
		dbuf_leb(&e->col[DC_NAMELEN], nl);
		dbuf_put(&e->col[DC_NAMES], r + 19, nl);
		rn_dbuf *pad = &e->col[DC_PAD];
		pad_xor(pad->p + pad->len, nul + 1, rl - 20 - nl, p + 20 + nl, ref,
		        ref ? ref_len : 0);
		pad->len += rl - 20 - nl;
		e->prev_ino = ino;
		e->count++;
		p += rl;
	}
	return 0;
}

void rn_dirents_write(rn_dirents_enc *e, rn_fbb *f, size_t at)
{
	rn_dbufs_write(e->col, DC_N, e->count, f, at);
}

int rn_dirents_open(rn_dirents_dec *d, const rn_fb *fb, size_t root, int id)
{
	memset(d, 0, sizeof(*d));
	/* Eight bytes of offset per record. */
	return rn_dbufs_open(fb, root, id, DC_N, &d->count, d->p, d->end, DC_OFF, 8);
}

int rn_dirents_rebuild(rn_dirents_dec *d, uint8_t *out, uint32_t len, const uint8_t *ref,
                       uint32_t ref_len)
{
	uint32_t p = 0;
	while (p < len) {
		uint64_t dino, drl, nl;
		if (d->done >= d->count || d->p[DC_TYPE] >= d->end[DC_TYPE] ||
		    rn_leb_get(&d->p[DC_INO], d->end[DC_INO], &dino) < 0 ||
		    rn_leb_get(&d->p[DC_RECLEN], d->end[DC_RECLEN], &drl) < 0 ||
		    rn_leb_get(&d->p[DC_NAMELEN], d->end[DC_NAMELEN], &nl) < 0 || nl > 0xffff)
			return -1;
		uint64_t rl = canonical((uint32_t)nl) + rn_unzz(drl); /* mod 2^64 */
		if (rl < RN_DIRENT_MIN + nl || rl > 0xffff || rl > len - p ||
		    nl > (size_t)(d->end[DC_NAMES] - d->p[DC_NAMES]) ||
		    rl - RN_DIRENT_MIN - nl > (size_t)(d->end[DC_PAD] - d->p[DC_PAD]))
			return -1;
		uint8_t *r = out + p;
		d->prev_ino += rn_unzz(dino);
		rn_put64(r, d->prev_ino);
		memcpy(r + 8, d->p[DC_OFF] + 8 * (size_t)d->done, 8);
		rn_put16(r + 16, (uint16_t)rl);
		r[18] = *d->p[DC_TYPE]++;
		memcpy(r + 19, d->p[DC_NAMES], nl);
		d->p[DC_NAMES] += nl;
		r[19 + nl] = 0;
		pad_xor(r + 20 + nl, d->p[DC_PAD], (uint32_t)(rl - RN_DIRENT_MIN - nl),
		        p + 20 + (uint32_t)nl, ref, ref ? ref_len : 0);
		d->p[DC_PAD] += rl - RN_DIRENT_MIN - nl;
		d->done++;
		p += (uint32_t)rl;
	}
	return 0;
}

int rn_dirents_done(const rn_dirents_dec *d)
{
	return d->done == d->count && rn_dbufs_used(d->p, d->end, DC_N, DC_OFF);
}
