/* Forward compatibility, as a newer writer would exercise it: a Chunk table
 * with fields this reader does not know (a new vector and a new scalar after
 * blob), event kinds it does not know in Chunk.order (skipped and counted),
 * skippable frames of unknown magics, zero-size frames and a newer minor
 * version: the known events are all read, with their values. */
#include "../rn_test.h"
#include "rn_header_codec.h"
#include "rn_sample.h"

#include <fcntl.h>
#include <unistd.h>
#include <zstd.h>

/* Appends one marker + zstd frame holding the FlatBuffer fb to fd. */
static void append_chunk(int fd, const uint8_t *fb, size_t len, uint32_t seq, uint32_t nev)
{
	static uint8_t z[1 << 16];
	size_t cs = ZSTD_compress(z, sizeof(z), fb, len, 3);
	CHECK(!ZSTD_isError(cs));
	uint8_t m[8 + RN_CHUNK_MARKER_SIZE];
	rn_put32(m, RN_MAGIC_CHUNK);
	rn_put32(m + 4, RN_CHUNK_MARKER_SIZE);
	memcpy(m + 8, "RNCK", 4);
	rn_put32(m + 12, seq);
	rn_put32(m + 16, (uint32_t)cs);
	rn_put32(m + 20, (uint32_t)len);
	rn_put64(m + 24, 5000);
	rn_put64(m + 32, 9000);
	rn_put32(m + 40, nev);
	rn_put32(m + 44, rn_fnv1a(m + 8, RN_CHUNK_MARKER_SIZE - 4));
	CHECK(write(fd, m, sizeof(m)) == (ssize_t)sizeof(m));
	CHECK(write(fd, z, cs) == (ssize_t)cs);
}

/* A chunk as a newer writer might write it: fields 15 (a vector) and 16 (a
 * ulong) unknown here (13 and 14 are the 2.x columns); order codes 9 and 200
 * unknown here. */
static void future_chunk(rn_fbb *f)
{
	rn_fbb_start(f, "RNC1");
	rn_fb_field fl[17] = {0};
	fl[0] = (rn_fb_field){4, 1, 3, 0};    /* seq */
	fl[1] = (rn_fb_field){8, 1, 5000, 0}; /* base_ns */
	fl[2] = (rn_fb_field){4, 1, 0, 0};    /* order */
	fl[3] = (rn_fb_field){4, 1, 0, 0};    /* syscalls */
	fl[8] = (rn_fb_field){4, 1, 0, 0};    /* losses */
	fl[15] = (rn_fb_field){4, 1, 0, 0};   /* a new vector */
	fl[16] = (rn_fb_field){8, 1, 0x1122334455667788ull, 0};
	rn_fbb_table(f, fl, 17);
	const uint8_t order[] = {1, 9, 5, 200, 1};
	rn_fbb_vector(f, fl[2].pos, order, sizeof(order), 1, 1);
	uint8_t sc[2 * RN_SYSCALL_SIZE] = {0};
	for (int i = 0; i < 2; i++) {
		uint8_t *r = sc + i * RN_SYSCALL_SIZE;
		rn_put64(r, 100);         /* entry delta */
		rn_put64(r + 8, 10);      /* duration */
		rn_put64(r + 64, 7 + i);  /* ret */
		rn_put32(r + 80, 42);     /* pid */
		rn_put32(r + 84, 42 + i); /* tid */
		rn_put16(r + 88, 39);     /* nr */
	}
	rn_fbb_vector(f, fl[3].pos, sc, 2, RN_SYSCALL_SIZE, 8);
	uint8_t loss[RN_LOSS_SIZE] = {0};
	rn_put64(loss, 150);
	rn_put64(loss + 8, 3);
	rn_put32(loss + 24, RN_LOSS_LIMIT);
	rn_fbb_vector(f, fl[8].pos, loss, 1, RN_LOSS_SIZE, 8);
	const uint32_t extra[3] = {1, 2, 3};
	rn_fbb_vector(f, fl[15].pos, extra, 3, 4, 4);
	CHECK(rn_fbb_finish(f) == 0);
}

int main(void)
{
	/* A header, then: a zero-size skippable frame, an unknown skippable
	 * frame, the future chunk, then a regular sample chunk. */
	rn_sample_write("t.rn", 0, 0);
	int fd = open("t.rn", O_WRONLY | O_APPEND);
	CHECK(fd >= 0);
	const uint8_t zero[8] = {0x5f, 0x2a, 0x4d, 0x18, 0, 0, 0, 0};
	const uint8_t other[14] = {0x5e, 0x2a, 0x4d, 0x18, 6,   0,   0,
	                           0,    'f',  'u',  't',  'u', 'r', 'e'};
	CHECK(write(fd, zero, 8) == 8 && write(fd, other, 14) == 14);
	rn_fbb f;
	rn_fbb_init(&f);
	future_chunk(&f);
	append_chunk(fd, f.p, f.len, 3, 5);
	rn_fbb_free(&f);
	rn_chunk_builder b;
	rn_chunk_init(&b);
	rn_sample_chunk(&b, 4);
	const uint8_t *fb;
	size_t len;
	CHECK(rn_chunk_encode(&b, 4, &fb, &len) == 0);
	append_chunk(fd, fb, len, 4, RN_SAMPLE_EVENTS);
	rn_chunk_free(&b);
	CHECK(close(fd) == 0);

	char err[256];
	rn_reader *r = rn_reader_open("t.rn", err, sizeof(err));
	CHECK(r);
	rn_event ev;
	CHECK(rn_reader_next(r, &ev) == 1 && ev.kind == RN_EV_SYSCALL);
	CHECK_EQ_U(ev.u.sc.t_entry, 5100);
	CHECK_EQ_U(ev.u.sc.t_exit, 5110);
	CHECK_EQ_U(ev.u.sc.ret, 7);
	CHECK_EQ_U(ev.u.sc.nr, 39);
	CHECK(rn_reader_next(r, &ev) == 1 && ev.kind == RN_EV_LOSS);
	CHECK_EQ_U(ev.u.loss.time, 5150);
	CHECK_EQ_U(ev.u.loss.count, 3);
	CHECK_EQ_U(ev.u.loss.reason, RN_LOSS_LIMIT);
	CHECK(rn_reader_next(r, &ev) == 1 && ev.kind == RN_EV_SYSCALL);
	CHECK_EQ_U(ev.u.sc.t_entry, 5200);
	CHECK_EQ_U(ev.u.sc.tid, 43);
	CHECK_EQ_U(ev.u.sc.ret, 8);
	rn_sample_check(r, 4);
	CHECK(rn_reader_next(r, &ev) == 0);
	const rn_reader_status *st = rn_reader_status_get(r);
	CHECK_EQ_U(st->chunks_ok, 2);
	CHECK_EQ_U(st->chunks_bad, 0);
	CHECK_EQ_U(st->unknown_events, 2);
	CHECK_EQ_U(st->bytes_skipped, 0);
	CHECK_STR(rn_reader_damage(r), "recovered 2 chunks (12 events); 0 corrupt skipped; the "
	                               "file has no index (the recorder did not finish)");
	rn_reader_close(r);
	printf("unknown fields, event kinds and frames skipped: ok\n");
	return 0;
}
