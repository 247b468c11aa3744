/* forkfast.c: forks N children as fast as it can (each exits at once with
 * i % 7), reaping them all; checks every status. Exits 0 when all match. */
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 200;
	int bad = 0;
	pid_t *p = calloc((size_t)n, sizeof(*p));
	for (int i = 0; i < n; i++) {
		p[i] = fork();
		if (p[i] == 0)
			_exit(i % 7);
	}
	for (int i = 0; i < n; i++) {
		int st;
		if (waitpid(p[i], &st, 0) != p[i] || !WIFEXITED(st) || WEXITSTATUS(st) != i % 7)
			bad++;
	}
	free(p);
	return bad ? 1 : 0;
}
