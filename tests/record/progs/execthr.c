/* execthr.c: a non-main thread calls execve while the main thread sleeps in
 * nanosleep: the thread takes over the process id and the main thread's
 * call never returns. The new image is argv[1] (e.g. /bin/true). The thread
 * execs once the main thread is seen blocked in the call
 * (/proc/self/task/PID/syscall): a fixed 50 ms wait was not always enough
 * on a loaded machine, and the main thread's call was then missing. */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static char **args;

/* Whether the main thread is blocked in clock_nanosleep (glibc's nanosleep). */
static int main_sleeps(const char *path)
{
	char buf[64];
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return 0;
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = 0;
	return atol(buf) == SYS_clock_nanosleep && buf[0] != 'r'; /* not "running" */
}

static void *run(void *a)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/self/task/%d/syscall", (int)getpid());
	struct timespec ts = {0, 1000000};
	for (int i = 0; i < 10000 && !main_sleeps(path); i++) /* up to ~10 s */
		nanosleep(&ts, NULL);
	execv(args[1], args + 1);
	return a;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return 2;
	args = argv;
	pthread_t t;
	if (pthread_create(&t, NULL, run, NULL))
		return 1;
	struct timespec ts = {10, 0};
	nanosleep(&ts, NULL);
	return 3; /* not reached: the exec replaces us */
}
