/* rn_analyze_stats.c: keyed latency statistics: a string-keyed table of rows, the
 * compact duration sets behind exact percentiles (radix-sorted uint32 ns),
 * median/MAD and the Mann-Whitney U test used by diff. */
#include "rn_analyze.h"
#include "rn_grow.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (uint8_t)*s) * 1099511628211ull;
	return h;
}

void rn_analyze_table_init(rn_analyze_table *t)
{
	memset(t, 0, sizeof(*t));
	t->us_decimals = 3;
}

void rn_analyze_table_free(rn_analyze_table *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->rows[i].key);
		rn_analyze_lat_free(&t->rows[i].lat);
	}
	free(t->rows);
	free(t->slots);
	memset(t, 0, sizeof(*t));
}

static void rehash(rn_analyze_table *t)
{
	size_t ns = t->nslots ? t->nslots * 2 : 64;
	uint32_t *s = calloc(ns, sizeof(*s));
	if (!s) {
		t->oom = 1;
		return;
	}
	for (size_t i = 0; i < t->n; i++) {
		size_t j = hash_str(t->rows[i].key) & (ns - 1);
		while (s[j])
			j = (j + 1) & (ns - 1);
		s[j] = (uint32_t)i + 1;
	}
	free(t->slots);
	t->slots = s;
	t->nslots = ns;
}

rn_analyze_row *rn_analyze_table_find(const rn_analyze_table *t, const char *key)
{
	if (!t->nslots)
		return NULL;
	size_t j = hash_str(key) & (t->nslots - 1);
	while (t->slots[j]) {
		rn_analyze_row *r = &t->rows[t->slots[j] - 1];
		if (strcmp(r->key, key) == 0)
			return r;
		j = (j + 1) & (t->nslots - 1);
	}
	return NULL;
}

rn_analyze_row *rn_analyze_table_get(rn_analyze_table *t, const char *key)
{
	rn_analyze_row *r = rn_analyze_table_find(t, key);
	if (r)
		return r;
	if ((t->n + 1) * 2 > t->nslots) {
		rehash(t);
		if (t->oom)
			return NULL;
	}
	if (t->n == t->cap) {
		rn_analyze_row *p = rn_grow_array(t->rows, &t->cap, t->n + 1, sizeof(*p), 32);
		if (!p) {
			t->oom = 1;
			return NULL;
		}
		t->rows = p;
	}
	r = &t->rows[t->n];
	memset(r, 0, sizeof(*r));
	r->key = strdup(key);
	if (!r->key) {
		t->oom = 1;
		return NULL;
	}
	r->min_ns = UINT64_MAX;
	size_t j = hash_str(key) & (t->nslots - 1);
	while (t->slots[j])
		j = (j + 1) & (t->nslots - 1);
	t->slots[j] = (uint32_t)++t->n;
	return r;
}

int rn_analyze_lat_add(rn_analyze_lat *l, uint64_t ns)
{
	l->sorted = 0;
	if (ns < UINT32_MAX) {
		if (l->n == l->cap) {
			uint32_t *p = rn_grow_array(l->v, &l->cap, l->n + 1, sizeof(*p), 16);
			if (!p)
				return -1;
			l->v = p;
		}
		l->v[l->n++] = (uint32_t)ns;
		return 0;
	}
	if (l->nbig == l->capbig) {
		uint64_t *p = rn_grow_array(l->big, &l->capbig, l->nbig + 1, sizeof(*p), 4);
		if (!p)
			return -1;
		l->big = p;
	}
	l->big[l->nbig++] = ns;
	return 0;
}

