/* rn_leb.h: unsigned LEB128 varints and zigzag coding, the value encoding of
 * the format 2.x columns (docs/format.md §4.5). Internal to format/. */
#ifndef RN_LEB_H
#define RN_LEB_H

#include <stdint.h>

/* zz(x): a 64-bit difference (mod 2^64) as an unsigned number, small when
 * |x| is small; unzz undoes it. */
static inline uint64_t rn_zz(uint64_t v)
{
	return (v << 1) ^ (0 - (v >> 63));
}

static inline uint64_t rn_unzz(uint64_t u)
{
	return (u >> 1) ^ (0 - (u & 1));
}

/* Writes v at p (at most 10 bytes); returns the end. */
static inline uint8_t *rn_leb_put(uint8_t *p, uint64_t v)
{
	while (v >= 0x80) {
		*p++ = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	*p++ = (uint8_t)v;
	return p;
}

/* Reads a varint from *p (before end) into *v and advances *p; -1 when it
 * runs past end or does not fit 64 bits. */
static inline int rn_leb_get(const uint8_t **p, const uint8_t *end, uint64_t *v)
{
	uint64_t x = 0;
	const uint8_t *q = *p;
	for (int sh = 0; sh < 64; sh += 7) {
		if (q >= end)
			return -1;
		uint8_t b = *q++;
		if (sh == 63 && b > 1)
			return -1;
		x |= (uint64_t)(b & 0x7f) << sh;
		if (!(b & 0x80)) {
			*v = x;
			*p = q;
			return 0;
		}
	}
	return -1;
}

#endif
