/* mapexec.c: maps a file executable after deleting it, for
 * test_maps_query.sh: opens FILE, unlinks it, maps its first page
 * PROT_READ|PROT_EXEC (the maps name: "FILE (deleted)"), then sleeps MS
 * milliseconds (the bpf backend reads the mappings after the call, while
 * the process lives) and prints the mapping's address.
 *   mapexec FILE MS */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: mapexec FILE MS\n");
		return 2;
	}
	int fd = open(argv[1], O_RDONLY | O_CLOEXEC);
	if (fd < 0 || unlink(argv[1]) < 0) {
		perror(argv[1]);
		return 1;
	}
	void *p = mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	close(fd);
	long ms = atol(argv[2]);
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
	printf("%p\n", p);
	return 0;
}
