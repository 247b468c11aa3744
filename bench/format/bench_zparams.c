/* bench_zparams.c: zstd alone on the chunks of real traces, with each set of
 * compression parameters the writer's choice was made from (rn_writer.c,
 * set_params): zstd's levels 1, 2, 3 and -1, -5, level 3's double-fast
 * search with other table sizes and match lengths, the fast strategy with
 * large tables, literals left uncompressed. For each trace the chunks (the
 * decompressed FlatBuffers, as the writer hands them to zstd) are loaded
 * into memory, then every parameter set compresses all of them, one set
 * after the other, ROUNDS times; the figure is the best round's CPU time of
 * the thread (the least disturbed on a shared machine), in ns per event.
 * Bytes are exact: the frames' total, with the checksum the writer adds.
 * Prints one Markdown table per trace.
 *
 *   bench_zparams [-r ROUNDS] TRACE...
 *
 * Not a test: see docs/benchmarks/format.md for the figures. */
#include "rn_trace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#define ZSTD_STATIC_LINKING_ONLY /* ZSTD_c_literalCompressionMode */
#include <zstd.h>

typedef struct cfg {
	const char *name;
	int level, strategy, hlog, clog, mml, nolit;
} cfg;

/* The first is the writer's choice (rn_writer.c); the second what it was. */
static const cfg cfgs[] = {
    {"writer: 3, dfast, hashLog 17, chainLog 12, minMatch 4", 3, ZSTD_dfast, 17, 12, 4, 0},
    {"level 3 (dfast, hashLog 17, chainLog 16, minMatch 5)", 3, 0, 0, 0, 0, 0},
    {"3, dfast, hashLog 16, chainLog 12, minMatch 4", 3, ZSTD_dfast, 16, 12, 4, 0},
    {"3, dfast, hashLog 17, chainLog 11, minMatch 4", 3, ZSTD_dfast, 17, 11, 4, 0},
    {"3, dfast, hashLog 14, chainLog 14, minMatch 4", 3, ZSTD_dfast, 14, 14, 4, 0},
    {"3, dfast, hashLog 16, chainLog 14, minMatch 4", 3, ZSTD_dfast, 16, 14, 4, 0},
    {"3, fast, hashLog 17, minMatch 5", 3, ZSTD_fast, 17, 0, 5, 0},
    {"3, literals not compressed", 3, 0, 0, 0, 0, 1},
    {"level 2", 2, 0, 0, 0, 0, 0},
    {"level 1", 1, 0, 0, 0, 0, 0},
    {"level -1", -1, 0, 0, 0, 0, 0},
    {"level -5", -5, 0, 0, 0, 0, 0},
};
#define NCFG (sizeof(cfgs) / sizeof(cfgs[0]))

static double cpu_now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static ZSTD_CCtx *make(const cfg *c)
{
	ZSTD_CCtx *z = ZSTD_createCCtx();
	if (!z)
		return NULL;
	ZSTD_CCtx_setParameter(z, ZSTD_c_compressionLevel, c->level);
	if (c->strategy)
		ZSTD_CCtx_setParameter(z, ZSTD_c_strategy, c->strategy);
	if (c->hlog)
		ZSTD_CCtx_setParameter(z, ZSTD_c_hashLog, c->hlog);
	if (c->clog)
		ZSTD_CCtx_setParameter(z, ZSTD_c_chainLog, c->clog);
	if (c->mml)
		ZSTD_CCtx_setParameter(z, ZSTD_c_minMatch, c->mml);
	if (c->nolit)
		ZSTD_CCtx_setParameter(z, ZSTD_c_literalCompressionMode, ZSTD_ps_disable);
	ZSTD_CCtx_setParameter(z, ZSTD_c_checksumFlag, 1);
	return z;
}

static int bench_trace(const char *path, int rounds)
{
	char err[256];
	rn_reader *r = rn_reader_open(path, err, sizeof(err));
	const rn_chunk_info *ci;
	uint32_t nc;
	if (!r || rn_reader_chunks(r, &ci, &nc) < 0) {
		fprintf(stderr, "bench_zparams: %s\n", r ? "no chunk index" : err);
		return -1;
	}
	size_t total = 0, maxlen = 0;
	uint64_t events = 0;
	for (uint32_t i = 0; i < nc; i++) {
		total += ci[i].usize;
		maxlen = ci[i].usize > maxlen ? ci[i].usize : maxlen;
		events += ci[i].nevents;
	}
	uint8_t *raw = malloc(total + 1), *z = malloc(ZSTD_compressBound(maxlen));
	size_t *len = calloc(nc + 1, sizeof(*len));
	if (!raw || !z || !len || !events)
		return -1;
	size_t off = 0;
	for (uint32_t i = 0; i < nc; i++) {
		const uint8_t *p;
		if (rn_reader_chunk_raw(r, i, &p, &len[i], err, sizeof(err)) < 0 ||
		    off + len[i] > total) {
			fprintf(stderr, "bench_zparams: %s\n", err);
			return -1;
		}
		memcpy(raw + off, p, len[i]);
		off += len[i];
	}
	rn_reader_close(r);
	ZSTD_CCtx *cc[NCFG];
	double best[NCFG];
	size_t bytes[NCFG];
	for (size_t k = 0; k < NCFG; k++) {
		if (!(cc[k] = make(&cfgs[k])))
			return -1;
		best[k] = 1e30;
	}
	for (int round = 0; round < rounds; round++)
		for (size_t k = 0; k < NCFG; k++) {
			double t0 = cpu_now();
			size_t o = 0, sum = 0;
			for (uint32_t i = 0; i < nc; i++) {
				size_t n = ZSTD_compress2(cc[k], z, ZSTD_compressBound(len[i]),
				                          raw + o, len[i]);
				if (ZSTD_isError(n))
					return -1;
				sum += n;
				o += len[i];
			}
			double t = cpu_now() - t0;
			best[k] = t < best[k] ? t : best[k];
			bytes[k] = sum;
		}
	printf("\n%s: %llu events, %u chunks, %.1f chunk bytes/event, best of %d rounds\n\n", path,
	       (unsigned long long)events, nc, (double)total / (double)events, rounds);
	printf("| zstd parameters | bytes | vs level 3 | ns/event | M events/s | vs level 3 |\n");
	printf("|---|---|---|---|---|---|\n");
	for (size_t k = 0; k < NCFG; k++)
		printf("| %s | %zu | %+.2f %% | %.0f | %.2f | %.2fx |\n", cfgs[k].name, bytes[k],
		       100.0 * (double)bytes[k] / (double)bytes[1] - 100,
		       best[k] * 1e9 / (double)events, (double)events / best[k] / 1e6,
		       best[1] / best[k]);
	for (size_t k = 0; k < NCFG; k++)
		ZSTD_freeCCtx(cc[k]);
	free(raw);
	free(z);
	free(len);
	return 0;
}

int main(int argc, char **argv)
{
	int rounds = 5, o;
	while ((o = getopt(argc, argv, "r:")) != -1) {
		if (o == 'r' && atoi(optarg) > 0)
			rounds = atoi(optarg);
		else {
			fprintf(stderr, "usage: bench_zparams [-r ROUNDS] TRACE...\n");
			return 2;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "usage: bench_zparams [-r ROUNDS] TRACE...\n");
		return 2;
	}
	for (int i = optind; i < argc; i++)
		if (bench_trace(argv[i], rounds) < 0) {
			fprintf(stderr, "bench_zparams: %s: failed\n", argv[i]);
			return 1;
		}
	return 0;
}
