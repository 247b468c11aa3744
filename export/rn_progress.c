/* rn_progress.c: the progress bar. */
#include "rn_progress.h"

#include <stdio.h>
#include <time.h>

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void rn_progress_start(rn_progress *p, int on)
{
	p->on = on;
	p->t0 = now_ns();
	p->last_draw = p->t0;
	p->drawn = 0;
}

double rn_progress_elapsed(const rn_progress *p)
{
	return (double)(now_ns() - p->t0) / 1e9;
}

void rn_progress_update(rn_progress *p, uint64_t done, uint64_t total, uint64_t spans)
{
	if (!p->on)
		return;
	uint64_t t = now_ns();
	if (t - p->last_draw < 200000000u)
		return;
	p->last_draw = t;
	double secs = (double)(t - p->t0) / 1e9;
	double frac = total ? (double)done / (double)total : 0;
	if (frac > 1)
		frac = 1;
	double rate = secs > 0 ? (double)spans / secs : 0;
	double eta = frac > 0 ? secs * (1 - frac) / frac : 0;
	char bar[31];
	int fill = (int)(frac * 30);
	for (int i = 0; i < 30; i++)
		bar[i] = i < fill ? '#' : '.';
	bar[30] = 0;
	fprintf(stderr, "\r[%s] %3d%%  %llu spans  %.0f spans/s  ETA %.0fs ", bar,
	        (int)(frac * 100), (unsigned long long)spans, rate, eta);
	fflush(stderr);
	p->drawn = 1;
}

void rn_progress_end(rn_progress *p)
{
	if (p->on && p->drawn) {
		fprintf(stderr, "\r%80s\r", "");
		fflush(stderr);
	}
}
