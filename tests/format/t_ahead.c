/* The reader on two threads (rn_reader_set_threads: the walk over the chunks
 * runs ahead on its own thread) hands out the same events, warnings and
 * status as on one: on a whole trace of 12 sample chunks (more than the walk
 * runs ahead), skimming and not, on one with a corrupt chunk and a cut
 * end, and after rn_reader_chunk_raw, rn_reader_seek_time and
 * rn_reader_set_read, which stop the walk thread mid-trace: reading goes on
 * where it would have on one thread. The same with every chunk left to the
 * caller to load (RN_READ_DEFER=1) and none (=0). */
#include "../rn_test.h"
#include "rn_sample.h"

#include <fcntl.h>
#include <unistd.h>

enum { NCHUNKS = 12 };

static char said[RN_SAMPLE_SAID];

static rn_reader *open_t(const char *path, int threads)
{
	char err[256];
	rn_reader *r = rn_reader_open(path, err, sizeof(err));
	CHECK(r);
	rn_reader_set_warn(r, rn_sample_keep_warn, said);
	rn_reader_set_threads(r, threads);
	said[0] = 0;
	return r;
}

/* Every event's kind and first time, the status and the warnings, as text. */
static void read_all(rn_reader *r, char *out, size_t n)
{
	size_t len = 0;
	rn_event ev;
	while (rn_reader_next(r, &ev) == 1) {
		uint64_t t = ev.kind == RN_EV_SYSCALL ? ev.u.sc.t_entry : ev.u.proc.time;
		len += (size_t)snprintf(out + len, n - len, "%d %llu|", ev.kind,
		                        (unsigned long long)t);
		CHECK(len < n);
	}
	const rn_reader_status *st = rn_reader_status_get(r);
	const char *d = rn_reader_damage(r);
	snprintf(out + len, n - len, "\nok %u bad %u events %llu trunc %d end %llu\n%s\n%s",
	         st->chunks_ok, st->chunks_bad, (unsigned long long)st->events, st->truncated,
	         (unsigned long long)st->good_end, d ? d : "(whole)", said);
}

static void same_both_ways(const char *path, int how)
{
	static char one[1 << 16], two[1 << 16];
	rn_reader *r = open_t(path, 1);
	rn_reader_set_read(r, how);
	read_all(r, one, sizeof(one));
	rn_reader_close(r);
	r = open_t(path, 2);
	rn_reader_set_read(r, how);
	read_all(r, two, sizeof(two));
	rn_reader_close(r);
	if (strcmp(one, two) != 0)
		fprintf(stderr, "one thread:\n%s\ntwo:\n%s\n", one, two);
	CHECK(strcmp(one, two) == 0);
}

static void run_all(void)
{
	/* exact values, and nothing more, on two threads */
	rn_reader *r = open_t("a.rn", 2);
	for (int i = 0; i < NCHUNKS; i++)
		rn_sample_check(r, i);
	rn_event ev;
	CHECK(rn_reader_next(r, &ev) == 0);
	CHECK(rn_reader_next(r, &ev) == 0); /* again, after the end */
	CHECK(rn_reader_status_get(r)->chunks_ok == NCHUNKS);
	CHECK(rn_reader_damage(r) == NULL);
	rn_reader_close(r);
	same_both_ways("a.rn", RN_READ_ALL);
	same_both_ways("a.rn", RN_READ_SKIM | RN_READ_PREFIX);

	/* a corrupt chunk (5) and a cut inside chunk 10 */
	const rn_chunk_info *ci;
	uint32_t n;
	char err[256];
	r = rn_reader_open("a.rn", err, sizeof(err));
	CHECK(r && rn_reader_chunks(r, &ci, &n) == 0 && n == NCHUNKS);
	uint64_t bad_at = ci[5].offset + 8 + RN_CHUNK_MARKER_SIZE + ci[5].csize / 2;
	uint64_t cut_at = ci[10].offset + 8 + RN_CHUNK_MARKER_SIZE + ci[10].csize / 2;
	uint64_t first_ns = ci[0].first_ns;
	rn_reader_close(r);
	static uint8_t buf[1 << 17];
	int fd = open("a.rn", O_RDONLY);
	ssize_t len = read(fd, buf, sizeof(buf));
	close(fd);
	CHECK(len > 0 && (size_t)len < sizeof(buf) && cut_at < (uint64_t)len);
	buf[bad_at] ^= 0x55;
	fd = open("b.rn", O_WRONLY | O_CREAT | O_TRUNC, 0600);
	CHECK(fd >= 0 && write(fd, buf, (size_t)cut_at) == (ssize_t)cut_at && close(fd) == 0);
	same_both_ways("b.rn", RN_READ_ALL);
	same_both_ways("b.rn", RN_READ_SKIM | RN_READ_PREFIX);
	r = open_t("b.rn", 2);
	for (int i = 0; i < 5; i++)
		rn_sample_check(r, i);
	CHECK(said[0] == 0); /* chunk 5's warning comes when the reading gets there */
	rn_sample_check(r, 6);
	CHECK(strstr(said, "chunk 5 at offset") && strstr(said, "is corrupt"));
	CHECK(!strstr(said, "cut short"));
	rn_reader_close(r);

	/* stopping the walk thread mid-trace: chunk_raw drops the rest of the
	 * chunk being read and reading goes on with the next, as on one thread */
	for (int threads = 1; threads <= 2; threads++) {
		r = open_t("a.rn", threads);
		rn_sample_check(r, 0);
		CHECK(rn_reader_next(r, &ev) == 1); /* the first event of chunk 1 */
		const uint8_t *raw;
		size_t rawlen;
		CHECK(rn_reader_chunk_raw(r, 7, &raw, &rawlen, err, sizeof(err)) == 0 &&
		      rawlen > 0);
		for (int i = 2; i < 5; i++)
			rn_sample_check(r, i);
		rn_reader_set_read(r, RN_READ_ALL); /* stops and restarts the walk too */
		rn_sample_check(r, 5);
		CHECK(rn_reader_seek_time(r, first_ns) == 0);
		for (int i = 0; i < NCHUNKS; i++)
			rn_sample_check(r, i);
		CHECK(rn_reader_next(r, &ev) == 0);
		rn_reader_close(r);
	}
	/* closed with the walk thread still running ahead */
	r = open_t("a.rn", 2);
	rn_sample_check(r, 0);
	rn_reader_close(r);
}

int main(void)
{
	rn_sample_write("a.rn", NCHUNKS, 1);
	/* chunks loaded by the walk or by the caller as it goes (unset), by the
	 * caller always (1: its loader, warnings and counts) and never (0) */
	static const char *const defer[] = {NULL, "1", "0"};
	for (int i = 0; i < 3; i++) {
		if (defer[i])
			CHECK(setenv("RN_READ_DEFER", defer[i], 1) == 0);
		run_all();
	}
	return 0;
}
