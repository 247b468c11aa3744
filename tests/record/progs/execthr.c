/* execthr.c: a non-main thread calls execve while the main thread sleeps in
 * nanosleep: the thread takes over the process id and the main thread's
 * call never returns. The new image is argv[1] (e.g. /bin/true). */
#include <pthread.h>
#include <time.h>
#include <unistd.h>

static char **args;

static void *run(void *a)
{
	struct timespec ts = {0, 50000000}; /* let main enter its nanosleep */
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
