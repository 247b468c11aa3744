/* untouchedio.c: calls whose input memory lives in a page the program never
 * touched (each its own one-page file mapping: no fault-around from a
 * neighbour), for the bpf backend's read again at exit
 * (tests/record/test_bpf_reread.sh):
 *   write to a pipe     the kernel copies the buffer: readable at exit
 *   write to /dev/null  the kernel never reads it: stays unreadable
 *   openat, connect     the kernel copies the path and the sockaddr
 *   getsockname         addrlen is read, then written by the kernel: its
 *                       value before the call is gone at exit
 *   rt_sigprocmask      set and oldset the same memory: the kernel reads
 *                       set, then writes the old mask over it
 * Prints the addresses of the /dev/null buffer, of addrlen and of the mask. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#include "untouched_page.h"

/* A fresh mapping of a file holding len bytes of data, never read. */
static void *untouched(const void *data, size_t len)
{
	return untouched_page("untouchedio.tmp", data, len, PROT_READ | PROT_WRITE);
}

int main(void)
{
	static const char piped[] = "rn-untouched-pipe\n", nulled[] = "rn-untouched-null\n";
	static const char path[] = "/nonexistent/rn-untouched-open";
	struct sockaddr_un sun = {.sun_family = AF_UNIX};
	strcpy(sun.sun_path, "/nonexistent/rn-untouched-sock");
	socklen_t sl = sizeof(sun);
	char *a = untouched(piped, sizeof(piped)), *b = untouched(nulled, sizeof(nulled));
	char *c = untouched(path, sizeof(path));
	struct sockaddr_un *d = untouched(&sun, sizeof(sun));
	socklen_t *e = untouched(&sl, sizeof(sl));
	unsigned long usr1 = 1ul << (SIGUSR1 - 1);
	unsigned long *f = untouched(&usr1, sizeof(usr1));
	int p[2], null = open("/dev/null", O_WRONLY);
	if (!a || !b || !c || !d || !e || !f || null < 0 || pipe(p) < 0)
		return 1;
	if (write(p[1], a, sizeof(piped) - 1) != (ssize_t)sizeof(piped) - 1)
		return 2;
	if (write(null, b, sizeof(nulled) - 1) != (ssize_t)sizeof(nulled) - 1)
		return 3;
	if (openat(AT_FDCWD, c, O_RDONLY) != -1)
		return 4;
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	if (s < 0 || connect(s, (struct sockaddr *)d, sizeof(*d)) != -1)
		return 5;
	struct sockaddr_un got;
	if (getsockname(s, (struct sockaddr *)&got, e) != 0)
		return 6;
	/* not sigprocmask(): glibc reads the set first (SIGCANCEL) */
	if (syscall(SYS_rt_sigprocmask, SIG_BLOCK, f, f, sizeof(*f)) != 0)
		return 7;
	printf("%p %p %p\n", (void *)b, (void *)e, (void *)f);
	return 0;
}
