/* reader_slow.c: counts the lines of a file reading it one byte per read().
 * The fixed version is reader_fixed.c. Usage: reader_slow FILE */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: reader_slow FILE\n");
		return 2;
	}
	int fd = open(argv[1], O_RDONLY);
	if (fd < 0)
		return 1;
	long lines = 0;
	char c;
	while (read(fd, &c, 1) == 1) /* one syscall per byte */
		lines += c == '\n';
	close(fd);
	printf("%ld lines\n", lines);
	return 0;
}
