/* rn_mktrace.c: writes a synthetic trace with known contents for
 * rn-export's tests and benchmark, through the format library's writer:
 *   rn_mktrace OUT [SYSCALLS] [--funcs] [--no-index] [--early-child]
 * Process 1000 (/usr/bin/demo --token secret-token-123) makes SYSCALLS
 * calls (default 100) cycling through openat (ok), read, close, openat
 * (ENOENT) and getpid on threads 1000 and 1002, forks 1001 (which writes
 * and exits 0), gets SIGCHLD, and exits with status 3. With --funcs, thread
 * 1003 also has function events main > work (x2). Prints
 * "syscalls=N processes=2 functions=F" on stdout. */
#include "rn_catalog.h"
#include "rn_trace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define T0 1000000000000ull
#define W0 1700000000000000000ull

static rn_chunk_builder b;
static rn_writer *w;
static uint16_t arch;

static void flush_if(int force)
{
	char err[256];
	if ((force || rn_chunk_events(&b) >= 20000) &&
	    rn_writer_write_chunk(w, &b, err, sizeof(err)) < 0) {
		fprintf(stderr, "rn_mktrace: %s\n", err);
		exit(1);
	}
}

static void sc(const char *name, int32_t pid, int32_t tid, uint64_t t, uint64_t dur, int64_t ret,
               uint64_t a0, uint64_t a1, uint64_t a2, const rn_capture *caps, uint16_t ncap)
{
	int nr = rn_syscall_lookup(arch, name);
	if (nr < 0) {
		fprintf(stderr, "rn_mktrace: no syscall %s\n", name);
		exit(1);
	}
	rn_syscall s = {t,   t + dur, {a0, a1, a2, 0, 0, 0}, ret, 0x401000,
	                pid, tid,     (uint16_t)nr,          0,   ncap,
	                NULL};
	if (rn_chunk_add_syscall(&b, &s, caps, ncap) < 0)
		exit(1);
	flush_if(0);
}

static void proc(uint8_t kind, int32_t pid, int32_t other, int32_t status, uint64_t t,
                 uint64_t clone_flags, const char *data, uint32_t len)
{
	rn_proc p = {t, clone_flags, pid, pid, other, status, kind, 0, (const uint8_t *)data, len};
	if (rn_chunk_add_proc(&b, &p) < 0)
		exit(1);
}

static void one_call(uint64_t i, uint64_t t)
{
	static const char path[] = "/home/alice/secret.txt";
	static const char nopath[] = "/nonexistent";
	int32_t tid = (i % 7 == 6) ? 1002 : 1000;
	rn_capture c = {0x7ffd1000, 0, 0, RN_CAP_STRING, 1, 0, NULL};
	switch (i % 5) {
	case 0:
		c.len = c.orig_len = sizeof(path) - 1;
		c.data = (const uint8_t *)path;
		sc("openat", 1000, tid, t, 1500, 3, (uint64_t)-100, 0x7ffd1000, 0, &c, 1);
		break;
	case 1:
		c = (rn_capture){
		    0x7ffd2000, 5, 5, RN_CAP_BUFFER, 1, RN_CAPF_EXIT, (const uint8_t *)"hello"};
		sc("read", 1000, tid, t, 800, 5, 3, 0x7ffd2000, 64, &c, 1);
		break;
	case 2:
		sc("close", 1000, tid, t, 300, 0, 3, 0, 0, NULL, 0);
		break;
	case 3:
		c.len = c.orig_len = sizeof(nopath) - 1;
		c.data = (const uint8_t *)nopath;
		sc("openat", 1000, tid, t, 900, -2, (uint64_t)-100, 0x7ffd1000, 0, &c, 1);
		break;
	default:
		sc("getpid", 1000, tid, t, 100, 1000, 0, 0, 0, NULL, 0);
		break;
	}
}

