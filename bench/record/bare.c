/* bare.c: the floor for any ptrace tracer: PTRACE_SYSCALL + waitpid and
 * nothing else (no syscall info, no memory reads, no output).
 *   bare [--spin=US] [--pin] -- CMD [ARGS...]
 * --spin polls waitpid(WNOHANG) US microseconds before blocking, --pin binds
 * tracer and tracee to one CPU: the same placements rn-record offers, so
 * each is compared like with like. Follows forks and threads. */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000L + ts.tv_nsec / 1000;
}

int main(int argc, char **argv)
{
	int spin = 0, i = 1;
	for (; i < argc && strcmp(argv[i], "--"); i++) {
		if (!strncmp(argv[i], "--spin=", 7))
			spin = atoi(argv[i] + 7);
		else if (!strcmp(argv[i], "--pin")) {
			cpu_set_t s;
			CPU_ZERO(&s);
			CPU_SET(sched_getcpu(), &s);
			sched_setaffinity(0, sizeof(s), &s);
		}
	}
	if (i + 1 >= argc) {
		fprintf(stderr, "usage: bare [--spin=US] [--pin] -- CMD [ARGS...]\n");
		return 2;
	}
	pid_t child = fork();
	if (child == 0) {
		kill(getpid(), SIGSTOP);
		execvp(argv[i + 1], argv + i + 1);
		_exit(127);
	}
	int st, code = 1;
	waitpid(child, &st, WSTOPPED);
	ptrace(PTRACE_SEIZE, child, 0,
	       PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACECLONE | PTRACE_O_TRACEFORK |
	           PTRACE_O_TRACEVFORK | PTRACE_O_EXITKILL);
	kill(child, SIGCONT);
	for (;;) {
		pid_t p = 0;
		if (spin) {
			long until = now_us() + spin;
			while ((p = waitpid(-1, &st, __WALL | WNOHANG)) == 0 && now_us() < until)
				;
		}
		if (p == 0)
			p = waitpid(-1, &st, __WALL);
		if (p < 0)
			break;
		if (WIFEXITED(st) || WIFSIGNALED(st)) {
			if (p == child)
				code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
			continue;
		}
		int sig = WSTOPSIG(st), ev = (unsigned)st >> 16;
		int inject = (sig == (SIGTRAP | 0x80) || ev || sig == SIGTRAP) ? 0 : sig;
		if (ev == PTRACE_EVENT_STOP)
			inject = 0;
		ptrace(PTRACE_SYSCALL, p, 0, inject);
	}
	return code;
}