void rn_analyze_row_add(rn_analyze_row *r, const rn_syscall *sc)
{
	r->calls++;
	if (sc->flags & RN_SC_NO_EXIT) {
		r->unfinished++;
		return;
	}
	if (rn_sc_failed(sc))
		r->errors++;
	if (sc->flags & RN_SC_NO_ENTRY)
		return; /* attached mid-call: the start, so the duration, is unknown */
	uint64_t d = sc->t_exit > sc->t_entry ? sc->t_exit - sc->t_entry : 0;
	r->total_ns += d;
	if (d < r->min_ns)
		r->min_ns = d;
	if (d > r->max_ns)
		r->max_ns = d;
	if (rn_analyze_lat_add(&r->lat, d) < 0) {
		/* Out of memory: keep the counts, percentiles lose this call. */
		return;
	}
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/* LSD radix sort, 4 passes of 8 bits, the four byte counts taken in one
 * read of the values; falls back to qsort when small or when the scratch
 * buffer cannot be had. */
static void sort_u32(uint32_t *v, size_t n)
{
	uint32_t *tmp = n > 512 ? malloc(n * sizeof(*tmp)) : NULL;
	if (!tmp) {
		qsort(v, n, sizeof(*v), cmp_u32);
		return;
	}
	size_t(*cnt)[256] = calloc(4, sizeof(*cnt));
	if (!cnt) {
		free(tmp);
		qsort(v, n, sizeof(*v), cmp_u32);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		uint32_t x = v[i];
		cnt[0][x & 0xff]++;
		cnt[1][(x >> 8) & 0xff]++;
		cnt[2][(x >> 16) & 0xff]++;
		cnt[3][x >> 24]++;
	}
	uint32_t *src = v, *dst = tmp;
	for (int d = 0, shift = 0; d < 4; d++, shift += 8) {
		size_t *c = cnt[d];
		if (c[(src[0] >> shift) & 0xff] == n)
			continue; /* every value has the same byte here */
		size_t sum = 0;
		for (int b = 0; b < 256; b++) {
			size_t k = c[b];
			c[b] = sum;
			sum += k;
		}
		for (size_t i = 0; i < n; i++)
			dst[c[(src[i] >> shift) & 0xff]++] = src[i];
		uint32_t *t = src;
		src = dst;
		dst = t;
	}
	free(cnt);
	if (src != v)
		memcpy(v, src, n * sizeof(*v));
	free(tmp);
}

void rn_analyze_lat_sort(rn_analyze_lat *l)
{
	if (l->sorted == 1)
		return;
	if (l->n > 1)
		sort_u32(l->v, l->n);
	if (l->nbig > 1)
		qsort(l->big, l->nbig, sizeof(*l->big), cmp_u64);
	l->sorted = 1;
}

size_t rn_analyze_lat_count(const rn_analyze_lat *l)
{
	return l->n + l->nbig;
}

uint64_t rn_analyze_lat_at(const rn_analyze_lat *l, size_t i)
{
	return i < l->n ? l->v[i] : l->big[i - l->n];
}

/* The 1-based nearest rank of permille in n values: ceil(permille/1000 * n). */
static size_t pct_rank(unsigned permille, size_t n)
{
	size_t rank = (size_t)(((unsigned __int128)permille * n + 999) / 1000);
	return rank < 1 ? 1 : rank;
}

static const unsigned sel_permille[4] = {500, 900, 990, 999};

uint64_t rn_analyze_lat_pct(rn_analyze_lat *l, unsigned permille)
{
	size_t n = rn_analyze_lat_count(l);
	if (!n)
		return 0;
	if (l->sorted == RN_ANALYZE_LAT_SELECTED)
		for (int k = 0; k < 4; k++)
			if (sel_permille[k] == permille)
				return l->pct[k];
	rn_analyze_lat_sort(l);
	return rn_analyze_lat_at(l, pct_rank(permille, n) - 1);
}

static inline void swap_u32(uint32_t *a, uint32_t *b)
{
	uint32_t t = *a;
	*a = *b;
	*b = t;
}

/* Puts the k-th smallest of v[lo..hi] (inclusive) at v[k], the smaller ones
 * before it and the larger after (introselect: Hoare partitions around a
 * median of three; after 2 log2(n) rounds without the range shrinking
 * enough, as crafted input could make it, the range is radix-sorted, which
 * bounds the work at O(n)). */
static void select_u32(uint32_t *v, size_t lo, size_t hi, size_t k)
{
	int budget = 2 * (64 - __builtin_clzll((unsigned long long)(hi - lo + 1)));
	while (hi - lo > 16) {
		if (budget-- == 0) {
			sort_u32(v + lo, hi - lo + 1);
			return;
		}
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid] < v[lo])
			swap_u32(&v[mid], &v[lo]);
		if (v[hi] < v[lo])
			swap_u32(&v[hi], &v[lo]);
		if (v[hi] < v[mid])
			swap_u32(&v[hi], &v[mid]);
		uint32_t pivot = v[mid];
		size_t i = lo, j = hi;
		for (;;) { /* v[lo] <= pivot <= v[hi]: both scans stop in range */
			while (v[i] < pivot)
				i++;
			while (v[j] > pivot)
				j--;
			if (i >= j)
				break;
			swap_u32(&v[i], &v[j]);
			i++;
			j--;
		}
		/* v[lo..j] <= pivot <= v[j+1..hi] */
		if (k <= j)
			hi = j;
		else
			lo = j + 1;
	}
	for (size_t a = lo + 1; a <= hi; a++) /* insertion sort of the rest */
		for (size_t b = a; b > lo && v[b - 1] > v[b]; b--)
			swap_u32(&v[b - 1], &v[b]);
}

