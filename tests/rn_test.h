/* rn_test.h: tiny assertion helpers for rn's C tests. A failed check prints
 * file:line and the expression and exits 1; tests exit 0 when all pass. */
#ifndef RN_TEST_H
#define RN_TEST_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);   \
			exit(1);                                                                   \
		}                                                                                  \
	} while (0)

#define CHECK_EQ_U(a, b)                                                                           \
	do {                                                                                       \
		uint64_t a_ = (uint64_t)(a), b_ = (uint64_t)(b);                                   \
		if (a_ != b_) {                                                                    \
			fprintf(stderr, "%s:%d: %s == %s failed: %" PRIu64 " != %" PRIu64 "\n",    \
			        __FILE__, __LINE__, #a, #b, a_, b_);                               \
			exit(1);                                                                   \
		}                                                                                  \
	} while (0)

#define CHECK_STR(a, b)                                                                            \
	do {                                                                                       \
		const char *a_ = (a), *b_ = (b);                                                   \
		if (!a_ || !b_ || strcmp(a_, b_) != 0) {                                           \
			fprintf(stderr, "%s:%d: %s == %s failed: \"%s\" != \"%s\"\n", __FILE__,    \
			        __LINE__, #a, #b, a_ ? a_ : "(null)", b_ ? b_ : "(null)");         \
			exit(1);                                                                   \
		}                                                                                  \
	} while (0)

/* rn_test_rand: xorshift64 (13, 7, 17), a reproducible stream from the seed
 * in *state, for tests that draw random values. */
static inline uint64_t rn_test_rand(uint64_t *state)
{
	uint64_t x = *state;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *state = x;
}

#endif
