/* ia32calls.c: a 32-bit x86 program (built -m32 -static) making the calls
 * a typical one makes, each with arguments strace decodes: paths, buffers,
 * flags, 32-bit pointers and longs, iovecs, stat64, timespecs of both
 * sizes, rlimits of both sizes, statfs and statfs64, mmap2's page offset,
 * _llseek and other 64-bit offsets in two registers, the calls whose
 * arguments are words in memory (old mmap, old select, socketcall's
 * socket, connect, socketpair, setsockopt, getsockopt, send, recv,
 * sendto, recvfrom, shutdown), sigaction, utsname, clone3's tls (a
 * user_desc), a failed execve and execveat (argv and envp of 32-bit
 * pointers). With an argument it first execs itself (an ia32 execve, its
 * argv of 32-bit pointers).
 * tests/record/test_ia32_prog.sh compares rn-replay's lines with
 * strace's, addresses, pids and random bytes masked. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

static void on_usr1(int sig)
{
	(void)sig;
}

static void *idle(void *arg)
{
	return arg;
}

int main(int argc, char **argv)
{
	char buf[64];
	if (argc > 1) { /* a 32-bit program's execve (of itself, without the argument) */
		char *args[] = {argv[0], NULL};
		execv(argv[0], args);
		return 1;
	}
	int fd = open("/etc/hostname", O_RDONLY | O_CLOEXEC);
	if (fd < 0 || read(fd, buf, 3) < 0)
		return 1;
	if (pread(fd, buf, 4, 1) < 0)
		return 1;
	syscall(SYS_pread64, fd, buf, 2, 0x2, 0x1); /* offset 0x100000002: EOF */
	ftruncate64(fd, 0x100000000LL);             /* EINVAL (read-only) */
	loff_t pos = 0;
	syscall(SYS__llseek, fd, 0, 1, &pos, SEEK_SET);
	char st[128]; /* i386's struct stat64 is 96 bytes */
	syscall(SYS_fstat64, fd, st);
	syscall(SYS_stat64, "/etc/hostname", st);
	syscall(SYS_lstat64, "/nonexistent/ia32", st);
	char sfs[128]; /* i386's struct statfs64 is 84 bytes, struct statfs 64 */
	syscall(SYS_statfs64, "/", 84, sfs);
	syscall(SYS_fstatfs64, fd, 84, sfs);
	syscall(SYS_statfs, "/", sfs);
	close(fd);

	int fm = open("/bin/sh", O_RDONLY);
	void *p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fm, 8192);
	if (p != MAP_FAILED)
		munmap(p, 4096);
	/* i386's old mmap: its six arguments in memory (struct mmap_arg_struct) */
	unsigned long mm[6] = {0, 4096, PROT_READ, MAP_PRIVATE, (unsigned long)fm, 4096};
	long q = syscall(SYS_mmap, mm);
	if (q != -1)
		munmap((void *)q, 4096);
	close(fm);

	/* old select: struct sel_arg_struct (a pipe with data: ready at once) */
	int sp[2];
	if (pipe(sp) == 0 && write(sp[1], "s", 1) == 1) {
		fd_set rs;
		FD_ZERO(&rs);
		FD_SET(sp[0], &rs);
		struct timeval tv = {0, 0};
		struct {
			long n;
			fd_set *in, *out, *ex;
			struct timeval *tv;
		} sel = {sp[0] + 1, &rs, NULL, NULL, &tv};
		syscall(SYS_select, &sel);
		close(sp[0]);
		close(sp[1]);
	}

	struct iovec iv[2] = {{"hello ", 6}, {"ia32\n", 5}};
	writev(1, iv, 2);

	struct timespec ts = {0, 1000};
	syscall(SYS_nanosleep, &ts, NULL); /* old_timespec32 */
	syscall(SYS_clock_nanosleep_time64, 1, 0, (long long[2]){0, 2000}, NULL);

	struct rlimit rl;
	syscall(SYS_ugetrlimit, RLIMIT_NOFILE, &rl);
	struct rlimit64 r64;
	prlimit64(0, RLIMIT_CORE, NULL, &r64);

	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGTERM);
	sigaction(SIGUSR1, &sa, NULL);

	struct utsname u;
	uname(&u);

	int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0); /* socketcall(SYS_SOCKET) */
	/* socketcall's calls with the memory their arguments point to */
	struct sockaddr_un ua = {.sun_family = AF_UNIX, .sun_path = "/nonexistent/ia32"};
	connect(s, (struct sockaddr *)&ua, sizeof(ua));
	close(s);
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) == 0) {
		int one = 4096, got = 0;
		socklen_t gl = sizeof(got);
		setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &one, sizeof(one));
		getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &got, &gl);
		send(sv[0], "ab", 2, 0);
		recv(sv[1], buf, sizeof(buf), 0);
		sendto(sv[0], "cde", 3, 0, NULL, 0);
		struct sockaddr_un from;
		socklen_t fl = sizeof(from);
		recvfrom(sv[1], buf, sizeof(buf), 0, (struct sockaddr *)&from, &fl);
		shutdown(sv[0], SHUT_WR);
		close(sv[0]);
		close(sv[1]);
	}
	int pfd[2];
	if (pipe2(pfd, O_CLOEXEC) == 0) {
		write(pfd[1], "x", 1);
		close(pfd[0]);
		close(pfd[1]);
	}
	/* clone3 with CLONE_SETTLS: its tls a user_desc (the thread's calls
	 * are not traced without -f; the join's futex wait, made only while
	 * the thread runs, is left out of the comparison) */
	pthread_t th;
	if (pthread_create(&th, NULL, idle, NULL) == 0)
		pthread_join(th, NULL);
	/* a failed execve and execveat: their argv and envp, arrays of 32-bit
	 * pointers, read at entry (no exec's record to take them from) */
	char *xa[] = {"/nonexistent/ia32", "one", "two three", NULL};
	char *xe[] = {"A=1", "B=2", NULL};
	execve(xa[0], xa, xe);
	syscall(SYS_execveat, AT_FDCWD, xa[0], xa, xe, 0);
	umask(022);
	return 0;
}
