/* rn_record_launch.c: starts the traced command, for both backends. The
 * child waits on a pipe until the recorder is ready (ptrace: seized with
 * PTRACE_SEIZE + PTRACE_INTERRUPT, no SIGSTOP the program could notice;
 * bpf: its pid in the traced-thread map and the programs attached), then
 * installs the seccomp filter when -e restricts the set and -f follows
 * every child (ptrace), sets up function tracing, and execs. A recorder
 * that dies before that takes the child with it. The recorder ignores the
 * syscalls the child makes before its first execve. */
#include "rn_record.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void child_fail(int fd, const char *what, const char *arg)
{
	char msg[512];
	int n = snprintf(msg, sizeof(msg), "rn-record: %s%s%s: %s\n", what, arg ? " " : "",
	                 arg ? arg : "", strerror(errno));
	if (n > 0 && write(fd, msg, (size_t)n) < 0)
		_exit(127);
}

/* The child's close-on-exec descriptors, closed before the exec would
 * (shed: the bpf backend's, whose parent lists the child's inherited
 * descriptors while it waits, one /proc read each: its ~50 BPF maps and
 * programs, ~0.5 ms a start, are gone by then, done here beside the
 * parent's output file). keep, keep2: the pipes it waits on and says it is
 * done on (rn_launch_shed_wait: the parent attaches only then, so none of
 * these calls is recorded, not even as a call before the exec that takes
 * room in the ring). No malloc after fork: getdents64 into the stack. */
static void shed_cloexec(int keep, int keep2)
{
	char buf[4096];
	int dir = open("/proc/self/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	long n;
	while (dir >= 0 && (n = syscall(SYS_getdents64, dir, buf, sizeof(buf))) > 0)
		for (long at = 0; at < n;) {
			struct dirent64 *de = (void *)(buf + at);
			at += de->d_reclen;
			int fd = atoi(de->d_name);
			if (de->d_name[0] < '0' || de->d_name[0] > '9' || fd <= 2 || fd == keep ||
			    fd == keep2 || fd == dir)
				continue;
			int fl = fcntl(fd, F_GETFD);
			if (fl >= 0 && (fl & FD_CLOEXEC))
				close(fd);
		}
	if (dir >= 0)
		close(dir);
}

/* Resolves CMD through PATH before forking, as strace does, so the trace
 * starts with the one execve that succeeds rather than the PATH search. */
const char *rn_launch_resolve(const char *cmd, char *buf, size_t n)
{
	if (strchr(cmd, '/'))
		return cmd;
	const char *path = getenv("PATH");
	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (const char *p = path; *p;) {
		const char *e = strchr(p, ':');
		size_t l = e ? (size_t)(e - p) : strlen(p);
		struct stat st;
		if (snprintf(buf, n, "%.*s%s%s", (int)l, p, l ? "/" : "", cmd) < (int)n &&
		    stat(buf, &st) == 0 && S_ISREG(st.st_mode) && access(buf, X_OK) == 0)
			return buf;
		p += l + (e ? 1 : 0);
		if (!e)
			break;
	}
	return cmd;
}

pid_t rn_launch_held(const rn_rec_opts *o, rn_funcs_session *fs, int seccomp, int *shed, int *go)
{
	static char exe[4096];
	const char *file = rn_launch_resolve(o->cmd[0], exe, sizeof(exe));
	int sync[2], done[2] = {-1, -1};
	if (pipe2(sync, O_CLOEXEC) < 0) {
		rn_rec_err("pipe: %s", strerror(errno));
		return -1;
	}
	if (shed && pipe2(done, O_CLOEXEC) < 0) {
		rn_rec_err("pipe: %s", strerror(errno));
		close(sync[0]);
		close(sync[1]);
		return -1;
	}
	rn_sysset traced = o->set;
	int filter = seccomp && rn_seccomp_wanted(o);
	if (filter)
		rn_seccomp_bookkeeping(&traced, o->stack != 0);
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid < 0) {
		rn_rec_err("fork: %s", strerror(errno));
		close(sync[0]);
		close(sync[1]);
		if (shed) {
			close(done[0]);
			close(done[1]);
		}
		return -1;
	}
	if (pid == 0) {
		char c = 0;
		ssize_t k;
		/* Dies with rn-record while held; cleared before exec, so the
		 * program sees the setting it inherited (PR_GET_PDEATHSIG 0). */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(127);
		close(sync[1]);
		if (shed) {
			close(done[0]);
			shed_cloexec(sync[0], done[1]);
			close(done[1]); /* the parent's read sees the end */
		}
		while ((k = read(sync[0], &c, 1)) < 0 && errno == EINTR)
			;
		close(sync[0]);
		prctl(PR_SET_PDEATHSIG, 0);
		if (k != 1 || getppid() != parent)
			_exit(127); /* rn-record is gone: never run untraced */
		if (fs)
			rn_funcs_child_env(fs);
		if (filter && rn_seccomp_install(&traced) < 0) {
			child_fail(2, "cannot install the seccomp filter", NULL);
			_exit(127);
		}
		execvp(file, o->cmd);
		int e = errno;
		child_fail(2, "cannot run", o->cmd[0]);
		_exit(e == ENOENT ? 127 : 126);
	}
	close(sync[0]);
	*go = sync[1];
	if (shed) {
		close(done[1]);
		*shed = done[0];
	}
	return pid;
}

void rn_launch_shed_wait(int fd)
{
	char c;
	while (read(fd, &c, 1) < 0 && errno == EINTR)
		; /* 0: the child closed its end (or died) */
	close(fd);
}

void rn_launch_go(int go)
{
	char c = 'g';
	while (write(go, &c, 1) < 0 && errno == EINTR)
		;
	close(go);
}

void rn_launch_abort(pid_t pid, int go)
{
	kill(pid, SIGKILL);
	close(go);
	waitpid(pid, NULL, 0);
}

pid_t rn_launch(const rn_rec_opts *o, rn_funcs_session *fs)
{
	int go;
	pid_t pid = rn_launch_held(o, fs, 1, NULL, &go);
	if (pid < 0)
		return -1;
	if (ptrace(PTRACE_SEIZE, pid, 0, (void *)rn_loop_ptrace_opts(o, 1)) < 0) {
		rn_rec_err("cannot trace the command: PTRACE_SEIZE: %s", strerror(errno));
		rn_launch_abort(pid, go);
		return -1;
	}
	ptrace(PTRACE_INTERRUPT, pid, 0, 0);
	rn_launch_go(go); /* lets the child go on */
	return pid;
}

static volatile pid_t forward_pid; /* read by the signal forwarder */

static void on_forward_signal(int sig)
{
	if (forward_pid > 0)
		kill(forward_pid, sig);
}

void rn_rec_set_handler(int sig, void (*fn)(int))
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL); /* no SA_RESTART: waitpid returns EINTR */
}

void rn_launch_forward_signals(pid_t pid)
{
	forward_pid = pid;
	rn_rec_set_handler(SIGINT, SIG_IGN);
	rn_rec_set_handler(SIGQUIT, SIG_IGN);
	rn_rec_set_handler(SIGTERM, on_forward_signal);
	rn_rec_set_handler(SIGHUP, on_forward_signal);
	rn_rec_set_handler(SIGXFSZ, SIG_IGN);
}
