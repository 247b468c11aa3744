/* rn_export_decode.c: rn-export's view of format/rn_decode.h: strace-style
 * arguments with fd paths (-y) from the shared fd tracker, errno and signal
 * names from rn_xlat.h. Callers render an event first and feed it after, so
 * close(3) still shows the file it closes. */
#include "rn_export_decode.h"

#if RN_HAVE_DECODE

#include "rn_decode.h"

#include <stdio.h>
#include <stdlib.h>

#define XDECODE_STRSIZE 64

struct rn_export_decode {
	rn_decode_opts o;
	rn_fdtrack *fds;
};

rn_export_decode *rn_export_decode_new(const rn_header *h)
{
	rn_export_decode *d = calloc(1, sizeof(*d));
	if (!d)
		return NULL;
	d->fds = rn_fdtrack_new(h->arch, h->cwd);
	if (!d->fds) {
		free(d);
		return NULL;
	}
	rn_decode_opts_init(&d->o, h->arch);
	d->o.strsize = XDECODE_STRSIZE;
	d->o.fd_paths = 1;
	d->o.fds = d->fds;
	return d;
}

void rn_export_decode_free(rn_export_decode *d)
{
	if (!d)
		return;
	rn_fdtrack_free(d->fds);
	free(d);
}

void rn_export_decode_feed(rn_export_decode *d, const rn_event *ev)
{
	rn_fdtrack_event(d->fds, ev);
}

const char *rn_export_decode_args(rn_export_decode *d, const rn_syscall *sc, char *buf, size_t n)
{
	rn_decode_args_buf(buf, n, &d->o, sc);
	return buf;
}

const char *rn_export_decode_name(rn_export_decode *d, const rn_syscall *sc, char *buf, size_t n)
{
	return rn_decode_name(&d->o, sc, buf, n);
}

const char *rn_export_decode_errno(int err)
{
	return rn_errno_name(err);
}

const char *rn_export_decode_errdesc(int err)
{
	return rn_errno_desc(err);
}

const char *rn_export_decode_signal(int sig)
{
	return rn_signal_name(sig);
}

#else /* the shared decoder is not built yet: raw arguments, libc names */

#include "rn_catalog.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct rn_export_decode {
	uint16_t arch;
};

rn_export_decode *rn_export_decode_new(const rn_header *h)
{
	rn_export_decode *d = calloc(1, sizeof(*d));
	if (d)
		d->arch = h->arch;
	return d;
}

void rn_export_decode_free(rn_export_decode *d)
{
	free(d);
}

void rn_export_decode_feed(rn_export_decode *d, const rn_event *ev)
{
	(void)d;
	(void)ev;
}

const char *rn_export_decode_args(rn_export_decode *d, const rn_syscall *sc, char *buf, size_t n)
{
	/* an x32 call: its x32 name's row (x86_64's, or ioctl#64's raw one) */
	const rn_sysent *ce = !(sc->flags & RN_SC_COMPAT) ? NULL
	                      : sc->flags & RN_SC_X32     ? rn_syscall_ent(RN_ABI_X32, sc->nr)
	                                                  : rn_syscall_ent_compat(d->arch, sc->nr);
	int nargs =
	    sc->flags & RN_SC_COMPAT ? (ce ? ce->nargs : 6) : rn_syscall_nargs(d->arch, sc->nr);
	size_t o = 0;
	buf[0] = 0;
	for (int i = 0; i < nargs && o + 24 < n; i++) {
		const rn_capture *c = NULL;
		for (uint16_t k = 0; k < sc->ncap && !c; k++)
			if (sc->caps[k].arg == i && sc->caps[k].kind == RN_CAP_STRING)
				c = &sc->caps[k];
		if (c)
			o += (size_t)snprintf(buf + o, n - o, "%s\"%.*s\"", i ? ", " : "",
			                      (int)c->len, (const char *)c->data);
		else
			o += (size_t)snprintf(buf + o, n - o, "%s%#" PRIx64, i ? ", " : "",
			                      sc->args[i]);
		if (o >= n)
			o = n - 1;
	}
	return buf;
}

const char *rn_export_decode_name(rn_export_decode *d, const rn_syscall *sc, char *buf, size_t n)
{
	return rn_syscall_name_buf(rn_sc_abi(d->arch, sc), sc->nr, buf, n);
}

const char *rn_export_decode_errno(int err)
{
	return strerrorname_np(err);
}

const char *rn_export_decode_errdesc(int err)
{
	return strerrordesc_np(err);
}

const char *rn_export_decode_signal(int sig)
{
	static char buf[16];
	const char *s = sigabbrev_np(sig);
	if (!s)
		return NULL;
	snprintf(buf, sizeof(buf), "SIG%s", s);
	return buf;
}

#endif
