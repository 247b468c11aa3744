/* rn_imap.h: a small open-addressing hash map from int32 keys (pids, tids) to
 * pointers, used by the span model to find processes and threads. */
#ifndef RN_IMAP_H
#define RN_IMAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct rn_imap {
	int32_t *keys;
	void **vals;
	size_t cap; /* power of two, 0 when empty */
	size_t n;
} rn_imap;

void *rn_imap_get(const rn_imap *m, int32_t key);
/* Inserts or replaces; returns 0, or -1 when out of memory. */
int rn_imap_put(rn_imap *m, int32_t key, void *val);
/* Removes key; returns its value or NULL. */
void *rn_imap_del(rn_imap *m, int32_t key);
/* Iteration: returns the value at slot *i or later and advances, NULL at the end. */
void *rn_imap_next(const rn_imap *m, size_t *i, int32_t *key);
void rn_imap_free(rn_imap *m);

#endif
