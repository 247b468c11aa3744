/* The recorder's decoding of the rings, white-box: words written by hand into
 * a real channel (CLOCK_MONOTONIC mode, so ticks are ns) come out as exact
 * RN_EV_FUNCS events: SYNC words, a frame skipped by longjmp closed by its
 * caller's exit, an exit without an entry ignored, the OFF marker closing
 * what is open, a gap longer than a 32-bit delta starting a new batch, a
 * word naming no function ignored, an ENDED ring retired, and a word stamped
 * before a signal handler's SYNC but written after it (late word) kept in its
 * own high half and in the thread's order. */
#include "../../record/rn_funcs_priv.h"
#include "../rn_test.h"
#include "fh_harness.h"

#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

static uint64_t w(uint32_t code, uint32_t lo)
{
	return (uint64_t)code << 32 | lo;
}

int main(void)
{
	char lib[512], err[256];
	snprintf(lib, sizeof(lib), "%s/lib/librnfunc.so", fh_build());
	setenv("RN_FUNCS_CLOCK", "mono", 1);
	rn_funcs_opts o = {lib, 0, NULL, NULL, 0, 0, 0};
	rn_funcs_session *s = rn_funcs_start(&o, err, sizeof(err));
	CHECK(s != NULL);
	rn_chan_hdr *h = s->hdr;
	CHECK_EQ_U(h->clock, RN_CHAN_CLOCK_MONO);
	rn_chan_fn *fn = rn_chan_fns(h);
	atomic_store(&fn[5].addr, 0x1000);
	atomic_store(&fn[9].addr, 0x2000);
	atomic_store(&fn[11].addr, 0x3000);
	atomic_store(&fn[11].site, 0x2222);
	rn_chan_slot *sl = rn_chan_slots(h);
	int32_t tid = (int32_t)syscall(SYS_gettid);
	sl[0].pid = getpid();
	sl[0].tid = tid;
	uint64_t *ring = rn_chan_ring(h, 0);
	const uint64_t words[] = {
	    w(RN_CHAN_SYNC, 0), w(5, 100), /* A in */
	    w(9, 200),                     /* B in */
	    w(11, 300),                    /* C in */
	    w(9 | RN_CHAN_EXIT, 400),      /* B out: C was skipped (longjmp) */
	    w(11 | RN_CHAN_EXIT, 500),     /* C out again: no open C, ignored */
	    w(1u << 20, 550),              /* not a dictionary id: ignored */
	    w(RN_CHAN_OFF, 600),           /* switched off: A closed */
	    w(5 | RN_CHAN_EXIT, 700),      /* A's real exit: nothing open, ignored */
	    w(RN_CHAN_SYNC, 2),            /* 2^33 ns later: a new batch */
	    w(5, 100),                     /* A in */
	    w(5 | RN_CHAN_EXIT, 150),      /* A out */
	    /* A put read its clock at 2:0xffffff00; a signal handler ran
	     * before its word and crossed into high half 3. */
	    w(RN_CHAN_SYNC, 3), w(9, 0x10), /* B in (the handler) */
	    w(9 | RN_CHAN_EXIT, 0x20),      /* B out */
	    w(5, 0xffffff00u),              /* A in, the late word: not 3:0xffffff00 */
	    w(5 | RN_CHAN_EXIT, 0x30),      /* A out */
	};
	size_t nw = sizeof(words) / sizeof(words[0]);
	for (size_t i = 0; i < nw; i++)
		ring[i] = words[i];
	atomic_store(&sl[0].head, nw);
	atomic_store(&sl[0].dropped, 7);
	atomic_store(&sl[0].state, RN_SLOT_ENDED);
	atomic_store(&h->next_slot, 1);

	rn_chunk_builder b;
	rn_chunk_init(&b);
	rn_funcs_drain(s, &b);
	CHECK_EQ_U(atomic_load(&sl[0].state), RN_SLOT_FREE); /* retired */
	CHECK_EQ_U(atomic_load(&sl[0].head), 0);
	rn_header hd;
	memset(&hd, 0, sizeof(hd));
	rn_header_init_local(&hd, "t_drain");
	rn_writer *wr = rn_writer_open("d.rn", &hd, NULL, err, sizeof(err));
	CHECK(wr != NULL);
	CHECK(rn_writer_write_chunk(wr, &b, err, sizeof(err)) == 0);
	CHECK(rn_writer_close(wr, err, sizeof(err)) == 0);
	rn_chunk_free(&b);
	rn_funcs_stop(s, NULL);

	fh_trace t;
	fh_load("d.rn", &t);
	const struct {
		uint64_t time, addr;
		int exit;
	} want[] = {
	    {100, 0x1000, 0},
	    {200, 0x2000, 0},
	    {300, 0x3000, 0},
	    {400, 0x3000, 1},
	    {400, 0x2000, 1},
	    {600, 0x1000, 1},
	    {(2ull << 32) + 100, 0x1000, 0},
	    {(2ull << 32) + 150, 0x1000, 1},
	    {(3ull << 32) + 0x10, 0x2000, 0},
	    {(3ull << 32) + 0x20, 0x2000, 1},
	    {(3ull << 32) + 0x20, 0x1000, 0}, /* stamped earlier: kept in order */
	    {(3ull << 32) + 0x30, 0x1000, 1},
	};
	CHECK_EQ_U(t.n, 12);
	for (size_t i = 0; i < 12; i++) {
		CHECK_EQ_U(t.ev[i].time, want[i].time);
		CHECK_EQ_U(t.ev[i].addr, want[i].addr);
		CHECK_EQ_U(t.ev[i].exit, want[i].exit);
		CHECK_EQ_U(t.ev[i].pid, getpid());
		CHECK_EQ_U(t.ev[i].tid, tid);
	}
	CHECK_EQ_U(t.batches, 2);
	CHECK_EQ_U(t.lost, 7);
	fh_free(&t);
	return 0;
}
