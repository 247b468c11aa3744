/* A trace cut while a reader has it open (the reader maps the file: a page
 * past the new end raises SIGBUS when touched) is told as pread would tell
 * it: the chunk whose frame was cut is "corrupt (read error); skipped", the
 * walk ends at the next marker it cannot read, the damage line counts it,
 * and the process does not die. On one thread and on two, reading all and
 * skimming; the cut falls on a page boundary (past it, SIGBUS) and inside a
 * page (zeros up to the page's end, then SIGBUS). */
#include "../rn_test.h"
#include "rn_sample.h"

#include <fcntl.h>
#include <unistd.h>

/* CUT: the chunk whose frame is cut, past what the walk thread may have
 * loaded ahead (three slots) when chunk 0 has been read. */
enum { NCHUNKS = 6, CUT = 4, PER_CHUNK = 200, CAPLEN = 512 };

static char said[RN_SAMPLE_SAID];

/* Chunks of 200 reads, each with 512 captured bytes that do not compress:
 * frames of ~100 KB, many pages each. */
static void write_trace(const char *path)
{
	rn_header h;
	rn_sample_header(&h);
	char err[256];
	unlink(path);
	rn_writer *w = rn_writer_open(path, &h, NULL, err, sizeof(err));
	if (!w)
		fprintf(stderr, "%s\n", err);
	CHECK(w);
	rn_chunk_builder b;
	rn_chunk_init(&b);
	uint64_t seed = 7, t = 1000000;
	static uint8_t data[CAPLEN];
	for (int c = 0; c < NCHUNKS; c++) {
		for (int i = 0; i < PER_CHUNK; i++) {
			for (size_t k = 0; k < sizeof(data); k += 8) {
				uint64_t r = rn_rand_next(&seed);
				memcpy(data + k, &r, 8);
			}
			rn_syscall sc = {0};
			sc.t_entry = t += 1000;
			sc.t_exit = t += 500;
			sc.nr = 0; /* read */
			sc.args[0] = 3;
			sc.args[1] = 0x10000;
			sc.args[2] = CAPLEN;
			sc.ret = CAPLEN;
			sc.pid = sc.tid = 42;
			rn_capture cap = {.addr = 0x10000,
			                  .len = CAPLEN,
			                  .orig_len = CAPLEN,
			                  .kind = RN_CAP_BUFFER,
			                  .arg = 1,
			                  .flags = RN_CAPF_EXIT,
			                  .data = data};
			CHECK(rn_chunk_add_syscall(&b, &sc, &cap, 1) == 0);
		}
		CHECK(rn_writer_write_chunk(w, &b, err, sizeof(err)) == 0);
	}
	rn_chunk_free(&b);
	CHECK(rn_writer_close(w, err, sizeof(err)) == 0);
}

static void cut_while_open(int threads, int how, int in_page)
{
	write_trace("cut.rn");
	char err[256];
	rn_reader *r = rn_reader_open("cut.rn", err, sizeof(err));
	CHECK(r);
	const rn_chunk_info *ci;
	uint32_t n;
	CHECK(rn_reader_chunks(r, &ci, &n) == 0 && n == NCHUNKS);
	uint64_t frame = ci[CUT].offset + 8 + RN_CHUNK_MARKER_SIZE;
	CHECK(ci[CUT].csize > 4 * 4096);
	uint64_t cut = (frame + ci[CUT].csize / 2) & ~(uint64_t)4095;
	if (in_page)
		cut += 1000;
	uint32_t seq2 = ci[CUT].seq;
	uint64_t off2 = ci[CUT].offset;
	rn_reader_set_warn(r, rn_sample_keep_warn, said);
	rn_reader_set_threads(r, threads);
	rn_reader_set_read(r, how);
	said[0] = 0;
	rn_event ev;
	/* All of chunk 0: the walk (on two threads) has loaded at most the
	 * chunks of its other slots (two) and waits for a slot; the chunk cut
	 * is not touched yet. */
	for (int i = 0; i < PER_CHUNK; i++)
		CHECK(rn_reader_next(r, &ev) == 1);
	CHECK(truncate("cut.rn", (off_t)cut) == 0);
	uint64_t more = 0;
	while (rn_reader_next(r, &ev) == 1)
		more++;
	CHECK_EQ_U(more, (CUT - 1) * PER_CHUNK); /* the chunks before the cut one */
	char want[160];
	snprintf(want, sizeof(want), "chunk %u at offset %llu is corrupt (read error); skipped\n",
	         seq2, (unsigned long long)off2);
	if (strcmp(said, want) != 0)
		fprintf(stderr, "threads %d how %d in_page %d said:\n%s", threads, how, in_page,
		        said);
	CHECK_STR(said, want);
	const rn_reader_status *st = rn_reader_status_get(r);
	CHECK_EQ_U(st->chunks_ok, CUT);
	CHECK_EQ_U(st->chunks_bad, 1);
	CHECK(rn_reader_damage(r) != NULL);
	rn_reader_close(r);
}

int main(void)
{
	for (int threads = 1; threads <= 2; threads++)
		for (int in_page = 0; in_page <= 1; in_page++) {
			cut_while_open(threads, RN_READ_ALL, in_page);
			cut_while_open(threads, RN_READ_SKIM | RN_READ_PREFIX, in_page);
		}
	return 0;
}
