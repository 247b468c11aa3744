/* rnfmt.c: a helper for the format's shell tests (not installed):
 *   rnfmt write FILE NCHUNKS [abandon]   a trace of sample chunks (rn_sample.h)
 *   rnfmt raw FILE OUT                   the decompressed chunks, concatenated
 *   rnfmt read FILE                      reads every event; prints the counts on
 *                                        stdout, the damage line on stderr;
 *                                        exit 0 whole, 1 damaged or unreadable
 *   rnfmt tiny FILE                      the fixed one-syscall trace that
 *                                        docs/format.md shows in hex
 *   rnfmt unread FILE                    five calls with captures flagged
 *                                        unreadable, two of them counted
 *                                        (rn_loss_tally_sc): a write's
 *                                        buffer (= 2) and an openat's path
 *                                        (= -1 ENOENT); not an openat that
 *                                        failed with EFAULT, not a --stack
 *                                        stack, not a string or the nine
 *                                        writes' bytes that were read (the
 *                                        first write, 50 us, an anomaly)
 *   rnfmt check FILE N                   CHECKs that FILE holds exactly the
 *                                        sample chunks 0..N-1 (rn_sample.h)
 *   rnfmt convert IN OUT MAJOR [LEVEL [RES [BYTES]]]
 *                                        rewrites IN's events, chunk for
 *                                        chunk, in format MAJOR (1 to 4), at
 *                                        zstd LEVEL, 3.x: at clock resolution
 *                                        RES ns (0 or absent: IN's); with
 *                                        BYTES, in chunks cut as rn-record
 *                                        cuts them (when the builder holds
 *                                        BYTES raw bytes) instead of IN's */
#include "rn_sample.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmd_raw(const char *path, const char *out)
{
	char err[256];
	rn_reader *r = rn_reader_open(path, err, sizeof(err));
	if (!r) {
		fprintf(stderr, "rnfmt: %s\n", err);
		return 1;
	}
	FILE *f = fopen(out, "wb");
	const rn_chunk_info *ci;
	uint32_t n;
	int rc = !f || rn_reader_chunks(r, &ci, &n) < 0;
	for (uint32_t i = 0; !rc && i < n; i++) {
		const uint8_t *buf;
		size_t len;
		rc = rn_reader_chunk_raw(r, i, &buf, &len, err, sizeof(err)) < 0 ||
		     fwrite(buf, 1, len, f) != len;
	}
	if (f && fclose(f) != 0)
		rc = 1;
	rn_reader_close(r);
	return rc;
}

static int cmd_read(const char *path)
{
	char err[256];
	rn_reader *r = rn_reader_open(path, err, sizeof(err));
	if (!r) {
		fprintf(stderr, "rnfmt: %s\n", err);
		return 1;
	}
	rn_event ev;
	uint64_t kinds[RN_EV_KIND_MAX + 1] = {0};
	while (rn_reader_next(r, &ev) == 1)
		kinds[ev.kind]++;
	const rn_reader_status *st = rn_reader_status_get(r);
	printf("events %llu chunks_ok %u chunks_bad %u syscalls %llu\n",
	       (unsigned long long)st->events, st->chunks_ok, st->chunks_bad,
	       (unsigned long long)kinds[RN_EV_SYSCALL]);
	const char *d = rn_reader_damage(r);
	if (d)
		fprintf(stderr, "rnfmt: %s: %s\n", path, d);
	rn_reader_close(r);
	return d != NULL;
}

static int cmd_check(const char *path, int n)
{
	char err[256];
	rn_reader *r = rn_reader_open(path, err, sizeof(err));
	if (!r) {
		fprintf(stderr, "rnfmt: %s\n", err);
		return 1;
	}
	for (int i = 0; i < n; i++)
		rn_sample_check(r, i);
	rn_event ev;
	int rc = rn_reader_next(r, &ev) != 0 || rn_reader_damage(r) != NULL;
	rn_reader_close(r);
	return rc;
}

/* Rewrites every event of in into out, one chunk per chunk of in, or (cut
 * > 0) a chunk whenever the builder holds cut raw bytes. */
