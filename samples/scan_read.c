/* scan_read.c: checksums a file with a loop of small read() calls (512
 * bytes). The mmap version is scan_mmap.c. Usage: scan_read FILE */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: scan_read FILE\n");
		return 2;
	}
	int fd = open(argv[1], O_RDONLY);
	if (fd < 0)
		return 1;
	unsigned char buf[512];
	unsigned long sum = 0;
	ssize_t n;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		for (ssize_t i = 0; i < n; i++)
			sum += buf[i];
	close(fd);
	printf("checksum %lu\n", sum);
	return 0;
}
