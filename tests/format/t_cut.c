/* A trace cut at every byte offset (a recorder killed mid-write, a partial
 * copy): the reader returns exactly the chunks that were complete before the
 * cut, each with its exact values, never crashes, and says what it recovered;
 * a cut inside the header is refused with a one-line reason. Done for a
 * closed trace (cuts in the index and trailer too) and an abandoned one. */
#include "../rn_test.h"
#include "rn_sample.h"

#include <fcntl.h>
#include <unistd.h>

enum { NCHUNKS = 4 };

static int warnings;

static void count_warn(void *ctx, const char *file, const char *msg)
{
	(void)ctx;
	(void)file;
	(void)msg;
	warnings++;
}

static uint8_t *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	CHECK(f);
	static uint8_t buf[1 << 16];
	*n = fread(buf, 1, sizeof(buf), f);
	CHECK(*n > 0 && *n < sizeof(buf));
	fclose(f);
	return buf;
}

static void cut_all(const char *path, int closed)
{
	rn_sample_write(path, NCHUNKS, closed);
	size_t size;
	const uint8_t *file = slurp(path, &size);
	char err[256];
	rn_reader *r = rn_reader_open(path, err, sizeof(err));
	CHECK(r);
	const rn_chunk_info *ci;
	uint32_t n;
	CHECK(rn_reader_chunks(r, &ci, &n) == 0 && n == NCHUNKS);
	/* Where each chunk's zstd frame ends, and (4.x) its frame check. */
	uint64_t chunk_end[NCHUNKS], check_end[NCHUNKS];
	for (int i = 0; i < NCHUNKS; i++) {
		chunk_end[i] = ci[i].offset + 8 + RN_CHUNK_MARKER_SIZE + ci[i].csize;
		check_end[i] = chunk_end[i] + 8 + RN_CHECK_SIZE;
		CHECK(i + 1 == NCHUNKS || check_end[i] == ci[i + 1].offset);
	}
	uint64_t header_end = ci[0].offset;
	rn_reader_close(r);

	int opened = 0;
	for (size_t cut = 0; cut <= size; cut++) {
		int fd = open("cut.rn", O_WRONLY | O_CREAT | O_TRUNC, 0600);
		CHECK(fd >= 0 && write(fd, file, cut) == (ssize_t)cut && close(fd) == 0);
		r = rn_reader_open("cut.rn", err, sizeof(err));
		if (cut < header_end) {
			CHECK(r == NULL);
			CHECK(strncmp(err, "cut.rn: ", 8) == 0 && !strchr(err, '\n'));
			CHECK(strstr(err, cut == 0   ? "empty file"
			                  : cut < 16 ? "too short"
			                             : "truncated or corrupt"));
			continue;
		}
		CHECK(r);
		opened++;
		warnings = 0;
		rn_reader_set_warn(r, count_warn, NULL);
		uint32_t whole = 0;
		while (whole < NCHUNKS && chunk_end[whole] <= cut)
			whole++;
		for (uint32_t i = 0; i < whole; i++)
			rn_sample_check(r, (int)i);
		rn_event ev;
		CHECK(rn_reader_next(r, &ev) == 0);
		const rn_reader_status *st = rn_reader_status_get(r);
		CHECK_EQ_U(st->chunks_ok, whole);
		CHECK_EQ_U(st->chunks_bad, 0);
		CHECK_EQ_U(st->events, whole * RN_SAMPLE_EVENTS);
		const char *d = rn_reader_damage(r);
		if (cut == size && closed) {
			CHECK(d == NULL && warnings == 0);
		} else {
			char want[64];
			snprintf(want, sizeof(want), "recovered %u chunks (%u events)", whole,
			         whole * RN_SAMPLE_EVENTS);
			CHECK(d && strncmp(d, want, strlen(want)) == 0 && !strchr(d, '\n'));
			/* A cut on a frame boundary is a missing index; anywhere else
			 * the file ends inside a frame, reported once. A chunk whose
			 * frame check was cut off is read (checked by zstd). */
			int boundary =
			    cut == header_end ||
			    (whole && (cut == chunk_end[whole - 1] || cut == check_end[whole - 1]));
			if (boundary && !closed)
				CHECK(strstr(d, "no index") && warnings == 0);
			if (!boundary && cut < check_end[NCHUNKS - 1])
				CHECK(strstr(d, "cut short") && warnings == 1);
		}
		rn_reader_close(r);
	}
	CHECK_EQ_U(opened, size - header_end + 1);
	printf("%s trace of %zu bytes cut at every offset: ok (%d opened)\n",
	       closed ? "closed" : "abandoned", size, opened);
	unlink("cut.rn");
}

int main(void)
{
	cut_all("closed.rn", 1);
	cut_all("abandoned.rn", 0);
	return 0;
}
