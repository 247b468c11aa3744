/* Round trip of every event kind through the writer and reader, with exact
 * values, across several chunks; then the index, seeking and raw chunk access. */
#include "../rn_test.h"
#include "rn_sample.h"

#include <unistd.h>

int main(void)
{
	const char *path = "rt.rn";
	rn_header h;
	rn_sample_header(&h);
	char err[256];
	rn_writer *w = rn_writer_open(path, &h, NULL, err, sizeof(err));
	CHECK(w);
	CHECK(rn_writer_open(path, &h, NULL, err, sizeof(err)) == NULL); /* never overwrite */
	rn_chunk_builder b;
	rn_chunk_init(&b);
	const int nchunks = 5;
	for (int i = 0; i < nchunks; i++) {
		rn_sample_chunk(&b, i);
		CHECK(rn_writer_write_chunk(w, &b, err, sizeof(err)) == 0);
	}
	CHECK_EQ_U(rn_writer_chunks(w), nchunks);
	CHECK(rn_writer_close(w, err, sizeof(err)) == 0);
	rn_chunk_free(&b);
	CHECK(access(path, F_OK) == 0);

	rn_reader *r = rn_reader_open(path, err, sizeof(err));
	CHECK(r);
	const rn_header *rh = rn_reader_header(r);
	CHECK_EQ_U(rh->major, RN_FORMAT_MAJOR);
	CHECK_STR(rh->producer, "rn-test " RN_VERSION);
	CHECK_EQ_U(rh->arch, rn_arch_native());
	CHECK_EQ_U(rh->mono_start_ns, h.mono_start_ns);
	CHECK_EQ_U(rh->wall_start_ns, h.wall_start_ns);
	CHECK_STR(rh->hostname, h.hostname);
	CHECK_STR(rh->kernel, h.kernel);
	CHECK_STR(rh->cwd, h.cwd);
	CHECK_EQ_U(rh->argc, 3);
	CHECK_STR(rh->argv[1], "hello world");
	CHECK_STR(rh->argv[2], "");
	CHECK_EQ_U(rh->pid, 42);
	CHECK_EQ_U(rh->flags, RN_HDR_FOLLOW);
	CHECK_STR(rh->options, "-f");
	for (int i = 0; i < nchunks; i++)
		rn_sample_check(r, i);
	rn_event ev;
	CHECK(rn_reader_next(r, &ev) == 0);
	const rn_reader_status *st = rn_reader_status_get(r);
	CHECK_EQ_U(st->chunks_ok, nchunks);
	CHECK_EQ_U(st->chunks_bad, 0);
	CHECK_EQ_U(st->events, 9 * nchunks);
	CHECK(st->has_trailer);
	CHECK(rn_reader_damage(r) == NULL);

	const rn_chunk_info *ci;
	uint32_t n;
	CHECK(rn_reader_chunks(r, &ci, &n) == 0);
	CHECK_EQ_U(n, nchunks);
	CHECK_EQ_U(ci[2].nevents, 9);
	CHECK_EQ_U(ci[2].seq, 2);
	CHECK_EQ_U(ci[2].first_ns, 1000000000ull + 2000 - 500);
	/* Seek into chunk 3 and read from there. */
	CHECK(rn_reader_seek_time(r, 1000000000ull + 3000 + 100) == 0);
	rn_sample_check(r, 3);
	const uint8_t *raw;
	size_t rawlen;
	CHECK(rn_reader_chunk_raw(r, 1, &raw, &rawlen, err, sizeof(err)) == 0);
	CHECK(rawlen > 100 && memcmp(raw + 8, "RNC1", 4) == 0);
	rn_reader_close(r);
	printf("round trip of %d chunks x 9 event kinds: ok\n", nchunks);
	return 0;
}
