/* loader_slow.c: loads 1000 records the slow way: for each one it re-checks
 * the config file and opens, reads and closes a small file of its own.
 * The fixed version is loader_fixed.c. Usage: loader_slow DATADIR */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static long load_one(const char *dir, int i)
{
	char path[4096], buf[128];
	struct stat st;
	snprintf(path, sizeof(path), "%s/loader.conf", dir);
	if (stat(path, &st) < 0) /* "in case the config changed" */
		return -1;
	snprintf(path, sizeof(path), "%s/files/%04d.txt", dir, i);
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	char *v = strchr(buf, '=');
	return v ? atol(v + 1) : -1;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: loader_slow DATADIR\n");
		return 2;
	}
	long sum = 0;
	for (int i = 0; i < 1000; i++)
		sum += load_one(argv[1], i);
	printf("loaded 1000 records, sum %ld\n", sum);
	return 0;
}
