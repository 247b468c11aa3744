/* bench_format.c: throughput of the trace format on one core: encode +
 * compress (rn_chunk_add_* and rn_writer_write_chunk) and decompress + decode
 * (rn_reader_next), and bytes per event, for a synthetic stream shaped like a
 * real trace: a mix of file syscalls with paths, small read/write buffers,
 * stat structs, mmap/brk/close without captures, a few threads, entry gaps of
 * a few microseconds, and now and then a clone, exec or mapping event.
 *
 *   bench_format [-n EVENTS] [-l LEVEL] [-c CHUNK_BYTES] [-r RUNS] [-o FILE] [-k]
 *                [-m syscalls|funcs] [-V MAJOR] [-i TRACE] [-e [-x]]
 *
 * -e times encode alone (no decode, no zstd-alone runs): for profiling the
 * writer (perf record) and quick A/B runs. -x (with -e): rows to columns
 * alone (rn_chunk_add_* and rn_chunk_encode_major, no zstd; the last partial
 * chunk is written as usual), the encoders' half of the writer's time.
 * -k keeps the trace written by the last run (FILE, default bench-format.rn).
 * -m funcs: function-tracing events (FuncBatch) instead of the syscall mix;
 * EVENTS then counts function entries and exits. -V 1 writes format 1.0
 * (fixed records) instead of the current 2.0 (syscall columns). -i TRACE
 * replays the events of a real trace (loaded into memory first) instead of
 * the synthetic stream; EVENTS defaults to the trace's event count. Decode
 * is timed three times: every field; skimmed (RN_READ_SKIM, what rn-analyze
 * summary reads); skimmed from each chunk's prefix (RN_READ_PREFIX too, what
 * summary --fast reads).
 *
 * Prints one line per run and the medians. Not a test: see
 * docs/benchmarks/format.md for the figures and how they were taken. */
#include "rn_rand.h"
#include "rn_trace.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zstd.h>

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint32_t rnd(uint32_t n)
{
	return (uint32_t)(rn_rand_next(&rng) % n);
}

static const char *paths[] = {"/etc/ld.so.cache",
                              "/lib/x86_64-linux-gnu/libc.so.6",
                              "/usr/share/locale/locale.alias",
                              "/proc/self/status",
                              "/home/user/project/src/main.c",
                              "/home/user/project/build/obj/main.o",
                              "/tmp/ccA1b2C3.s",
                              "/usr/lib/gcc/x86_64-linux-gnu/12/include/stddef.h"};
static uint8_t payload[4096];
static uint8_t statbuf[144];

