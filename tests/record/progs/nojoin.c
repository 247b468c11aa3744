/* nojoin.c: the main thread starts a thread that keeps making syscalls and
 * exits the whole process with status 3 while it runs, without joining it.
 * Recorded without -f the thread is not traced; which thread of the group
 * dies last varies from run to run, and the process's end must be in the
 * trace either way. Usage: nojoin */
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

static volatile int started;

static void *spin(void *a)
{
	(void)a;
	for (;;) {
		started = 1;
		getppid();
	}
	return NULL;
}

int main(void)
{
	pthread_t t;
	if (pthread_create(&t, NULL, spin, NULL) != 0)
		return 1;
	while (!started)
		;
	exit(3);
}
