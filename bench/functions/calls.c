/* calls.c: the function-tracing benchmark's workload: N calls of two tiny
 * functions (N/2 each), as in docs/benchmarks/functions.md. Prints the loop's
 * own time per call on stderr, wall and thread CPU time (user + system, so
 * ring page faults count; less disturbed by other load), so the start-up and
 * teardown of a tracer are not in the per-call figure.
 * Usage: calls [N] (default 3000000). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

volatile unsigned long sink;

__attribute__((noinline)) void tiny_a(void)
{
	sink++;
}

__attribute__((noinline)) void tiny_b(void)
{
	sink += 2;
}

__attribute__((no_instrument_function)) static double now(clockid_t c)
{
	struct timespec ts;
	clock_gettime(c, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 3000000;
	double w0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_THREAD_CPUTIME_ID);
	for (long i = 0; i < n / 2; i++) {
		tiny_a();
		tiny_b();
	}
	double w1 = now(CLOCK_MONOTONIC), c1 = now(CLOCK_THREAD_CPUTIME_ID);
	fprintf(stderr, "ns_per_call %.2f cpu_ns_per_call %.2f\n", (w1 - w0) / (double)n,
	        (c1 - c0) / (double)n);
	return 0;
}
