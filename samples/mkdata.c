/* mkdata.c: creates the data the samples read, in DIR: 1000 small files
 * DIR/files/NNNN.txt, the same records bundled in DIR/bundle.dat, a config
 * file DIR/loader.conf and a 4 MiB DIR/big.bin.
 * Usage: mkdata DIR */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define NFILES 1000

static void die(const char *what)
{
	fprintf(stderr, "mkdata: %s: %s\n", what, strerror(errno));
	exit(1);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: mkdata DIR\n");
		return 2;
	}
	char path[4096];
	snprintf(path, sizeof(path), "%s/files", argv[1]);
	if ((mkdir(argv[1], 0755) < 0 && errno != EEXIST) ||
	    (mkdir(path, 0755) < 0 && errno != EEXIST))
		die(path);
	snprintf(path, sizeof(path), "%s/bundle.dat", argv[1]);
	FILE *bundle = fopen(path, "w");
	if (!bundle)
		die(path);
	for (int i = 0; i < NFILES; i++) {
		char rec[128];
		int n = snprintf(rec, sizeof(rec), "record %04d: value=%d\n", i, i * 37 % 1000);
		snprintf(path, sizeof(path), "%s/files/%04d.txt", argv[1], i);
		FILE *f = fopen(path, "w");
		if (!f || fwrite(rec, 1, (size_t)n, f) != (size_t)n || fclose(f) != 0)
			die(path);
		fwrite(rec, 1, (size_t)n, bundle);
	}
	if (fclose(bundle) != 0)
		die("bundle.dat");
	snprintf(path, sizeof(path), "%s/loader.conf", argv[1]);
	FILE *c = fopen(path, "w");
	if (!c || fprintf(c, "scale=2\n") < 0 || fclose(c) != 0)
		die(path);
	snprintf(path, sizeof(path), "%s/big.bin", argv[1]);
	FILE *b = fopen(path, "w");
	if (!b)
		die(path);
	for (int i = 0; i < 4 << 20; i++)
		fputc((i * 131) & 0xff, b);
	if (fclose(b) != 0)
		die(path);
	return 0;
}
