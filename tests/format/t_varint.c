/* The column varint decoders (format/rn_chunk_cols.c: col_values_plain, and
 * col_values_pext where the CPU has BMI2) give exactly what rn_leb_get gives,
 * value by value, on columns built to reach every path: runs of one-byte
 * values, values of every length from 1 to 10 bytes (0, 2^(7k) - 1, 2^(7k),
 * UINT64_MAX), words holding several values, values across word boundaries,
 * columns ending in fewer than 8 bytes, and decoding n values at a time for
 * several n; and they fail as it does on a column cut inside a varint and on
 * a varint over 64 bits. The source is included to reach the static
 * decoders. */
#include "../../format/rn_chunk_cols.c"
#include "../rn_test.h"

enum { NV = 20000 };

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
	return rn_rand_next(&rng);
}

static uint64_t value(void)
{
	int k = (int)(rnd() % 11);
	switch (rnd() % 6) {
	case 0:
		return rnd() % 128; /* one byte */
	case 1:
		return k == 0    ? 0
		       : k >= 10 ? UINT64_MAX
		                 : (1ull << (7 * k)) - 1; /* k bytes, full */
	case 2:
		return k >= 10 ? UINT64_MAX : 1ull << (7 * (k % 10)); /* k + 1 bytes */
	case 3:
		return rnd() >> (rnd() % 64);
	default:
		return rnd() % 20000;
	}
}

static uint64_t vals[NV], got[NV];
static uint8_t buf[NV * 10 + 16];

typedef int (*decoder)(col *, uint64_t *, uint64_t);

/* Decodes the column buf[0, len) with f, 'step' values a call; compares. */
static void check(decoder f, size_t len, int nv, int step)
{
	col c = {buf, buf + len};
	for (int i = 0; i < nv; i += step)
		CHECK(f(&c, got + i, (uint64_t)(nv - i < step ? nv - i : step)) == 0);
	CHECK(c.p == buf + len);
	for (int i = 0; i < nv; i++)
		if (got[i] != vals[i]) {
			fprintf(stderr, "value %d: %llx, expected %llx\n", i,
			        (unsigned long long)got[i], (unsigned long long)vals[i]);
			CHECK(0);
			return;
		}
}

static void check_bad(decoder f)
{
	/* Cut inside its last varint: an error, at every cut position. */
	uint8_t *e = rn_leb_put(buf, 5);
	e = rn_leb_put(e, UINT64_MAX);
	for (uint8_t *cut = buf + 2; cut < e; cut++) {
		col c = {buf, cut};
		CHECK(f(&c, got, 2) < 0);
	}
	/* 11 bytes, or 10 whose last is > 1: over 64 bits. */
	memset(buf, 0xff, 10);
	buf[10] = 0x01;
	col c = {buf, buf + 11};
	CHECK(f(&c, got, 1) < 0);
	buf[9] = 0x02;
	c = (col){buf, buf + 10};
	CHECK(f(&c, got, 1) < 0);
}

int main(void)
{
	decoder fns[2] = {col_values_plain, NULL};
	int nf = 1;
#if defined(__x86_64__)
	if (__builtin_cpu_supports("bmi2"))
		fns[nf++] = col_values_pext;
#endif
	for (int round = 0; round < 4; round++) {
		uint8_t *p = buf;
		for (int i = 0; i < NV; i++) {
			/* Rounds 0 and 2: long runs of one-byte values between others. */
			vals[i] = round % 2 == 0 && i % 64 < 40 ? rnd() % 128 : value();
			p = rn_leb_put(p, vals[i]);
		}
		size_t len = (size_t)(p - buf);
		static const int steps[] = {1, 3, 8, 256, NV};
		for (int f = 0; f < nf; f++)
			for (size_t s = 0; s < sizeof(steps) / sizeof(*steps); s++)
				check(fns[f], len, NV, steps[s]);
		/* Short columns: everything within the last 8 bytes. */
		for (int nv = 1; nv <= 9; nv++) {
			p = buf;
			for (int i = 0; i < nv; i++)
				p = rn_leb_put(p, vals[i] = rnd() % 300);
			for (int f = 0; f < nf; f++)
				check(fns[f], (size_t)(p - buf), nv, 1 + round);
		}
	}
	for (int f = 0; f < nf; f++)
		check_bad(fns[f]);
	printf("varint columns: %d decoders agree with rn_leb_get on %d values: ok\n", nf, NV * 4);
	return 0;
}
