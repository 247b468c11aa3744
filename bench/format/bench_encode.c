/* bench_encode.c: CPU time of rn_chunk_encode alone (rows to columns and
 * FlatBuffer, no zstd) on a chunk of getppid-like calls, the bpf backend's
 * hot case: one thread, one number, no captures, entry gaps of 250-450 ns
 * and durations of 100-150 ns. Prints the best of R rounds (each encodes
 * the same chunk 20 times), in ns per event: the writer thread's encode
 * cost per call, apart from compression.
 *
 *   bench_encode [-n EVENTS_PER_CHUNK] [-r ROUNDS]
 *
 * Not a test: see docs/benchmarks/record-backends.md for the figures. */
#include "rn_chunk.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static double cpu_now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	int n = 10900, rounds = 15, opt; /* ~1 MiB of rows: one chunk of rn-record's */
	while ((opt = getopt(argc, argv, "n:r:")) != -1) {
		if (opt == 'n')
			n = atoi(optarg);
		else if (opt == 'r')
			rounds = atoi(optarg);
		else {
			fprintf(stderr, "usage: bench_encode [-n EVENTS_PER_CHUNK] [-r ROUNDS]\n");
			return 2;
		}
	}
	if (n <= 0 || rounds <= 0) {
		fprintf(stderr, "bench_encode: -n and -r must be positive\n");
		return 2;
	}
	rn_chunk_builder b;
	rn_chunk_init(&b);
	b.clock_res = 1;
	uint64_t t = 1000000000ull;
	uint32_t x = 12345;
	for (int i = 0; i < n; i++) {
		x = x * 1103515245u + 12345u;
		rn_syscall sc = {t,
		                 t + 100 + (x >> 20) % 50,
		                 {0},
		                 4242,
		                 0x7f0012345678ull,
		                 4242,
		                 4242,
		                 110,
		                 0,
		                 0,
		                 NULL};
		t += 250 + (x >> 24) % 200;
		if (rn_chunk_add_syscall(&b, &sc, NULL, 0) < 0) {
			fprintf(stderr, "bench_encode: out of memory\n");
			return 1;
		}
	}
	double best = 1e9;
	for (int r = 0; r < rounds; r++) {
		const uint8_t *out;
		size_t len;
		double a = cpu_now();
		for (int k = 0; k < 20; k++)
			if (rn_chunk_encode(&b, 1, &out, &len) < 0) {
				fprintf(stderr, "bench_encode: encode failed\n");
				return 1;
			}
		double e = (cpu_now() - a) / 20 / n * 1e9;
		if (e < best)
			best = e;
	}
	printf("encode: %.1f ns/event (best of %d rounds, %d events a chunk)\n", best, rounds, n);
	rn_chunk_free(&b);
	return 0;
}
