/* rp_files.c: a deterministic tour of file syscalls for the golden
 * comparison with strace (runs in the test's temporary directory). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

int main(void)
{
	char buf[256];
	int fd = open("data.txt", O_WRONLY | O_CREAT | O_TRUNC, 0640);
	write(fd, "hello, world\n\tescaped \"quotes\" and \\ and \001\377\n", 45);
	struct iovec iov[2] = {{"first ", 6}, {"second\n", 7}};
	writev(fd, iov, 2);
	fsync(fd);
	close(fd);
	fd = open("data.txt", O_RDONLY | O_CLOEXEC);
	read(fd, buf, sizeof(buf));
	lseek(fd, 7, SEEK_SET);
	read(fd, buf, 5);
	char a[4], b[100];
	struct iovec riov[2] = {{a, sizeof(a)}, {b, sizeof(b)}};
	lseek(fd, 0, SEEK_SET);
	readv(fd, riov, 2);
	struct stat st;
	fstat(fd, &st);
	int fd2 = dup(fd);
	dup2(fd, 30);
	fcntl(fd2, F_SETFD, FD_CLOEXEC);
	fcntl(fd2, F_GETFD);
	fcntl(fd, F_GETFL);
	close(fd2);
	close(30);
	close(fd);
	stat("data.txt", &st);
	lstat("/nonexistent/file", &st);
	access("data.txt", R_OK | W_OK);
	mkdir("sub", 0755);
	rename("data.txt", "sub/moved.txt");
	symlink("sub/moved.txt", "link");
	readlink("link", buf, sizeof(buf));
	unlink("link");
	unlink("sub/moved.txt");
	rmdir("sub");
	int p[2];
	pipe2(p, O_CLOEXEC);
	write(p[1], "x", 1);
	read(p[0], buf, 1);
	close(p[0]);
	close(p[1]);
	getcwd(buf, sizeof(buf));
	umask(022);
	close(99);
	return 3;
}
