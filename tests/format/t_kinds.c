/* Round trips beyond the sample: an empty capture file, many chunks, big
 * blobs (a 1 MiB buffer, a 64 KiB stack with registers), empty and unreadable
 * captures, a syscall with 1000 captures, every flag bit, function batches
 * without call sites or events, and adds that must be refused without
 * changing the chunk (NULL data with a length, a function index past the
 * address table). */
#include "../rn_test.h"
#include "rn_sample.h"

#include <unistd.h>

enum { MANY = 300, BIG = 1 << 20, STACK = 65528 };

static uint8_t big[BIG], stack[STACK], regs[216];

static rn_reader *reopen(const char *path)
{
	char err[256];
	rn_reader *r = rn_reader_open(path, err, sizeof(err));
	CHECK(r);
	return r;
}

static void empty_capture(void)
{
	rn_sample_write("empty.rn", 0, 1);
	rn_reader *r = reopen("empty.rn");
	rn_event ev;
	CHECK(rn_reader_next(r, &ev) == 0);
	CHECK(rn_reader_damage(r) == NULL);
	const rn_chunk_info *c;
	uint32_t n;
	CHECK(rn_reader_chunks(r, &c, &n) == 0 && n == 0);
	CHECK(rn_reader_seek_time(r, 5) == 0 && rn_reader_next(r, &ev) == 0);
	rn_reader_close(r);
}

static void many_chunks(void)
{
	rn_sample_write("many.rn", MANY, 1);
	rn_reader *r = reopen("many.rn");
	for (int i = 0; i < MANY; i++)
		rn_sample_check(r, i);
	rn_event ev;
	CHECK(rn_reader_next(r, &ev) == 0);
	CHECK(rn_reader_damage(r) == NULL);
	CHECK(rn_reader_seek_time(r, 1000000000ull + 250 * 1000) == 0);
	rn_sample_check(r, 250);
	rn_reader_close(r);
}

/* Without index (the recorder died): the chunk list comes from scanning and
 * equals the closed file's index; seeking by time works the same. */
static void scan_without_index(void)
{
	rn_sample_write("dead.rn", 40, 0);
	rn_reader *closed = reopen("many.rn"), *r = reopen("dead.rn");
	const rn_chunk_info *a, *c;
	uint32_t na, nc;
	CHECK(rn_reader_chunks(closed, &a, &na) == 0 && rn_reader_chunks(r, &c, &nc) == 0);
	CHECK_EQ_U(nc, 40);
	for (uint32_t i = 0; i < nc; i++) {
		CHECK_EQ_U(c[i].offset, a[i].offset);
		CHECK_EQ_U(c[i].csize, a[i].csize);
		CHECK_EQ_U(c[i].usize, a[i].usize);
		CHECK_EQ_U(c[i].first_ns, a[i].first_ns);
		CHECK_EQ_U(c[i].last_ns, a[i].last_ns);
		CHECK_EQ_U(c[i].nevents, RN_SAMPLE_EVENTS);
		CHECK_EQ_U(c[i].seq, i);
	}
	CHECK(rn_reader_seek_time(r, 1000000000ull + 37 * 1000 + 100) == 0);
	for (int i = 37; i < 40; i++)
		rn_sample_check(r, i);
	rn_event ev;
	CHECK(rn_reader_next(r, &ev) == 0);
	/* Past the last chunk: nothing. */
	CHECK(rn_reader_seek_time(r, UINT64_MAX) == 0 && rn_reader_next(r, &ev) == 0);
	const uint8_t *raw;
	size_t len;
	char err[256];
	CHECK(rn_reader_chunk_raw(r, 39, &raw, &len, err, sizeof(err)) == 0 && len == c[39].usize);
	CHECK(rn_reader_chunk_raw(r, 40, &raw, &len, err, sizeof(err)) < 0);
	CHECK_STR(err, "dead.rn: no such chunk");
	CHECK(strstr(rn_reader_damage(r), "no index"));
	rn_reader_close(r);
	rn_reader_close(closed);
}