/* Appends one synthetic event at time *t for the stream position i. */
static int add_event(rn_chunk_builder *b, uint64_t *t, uint64_t i)
{
	*t += 500 + rnd(6000); /* next entry 0.5 .. 6.5 us later */
	int32_t pid = 4000 + (int32_t)(i % 997 == 0);
	int32_t tid = pid + (int32_t)rnd(3);
	uint32_t dur = 300 + rnd(3000);
	uint32_t k = rnd(100);
	rn_syscall sc = {*t, *t + dur, {0}, 0,   0x7f00deadbe00ull + rnd(64) * 16, pid, tid,
	                 0,  0,        0,   NULL};
	rn_capture cap[2];
	uint16_t ncap = 0;
	if (k < 30) { /* read/write with a buffer of up to 256 bytes */
		uint32_t len = 16 + rnd(240);
		sc.nr = k < 15 ? 0 : 1;
		sc.args[0] = 3 + rnd(5);
		sc.args[1] = 0x55550000 + rnd(4) * 4096;
		sc.args[2] = 4096;
		sc.ret = len;
		cap[ncap++] = (rn_capture){
		    sc.args[1],         len, 4096,
		    RN_CAP_BUFFER,      1,   k < 15 ? RN_CAPF_EXIT | RN_CAPF_TRUNCATED : 0,
		    payload + rnd(2048)};
	} else if (k < 50) { /* openat with a path */
		const char *p = paths[rnd(8)];
		sc.nr = 257;
		sc.args[0] = (uint64_t)-100;
		sc.args[1] = 0x7ffc1000 + rnd(16) * 64;
		sc.args[2] = 0x80000;
		sc.ret = rnd(10) ? (int64_t)(3 + rnd(5)) : -2;
		cap[ncap++] = (rn_capture){
		    sc.args[1], (uint32_t)strlen(p), (uint32_t)strlen(p), RN_CAP_STRING, 1,
		    0,          (const uint8_t *)p};
	} else if (k < 65) { /* fstat/newfstatat with the struct at exit */
		sc.nr = 5;
		sc.args[0] = 3 + rnd(5);
		sc.args[1] = 0x7ffc2000;
		cap[ncap++] =
		    (rn_capture){sc.args[1], sizeof(statbuf), sizeof(statbuf), RN_CAP_STRUCT,
		                 1,          RN_CAPF_EXIT,    statbuf};
	} else if (k < 99) { /* close, mmap, brk, getpid...: arguments only */
		static const uint16_t nrs[] = {3, 9, 12, 39, 10, 11, 228};
		sc.nr = nrs[rnd(7)];
		sc.args[0] = 3 + rnd(5);
		sc.args[1] = 4096 * (1 + rnd(8));
		sc.ret = sc.nr == 9 ? (int64_t)0x7f0000000000 + rnd(1000) * 4096 : 0;
	} else {
		const uint8_t ex[] = "/usr/bin/cc\0cc\0-c\0main.c";
		rn_proc p = {*t, 0x1200011, pid, tid, tid + 1, 0, RN_PROC_EXEC, 0, ex, sizeof(ex)};
		rn_mapping m = {*t, 0x400000, 0x401000, 0, pid, 5, paths[1], 32, payload, 20};
		return i & 1 ? rn_chunk_add_proc(b, &p) : rn_chunk_add_mapping(b, &m);
	}
	return rn_chunk_add_syscall(b, &sc, cap, ncap);
}

/* Function tracing (-m funcs): batches of 1024 enter/exit events of one
 * thread over 64 functions, 20..200 ns apart, as rn-record's drain writes
 * them. Adds the batch for events i .. i+1023. */
static int funcs_mode;
static int cols_only;   /* -x: rows to columns alone, no zstd, no file */
static int major;       /* format to write; 0: the current one */
static rn_event *input; /* -i: the events of a real trace */
static uint64_t ninput;
static uint32_t input_res; /* -i: the trace's clock resolution (3.x), kept */

static void *dup_mem(const void *p, size_t n)
{
	void *q = malloc(n ? n : 1);
	if (!q) {
		fprintf(stderr, "bench_format: out of memory\n");
		exit(1);
	}
	if (n)
		memcpy(q, p, n);
	return q;
}

