/* rp_misc.c: memory, time, limits and signal-mask calls for the golden
 * comparison with strace. */
#define _GNU_SOURCE
#include <signal.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

int main(void)
{
	void *m = mmap(NULL, 16384, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	mprotect(m, 4096, PROT_NONE);
	madvise(m, 16384, MADV_DONTNEED);
	munmap(m, 16384);
	struct timespec ts = {0, 1000000};
	nanosleep(&ts, NULL);
	struct rlimit rl;
	getrlimit(RLIMIT_NOFILE, &rl);
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, SIGTERM);
	sigaddset(&s, SIGHUP);
	sigprocmask(SIG_BLOCK, &s, NULL);
	sigprocmask(SIG_SETMASK, NULL, &s);
	struct sigaction sa = {0};
	sa.sa_handler = SIG_IGN;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGPIPE, &sa, NULL);
	struct utsname u;
	uname(&u);
	mmap(NULL, 4096, PROT_READ, MAP_SHARED, 99, 0);
	syscall(999, 1, 2, 3, 4, 5, 6);
	int p[2];
	pipe(p);
	int e = epoll_create1(EPOLL_CLOEXEC);
	struct epoll_event ev = {EPOLLIN, {.u64 = 5}}, out[4];
	epoll_ctl(e, EPOLL_CTL_ADD, p[0], &ev);
	epoll_wait(e, out, 4, 0);
	write(p[1], "x", 1);
	epoll_wait(e, out, 4, -1);
	fd_set r, wr;
	FD_ZERO(&r);
	FD_ZERO(&wr);
	FD_SET(p[0], &r);
	FD_SET(p[1], &wr);
	struct timeval tv = {1, 0};
	select(p[1] + 1, &r, &wr, NULL, &tv);
	struct timespec zero = {0, 0};
	FD_ZERO(&r);
	FD_SET(e, &r);
	pselect(e + 1, &r, NULL, NULL, &zero, NULL);
	int one = 1, n;
	ioctl(p[0], FIONBIO, &one);
	ioctl(p[0], FIONREAD, &n);
	write(1, "", 0);
	return 0;
}