static int cmd_convert(const char *in, const char *out, int major, int level, uint32_t res,
                       size_t cut)
{
	char err[256];
	rn_reader *r = rn_reader_open(in, err, sizeof(err));
	if (!r) {
		fprintf(stderr, "rnfmt: %s\n", err);
		return 1;
	}
	rn_header h = *rn_reader_header(r);
	h.major = (uint16_t)major;
	if (res)
		h.clock_res_ns = res;
	rn_writer_opts o = {level};
	rn_writer *w = rn_writer_open(out, &h, &o, err, sizeof(err));
	const rn_chunk_info *ci;
	uint32_t nc;
	int rc = !w || rn_reader_chunks(r, &ci, &nc) < 0;
	rn_chunk_builder b;
	rn_chunk_init(&b);
	rn_event ev;
	uint64_t left = rc ? 0 : ci[0].nevents;
	uint32_t c = 0;
	while (!rc && rn_reader_next(r, &ev) == 1) {
		rc = rn_chunk_add_event(&b, &ev) < 0;
		if (cut) {
			if (!rc && rn_chunk_bytes(&b) >= cut)
				rc = rn_writer_write_chunk(w, &b, err, sizeof(err)) < 0;
			continue;
		}
		while (!rc && --left == 0 && ++c <= nc) {
			rc = rn_writer_write_chunk(w, &b, err, sizeof(err)) < 0;
			left = c < nc ? ci[c].nevents : 0;
			if (left)
				break;
		}
	}
	if (!rc)
		rc = rn_writer_write_chunk(w, &b, err, sizeof(err)) < 0 ||
		     rn_writer_close(w, err, sizeof(err)) < 0;
	else if (w)
		rn_writer_abandon(w);
	if (rc)
		fprintf(stderr, "rnfmt: %s\n", err);
	rn_chunk_free(&b);
	rn_reader_close(r);
	return rc;
}

/* A writer on PATH with a fixed header: pid 7, started 1 s after boot,
 * running ARGV0 (NULL: said on stderr). */
static rn_writer *fixed_writer(const char *path, const char *argv0)
{
	const char *argv[] = {argv0};
	rn_header h = {.producer = "rn",
	               .arch = RN_ARCH_X86_64,
	               .mono_start_ns = 1000000000,
	               .wall_start_ns = 1700000000000000000,
	               .hostname = "h",
	               .kernel = "6.1",
	               .cwd = "/",
	               .argv = argv,
	               .argc = 1,
	               .pid = 7,
	               .options = ""};
	char err[256];
	rn_writer *w = rn_writer_open(path, &h, NULL, err, sizeof(err));
	if (!w)
		fprintf(stderr, "rnfmt: %s\n", err);
	return w;
}

/* One getpid() of pid 7 at 1.000001 s that took 500 ns; a fixed header. */
static int cmd_tiny(const char *path)
{
	char err[256];
	rn_writer *w = fixed_writer(path, "true");
	if (!w)
		return 1;
	rn_chunk_builder b;
	rn_chunk_init(&b);
	rn_syscall sc = {1000001000, 1000001500, {0}, 7, 0x401234, 7, 7, 39, 0, 0, NULL};
	int rc = rn_chunk_add_syscall(&b, &sc, NULL, 0) < 0 ||
	         rn_writer_write_chunk(w, &b, err, sizeof(err)) < 0 ||
	         rn_writer_close(w, err, sizeof(err)) < 0;
	rn_chunk_free(&b);
	return rc;
}

/* One call of pid 7 for rnfmt unread: nonzero when it could not be added. */
static int unread_sc(rn_chunk_builder *b, uint64_t t, uint64_t dur, uint64_t a0, uint64_t a1,
                     uint64_t a2, int64_t ret, uint16_t nr, uint16_t flags, const rn_capture *c,
                     uint16_t nc)
{
	rn_syscall sc = {t, t + dur, {a0, a1, a2}, ret, 0, 7, 7, nr, flags, nc, c};
	return rn_chunk_add_syscall(b, &sc, c, nc) < 0;
}

