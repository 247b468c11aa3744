/* The 2.x syscall and capture columns round-trip every value exactly, in
 * chunks built to defeat each prediction: 20,000 random syscalls over 3,000
 * threads (more (tid, nr) keys than prediction slots, so slots collide and
 * are replaced), extreme values in every field (0, all ones, INT32_MIN and
 * MAX tids and pids, pid far from tid, ret == a2 on errors and on garbage,
 * every flag bit, nr 65535), captures of every kind with addresses near and
 * far from their argument, truncated, unreadable and empty ones, orig_len
 * smaller than len, and blob bytes of other events between captures (nonzero
 * gaps); linux_dirent64 arrays (stored field by field: empty and long names,
 * garbage padding, odd record lengths, huge inodes), also cut mid-record or
 * read at entry (kept as bytes), often read again at the same address (3.x
 * stores the padding against the previous such capture); struct stat images
 * (3.x: field by field) and struct statx images (4.x: field by field) with
 * every field extreme or random, garbage in the spare bytes, cut ones, short
 * ones and unreadable ones. Each chunk is decoded from every layout (4.0 and
 * 3.0 columns at clock resolutions 1 ns and 1 us, 2.0 columns, 1.0 records) and every field
 * compared with what was added: exactly, times rounded down to the resolution; and skimmed
 * (RN_READ_SKIM: opened on growing prefixes, as a RN_READ_PREFIX reader does, a 2.x or 3.x chunk
 * needing far from all of its bytes), every field it keeps compared, the rest empty. */
#include "../rn_test.h"
#include "rn_chunk.h"

#include <stdlib.h>

enum { N = 20000 };

static uint64_t rng = 0x243f6a8885a308d3ull;