static void write_odd(rn_writer *w, rn_chunk_builder *b)
{
	char err[256];
	for (size_t i = 0; i < BIG; i++)
		big[i] = (uint8_t)(i * 7 + (i >> 12));
	for (size_t i = 0; i < STACK; i++)
		stack[i] = (uint8_t)(i ^ 0x5a);
	for (size_t i = 0; i < sizeof(regs); i++)
		regs[i] = (uint8_t)i;
	rn_capture caps[4] = {
	    {0x1000, BIG, 3 * BIG, RN_CAP_BUFFER, 1, RN_CAPF_EXIT | RN_CAPF_TRUNCATED, big},
	    {0x2000, 0, 0, RN_CAP_STRING, 0, RN_CAPF_UNREADABLE, NULL},
	    {0, sizeof(regs), sizeof(regs), RN_CAP_REGS, RN_CAP_NOARG, 0, regs},
	    {0x7ffc0000, STACK, STACK, RN_CAP_STACK, RN_CAP_NOARG, 0, stack},
	};
	rn_syscall sc = {100, 200, {0}, -2, 0, 1, 1, 0, RN_SC_HAS_STACK, 4, NULL};
	CHECK(rn_chunk_add_syscall(b, &sc, caps, 4) == 0);
	CHECK(rn_writer_write_chunk(w, b, err, sizeof(err)) == 0);
	/* Every flag bit, every field at its extremes. */
	rn_syscall all = {UINT64_MAX - 10,
	                  UINT64_MAX,
	                  {UINT64_MAX, 0, 1, 2, 3, UINT64_MAX - 1},
	                  INT64_MIN,
	                  UINT64_MAX,
	                  INT32_MIN,
	                  INT32_MAX,
	                  UINT16_MAX,
	                  UINT16_MAX,
	                  0,
	                  NULL};
	CHECK(rn_chunk_add_syscall(b, &all, NULL, 0) == 0);
	static rn_capture many[1000];
	for (int i = 0; i < 1000; i++)
		many[i] = (rn_capture){(uint64_t)i,      1,           1,      RN_CAP_ARRAY,
		                       (uint8_t)(i % 6), (uint16_t)i, big + i};
	rn_syscall sc2 = {300, 400, {0}, 0, 0, 1, 1, 7, 0, 1000, NULL};
	CHECK(rn_chunk_add_syscall(b, &sc2, many, 1000) == 0);
	rn_proc p = {500, UINT64_MAX, 1, 2, -1, INT32_MIN, RN_PROC_KILLED, 0xff, NULL, 0};
	CHECK(rn_chunk_add_proc(b, &p) == 0);
	uint64_t addrs[1] = {0xdead};
	rn_funcs nosites = {1, 2, 600, addrs, 1, NULL, 0, NULL};
	CHECK(rn_chunk_add_funcs(b, &nosites) == 0);
	/* Refused adds leave the chunk as it was. */
	size_t before = rn_chunk_bytes(b);
	uint32_t evs_before = rn_chunk_events(b);
	uint32_t bad_evs[2] = {1, 5};
	rn_funcs bad = {1, 2, 700, addrs, 1, bad_evs, 1, NULL};
	CHECK(rn_chunk_add_funcs(b, &bad) == -1);
	rn_capture nodata = {0, 10, 10, RN_CAP_BUFFER, 0, 0, NULL};
	CHECK(rn_chunk_add_syscall(b, &sc2, &nodata, 1) == -1);
	rn_signal nosi = {800, 1, 1, 9, 0, NULL, 128};
	CHECK(rn_chunk_add_signal(b, &nosi) == -1);
	CHECK_EQ_U(rn_chunk_bytes(b), before);
	CHECK_EQ_U(rn_chunk_events(b), evs_before);
	CHECK(rn_writer_write_chunk(w, b, err, sizeof(err)) == 0);
}

