/* gen_trace.c: writes a large synthetic trace shaped like a real one (two
 * threads, opens, reads with captured data, stats, mmaps, closes, some
 * failures) for rn-replay's benchmark. Usage: gen_trace OUT.rn NCALLS */
#include "rn_trace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static void add(rn_chunk_builder *b, int tid, int nr, uint64_t t, int64_t ret, uint64_t a0,
                uint64_t a1, uint64_t a2, uint64_t a3, const rn_capture *c, int nc)
{
	rn_syscall s = {0};
	s.t_entry = t;
	s.t_exit = t + 700;
	s.args[0] = a0;
	s.args[1] = a1;
	s.args[2] = a2;
	s.args[3] = a3;
	s.ret = ret;
	s.pid = 4000;
	s.tid = tid;
	s.nr = (uint16_t)nr;
	if (rn_chunk_add_syscall(b, &s, c, (uint16_t)nc) < 0) {
		fprintf(stderr, "gen_trace: out of memory\n");
		exit(1);
	}
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: gen_trace OUT.rn NCALLS\n");
		return 2;
	}
	long n = atol(argv[2]);
	char err[256];
	rn_header h;
	rn_header_init_local(&h, "gen_trace");
	h.arch = RN_ARCH_X86_64;
	unlink(argv[1]);
	rn_writer *w = rn_writer_open(argv[1], &h, NULL, err, sizeof(err));
	if (!w) {
		fprintf(stderr, "gen_trace: %s\n", err);
		return 1;
	}
	rn_chunk_builder b;
	rn_chunk_init(&b);
	static const char path[] = "/usr/lib/x86_64-linux-gnu/libexample.so.1";
	uint8_t data[64], st[144] = {0};
	for (int i = 0; i < 64; i++)
		data[i] = (uint8_t)(i * 37);
	uint32_t mode = 0100644;
	uint64_t size = 123456;
	memcpy(st + 24, &mode, 4);
	memcpy(st + 48, &size, 8);
	rn_capture pc = {0x7ffd1000, sizeof(path) - 1,     sizeof(path) - 1, RN_CAP_STRING, 1,
	                 0,          (const uint8_t *)path};
	rn_capture rc = {0x7ffd2000, 64, 832, RN_CAP_BUFFER, 1, RN_CAPF_EXIT, data};
	rn_capture sc = {0x7ffd3000, 144, 144, RN_CAP_STRUCT, 1, RN_CAPF_EXIT, st};
	uint64_t t = h.mono_start_ns + 1000;
	for (long i = 0; i < n; i += 6) {
		int tid = 4000 + (int)(i / 6 % 2);
		add(&b, tid, SYS_openat, t, 3, (uint64_t)-100, 0x7ffd1000, 02000000, 0, &pc, 1);
		add(&b, tid, SYS_read, t += 1000, 832, 3, 0x7ffd2000, 832, 0, &rc, 1);
		add(&b, tid, SYS_fstat, t += 1000, 0, 3, 0x7ffd3000, 0, 0, &sc, 1);
		add(&b, tid, SYS_mmap, t += 1000, 0x7f0000000000 + i * 4096, 0, 8192, 3, 2, NULL,
		    0);
		add(&b, tid, SYS_close, t += 1000, 0, 3, 0, 0, 0, NULL, 0);
		add(&b, tid, SYS_access, t += 1000, -2, 0x7ffd1000, 4, 0, 0, &pc, 1);
		t += 1000;
		if (rn_chunk_bytes(&b) > (1u << 20) &&
		    rn_writer_write_chunk(w, &b, err, sizeof(err)) < 0) {
			fprintf(stderr, "gen_trace: %s\n", err);
			return 1;
		}
	}
	if (rn_writer_write_chunk(w, &b, err, sizeof(err)) < 0 ||
	    rn_writer_close(w, err, sizeof(err)) < 0) {
		fprintf(stderr, "gen_trace: %s\n", err);
		return 1;
	}
	rn_chunk_free(&b);
	return 0;
}
