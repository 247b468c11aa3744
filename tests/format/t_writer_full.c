/* The writer on a full disk: in a child limited by RLIMIT_FSIZE (SIGXFSZ
 * ignored, so write(2) fails with EFBIG) chunks are written until one fails;
 * the failing write is reported in one line, the error is sticky, close fails,
 * and the file is cut back to its last whole chunk: it reads back exactly,
 * with "no index" as the only damage. Then ENOSPC from /dev/full on the header. */
#include "../rn_test.h"
#include "rn_sample.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

enum { LIMIT = 6000 };

/* In the child: returns the number of chunks written before the failure. */
static int fill_until_full(int report)
{
	signal(SIGXFSZ, SIG_IGN);
	struct rlimit rl = {LIMIT, LIMIT};
	CHECK(setrlimit(RLIMIT_FSIZE, &rl) == 0);
	rn_header h;
	rn_sample_header(&h);
	char err[256];
	rn_writer *w = rn_writer_open("full.rn", &h, NULL, err, sizeof(err));
	CHECK(w);
	rn_chunk_builder b;
	rn_chunk_init(&b);
	int n = 0;
	uint64_t good = 0;
	for (;; n++) {
		rn_sample_chunk(&b, n);
		good = rn_writer_bytes(w);
		if (rn_writer_write_chunk(w, &b, err, sizeof(err)) < 0)
			break;
		CHECK(n < 100);
	}
	CHECK_STR(err, "write failed: File too large");
	CHECK_EQ_U(rn_writer_bytes(w), good);
	/* Sticky: the next chunk is refused without writing. */
	rn_chunk_reset(&b);
	rn_sample_chunk(&b, n);
	CHECK(rn_writer_write_chunk(w, &b, err, sizeof(err)) < 0);
	CHECK_STR(err, "write failed earlier: File too large");
	CHECK(rn_writer_close(w, err, sizeof(err)) < 0);
	CHECK_STR(err, "write failed earlier: File too large");
	rn_chunk_free(&b);
	CHECK(write(report, &good, sizeof(good)) == (ssize_t)sizeof(good));
	return n;
}

int main(void)
{
	int p[2];
	CHECK(pipe(p) == 0);
	pid_t pid = fork();
	CHECK(pid >= 0);
	if (pid == 0)
		_exit(fill_until_full(p[1]));
	int status;
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status));
	int written = WEXITSTATUS(status);
	uint64_t good;
	CHECK(read(p[0], &good, sizeof(good)) == (ssize_t)sizeof(good));
	CHECK(written >= 2);
	struct stat sb;
	CHECK(stat("full.rn", &sb) == 0);
	CHECK_EQ_U(sb.st_size, good);
	CHECK(sb.st_size <= LIMIT);
	CHECK_EQ_U(sb.st_mode & 0777, 0600);

	char err[256];
	rn_reader *r = rn_reader_open("full.rn", err, sizeof(err));
	CHECK(r);
	for (int i = 0; i < written; i++)
		rn_sample_check(r, i);
	rn_event ev;
	CHECK(rn_reader_next(r, &ev) == 0);
	const rn_reader_status *st = rn_reader_status_get(r);
	CHECK_EQ_U(st->chunks_ok, written);
	CHECK(!st->truncated && !st->chunks_bad);
	CHECK(strstr(rn_reader_damage(r), "no index"));
	rn_reader_close(r);

	/* ENOSPC: /dev/full refuses the header; the open fails with the reason. */
	int fd = open("/dev/full", O_WRONLY);
	if (fd >= 0) {
		rn_header h;
		rn_sample_header(&h);
		CHECK(rn_writer_open_fd(fd, &h, NULL, err, sizeof(err)) == NULL);
		CHECK_STR(err, "write failed: No space left on device");
	}
	printf("EFBIG after %d chunks: file cut back to %llu bytes, all readable; ENOSPC: ok\n",
	       written, (unsigned long long)good);
	return 0;
}
