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
 * Prints one Markdown table per trace. Rounds are outermost: each runs
 * every input with every parameter set.
 *
 *   bench_zparams [-r ROUNDS] [-w] [-R EVENTS] FILE...
 *
 * -w: only the writer's parameters and level 3's, and a table of the inputs
 * side by side. -R EVENTS: the FILEs are chunk streams as `zstd -dc TRACE`
 * prints them, of EVENTS events each (bench/format/zstd_columns.py writes
 * such files with some columns zeroed: what zstd spends on each).
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

/* One input: its chunks, loaded, and the figures of each parameter set. */
typedef struct input {
	const char *name;
	uint8_t *raw;
	size_t *len;
	uint32_t nc;
	size_t total;
	uint64_t events;
	double best[NCFG];
	size_t bytes[NCFG];
} input;

static int add_chunk(input *in, size_t *cap, size_t n)
{
	if (in->nc + 1 >= *cap) {
		size_t *p = realloc(in->len, (*cap * 2 + 16) * sizeof(*p));
		if (!p)
			return -1;
		in->len = p;
		*cap = *cap * 2 + 16;
	}
	in->len[in->nc++] = n;
	in->total += n;
	return 0;
}

/* A trace: its chunks through the reader (decompressed, checked). */
static int load_trace(input *in, const char *path)
{
	char err[256];
	rn_reader *r = rn_reader_open(path, err, sizeof(err));
	const rn_chunk_info *ci;
	uint32_t nc;
	if (!r || rn_reader_chunks(r, &ci, &nc) < 0) {
		fprintf(stderr, "bench_zparams: %s\n", r ? "no chunk index" : err);
		return -1;
	}
	size_t total = 0, cap = 0;
	for (uint32_t i = 0; i < nc; i++) {
		total += ci[i].usize;
		in->events += ci[i].nevents;
	}
	if (!(in->raw = malloc(total + 1)))
		return -1;
	for (uint32_t i = 0; i < nc; i++) {
		const uint8_t *p;
		size_t n;
		if (rn_reader_chunk_raw(r, i, &p, &n, err, sizeof(err)) < 0 ||
		    in->total + n > total) {
			fprintf(stderr, "bench_zparams: %s\n", err);
			return -1;
		}
		memcpy(in->raw + in->total, p, n);
		if (add_chunk(in, &cap, n) < 0)
			return -1;
	}
	rn_reader_close(r);
	return 0;
}

/* -R: a file of chunks as `zstd -dc TRACE` prints them (each a u32 size,
 * then the FlatBuffer), possibly altered (bench/format/zstd_columns.py). */
static int load_raw(input *in, const char *path, uint64_t events)
{
	FILE *f = fopen(path, "rb");
	long n = f && fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
	if (n <= 0 || fseek(f, 0, SEEK_SET) != 0 || !(in->raw = malloc((size_t)n)) ||
	    fread(in->raw, 1, (size_t)n, f) != (size_t)n) {
		fprintf(stderr, "bench_zparams: %s: cannot read\n", path);
		if (f)
			fclose(f);
		return -1;
	}
	fclose(f);
	size_t cap = 0;
	for (size_t at = 0; at < (size_t)n;) {
		size_t k = (size_t)n - at >= 4 ? 4 + (size_t)rn_le32(in->raw + at) : SIZE_MAX;
		if (k > (size_t)n - at || add_chunk(in, &cap, k) < 0) {
			fprintf(stderr, "bench_zparams: %s: not a chunk stream\n", path);
			return -1;
		}
		at += k;
	}
	in->events = events;
	return 0;
}

static int run(input *in, ZSTD_CCtx *cc, size_t k, uint8_t *z)
{
	double t0 = cpu_now();
	size_t o = 0, sum = 0;
	for (uint32_t i = 0; i < in->nc; i++) {
		size_t n =
		    ZSTD_compress2(cc, z, ZSTD_compressBound(in->len[i]), in->raw + o, in->len[i]);
		if (ZSTD_isError(n))
			return -1;
		sum += n;
		o += in->len[i];
	}
	double t = cpu_now() - t0;
	in->best[k] = t < in->best[k] ? t : in->best[k];
	in->bytes[k] = sum;
	return 0;
}

