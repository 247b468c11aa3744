/* rp_misc.c: memory, time, limits and signal-mask calls for the golden
 * comparison with strace. */
#define _GNU_SOURCE
#include <signal.h>
#include <sys/mman.h>
#include <sys/resource.h>
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
	syscall(999, 1, 2, 3);
	write(1, "", 0);
	return 0;
}
