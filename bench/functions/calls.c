/* calls.c: the function-tracing benchmark's workload: N calls of two tiny
 * functions (N/2 each), as in docs/benchmarks/functions.md, in one thread or
 * split over T threads (N/T calls each). Prints the main thread's loop time
 * per call on stderr, wall and thread CPU time (user + system, so ring page
 * faults count), so the start-up and teardown of a tracer are not in it.
 * Usage: calls [N [T]] (default 3000000 calls, 1 thread). */
#include <pthread.h>
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

static long per_thread;

__attribute__((noinline)) void *loop(void *arg)
{
	(void)arg;
	for (long i = 0; i < per_thread / 2; i++) {
		tiny_a();
		tiny_b();
	}
	return NULL;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 3000000;
	int nt = argc > 2 ? atoi(argv[2]) : 1;
	if (nt < 1 || nt > 64)
		nt = 1;
	per_thread = n / nt;
	pthread_t th[64];
	for (int i = 1; i < nt; i++)
		pthread_create(&th[i], NULL, loop, NULL);
	double w0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_THREAD_CPUTIME_ID);
	loop(NULL);
	double w1 = now(CLOCK_MONOTONIC), c1 = now(CLOCK_THREAD_CPUTIME_ID);
	for (int i = 1; i < nt; i++)
		pthread_join(th[i], NULL);
	n = per_thread;
	fprintf(stderr, "ns_per_call %.2f cpu_ns_per_call %.2f\n", (w1 - w0) / (double)n,
	        (c1 - c0) / (double)n);
	return 0;
}
