/* zombie.c: the main thread leaves with pthread_exit while a second thread
 * goes on (the leader is a zombie meanwhile), makes 50 getppid calls and
 * ends the process with exit(4). */
#include <pthread.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static void *late(void *a)
{
	struct timespec ts = {0, 50000000};
	nanosleep(&ts, NULL);
	for (int i = 0; i < 50; i++)
		getppid();
	exit(4);
	return a;
}

int main(void)
{
	pthread_t t;
	if (pthread_create(&t, NULL, late, NULL))
		return 1;
	pthread_exit(NULL);
}
