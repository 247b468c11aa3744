/* dc_sig.c: signal calls: sigaction with handlers and masks, sigprocmask,
 * sigpending, sigaltstack, signal delivery, kill, sigtimedwait, alarm. */
#include "dc_common.h"
#include <signal.h>
#include <string.h>
#include <time.h>

static void on_sig(int s)
{
	(void)s;
}

int main(void)
{
	DC_BEGIN();
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sig;
	sigaddset(&sa.sa_mask, SIGHUP);
	sa.sa_flags = SA_RESTART | SA_NODEFER;
	sigaction(SIGUSR1, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sa.sa_flags = 0;
	struct sigaction old;
	sigaction(SIGPIPE, &sa, &old);
	sigaction(SIGPIPE, NULL, &old);
	R(SYS_rt_sigaction, SIGKILL, &sa, NULL, 8);
	R(SYS_rt_sigaction, SIGUSR2, BADADDR, NULL, 8);
	R(SYS_rt_sigaction, SIGUSR2, NULL, NULL, 7);
	sigset_t s, o;
	sigemptyset(&s);
	sigaddset(&s, SIGUSR2);
	sigaddset(&s, SIGRTMIN + 2);
	R(SYS_rt_sigprocmask, SIG_BLOCK | HI, &s, &o, 8);
	sigfillset(&s);
	R(SYS_rt_sigprocmask, SIG_SETMASK, &s, NULL, 8);
	R(SYS_rt_sigprocmask, SIG_UNBLOCK, &s, NULL, 8);
	R(SYS_rt_sigprocmask, 0x1234, NULL, NULL, 8);
	sigemptyset(&o);
	sigaddset(&o, SIGUSR2);
	R(SYS_rt_sigprocmask, SIG_BLOCK, &o, NULL, 8);
	R(SYS_kill, getpid(), SIGUSR2);
	R(SYS_rt_sigpending, &o, 8);
	struct timespec z = {0, 0};
	sigemptyset(&s);
	sigaddset(&s, SIGUSR2);
	R(SYS_rt_sigtimedwait, &s, NULL, &z, 8);
	R(SYS_rt_sigtimedwait, &s, NULL, &z, 8);
	stack_t st = {.ss_sp = NULL, .ss_flags = SS_DISABLE, .ss_size = 0};
	R(SYS_sigaltstack, &st, NULL);
	R(SYS_sigaltstack, NULL, &st);
	R(SYS_alarm, 42 | HI);
	R(SYS_alarm, 0);
	R(SYS_kill, getpid(), SIGUSR1);
	R(SYS_tgkill, getpid(), getpid(), 0x10000 | SIGUSR1);
	R(SYS_kill, -1 | HI, 0x7f);
	R(SYS_rt_sigqueueinfo, -1, SIGUSR1, BADADDR);
	return 0;
}
