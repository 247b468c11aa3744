/* Damaged and foreign files: a corrupt chunk (payload or marker) is skipped
 * and reported and reading goes on with the next one; a corrupt index falls
 * back to scanning; a lying marker does not stop the reader; unknown major
 * version, not an rn file, empty, directory, FIFO, missing file and corrupt
 * header are refused with one line naming the file and the problem. */
#include "../rn_test.h"
#include "rn_header_codec.h"
#include "rn_sample.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum { NCHUNKS = 5 };

static uint8_t orig[1 << 16];
static size_t orig_len;
static rn_chunk_info info[NCHUNKS];
static char last_warn[512];
static int warnings;

static void keep_warn(void *ctx, const char *file, const char *msg)
{
	(void)ctx;
	(void)file;
	snprintf(last_warn, sizeof(last_warn), "%s", msg);
	warnings++;
}

static void put(const char *path, const uint8_t *p, size_t n)
{
	unlink(path);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	CHECK(fd >= 0 && write(fd, p, n) == (ssize_t)n && close(fd) == 0);
}

/* Writes the sample trace with byte 'at' xor'ed with x (at < 0: unchanged). */
static void put_flipped(const char *path, long at, uint8_t x)
{
	static uint8_t buf[sizeof(orig)];
	memcpy(buf, orig, orig_len);
	if (at >= 0)
		buf[at] ^= x;
	put(path, buf, orig_len);
}

static rn_reader *open_ok(const char *path)
{
	char err[256];
	rn_reader *r = rn_reader_open(path, err, sizeof(err));
	if (!r)
		fprintf(stderr, "%s\n", err);
	CHECK(r);
	warnings = 0;
	last_warn[0] = 0;
	rn_reader_set_warn(r, keep_warn, NULL);
	return r;
}

static void open_fails(const char *path, const char *want)
{
	char err[256];
	CHECK(rn_reader_open(path, err, sizeof(err)) == NULL);
	char full[512];
	snprintf(full, sizeof(full), "%s: %s", path, want);
	CHECK_STR(err, full);
}

/* Reads all chunks but 'skip' (-1: none) with their exact values. */
static void read_all_but(rn_reader *r, int skip)
{
	for (int i = 0; i < NCHUNKS; i++)
		if (i != skip)
			rn_sample_check(r, i);
	rn_event ev;
	CHECK(rn_reader_next(r, &ev) == 0);
	const rn_reader_status *st = rn_reader_status_get(r);
	CHECK_EQ_U(st->chunks_ok, skip < 0 ? NCHUNKS : NCHUNKS - 1);
	CHECK_EQ_U(st->chunks_bad, skip < 0 ? 0 : 1);
}

static void corrupt_chunk_payload(void)
{
	const rn_chunk_info *c = &info[2];
	put_flipped("payload.rn", (long)(c->offset + 8 + RN_CHUNK_MARKER_SIZE + c->csize / 2),
	            0x10);
	rn_reader *r = open_ok("payload.rn");
	read_all_but(r, 2);
	char want[128];
	snprintf(want, sizeof(want),
	         "chunk 2 at offset %llu is corrupt (zstd: ", (unsigned long long)c->offset);
	CHECK(warnings == 1 && strncmp(last_warn, want, strlen(want)) == 0);
	CHECK_STR(rn_reader_damage(r),
	          "recovered 4 chunks (36 events); 1 corrupt skipped; the file has corrupt parts");
	rn_reader_close(r);
}

/* 4.x frame checks: a byte flipped near the end of a chunk's compressed
 * frame, past what a prefix reader decompresses, is reported by it
 * (RN_READ_SKIM | RN_READ_PREFIX) exactly as by a reader of every byte; a
 * flipped frame check (the chunk itself whole) is reported and the chunk
 * read; a chunk whose check is damaged is decompressed whole (zstd checks
 * it) and the damage reported. */
