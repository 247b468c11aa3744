/* hint_app.c: a tracee for the hints the samples do not show.
 *   hint_app poll    300 polls of an empty pipe with a zero timeout and 300
 *                    non-blocking reads failing with EAGAIN
 *   hint_app mmap    200 mmap/munmap pairs of 64 KiB
 *   hint_app search  "libfoo.so.1" looked for in 12 directories, 10 times */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static int busy_poll(void)
{
	int p[2];
	if (pipe2(p, O_NONBLOCK) < 0)
		return 1;
	struct pollfd pfd = {p[0], POLLIN, 0};
	char c;
	for (int i = 0; i < 300; i++)
		if (poll(&pfd, 1, 0) != 0) /* MARK_POLL */
			return 1;
	for (int i = 0; i < 300; i++)
		if (read(p[0], &c, 1) != -1 || errno != EAGAIN) /* MARK_EAGAIN */
			return 1;
	return 0;
}

static int churn(void)
{
	for (int i = 0; i < 200; i++) {
		char *m =
		    mmap(NULL, 65536, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (m == MAP_FAILED)
			return 1;
		memset(m, i, 4096);
		munmap(m, 65536); /* MARK_MUNMAP */
	}
	return 0;
}

static int search(void)
{
	char path[256];
	for (int round = 0; round < 10; round++)
		for (int d = 0; d < 12; d++) {
			snprintf(path, sizeof(path), "/nonexistent/dir%d/libfoo.so.1", d);
			int fd = open(path, O_RDONLY); /* MARK_SEARCH */
			if (fd >= 0)
				close(fd);
		}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 2)
		return 2;
	if (strcmp(argv[1], "poll") == 0)
		return busy_poll();
	if (strcmp(argv[1], "mmap") == 0)
		return churn();
	if (strcmp(argv[1], "search") == 0)
		return search();
	return 2;
}
