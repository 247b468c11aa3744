/* The 2.x syscall and capture columns round-trip every value exactly, in
 * chunks built to defeat each prediction: 20,000 random syscalls over 3,000
 * threads (more (tid, nr) keys than prediction slots, so slots collide and
 * are replaced), extreme values in every field (0, all ones, INT32_MIN and
 * MAX tids and pids, pid far from tid, ret == a2 on errors and on garbage,
 * every flag bit, nr 65535), captures of every kind with addresses near and
 * far from their argument, truncated, unreadable and empty ones, orig_len
 * smaller than len, and blob bytes of other events between captures (nonzero
 * gaps). Each chunk is decoded from both layouts (2.0 columns, 1.0 records)
 * and every field compared with what was added. */
#include "../rn_test.h"
#include "rn_chunk.h"

#include <stdlib.h>

enum { N = 20000 };

static uint64_t rng = 0x243f6a8885a308d3ull;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* A value that is often equal to the previous one, small, or extreme. */
static uint64_t val(uint64_t prev)
{
	static const uint64_t edge[] = {
	    0, 1, UINT64_MAX, (uint64_t)INT64_MIN, INT64_MAX, 0x7ffc12345678ull, (uint64_t)-4095};
	switch (rnd() % 6) {
	case 0:
		return prev;
	case 1:
		return prev + rnd() % 64 - 32;
	case 2:
		return edge[rnd() % 7];
	case 3:
		return rnd() % 4096;
	default:
		return rnd();
	}
}

static rn_syscall sc[N];
static rn_capture caps[N][3];
static uint8_t data[4096];

static void make(void)
{
	uint64_t prev = 0;
	for (int i = 0; i < N; i++) {
		rn_syscall *s = &sc[i];
		static const int32_t ids[] = {INT32_MIN, INT32_MAX, 0, -1, 1};
		s->tid = rnd() % 10 == 0 ? ids[rnd() % 5] : (int32_t)(1000 + rnd() % 3000);
		s->pid = rnd() % 4 ? s->tid : (rnd() % 2 ? ids[rnd() % 5] : (int32_t)rnd());
		s->nr = rnd() % 20 == 0 ? 65535 : (uint16_t)(rnd() % 8);
		s->flags = (uint16_t)(rnd() % 8 == 0 ? 0xffff & ~RN_SC_NO_EXIT : rnd() % 32);
		s->t_entry = 1000000000000ull + (uint64_t)i * 5000 - rnd() % 20000;
		s->t_exit = s->flags & RN_SC_NO_EXIT ? 0 : s->t_entry + rnd() % 100000;
		for (int k = 0; k < 6; k++)
			s->args[k] = val(prev), prev = s->args[k];
		s->ret = rnd() % 3 == 0 ? (int64_t)s->args[2] : (int64_t)val(prev);
		s->ip = rnd() % 2 ? 0x401000 + rnd() % 8 * 16 : val(prev);
		s->ncap = (uint16_t)(rnd() % 4);
		for (int j = 0; j < s->ncap; j++) {
			rn_capture *c = &caps[i][j];
			c->kind = (uint8_t)(1 + rnd() % 8);
			c->arg = rnd() % 5 == 0 ? RN_CAP_NOARG : (uint8_t)(rnd() % 6);
			c->addr = c->arg < 6 && rnd() % 2 ? s->args[c->arg] : val(prev);
			c->flags = (uint16_t)(rnd() % 8);
			c->len = c->flags & RN_CAPF_UNREADABLE ? 0 : (uint32_t)(rnd() % 200);
			c->orig_len =
			    rnd() % 10 == 0 ? (uint32_t)rnd() : c->len + (uint32_t)(rnd() % 3);
			c->data = c->len ? data + rnd() % 2048 : NULL;
		}
		s->caps = caps[i];
	}
}

static void check_chunk(int major, int from, int to)
{
	rn_chunk_builder b;
	rn_chunk_init(&b);
	for (int i = from; i < to; i++) {
		CHECK(rn_chunk_add_syscall(&b, &sc[i], sc[i].caps, sc[i].ncap) == 0);
		if (i % 7 == 0) { /* blob bytes of another event between captures */
			rn_proc p = {sc[i].t_entry, 0, 1,    1,         2, 0,
			             RN_PROC_EXEC,  0, data, 1 + i % 50};
			CHECK(rn_chunk_add_proc(&b, &p) == 0);
		}
	}
	const uint8_t *fb;
	size_t len;
	CHECK(rn_chunk_encode_major(&b, 1, major, &fb, &len) == 0);
	uint8_t *copy = aligned_alloc(8, (len + 7) / 8 * 8);
	CHECK(copy);
	memcpy(copy, fb, len);
	rn_chunk_view v;
	memset(&v, 0, sizeof(v));
	const char *why = NULL;
	if (rn_chunk_open_major(&v, copy, len, major, &why) < 0)
		fprintf(stderr, "open: %s\n", why);
	CHECK(why == NULL);
	rn_event ev;
	int i = from;
	while (rn_chunk_next(&v, &ev, &why) == 1) {
		if (ev.kind != RN_EV_SYSCALL)
			continue;
		const rn_syscall *a = &sc[i], *d = &ev.u.sc;
		CHECK_EQ_U(d->t_entry, a->t_entry);
		CHECK_EQ_U(d->t_exit, a->t_exit);
		for (int k = 0; k < 6; k++)
			CHECK_EQ_U(d->args[k], a->args[k]);
		CHECK_EQ_U(d->ret, a->ret);
		CHECK_EQ_U(d->ip, a->ip);
		CHECK_EQ_U(d->pid, a->pid);
		CHECK_EQ_U(d->tid, a->tid);
		CHECK_EQ_U(d->nr, a->nr);
		CHECK_EQ_U(d->flags, a->flags);
		CHECK_EQ_U(d->ncap, a->ncap);
		for (int j = 0; j < a->ncap; j++) {
			const rn_capture *x = &a->caps[j], *y = &d->caps[j];
			CHECK_EQ_U(y->addr, x->addr);
			CHECK_EQ_U(y->len, x->len);
			CHECK_EQ_U(y->orig_len, x->orig_len);
			CHECK_EQ_U(y->kind, x->kind);
			CHECK_EQ_U(y->arg, x->arg);
			CHECK_EQ_U(y->flags, x->flags);
			CHECK(x->len == 0 || memcmp(y->data, x->data, x->len) == 0);
		}
		i++;
	}
	CHECK(why == NULL);
	CHECK_EQ_U(i, to);
	rn_chunk_view_free(&v);
	free(copy);
	rn_chunk_free(&b);
}

int main(void)
{
	make();
	for (int major = 1; major <= 2; major++) {
		check_chunk(major, 0, N);       /* one big chunk: slots collide */
		check_chunk(major, 100, 101);   /* a single call */
		check_chunk(major, 5000, 5600); /* a chunk starting mid-stream */
	}
	/* An unknown layout version is refused by the encoder. */
	rn_chunk_builder b;
	rn_chunk_init(&b);
	const uint8_t *fb;
	size_t len;
	CHECK(rn_chunk_add_syscall(&b, &sc[0], sc[0].caps, sc[0].ncap) == 0);
	CHECK(rn_chunk_encode_major(&b, 0, 3, &fb, &len) < 0);
	CHECK(rn_chunk_encode_major(&b, 0, 0, &fb, &len) < 0);
	rn_chunk_free(&b);
	printf("columns: %d syscalls with extreme values round-trip in 2.0 and 1.0: ok\n", N);
	return 0;
}