/* Large sets: the values at ranks[0..nr) (ascending, 0-based) of v[0..n)
 * by counting, in two passes of 16 bits: a histogram of the high halves
 * finds each rank's bucket, then one of the low halves of that bucket's
 * values (one pass per distinct bucket, branch-free) the value. Durations
 * repeat (a clock of 1 us gives few distinct values), which is what makes
 * comparison-based selection slow here; so that repeats do not chain each
 * count on the last, four histograms take every fourth value and are
 * summed as they are scanned (scans stop at the last rank: the pages past
 * it, fresh from calloc, are never touched). -1 when out of memory. */
#define HBINS 65536
#define HWAYS 4
static uint64_t hist_at(uint32_t *const h[HWAYS], size_t b)
{
	return (uint64_t)h[0][b] + h[1][b] + h[2][b] + h[3][b];
}

static void hist_count(uint32_t *const h[HWAYS], const uint32_t *v, size_t n, int level,
                       uint32_t hb)
{
	size_t i = 0;
#define BIN(x) (level == 0 ? (x) >> 16 : ((x) >> 16) == hb ? ((x)&0xffff) : HBINS)
	for (; i + HWAYS <= n; i += HWAYS)
		for (int w = 0; w < HWAYS; w++)
			h[w][BIN(v[i + w])]++;
	for (; i < n; i++)
		h[0][BIN(v[i])]++;
#undef BIN
}

static int select_hist(const uint32_t *v, size_t n, const size_t *ranks, int nr, uint64_t *out)
{
	uint32_t *h[HWAYS];
	uint32_t *mem = calloc((size_t)HWAYS * (HBINS + 1), sizeof(*mem));
	if (!mem)
		return -1;
	for (int w = 0; w < HWAYS; w++)
		h[w] = mem + (size_t)w * (HBINS + 1); /* + 1: the other buckets' bin */
	hist_count(h, v, n, 0, 0);
	uint32_t bucket[4];
	size_t resid[4];
	uint64_t cum = 0;
	int k = 0;
	for (uint32_t b = 0; b < HBINS && k < nr; b++) {
		uint64_t c = hist_at(h, b);
		for (; k < nr && ranks[k] < cum + c; k++) {
			bucket[k] = b;
			resid[k] = ranks[k] - cum;
		}
		cum += c;
	}
	for (k = 0; k < nr;) {
		uint32_t hb = bucket[k];
		free(mem);
		mem = calloc((size_t)HWAYS * (HBINS + 1), sizeof(*mem));
		if (!mem)
			return -1;
		for (int w = 0; w < HWAYS; w++)
			h[w] = mem + (size_t)w * (HBINS + 1);
		hist_count(h, v, n, 1, hb);
		uint64_t cum2 = 0;
		uint32_t lo = 0;
		for (; k < nr && bucket[k] == hb; k++) {
			while (cum2 + hist_at(h, lo) <= resid[k])
				cum2 += hist_at(h, lo++);
			out[k] = (uint64_t)hb << 16 | lo;
		}
	}
	free(mem);
	return 0;
}

/* Middle-sized sets (up to RADIX_MAX values): the same values by counting
 * in three levels of 11, 11 and 10 bits from the top: the first two one pass
 * over v per distinct prefix of the ranks, counting only the values of that
 * prefix in four interleaved histograms (see select_hist); the last one pass
 * for all of them, each prefix's values in a histogram of their own (three
 * or four passes in all). All on the stack: no memory to fault in, no
 * comparisons to mispredict (introselect took ~12 ns a value here). */
#define RBINS     2048
#define RADIX_MAX (1u << 17)
typedef uint32_t rhist[HWAYS][RBINS + 1]; /* + 1: the other prefixes' bin */
_Static_assert(sizeof(rhist) >= 5 * 1024 * sizeof(uint32_t), "count_last fits in an rhist");

/* Counts the bits at s (under mask) of the values whose bits from ps up are
 * pre; ps 32: of every value. */
