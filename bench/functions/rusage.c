/* rusage.c: runs a command and prints what the user waited for and paid:
 * "wall_ns cpu_ns" on stderr, wall clock from fork to the end of wait4, and
 * the user + system CPU time of the command and every descendant it waited
 * for (getrusage RUSAGE_CHILDREN: rn-record or uftrace plus the traced
 * program). The command's own stderr goes to stderr too, before the line.
 * Usage: rusage CMD ARGS... */
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long ns(struct timeval tv)
{
	return (long long)tv.tv_sec * 1000000000LL + (long long)tv.tv_usec * 1000LL;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: rusage CMD ARGS...\n");
		return 2;
	}
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid_t p = fork();
	if (p < 0) {
		perror("rusage: fork");
		return 1;
	}
	if (p == 0) {
		execvp(argv[1], argv + 1);
		perror(argv[1]);
		_exit(127);
	}
	int st;
	if (waitpid(p, &st, 0) != p) {
		perror("rusage: waitpid");
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	struct rusage ru;
	getrusage(RUSAGE_CHILDREN, &ru);
	long long wall = (t1.tv_sec - t0.tv_sec) * 1000000000LL + (t1.tv_nsec - t0.tv_nsec);
	fprintf(stderr, "rusage %lld %lld\n", wall, ns(ru.ru_utime) + ns(ru.ru_stime));
	return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
}
