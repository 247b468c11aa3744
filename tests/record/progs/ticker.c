/* ticker.c: a busy loop that times itself, for rn-record -p (the bpf
 * backend must never stop it). Usage: ticker SECONDS [PAUSE_US]. Each iteration reads
 * CLOCK_MONOTONIC and makes one getrusage(RUSAGE_THREAD) call (the trace's
 * syscalls). A gap over 1 ms between two iterations is classed by what the
 * thread's counters did meanwhile: "stopped" when it switched out
 * voluntarily (ru_nvcsw grew: it slept, as in a ptrace stop; the loop
 * itself never blocks), "preempted" when only ru_nivcsw grew (the scheduler
 * ran another task: the machine's load), "stolen" with neither while its
 * CPU time grew by less than half the gap (the hypervisor took the vCPU:
 * steal time is not the thread's), else "other" (it held the CPU, in the
 * kernel: what a stall caused by attaching would look like). Prints
 * "ready" once running, and at the end one line:
 *   iterations N stopped N max_stopped_us N preempted N stolen N other N
 *   max_other_us N voluntary N (voluntary switches in all: each ptrace stop
 *   is one)
 * PAUSE_US: a nanosleep that long after each iteration (a slow loop, for
 * --stack; its gaps then count as stopped). */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

static long long now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static long long cpu_us(const struct rusage *r)
{
	return (r->ru_utime.tv_sec + r->ru_stime.tv_sec) * 1000000LL + r->ru_utime.tv_usec +
	       r->ru_stime.tv_usec;
}

int main(int argc, char **argv)
{
	double secs = argc > 1 ? atof(argv[1]) : 3;
	long pause_us = argc > 2 ? atol(argv[2]) : 0;
	struct timespec pause = {pause_us / 1000000, pause_us % 1000000 * 1000};
	long long start = now_ns(), end = start + (long long)(secs * 1e9), prev = start;
	long long iters = 0, stopped = 0, preempted = 0, stolen = 0, other = 0, max_stopped = 0,
	          max_other = 0;
	struct rusage ru, pru, first;
	getrusage(RUSAGE_THREAD, &pru);
	first = pru;
	printf("ready\n");
	fflush(stdout);
	for (;;) {
		long long t = now_ns();
		getrusage(RUSAGE_THREAD, &ru);
		iters++;
		long long gap = t - prev;
		if (gap > 1000000) {
			if (ru.ru_nvcsw != pru.ru_nvcsw) {
				stopped++;
				if (gap > max_stopped)
					max_stopped = gap;
			} else if (ru.ru_nivcsw != pru.ru_nivcsw) {
				preempted++;
			} else if ((cpu_us(&ru) - cpu_us(&pru)) * 1000 < gap / 2) {
				stolen++;
			} else {
				other++;
				if (gap > max_other)
					max_other = gap;
			}
		}
		pru = ru;
		if (pause_us > 0)
			nanosleep(&pause, NULL);
		prev = now_ns();
		if (prev >= end)
			break;
	}
	printf("iterations %lld stopped %lld max_stopped_us %lld preempted %lld stolen %lld "
	       "other %lld max_other_us %lld voluntary %ld\n",
	       iters, stopped, max_stopped / 1000, preempted, stolen, other, max_other / 1000,
	       pru.ru_nvcsw - first.ru_nvcsw);
	return 0;
}
