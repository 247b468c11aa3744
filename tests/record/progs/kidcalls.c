/* kidcalls.c: what a program's children and threads see of their own calls.
 * A child process calls chdir, getppid and ptrace(PTRACE_TRACEME); a thread
 * calls chdir and getppid. Prints one line per call ("child chdir 0",
 * "thread getppid ok", "child traceme EPERM"...) so a run under a recorder
 * can be compared with a run without one. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *res(long rc)
{
	static char buf[64];
	if (rc >= 0)
		return "ok";
	const char *n = strerrorname_np(errno);
	snprintf(buf, sizeof(buf), "%s", n ? n : "E?");
	return buf;
}

static void calls(const char *who, pid_t parent)
{
	printf("%s chdir %s\n", who, res(chdir("/")));
	printf("%s getppid %s\n", who, getppid() == parent ? "ok" : "wrong");
	fflush(stdout);
}

static void *thread(void *a)
{
	calls("thread", *(pid_t *)a);
	return NULL;
}

int main(void)
{
	pid_t self = getpid(), parent = getppid();
	fflush(stdout);
	pid_t p = fork();
	if (p == 0) {
		calls("child", self);
		printf("child traceme %s\n", res(ptrace(PTRACE_TRACEME, 0, 0, 0)));
		fflush(stdout);
		_exit(0);
	}
	int st;
	waitpid(p, &st, 0);
	printf("child status %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	pthread_t t;
	pthread_create(&t, NULL, thread, &parent);
	pthread_join(t, NULL);
	calls("main", parent);
	return 0;
}
