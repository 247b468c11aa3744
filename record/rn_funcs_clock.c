/* rn_funcs_clock.c: converts the producers' clock ticks (rdtsc/cntvct, read
 * in the traced process without a syscall) to CLOCK_MONOTONIC ns, the clock
 * of every other event. A (ticks, ns) pair is sampled at each drain before
 * the rings are read, so every drained tick lies before the newest pair and
 * is interpolated between the two pairs around it. */
#include "rn_funcs_priv.h"

#include <time.h>

static uint64_t mono_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

void rn_fclk_point(rn_fclk *c)
{
	uint64_t best = UINT64_MAX, tk = 0, ns = 0;
	for (int i = 0; i < 5; i++) { /* the tightest of a few brackets */
		uint64_t a = c->tsc ? rn_chan_tsc() : 0;
		uint64_t n = mono_ns();
		uint64_t b = c->tsc ? rn_chan_tsc() : 0;
		if (b - a < best) {
			best = b - a;
			tk = a + (b - a) / 2;
			ns = n;
		}
	}
	if (!c->tsc)
		tk = ns;
	uint32_t i = c->n % RN_FCLK_POINTS;
	if (c->n && tk <= c->tk[(c->n - 1) % RN_FCLK_POINTS])
		return; /* no time passed: keep the older pair */
	c->tk[i] = tk;
	c->ns[i] = ns;
	c->n++;
}

void rn_fclk_init(rn_fclk *c, int tsc)
{
	c->tsc = tsc;
	c->n = 0;
	rn_fclk_point(c);
	if (!tsc)
		return;
	/* A second pair a millisecond later gives a slope for ticks beyond the
	 * newest pair (only possible for a drain racing a producer). */
	uint64_t t0 = mono_ns();
	while (mono_ns() - t0 < 1000000)
		;
	rn_fclk_point(c);
}

uint64_t rn_fclk_last_ns(const rn_fclk *c)
{
	return c->ns[(c->n - 1) % RN_FCLK_POINTS];
}

/* The segment between pairs a and b (counts, not slots), extended to every
 * tick from lo to hi. */
static void seg_set(const rn_fclk *c, rn_fclk_seg *g, uint32_t a, uint32_t b, uint64_t lo,
                    uint64_t hi)
{
	uint32_t ia = a % RN_FCLK_POINTS, ib = b % RN_FCLK_POINTS;
	g->tk0 = lo;
	g->tk1 = hi;
	g->mult = (uint64_t)(((unsigned __int128)(c->ns[ib] - c->ns[ia]) << 32) /
	                     (c->tk[ib] - c->tk[ia]));
	/* ns at lo, from pair a (lo is never below pair a's ticks here) */
	g->ns0 = c->ns[ia] + (uint64_t)(((unsigned __int128)(lo - c->tk[ia]) * g->mult) >> 32);
	g->gen = c->n;
}

int rn_fclk_seg_find(const rn_fclk *c, rn_fclk_seg *g, uint64_t tk, uint64_t *out)
{
	if (c->n < 2) {
		*out = c->ns[0];
		return 1;
	}
	uint32_t oldest = c->n > RN_FCLK_POINTS ? c->n - RN_FCLK_POINTS : 0;
	uint32_t k = c->n - 1;
	while (k > oldest && c->tk[k % RN_FCLK_POINTS] > tk)
		k--;
	uint64_t tk_k = c->tk[k % RN_FCLK_POINTS];
	if (tk < tk_k) { /* older than every pair kept: extend the oldest segment back */
		uint32_t ia = k % RN_FCLK_POINTS, ib = (k + 1) % RN_FCLK_POINTS;
		double slope = (double)(c->ns[ib] - c->ns[ia]) / (double)(c->tk[ib] - c->tk[ia]);
		double ns = (double)c->ns[ia] - (double)(tk_k - tk) * slope;
		*out = ns < 0 ? 0 : (uint64_t)ns;
		return 1;
	}
	if (k == c->n - 1) /* past the newest pair: extend the last segment */
		seg_set(c, g, k - 1, k, tk_k, UINT64_MAX);
	else
		seg_set(c, g, k, k + 1, tk_k, c->tk[(k + 1) % RN_FCLK_POINTS]);
	return 0;
}
