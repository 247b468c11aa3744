/* threads.c: T threads x M getppid() calls each, plus E short-lived threads
 * that exit while the others run. Usage: threads T M [E]. Exits 0. */
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

static long m;

static void *work(void *a)
{
	for (long i = 0; i < m; i++)
		getppid();
	return a;
}

static void *brief(void *a)
{
	getpid();
	return a;
}

int main(int argc, char **argv)
{
	int t = argc > 1 ? atoi(argv[1]) : 4;
	m = argc > 2 ? atol(argv[2]) : 1000;
	int e = argc > 3 ? atoi(argv[3]) : 0;
	pthread_t *th = calloc((size_t)(t + e), sizeof(*th));
	for (int i = 0; i < t; i++)
		if (pthread_create(&th[i], NULL, work, NULL))
			return 1;
	for (int i = 0; i < e; i++) {
		pthread_t b;
		if (pthread_create(&b, NULL, brief, NULL))
			return 1;
		pthread_join(b, NULL);
	}
	for (int i = 0; i < t; i++)
		pthread_join(th[i], NULL);
	free(th);
	return 0;
}