/* Loads every event of path, with copies of what they point to. */
static int load_input(const char *path)
{
	char err[256];
	rn_reader *r = rn_reader_open(path, err, sizeof(err));
	if (r)
		input_res = rn_reader_header(r)->clock_res_ns;
	if (!r) {
		fprintf(stderr, "bench_format: %s\n", err);
		return -1;
	}
	size_t cap = 0;
	rn_event ev;
	while (rn_reader_next(r, &ev) == 1) {
		if (ninput == cap) {
			cap = cap ? 2 * cap : 65536;
			rn_event *grown = realloc(input, cap * sizeof(*input));
			if (!grown)
				return -1;
			input = grown;
		}
		rn_event *e = &input[ninput++];
		*e = ev;
		switch (ev.kind) {
		case RN_EV_SYSCALL: {
			rn_capture *c = dup_mem(ev.u.sc.caps, sizeof(*c) * ev.u.sc.ncap);
			for (uint16_t k = 0; k < ev.u.sc.ncap; k++)
				c[k].data = dup_mem(c[k].data, c[k].len);
			e->u.sc.caps = c;
			break;
		}
		case RN_EV_PROC:
			e->u.proc.data = dup_mem(ev.u.proc.data, ev.u.proc.data_len);
			break;
		case RN_EV_SIGNAL:
			e->u.sig.siginfo = dup_mem(ev.u.sig.siginfo, ev.u.sig.siginfo_len);
			break;
		case RN_EV_MAPPING:
			e->u.map.path = dup_mem(ev.u.map.path, ev.u.map.path_len);
			e->u.map.build_id = dup_mem(ev.u.map.build_id, ev.u.map.build_id_len);
			break;
		case RN_EV_SNAPSHOT:
			e->u.snap.cmdline = dup_mem(ev.u.snap.cmdline, ev.u.snap.cmdline_len);
			e->u.snap.exe = dup_mem(ev.u.snap.exe, ev.u.snap.exe_len);
			e->u.snap.cwd = dup_mem(ev.u.snap.cwd, ev.u.snap.cwd_len);
			break;
		case RN_EV_FDINFO:
			e->u.fd.path = dup_mem(ev.u.fd.path, ev.u.fd.path_len);
			break;
		case RN_EV_FUNCS: /* not replayed: counted as one event */
			ninput--;
			break;
		}
	}
	rn_reader_close(r);
	return ninput ? 0 : -1;
}

static int add_funcs_batch(rn_chunk_builder *b, uint64_t *t, uint64_t i)
{
	static uint64_t addrs[64], sites[64];
	static uint32_t ev[2 * 1024];
	for (int k = 0; k < 64; k++) {
		addrs[k] = 0x401000 + 0x40 * (uint64_t)k;
		sites[k] = addrs[k] + 0x800;
	}
	uint32_t depth = 0, stack[512];
	for (int k = 0; k < 1024; k++) {
		ev[2 * k] = 20 + rnd(180);
		if (depth && (depth >= 500 || rnd(2))) {
			ev[2 * k + 1] = stack[--depth] | 0x80000000u;
		} else {
			stack[depth] = rnd(64);
			ev[2 * k + 1] = stack[depth++];
		}
		*t += ev[2 * k];
	}
	rn_funcs f = {4000, 4000 + (int32_t)(i / 1024 % 3), *t, addrs, 64, ev, 1024, sites};
	return rn_chunk_add_funcs(b, &f);
}

/* Wall and CPU seconds: the CPU figure is what one core spent, whatever the
 * load of the machine (other engineers compile on the same two cores). */
typedef struct stamp {
	double wall, cpu;
} stamp;

static stamp now(void)
{
	struct timespec w, c;
	clock_gettime(CLOCK_MONOTONIC, &w);
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c);
	return (stamp){(double)w.tv_sec + w.tv_nsec / 1e9, (double)c.tv_sec + c.tv_nsec / 1e9};
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_d);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

typedef struct result {
	double enc_wall, enc_cpu, dec_wall, dec_cpu, zc_cpu, zd_cpu; /* events per second */
	double skim_cpu;   /* decode with RN_READ_SKIM (what rn-analyze summary reads) */
	double prefix_cpu; /* RN_READ_SKIM | RN_READ_PREFIX (summary --fast) */
	uint64_t size, raw;
} result;

