/* rn_flatbuf.c: minimal FlatBuffers builder and verifying reader (see rn_flatbuf.h). */
#include "rn_flatbuf.h"
#include "rn_grow.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- builder ---- */

void rn_fbb_init(rn_fbb *b)
{
	memset(b, 0, sizeof(*b));
}

void rn_fbb_free(rn_fbb *b)
{
	free(b->p);
	memset(b, 0, sizeof(*b));
}

void rn_fbb_reset(rn_fbb *b)
{
	b->len = 0;
	b->oom = 0;
}

static int fbb_reserve(rn_fbb *b, size_t n)
{
	if (b->oom)
		return -1;
	if (b->len + n <= b->cap)
		return 0;
	uint8_t *p = n > SIZE_MAX - b->len ? NULL : rn_grow(b->p, &b->cap, b->len + n, 4096);
	if (!p) {
		b->oom = 1;
		return -1;
	}
	b->p = p;
	return 0;
}

/* Pads with zeros so that (len + extra) is a multiple of align. */
static void fbb_pad(rn_fbb *b, size_t align, size_t extra)
{
	size_t pad = (align - (b->len + extra) % align) % align;
	if (fbb_reserve(b, pad) < 0)
		return;
	memset(b->p + b->len, 0, pad);
	b->len += pad;
}

static size_t fbb_put(rn_fbb *b, const void *d, size_t n)
{
	size_t at = b->len;
	if (fbb_reserve(b, n) < 0)
		return at;
	if (d)
		memcpy(b->p + at, d, n);
	else
		memset(b->p + at, 0, n);
	b->len += n;
	return at;
}

void rn_fbb_point(rn_fbb *b, size_t at, size_t target)
{
	if (b->oom || at + 4 > b->len)
		return;
	rn_put32(b->p + at, (uint32_t)(target - at));
}

void rn_fbb_start(rn_fbb *b, const char ident[4])
{
	rn_fbb_reset(b);
	fbb_put(b, NULL, 8); /* size prefix, root offset */
	fbb_put(b, ident, 4);
}

size_t rn_fbb_table(rn_fbb *b, rn_fb_field *f, int n)
{
	/* Inline layout: soffset, then fields by decreasing size (no padding
	 * between them once the table start is 8-aligned). */
	uint16_t off[64];
	size_t tsize = 4;
	for (int sz = 8; sz >= 1; sz /= 2)
		for (int i = 0; i < n; i++)
			if (f[i].present && f[i].size == sz) {
				off[i] = (uint16_t)tsize;
				tsize += (size_t)sz;
			}
	/* The largest field sits at +4 when 8 bytes wide: place the table so that
	 * table+4 is 8-aligned in that case. */
	int last = 0;
	for (int i = 0; i < n; i++)
		if (f[i].present)
			last = i + 1;
	size_t vt_size = 4 + 2 * (size_t)last;
	fbb_pad(b, 2, 0);
	size_t need8 = 0;
	for (int i = 0; i < n; i++)
		need8 |= f[i].present && f[i].size == 8;
	/* vtable, then table; table + 4 must be 8-aligned if any 8-byte field. */
	size_t vt = b->len;
	size_t tbl = vt + vt_size;
	size_t align = need8 ? 8 : 4;
	size_t want_extra = need8 ? 4 : 0;
	size_t pad = (align - (tbl + want_extra) % align) % align;
	/* Padding goes before the vtable (vtables need only 2-byte alignment). */
	fbb_put(b, NULL, pad);
	vt = b->len;
	tbl = vt + vt_size;
	if (fbb_reserve(b, vt_size + tsize) < 0)
		return 0;
	uint8_t *v = b->p + vt;
	rn_put16(v, (uint16_t)vt_size);
	rn_put16(v + 2, (uint16_t)tsize);
	for (int i = 0; i < last; i++)
		rn_put16(v + 4 + 2 * i, f[i].present ? off[i] : 0);
	b->len = vt + vt_size;
	fbb_put(b, NULL, tsize);
	rn_put32(b->p + tbl, (uint32_t)(int32_t)(tbl - vt));
	for (int i = 0; i < n; i++) {
		if (!f[i].present)
			continue;
		f[i].pos = tbl + off[i];
		uint8_t *q = b->p + f[i].pos;
		for (int k = 0; k < f[i].size; k++)
			q[k] = (uint8_t)(f[i].value >> (8 * k));
	}
	if (rn_le32(b->p + 4) == 0)
		rn_fbb_point(b, 4, tbl);
	return tbl;
}

