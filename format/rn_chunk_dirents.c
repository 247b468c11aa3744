/* rn_chunk_dirents.c: linux_dirent64 records as columns (format 2.x), see
 * rn_chunk_dirents.h and docs/format.md §4.6. A record is
 *   u64 d_ino, u64 d_off, u16 d_reclen, u8 d_type, name, NUL, padding
 * (padding: whatever the buffer held before; the kernel does not clear it).
 * Columns, one value per record: ino zz(d_ino - previous d_ino) varints;
 * off d_off as 8 raw little-endian bytes; reclen zz(d_reclen - canonical)
 * varints, canonical = (19 + namelen + 1) rounded up to 8; type one byte;
 * namelen varints; names the name bytes; pad the padding bytes (3.x: XOR
 * the previous capture of the same buffer, whose stale bytes they mostly are).
 * 5.x: names NUL-terminated and no namelen; d_off predicted from the next
 * record's name (ext4's cookie is a hash of that name, the same wherever it
 * is): hit 1 byte a record, 1 when d_off is the prediction, else off holds
 * d_off - the capture's previous d_off, 8 bytes big-endian. */
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

void rn_dirents_enc_reset(rn_dirents_enc *e, int major)
{
	rn_dbufs_reset(e->col, DC_N);
	e->count = 0;
	e->prev_ino = 0;
	e->major = major;
	e->tab_fresh = 1;
}

void rn_dirents_enc_free(rn_dirents_enc *e)
{
	rn_dbufs_free(e->col, DC_N);
	free(e->tab);
	memset(e, 0, sizeof(*e));
}

enum { DOFF_SHIFT = 51 };                               /* 64 - log2(RN_DOFF_SLOTS) */
static const uint64_t DOFF_END = 0x7fffffffffffffffull; /* ext4's end-of-directory cookie */

/* The slot of a name (docs/format.md §4.6): h = n, then for each 8 bytes of
 * the name (the last ones zero-padded), read little-endian as w:
 * h = (h XOR w) * 0x9E3779B97F4A7C15 mod 2^64; the slot is h's top 13 bits.
 * Eight bytes a step: a byte-wise hash was 5 % of find's encode time. */
static rn_doff_slot *doff_slot(rn_doff_slot *tab, const uint8_t *name, uint32_t n)
{
	uint64_t h = n;
	uint32_t i = 0;
	for (; i + 8 <= n; i += 8)
		h = (h ^ rn_le64(name + i)) * 0x9E3779B97F4A7C15ull;
	if (i < n) {
		uint64_t w = 0;
		for (uint32_t k = n; k-- > i;) /* the last 1..7 bytes, zero-padded */
			w = w << 8 | name[k];
		h = (h ^ w) * 0x9E3779B97F4A7C15ull;
	}
	return &tab[h >> DOFF_SHIFT];
}

/* The prediction of a record's d_off: ext4's end cookie for a capture's last
 * record (next == NULL), else the cookie remembered for the next record's
 * name when its slot holds that name (names: the names column). 1 when there
 * is one. */
static int doff_predict(const rn_doff_slot *sl, const uint8_t *names, const uint8_t *next,
                        uint32_t nl, uint64_t *pred)
{
	if (!next) {
		*pred = DOFF_END;
		return 1;
	}
	if (sl->len != nl + 1 || memcmp(names + sl->pos, next, nl) != 0)
		return 0;
	*pred = sl->cookie;
	return 1;
}

static void put_be64(uint8_t *p, uint64_t v)
{
	rn_put64(p, __builtin_bswap64(v));
}

