/* rn_int_map.c: open addressing with linear probing and backward-shift deletion;
 * the value NULL marks a free slot. */
#include "rn_int_map.h"

#include <stdlib.h>

static size_t slot_of(int32_t key, size_t cap)
{
	uint32_t h = (uint32_t)key * 2654435761u;
	return (size_t)(h ^ (h >> 15)) & (cap - 1);
}

void *rn_int_map_get(const rn_int_map *m, int32_t key)
{
	if (!m->cap)
		return NULL;
	for (size_t i = slot_of(key, m->cap);; i = (i + 1) & (m->cap - 1)) {
		if (!m->vals[i])
			return NULL;
		if (m->keys[i] == key)
			return m->vals[i];
	}
}

static int grow(rn_int_map *m)
{
	size_t cap = m->cap ? m->cap * 2 : 64;
	rn_int_map g = {calloc(cap, sizeof(int32_t)), calloc(cap, sizeof(void *)), cap, 0};
	if (!g.keys || !g.vals) {
		free(g.keys);
		free(g.vals);
		return -1;
	}
	for (size_t i = 0; i < m->cap; i++)
		if (m->vals[i])
			rn_int_map_put(&g, m->keys[i], m->vals[i]);
	rn_int_map_free(m);
	*m = g;
	return 0;
}

int rn_int_map_put(rn_int_map *m, int32_t key, void *val)
{
	if ((m->n + 1) * 2 > m->cap && grow(m) < 0)
		return -1;
	size_t i = slot_of(key, m->cap);
	while (m->vals[i] && m->keys[i] != key)
		i = (i + 1) & (m->cap - 1);
	if (!m->vals[i])
		m->n++;
	m->keys[i] = key;
	m->vals[i] = val;
	return 0;
}

void *rn_int_map_del(rn_int_map *m, int32_t key)
{
	if (!m->cap)
		return NULL;
	size_t mask = m->cap - 1, i = slot_of(key, m->cap);
	while (m->vals[i] && m->keys[i] != key)
		i = (i + 1) & mask;
	void *v = m->vals[i];
	if (!v)
		return NULL;
	m->vals[i] = NULL;
	m->n--;
	/* Shift back the entries that probed past the hole. */
	for (size_t j = (i + 1) & mask; m->vals[j]; j = (j + 1) & mask) {
		size_t home = slot_of(m->keys[j], m->cap);
		int moves = (j > i) ? (home <= i || home > j) : (home <= i && home > j);
		if (moves) {
			m->keys[i] = m->keys[j];
			m->vals[i] = m->vals[j];
			m->vals[j] = NULL;
			i = j;
		}
	}
	return v;
}

void *rn_int_map_next(const rn_int_map *m, size_t *i, int32_t *key)
{
	for (; *i < m->cap; (*i)++) {
		if (m->vals[*i]) {
			if (key)
				*key = m->keys[*i];
			return m->vals[(*i)++];
		}
	}
	return NULL;
}

void rn_int_map_free(rn_int_map *m)
{
	free(m->keys);
	free(m->vals);
	m->keys = NULL;
	m->vals = NULL;
	m->cap = m->n = 0;
}