static void count_radix(rhist h, const uint32_t *v, size_t n, unsigned s, uint32_t mask,
                        unsigned ps, uint32_t pre)
{
	memset(h, 0, sizeof(rhist));
	size_t i = 0;
	if (ps == 32) {
		for (; i + 4 <= n; i += 4) {
			h[0][(v[i] >> s) & mask]++;
			h[1][(v[i + 1] >> s) & mask]++;
			h[2][(v[i + 2] >> s) & mask]++;
			h[3][(v[i + 3] >> s) & mask]++;
		}
		for (; i < n; i++)
			h[0][(v[i] >> s) & mask]++;
		return;
	}
#define RBIN(x) ((x) >> ps == pre ? ((x) >> s) & mask : RBINS)
	for (; i + 4 <= n; i += 4) {
		h[0][RBIN(v[i])]++;
		h[1][RBIN(v[i + 1])]++;
		h[2][RBIN(v[i + 2])]++;
		h[3][RBIN(v[i + 3])]++;
	}
	for (; i < n; i++)
		h[0][RBIN(v[i])]++;
#undef RBIN
}

/* The last level (the low 10 bits) of the values of up to four 22-bit
 * prefixes at once: prefix g's in h[g], the others in h[4]. */
static void count_last(uint32_t h[5][1024], const uint32_t *v, size_t n, const uint32_t pre[4])
{
	memset(h, 0, 5 * sizeof(*h));
	for (size_t i = 0; i < n; i++) {
		/* g with masks, not conditions: the compiler made the last one a
		 * branch, taken at random (p50's prefix or another), and its
		 * mispredictions were most of this pass */
		uint32_t x = v[i], p = x >> 10, g = 4;
		g ^= (g ^ 3) & -(uint32_t)(p == pre[3]);
		g ^= (g ^ 2) & -(uint32_t)(p == pre[2]);
		g ^= (g ^ 1) & -(uint32_t)(p == pre[1]);
		g &= -(uint32_t)(p != pre[0]);
		h[g][x & 1023]++;
	}
}

static void select_radix(const uint32_t *v, size_t n, const size_t *ranks, int nr, uint64_t *out)
{
	static const unsigned shift[2] = {21, 10}, width[2] = {11, 11};
	rhist h;
	uint32_t prefix[4] = {0};
	size_t resid[4];
	for (int k = 0; k < nr; k++)
		resid[k] = ranks[k];
	for (int lv = 0; lv < 2; lv++) {
		/* ranks ascend, so do their prefixes: equal ones are neighbours */
		for (int k = 0; k < nr;) {
			uint32_t pre = prefix[k];
			count_radix(h, v, n, shift[lv], (1u << width[lv]) - 1,
			            lv ? shift[lv] + width[lv] : 32, pre);
			uint64_t cum = 0;
			uint32_t b = 0;
			for (; k < nr && prefix[k] == pre; k++) {
				for (;;) {
					uint64_t c =
					    (uint64_t)h[0][b] + h[1][b] + h[2][b] + h[3][b];
					if (resid[k] < cum + c)
						break;
					cum += c;
					b++;
				}
				resid[k] -= cum;
				prefix[k] = pre << width[lv] | b;
			}
		}
	}
	/* the distinct prefixes (ascending, as the ranks), UINT32_MAX: none */
	uint32_t pre[4] = {UINT32_MAX, UINT32_MAX, UINT32_MAX, UINT32_MAX};
	int grp[4], ng = 0;
	for (int k = 0; k < nr; k++) {
		if (!ng || pre[ng - 1] != prefix[k])
			pre[ng++] = prefix[k];
		grp[k] = ng - 1;
	}
	uint32_t(*hl)[1024] = (uint32_t(*)[1024])h; /* rhist's room, reused */
	count_last(hl, v, n, pre);
	uint64_t cum = 0;
	uint32_t b = 0;
	for (int k = 0; k < nr; k++) {
		if (k && grp[k] != grp[k - 1])
			cum = 0, b = 0;
		const uint32_t *hg = hl[grp[k]];
		while (resid[k] >= cum + hg[b])
			cum += hg[b++];
		out[k] = (uint64_t)prefix[k] << 10 | b;
	}
}

