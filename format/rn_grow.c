/* rn_grow.c: capacity doubling for growable buffers and arrays (see rn_grow.h). */
#include "rn_grow.h"

#include <stdint.h>
#include <stdlib.h>

void *rn_grow_array(void *p, size_t *cap, size_t need, size_t elem, size_t floor)
{
	size_t c = *cap ? *cap : (floor ? floor : 1);
	while (c < need) {
		if (c > SIZE_MAX / 2)
			return NULL;
		c *= 2;
	}
	if (elem && c > SIZE_MAX / elem)
		return NULL;
	void *q = realloc(p, c * elem);
	if (!q)
		return NULL;
	*cap = c;
	return q;
}

void *rn_grow(void *p, size_t *cap, size_t need, size_t floor)
{
	return rn_grow_array(p, cap, need, 1, floor);
}
