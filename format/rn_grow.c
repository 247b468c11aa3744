/* rn_grow.c: capacity doubling for growable buffers (see rn_grow.h). */
#include "rn_grow.h"

#include <stdint.h>
#include <stdlib.h>

void *rn_grow(void *p, size_t *cap, size_t need, size_t floor)
{
	size_t c = *cap ? *cap : (floor ? floor : 1);
	while (c < need) {
		if (c > SIZE_MAX / 2)
			return NULL;
		c *= 2;
	}
	void *q = realloc(p, c);
	if (!q)
		return NULL;
	*cap = c;
	return q;
}
