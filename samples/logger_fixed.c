/* logger_fixed.c: the same 500 lines as logger_slow.c through stdio's
 * buffer, with one fsync at the end. Usage: logger_fixed LOGFILE */
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: logger_fixed LOGFILE\n");
		return 2;
	}
	FILE *f = fopen(argv[1], "w");
	if (!f)
		return 1;
	for (int i = 0; i < 500; i++)
		fprintf(f, "event %d: something happened\n", i);
	fflush(f);
	fsync(fileno(f));
	return fclose(f) == 0 ? 0 : 1;
}
