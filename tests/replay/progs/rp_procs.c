/* rp_procs.c: fork, exec, exit codes, a child killed by SIGKILL and a
 * signal caught by a handler, for the golden comparison with strace. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void on_usr1(int sig)
{
	(void)sig;
}

int main(void)
{
	struct sigaction sa = {0};
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	/* SIGCHLD waits until the end, so its line has one place in every run. */
	sigset_t chld;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, NULL);
	pid_t c = fork();
	if (c == 0)
		_exit(7);
	int st;
	waitpid(c, &st, 0);
	int ready[2];
	pipe(ready);
	c = fork();
	if (c == 0) {
		write(ready[1], "r", 1);
		pause();
		_exit(0);
	}
	char r;
	read(ready[0], &r, 1);
	usleep(300000); /* let the child reach pause() */
	kill(c, SIGKILL);
	waitpid(c, &st, 0);
	c = fork();
	if (c == 0) {
		execl("/bin/true", "true", "arg with space", (char *)NULL);
		_exit(127);
	}
	waitpid(c, &st, 0);
	siginfo_t si;
	c = fork();
	if (c == 0)
		_exit(4);
	waitid(P_PID, (id_t)c, &si, WEXITED);
	sigset_t usr2;
	sigemptyset(&usr2);
	sigaddset(&usr2, SIGUSR2);
	sigprocmask(SIG_BLOCK, &usr2, NULL);
	kill(getpid(), SIGUSR2);
	struct timespec t = {1, 0};
	sigtimedwait(&usr2, &si, &t);
	sigprocmask(SIG_UNBLOCK, &chld, NULL);
	kill(getpid(), SIGUSR1);
	return 0;
}
