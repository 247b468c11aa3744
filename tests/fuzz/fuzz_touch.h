/* fuzz_touch.h: reads every byte an event points to, so that ASan reports any
 * pointer the decoder let out of its buffer. Shared by the fuzz targets. */
#ifndef FUZZ_TOUCH_H
#define FUZZ_TOUCH_H

#include "rn_chunk.h"

static inline unsigned touch(const void *p, size_t n)
{
	const unsigned char *b = p;
	unsigned s = 0;
	for (size_t i = 0; i < n; i++)
		s += b[i];
	return s;
}

static inline unsigned touch_event(const rn_event *ev)
{
	unsigned s = 0;
	switch (ev->kind) {
	case RN_EV_SYSCALL:
		for (uint16_t i = 0; i < ev->u.sc.ncap; i++)
			s += touch(ev->u.sc.caps[i].data, ev->u.sc.caps[i].len);
		break;
	case RN_EV_PROC:
		s += touch(ev->u.proc.data, ev->u.proc.data_len);
		break;
	case RN_EV_SIGNAL:
		s += touch(ev->u.sig.siginfo, ev->u.sig.siginfo_len);
		break;
	case RN_EV_MAPPING:
		s += touch(ev->u.map.path, ev->u.map.path_len);
		s += touch(ev->u.map.build_id, ev->u.map.build_id_len);
		break;
	case RN_EV_SNAPSHOT:
		s += touch(ev->u.snap.cmdline, ev->u.snap.cmdline_len);
		s += touch(ev->u.snap.exe, ev->u.snap.exe_len);
		s += touch(ev->u.snap.cwd, ev->u.snap.cwd_len);
		break;
	case RN_EV_FDINFO:
		s += touch(ev->u.fd.path, ev->u.fd.path_len);
		break;
	case RN_EV_FUNCS: {
		const rn_funcs *f = &ev->u.funcs;
		uint64_t t = f->base_ns;
		for (uint32_t i = 0; i < f->nevents; i++) {
			rn_func_event fe;
			rn_funcs_get(f, i, &t, &fe);
			s += (unsigned)fe.addr;
		}
		if (f->call_sites)
			s += touch(f->call_sites, 8 * (size_t)f->naddrs);
		break;
	}
	}
	return s;
}

#endif
