/* rn_chunk_struct.c: the field-by-field codec of captured kernel structs,
 * see rn_chunk_struct.h. */
#include "rn_chunk_struct.h"
#include "rn_leb.h"

#include <string.h>

static inline uint64_t load(const uint8_t *d, const rn_sfield *f)
{
	return f->width == 8   ? rn_le64(d + f->off)
	       : f->width == 4 ? rn_le32(d + f->off)
	                       : rn_le16(d + f->off);
}

static void store(uint8_t *d, const rn_sfield *f, uint64_t v)
{
	if (f->width == 8)
		rn_put64(d + f->off, v);
	else if (f->width == 4)
		rn_put32(d + f->off, (uint32_t)v);
	else
		rn_put16(d + f->off, (uint16_t)v);
}

/* The prediction of field i from the fields before it (v) and the previous
 * struct (prev). */
static inline uint64_t predicted(const rn_slayout *L, int i, const uint64_t *v,
                                 const uint64_t *prev)
{
	const rn_sfield *f = &L->f[i];
	switch (f->pred) {
	case RN_SP_PREV:
		return prev[i];
	case RN_SP_FIELD:
		return v[f->ref];
	case RN_SP_FIELD_IF:
		return v[L->cond_field] & L->cond_bit ? v[f->ref] : 0;
	case RN_SP_BLOCKS:
		return (v[L->size_field] + 4095) / 4096 * 8;
	default:
		return 0;
	}
}

void rn_struct_enc_reset(rn_struct_enc *e)
{
	rn_dbufs_reset(e->col, RN_SMAX_COLS);
	e->count = 0;
	memset(e->prev, 0, sizeof(e->prev));
}

void rn_struct_enc_free(rn_struct_enc *e)
{
	rn_dbufs_free(e->col, RN_SMAX_COLS);
	memset(e, 0, sizeof(*e));
}

int rn_struct_add(rn_struct_enc *e, const rn_slayout *L, const uint8_t *d)
{
	for (int i = 1; i < L->ncols; i++)
		if (rn_dbuf_reserve(&e->col[i], L->size + 10 * (size_t)L->nf) < 0)
			return -1;
	/* e->prev becomes this struct's values field by field: a field is
	 * predicted from its own previous value (not yet replaced) or from
	 * fields before it (already replaced), so no copy is needed. */
	uint64_t *v = e->prev;
	for (int i = 0; i < L->nf; i++) {
		const rn_sfield *f = &L->f[i];
		rn_dbuf *b = &e->col[f->col];
		if (f->pred == RN_SP_RAW) {
			memcpy(b->p + b->len, d + f->off, f->width);
			b->len += f->width;
			continue;
		}
		uint64_t x = load(d, f);
		x -= predicted(L, i, v, v);
		v[i] = load(d, f);
		b->len = (size_t)(rn_leb_put(b->p + b->len, f->pred == RN_SP_VALUE ? x : rn_zz(x)) -
		                  b->p);
	}
	e->count++;
	return 0;
}

void rn_struct_write(rn_struct_enc *e, const rn_slayout *L, rn_fbb *f, size_t at)
{
	rn_dbufs_write(e->col, L->ncols, e->count, f, at);
}

int rn_struct_open(rn_struct_dec *d, const rn_slayout *L, const rn_fb *fb, size_t root, int id)
{
	memset(d, 0, sizeof(*d));
	return rn_dbufs_open(fb, root, id, L->ncols, &d->count, d->p, d->end, L->raw_col,
	                     L->raw_per);
}

int rn_struct_rebuild(rn_struct_dec *d, const rn_slayout *L, uint8_t *out)
{
	if (d->done >= d->count)
		return -1;
	uint64_t v[RN_SMAX_FIELDS] = {0};
	for (int i = 0; i < L->nf; i++) {
		const rn_sfield *f = &L->f[i];
		if (f->pred == RN_SP_RAW) {
			if ((size_t)(d->end[f->col] - d->p[f->col]) < f->width)
				return -1;
			memcpy(out + f->off, d->p[f->col], f->width);
			d->p[f->col] += f->width;
			continue;
		}
		uint64_t x;
		if (rn_leb_get(&d->p[f->col], d->end[f->col], &x) < 0)
			return -1;
		v[i] = (f->pred == RN_SP_VALUE ? x : rn_unzz(x)) + predicted(L, i, v, d->prev);
		if (f->width < 8 && v[i] >> (8 * f->width))
			return -1;
		store(out, f, v[i]);
	}
	memcpy(d->prev, v, sizeof(v));
	d->done++;
	return 0;
}

int rn_struct_done(const rn_struct_dec *d, const rn_slayout *L)
{
	return d->done == d->count && rn_dbufs_used(d->p, d->end, L->ncols, 0);
}
