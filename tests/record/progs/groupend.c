/* groupend.c: ways a process can end while a tracer attached with -p (and
 * without -f) traces only the threads it had at attach. The main thread
 * first waits for one byte on stdin, so the tracer can attach; then MODE:
 *   nojoin   a thread that keeps making calls is started, and the main
 *            thread calls exit(3) while it runs (exit_group);
 *   lastexit the main thread ends alone (SYS_exit 0); a thread started
 *            after the attach ends last with SYS_exit 7: the process's
 *            status is the main thread's, 0;
 *   lastgrp  the main thread ends alone (SYS_exit 0); a thread started
 *            after the attach calls exit_group(5) once the main thread is
 *            gone: the process's status is the group's, 5;
 *   killed   a thread that keeps making calls (SIGTERM blocked in it) is
 *            started, then the main thread waits in pause() to be killed;
 *   execthr  a thread started after the attach execs argv[2...] while the
 *            main thread waits in pause();
 *   lastlong the main thread ends alone (SYS_exit 0), and a thread
 *            started after the attach waits in pause() until killed;
 *   zleader  the main thread ends (SYS_exit 0) before the attach, and the
 *            process lives on in a thread that waits for the byte and
 *            calls exit(6).
 * Usage: groupend MODE [PROG ARG...] */
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static volatile int started;
static char **args;
static pid_t leader;

static void *spin(void *a)
{
	(void)a;
	for (;;) {
		started = 1;
		getppid();
	}
	return NULL;
}

/* Waits until the main thread has ended (its /proc stat says Z or it is
 * gone): the caller is then the last thread. */
static void wait_leader_gone(void)
{
	char path[64], buf[256];
	snprintf(path, sizeof(path), "/proc/self/task/%d/stat", (int)leader);
	struct timespec ts = {0, 1000000};
	for (int i = 0; i < 10000; i++) {
		int fd = open(path, O_RDONLY);
		if (fd < 0)
			return;
		ssize_t n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (n <= 0)
			return;
		buf[n] = 0;
		const char *p = strrchr(buf, ')');
		if (p && (p[2] == 'Z' || p[2] == 'X'))
			return;
		nanosleep(&ts, NULL);
	}
}

static void *last_exit(void *a)
{
	wait_leader_gone();
	syscall(SYS_exit, 7);
	return a;
}

static void *last_long(void *a)
{
	for (;;)
		pause();
	return a;
}

static void *last_group(void *a)
{
	wait_leader_gone();
	syscall(SYS_exit_group, 5);
	return a;
}

static void *exec_it(void *a)
{
	execv(args[2], args + 2);
	return a;
}

static void *gate_exit(void *a)
{
	char c;
	if (read(0, &c, 1) != 1)
		exit(1);
	exit(6);
	return a;
}

static int start(void *(*fn)(void *))
{
	pthread_t t;
	return pthread_create(&t, NULL, fn, NULL);
}

int main(int argc, char **argv)
{
	char c;
	if (argc < 2)
		return 2;
	args = argv;
	leader = getpid();
	if (!strcmp(argv[1], "zleader")) {
		if (start(gate_exit))
			return 1;
		syscall(SYS_exit, 0);
	}
	if (read(0, &c, 1) != 1)
		return 1;
	const char *m = argv[1];
	if (!strcmp(m, "nojoin")) {
		if (start(spin))
			return 1;
		while (!started)
			;
		exit(3);
	}
	if (!strcmp(m, "lastexit") || !strcmp(m, "lastgrp") || !strcmp(m, "lastlong")) {
		if (start(!strcmp(m, "lastexit")  ? last_exit
		          : !strcmp(m, "lastgrp") ? last_group
		                                  : last_long))
			return 1;
		syscall(SYS_exit, 0);
	}
	if (!strcmp(m, "killed")) {
		sigset_t s, old;
		sigemptyset(&s);
		sigaddset(&s, SIGTERM);
		pthread_sigmask(SIG_BLOCK, &s, &old); /* the thread inherits it */
		if (start(spin))
			return 1;
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		while (!started)
			;
		for (;;)
			pause();
	}
	if (!strcmp(m, "execthr") && argc > 2) {
		if (start(exec_it))
			return 1;
		for (;;)
			pause();
	}
	return 2;
}
