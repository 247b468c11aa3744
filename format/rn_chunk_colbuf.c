/* rn_chunk_colbuf.c: column buffers of the field-by-field capture codecs,
 * see rn_chunk_colbuf.h. */
#include "rn_chunk_colbuf.h"
#include "rn_grow.h"

#include <stdlib.h>
#include <string.h>

int rn_dbuf_grow(rn_dbuf *b, size_t n)
{
	uint8_t *p = rn_grow(b->p, &b->cap, b->len + n, 4096);
	if (!p)
		return -1;
	b->p = p;
	return 0;
}

void rn_dbufs_reset(rn_dbuf *col, int n)
{
	for (int i = 0; i < n; i++)
		col[i].len = 0;
}

void rn_dbufs_free(rn_dbuf *col, int n)
{
	for (int i = 0; i < n; i++) {
		free(col[i].p);
		col[i] = (rn_dbuf){0};
	}
}

void rn_dbufs_write(const rn_dbuf *col, int n, uint32_t count, rn_fbb *f, size_t at)
{
	uint8_t *p[64];
	size_t len[64];
	for (int i = 0; i < n && i < 64; i++) {
		p[i] = col[i].p;
		len[i] = col[i].len;
	}
	rn_fbb_columns(f, at, count, n, p, len);
}

int rn_dbufs_open(const rn_fb *fb, size_t root, int id, int n, uint32_t *count, const uint8_t **p,
                  const uint8_t **end, int fixed, size_t fixed_size)
{
	*count = 0;
	for (int i = 0; i < n; i++)
		p[i] = end[i] = NULL;
	int k = rn_fb_columns(fb, root, id, n, count, p, end);
	if (k != 0 || !fixed)
		return k;
	uint64_t have = p[fixed] ? (uint64_t)(end[fixed] - p[fixed]) : 0;
	return (uint64_t)*count * fixed_size == have ? 0 : -1;
}

int rn_dbufs_used(const uint8_t *const *p, const uint8_t *const *end, int n, int skip)
{
	for (int i = 1; i < n; i++)
		if (i != skip && p[i] != end[i])
			return 0;
	return 1;
}
