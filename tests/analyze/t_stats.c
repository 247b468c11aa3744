/* Exact percentiles (nearest rank), the uint32/uint64 split of durations,
 * median/MAD and the Mann-Whitney U test against values worked out by hand
 * (and matching scipy.stats.mannwhitneyu(..., use_continuity=False,
 * method="asymptotic")). */
#include "../../analyze/rn_analyze.h"
#include "../rn_test.h"

#include <math.h>
#include <stdlib.h>

static void check_pct(void)
{
	rn_analyze_lat l = {0};
	for (uint64_t v = 100; v >= 1; v--)
		CHECK(rn_analyze_lat_add(&l, v) == 0);
	CHECK_EQ_U(rn_analyze_lat_pct(&l, 500), 50);
	CHECK_EQ_U(rn_analyze_lat_pct(&l, 900), 90);
	CHECK_EQ_U(rn_analyze_lat_pct(&l, 990), 99);
	CHECK_EQ_U(rn_analyze_lat_pct(&l, 999), 100);
	CHECK_EQ_U(rn_analyze_lat_pct(&l, 0), 1);
	rn_analyze_lat_free(&l);
	/* 10 values: p99.9 is rank ceil(9.99) = 10; p50 rank 5. */
	for (uint64_t v = 1; v <= 10; v++)
		rn_analyze_lat_add(&l, v * 1000);
	CHECK_EQ_U(rn_analyze_lat_pct(&l, 500), 5000);
	CHECK_EQ_U(rn_analyze_lat_pct(&l, 999), 10000);
	rn_analyze_lat_free(&l);
	/* Durations of 2^32 ns and more live apart but sort after the rest. */
	rn_analyze_lat_add(&l, 6000000000ull);
	rn_analyze_lat_add(&l, 3);
	rn_analyze_lat_add(&l, 4294967296ull);
	rn_analyze_lat_add(&l, 4294967294ull);
	CHECK_EQ_U(rn_analyze_lat_pct(&l, 250), 3);
	CHECK_EQ_U(rn_analyze_lat_pct(&l, 500), 4294967294ull);
	CHECK_EQ_U(rn_analyze_lat_pct(&l, 750), 4294967296ull);
	CHECK_EQ_U(rn_analyze_lat_pct(&l, 1000), 6000000000ull);
	rn_analyze_lat_free(&l);
	/* Radix sort path (over 512 values), with duplicates. */
	for (uint32_t i = 0; i < 5000; i++)
		rn_analyze_lat_add(&l, (i * 7919u) % 1000u * 65537u);
	rn_analyze_lat_sort(&l);
	for (size_t i = 1; i < 5000; i++)
		CHECK(rn_analyze_lat_at(&l, i - 1) <= rn_analyze_lat_at(&l, i));
	rn_analyze_lat_free(&l);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* rn_analyze_lat_select (what the tables use) finds the same p50, p90, p99 and
 * p99.9 as the nearest rank in the sorted values: counting in three
 * levels of 11, 11 and 10 bits (513 to 131072 values) and in two of 16 bits
 * (more), on values drawn in a few
 * shapes: distinct, a handful repeated (a 1 us clock), all equal, sorted and
 * reversed, across the 16-bit halves, with values of 2^32 ns and more. */
static void check_select(void)
{
	static const size_t sizes[] = {513, 1000, 4099, 16383, 40000, 131072, 131073, 200003};
	static const unsigned pm[] = {500, 900, 990, 999};
	uint64_t seed = 42;
	for (size_t si = 0; si < sizeof(sizes) / sizeof(*sizes); si++)
		for (int shape = 0; shape < 6; shape++) {
			size_t n = sizes[si];
			uint64_t *all = malloc(n * sizeof(*all));
			rn_analyze_lat l = {0};
			for (size_t i = 0; i < n; i++) {
				uint64_t r = rn_rand_next(&seed);
				uint64_t v = shape == 0 ? r % 4000000000u
				             : shape == 1
				                 ? (r % 40 + 1) * 1000 + (r % 997 == 0) * 70000000
				             : shape == 2  ? 123456
				             : shape == 3  ? i * 37
				             : shape == 4  ? (n - i) * 65536
				             : r % 100 < 2 ? 4294967295ull + r % 9
				                           : r % 131072;
				all[i] = v;
				CHECK(rn_analyze_lat_add(&l, v) == 0);
			}
			qsort(all, n, sizeof(*all), cmp_u64);
			rn_analyze_lat_select(&l);
			for (int k = 0; k < 4; k++) {
				size_t rank = (pm[k] * n + 999) / 1000;
				CHECK_EQ_U(rn_analyze_lat_pct(&l, pm[k]), all[rank - 1]);
			}
			/* other permilles, and the sort after a selection */
			CHECK_EQ_U(rn_analyze_lat_pct(&l, 250), all[(250 * n + 999) / 1000 - 1]);
			for (size_t i = 0; i < n; i++)
				CHECK_EQ_U(rn_analyze_lat_at(&l, i), all[i]);
			rn_analyze_lat_free(&l);
			free(all);
		}
}

static void check_mad(void)
{
	rn_analyze_lat l = {0};
	uint64_t v[] = {1, 1, 2, 2, 4, 6, 9};
	for (size_t i = 0; i < 7; i++)
		rn_analyze_lat_add(&l, v[i]);
	double med, mad;
	rn_analyze_lat_mad(&l, &med, &mad);
	CHECK(med == 2 && mad == 1);
	rn_analyze_lat_free(&l);
}

static void check_mwu(void)
{
	rn_analyze_lat a = {0}, b = {0};
	for (uint64_t i = 1; i <= 5; i++) {
		rn_analyze_lat_add(&a, i);
		rn_analyze_lat_add(&b, i + 5);
	}
	double z, p;
	CHECK(rn_analyze_mwu(&a, &b, &z, &p) == 0);
	/* U = 0, mean 12.5, sd sqrt(25 * 11 / 12): z = 2.6112, p = 0.009023 */
	CHECK(fabs(z - 2.6112) < 1e-4);
	CHECK(fabs(p - 0.009023) < 1e-5);
	/* Ties: a = 1 1 2 3, b = 2 3 3 4; ranks 1.5 1.5 3.5 6 | 3.5 6 6 8.
	 * R1 = 12.5, U1 = 2.5, mean 8, tie term sum(t^3 - t) = 6 + 6 + 24 = 36,
	 * var = 16/12 * (9 - 36/56) = 11.1429, z = 5.5/3.3381 = 1.6477,
	 * p = 0.09941 */
	rn_analyze_lat_free(&a);
	rn_analyze_lat_free(&b);
	uint64_t va[] = {1, 1, 2, 3}, vb[] = {2, 3, 3, 4};
	for (int i = 0; i < 4; i++) {
		rn_analyze_lat_add(&a, va[i]);
		rn_analyze_lat_add(&b, vb[i]);
	}
	CHECK(rn_analyze_mwu(&a, &b, &z, &p) == 0);
	CHECK(fabs(z - 1.6477) < 1e-3);
	CHECK(fabs(p - 0.09941) < 1e-4);
	/* b faster than a: z negative. */
	CHECK(rn_analyze_mwu(&b, &a, &z, &p) == 0 && z < 0);
	rn_analyze_lat_free(&a);
	rn_analyze_lat_free(&b);
	rn_analyze_lat_add(&a, 1);
	rn_analyze_lat_add(&b, 1);
	CHECK(rn_analyze_mwu(&a, &b, &z, &p) == -1);
	rn_analyze_lat_free(&a);
	rn_analyze_lat_free(&b);
}

/* Student's t: textbook critical values (two-sided) and the Cauchy case. */
static void check_t(void)
{
	CHECK(fabs(rn_analyze_t_pvalue(1.0, 1) - 0.5) < 1e-9); /* 2(1/2 - atan(1)/pi) */
	CHECK(fabs(rn_analyze_t_pvalue(-1.0, 1) - 0.5) < 1e-9);
	CHECK(fabs(rn_analyze_t_pvalue(12.706, 1) - 0.05) < 1e-4);
	CHECK(fabs(rn_analyze_t_pvalue(2.776, 4) - 0.05) < 1e-4);
	CHECK(fabs(rn_analyze_t_pvalue(4.604, 4) - 0.01) < 1e-4);
	CHECK(fabs(rn_analyze_t_pvalue(2.228, 10) - 0.05) < 1e-4);
	CHECK(fabs(rn_analyze_t_pvalue(1.96, 1e6) - 0.05) < 1e-4); /* the normal limit */
	CHECK(rn_analyze_t_pvalue(0, 4) == 1);
	CHECK(rn_analyze_t_pvalue(INFINITY, 4) == 0);
}

int main(void)
{
	check_t();
	check_pct();
	check_select();
	check_mad();
	check_mwu();
	return 0;
}