/* Writes n synthetic events to out; fills the encode figures. */
static int run_encode(const char *out, uint64_t n, int level, size_t chunk, result *res)
{
	char err[256];
	rn_header h;
	rn_header_init_local(&h, "bench_format");
	if (major)
		h.major = (uint16_t)major;
	if (input_res)
		h.clock_res_ns = input_res;
	unlink(out);
	rn_writer_opts wo = {level};
	rn_writer *w = rn_writer_open(out, &h, &wo, err, sizeof(err));
	if (!w) {
		fprintf(stderr, "bench_format: %s\n", err);
		return -1;
	}
	rn_chunk_builder b;
	rn_chunk_init(&b);
	rng = 0x9e3779b97f4a7c15ull;
	uint64_t t = 1000000000000ull;
	res->raw = 0;
	uint32_t seq = 0;
	if (cols_only)
		res->size = 0;
	stamp t0 = now();
	for (uint64_t i = 0; i < n; i += funcs_mode ? 1024 : 1) {
		if ((input        ? rn_chunk_add_event(&b, &input[i % ninput])
		     : funcs_mode ? add_funcs_batch(&b, &t, i)
		                  : add_event(&b, &t, i)) < 0)
			return -1;
		if (rn_chunk_bytes(&b) >= chunk) {
			res->raw += rn_chunk_bytes(&b);
			if (cols_only) { /* what rn_writer_write_chunk does before zstd */
				const uint8_t *fb;
				size_t len;
				b.clock_res = h.clock_res_ns ? h.clock_res_ns : 1;
				if (rn_chunk_encode_major(&b, seq++,
				                          h.major ? h.major : RN_FORMAT_MAJOR, &fb,
				                          &len) < 0)
					return -1;
				res->size += len;
				rn_chunk_reset(&b);
			} else if (rn_writer_write_chunk(w, &b, err, sizeof(err)) < 0)
				return -1;
		}
	}
	res->raw += rn_chunk_bytes(&b);
	if (rn_writer_write_chunk(w, &b, err, sizeof(err)) < 0 ||
	    rn_writer_close(w, err, sizeof(err)) < 0) {
		fprintf(stderr, "bench_format: %s\n", err);
		return -1;
	}
	stamp t1 = now();
	rn_chunk_free(&b);
	res->enc_wall = n / (t1.wall - t0.wall);
	res->enc_cpu = n / (t1.cpu - t0.cpu);
	return 0;
}

/* Reads the file back; fills the decode figures (skim: how, RN_READ_*). */
static int run_decode(const char *out, uint64_t n, result *res, uint64_t *sum, int skim)
{
	char err[256];
	rn_reader *r = rn_reader_open(out, err, sizeof(err));
	if (!r) {
		fprintf(stderr, "bench_format: %s\n", err);
		return -1;
	}
	if (skim)
		rn_reader_set_read(r, skim);
	rn_event ev;
	uint64_t got = 0;
	stamp t0 = now();
	while (rn_reader_next(r, &ev) == 1) {
		got++;
		if (ev.kind == RN_EV_FUNCS) {
			uint64_t ft = ev.u.funcs.base_ns;
			rn_func_event fe;
			for (uint32_t k = 0; k < ev.u.funcs.nevents; k++) {
				rn_funcs_get(&ev.u.funcs, k, &ft, &fe);
				*sum += fe.addr + fe.exit;
			}
			got += ev.u.funcs.nevents - 1;
		} else if (ev.kind == RN_EV_SYSCALL)
			*sum +=
			    ev.u.sc.t_entry + ev.u.sc.nr + (ev.u.sc.ncap ? ev.u.sc.caps[0].len : 0);
	}
	stamp t1 = now();
	res->size = rn_reader_status_get(r)->file_size;
	rn_reader_close(r);
	if (got != n) {
		fprintf(stderr, "bench_format: read %llu events of %llu\n", (unsigned long long)got,
		        (unsigned long long)n);
		return -1;
	}
	if (skim) {
		*(skim & RN_READ_PREFIX ? &res->prefix_cpu : &res->skim_cpu) =
		    n / (t1.cpu - t0.cpu);
		return 0;
	}
	res->dec_wall = n / (t1.wall - t0.wall);
	res->dec_cpu = n / (t1.cpu - t0.cpu);
	return 0;
}

/* The ceiling: zstd alone compressing and decompressing the same chunk bytes
 * (the decompressed FlatBuffers), at the same level, in memory. */
