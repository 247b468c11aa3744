/* t_decode_calls.h: synthetic recorded calls for the decoder tests
 * (t_decode.c, t_decode_flags.c): the decoder options O they print with,
 * mk() for a call by name, cap() for a captured argument, line() for the
 * line rn-replay would print. */
#ifndef T_DECODE_CALLS_H
#define T_DECODE_CALLS_H

#include "../rn_test.h"
#include "rn_decode.h"

static rn_decode_opts O;

static inline const char *line(const rn_syscall *sc)
{
	static char buf[4096];
	rn_decode_syscall_buf(buf, sizeof(buf), &O, sc);
	return buf;
}

static inline rn_syscall mk(const char *name, int64_t ret, uint64_t a0, uint64_t a1, uint64_t a2,
                            uint64_t a3, uint64_t a4, uint64_t a5)
{
	rn_syscall sc = {0};
	int nr = rn_syscall_lookup(O.arch, name);
	CHECK(nr >= 0);
	sc.nr = (uint16_t)nr;
	sc.ret = ret;
	sc.pid = sc.tid = 100;
	uint64_t a[6] = {a0, a1, a2, a3, a4, a5};
	memcpy(sc.args, a, sizeof(a));
	return sc;
}

static inline rn_capture cap(int arg, int kind, int exit, const void *data, uint32_t len,
                             uint32_t orig)
{
	rn_capture c = {0x1000,        len,          orig,
	                (uint8_t)kind, (uint8_t)arg, (uint16_t)(exit ? RN_CAPF_EXIT : 0),
	                data};
	return c;
}

#endif
