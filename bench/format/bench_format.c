/* bench_format.c: throughput of the trace format on one core: encode +
 * compress (rn_chunk_add_* and rn_writer_write_chunk) and decompress + decode
 * (rn_reader_next), and bytes per event, for a synthetic stream shaped like a
 * real trace: a mix of file syscalls with paths, small read/write buffers,
 * stat structs, mmap/brk/close without captures, a few threads, entry gaps of
 * a few microseconds, and now and then a clone, exec or mapping event.
 *
 *   bench_format [-n EVENTS] [-l LEVEL] [-c CHUNK_BYTES] [-r RUNS] [-o FILE] [-k]
 *
 * -k keeps the trace written by the last run (FILE, default bench-format.rn).
 *
 * Prints one line per run and the medians. Not a test: see
 * docs/benchmarks/format.md for the figures and how they were taken. */
#include "rn_trace.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint32_t rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng % n);
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

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
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

int main(int argc, char **argv)
{
	uint64_t n = 2000000;
	int level = 0, runs = 5, keep = 0;
	size_t chunk = 1 << 20;
	const char *out = "bench-format.rn";
	int o;
	while ((o = getopt(argc, argv, "n:l:c:r:o:k")) != -1) {
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
		default:
			fprintf(stderr,
			        "usage: bench_format [-n EVENTS] [-l LEVEL] [-c CHUNK_BYTES] "
			        "[-r RUNS] [-o FILE] [-k]\n");
			return 2;
		}
	}
	for (size_t i = 0; i < sizeof(payload); i++)
		payload[i] = i < 2048 ? (uint8_t)"the quick brown fox "[i % 20] : (uint8_t)rnd(256);
	for (size_t i = 0; i < sizeof(statbuf); i++)
		statbuf[i] = (uint8_t)(i % 16 == 0 ? i : 0);
	double enc[64], dec[64];
	uint64_t size = 0, raw = 0;
	if (runs < 1 || runs > 64)
		runs = 5;
	for (int run = 0; run < runs; run++) {
		char err[256];
		rn_header h;
		rn_header_init_local(&h, "bench_format");
		unlink(out);
		rn_writer_opts wo = {level};
		rn_writer *w = rn_writer_open(out, &h, &wo, err, sizeof(err));
		if (!w) {
			fprintf(stderr, "bench_format: %s\n", err);
			return 1;
		}
		rn_chunk_builder b;
		rn_chunk_init(&b);
		rng = 0x9e3779b97f4a7c15ull;
		uint64_t t = 1000000000000ull;
		raw = 0;
		double t0 = now();
		for (uint64_t i = 0; i < n; i++) {
			if (add_event(&b, &t, i) < 0)
				return 1;
			if (rn_chunk_bytes(&b) >= chunk) {
				raw += rn_chunk_bytes(&b);
				if (rn_writer_write_chunk(w, &b, err, sizeof(err)) < 0)
					return 1;
			}
		}
		raw += rn_chunk_bytes(&b);
		if (rn_writer_write_chunk(w, &b, err, sizeof(err)) < 0 ||
		    rn_writer_close(w, err, sizeof(err)) < 0)
			return 1;
		double t1 = now();
		rn_chunk_free(&b);
		rn_reader *r = rn_reader_open(out, err, sizeof(err));
		if (!r) {
			fprintf(stderr, "bench_format: %s\n", err);
			return 1;
		}
		rn_event ev;
		uint64_t got = 0, sum = 0;
		double t2 = now();
		while (rn_reader_next(r, &ev) == 1) {
			got++;
			if (ev.kind == RN_EV_SYSCALL)
				sum += ev.u.sc.t_entry + ev.u.sc.nr +
				       (ev.u.sc.ncap ? ev.u.sc.caps[0].len : 0);
		}
		double t3 = now();
		size = rn_reader_status_get(r)->file_size;
		rn_reader_close(r);
		if (got != n) {
			fprintf(stderr, "bench_format: read %llu events of %llu\n",
			        (unsigned long long)got, (unsigned long long)n);
			return 1;
		}
		enc[run] = n / (t1 - t0);
		dec[run] = n / (t3 - t2);
		printf("run %d: encode %.2f M events/s, decode %.2f M events/s (checksum %llx)\n",
		       run, enc[run] / 1e6, dec[run] / 1e6, (unsigned long long)(sum & 0xffff));
	}
	if (!keep)
		unlink(out);
	printf("events %llu level %d chunk %zu: encode median %.2f M/s, decode median %.2f M/s, "
	       "%.2f bytes/event (raw %.1f, ratio %.1fx)\n",
	       (unsigned long long)n, level ? level : 3, chunk, median(enc, runs) / 1e6,
	       median(dec, runs) / 1e6, (double)size / n, (double)raw / n, (double)raw / size);
	return 0;
}
