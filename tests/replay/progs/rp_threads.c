/* rp_threads.c: two threads whose calls interleave with the main thread's
 * (a blocking read on a pipe), for <unfinished ...>/resumed lines. */
#define _GNU_SOURCE
#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>

static int p[2];

static void *writer(void *arg)
{
	(void)arg;
	usleep(20000);
	write(p[1], "wake", 4);
	syscall(SYS_exit, 0); /* end the thread without glibc's cleanup calls */
	return NULL;
}

int main(void)
{
	pipe(p);
	pthread_t t;
	pthread_create(&t, NULL, writer, NULL);
	char buf[8];
	read(p[0], buf, sizeof(buf));
	usleep(300000); /* the thread has exited by now */
	_exit(0);
}
