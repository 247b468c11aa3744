/* scan_mmap.c: checksums a file like scan_read.c, mapping it once.
 * Usage: scan_mmap FILE */
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: scan_mmap FILE\n");
		return 2;
	}
	int fd = open(argv[1], O_RDONLY);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0)
		return 1;
	unsigned long sum = 0;
	if (st.st_size > 0) {
		const unsigned char *p =
		    mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (p == MAP_FAILED)
			return 1;
		for (off_t i = 0; i < st.st_size; i++)
			sum += p[i];
		munmap((void *)p, (size_t)st.st_size);
	}
	close(fd);
	printf("checksum %lu\n", sum);
	return 0;
}
