/* loop.c: the live workload of rn-replay's benchmark: N rounds of
 * openat/read/fstat/close/access, so strace and rn-replay print the same
 * kinds of lines. Usage: loop N */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000;
	char buf[832];
	struct stat st;
	for (long i = 0; i < n; i++) {
		int fd = open("/etc/passwd", O_RDONLY | O_CLOEXEC);
		read(fd, buf, sizeof(buf));
		fstat(fd, &st);
		close(fd);
		access("/nonexistent", R_OK);
	}
	return 0;
}
