/* cpumix.c: two threads, one pinned to each of the first two CPUs, each
 * making N calls close(B + k), k = 0..N-1 (B = 1000000 for the first
 * thread, 2000000 for the second; every call fails with EBADF), started
 * together: records on two per-CPU rings at once, for the merge by time.
 * The threads meet at a barrier every PHASE calls: on a loaded machine one
 * of them could otherwise make all its calls while the other waits for its
 * CPU, and the rings would not be merged at all; so each phase has calls
 * of both, and the trace at least N / PHASE switches between them.
 * Usage: cpumix N. Exits 0; 3 when there is no second CPU to pin to. */
#define _GNU_SOURCE /* sched_setaffinity, CPU_SET */
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <unistd.h>

#define PHASE 1000

static long n;
static pthread_barrier_t go;

static void *work(void *a)
{
	long cpu = (long)a;
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET((int)cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set) != 0)
		exit(3);
	pthread_barrier_wait(&go);
	for (long k = 0; k < n; k++) {
		if (k && k % PHASE == 0)
			pthread_barrier_wait(&go);
		close((int)((cpu + 1) * 1000000 + k));
	}
	return NULL;
}

int main(int argc, char **argv)
{
	n = argc > 1 ? atol(argv[1]) : 10000;
	pthread_t th[2];
	pthread_barrier_init(&go, NULL, 2);
	for (long i = 0; i < 2; i++)
		if (pthread_create(&th[i], NULL, work, (void *)i))
			return 1;
	for (int i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	return 0;
}