static void read_odd(rn_reader *r)
{
	rn_event ev;
	CHECK(rn_reader_next(r, &ev) == 1 && ev.kind == RN_EV_SYSCALL);
	const rn_syscall *sc = &ev.u.sc;
	CHECK(sc->ncap == 4 && sc->flags == RN_SC_HAS_STACK && sc->ret == -2);
	CHECK(sc->caps[0].len == BIG && sc->caps[0].orig_len == 3 * BIG);
	CHECK(memcmp(sc->caps[0].data, big, BIG) == 0);
	CHECK(sc->caps[1].len == 0 && sc->caps[1].flags == RN_CAPF_UNREADABLE);
	CHECK(sc->caps[1].data != NULL);
	CHECK(sc->caps[2].kind == RN_CAP_REGS && sc->caps[2].arg == RN_CAP_NOARG);
	CHECK(memcmp(sc->caps[2].data, regs, sizeof(regs)) == 0);
	CHECK(sc->caps[3].addr == 0x7ffc0000 && memcmp(sc->caps[3].data, stack, STACK) == 0);
	CHECK(rn_reader_next(r, &ev) == 1 && ev.kind == RN_EV_SYSCALL);
	CHECK_EQ_U(sc->t_entry, UINT64_MAX - 10);
	CHECK_EQ_U(sc->t_exit, 0); /* RN_SC_NO_EXIT is among the flags */
	CHECK_EQ_U(sc->args[0], UINT64_MAX);
	CHECK_EQ_U(sc->args[5], UINT64_MAX - 1);
	CHECK(sc->ret == INT64_MIN && sc->ip == UINT64_MAX);
	CHECK(sc->pid == INT32_MIN && sc->tid == INT32_MAX);
	CHECK(sc->nr == UINT16_MAX && sc->flags == UINT16_MAX && sc->ncap == 0);
	CHECK(rn_reader_next(r, &ev) == 1 && ev.kind == RN_EV_SYSCALL);
	CHECK_EQ_U(sc->t_entry, 300);
	CHECK_EQ_U(sc->ncap, 1000);
	for (int i = 0; i < 1000; i++)
		CHECK(sc->caps[i].addr == (uint64_t)i && sc->caps[i].flags == i &&
		      sc->caps[i].arg == i % 6 && sc->caps[i].data[0] == big[i]);
	CHECK(rn_reader_next(r, &ev) == 1 && ev.kind == RN_EV_PROC);
	CHECK(ev.u.proc.clone_flags == UINT64_MAX && ev.u.proc.other == -1);
	CHECK(ev.u.proc.status == INT32_MIN && ev.u.proc.flags == 0xff);
	CHECK(ev.u.proc.data_len == 0 && ev.u.proc.kind == RN_PROC_KILLED);
	CHECK(rn_reader_next(r, &ev) == 1 && ev.kind == RN_EV_FUNCS);
	CHECK(ev.u.funcs.naddrs == 1 && ev.u.funcs.nevents == 0 && !ev.u.funcs.call_sites);
	CHECK_EQ_U(ev.u.funcs.addrs[0], 0xdead);
	CHECK(rn_reader_next(r, &ev) == 0);
	CHECK(rn_reader_damage(r) == NULL);
}

int main(void)
{
	empty_capture();
	many_chunks();
	scan_without_index();
	rn_header h;
	rn_sample_header(&h);
	h.argv = NULL;
	h.argc = 0;
	h.options = NULL;
	h.flags = 0xffffffffu;
	char err[256];
	rn_writer *w = rn_writer_open("odd.rn", &h, NULL, err, sizeof(err));
	CHECK(w);
	rn_chunk_builder b;
	rn_chunk_init(&b);
	write_odd(w, &b);
	/* An empty builder writes nothing. */
	uint32_t chunks = rn_writer_chunks(w);
	CHECK(rn_writer_write_chunk(w, &b, err, sizeof(err)) == 0);
	CHECK_EQ_U(rn_writer_chunks(w), chunks);
	CHECK(rn_writer_close(w, err, sizeof(err)) == 0);
	rn_chunk_free(&b);
	rn_reader *r = reopen("odd.rn");
	CHECK(rn_reader_header(r)->argc == 0 && rn_reader_header(r)->flags == 0xffffffffu);
	CHECK_STR(rn_reader_header(r)->options, "");
	read_odd(r);
	rn_reader_close(r);
	printf("empty file, %d chunks, 1 MiB blob, 1000 captures, extremes: ok\n", MANY);
	return 0;
}
