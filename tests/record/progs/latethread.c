/* latethread.c: two threads call getppid() every 5 ms; on SIGUSR1 the main
 * thread starts a third that calls getpid() 20 times (5 ms apart), creates
 * the file argv[1] (when given) and ends. For -p with and without -f:
 * threads that exist at attach time against a thread created after it.
 * Runs until killed. Usage: latethread [DONE-FILE] */
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t go;
static const char *done;

static void nap(void)
{
	struct timespec ts = {0, 5000000};
	nanosleep(&ts, NULL);
}

static void on_usr1(int sig)
{
	(void)sig;
	go = 1;
}

static void *early(void *a)
{
	for (;;) {
		getppid();
		nap();
	}
	return a;
}

static void *late(void *a)
{
	for (int i = 0; i < 20; i++) {
		getpid();
		nap();
	}
	if (done)
		close(open(done, O_WRONLY | O_CREAT | O_TRUNC, 0644));
	return a;
}

int main(int argc, char **argv)
{
	done = argc > 1 ? argv[1] : NULL;
	struct sigaction sa = {0};
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	pthread_t t;
	if (pthread_create(&t, NULL, early, NULL))
		return 1;
	for (;;) {
		if (go == 1) {
			go = 2;
			if (pthread_create(&t, NULL, late, NULL))
				return 1;
		}
		getppid();
		nap();
	}
}
