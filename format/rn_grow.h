/* rn_grow.h: the one growth rule for rn's byte buffers (chunk arrays, the
 * FlatBuffer builder, the reader's frame buffers, rn-export's text and
 * protobuf buffers): capacity doubles from a floor until it holds what is
 * needed, with overflow checked. */
#ifndef RN_GROW_H
#define RN_GROW_H

#include <stddef.h>

/* Reallocates p (capacity *cap bytes) to hold at least need bytes, keeping
 * its contents: the new capacity is floor (when *cap is 0) doubled until it
 * is >= need. Returns the new pointer and updates *cap, or returns NULL and
 * leaves p and *cap as they were (out of memory, or need too large). */
void *rn_grow(void *p, size_t *cap, size_t need, size_t floor);

#endif
