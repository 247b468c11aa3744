/* rn_span_batch.c: deep copies of spans into an arena of 64 KiB blocks. */
#include "rn_span_batch.h"
#include "rn_grow.h"

#include <stdlib.h>
#include <string.h>

#define BLOCK_SIZE (64u << 10)

struct rn_xblock {
	rn_xblock *next;
	size_t used;
	size_t size;
	_Alignas(16) unsigned char data[];
};

static void *alloc(rn_span_batch *b, size_t n)
{
	n = (n + 15) & ~(size_t)15;
	rn_xblock *k = b->blocks;
	if (!k || k->used + n > k->size) {
		if (b->spare && b->spare->size >= n) {
			k = b->spare;
			b->spare = k->next;
		} else {
			size_t size = n > BLOCK_SIZE ? n : BLOCK_SIZE;
			k = malloc(sizeof(*k) + size);
			if (!k) {
				b->oom = 1;
				return NULL;
			}
			k->size = size;
		}
		k->used = 0;
		k->next = b->blocks;
		b->blocks = k;
	}
	void *p = k->data + k->used;
	k->used += n;
	return p;
}

static const char *dup_str(rn_span_batch *b, const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s) + 1;
	char *c = alloc(b, n);
	if (c)
		memcpy(c, s, n);
	return c;
}

static void copy_attrs(rn_span_batch *b, rn_xattr *dst, const rn_xattr *src, int n)
{
	for (int i = 0; i < n; i++) {
		dst[i] = src[i];
		dst[i].key = dup_str(b, src[i].key);
		dst[i].s = dup_str(b, src[i].s);
	}
}

int rn_span_batch_add(rn_span_batch *b, const rn_span *s)
{
	if (b->n == b->cap) {
		rn_span *p = rn_grow_array(b->spans, &b->cap, b->n + 1, sizeof(*p), 512);
		if (!p)
			return -1;
		b->spans = p;
	}
	rn_span *d = &b->spans[b->n];
	*d = *s;
	d->name = dup_str(b, s->name);
	d->status_msg = dup_str(b, s->status_msg);
	rn_xattr *a = s->nattrs ? alloc(b, (size_t)s->nattrs * sizeof(*a)) : NULL;
	if (a)
		copy_attrs(b, a, s->attrs, s->nattrs);
	d->attrs = a;
	rn_xevent *e = s->nevents ? alloc(b, (size_t)s->nevents * sizeof(*e)) : NULL;
	for (int i = 0; e && i < s->nevents; i++) {
		e[i] = s->events[i];
		e[i].name = dup_str(b, s->events[i].name);
		copy_attrs(b, e[i].attrs, s->events[i].attrs, s->events[i].nattrs);
	}
	d->events = e;
	if (b->oom)
		return -1;
	b->n++;
	return 0;
}

void rn_span_batch_reset(rn_span_batch *b)
{
	while (b->blocks) {
		rn_xblock *k = b->blocks;
		b->blocks = k->next;
		k->next = b->spare;
		b->spare = k;
	}
	b->n = 0;
	b->oom = 0;
}

static void free_list(rn_xblock *k)
{
	while (k) {
		rn_xblock *n = k->next;
		free(k);
		k = n;
	}
}

void rn_span_batch_free(rn_span_batch *b)
{
	free_list(b->blocks);
	free_list(b->spare);
	free(b->spans);
	memset(b, 0, sizeof(*b));
}
