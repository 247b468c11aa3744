/* fileio.c: N rounds of open/write/read/close on a file in the current
 * directory (default 20000), for the I/O benchmark and capture tests. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 20000;
	char buf[64];
	memset(buf, 'x', sizeof(buf));
	for (long i = 0; i < n; i++) {
		int fd = open("fileio.tmp", O_RDWR | O_CREAT, 0600);
		if (fd < 0)
			return 1;
		if (write(fd, "hello, rn-record\n", 17) != 17) /* same bytes each round */
			return 2;
		if (pread(fd, buf, sizeof(buf), 0) != 17)
			return 3;
		close(fd);
	}
	unlink("fileio.tmp");
	return 0;
}
