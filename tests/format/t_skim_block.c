/* The writer's zstd frame ends a block exactly where a skimming reader's
 * columns end (rn_chunk_builder.skim_end), so that RN_READ_SKIM |
 * RN_READ_PREFIX decompresses no further; and the frame holds the chunk byte
 * for byte. A chunk of 6000 syscalls with captures (several 128 KiB zstd
 * blocks) is written at the default level (3: the writer's own match-finder
 * parameters) and at 1 and 9; its frame is decompressed block by block
 * (ZSTD_decompressContinue) and the block ends are compared with skim_end. */
#include "../rn_test.h"
#include "rn_chunk.h"
#include "rn_trace.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#define ZSTD_STATIC_LINKING_ONLY /* ZSTD_decompressContinue: block by block */
#include <zstd.h>

enum { N = 6000 };

static void fill(rn_chunk_builder *b)
{
	uint8_t buf[300];
	for (int i = 0; i < N; i++) {
		for (size_t k = 0; k < sizeof(buf); k++)
			buf[k] = (uint8_t)(k * 7 + (size_t)i * 13);
		rn_capture cap = {0x7ffc0000 + (uint64_t)i,
		                  (uint32_t)(40 + i % 200),
		                  (uint32_t)(40 + i % 200),
		                  RN_CAP_BUFFER,
		                  1,
		                  RN_CAPF_EXIT,
		                  buf};
		rn_syscall sc = {1000000000ull + (uint64_t)i * 900,
		                 1000000000ull + (uint64_t)i * 900 + 300 + (uint64_t)(i % 50),
		                 {3, 0x7ffc0000 + (uint64_t)i, 4096, 0, 0, 0},
		                 (int64_t)(40 + i % 200),
		                 0x401000,
		                 100,
		                 100 + i % 3,
		                 0,
		                 0,
		                 0,
		                 NULL};
		CHECK(rn_chunk_add_syscall(b, &sc, &cap, 1) == 0);
	}
}

/* Decompresses the frame z[0, zn) block by block into out (cap bytes);
 * returns the number of block ends stored in ends (decompressed offsets). */
static int block_ends(const uint8_t *z, size_t zn, uint8_t *out, size_t cap, size_t *ends, int max)
{
	ZSTD_DCtx *d = ZSTD_createDCtx();
	CHECK(d && ZSTD_decompressBegin(d) == 0);
	size_t in = 0, got = 0;
	int n = 0;
	for (;;) {
		size_t want = ZSTD_nextSrcSizeToDecompress(d);
		if (want == 0)
			break;
		CHECK(in + want <= zn);
		ZSTD_nextInputType_e kind = ZSTD_nextInputType(d);
		size_t k = ZSTD_decompressContinue(d, out + got, cap - got, z + in, want);
		CHECK(!ZSTD_isError(k));
		in += want;
		got += k;
		if ((kind == ZSTDnit_block || kind == ZSTDnit_lastBlock) && n < max)
			ends[n++] = got;
	}
	CHECK_EQ_U(in, zn);
	ZSTD_freeDCtx(d);
	return n;
}

static void check_level(int level)
{
	rn_chunk_builder b;
	rn_chunk_init(&b);
	fill(&b);
	b.clock_res = 1;
	const uint8_t *fb;
	size_t len;
	CHECK(rn_chunk_encode_major(&b, 0, RN_FORMAT_MAJOR, &fb, &len) == 0);
	size_t skim = b.skim_end;
	CHECK(skim > 0 && skim < len / 4);
	uint8_t *want = malloc(len);
	CHECK(want);
	memcpy(want, fb, len);

	rn_header h;
	rn_header_init_local(&h, "t_skim_block");
	h.clock_res_ns = 1;
	char err[256];
	unlink("skim.rn");
	rn_writer_opts o = {level};
	rn_writer *w = rn_writer_open("skim.rn", &h, &o, err, sizeof(err));
	CHECK(w);
	CHECK(rn_writer_write_chunk(w, &b, err, sizeof(err)) == 0);
	CHECK(rn_writer_close(w, err, sizeof(err)) == 0);
	rn_chunk_free(&b);

	rn_reader *r = rn_reader_open("skim.rn", err, sizeof(err));
	CHECK(r);
	const rn_chunk_info *ci;
	uint32_t nc;
	CHECK(rn_reader_chunks(r, &ci, &nc) == 0);
	CHECK_EQ_U(nc, 1);
	CHECK_EQ_U(ci[0].usize, len);
	FILE *f = fopen("skim.rn", "rb");
	CHECK(f);
	uint8_t *z = malloc(ci[0].csize), *out = malloc(len);
	CHECK(z && out);
	CHECK(fseek(f, (long)(ci[0].offset + 8 + RN_CHUNK_MARKER_SIZE), SEEK_SET) == 0);
	CHECK(fread(z, 1, ci[0].csize, f) == ci[0].csize);
	fclose(f);
	size_t ends[64];
	int n = block_ends(z, ci[0].csize, out, len, ends, 64);
	CHECK(n >= 3); /* the skimmed columns, then at least two 128 KiB blocks */
	CHECK_EQ_U(ends[n - 1], len);
	CHECK(memcmp(out, want, len) == 0);
	int at = -1;
	for (int i = 0; i < n; i++)
		if (ends[i] == skim)
			at = i;
	if (at != 0)
		fprintf(stderr, "level %d: skim_end %zu, first block ends at %zu\n", level, skim,
		        ends[0]);
	CHECK_EQ_U(at, 0);
	rn_reader_close(r);
	free(z);
	free(out);
	free(want);
	unlink("skim.rn");
}

int main(void)
{
	check_level(0); /* the default: 3 */
	check_level(1);
	check_level(9);
	return 0;
}
