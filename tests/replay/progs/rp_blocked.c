/* rp_blocked.c: N threads besides the main one (argv[2], default 0), each
 * blocked in read() on a pipe of its own that is never written; once all
 * are started the pid goes to the file argv[1]. For attaching (-p) and
 * detaching while every thread is inside a call. Killed by the test. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void *reader(void *arg)
{
	int *fds = arg;
	char c;
	for (;;) /* a signal may end a read early: read again */
		if (read(fds[0], &c, 1) == 0)
			break;
	return NULL;
}

int main(int argc, char **argv)
{
	int n = argc > 2 ? atoi(argv[2]) : 0;
	if (argc < 2 || n < 0 || n > 64) {
		fprintf(stderr, "usage: rp_blocked PIDFILE [THREADS]\n");
		return 2;
	}
	static int fds[65][2];
	for (int i = 0; i <= n; i++)
		if (pipe(fds[i]) < 0)
			return 1;
	for (int i = 1; i <= n; i++) {
		pthread_t t;
		if (pthread_create(&t, NULL, reader, fds[i]))
			return 1;
	}
	FILE *f = fopen(argv[1], "w");
	if (!f)
		return 1;
	fprintf(f, "%d\n", (int)getpid());
	fclose(f);
	reader(fds[0]);
	return 0;
}