static uint64_t get_be64(const uint8_t *p)
{
	return __builtin_bswap64(rn_le64(p));
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

/* 5.x: stores a record's d_off as a hit, or as the difference to the
 * previous one (*prev), and remembers it for the next record's name (next,
 * NUL-terminated inside its record; NULL: this is the capture's last). */
static void add_off(rn_dirents_enc *e, uint64_t off, const uint8_t *next, uint64_t *prev)
{
	uint32_t nl = next ? (uint32_t)strlen((const char *)next) : 0;
	rn_doff_slot *sl = next ? doff_slot(e->tab, next, nl) : NULL;
	uint64_t pred;
	int hit = doff_predict(sl, e->col[DC_NAMES].p, next, nl, &pred) && pred == off;
	rn_dbuf *h = &e->col[DC_HIT], *o = &e->col[DC_OFF];
	h->p[h->len++] = (uint8_t)hit;
	if (!hit) {
		put_be64(o->p + o->len, off - *prev);
		o->len += 8;
	}
	if (sl) /* the next name goes where the names column ends now */
		*sl = (rn_doff_slot){
		    .cookie = off, .pos = (uint32_t)e->col[DC_NAMES].len, .len = nl + 1};
	*prev = off;
}

int rn_dirents_add(rn_dirents_enc *e, const uint8_t *d, uint32_t len, const uint8_t *ref,
                   uint32_t ref_len)
{
	/* At most len / 20 records: room for every column at once. */
	size_t nrec = len / RN_DIRENT_MIN + 1;
	for (int i = DC_INO; i < DC_N; i++)
		if (rn_dbuf_reserve(&e->col[i], i == DC_NAMES || i == DC_PAD ? len : 10 * nrec) < 0)
			return -1;
	int v5 = e->major >= 5;
	if (v5 && !e->tab && !(e->tab = malloc(sizeof(*e->tab) * RN_DOFF_SLOTS)))
		return -1;
	if (v5 && e->tab_fresh) {
		memset(e->tab, 0, sizeof(*e->tab) * RN_DOFF_SLOTS);
		e->tab_fresh = 0;
	}
	uint64_t prev_off = 0;
	for (uint32_t p = 0; p < len;) {
		const uint8_t *r = d + p;
		uint32_t rl = rn_le16(r + 16);
		const uint8_t *nul = memchr(r + 19, 0, rl - 19);
		uint32_t nl = (uint32_t)(nul - (r + 19));
		uint64_t ino = rn_le64(r);
		dbuf_leb(&e->col[DC_INO], rn_zz(ino - e->prev_ino));
		dbuf_leb(&e->col[DC_RECLEN], rn_zz((uint64_t)rl - canonical(nl)));
		dbuf_put(&e->col[DC_TYPE], r + 18, 1);
		if (v5) {
			dbuf_put(&e->col[DC_NAMES], r + 19, nl + 1);
			add_off(e, rn_le64(r + 8), p + rl < len ? r + rl + 19 : NULL, &prev_off);
		} else {
			dbuf_put(&e->col[DC_OFF], r + 8, 8);
			dbuf_leb(&e->col[DC_NAMELEN], nl);
			dbuf_put(&e->col[DC_NAMES], r + 19, nl);
		}
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
	/* Before 5.x the table ends at pad (older files byte for byte). */
	rn_dbufs_write(e->col, e->major >= 5 ? DC_N : DC_HIT, e->count, f, at);
}

int rn_dirents_open(rn_dirents_dec *d, const rn_fb *fb, size_t root, int id, int major,
                    rn_doff_slot *tab)
{
	memset(d, 0, sizeof(*d));
	d->major = major;
	/* Before 5.x, eight bytes of offset per record. */
	int k =
	    rn_dbufs_open(fb, root, id, DC_N, &d->count, d->p, d->end, major >= 5 ? 0 : DC_OFF, 8);
	if (k == 0 && major >= 5) {
		d->names = d->p[DC_NAMES];
		d->tab = tab;
		memset(tab, 0, sizeof(*tab) * RN_DOFF_SLOTS);
	}
	return k;
}

/* 5.x: the next name in the names column (from q), NUL-terminated there:
 * its length in *nl, or -1 when no NUL is left. */
static int next_name(const rn_dirents_dec *d, const uint8_t *q, uint32_t *nl)
{
	if (!q || q >= d->end[DC_NAMES]) /* no names column, or nothing left in it */
		return -1;
	const uint8_t *nul = memchr(q, 0, (size_t)(d->end[DC_NAMES] - q));
	if (!nul || nul - q > 0xffff)
		return -1;
	*nl = (uint32_t)(nul - q);
	return 0;
}

/* 5.x: a record's d_off, from its hit byte and the off column, against the
 * next record's name (next; NULL: the capture's last record); remembers it
 * for that name. -1 malformed. */
static int get_off(rn_dirents_dec *d, const uint8_t *next, uint32_t nl, uint64_t *prev,
                   uint64_t *off)
{
	if (d->p[DC_HIT] >= d->end[DC_HIT] || *d->p[DC_HIT] > 1)
		return -1;
	int hit = *d->p[DC_HIT]++;
	rn_doff_slot *sl = next ? doff_slot(d->tab, next, nl) : NULL;
	uint64_t pred;
	if (hit) {
		if (!doff_predict(sl, d->names, next, nl, &pred))
			return -1;
		*off = pred;
	} else {
		if (d->end[DC_OFF] - d->p[DC_OFF] < 8)
			return -1;
		*off = *prev + get_be64(d->p[DC_OFF]); /* mod 2^64 */
		d->p[DC_OFF] += 8;
	}
	if (sl)
		*sl = (rn_doff_slot){
		    .cookie = *off, .pos = (uint32_t)(next - d->names), .len = nl + 1};
	*prev = *off;
	return 0;
}

int rn_dirents_rebuild(rn_dirents_dec *d, uint8_t *out, uint32_t len, const uint8_t *ref,
                       uint32_t ref_len)
{
	uint32_t p = 0;
	int v5 = d->major >= 5;
	uint64_t prev_off = 0;
	int64_t have_nl = -1; /* 5.x: this record's name length, found as the previous' next */
	while (p < len) {
		uint64_t dino, drl, nl;
		uint32_t nl5 = (uint32_t)have_nl;
		if (d->done >= d->count || d->p[DC_TYPE] >= d->end[DC_TYPE] ||
		    rn_leb_get(&d->p[DC_INO], d->end[DC_INO], &dino) < 0 ||
		    rn_leb_get(&d->p[DC_RECLEN], d->end[DC_RECLEN], &drl) < 0 ||
		    (v5 ? (have_nl < 0 ? next_name(d, d->p[DC_NAMES], &nl5) : 0)
		        : rn_leb_get(&d->p[DC_NAMELEN], d->end[DC_NAMELEN], &nl)) < 0)
			return -1;
		if (v5)
			nl = nl5;
		if (nl > 0xffff)
			return -1;
		uint64_t rl = canonical((uint32_t)nl) + rn_unzz(drl); /* mod 2^64 */
		if (rl < RN_DIRENT_MIN + nl || rl > 0xffff || rl > len - p ||
		    nl + v5 > (size_t)(d->end[DC_NAMES] - d->p[DC_NAMES]) ||
		    rl - RN_DIRENT_MIN - nl > (size_t)(d->end[DC_PAD] - d->p[DC_PAD]))
			return -1;
		uint8_t *r = out + p;
		d->prev_ino += rn_unzz(dino);
		rn_put64(r, d->prev_ino);
		if (v5) {
			const uint8_t *next = p + rl < len ? d->p[DC_NAMES] + nl + 1 : NULL;
			uint32_t nnl = 0;
			uint64_t off;
			if ((next && next_name(d, next, &nnl) < 0) ||
			    get_off(d, next, nnl, &prev_off, &off) < 0)
				return -1;
			have_nl = next ? (int64_t)nnl : -1;
			rn_put64(r + 8, off);
		} else {
			memcpy(r + 8, d->p[DC_OFF] + 8 * (size_t)d->done, 8);
		}
		rn_put16(r + 16, (uint16_t)rl);
		r[18] = *d->p[DC_TYPE]++;
		memcpy(r + 19, d->p[DC_NAMES], nl);
		d->p[DC_NAMES] += nl + v5;
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
	return d->done == d->count && rn_dbufs_used(d->p, d->end, DC_N, d->major >= 5 ? 0 : DC_OFF);
}