static uint64_t rnd(void)
{
	return rn_rand_next(&rng);
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
enum { NDIR = 64 };
static uint8_t dirbuf[NDIR][2048];
static uint32_t dirlen[NDIR];
enum { NSTAT = 64 };
static uint8_t statbuf[NSTAT][144];
enum { NSTATX = 64 };
static uint8_t statxbuf[NSTATX][256];

/* NSTATX struct statx images (256 bytes): every 8-byte word random, extreme
 * or ordinary (garbage in the spare and reserved bytes too); most with a
 * real file type and block size (stored field by field in 4.x, form 3), some
 * not (kept as bytes); a third like a real file (times and blocks as
 * predicted, STATX_BTIME set or not). */
static void make_statxs(void)
{
	static const uint64_t ext[] = {0, 1, UINT64_MAX, 1ull << 63, 4095, 4096};
	static const uint32_t types[] = {0100000, 0040000, 0120000, 0020000,
	                                 0060000, 0010000, 0140000};
	for (int i = 0; i < NSTATX; i++) {
		uint8_t *s = statxbuf[i];
		for (int k = 0; k < 256; k += 8)
			rn_put64(s + k, rnd() % 3 ? ext[rnd() % 6] : rnd());
		if (i % 8) {
			rn_put16(s + 28, (uint16_t)(types[rnd() % 7] | (uint32_t)(rnd() % 07777)));
			rn_put32(s + 4, 1u << (rnd() % 21));
		}
		if (i % 3 == 0) {
			rn_put32(s + 0, rnd() % 2 ? 0x17ff : 0xfff); /* mask: BTIME or not */
			rn_put64(s + 40, rnd() % 100000);
			rn_put64(s + 48, (rn_le64(s + 40) + 4095) / 4096 * 8);
			for (int t = 64; t < 128; t += 16) { /* atime, btime, ctime, mtime */
				rn_put64(s + t, 1700000000 + rnd() % 3);
				rn_put32(s + t + 8, (uint32_t)(rnd() % 1000000000));
				rn_put32(s + t + 12, 0);
			}
			memset(s + 152, 0, 104);
		}
	}
}

/* NSTAT struct stat images (x86_64, 144 bytes): every field random, extreme
 * or ordinary, garbage in the padding; most with a real file type and block
 * size (stored field by field in 3.x, form 2), some not (kept as bytes). */
static void make_stats(void)
{
	static const uint64_t ext[] = {0, 1, UINT64_MAX, 1ull << 63, 4095, 4096};
	static const uint32_t types[] = {0100000, 0040000, 0120000, 0020000,
	                                 0060000, 0010000, 0140000};
	for (int i = 0; i < NSTAT; i++) {
		uint8_t *s = statbuf[i];
		for (int k = 0; k < 144; k += 8)
			rn_put64(s + k, rnd() % 3 ? ext[rnd() % 6] : rnd());
		if (i % 8) {
			rn_put32(s + 24, types[rnd() % 7] | (uint32_t)(rnd() % 07777));
			rn_put64(s + 56, 1ull << (rnd() % 21));
		}
		if (i % 3 == 0) { /* an ordinary file: times and blocks as predicted */
			rn_put64(s + 48, rnd() % 100000);
			rn_put64(s + 64, (rn_le64(s + 48) + 4095) / 4096 * 8);
			rn_put64(s + 72, 1700000000 + rnd() % 5);
			rn_put64(s + 88, 1700000000);
			rn_put64(s + 104, 1700000000);
			rn_put64(s + 80, rnd() % 1000000000);
			rn_put64(s + 96, rn_le64(s + 80));
			rn_put64(s + 112, rnd() % 1000000000);
		}
	}
}

/* A stand-in for ext4's cookie of a name: any function of the name. */
static uint64_t name_cookie(const uint8_t *name)
{
	uint64_t h = 1469598103934665603ull;
	for (; *name; name++)
		h = (h ^ *name) * 1099511628211ull;
	return h >> 1;
}

/* NDIR buffers of linux_dirent64 records as getdents64 returns them, with
 * stale bytes after each name's NUL. */
static void make_dirents(void)
{
	for (int d = 0; d < NDIR; d++) {
		uint32_t p = 0;
		uint64_t ino = d % 3 ? 1000 + rnd() % 100000 : UINT64_MAX - rnd() % 5;
		while (p < 1800) {
			uint32_t nl = (uint32_t)(rnd() % 5 == 0 ? 0 : rnd() % (d == 7 ? 250 : 40));
			uint32_t rl = (19 + nl + 1 + 7) & ~7u;
			if (rnd() % 9 == 0)
				rl += 1 + (uint32_t)(rnd() % 12); /* not the canonical length */
			if (p + rl > sizeof(dirbuf[d]))
				break;
			uint8_t *r = dirbuf[d] + p;
			rn_put64(r, ino);
			ino += rnd() % 3 ? 1 + rnd() % 50 : rnd();
			rn_put64(r + 8, rnd() % 2 ? rnd() : p + rl);
			rn_put16(r + 16, (uint16_t)rl);
			r[18] = (uint8_t)(rnd() % 16);
			/* Half the names from a few that recur (5.x predicts d_off from them). */
			uint32_t word = (uint32_t)(rnd() % 6);
			for (uint32_t k = 0; k < nl; k++)
				r[19 + k] =
				    (uint8_t)('a' + (rnd() % 2 ? word + k % 2 : rnd() % 26));
			r[19 + nl] = 0;
			for (uint32_t k = 20 + nl; k < rl; k++)
				r[k] = rnd() % 2 ? 0 : (uint8_t)rnd();
			p += rl;
		}
		dirlen[d] = p;
		/* Most d_off as ext4 sets them: a hash of the next name (the same
		 * for the same name, in every buffer), the end cookie on the last. */
		for (uint32_t q = 0; q < p;) {
			uint8_t *r = dirbuf[d] + q;
			q += rn_le16(r + 16);
			if (rnd() % 4 == 0)
				continue;
			rn_put64(r + 8,
			         q < p ? name_cookie(dirbuf[d] + q + 19) : 0x7fffffffffffffffull);
		}
	}
}

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
			if (rnd() % 4 == 0) { /* a getdents64 buffer, whole or cut */
				int d = (int)(rnd() % NDIR);
				c->kind = RN_CAP_ARRAY;
				c->flags = rnd() % 8 ? RN_CAPF_EXIT : 0;
				c->len = rnd() % 6 ? dirlen[d] : (uint32_t)(rnd() % dirlen[d]);
				c->orig_len = dirlen[d];
				c->data = c->len ? dirbuf[d] : NULL;
				if (rnd() % 2) /* the same buffer as the last such read */
					c->addr = 0x7f0000001000ull;
			} else if (rnd() % 3 == 0) { /* a struct statx, whole, cut or short */
				c->kind = rnd() % 8 ? RN_CAP_STRUCT : RN_CAP_BUFFER;
				c->flags = rnd() % 4 ? RN_CAPF_EXIT : (uint16_t)(rnd() % 8);
				c->len = rnd() % 6 ? 256 : (uint32_t)(rnd() % 256);
				c->orig_len = rnd() % 6 ? 256 : (uint32_t)rnd();
				if (c->flags & RN_CAPF_UNREADABLE)
					c->len = 0;
				c->data = statxbuf[rnd() % NSTATX];
			} else if (rnd() % 4 == 0) { /* a struct stat, whole or cut */
				c->kind = rnd() % 8 ? RN_CAP_STRUCT : RN_CAP_BUFFER;
				c->flags = rnd() % 4 ? RN_CAPF_EXIT : (uint16_t)(rnd() % 8);
				c->len = rnd() % 6 ? 144 : (uint32_t)(rnd() % 144);
				c->orig_len = rnd() % 6 ? 144 : (uint32_t)rnd();
				c->data = statbuf[rnd() % NSTAT];
			}
		}
		s->caps = caps[i];
	}
}

