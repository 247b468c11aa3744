/* rn_sample.c: writes and checks the sample events of rn_sample.h. */
#include "rn_sample.h"

#include "../rn_test.h"

static const char *argv_rec[] = {"/bin/echo", "hello world", ""};

void rn_sample_chunk(rn_chunk_builder *b, int i)
{
	uint64_t t = 1000000000ull + (uint64_t)i * 1000;
	uint8_t path[] = "/etc/passwd";
	rn_capture caps[2] = {
	    {0x7ffd0000 + (uint64_t)i, 11, 11, RN_CAP_STRING, 1, 0, path},
	    {0x5000, 3, 100, RN_CAP_BUFFER, 1, RN_CAPF_EXIT | RN_CAPF_TRUNCATED,
	     (const uint8_t *)"abc"},
	};
	rn_syscall sc = {
	    t, t + 250, {(uint64_t)-100, 0x7ffd0000, 0x80000, 0, 0, 0}, 3, 0x401000, 42, 43, 257, 0,
	    2, NULL};
	CHECK(rn_chunk_add_syscall(b, &sc, caps, 2) == 0);
	/* A syscall that never returned and started earlier than the previous one. */
	rn_syscall un = {t - 500, 0, {1, 2, 3, 4, 5, 6}, 0, 0, 42, 44, 0, RN_SC_NO_EXIT, 0, NULL};
	CHECK(rn_chunk_add_syscall(b, &un, NULL, 0) == 0);
	const uint8_t exec[] = "/bin/true\0true\0-x";
	rn_proc p = {t + 300, 0x1200011, 42, 43, 77, 0, RN_PROC_EXEC, 0, exec, sizeof(exec)};
	CHECK(rn_chunk_add_proc(b, &p) == 0);
	uint8_t si[128];
	memset(si, 0xab, sizeof(si));
	rn_signal s = {t + 400, 42, 43, 17, 1, si, sizeof(si)};
	CHECK(rn_chunk_add_signal(b, &s) == 0);
	const uint8_t bid[20] = {1,  2,  3,  4,  5,  6,  7,  8,  9,  10,
	                         11, 12, 13, 14, 15, 16, 17, 18, 19, 20};
	rn_mapping m = {t + 500, 0x400000, 0x401000, 0x1000, 42, 5, "/bin/true", 9, bid, 20};
	CHECK(rn_chunk_add_mapping(b, &m) == 0);
	rn_loss l = {t + 600, 7, 42, 43, RN_LOSS_READ_FAILED};
	CHECK(rn_chunk_add_loss(b, &l) == 0);
	rn_snapshot sn = {t + 700,
	                  42,
	                  1,
	                  "sleep\0"
	                  "10",
	                  8,
	                  "/bin/sleep",
	                  10,
	                  "/",
	                  1};
	CHECK(rn_chunk_add_snapshot(b, &sn) == 0);
	rn_fdinfo fd = {42, 3, "pipe:[123]", 10};
	CHECK(rn_chunk_add_fdinfo(b, &fd) == 0);
	uint64_t addrs[2] = {0x401100, 0x401200};
	uint64_t sites[2] = {0x401050, 0x401150};
	uint32_t evs[8] = {10, 0, 5, 1, 7, 1u | 0x80000000u, 3, 0x80000000u};
	rn_funcs f = {42, 43, t + 800, addrs, 2, evs, 4, sites};
	CHECK(rn_chunk_add_funcs(b, &f) == 0);
}