void rn_analyze_lat_select(rn_analyze_lat *l)
{
	size_t n = rn_analyze_lat_count(l);
	if (l->sorted == 1 || n <= 512) {
		/* sorted already, or small: the sort is as cheap */
		rn_analyze_lat_sort(l);
		return;
	}
	if (l->sorted == RN_ANALYZE_LAT_SELECTED)
		return;
	if (l->nbig > 1)
		qsort(l->big, l->nbig, sizeof(*l->big), cmp_u64);
	size_t ranks[4];
	int nr = 0; /* the ranks in v; the others are in big */
	for (int k = 0; k < 4; k++) {
		size_t i = pct_rank(sel_permille[k], n) - 1;
		if (i >= l->n)
			l->pct[k] = l->big[i - l->n];
		else
			ranks[nr++] = i;
	}
	/* ranks in v come first (the big values are the largest) */
	if (l->n <= RADIX_MAX) {
		select_radix(l->v, l->n, ranks, nr, l->pct);
		l->sorted = RN_ANALYZE_LAT_SELECTED;
		return;
	}
	if (select_hist(l->v, l->n, ranks, nr, l->pct) == 0) {
		l->sorted = RN_ANALYZE_LAT_SELECTED;
		return;
	}
	size_t lo = 0;
	for (int k = 0; k < nr; k++) {
		/* the ranks grow: what is left of the last one holds no larger rank */
		if (ranks[k] >= lo) {
			select_u32(l->v, lo, l->n - 1, ranks[k]);
			lo = ranks[k] + 1;
		}
		l->pct[k] = l->v[ranks[k]];
	}
	l->sorted = RN_ANALYZE_LAT_SELECTED;
}

void rn_analyze_lat_free(rn_analyze_lat *l)
{
	free(l->v);
	free(l->big);
	memset(l, 0, sizeof(*l));
}

static double median_sorted(const double *v, size_t n)
{
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static int cmp_dbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

void rn_analyze_lat_mad(rn_analyze_lat *l, double *median, double *mad)
{
	size_t n = rn_analyze_lat_count(l);
	*median = *mad = 0;
	if (!n)
		return;
	rn_analyze_lat_sort(l);
	*median =
	    n % 2
	        ? (double)rn_analyze_lat_at(l, n / 2)
	        : ((double)rn_analyze_lat_at(l, n / 2 - 1) + (double)rn_analyze_lat_at(l, n / 2)) /
	              2;
	double *dev = malloc(n * sizeof(*dev));
	if (!dev)
		return;
	for (size_t i = 0; i < n; i++)
		dev[i] = fabs((double)rn_analyze_lat_at(l, i) - *median);
	qsort(dev, n, sizeof(*dev), cmp_dbl);
	*mad = median_sorted(dev, n);
	free(dev);
}

int rn_analyze_mwu(rn_analyze_lat *a, rn_analyze_lat *b, double *z, double *p)
{
	size_t na = rn_analyze_lat_count(a), nb = rn_analyze_lat_count(b);
	*z = 0;
	*p = 1;
	if (na < 2 || nb < 2)
		return -1;
	rn_analyze_lat_sort(a);
	rn_analyze_lat_sort(b);
	/* Merge the two sorted sets; tied values share their average rank. */
	double ra = 0, ties = 0;
	size_t i = 0, j = 0, rank = 0;
	while (i < na || j < nb) {
		uint64_t v;
		if (j >= nb || (i < na && rn_analyze_lat_at(a, i) <= rn_analyze_lat_at(b, j)))
			v = rn_analyze_lat_at(a, i);
		else
			v = rn_analyze_lat_at(b, j);
		size_t ca = 0, cb = 0;
		while (i < na && rn_analyze_lat_at(a, i) == v)
			i++, ca++;
		while (j < nb && rn_analyze_lat_at(b, j) == v)
			j++, cb++;
		double t = (double)(ca + cb);
		double avg = (double)rank + (t + 1) / 2;
		ra += avg * (double)ca;
		ties += t * t * t - t;
		rank += ca + cb;
	}
	double n1 = (double)na, n2 = (double)nb, n = n1 + n2;
	double u1 = ra - n1 * (n1 + 1) / 2;
	double mu = n1 * n2 / 2;
	double var = n1 * n2 / 12 * ((n + 1) - ties / (n * (n - 1)));
	if (var <= 0)
		return 0; /* every value equal: no difference */
	/* u1 large means a is larger; report z positive when b is larger. */
	*z = -(u1 - mu) / sqrt(var);
	*p = erfc(fabs(*z) / sqrt(2.0));
	return 0;
}

/* Continued fraction of the regularized incomplete beta function I_x(a, b)
 * (modified Lentz), good for x < (a + 1) / (a + b + 2). */
static double beta_cf(double a, double b, double x)
{
	const double tiny = 1e-300;
	double c = 1, d = 1 - (a + b) * x / (a + 1);
	d = fabs(d) < tiny ? tiny : d;
	d = 1 / d;
	double h = d;
	for (int m = 1; m <= 300; m++) {
		for (int odd = 0; odd < 2; odd++) {
			double num =
			    odd ? -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
			        : m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));
			d = 1 + num * d;
			d = fabs(d) < tiny ? tiny : d;
			c = 1 + num / c;
			c = fabs(c) < tiny ? tiny : c;
			d = 1 / d;
			h *= d * c;
			if (odd && fabs(d * c - 1) < 1e-14)
				return h;
		}
	}
	return h;
}

