/* gen_trace.c: writes synthetic traces through the format library for the
 * analyze tests and benchmarks, and prints the ground truth (one line per
 * syscall: pid tid name entry_ns dur_ns ret flags path) so tests can compute
 * the expected figures independently (awk, sort).
 *   gen_trace OUT mix N SEED    varied syscalls, errors, unfinished calls, pids
 *   gen_trace OUT big N SEED    N syscalls, no ground truth (benchmarks)
 *   gen_trace OUT shift N SEED  like mix but read is 3x slower (diff tests)
 *   gen_trace OUT shift5 N SEED like mix but read is 5x slower
 *   gen_trace OUT tail N SEED   like mix but 45% of reads 20x slower and the rest
 *                               2.5x faster: read's p50 falls while most pairs of
 *                               calls say "slower" (diff's words must follow the p50)
 *   gen_trace OUT outlier N SEED  mix plus 3 very slow reads (anomalies)
 *   gen_trace OUT funcs N SEED  function events: main -> work -> leaf (x N) */
#include "rn_catalog.h"
#include "rn_trace.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng;

static uint32_t next_rand(void)
{
	rng = rng * 6364136223846793005ull + 1442695040888963407ull;
	return (uint32_t)(rng >> 33);
}

static void die(const char *what, const char *err)
{
	fprintf(stderr, "gen_trace: %s: %s\n", what, err);
	exit(1);
}

static const char *const names[] = {"openat", "read", "write", "close", "fstat", "getpid"};

static void flush(rn_writer *w, rn_chunk_builder *b)
{
	char err[256];
	if (rn_writer_write_chunk(w, b, err, sizeof(err)) < 0)
		die("write", err);
}

static void gen_syscalls(rn_writer *w, rn_chunk_builder *b, long n, const char *mode, int truth)
{
	uint16_t arch = rn_arch_native();
	uint64_t t = 1000000000ull;
	int shift = strcmp(mode, "shift") == 0;
	int shift5 = strcmp(mode, "shift5") == 0;
	int tail = strcmp(mode, "tail") == 0;
	int outlier = strcmp(mode, "outlier") == 0;
	char path[64];
	if (strcmp(mode, "mix") == 0) {
		rn_loss l = {t, 7, 100, 100, RN_LOSS_READ_FAILED}; /* summary reports it */
		if (rn_chunk_add_loss(b, &l) < 0)
			die("add", "out of memory");
	}
	for (long i = 0; i < n; i++) {
		int k = (int)(next_rand() % 6);
		int spike = outlier && (i == n / 4 || i == n / 2 || i == 3 * n / 4);
		if (spike)
			k = 1;
		rn_syscall sc = {0};
		sc.nr = (uint16_t)rn_syscall_lookup(arch, names[k]);
		sc.pid = 100 + (int32_t)(next_rand() % 3);
		sc.tid = sc.pid;
		sc.t_entry = t;
		uint64_t dur = 200 + next_rand() % 5000;
		if (k == 1 && shift)
			dur *= 3;
		if (k == 1 && shift5)
			dur *= 5;
		if (k == 1 && tail)
			dur = next_rand() % 100 < 45 ? dur * 20 : dur * 2 / 5;
		if (spike)
			dur = 50000000 + (uint64_t)i;
		if (i == 7 && !outlier)
			dur = 5000000000ull; /* one call over 2^32 ns */
		sc.t_exit = t + dur;
		sc.ret = 0;
		rn_capture cap = {0};
		uint16_t ncap = 0;
		path[0] = 0;
		if (k == 0) {
			snprintf(path, sizeof(path), "/data/file%u", next_rand() % 4);
			cap = (rn_capture){0x7000,
			                   (uint32_t)strlen(path),
			                   (uint32_t)strlen(path),
			                   RN_CAP_STRING,
			                   1,
			                   0,
			                   (const uint8_t *)path};
			ncap = 1;
			sc.args[0] = (uint64_t)-100;
			sc.ret = next_rand() % 4 == 0 ? -2 : 3;
		} else if (k == 1 || k == 2) {
			sc.args[0] = 3;
			sc.args[2] = 4096;
			sc.ret = next_rand() % 10 == 0 ? -9 : (int64_t)(next_rand() % 4096);
		} else if (k == 3) {
			sc.args[0] = 3;
		}
		if (i % 97 == 50) {
			sc.flags |= RN_SC_NO_EXIT;
			sc.t_exit = 0;
		}
		if (rn_chunk_add_syscall(b, &sc, ncap ? &cap : NULL, ncap) < 0)
			die("add", "out of memory");
		if (truth)
			printf("%d %d %s %" PRIu64 " %" PRIu64 " %" PRId64 " %u %s\n", sc.pid,
			       sc.tid, names[k], sc.t_entry, sc.t_exit ? dur : 0, sc.ret, sc.flags,
			       path[0] ? path : "-");
		t += dur + 100;
		if (rn_chunk_events(b) >= 20000)
			flush(w, b);
	}
}

/* main (0x401000) calls work (0x401100) n times; work calls leaf (0x401200). */
static void gen_funcs(rn_chunk_builder *b, long n)
{
	uint64_t addrs[3] = {0x401000, 0x401100, 0x401200};
	size_t ne = 2 + (size_t)n * 4;
	uint32_t *ev = calloc(ne * 2, sizeof(*ev));
	if (!ev)
		die("funcs", "out of memory");
	size_t j = 0;
	ev[j++] = 0, ev[j++] = 0; /* enter main */
	for (long i = 0; i < n; i++) {
		ev[j++] = 100, ev[j++] = 1;             /* enter work after 100 ns */
		ev[j++] = 200, ev[j++] = 2;             /* enter leaf after 200 */
		ev[j++] = 300, ev[j++] = 2u | 1u << 31; /* leaf returns after 300 */
		ev[j++] = 400, ev[j++] = 1u | 1u << 31; /* work returns after 400 */
	}
	ev[j++] = 50, ev[j++] = 0u | 1u << 31;
	rn_funcs f = {100, 100, 2000000000ull, addrs, 3, ev, (uint32_t)ne, NULL};
	if (rn_chunk_add_funcs(b, &f) < 0)
		die("funcs", "out of memory");
	free(ev);
}

int main(int argc, char **argv)
{
	if (argc != 5) {
		fprintf(stderr,
		        "usage: gen_trace OUT mix|big|shift|shift5|tail|outlier|funcs N SEED\n");
		return 2;
	}
	long n = atol(argv[3]);
	rng = strtoull(argv[4], NULL, 10) + 1;
	rn_header h;
	rn_header_init_local(&h, "gen_trace");
	const char *av[] = {"/usr/bin/synthetic"};
	h.argv = av;
	h.argc = 1;
	h.pid = 100;
	h.mono_start_ns = 1000000000ull;
	char err[256];
	rn_writer *w = rn_writer_open(argv[1], &h, NULL, err, sizeof(err));
	if (!w)
		die("open", err);
	rn_chunk_builder b;
	rn_chunk_init(&b);
	if (strcmp(argv[2], "funcs") == 0)
		gen_funcs(&b, n);
	else
		gen_syscalls(w, &b, n, argv[2], strcmp(argv[2], "big") != 0);
	flush(w, &b);
	rn_chunk_free(&b);
	if (rn_writer_close(w, err, sizeof(err)) < 0)
		die("close", err);
	return 0;
}
