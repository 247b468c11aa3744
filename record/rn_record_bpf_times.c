/* rn_record_bpf_times.c: where a bpf recording's start-up and teardown
 * time goes, phase by phase. With RN_BPF_TIMES=1 in its environment
 * rn-record prints one line per phase on stderr at exit:
 *   rn-record: phase NAME T_END_NS WALL_NS CPU_NS
 * T_END_NS is CLOCK_MONOTONIC at the phase's end (bench/record/startup.py
 * puts it against its own clock to get exec and exit), WALL_NS and CPU_NS
 * (the whole process's CPU, every thread) what the phase took. Without the
 * variable a mark is one load of a flag. Marks come from the thread that
 * made the first (the main one); others' are ignored. */
#include "rn_record_bpf.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define MAXMARK 32

static int on = -1; /* -1: not looked up yet */
static int n;
static pthread_t main_thr;
static struct {
	const char *name;
	uint64_t t, cpu;
} marks[MAXMARK];

static uint64_t ns(clockid_t c)
{
	struct timespec ts;
	clock_gettime(c, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

void rn_bpf_times_mark(const char *phase)
{
	if (on < 0)
		on = getenv("RN_BPF_TIMES") != NULL;
	if (!on || n >= MAXMARK || (n && !pthread_equal(pthread_self(), main_thr)))
		return;
	if (!n)
		main_thr = pthread_self();
	marks[n].name = phase;
	marks[n].t = ns(CLOCK_MONOTONIC);
	marks[n].cpu = ns(CLOCK_PROCESS_CPUTIME_ID);
	n++;
}

void rn_bpf_times_print(void)
{
	if (on > 0 && n > 0) /* the first: CPU since exec */
		fprintf(stderr, "rn-record: phase %s %llu 0 %llu\n", marks[0].name,
		        (unsigned long long)marks[0].t, (unsigned long long)marks[0].cpu);
	for (int i = 1; on > 0 && i < n; i++)
		fprintf(stderr, "rn-record: phase %s %llu %llu %llu\n", marks[i].name,
		        (unsigned long long)marks[i].t,
		        (unsigned long long)(marks[i].t - marks[i - 1].t),
		        (unsigned long long)(marks[i].cpu - marks[i - 1].cpu));
}