/* The calls of rnfmt unread: pid 7 of a fixed header. */
static int cmd_unread(const char *path)
{
	char err[256];
	rn_writer *w = fixed_writer(path, "unread");
	if (!w)
		return 1;
	static const uint8_t etc[] = "/etc";
	const rn_capture buf = {0x7f0000001000, 0, 2, RN_CAP_BUFFER, 1, RN_CAPF_UNREADABLE, NULL};
	const rn_capture str = {0x7f0000002000, 0, 0, RN_CAP_STRING, 1, RN_CAPF_UNREADABLE, NULL};
	const rn_capture good = {0x7f0000003000, 4, 4, RN_CAP_STRING, 1, 0, etc};
	const rn_capture stk[2] = {
	    {0, 0, 0, RN_CAP_REGS, RN_CAP_NOARG, RN_CAPF_UNREADABLE, NULL},
	    {0x7ffc00000000, 0, 512, RN_CAP_STACK, RN_CAP_NOARG, RN_CAPF_UNREADABLE, NULL}};
	rn_chunk_builder b;
	rn_chunk_init(&b);
	const uint64_t at = (uint64_t)-100; /* AT_FDCWD */
	int rc = unread_sc(&b, 1000001000, 50000, 1, 0x7f0000001000, 2, 2, 1, 0, &buf, 1) ||
	         unread_sc(&b, 1000052000, 500, at, 0x7f0000002000, 0, -2, 257, 0, &str, 1) ||
	         unread_sc(&b, 1000053000, 500, at, 0x7f0000002000, 0, -14, 257, 0, &str, 1) ||
	         unread_sc(&b, 1000054000, 500, 0, 0, 0, 7, 39, RN_SC_HAS_STACK, stk, 2) ||
	         unread_sc(&b, 1000055000, 500, at, 0x7f0000003000, 0, 3, 257, 0, &good, 1);
	/* nine quick writes whose bytes were read: the first write, 100 times
	 * slower, is an anomaly */
	static const uint8_t cn[] = "c\n";
	const rn_capture rd = {0x7f0000004000, 2, 2, RN_CAP_BUFFER, 1, 0, cn};
	for (int i = 0; i < 9 && !rc; i++)
		rc = unread_sc(&b, 1000056000 + (uint64_t)i * 1000, 500, 1, 0x7f0000004000, 2, 2, 1,
		               0, &rd, 1);
	rc = rc || rn_writer_write_chunk(w, &b, err, sizeof(err)) < 0 ||
	     rn_writer_close(w, err, sizeof(err)) < 0;
	rn_chunk_free(&b);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc >= 4 && strcmp(argv[1], "write") == 0) {
		rn_sample_write(argv[2], atoi(argv[3]), argc < 5);
		return 0;
	}
	if (argc == 4 && strcmp(argv[1], "raw") == 0)
		return cmd_raw(argv[2], argv[3]);
	if (argc == 3 && strcmp(argv[1], "read") == 0)
		return cmd_read(argv[2]);
	if (argc == 3 && strcmp(argv[1], "tiny") == 0)
		return cmd_tiny(argv[2]);
	if (argc == 3 && strcmp(argv[1], "unread") == 0)
		return cmd_unread(argv[2]);
	if (argc == 4 && strcmp(argv[1], "check") == 0)
		return cmd_check(argv[2], atoi(argv[3]));
	if (argc >= 5 && argc <= 8 && strcmp(argv[1], "convert") == 0)
		return cmd_convert(argv[2], argv[3], atoi(argv[4]), argc >= 6 ? atoi(argv[5]) : 0,
		                   argc >= 7 ? (uint32_t)strtoul(argv[6], NULL, 10) : 0,
		                   argc == 8 ? (size_t)strtoull(argv[7], NULL, 10) : 0);
	fprintf(stderr,
	        "usage: rnfmt write FILE N [abandon] | raw FILE OUT | read FILE | tiny FILE | "
	        "unread FILE | "
	        "check FILE N | "
	        "convert IN OUT MAJOR [LEVEL [RES [BYTES]]]\n");
	return 2;
}
