/* forkexec.c: a fork/exec chain. "forkexec N" forks a child that execs
 * "forkexec N-1" and waits for it; the last one exits with status 5, and every
 * parent exits with its child's status + 1 (so "forkexec 3" exits 8). */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 3;
	if (n <= 0)
		return 5;
	pid_t p = fork();
	if (p == 0) {
		char arg[16];
		snprintf(arg, sizeof(arg), "%d", n - 1);
		execl("/proc/self/exe", argv[0], arg, (char *)NULL);
		_exit(99);
	}
	int st;
	if (p < 0 || waitpid(p, &st, 0) != p || !WIFEXITED(st))
		return 100;
	return WEXITSTATUS(st) + 1;
}
