/* logger_slow.c: writes 500 log lines, each with its own write() and an
 * fsync() after every line. The fixed version is logger_fixed.c.
 * Usage: logger_slow LOGFILE */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void log_line(int fd, int i)
{
	char line[128];
	int n = snprintf(line, sizeof(line), "event %d: something happened\n", i);
	if (write(fd, line, (size_t)n) != n)
		return;
	fsync(fd); /* "never lose a line" */
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: logger_slow LOGFILE\n");
		return 2;
	}
	int fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return 1;
	for (int i = 0; i < 500; i++)
		log_line(fd, i);
	close(fd);
	return 0;
}
