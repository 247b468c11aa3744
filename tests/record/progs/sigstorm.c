/* sigstorm.c: a child sends N SIGUSR1 to its parent, waiting for each to be
 * handled (acknowledged through a pipe), so none coalesce; the parent counts
 * them. Exits 0 when the handler ran exactly N times. */
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t count;
static int ack;

static void on_usr1(int s)
{
	(void)s;
	count++;
	if (write(ack, "a", 1) != 1)
		_exit(95);
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 500;
	int pfd[2];
	if (pipe(pfd) < 0)
		return 90;
	ack = pfd[1];
	struct sigaction sa = {0};
	sa.sa_handler = on_usr1;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGUSR1, &sa, NULL);
	pid_t parent = getpid();
	pid_t p = fork();
	if (p == 0) {
		close(pfd[1]);
		for (int i = 0; i < n; i++) {
			char c;
			kill(parent, SIGUSR1);
			if (read(pfd[0], &c, 1) != 1)
				_exit(2);
		}
		_exit(0);
	}
	close(pfd[0]);
	int st;
	while (waitpid(p, &st, 0) < 0)
		;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 && count == n ? 0 : 1;
}
