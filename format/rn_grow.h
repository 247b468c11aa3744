/* rn_grow.h: the one growth rule for rn's growable buffers and arrays (chunk
 * arrays, the FlatBuffer builder, the reader's frame buffers, rn-export's
 * text buffers, and every tool's tables of threads, maps, rows...): capacity
 * doubles from a floor until it holds what is needed, with overflow checked. */
#ifndef RN_GROW_H
#define RN_GROW_H

#include <stddef.h>

/* Reallocates p (capacity *cap bytes) to hold at least need bytes, keeping
 * its contents: the new capacity is floor (when *cap is 0) doubled until it
 * is >= need. Returns the new pointer and updates *cap, or returns NULL and
 * leaves p and *cap as they were (out of memory, or need too large). */
void *rn_grow(void *p, size_t *cap, size_t need, size_t floor);

/* The same for an array of elem-byte elements: *cap, need and floor count
 * elements. */
void *rn_grow_array(void *p, size_t *cap, size_t need, size_t elem, size_t floor);

#endif
