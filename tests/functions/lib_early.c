/* lib_early.c: an instrumented shared library whose constructor starts a
 * thread before main (and possibly before librnfunc.so's own constructor):
 * the thread calls early_work() 200 times; early_join() waits for it. */
#include <pthread.h>

static pthread_t th;
volatile int early_sink;

void early_work(void)
{
	early_sink++;
}

static void *early_main(void *arg)
{
	(void)arg;
	for (int i = 0; i < 200; i++)
		early_work();
	return NULL;
}

__attribute__((constructor(101))) static void early_start(void)
{
	pthread_create(&th, NULL, early_main, NULL);
}

void early_join(void)
{
	pthread_join(th, NULL);
}
