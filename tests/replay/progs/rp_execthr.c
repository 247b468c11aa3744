/* rp_execthr.c: execve from a non-main thread, as strace -f shows it.
 * Stage 0: the main thread waits in pthread_join (futex), a second thread
 * waits in pause(), a third execs this program again: the other threads
 * end inside their calls and the third takes over the process id.
 * Stage 1: the main thread leaves with SYS_exit first (a zombie leader);
 * the thread then execs stage 2, which exits 0. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static char *self;
static int stage;

static void nap(long ms)
{
	struct timespec ts = {0, ms * 1000000};
	syscall(SYS_nanosleep, &ts, NULL);
}

static void *sleeper(void *a)
{
	pause();
	return a;
}

static void *execer(void *a)
{
	nap(200); /* let the others enter their calls */
	char next[2] = {(char)('1' + stage), 0};
	char *argv[] = {self, next, NULL};
	execv(self, argv);
	return a;
}

int main(int argc, char **argv)
{
	self = argv[0];
	stage = argc > 1 ? atoi(argv[1]) : 0;
	if (stage >= 2)
		_exit(0);
	pthread_t t, s;
	if (stage == 0) {
		pthread_create(&s, NULL, sleeper, NULL);
		nap(50); /* its pause() comes first in every run */
	}
	pthread_create(&t, NULL, execer, NULL);
	if (stage == 0)
		pthread_join(t, NULL);
	syscall(SYS_exit, 0);
	return 1;
}