static int run_zstd_only(const char *out, uint64_t n, int level, result *res)
{
	char err[256];
	rn_reader *r = rn_reader_open(out, err, sizeof(err));
	const rn_chunk_info *ci;
	uint32_t nc;
	if (!r || rn_reader_chunks(r, &ci, &nc) < 0)
		return -1;
	size_t total = 0;
	for (uint32_t i = 0; i < nc; i++)
		total += ci[i].usize;
	uint8_t *raw = malloc(total + 1), *z = malloc(ZSTD_compressBound(total) + 64 * nc);
	size_t *len = calloc(nc + 1, sizeof(*len)), *zlen = calloc(nc + 1, sizeof(*zlen));
	ZSTD_CCtx *cc = ZSTD_createCCtx();
	ZSTD_DCtx *dc = ZSTD_createDCtx();
	if (!raw || !z || !len || !zlen || !cc || !dc)
		return -1;
	size_t off = 0;
	for (uint32_t i = 0; i < nc; i++) {
		const uint8_t *p;
		if (rn_reader_chunk_raw(r, i, &p, &len[i], err, sizeof(err)) < 0 ||
		    off + len[i] > total)
			return -1;
		memcpy(raw + off, p, len[i]);
		off += len[i];
	}
	rn_reader_close(r);
	ZSTD_CCtx_setParameter(cc, ZSTD_c_compressionLevel, level ? level : 3);
	ZSTD_CCtx_setParameter(cc, ZSTD_c_checksumFlag, 1);
	stamp t0 = now();
	size_t zo = 0, ro = 0;
	for (uint32_t i = 0; i < nc; i++) {
		zlen[i] = ZSTD_compress2(cc, z + zo, ZSTD_compressBound(len[i]), raw + ro, len[i]);
		if (ZSTD_isError(zlen[i]))
			return -1;
		zo += zlen[i];
		ro += len[i];
	}
	stamp t1 = now();
	zo = ro = 0;
	for (uint32_t i = 0; i < nc; i++) {
		if (ZSTD_decompressDCtx(dc, raw + ro, len[i], z + zo, zlen[i]) != len[i])
			return -1;
		zo += zlen[i];
		ro += len[i];
	}
	stamp t2 = now();
	res->zc_cpu = n / (t1.cpu - t0.cpu);
	res->zd_cpu = n / (t2.cpu - t1.cpu);
	ZSTD_freeCCtx(cc);
	ZSTD_freeDCtx(dc);
	free(raw);
	free(z);
	free(len);
	free(zlen);
	return 0;
}