void rn_sample_check(rn_reader *r, int i)
{
	uint64_t t = 1000000000ull + (uint64_t)i * 1000;
	rn_event ev;
	CHECK(rn_reader_next(r, &ev) == 1);
	CHECK_EQ_U(ev.kind, RN_EV_SYSCALL);
	const rn_syscall *sc = &ev.u.sc;
	CHECK_EQ_U(sc->t_entry, t);
	CHECK_EQ_U(sc->t_exit, t + 250);
	CHECK_EQ_U(sc->args[0], (uint64_t)-100);
	CHECK_EQ_U(sc->args[2], 0x80000);
	CHECK_EQ_U(sc->ret, 3);
	CHECK_EQ_U(sc->ip, 0x401000);
	CHECK_EQ_U(sc->pid, 42);
	CHECK_EQ_U(sc->tid, 43);
	CHECK_EQ_U(sc->nr, 257);
	CHECK_EQ_U(sc->ncap, 2);
	CHECK_EQ_U(sc->caps[0].addr, 0x7ffd0000 + (uint64_t)i);
	CHECK(sc->caps[0].len == 11 && memcmp(sc->caps[0].data, "/etc/passwd", 11) == 0);
	CHECK_EQ_U(sc->caps[0].kind, RN_CAP_STRING);
	CHECK_EQ_U(sc->caps[1].orig_len, 100);
	CHECK_EQ_U(sc->caps[1].flags, RN_CAPF_EXIT | RN_CAPF_TRUNCATED);
	CHECK(memcmp(sc->caps[1].data, "abc", 3) == 0);
	CHECK(rn_reader_next(r, &ev) == 1);
	CHECK_EQ_U(ev.kind, RN_EV_SYSCALL);
	CHECK_EQ_U(ev.u.sc.t_entry, t - 500);
	CHECK_EQ_U(ev.u.sc.t_exit, 0);
	CHECK_EQ_U(ev.u.sc.flags, RN_SC_NO_EXIT);
	CHECK_EQ_U(ev.u.sc.args[5], 6);
	CHECK_EQ_U(ev.u.sc.ncap, 0);
	CHECK(rn_reader_next(r, &ev) == 1);
	CHECK_EQ_U(ev.kind, RN_EV_PROC);
	CHECK_EQ_U(ev.u.proc.time, t + 300);
	CHECK_EQ_U(ev.u.proc.clone_flags, 0x1200011);
	CHECK_EQ_U(ev.u.proc.other, 77);
	CHECK_EQ_U(ev.u.proc.kind, RN_PROC_EXEC);
	CHECK_EQ_U(ev.u.proc.data_len, 18);
	CHECK(memcmp(ev.u.proc.data, "/bin/true\0true\0-x", 18) == 0);
	CHECK(rn_reader_next(r, &ev) == 1);
	CHECK_EQ_U(ev.kind, RN_EV_SIGNAL);
	CHECK_EQ_U(ev.u.sig.time, t + 400);
	CHECK_EQ_U(ev.u.sig.signo, 17);
	CHECK_EQ_U(ev.u.sig.siginfo_len, 128);
	CHECK_EQ_U(ev.u.sig.siginfo[127], 0xab);
	CHECK(rn_reader_next(r, &ev) == 1);
	CHECK_EQ_U(ev.kind, RN_EV_MAPPING);
	CHECK_EQ_U(ev.u.map.start, 0x400000);
	CHECK_EQ_U(ev.u.map.end, 0x401000);
	CHECK_EQ_U(ev.u.map.pgoff, 0x1000);
	CHECK_EQ_U(ev.u.map.prot, 5);
	CHECK(ev.u.map.path_len == 9 && memcmp(ev.u.map.path, "/bin/true", 9) == 0);
	CHECK(ev.u.map.build_id_len == 20 && ev.u.map.build_id[19] == 20);
	CHECK(rn_reader_next(r, &ev) == 1);
	CHECK_EQ_U(ev.kind, RN_EV_LOSS);
	CHECK_EQ_U(ev.u.loss.count, 7);
	CHECK_EQ_U(ev.u.loss.reason, RN_LOSS_READ_FAILED);
	CHECK(rn_reader_next(r, &ev) == 1);
	CHECK_EQ_U(ev.kind, RN_EV_SNAPSHOT);
	CHECK_EQ_U(ev.u.snap.ppid, 1);
	CHECK(ev.u.snap.cmdline_len == 8 && memcmp(ev.u.snap.cmdline,
	                                           "sleep\0"
	                                           "10",
	                                           8) == 0);
	CHECK(ev.u.snap.exe_len == 10 && memcmp(ev.u.snap.exe, "/bin/sleep", 10) == 0);
	CHECK(rn_reader_next(r, &ev) == 1);
	CHECK_EQ_U(ev.kind, RN_EV_FDINFO);
	CHECK_EQ_U(ev.u.fd.fd, 3);
	CHECK(ev.u.fd.path_len == 10 && memcmp(ev.u.fd.path, "pipe:[123]", 10) == 0);
	CHECK(rn_reader_next(r, &ev) == 1);
	CHECK_EQ_U(ev.kind, RN_EV_FUNCS);
	const rn_funcs *f = &ev.u.funcs;
	CHECK_EQ_U(f->nevents, 4);
	CHECK_EQ_U(f->naddrs, 2);
	CHECK_EQ_U(f->call_sites[1], 0x401150);
	uint64_t ft = f->base_ns;
	rn_func_event fe;
	rn_funcs_get(f, 0, &ft, &fe);
	CHECK(fe.time == t + 810 && fe.addr == 0x401100 && fe.exit == 0);
	rn_funcs_get(f, 1, &ft, &fe);
	CHECK(fe.time == t + 815 && fe.addr == 0x401200 && fe.exit == 0);
	rn_funcs_get(f, 2, &ft, &fe);
	CHECK(fe.time == t + 822 && fe.addr == 0x401200 && fe.exit == 1);
	rn_funcs_get(f, 3, &ft, &fe);
	CHECK(fe.time == t + 825 && fe.addr == 0x401100 && fe.exit == 1);
}

void rn_sample_header(rn_header *h)
{
	rn_header_init_local(h, "rn-test " RN_VERSION);
	h->argv = argv_rec;
	h->argc = 3;
	h->pid = 42;
	h->flags = RN_HDR_FOLLOW;
	h->options = "-f";
}

void rn_sample_write(const char *path, int nchunks, int closed)
{
	rn_header h;
	rn_sample_header(&h);
	char err[256];
	rn_writer *w = rn_writer_open(path, &h, NULL, err, sizeof(err));
	if (!w) {
		fprintf(stderr, "%s\n", err);
		exit(1);
	}
	rn_chunk_builder b;
	rn_chunk_init(&b);
	for (int i = 0; i < nchunks; i++) {
		rn_sample_chunk(&b, i);
		CHECK(rn_writer_write_chunk(w, &b, err, sizeof(err)) == 0);
	}
	rn_chunk_free(&b);
	if (closed)
		CHECK(rn_writer_close(w, err, sizeof(err)) == 0);
	else
		rn_writer_abandon(w);
}

void rn_sample_keep_warn(void *ctx, const char *file, const char *msg)
{
	(void)file;
	char *said = ctx;
	size_t n = strlen(said);
	snprintf(said + n, RN_SAMPLE_SAID - n, "%s\n", msg);
}
