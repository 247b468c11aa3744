/* rp_killthr.c: a child process with three threads, waiting in pause() and
 * in read() of a pipe nobody writes, is killed by SIGKILL from its parent:
 * every thread ends killed (strace -f: "+++ killed by SIGKILL +++" for
 * each), not exited, and the read's buffer is never shown ("read(3,
 * <unfinished ...>) = ?"). The parent blocks
 * SIGCHLD so that no signal line lands before or after its wait4 by chance. */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int fds[2];

static void *waiter(void *a)
{
	pause();
	return a;
}

static void *reader(void *a)
{
	char c;
	if (read(fds[0], &c, 1) < 0)
		return NULL;
	return a;
}

int main(void)
{
	sigset_t chld;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, NULL);
	pid_t p = fork();
	if (p == 0) {
		struct timespec gap = {0, 30000000}; /* threads start in one order */
		pthread_t t;
		if (pipe(fds) < 0)
			_exit(2);
		pthread_create(&t, NULL, waiter, NULL);
		syscall(SYS_nanosleep, &gap, NULL);
		pthread_create(&t, NULL, reader, NULL);
		syscall(SYS_nanosleep, &gap, NULL);
		pause();
		_exit(1);
	}
	struct timespec ts = {0, 200000000}; /* the threads are in pause() by then */
	syscall(SYS_nanosleep, &ts, NULL);
	kill(p, SIGKILL);
	int st;
	waitpid(p, &st, 0);
	return WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL ? 0 : 1;
}