static void frame_checks(void)
{
	const rn_chunk_info *c = &info[3];
	uint64_t zend = c->offset + 8 + RN_CHUNK_MARKER_SIZE + c->csize;
	CHECK_EQ_U(rn_le32(orig + zend), RN_MAGIC_CHECK);
	CHECK(memcmp(orig + zend + 8, "RNFC", 4) == 0 && rn_le32(orig + zend + 12) == 3);
	static const struct {
		const char *file;
		long at; /* from the end of chunk 3's zstd frame */
		uint8_t x;
		const char *warn; /* after "chunk 3 at offset N" */
		uint32_t chunks_ok;
	} cases[] = {
	    /* late in the frame (in these small chunks a prefix reader reaches it
	     * anyway; tests/analyze/test_summary_skim.sh damages a large chunk
	     * past its prefix) */
	    {"late.rn", -6, 0x01, " is corrupt (", NCHUNKS - 1},
	    /* the hash itself */
	    {"check.rn", 20, 0x80,
	     ": its frame check is corrupt; the chunk itself is whole and was read", NCHUNKS},
	    /* the check's own header ("RNFC" -> "RNFB"): not trusted, so the
	     * chunk is decompressed whole, also by a prefix reader */
	    {"checkhdr.rn", 11, 0x04,
	     ": its frame check is missing or damaged; the chunk itself is whole and was read",
	     NCHUNKS},
	};
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		put_flipped(cases[k].file, (long)zend + cases[k].at, cases[k].x);
		for (int how = 0; how < 2; how++) {
			rn_reader *r = open_ok(cases[k].file);
			if (how)
				rn_reader_set_read(r, RN_READ_SKIM | RN_READ_PREFIX);
			if (how == 0 && cases[k].chunks_ok == NCHUNKS) {
				read_all_but(r, -1); /* every value as written */
			} else {
				rn_event ev;
				while (rn_reader_next(r, &ev) == 1)
					;
			}
			char want[160];
			snprintf(want, sizeof(want), "chunk 3 at offset %llu%s",
			         (unsigned long long)c->offset, cases[k].warn);
			CHECK(warnings == 1 && strncmp(last_warn, want, strlen(want)) == 0);
			const rn_reader_status *st = rn_reader_status_get(r);
			CHECK_EQ_U(st->chunks_ok, cases[k].chunks_ok);
			CHECK_EQ_U(st->events, cases[k].chunks_ok * RN_SAMPLE_EVENTS);
			snprintf(
			    want, sizeof(want),
			    "recovered %u chunks (%u events); %u corrupt skipped; the file has "
			    "corrupt parts",
			    cases[k].chunks_ok, cases[k].chunks_ok * RN_SAMPLE_EVENTS,
			    NCHUNKS - cases[k].chunks_ok);
			CHECK_STR(rn_reader_damage(r), want);
			rn_reader_close(r);
		}
	}
}

static void corrupt_chunk_marker(void)
{
	/* The marker's first_ns: its check word no longer holds. */
	put_flipped("marker.rn", (long)info[2].offset + 8 + 16, 0x01);
	rn_reader *r = open_ok("marker.rn");
	read_all_but(r, 2);
	char want[128];
	snprintf(want, sizeof(want), "%llu bytes of unreadable data at offset %llu skipped",
	         (unsigned long long)(info[3].offset - info[2].offset),
	         (unsigned long long)info[2].offset);
	CHECK(warnings == 1);
	CHECK_STR(last_warn, want);
	rn_reader_close(r);
}

/* A marker that claims a compressed size past the end of the file, with a
 * valid check word: the chunks after it are still read. */
static void lying_marker(void)
{
	static uint8_t buf[sizeof(orig)];
	memcpy(buf, orig, orig_len);
	uint8_t *m = buf + info[1].offset + 8;
	rn_put32(m + 8, 0x7fffffff);
	rn_put32(m + 36, rn_fnv1a(m, RN_CHUNK_MARKER_SIZE - 4));
	put("lying.rn", buf, orig_len);
	rn_reader *r = open_ok("lying.rn");
	read_all_but(r, 1);
	CHECK(!rn_reader_status_get(r)->truncated);
	rn_reader_close(r);
}

/* Valgrind slows everything 50-fold: time bounds do not apply under it. */
static int under_valgrind(void)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[512];
	int found = 0;
	while (f && !found && fgets(line, sizeof(line), f))
		found = strstr(line, "vgpreload") != NULL;
	if (f)
		fclose(f);
	return found;
}

/* 20000 lying markers in a row, then the real chunks: every lie is found
 * out (the next marker is looked for before believing a chunk is cut) and
 * the real chunks are all read, in bounded time. */
