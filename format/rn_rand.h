/* rn_rand.h: xorshift64 (13, 7, 17), the one small pseudo-random generator
 * rn uses where a reproducible or cheap stream is enough (rn-export's retry
 * jitter, the tests' random inputs, bench/'s synthetic traces). Not for
 * anything that must be unpredictable. The state must start non-zero. */
#ifndef RN_RAND_H
#define RN_RAND_H

#include <stdint.h>

/* Advances *state and returns the new value. */
static inline uint64_t rn_rand_next(uint64_t *state)
{
	uint64_t x = *state;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *state = x;
}

#endif