static int funcs(uint64_t t)
{
	/* main { work {} work {} } on thread 1003: 3 function spans. */
	uint64_t addrs[2] = {0x401100, 0x401200};
	uint32_t ev[12] = {
	    0, 0, 100, 1, 1000, 1u | 0x80000000u, 50, 1, 1000, 1u | 0x80000000u, 100, 0x80000000u};
	rn_funcs f = {1000, 1003, t, addrs, 2, ev, 6, NULL};
	if (rn_chunk_add_funcs(&b, &f) < 0)
		exit(1);
	return 3;
}

int main(int argc, char **argv)
{
	const char *out = NULL;
	uint64_t n = 100;
	int with_funcs = 0, no_index = 0, nfuncs = 0, early = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--funcs") == 0)
			with_funcs = 1;
		else if (strcmp(argv[i], "--no-index") == 0)
			no_index = 1;
		else if (strcmp(argv[i], "--early-child") == 0)
			early = 1;
		else if (!out)
			out = argv[i];
		else
			n = strtoull(argv[i], NULL, 10);
	}
	if (!out) {
		fprintf(
		    stderr,
		    "usage: rn_mktrace OUT [SYSCALLS] [--funcs] [--no-index] [--early-child]\n");
		return 2;
	}
	static const char *av[] = {"/usr/bin/demo", "--token", "secret-token-123"};
	rn_header h;
	char err[256];
	rn_header_init_local(&h, "rn_mktrace " RN_VERSION);
	h.mono_start_ns = T0;
	h.wall_start_ns = W0;
	h.hostname = "testhost";
	h.cwd = "/home/alice";
	h.argv = av;
	h.argc = 3;
	h.pid = 1000;
	h.flags = RN_HDR_FOLLOW;
	arch = h.arch;
	w = rn_writer_open(out, &h, NULL, err, sizeof(err));
	if (!w) {
		fprintf(stderr, "rn_mktrace: %s\n", err);
		return 1;
	}
	rn_chunk_init(&b);
	static const char exec[] = "/usr/bin/demo\0/usr/bin/demo\0--token\0secret-token-123";
	proc(RN_PROC_EXEC, 1000, 0, 0, T0 + 1000, 0, exec, sizeof(exec));
	proc(RN_PROC_CLONE, 1000, 1002, 0, T0 + 1500, 0x10000 | 0x100, NULL, 0);
	uint64_t t = T0 + 2000;
	for (uint64_t i = 0; i < n; i++, t += 2000)
		one_call(i, t);
	if (with_funcs)
		nfuncs = funcs(T0 + 1800);
	rn_capture wc = {0x7ffd3000, 5, 5, RN_CAP_BUFFER, 1, 0, (const uint8_t *)"child"};
	/* --early-child: the child's first syscall is written before the fork
	 * event (the recorder saw the child's stop first). */
	if (early)
		sc("write", 1001, 1001, t + 500, 700, 5, 1, 0x7ffd3000, 5, &wc, 1);
	proc(RN_PROC_FORK, 1000, 1001, 0, t, 0, NULL, 0);
	if (!early)
		sc("write", 1001, 1001, t + 500, 700, 5, 1, 0x7ffd3000, 5, &wc, 1);
	proc(RN_PROC_EXIT, 1001, 0, 0, t + 2000, 0, NULL, 0);
	uint8_t si[128] = {17};
	rn_signal s = {t + 2500, 1000, 1000, 17, 1, si, sizeof(si)};
	rn_chunk_add_signal(&b, &s);
	proc(RN_PROC_EXIT, 1000, 0, 3, t + 4000, 0, NULL, 0);
	flush_if(1);
	rn_chunk_free(&b);
	if (no_index)
		rn_writer_abandon(w);
	else if (rn_writer_close(w, err, sizeof(err)) < 0) {
		fprintf(stderr, "rn_mktrace: %s\n", err);
		return 1;
	}
	printf("syscalls=%llu processes=2 functions=%d\n", (unsigned long long)(n + 1), nfuncs);
	return 0;
}