static void check_chunk(int major, uint32_t res, int from, int to, int skim)
{
	rn_chunk_builder b;
	rn_chunk_init(&b);
	b.clock_res = res;
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
	if (major >= 2 && to - from == N) {
		/* The whole stream has thousands of dirent records stored as columns
		 * (DirentColumns.count, Chunk field 15). */
		rn_fb fb;
		size_t root, pos, t;
		const char *w;
		CHECK(rn_fb_open(&fb, copy, len, "RNC1", &root, &w) == 0);
		CHECK(rn_fb_field_pos(&fb, root, 15, 4, &pos) == 0 && pos);
		CHECK(rn_fb_deref(&fb, fb.buf + pos, &t) == 0);
		CHECK(rn_fb_u32(&fb, t, 0, 0) > 5000);
		/* 5.x: d_off predicted from the names for thousands of them (hit,
		 * field 8 of DirentColumns, holds a 1), not for all. */
		const uint8_t *hv = NULL;
		uint32_t nh = 0, hits = 0;
		if (major >= 5) {
			CHECK(rn_fb_vector(&fb, t, 8, 1, 1, &hv, &nh) == 0 && nh > 5000);
			for (uint32_t k = 0; k < nh; k++)
				hits += hv[k];
			CHECK(hits > 2000 && hits < nh);
		}
		/* 3.x: and hundreds of struct stat images (StatColumns, field 16). */
		CHECK(rn_fb_field_pos(&fb, root, 16, 4, &pos) == 0 && (major >= 3) == (pos != 0));
		if (major >= 3) {
			CHECK(rn_fb_deref(&fb, fb.buf + pos, &t) == 0);
			CHECK(rn_fb_u32(&fb, t, 0, 0) > 400);
		}
		/* 4.x: and hundreds of struct statx images (StatxColumns, field 17). */
		CHECK(rn_fb_field_pos(&fb, root, 17, 4, &pos) == 0 && (major >= 4) == (pos != 0));
		if (major >= 4) {
			CHECK(rn_fb_deref(&fb, fb.buf + pos, &t) == 0);
			CHECK(rn_fb_u32(&fb, t, 0, 0) > 400);
		}
	}
	rn_chunk_view v;
	memset(&v, 0, sizeof(v));
	v.clock_res = res;
	const char *why = NULL;
	int k = skim ? 1 : rn_chunk_open_major(&v, copy, len, major, &why);
	size_t have = 0;
	while (skim && k == 1) {
		have = len - have > 1024 ? have + 1024 : len;
		k = rn_chunk_open_part(&v, copy, have, len, major, 1, &why);
		if (k == 1)
			why = NULL; /* not enough yet: the reason is not final */
	}
	if (k != 0)
		fprintf(stderr, "open: %s\n", why);
	CHECK(k == 0 && why == NULL);
	/* In 2.x and 3.x the captures and the blob, at the end, are never needed. */
	if (skim && major >= 2 && to - from > 1)
		CHECK(have < len * 3 / 4);
	rn_event ev;
	int i = from;
	while (rn_chunk_next(&v, &ev, &why) == 1) {
		if (ev.kind != RN_EV_SYSCALL)
			continue;
		const rn_syscall *a = &sc[i], *d = &ev.u.sc;
		uint64_t r = major >= 3 ? res : 1;
		CHECK_EQ_U(d->t_entry, a->t_entry - a->t_entry % r);
		CHECK_EQ_U(d->t_exit, a->t_exit - a->t_exit % r);
		CHECK_EQ_U(d->ret, a->ret);
		CHECK_EQ_U(d->pid, a->pid);
		CHECK_EQ_U(d->tid, a->tid);
		CHECK_EQ_U(d->nr, a->nr);
		CHECK_EQ_U(d->flags, a->flags);
		if (skim) { /* args, ip and captures are left out */
			for (int j = 0; j < 6; j++)
				CHECK_EQ_U(d->args[j], 0);
			CHECK_EQ_U(d->ip, 0);
			CHECK_EQ_U(d->ncap, 0);
			CHECK(d->caps == NULL);
			i++;
			continue;
		}
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
	make_dirents();
	make_stats();
	make_statxs();
	make();
	for (int major = 1; major <= 8; major++) {
		/* 1.0, 2.0, 3.0 at 1 ns, 3.0 at 1 us, 4.0 and 5.0 at 1 ns and 1 us */
		int m = major <= 3 ? major : (major + 3) / 2;
		uint32_t res = major >= 4 && major % 2 == 0 ? 1000 : 1;
		for (int skim = 0; skim <= 1; skim++) {
			check_chunk(m, res, 0, N, skim);       /* one big chunk: slots collide */
			check_chunk(m, res, 100, 101, skim);   /* a single call */
			check_chunk(m, res, 5000, 5600, skim); /* a chunk starting mid-stream */
		}
	}
	/* An unknown layout version is refused by the encoder. */
	rn_chunk_builder b;
	rn_chunk_init(&b);
	const uint8_t *fb;
	size_t len;
	CHECK(rn_chunk_add_syscall(&b, &sc[0], sc[0].caps, sc[0].ncap) == 0);
	CHECK(rn_chunk_encode_major(&b, 0, 6, &fb, &len) < 0);
	CHECK(rn_chunk_encode_major(&b, 0, 0, &fb, &len) < 0);
	rn_chunk_free(&b);
	printf(
	    "columns: %d syscalls with extreme values round-trip in 5.0, 4.0 and 3.0 (1 ns, 1 us), "
	    "2.0 and 1.0, whole and skimmed: ok\n",
	    N);
	return 0;
}
