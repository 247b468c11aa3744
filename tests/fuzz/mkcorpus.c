/* mkcorpus.c: writes the seed corpora of the fuzz targets into DIR/reader,
 * DIR/chunk, DIR/filter, DIR/otlp and DIR/pack: small real traces (format 5.0;
 * the 1.0 and 2.0 ones are the committed *-v1 and *-v2 files) (closed,
 * abandoned, empty, one
 * with a frame from a "newer writer", cut ones), raw Chunk and Header
 * FlatBuffers, -e trace= expressions, OTLP collector answers (DIR/otlp) and
 * traces with pack frames (DIR/pack).
 * Usage: mkcorpus DIR */
#include "../format/rn_sample.h"
#include "../rn_test.h"
#include "rn_header_codec.h"
#include "rn_pack.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *dir;

static void put(const char *sub, const char *name, const void *p, size_t n)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", dir, sub);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/%s/%s", dir, sub, name);
	FILE *f = fopen(path, "wb");
	CHECK(f && fwrite(p, 1, n, f) == n && fclose(f) == 0);
}

static uint8_t *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	CHECK(f);
	static uint8_t buf[1 << 20];
	*n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	return buf;
}

/* A trace written with nchunks sample chunks, kept whole and cut at 'cuts'. */
static void trace(const char *name, int nchunks, int closed)
{
	unlink("mkcorpus.tmp");
	rn_sample_write("mkcorpus.tmp", nchunks, closed);
	size_t n;
	uint8_t *p = slurp("mkcorpus.tmp", &n);
	put("reader", name, p, n);
	unlink("mkcorpus.tmp");
}