int main(int argc, char **argv)
{
	uint64_t n = 2000000;
	int level = 0, runs = 5, keep = 0, enc_only = 0;
	size_t chunk = 1 << 20;
	const char *out = "bench-format.rn";
	int o;
	while ((o = getopt(argc, argv, "n:l:c:r:o:km:V:i:ex")) != -1) {
		switch (o) {
		case 'n':
			n = strtoull(optarg, NULL, 10);
			break;
		case 'l':
			level = atoi(optarg);
			break;
		case 'c':
			chunk = strtoull(optarg, NULL, 10);
			break;
		case 'r':
			runs = atoi(optarg);
			break;
		case 'o':
			out = optarg;
			break;
		case 'k':
			keep = 1;
			break;
		case 'e':
			enc_only = 1;
			break;
		case 'x':
			cols_only = enc_only = 1;
			break;
		case 'm':
			funcs_mode = strcmp(optarg, "funcs") == 0;
			break;
		case 'V':
			major = atoi(optarg);
			break;
		case 'i':
			if (load_input(optarg) < 0)
				return 1;
			n = ninput;
			break;
		default:
			fprintf(stderr,
			        "usage: bench_format [-n EVENTS] [-l LEVEL] [-c CHUNK_BYTES] "
			        "[-r RUNS] [-o FILE] [-k] [-m syscalls|funcs] [-V MAJOR] [-i "
			        "TRACE] [-e]\n");
			return 2;
		}
	}
	if (funcs_mode)
		n = (n + 1023) / 1024 * 1024; /* whole batches */
	for (size_t i = 0; i < sizeof(payload); i++)
		payload[i] =
		    i < 2048 ? (uint8_t) "the quick brown fox "[i % 20] : (uint8_t)rnd(256);
	for (size_t i = 0; i < sizeof(statbuf); i++)
		statbuf[i] = (uint8_t)(i % 16 == 0 ? i : 0);
	double v[8][64];
	result res = {0};
	uint64_t sum = 0;
	if (runs < 1 || runs > 64)
		runs = 5;
	/* Interleaved: encode, decode, zstd alone, then the next run. */
	for (int run = 0; run < runs; run++) {
		if (enc_only) {
			if (run_encode(out, n, level, chunk, &res) < 0)
				return 1;
			v[1][run] = res.enc_cpu / 1e6;
			printf("run %d: encode %.2f M/s (cpu %.2f)\n", run, res.enc_wall / 1e6,
			       res.enc_cpu / 1e6);
			continue;
		}
		if (run_encode(out, n, level, chunk, &res) < 0 ||
		    run_decode(out, n, &res, &sum, 0) < 0 ||
		    run_decode(out, n, &res, &sum, RN_READ_SKIM) < 0 ||
		    run_decode(out, n, &res, &sum, RN_READ_SKIM | RN_READ_PREFIX) < 0 ||
		    run_zstd_only(out, n, level, &res) < 0) {
			fprintf(stderr, "bench_format: run %d failed\n", run);
			return 1;
		}
		double r[8] = {res.enc_wall, res.enc_cpu, res.dec_wall, res.dec_cpu,
		               res.zc_cpu,   res.zd_cpu,  res.skim_cpu, res.prefix_cpu};
		for (int k = 0; k < 8; k++)
			v[k][run] = r[k] / 1e6;
		printf(
		    "run %d: encode %.2f M/s (cpu %.2f), decode %.2f M/s (cpu %.2f), skimmed %.2f "
		    "cpu; zstd alone: compress %.2f, decompress %.2f M events/s cpu\n",
		    run, r[0] / 1e6, r[1] / 1e6, r[2] / 1e6, r[3] / 1e6, r[6] / 1e6, r[4] / 1e6,
		    r[5] / 1e6);
	}
	if (enc_only) {
		struct stat st;
		double bytes = stat(out, &st) == 0 ? (double)st.st_size : 0;
		if (cols_only)
			printf("median encode (no zstd): %.2f M/s cpu; %.2f chunk bytes/event\n",
			       median(v[1], runs), (double)res.size / n);
		else
			printf("median encode+compress: %.2f M/s cpu; %.2f bytes/event\n",
			       median(v[1], runs), bytes / n);
		if (!keep)
			unlink(out);
		return 0;
	}
	if (!keep)
		unlink(out);
	double m[8];
	for (int k = 0; k < 8; k++)
		m[k] = median(v[k], runs);
	printf("events %llu level %d chunk %zu (checksum %llx)\n", (unsigned long long)n,
	       level ? level : 3, chunk, (unsigned long long)(sum & 0xffff));
	printf("median encode+compress: %.2f M events/s wall, %.2f M/s cpu (zstd alone %.2f: "
	       "%.0f%%)\n",
	       m[0], m[1], m[4], 100 * m[1] / m[4]);
	printf("median decompress+decode: %.2f M events/s wall, %.2f M/s cpu (zstd alone %.2f: "
	       "%.0f%%)\n",
	       m[2], m[3], m[5], 100 * m[3] / m[5]);
	printf("median skimmed decode (RN_READ_SKIM): %.2f M events/s cpu\n", m[6]);
	printf("median skimmed prefix decode (RN_READ_SKIM|RN_READ_PREFIX): %.2f M events/s cpu\n",
	       m[7]);
	printf("size: %.2f bytes/event (raw %.1f, ratio %.1fx)\n", (double)res.size / n,
	       (double)res.raw / n, (double)res.raw / res.size);
	return 0;
}