static void print_table(const input *in, size_t ncfg, int rounds)
{
	printf("\n%s: %llu events, %u chunks, %.1f chunk bytes/event, best of %d rounds\n\n",
	       in->name, (unsigned long long)in->events, in->nc,
	       (double)in->total / (double)in->events, rounds);
	printf("| zstd parameters | bytes | vs level 3 | ns/event | M events/s | vs level 3 |\n");
	printf("|---|---|---|---|---|---|\n");
	for (size_t k = 0; k < ncfg; k++)
		printf("| %s | %zu | %+.2f %% | %.0f | %.2f | %.2fx |\n", cfgs[k].name,
		       in->bytes[k], 100.0 * (double)in->bytes[k] / (double)in->bytes[1] - 100,
		       in->best[k] * 1e9 / (double)in->events,
		       (double)in->events / in->best[k] / 1e6, in->best[1] / in->best[k]);
}

/* -w: the writer's parameters only, one row per input, against the first. */
static void print_inputs(const input *in, int n, int rounds)
{
	printf("\nThe writer's parameters, best of %d rounds, ns per event of the first input's "
	       "%llu\n\n",
	       rounds, (unsigned long long)in[0].events);
	printf("| input | bytes | ns/event | vs the first |\n|---|---|---|---|\n");
	for (int i = 0; i < n; i++)
		printf("| %s | %zu | %.0f | %+.0f |\n", in[i].name, in[i].bytes[0],
		       in[i].best[0] * 1e9 / (double)in[i].events,
		       (in[i].best[0] - in[0].best[0]) * 1e9 / (double)in[i].events);
}

int main(int argc, char **argv)
{
	int rounds = 5, o, writer_only = 0;
	uint64_t raw_events = 0;
	const char *usage = "usage: bench_zparams [-r ROUNDS] [-w] [-R EVENTS] FILE...\n";
	while ((o = getopt(argc, argv, "r:wR:")) != -1) {
		if (o == 'r' && atoi(optarg) > 0)
			rounds = atoi(optarg);
		else if (o == 'w')
			writer_only = 1;
		else if (o == 'R' && strtoull(optarg, NULL, 10) > 0)
			raw_events = strtoull(optarg, NULL, 10);
		else {
			fprintf(stderr, "%s", usage);
			return 2;
		}
	}
	int n = argc - optind;
	input *in = calloc((size_t)(n > 0 ? n : 1), sizeof(*in));
	if (n <= 0 || !in) {
		fprintf(stderr, "%s", usage);
		return 2;
	}
	size_t ncfg = writer_only ? 2 : NCFG, maxlen = 0;
	for (int i = 0; i < n; i++) {
		in[i].name = argv[optind + i];
		if ((raw_events ? load_raw(&in[i], in[i].name, raw_events)
		                : load_trace(&in[i], in[i].name)) < 0 ||
		    !in[i].events)
			return 1;
		for (uint32_t c = 0; c < in[i].nc; c++)
			maxlen = in[i].len[c] > maxlen ? in[i].len[c] : maxlen;
		for (size_t k = 0; k < NCFG; k++)
			in[i].best[k] = 1e30;
	}
	ZSTD_CCtx *cc[NCFG];
	uint8_t *z = malloc(ZSTD_compressBound(maxlen));
	for (size_t k = 0; k < ncfg; k++)
		if (!(cc[k] = make(&cfgs[k])))
			return 1;
	if (!z)
		return 1;
	/* Interleaved: each round runs every input with every parameter set. */
	for (int round = 0; round < rounds; round++)
		for (int i = 0; i < n; i++)
			for (size_t k = 0; k < ncfg; k++)
				if (run(&in[i], cc[k], k, z) < 0) {
					fprintf(stderr, "bench_zparams: %s: zstd failed\n",
					        in[i].name);
					return 1;
				}
	for (int i = 0; i < n; i++)
		print_table(&in[i], ncfg, rounds);
	if (n > 1 && writer_only)
		print_inputs(in, n, rounds);
	for (size_t k = 0; k < ncfg; k++)
		ZSTD_freeCCtx(cc[k]);
	for (int i = 0; i < n; i++) {
		free(in[i].raw);
		free(in[i].len);
	}
	free(in);
	free(z);
	return 0;
}