static double inc_beta(double a, double b, double x)
{
	if (x <= 0)
		return 0;
	if (x >= 1)
		return 1;
	double front = exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x));
	if (x < (a + 1) / (a + b + 2))
		return front * beta_cf(a, b, x) / a;
	return 1 - front * beta_cf(b, a, 1 - x) / b;
}

double rn_analyze_t_pvalue(double t, double df)
{
	if (!(df > 0) || isnan(t))
		return 1;
	if (isinf(t))
		return 0;
	return inc_beta(df / 2, 0.5, df / (df + t * t));
}

static const char *const col_names[RN_COL_N] = {"calls", "errors", "time", "total", "avg", "min",
                                                "p50",   "p90",    "p99",  "p999",  "max", "name"};

int rn_analyze_col_lookup(const char *name)
{
	for (int i = 0; i < RN_COL_N; i++)
		if (strcmp(name, col_names[i]) == 0)
			return i;
	if (strcmp(name, "p99.9") == 0)
		return RN_COL_P999;
	if (strcmp(name, "key") == 0 || strcmp(name, "syscall") == 0)
		return RN_COL_NAME;
	return -1;
}

uint64_t rn_analyze_row_col(rn_analyze_row *r, int col)
{
	uint64_t done = r->calls - r->unfinished;
	switch (col) {
	case RN_COL_CALLS:
		return r->calls;
	case RN_COL_ERRORS:
		return r->errors;
	case RN_COL_TIME:
	case RN_COL_TOTAL:
		return r->total_ns;
	case RN_COL_AVG:
		return done ? r->total_ns / done : 0;
	case RN_COL_MIN:
		return done ? r->min_ns : 0;
	case RN_COL_P50:
		return rn_analyze_lat_pct(&r->lat, 500);
	case RN_COL_P90:
		return rn_analyze_lat_pct(&r->lat, 900);
	case RN_COL_P99:
		return rn_analyze_lat_pct(&r->lat, 990);
	case RN_COL_P999:
		return rn_analyze_lat_pct(&r->lat, 999);
	case RN_COL_MAX:
		return r->max_ns;
	}
	return 0;
}

static int sort_col;

static int cmp_rows(const void *a, const void *b)
{
	rn_analyze_row *x = (rn_analyze_row *)a, *y = (rn_analyze_row *)b;
	if (sort_col != RN_COL_NAME) {
		uint64_t vx = rn_analyze_row_col(x, sort_col), vy = rn_analyze_row_col(y, sort_col);
		if (vx != vy)
			return vx < vy ? 1 : -1;
		if (x->calls != y->calls)
			return x->calls < y->calls ? 1 : -1;
	}
	return strcmp(x->key, y->key);
}

void rn_analyze_table_sort(rn_analyze_table *t, int col)
{
	/* Percentiles first, so the comparator is cheap: found by selection. */
	rn_analyze_table_select(t);
	sort_col = col;
	if (t->n > 1)
		qsort(t->rows, t->n, sizeof(*t->rows), cmp_rows);
	/* Row order changed: rebuild the hash slots. */
	if (t->nslots) {
		memset(t->slots, 0, t->nslots * sizeof(*t->slots));
		for (size_t i = 0; i < t->n; i++) {
			size_t j = hash_str(t->rows[i].key) & (t->nslots - 1);
			while (t->slots[j])
				j = (j + 1) & (t->nslots - 1);
			t->slots[j] = (uint32_t)i + 1;
		}
	}
}
