/* cpuof.c: runs a command and writes the CPU time and peak RSS of its whole
 * process tree to a file, for bench/record/backends.py: a recorder's own
 * CPU is the CPU of recorder + program (the recorder's wait4) minus this.
 *   rn-bench-cpuof FILE CMD [ARGS...]
 * FILE gets "USER_US SYS_US MAXRSS_KB"; the exit status is CMD's (128+N
 * when a signal killed it). FILE.t gets "START_NS END_NS", CLOCK_MONOTONIC
 * before the fork and after the reap (bench/record/wait.py: when the program
 * itself began and ended, under a recorder). */
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: rn-bench-cpuof FILE CMD [ARGS...]\n");
		return 2;
	}
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid_t pid = fork();
	if (pid < 0) {
		perror("rn-bench-cpuof: fork");
		return 1;
	}
	if (pid == 0) {
		execvp(argv[2], argv + 2);
		perror("rn-bench-cpuof: exec");
		_exit(127);
	}
	int st = 0;
	while (waitpid(pid, &st, 0) < 0)
		;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	struct rusage ru;
	getrusage(RUSAGE_CHILDREN, &ru);
	FILE *f = fopen(argv[1], "w");
	if (!f ||
	    fprintf(
	        f, "%lld %lld %ld\n", (long long)ru.ru_utime.tv_sec * 1000000 + ru.ru_utime.tv_usec,
	        (long long)ru.ru_stime.tv_sec * 1000000 + ru.ru_stime.tv_usec, ru.ru_maxrss) < 0 ||
	    fclose(f) != 0) {
		perror("rn-bench-cpuof: write");
		return 1;
	}
	char tpath[4096];
	snprintf(tpath, sizeof(tpath), "%s.t", argv[1]);
	f = fopen(tpath, "w");
	if (!f ||
	    fprintf(f, "%lld %lld\n", (long long)t0.tv_sec * 1000000000LL + t0.tv_nsec,
	            (long long)t1.tv_sec * 1000000000LL + t1.tv_nsec) < 0 ||
	    fclose(f) != 0) {
		perror("rn-bench-cpuof: write");
		return 1;
	}
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}
