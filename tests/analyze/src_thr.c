/* src_thr.c: three threads each open a missing file at a known line (the
 * MARK comment), for --source on threads other than the main one. */
#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>

static void *worker(void *arg)
{
	(void)arg;
	int fd = open("/rn-test-thread", O_RDONLY); /* MARK_THREAD */
	if (fd >= 0)
		close(fd);
	return NULL;
}

int main(void)
{
	pthread_t t[3];
	for (int i = 0; i < 3; i++)
		if (pthread_create(&t[i], NULL, worker, NULL) != 0)
			return 1;
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	return 0;
}
