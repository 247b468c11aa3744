/* dc_proc.c: process and credential calls: ids, priorities, limits, waits,
 * kill with signal 0, scheduling, uid/gid arguments as unsigned. */
#include "dc_common.h"
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/times.h>
#include <sys/utsname.h>
#include <sys/wait.h>

int main(void)
{
	DC_BEGIN();
	int pid = getpid();
	R(SYS_kill, pid | HI, 0);
	R(SYS_kill, 0x7ffffff0, SIGCONT);
	R(SYS_tgkill, pid, pid, 0);
	R(SYS_tkill, -1, SIGTERM);
	R(SYS_getpgid, 0 | HI);
	R(SYS_getsid, -1);
	R(SYS_setpgid, 0, 0);
	R(SYS_getpriority, PRIO_PROCESS | HI, 0);
	R(SYS_setpriority, PRIO_USER, 0xfffffffeU, 0);
	R(SYS_getpriority, PRIO_PGRP, 0);
	R(SYS_setuid, 0 | HI);
	R(SYS_setgid, 0xffffffffU | HI);
	R(SYS_setreuid, -1, -1);
	R(SYS_setregid, 0xffffffffU, 0xffffffffU);
	R(SYS_setresuid, -1, -1, -1);
	R(SYS_setresgid, -1, 0 | HI, -1);
	unsigned r1, r2, r3;
	R(SYS_getresuid, &r1, &r2, &r3);
	R(SYS_getresgid, &r1, BADADDR, &r3);
	unsigned g[4];
	R(SYS_getgroups, 0, NULL);
	R(SYS_getgroups, 4, g);
	R(SYS_getgroups, -1, g);
	R(SYS_setgroups, 0, NULL);
	R(SYS_setfsuid, -1);
	R(SYS_setfsgid, 0xffffffffU | HI);
	struct rlimit rl;
	R(SYS_getrlimit, RLIMIT_NOFILE | HI, &rl);
	R(SYS_getrlimit, RLIMIT_STACK, &rl);
	R(SYS_prlimit64, 0, RLIMIT_CORE, NULL, &rl);
	R(SYS_prlimit64, 0, RLIMIT_NOFILE, &rl, NULL);
	R(SYS_getrlimit, 0x1234, &rl);
	struct rusage ru;
	R(SYS_getrusage, RUSAGE_CHILDREN, BADADDR);
	R(SYS_wait4, -1, NULL, WNOHANG, NULL);
	/* above any pid_max: never the id of a traced thread, which
	 * test_bpf_parity's normaliser would name */
	R(SYS_wait4, 0x7ffffff0 | HI, BADADDR, WNOHANG | __WALL, &ru);
	R(SYS_waitid, P_ALL, 0, NULL, WEXITED | WNOHANG, NULL);
	R(SYS_waitid, P_PID, 0x7fffffff, BADADDR, WEXITED, NULL);
	/* a child not yet done: wait4 and waitid write nothing (SIGCHLD stays
	 * blocked, so no signal line depends on timing) */
	sigset_t chld;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, NULL);
	int gate[2];
	if (pipe(gate) != 0)
		return 1;
	pid_t kid = fork();
	if (kid == 0) { /* waits for the parent to close the gate */
		char c;
		close(gate[1]);
		_exit((int)read(gate[0], &c, 1));
	}
	close(gate[0]);
	int st = 0x12345;
	R(SYS_wait4, -1, &st, WNOHANG, &ru);
	siginfo_t si;
	memset(&si, 0x55, sizeof(si));
	R(SYS_waitid, P_ALL, 0, &si, WEXITED | WNOHANG, NULL);
	close(gate[1]);
	R(SYS_wait4, kid, &st, 0, NULL);
	R(SYS_sched_getscheduler, 0 | HI);
	R(SYS_sched_get_priority_max, SCHED_FIFO);
	R(SYS_sched_get_priority_min, SCHED_RR | HI);
	struct sched_param sp;
	R(SYS_sched_getparam, 0, &sp);
	R(SYS_sched_yield, 0);
	R(SYS_getcpu, NULL, NULL, NULL);
	R(SYS_personality, 0xffffffffU);
	R(SYS_personality, 0xffffffffU | HI);
	R(SYS_pidfd_open, -1, 0);
	R(SYS_exit_group, 0 | HI);
	return 0;
}