void rn_fbb_vector(rn_fbb *b, size_t field_pos, const void *data, size_t n, size_t elem_size,
                   size_t align)
{
	fbb_pad(b, align < 4 ? 4 : align, 4);
	uint8_t len[4];
	rn_put32(len, (uint32_t)n);
	size_t at = fbb_put(b, len, 4);
	fbb_put(b, data, n * elem_size);
	rn_fbb_point(b, field_pos, at);
}

void rn_fbb_string(rn_fbb *b, size_t field_pos, const char *s, size_t len)
{
	fbb_pad(b, 4, 0);
	uint8_t l[4];
	rn_put32(l, (uint32_t)len);
	size_t at = fbb_put(b, l, 4);
	fbb_put(b, s, len);
	fbb_put(b, NULL, 1);
	rn_fbb_point(b, field_pos, at);
}

size_t rn_fbb_offsets(rn_fbb *b, size_t field_pos, size_t n)
{
	fbb_pad(b, 4, 0);
	uint8_t l[4];
	rn_put32(l, (uint32_t)n);
	size_t at = fbb_put(b, l, 4);
	fbb_put(b, NULL, 4 * n);
	rn_fbb_point(b, field_pos, at);
	return at + 4;
}

void rn_fbb_strings(rn_fbb *b, size_t field_pos, const char *const *s, size_t n)
{
	size_t first = rn_fbb_offsets(b, field_pos, n);
	for (size_t i = 0; i < n; i++)
		rn_fbb_string(b, first + 4 * i, s[i] ? s[i] : "", s[i] ? strlen(s[i]) : 0);
}

void rn_fbb_columns(rn_fbb *b, size_t at, uint32_t count, int n, uint8_t *const *col,
                    const size_t *len)
{
	rn_fbb_columns_in(b, at, count, n, col, len, NULL, 0, NULL);
}

void rn_fbb_columns_in(rn_fbb *b, size_t at, uint32_t count, int n, uint8_t *const *col,
                       const size_t *len, const uint8_t *order, int split, size_t *split_at)
{
	rn_fb_field fl[64] = {[0] = {4, 1, count, 0}};
	for (int i = 1; i < n && i < 64; i++)
		fl[i] = (rn_fb_field){4, 1, 0, 0};
	size_t t = rn_fbb_table(b, fl, n);
	rn_fbb_point(b, at, t);
	for (int j = 1; j < n && j < 64; j++) {
		int i = order ? order[j - 1] : j;
		rn_fbb_vector(b, fl[i].pos, col[i], len[i], 1, 1);
		if (j == split && split_at)
			*split_at = b->len;
	}
}

int rn_fbb_finish(rn_fbb *b)
{
	fbb_pad(b, 8, 0);
	if (b->oom)
		return -1;
	rn_put32(b->p, (uint32_t)(b->len - 4));
	return 0;
}

/* ---- verifying reader ---- */

int rn_fb_open(rn_fb *fb, const uint8_t *p, size_t n, const char ident[4], size_t *root,
               const char **why)
{
	fb->buf = p;
	fb->len = n;
	if (n < 12 || n > UINT32_MAX) {
		*why = "buffer too small";
		return -1;
	}
	if ((size_t)rn_le32(p) != n - 4) {
		*why = "size prefix does not match the frame's size";
		return -1;
	}
	if (ident && memcmp(p + 8, ident, 4) != 0) {
		*why = "wrong FlatBuffers file identifier";
		return -1;
	}
	size_t r = 4 + (size_t)rn_le32(p + 4);
	if (rn_fb_table_ok(fb, r) < 0) {
		*why = "root table out of bounds";
		return -1;
	}
	*root = r;
	return 0;
}

int rn_fb_table_ok(const rn_fb *fb, size_t tbl)
{
	if (tbl % 4 || tbl < 4 || tbl + 4 > fb->len)
		return -1;
	int64_t vt = (int64_t)tbl - (int32_t)rn_le32(fb->buf + tbl);
	if (vt < 0 || vt % 2 || (uint64_t)vt + 4 > fb->len)
		return -1;
	uint16_t vs = rn_le16(fb->buf + vt), ts = rn_le16(fb->buf + vt + 2);
	if (vs < 4 || vs % 2 || (uint64_t)vt + vs > fb->len || ts < 4 || tbl + ts > fb->len)
		return -1;
	return 0;
}

int rn_fb_field_pos(const rn_fb *fb, size_t tbl, int id, size_t size, size_t *pos)
{
	if (rn_fb_table_ok(fb, tbl) < 0)
		return -1;
	size_t vt = (size_t)((int64_t)tbl - (int32_t)rn_le32(fb->buf + tbl));
	uint16_t vs = rn_le16(fb->buf + vt), ts = rn_le16(fb->buf + vt + 2);
	size_t slot = 4 + 2 * (size_t)id;
	if (slot + 2 > vs) {
		*pos = 0;
		return 0;
	}
	uint16_t off = rn_le16(fb->buf + vt + slot);
	if (!off) {
		*pos = 0;
		return 0;
	}
	if (off < 4 || (size_t)off + size > ts || (tbl + off) % size)
		return -1;
	*pos = tbl + off;
	return 0;
}