static void many_lying_markers(void)
{
	enum { LIES = 20000 };
	static uint8_t buf[sizeof(orig) + LIES * 48];
	size_t at = (size_t)info[0].offset;
	memcpy(buf, orig, at);
	for (int i = 0; i < LIES; i++) {
		uint8_t *m = buf + at + 48 * (size_t)i;
		memcpy(m, orig + info[0].offset, 48);
		rn_put32(m + 16, 0x7fffffff);
		rn_put32(m + 44, rn_fnv1a(m + 8, RN_CHUNK_MARKER_SIZE - 4));
	}
	memcpy(buf + at + 48 * LIES, orig + at, orig_len - at);
	put("lies.rn", buf, orig_len + 48 * LIES);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rn_reader *r = open_ok("lies.rn");
	for (int i = 0; i < NCHUNKS; i++)
		rn_sample_check(r, i);
	rn_event ev;
	CHECK(rn_reader_next(r, &ev) == 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double secs = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	CHECK(secs < 5 || under_valgrind());
	CHECK_EQ_U(rn_reader_status_get(r)->chunks_ok, NCHUNKS);
	rn_reader_close(r);
}

/* A hostile chunk whose 20000 function batches all point at one table with
 * 20000 events: refused (verifying it naively would check 4e8 events). */
static void shared_funcs(void)
{
	enum { N = 20000 };
	rn_fbb f;
	rn_fbb_init(&f);
	rn_fbb_start(&f, "RNC1");
	rn_fb_field fl[12] = {0};
	fl[2] = (rn_fb_field){4, 1, 0, 0};  /* order */
	fl[11] = (rn_fb_field){4, 1, 0, 0}; /* funcs */
	rn_fbb_table(&f, fl, 12);
	static uint8_t order[N];
	memset(order, RN_EV_FUNCS, N);
	rn_fbb_vector(&f, fl[2].pos, order, N, 1, 1);
	size_t first = rn_fbb_offsets(&f, fl[11].pos, N);
	rn_fb_field bf[5] = {
	    {4, 1, 1, 0}, {4, 1, 2, 0}, {8, 1, 100, 0}, {4, 1, 0, 0}, {4, 1, 0, 0}};
	size_t tbl = rn_fbb_table(&f, bf, 5);
	for (size_t i = 0; i < N; i++)
		rn_fbb_point(&f, first + 4 * i, tbl);
	const uint64_t addr = 0x401000;
	rn_fbb_vector(&f, bf[3].pos, &addr, 1, 8, 8);
	static uint32_t evs[2 * N];
	for (size_t i = 0; i < N; i++)
		evs[2 * i] = 1;
	rn_fbb_vector(&f, bf[4].pos, evs, N, 8, 4);
	CHECK(rn_fbb_finish(&f) == 0);
	rn_chunk_view v;
	memset(&v, 0, sizeof(v));
	const char *why = NULL;
	CHECK(rn_chunk_open(&v, f.p, f.len, &why) < 0);
	CHECK_STR(why, "function batches overlap");
	rn_chunk_view_free(&v);
	rn_fbb_free(&f);
}

static void corrupt_index(void)
{
	/* The index is just before the trailer; flip a byte of its first entry. */
	long ioff = (long)rn_le64(orig + orig_len - 40 + 16);
	put_flipped("index.rn", ioff + 16 + 12, 0x04);
	rn_reader *r = open_ok("index.rn");
	read_all_but(r, -1);
	CHECK(!rn_reader_status_get(r)->has_trailer);
	CHECK_STR(rn_reader_damage(r), "recovered 5 chunks (45 events); 0 corrupt skipped; the "
	                               "index is corrupt (chunks found by scanning)");
	const rn_chunk_info *c;
	uint32_t n;
	CHECK(rn_reader_chunks(r, &c, &n) == 0 && n == NCHUNKS);
	CHECK_EQ_U(c[4].offset, info[4].offset);
	CHECK_EQ_U(c[4].nevents, RN_SAMPLE_EVENTS);
	rn_reader_close(r);
	/* A damaged trailer: the file reads as one whose recorder died. */
	put_flipped("trailer.rn", (long)orig_len - 20, 0x01);
	r = open_ok("trailer.rn");
	read_all_but(r, -1);
	CHECK(strstr(rn_reader_damage(r), "no index"));
	rn_reader_close(r);
}

static void versions(void)
{
	put_flipped("major.rn", 12, 0x03); /* major 5 -> 6 */
	open_fails("major.rn", "format version 6.0 is newer than this reader (reads 1.x to 5.x)");
	put_flipped("major0.rn", 12, 0x05); /* major 5 -> 0 */
	open_fails("major0.rn",
	           "format version 0.0 is not supported by this reader (reads 1.x to 5.x)");
	/* A 5.0 file labelled 1.0: its syscall columns are not read as 1.x
	 * records; every chunk is reported corrupt, none is misread. */
	put_flipped("as1.rn", 12, 0x04); /* major 5 -> 1 */
	rn_reader *r1 = open_ok("as1.rn");
	rn_event ev;
	CHECK(rn_reader_next(r1, &ev) == 0);
	CHECK_EQ_U(rn_reader_status_get(r1)->chunks_bad, NCHUNKS);
	char want[160];
	snprintf(want, sizeof(want),
	         "chunk 4 at offset %llu is corrupt (event order lists more events than the "
	         "chunk holds); skipped",
	         (unsigned long long)info[4].offset);
	CHECK_STR(last_warn, want);
	rn_reader_close(r1);
	put_flipped("minor.rn", 14, 0x07); /* minor 0 -> 7: read as usual */
	rn_reader *r = open_ok("minor.rn");
	CHECK_EQ_U(rn_reader_header(r)->minor, 7);
	read_all_but(r, -1);
	CHECK(rn_reader_damage(r) == NULL);
	rn_reader_close(r);
}

static void foreign_files(void)
{
	const char *text = "root:x:0:0:root:/root:/bin/bash\n";
	put("passwd", (const uint8_t *)text, strlen(text));
	open_fails("passwd", "not an rn trace (bad magic)");
	put("short", (const uint8_t *)"RN", 2);
	open_fails("short", "not an rn trace (too short)");
	put("empty", (const uint8_t *)"", 0);
	open_fails("empty", "empty file, not an rn trace");
	/* A plain zstd frame (a compressed text file). */
	const uint8_t zst[] = {0x28, 0xb5, 0x2f, 0xfd, 0x24, 0x05, 0x29, 0x00, 0x00, 0x68,
	                       0x65, 0x6c, 0x6c, 0x6f, 0x0a, 0x4e, 0x3c, 0x7b, 0x1a};
	put("text.zst", zst, sizeof(zst));
	open_fails("text.zst", "not an rn trace (bad magic)");
	mkdir("dir.rn", 0700);
	open_fails("dir.rn", "is a directory, not an rn trace");
	CHECK(mkfifo("fifo.rn", 0600) == 0);
	open_fails("fifo.rn", "not a regular file (rn traces are read from files)");
	open_fails("missing.rn", "No such file or directory");
}

static void corrupt_header(void)
{
	/* The root offset of the Header FlatBuffer points past its end. */
	put_flipped("root.rn", 16 + 4 + 2, 0x40);
	open_fails("root.rn", "corrupt file header (root table out of bounds)");
	/* The header frame claims more bytes than the file has. */
	put_flipped("hsize.rn", 6, 0x10);
	open_fails("hsize.rn", "truncated or corrupt file header");
	/* The header's identifier. */
	put_flipped("ident.rn", 16 + 8, 0x01);
	open_fails("ident.rn", "corrupt file header (wrong FlatBuffers file identifier)");
}

int main(void)
{
	unlink("t.rn");
	rn_sample_write("t.rn", NCHUNKS, 1);
	FILE *f = fopen("t.rn", "rb");
	CHECK(f);
	orig_len = fread(orig, 1, sizeof(orig), f);
	fclose(f);
	rn_reader *r = open_ok("t.rn");
	const rn_chunk_info *c;
	uint32_t n;
	CHECK(rn_reader_chunks(r, &c, &n) == 0 && n == NCHUNKS);
	memcpy(info, c, sizeof(info));
	rn_reader_close(r);

	corrupt_chunk_payload();
	frame_checks();
	corrupt_chunk_marker();
	lying_marker();
	many_lying_markers();
	shared_funcs();
	corrupt_index();
	versions();
	foreign_files();
	corrupt_header();
	printf("corrupt chunks, index, header and foreign files: ok\n");
	return 0;
}