int main(int argc, char **argv)
{
	CHECK(argc == 2);
	dir = argv[1];
	mkdir(dir, 0755);
	trace("closed-3", 3, 1);
	trace("closed-1", 1, 1);
	trace("closed-0", 0, 1);
	trace("abandoned-2", 2, 0);
	/* A closed trace cut inside its second chunk, and one with a skippable
	 * frame of a newer writer between the chunks (magic 0x184D2A5E). */
	rn_sample_write("mkcorpus.tmp", 2, 1);
	size_t n;
	uint8_t *p = slurp("mkcorpus.tmp", &n);
	unlink("mkcorpus.tmp");
	put("reader", "cut", p, n * 2 / 3);
	static uint8_t mix[1 << 20];
	const rn_chunk_info *ci;
	uint32_t nc;
	char err[256];
	rn_sample_write("mkcorpus.tmp", 2, 0);
	rn_reader *r = rn_reader_open("mkcorpus.tmp", err, sizeof(err));
	CHECK(r && rn_reader_chunks(r, &ci, &nc) == 0 && nc == 2);
	size_t split = (size_t)ci[1].offset;
	rn_reader_close(r);
	p = slurp("mkcorpus.tmp", &n);
	unlink("mkcorpus.tmp");
	memcpy(mix, p, split);
	const uint8_t future[12] = {0x5e, 0x2a, 0x4d, 0x18, 4, 0, 0, 0, 'N', 'E', 'W', '!'};
	memcpy(mix + split, future, sizeof(future));
	memcpy(mix + split + sizeof(future), p + split, n - split);
	put("reader", "future-frame", mix, n + sizeof(future));

	/* Traces with pack frames for fuzz_pack: one ELF-like file and one
	 * debug file. */
	rn_sample_write("mkcorpus.tmp", 2, 1);
	static uint8_t elf[600];
	for (size_t i = 0; i < sizeof(elf); i++)
		elf[i] = i < 4 ? (uint8_t) "\177ELF"[i] : (uint8_t)(i % 7 == 0 ? i : 0);
	const uint8_t bid[20] = {1,  2,  3,  4,  5,  6,  7,  8,  9,  10,
	                         11, 12, 13, 14, 15, 16, 17, 18, 19, 20};
	rn_pack_file pf[2] = {{RN_PACK_ELF, bid, 20, "/usr/bin/true", elf, sizeof(elf)},
	                      {RN_PACK_DEBUG, bid, 20, "/usr/lib/debug/true.debug", elf, 100}};
	CHECK(rn_pack_write("mkcorpus.tmp", pf, 2, err, sizeof(err)) == 0);
	p = slurp("mkcorpus.tmp", &n);
	put("pack", "packed", p, n);
	put("pack", "packed-cut", p, n - 1); /* cut inside the trailer */
	unlink("mkcorpus.tmp");

	/* Raw FlatBuffers for fuzz_chunk. */
	rn_chunk_builder b;
	rn_chunk_init(&b);
	rn_sample_chunk(&b, 1);
	const uint8_t *fb;
	size_t len;
	CHECK(rn_chunk_encode(&b, 7, &fb, &len) == 0);
	put("chunk", "sample", fb, len);
	CHECK(rn_chunk_encode_major(&b, 7, 1, &fb, &len) == 0); /* 1.0 records */
	put("chunk", "sample-v1", fb, len);
	/* A getdents64 result: its records go to the dirent columns. Read twice:
	 * 5.x predicts the second read's d_off from the names (each record's
	 * d_off is the next one's cookie, the last one's ext4's end cookie). */
	rn_chunk_reset(&b);
	static uint8_t dents[3 * 32];
	for (int k = 0; k < 3; k++) {
		uint8_t *r = dents + 32 * k;
		rn_put64(r, 100 + (uint64_t)k);
		rn_put64(r + 8,
		         k < 2 ? 0x7000000000000001ull + (uint64_t)k : 0x7fffffffffffffffull);
		rn_put16(r + 16, 32);
		r[18] = 8;
		memcpy(r + 19,
		       k == 0   ? ".."
		       : k == 1 ? "name.txt"
		                : "b.txt",
		       k == 0   ? 3
		       : k == 1 ? 9
		                : 6);
		r[31] = (uint8_t)k; /* stale padding */
	}
	rn_capture dc = {0x5000, sizeof(dents), 32768, RN_CAP_ARRAY, 1, RN_CAPF_EXIT, dents};
	rn_syscall ds = {1000, 2000, {3, 0x5000, 32768}, sizeof(dents), 0x401000, 9, 9, 217, 0,
	                 1,    &dc};
	CHECK(rn_chunk_add_syscall(&b, &ds, &dc, 1) == 0);
	CHECK(rn_chunk_add_syscall(&b, &ds, &dc, 1) == 0);
	CHECK(rn_chunk_encode(&b, 8, &fb, &len) == 0);
	put("chunk", "dirents", fb, len);
	/* 3.x, 4.x: struct stat results go to the stat columns; times at 1 us. */
	rn_chunk_reset(&b);
	static uint8_t st[144];
	rn_put64(st, 0x803);
	rn_put64(st + 8, 1234567);
	rn_put64(st + 16, 1);
	rn_put32(st + 24, 0100644);
	rn_put64(st + 48, 5000);
	rn_put64(st + 56, 4096);
	rn_put64(st + 64, 16);
	rn_put64(st + 72, 1700000000);
	rn_put64(st + 88, 1700000000);
	rn_put64(st + 104, 1700000001);
	rn_put64(st + 112, 123456789);
	rn_capture sc2 = {0x6000, 144, 144, RN_CAP_STRUCT, 2, RN_CAPF_EXIT, st};
	rn_syscall ss = {1000, 3000, {(uint64_t)-100, 0x7000, 0x6000}, 0, 0x401000, 9, 9, 262, 0,
	                 1,    &sc2};
	CHECK(rn_chunk_add_syscall(&b, &ss, &sc2, 1) == 0);
	CHECK(rn_chunk_add_syscall(&b, &ss, &sc2, 1) == 0);
	b.clock_res = 1000;
	CHECK(rn_chunk_encode(&b, 9, &fb, &len) == 0);
	put("chunk", "stat", fb, len);
	/* 4.x, 5.x: struct statx results go to the statx columns. */
	rn_chunk_reset(&b);
	static uint8_t sx[256];
	rn_put32(sx, 0x17ff);          /* stx_mask */
	rn_put32(sx + 4, 4096);        /* stx_blksize */
	rn_put32(sx + 16, 1);          /* stx_nlink */
	rn_put32(sx + 20, 1000);       /* stx_uid */
	rn_put32(sx + 24, 1000);       /* stx_gid */
	rn_put16(sx + 28, 0100755);    /* stx_mode */
	rn_put64(sx + 32, 1234567);    /* stx_ino */
	rn_put64(sx + 40, 5000);       /* stx_size */
	rn_put64(sx + 48, 16);         /* stx_blocks */
	rn_put64(sx + 56, 0x303874);   /* stx_attributes_mask */
	rn_put64(sx + 64, 1700000002); /* stx_atime */
	rn_put32(sx + 72, 5);
	rn_put64(sx + 96, 1700000001); /* stx_ctime */
	rn_put32(sx + 104, 123456789);
	rn_put64(sx + 112, 1700000000); /* stx_mtime */
	rn_put32(sx + 136, 254);        /* stx_dev_major */
	rn_put32(sx + 140, 1);          /* stx_dev_minor */
	rn_put64(sx + 144, 27);         /* stx_mnt_id */
	rn_capture sxc = {0x6000, 256, 256, RN_CAP_STRUCT, 4, RN_CAPF_EXIT, sx};
	rn_syscall sxs = {
	    1000, 3000, {(uint64_t)-100, 0x7000, 0x100, 0x7ff, 0x6000}, 0, 0x401000, 9, 9, 332, 0,
	    1,    &sxc};
	CHECK(rn_chunk_add_syscall(&b, &sxs, &sxc, 1) == 0);
	CHECK(rn_chunk_add_syscall(&b, &sxs, &sxc, 1) == 0);
	CHECK(rn_chunk_encode(&b, 10, &fb, &len) == 0);
	put("chunk", "statx", fb, len);
	rn_chunk_reset(&b);
	rn_loss l = {5, 1, 2, 3, RN_LOSS_LIMIT};
	CHECK(rn_chunk_add_loss(&b, &l) == 0);
	CHECK(rn_chunk_encode(&b, 0, &fb, &len) == 0);
	put("chunk", "loss", fb, len);
	rn_chunk_free(&b);
	rn_header h;
	rn_sample_header(&h);
	rn_fbb hb;
	rn_fbb_init(&hb);
	CHECK(rn_header_encode(&h, &hb) == 0);
	put("chunk", "header", hb.p, hb.len);
	rn_fbb_free(&hb);

	static const char *exprs[] = {
	    "trace=open,close",    "all",       "none", "%file", "!write", "/^open",
	    "trace=%network,read", "file,desc", "?open"};
	for (size_t i = 0; i < sizeof(exprs) / sizeof(exprs[0]); i++) {
		char name[16];
		snprintf(name, sizeof(name), "expr%zu", i);
		put("filter", name, exprs[i], strlen(exprs[i]));
	}
	/* Collector answers for fuzz_otlp: first byte 0 protobuf, 1 JSON. */
	const uint8_t pb[] = {0,   0x0a, 0x0b, 0x08, 0x03, 0x12, 0x07,
	                      't', 'o',  'o',  ' ',  'b',  'i',  'g'};
	put("otlp", "pb-partial", pb, sizeof(pb));
	put("otlp", "pb-empty", "", 1);
	const char *js[] = {"\001{}",
	                    "\001{\"partialSuccess\":{\"rejectedSpans\":\"3\","
	                    "\"errorMessage\":\"too big\"}}",
	                    "\001{\"partialSuccess\":{\"rejectedSpans\":12}}"};
	for (size_t i = 0; i < sizeof(js) / sizeof(js[0]); i++) {
		char name[16];
		snprintf(name, sizeof(name), "json%zu", i);
		put("otlp", name, js[i], strlen(js[i]));
	}
	return 0;
}
