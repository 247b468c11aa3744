/* jobctl.c: job control and signals as a parent sees them. The child stops
 * itself (SIGSTOP); the parent must see it stopped (WUNTRACED), continue it
 * (SIGCONT) and see it continued (WCONTINUED), then send SIGUSR1, which the
 * child handles, and SIGTERM, which kills it. The parent counts its SIGCHLDs.
 * Exit 0 when everything was observed as without tracing, else the step. */
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t got_usr1, chld;

static void on_usr1(int s)
{
	(void)s;
	got_usr1 = 1;
}

static void on_chld(int s)
{
	(void)s;
	chld++;
}

int main(void)
{
	int pfd[2];
	if (pipe(pfd) < 0)
		return 90;
	signal(SIGCHLD, on_chld);
	pid_t p = fork();
	if (p == 0) {
		signal(SIGUSR1, on_usr1);
		kill(getpid(), SIGSTOP);
		while (!got_usr1)
			pause();
		if (write(pfd[1], "u", 1) != 1)
			_exit(91);
		for (;;)
			pause();
	}
	int st;
	if (waitpid(p, &st, WUNTRACED) != p || !WIFSTOPPED(st) || WSTOPSIG(st) != SIGSTOP)
		return 1;
	kill(p, SIGCONT);
	if (waitpid(p, &st, WCONTINUED) != p || !WIFCONTINUED(st))
		return 2;
	kill(p, SIGUSR1);
	char c;
	while (read(pfd[0], &c, 1) != 1)
		;
	kill(p, SIGTERM);
	if (waitpid(p, &st, 0) != p || !WIFSIGNALED(st) || WTERMSIG(st) != SIGTERM)
		return 3;
	if (chld < 1)
		return 4;
	printf("jobctl ok\n");
	return 0;
}
