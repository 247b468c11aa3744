/* rp_flags.c: a tracee for rn-replay's output flags compared with strace
 * (-x/-xx, -v, -e read=/write=, -P, --trace-fds, -n, -N, -a). Runs in the
 * test's directory, where the test left given.txt (read, stat'ed and
 * dup'ed to descriptor 7). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <unistd.h>

int main(void)
{
	char buf[256];
	struct stat st;
	stat("given.txt", &st);
	struct statx sx;
	statx(AT_FDCWD, "given.txt", 0, STATX_MODE | STATX_SIZE, &sx);
	int fd = open("given.txt", O_RDONLY);
	read(fd, buf, sizeof(buf));
	dup2(fd, 7);
	pread(7, buf, 10, 2);
	close(7);
	close(fd);
	struct utsname u;
	uname(&u);
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	access("other.txt", F_OK);

	int out = open("out.bin", O_WRONLY | O_CREAT | O_TRUNC, 0600);
	write(out, "plain ASCII text\n", 17);
	write(out, "caf\303\251 \001\002 non-ASCII\n", 19);
	char big[100];
	for (int i = 0; i < 100; i++)
		big[i] = (char)(i * 7 + 1);
	write(out, big, sizeof(big));
	write(out, "", 0);
	struct iovec iov[3] = {{"one ", 4}, {"", 0}, {"three\n", 6}};
	writev(out, iov, 3);
	pwrite(out, "at 50", 5, 50);
	close(out);
	write(99, "zz", 2); /* EBADF: strace still dumps what it was given */

	int sv[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	sendto(sv[0], "datagram\n", 9, 0, NULL, 0);
	recvfrom(sv[1], buf, sizeof(buf), 0, NULL, NULL);
	struct iovec m[2] = {{"msg ", 4}, {"body\n", 5}};
	struct msghdr mh = {.msg_iov = m, .msg_iovlen = 2};
	sendmsg(sv[0], &mh, 0);
	char r1[3], r2[20];
	struct iovec rv[2] = {{r1, sizeof(r1)}, {r2, sizeof(r2)}};
	struct msghdr rh = {.msg_iov = rv, .msg_iovlen = 2};
	recvmsg(sv[1], &rh, 0);
	close(sv[0]);
	close(sv[1]);
	getpid();
	return 0;
}