static uint64_t fb_scalar(const rn_fb *fb, size_t tbl, int id, size_t size, uint64_t dflt)
{
	size_t pos;
	if (rn_fb_field_pos(fb, tbl, id, size, &pos) < 0 || !pos)
		return dflt;
	const uint8_t *p = fb->buf + pos;
	return size == 8 ? rn_le64(p) : size == 4 ? rn_le32(p) : size == 2 ? rn_le16(p) : p[0];
}

uint64_t rn_fb_u64(const rn_fb *fb, size_t tbl, int id, uint64_t dflt)
{
	return fb_scalar(fb, tbl, id, 8, dflt);
}

uint32_t rn_fb_u32(const rn_fb *fb, size_t tbl, int id, uint32_t dflt)
{
	return (uint32_t)fb_scalar(fb, tbl, id, 4, dflt);
}

uint16_t rn_fb_u16(const rn_fb *fb, size_t tbl, int id, uint16_t dflt)
{
	return (uint16_t)fb_scalar(fb, tbl, id, 2, dflt);
}

int rn_fb_deref(const rn_fb *fb, const uint8_t *elem, size_t *target)
{
	if (elem < fb->buf || elem + 4 > fb->buf + fb->len)
		return -1;
	size_t at = (size_t)(elem - fb->buf);
	uint64_t t = (uint64_t)at + rn_le32(elem);
	if (at % 4 || t + 4 > fb->len || t % 4)
		return -1;
	*target = (size_t)t;
	return 0;
}

int rn_fb_vector(const rn_fb *fb, size_t tbl, int id, size_t elem_size, size_t align,
                 const uint8_t **data, uint32_t *count)
{
	size_t pos, v;
	*data = NULL;
	*count = 0;
	if (rn_fb_field_pos(fb, tbl, id, 4, &pos) < 0)
		return -1;
	if (!pos)
		return 0;
	if (rn_fb_deref(fb, fb->buf + pos, &v) < 0)
		return -1;
	uint32_t n = rn_le32(fb->buf + v);
	if ((uint64_t)n * elem_size > fb->len - v - 4)
		return -1;
	if (align > 1 && (v + 4) % align)
		return -1;
	*data = fb->buf + v + 4;
	*count = n;
	return 0;
}

int rn_fb_string_at(const rn_fb *fb, size_t v, const char **s, uint32_t *len)
{
	if (v % 4 || v + 4 > fb->len)
		return -1;
	uint32_t n = rn_le32(fb->buf + v);
	if ((uint64_t)n + 1 > fb->len - v - 4 || fb->buf[v + 4 + n] != 0)
		return -1;
	*s = (const char *)fb->buf + v + 4;
	*len = n;
	return 0;
}

int rn_fb_string(const rn_fb *fb, size_t tbl, int id, const char **s, uint32_t *len)
{
	size_t pos, v;
	*s = NULL;
	*len = 0;
	if (rn_fb_field_pos(fb, tbl, id, 4, &pos) < 0)
		return -1;
	if (!pos)
		return 0;
	if (rn_fb_deref(fb, fb->buf + pos, &v) < 0)
		return -1;
	return rn_fb_string_at(fb, v, s, len);
}

int rn_fb_columns(const rn_fb *fb, size_t tbl, int id, int n, uint32_t *count, const uint8_t **p,
                  const uint8_t **end)
{
	return rn_fb_columns_some(fb, tbl, id, n, ~0ull, count, p, end);
}

int rn_fb_columns_some(const rn_fb *fb, size_t tbl, int id, int n, uint64_t want, uint32_t *count,
                       const uint8_t **p, const uint8_t **end)
{
	size_t pos, t;
	if (rn_fb_field_pos(fb, tbl, id, 4, &pos) < 0)
		return -1;
	if (!pos)
		return 1;
	if (rn_fb_deref(fb, fb->buf + pos, &t) < 0 || rn_fb_table_ok(fb, t) < 0)
		return -1;
	*count = rn_fb_u32(fb, t, 0, 0);
	for (int i = 1; i < n; i++) {
		uint32_t len;
		if (!(want >> i & 1)) {
			p[i] = end[i] = NULL;
			continue;
		}
		if (rn_fb_vector(fb, t, i, 1, 1, &p[i], &len) < 0)
			return -1;
		end[i] = p[i] ? p[i] + len : p[i];
	}
	return 0;
}
