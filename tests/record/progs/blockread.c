/* blockread.c: writes its pid to argv[1] then blocks in read() on stdin
 * until input arrives; used to compare --stack captures with /proc/PID/mem
 * while the call is in progress. Exits with the first byte read. */
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char c = 0;
	if (argc > 1) {
		FILE *f = fopen(argv[1], "w");
		if (!f)
			return 90;
		fprintf(f, "%d\n", (int)getpid());
		fclose(f);
	}
	if (read(0, &c, 1) != 1)
		return 91;
	return c - '0';
}
