/* rn_int_map.h: a small open-addressing hash map from int32 keys (pids, tids) to
 * pointers, used by the span model to find processes and threads. */
#ifndef RN_INT_MAP_H
#define RN_INT_MAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct rn_int_map {
	int32_t *keys;
	void **vals;
	size_t cap; /* power of two, 0 when empty */
	size_t n;
} rn_int_map;

void *rn_int_map_get(const rn_int_map *m, int32_t key);
/* Inserts or replaces; returns 0, or -1 when out of memory. */
int rn_int_map_put(rn_int_map *m, int32_t key, void *val);
/* Removes key; returns its value or NULL. */
void *rn_int_map_del(rn_int_map *m, int32_t key);
/* Iteration: returns the value at slot *i or later and advances, NULL at the end. */
void *rn_int_map_next(const rn_int_map *m, size_t *i, int32_t *key);
void rn_int_map_free(rn_int_map *m);

#endif
