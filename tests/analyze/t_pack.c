/* rn_pack: files appended to a finished trace come back byte for byte; the
 * chunks keep their bytes and offsets, the index and trailer stay valid
 * (the reader sees the same events, whole), zstd itself still decodes the
 * file to the same output (the pack frames are skippable), packing twice
 * appends, a cut trace is refused and left alone, and a corrupt pack frame
 * is reported instead of returned. */
#include "../rn_test.h"
#include "rn_pack.h"
#include "rn_trace.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static void write_trace(const char *path, int nchunks)
{
	rn_header h;
	rn_header_init_local(&h, "t_pack");
	char err[256];
	rn_writer *w = rn_writer_open(path, &h, NULL, err, sizeof(err));
	CHECK(w);
	rn_chunk_builder b;
	rn_chunk_init(&b);
	for (int c = 0; c < nchunks; c++) {
		for (int i = 0; i < 100; i++) {
			rn_syscall sc = {0};
			sc.t_entry = 1000000 + (uint64_t)(c * 100 + i) * 1000;
			sc.t_exit = sc.t_entry + 500;
			sc.nr = 39;
			sc.pid = sc.tid = 7;
			CHECK(rn_chunk_add_syscall(&b, &sc, NULL, 0) == 0);
		}
		CHECK(rn_writer_write_chunk(w, &b, err, sizeof(err)) == 0);
	}
	rn_chunk_free(&b);
	CHECK(rn_writer_close(w, err, sizeof(err)) == 0);
}

static uint8_t *slurp(const char *path, size_t *n)
{
	struct stat sb;
	CHECK(stat(path, &sb) == 0);
	uint8_t *p = malloc((size_t)sb.st_size + 1);
	int fd = open(path, O_RDONLY);
	CHECK(p && fd >= 0 && read(fd, p, (size_t)sb.st_size) == sb.st_size);
	close(fd);
	*n = (size_t)sb.st_size;
	return p;
}

static uint64_t count_events(const char *path, int *whole)
{
	char err[256];
	rn_reader *r = rn_reader_open(path, err, sizeof(err));
	CHECK(r);
	rn_event ev;
	uint64_t n = 0;
	while (rn_reader_next(r, &ev) == 1)
		n++;
	*whole = rn_reader_damage(r) == NULL && rn_reader_status_get(r)->has_trailer;
	rn_reader_close(r);
	return n;
}

int main(void)
{
	char err[256];
	write_trace("a.rn", 3);
	CHECK(system("cp a.rn orig.rn") == 0);
	size_t n0;
	uint8_t *orig = slurp("orig.rn", &n0);

	/* Two files: one compressible, one random-ish. */
	static uint8_t big[200000], small[] = "\x7f"
	                                      "ELF not really";
	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (uint8_t)(i * 2654435761u >> 13);
	const uint8_t bid1[20] = {1,  2,  3,  4,  5,  6,  7,  8,  9,  10,
	                          11, 12, 13, 14, 15, 16, 17, 18, 19, 20};
	const uint8_t bid2[4] = {0xde, 0xad, 0xbe, 0xef};
	rn_pack_file files[2] = {
	    {RN_PACK_ELF, bid1, 20, "/usr/lib/libbig.so", big, sizeof(big)},
	    {RN_PACK_DEBUG, bid2, 4, "/bin/small", small, sizeof(small) - 1},
	};
	CHECK(rn_pack_write("a.rn", files, 2, err, sizeof(err)) == 0);

	/* The original bytes up to its index are untouched. */
	size_t n1;
	uint8_t *packed = slurp("a.rn", &n1);
	CHECK(n1 > n0);
	const rn_chunk_info *ci;
	uint32_t nc;
	rn_reader *r = rn_reader_open("orig.rn", err, sizeof(err));
	CHECK(r && rn_reader_chunks(r, &ci, &nc) == 0 && nc == 3);
	uint64_t end = ci[nc - 1].offset + 8 + RN_CHUNK_MARKER_SIZE + ci[nc - 1].csize;
	rn_reader_close(r);
	CHECK(memcmp(orig, packed, end) == 0);

	/* Events and integrity as before. */
	int whole;
	CHECK_EQ_U(count_events("a.rn", &whole), 300);
	CHECK(whole);

	/* The packed files come back. */
	rn_pack_entry *list;
	size_t nl;
	CHECK(rn_pack_list("a.rn", &list, &nl, err, sizeof(err)) == 0);
	CHECK_EQ_U(nl, 2);
	CHECK_EQ_U(list[0].kind, RN_PACK_ELF);
	CHECK_STR(list[0].path, "/usr/lib/libbig.so");
	CHECK(list[0].build_id_len == 20 && memcmp(list[0].build_id, bid1, 20) == 0);
	CHECK_EQ_U(list[1].kind, RN_PACK_DEBUG);
	uint8_t *data;
	size_t len;
	CHECK(rn_pack_read("a.rn", &list[0], &data, &len, err, sizeof(err)) == 0);
	CHECK(len == sizeof(big) && memcmp(data, big, len) == 0);
	free(data);
	CHECK(rn_pack_read("a.rn", &list[1], &data, &len, err, sizeof(err)) == 0);
	CHECK(len == sizeof(small) - 1 && memcmp(data, small, len) == 0);
	free(data);

	/* zstd skips the pack frames: the same decompressed output. */
	CHECK(
	    system(
	        "zstd -q -dc orig.rn >orig.out && zstd -q -dc a.rn >a.out && cmp orig.out a.out") ==
	    0);

	/* Packing again appends after the first files. */
	CHECK(rn_pack_write("a.rn", files + 1, 1, err, sizeof(err)) == 0);
	rn_pack_list_free(list, nl);
	CHECK(rn_pack_list("a.rn", &list, &nl, err, sizeof(err)) == 0);
	CHECK_EQ_U(nl, 3);
	CHECK_EQ_U(count_events("a.rn", &whole), 300);
	CHECK(whole);

	/* A flipped byte inside a packed file is caught by the check word. */
	size_t n2;
	uint8_t *p2 = slurp("a.rn", &n2);
	p2[list[0].data_off + 100] ^= 0x40;
	int fd = open("bad.rn", O_WRONLY | O_CREAT | O_TRUNC, 0600);
	CHECK(fd >= 0 && write(fd, p2, n2) == (ssize_t)n2);
	close(fd);
	CHECK(rn_pack_read("bad.rn", &list[0], &data, &len, err, sizeof(err)) == -1);
	CHECK(strstr(err, "corrupt") != NULL);
	rn_pack_list_free(list, nl);

	/* A cut trace (no trailer) is refused and left as it was. */
	fd = open("cut.rn", O_WRONLY | O_CREAT | O_TRUNC, 0600);
	CHECK(fd >= 0 && write(fd, orig, n0 - 50) == (ssize_t)(n0 - 50));
	close(fd);
	CHECK(rn_pack_write("cut.rn", files, 1, err, sizeof(err)) == -1);
	CHECK(strstr(err, "no index") != NULL);
	size_t n3;
	uint8_t *cut = slurp("cut.rn", &n3);
	CHECK(n3 == n0 - 50 && memcmp(cut, orig, n3) == 0);
	/* No temporary file is left behind. */
	CHECK(system("test -z \"$(ls | grep pack)\"") == 0);
	free(cut);
	free(p2);
	free(orig);
	free(packed);
	return 0;
}
