/* dc_time.c: clocks, timers and sleeps: nanosleep's rem only when written,
 * clock ids, itimers, timerfd, times() with its clock-tick comments. */
#include "dc_common.h"
#include <fcntl.h>
#include <signal.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <time.h>
#include <utime.h>

int main(void)
{
	DC_BEGIN();
	struct timespec ts = {0, 1000}, rem = {7, 7};
	R(SYS_nanosleep, &ts, &rem);
	R(SYS_nanosleep, &ts, NULL);
	ts.tv_nsec = 1000000000;
	R(SYS_nanosleep, &ts, &rem);
	R(SYS_nanosleep, BADADDR, &rem);
	ts.tv_nsec = 100;
	R(SYS_clock_nanosleep, CLOCK_MONOTONIC | HI, 0, &ts, &rem);
	R(SYS_clock_nanosleep, CLOCK_REALTIME, TIMER_ABSTIME, &ts, NULL);
	R(SYS_clock_getres, CLOCK_MONOTONIC_RAW, &ts);
	R(SYS_clock_getres, CLOCK_BOOTTIME, NULL);
	R(SYS_clock_gettime, 0x1234, &ts);
	R(SYS_clock_gettime, CLOCK_PROCESS_CPUTIME_ID, BADADDR);
	R(SYS_clock_settime, CLOCK_TAI, BADADDR);
	struct itimerval it = {{0, 0}, {0, 0}}, oit;
	R(SYS_setitimer, ITIMER_REAL | HI, &it, &oit);
	R(SYS_getitimer, ITIMER_PROF, &oit);
	R(SYS_getitimer, 5, &oit);
	int tfd = R(SYS_timerfd_create, CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	struct itimerspec its = {{0, 0}, {100, 0}}, oits;
	R(SYS_timerfd_settime, tfd, TFD_TIMER_ABSTIME, &its, &oits);
	R(SYS_timerfd_gettime, tfd | HI, BADADDR);
	timer_t tid;
	R(SYS_timer_create, CLOCK_MONOTONIC, NULL, &tid);
	{ /* struct sigevent, by sigev_notify (timeout(1) arms SIGALRM so) */
		struct sigevent sev = {0};
		timer_t t2;
		sev.sigev_notify = SIGEV_SIGNAL;
		sev.sigev_signo = SIGALRM;
		R(SYS_timer_create, CLOCK_REALTIME, &sev, &t2);
		sev.sigev_value.sival_ptr = (void *)0x1234;
		R(SYS_timer_create, CLOCK_REALTIME, &sev, &t2);
		sev.sigev_notify = SIGEV_NONE;
		R(SYS_timer_create, CLOCK_MONOTONIC, &sev, &t2);
		sev.sigev_notify = SIGEV_THREAD_ID;
		sev._sigev_un._tid = (int)syscall(SYS_gettid);
		sev.sigev_signo = SIGUSR1;
		R(SYS_timer_create, CLOCK_MONOTONIC, &sev, &t2);
		sev.sigev_notify = SIGEV_THREAD; /* a function, not the tid (runs differ) */
		sev._sigev_un._sigev_thread._function = (void (*)(__sigval_t))0x5678;
		R(SYS_timer_create, CLOCK_MONOTONIC, &sev, &t2);
		sev.sigev_notify = 12345;
		R(SYS_timer_create, CLOCK_MONOTONIC, &sev, &t2);
		R(SYS_timer_create, CLOCK_MONOTONIC, BADADDR, &t2);
	}
	R(SYS_timer_delete, 0x7fff | HI);
	R(SYS_timer_getoverrun, 0x7fff);
	R(SYS_time, NULL);
	struct timezone tz;
	R(SYS_gettimeofday, NULL, &tz);
	R(SYS_settimeofday, BADADDR, NULL);
	R(SYS_times, BADADDR);
	struct timeval tv2[2] = {{1, 2}, {3, 4}};
	R(SYS_utimes, "/nonexistent", tv2);
	R(SYS_futimesat, AT_FDCWD, "/nonexistent", tv2);
	R(SYS_utimes, "/nonexistent", NULL);
	struct timeval whole[2] = {{1700000000, 0}, {1700000001, 0}}; /* no fraction */
	R(SYS_utimes, "/nonexistent", whole);
	struct utimbuf ub = {5, 6};
	R(SYS_utime, "/nonexistent", &ub);
	struct tms tb;
	R(SYS_times, &tb);
	siginfo_t si;
	if (fork() == 0)
		_exit(3);
	R(SYS_waitid, P_ALL, 0, &si, WEXITED, NULL);
	R(SYS_sched_rr_get_interval, -1, &ts);
	return 0;
}
