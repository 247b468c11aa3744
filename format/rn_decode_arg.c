/* rn_decode_arg.c: one argument rendered by its catalog kind, from the raw
 * value and the captured memory: strings, buffers, iovecs, argv, sockaddrs,
 * pollfds, dirents, id lists, CPU masks, structs, and the per-syscall forms
 * (fcntl's third argument, clone's named arguments, prctl, futex). */
#include "rn_decode_int.h"

#include <stdio.h>

#define AT_FDCWD_VAL (-100)
#define O_ABBREV(o)  ((o)->xlat != RN_XLAT_RAW)

static void put_string_arg(rn_sb *sb, const rn_decode_opts *o, const rn_syscall *sc, int i,
                           int path)
{
	const rn_capture *c = rn_decode_cap(sc, i, RN_CAP_STRING, 0);
	if (!c) {
		rn_put_ptr(sb, sc->args[i]);
		return;
	}
	/* A string that runs into unmapped memory stops at a page boundary
	 * without its NUL: strace prints the address. */
	if ((c->flags & RN_CAPF_TRUNCATED) && c->len && ((c->addr + c->len) & 4095) == 0) {
		rn_put_ptr(sb, sc->args[i]);
		return;
	}
	size_t max = path ? RN_PATH_MAX - 1 : o->strsize; /* PATH_MAX counts the NUL */
	rn_decode_quote_opts(sb, o, c->data, c->len, max, path && (c->flags & RN_CAPF_TRUNCATED));
}

static void put_buffer(rn_sb *sb, const rn_decode_opts *o, const rn_sysent *e, const rn_syscall *sc,
                       int i, int out)
{
	const rn_capture *c = rn_decode_cap(sc, i, RN_CAP_BUFFER, out);
	unsigned lsrc0 = RN_ARG_LEN(e->args[i]);
	if (!c && !out && lsrc0 < 6 && rn_arg_value(e->args[lsrc0], sc->args[lsrc0]) == 0 &&
	    sc->args[i]) {
		rn_sb_puts(sb, "\"\"");
		return;
	}
	if (c && rn_dec_is(e, "getcwd")) {
		rn_decode_quote_opts(sb, o, c->data, strnlen((const char *)c->data, c->len),
		                     RN_PATH_MAX, 0);
		return;
	}
	if (!c) {
		if (out && RN_ARG_LEN(e->args[i]) == RN_LEN_RET && sc->ret == 0 &&
		    !(sc->flags & RN_SC_NO_EXIT) && sc->args[i])
			rn_sb_puts(sb, "\"\"");
		else
			rn_put_ptr(sb, sc->args[i]);
		return;
	}
	/* The full length is the argument or the return value. */
	unsigned lsrc = RN_ARG_LEN(e->args[i]);
	uint64_t full = lsrc == RN_LEN_RET
	                    ? (uint64_t)(sc->ret > 0 ? sc->ret : 0)
	                    : (lsrc < 6 ? rn_arg_value(e->args[lsrc], sc->args[lsrc]) : c->len);
	if (lsrc == RN_LEN_RET && i + 1 < e->nargs && rn_dec_len(o, sc, (unsigned)i + 1) < full)
		full = rn_dec_len(o, sc, (unsigned)i + 1); /* MSG_TRUNC returns more than fits */
	if (!(c->flags & RN_CAPF_TRUNCATED) && c->len < full && c->len < o->strsize) {
		rn_put_ptr(sb,
		           sc->args[i]); /* the read faulted part way: strace shows the address */
		return;
	}
	int trunc = (c->flags & RN_CAPF_TRUNCATED) || c->orig_len > c->len || full > c->len;
	if (rn_dec_is(e, "getrandom"))
		rn_put_hexstr(sb, c->data, c->len, o->strsize, trunc);
	else
		rn_decode_quote_opts(sb, o, c->data, c->len, o->strsize, trunc);
}

static void put_struct_arg(rn_sb *sb, const rn_decode_opts *o, const rn_syscall *sc, int i,
                           rn_argspec s, int out)
{
	int st = (int)RN_ARG_X(s);
	const rn_capture *c = rn_decode_cap(sc, i, RN_CAP_STRUCT, out);
	unsigned lsrc = RN_ARG_LEN(s);
	uint64_t need = lsrc == RN_LEN_FIXED ? rn_dec_struct_size(o, sc, st)
	                                     : (lsrc < 6 ? rn_dec_len(o, sc, lsrc) : 0);
	/* a struct whose size an argument gives (file_attr's usize) prints only
	 * when that size holds its first version's fields, as strace */
	if (lsrc < 6 && st != RN_ST_SIGSET && need < rn_dec_struct_size(o, sc, st))
		c = NULL;
	if (!c || need == 0 || c->len < need || need > 4096) {
		rn_put_ptr(sb, sc->args[i]);
		return;
	}
	rn_put_struct_sc(sb, o, sc, st, c->data, (size_t)need);
}

/* The IOVEC capture holds each buffer's first bytes in order (up to the
 * recorder's limit in all); the ARRAY capture holds the iovecs themselves. */
static void put_iovec(rn_sb *sb, const rn_decode_opts *o, const rn_syscall *sc, int i, int out)
{
	const rn_capture *arr = rn_decode_cap(sc, i, RN_CAP_ARRAY, out);
	const rn_capture *dat = rn_decode_cap(sc, i, RN_CAP_IOVEC, out);
	if (!arr) {
		rn_put_ptr(sb, sc->args[i]);
		return;
	}
	uint64_t budget = out ? (uint64_t)(sc->ret > 0 ? sc->ret : 0) : UINT64_MAX;
	size_t w = arr->flags & RN_CAPF_W32 ? 4 : 8; /* an ia32 call's iovecs: 32-bit words */
	size_t off = 0, n = arr->len / (2 * w), dlen = dat ? dat->len : 0;
	rn_sb_putc(sb, '[');
	for (size_t k = 0; k < n; k++) {
		if (k)
			rn_sb_puts(sb, ", ");
		if (k >= rn_dec_max_elems(o)) {
			rn_sb_puts(sb, "...");
			break;
		}
		const uint8_t *v = arr->data + 2 * w * k;
		uint64_t base = w == 4 ? rn_ld32(v) : rn_ld64(v);
		uint64_t len = w == 4 ? rn_ld32(v + 4) : rn_ld64(v + 8);
		uint64_t moved = len < budget ? len : budget;
		size_t here = dlen - off < len ? dlen - off : (size_t)len; /* bytes of this iov */
		size_t have = here < moved ? here : (size_t)moved;
		rn_sb_puts(sb, "{iov_base=");
		if (dat && (have > 0 || moved == 0))
			rn_decode_quote_opts(sb, o, dat->data + off, have, o->strsize,
			                     moved > have);
		else
			rn_put_ptr(sb, base);
		rn_sb_puts(sb, ", iov_len=");
		rn_put_udec(sb, len);
		rn_sb_putc(sb, '}');
		off += here;
		budget -= moved;
	}
	rn_sb_putc(sb, ']');
}

/* Control messages: {cmsg_len=20, cmsg_level=SOL_SOCKET,
 * cmsg_type=SCM_RIGHTS, cmsg_data=[7]}, as strace prints them. */
static void put_cmsgs(rn_sb *sb, const rn_decode_opts *o, const rn_capture *c, uint64_t len)
{
	size_t n = c->len < len ? c->len : (size_t)len, off = 0;
	rn_sb_putc(sb, '[');
	for (int k = 0; off + 16 <= n; k++) {
		uint64_t cl = rn_ld64(c->data + off);
		uint32_t level = rn_ld32(c->data + off + 8), type = rn_ld32(c->data + off + 12);
		if (k)
			rn_sb_puts(sb, ", ");
		rn_sb_printf(sb, "{cmsg_len=%llu, cmsg_level=", (unsigned long long)cl);
		rn_put_enum(sb, o, RN_XLAT_sol, level, 0);
		rn_sb_puts(sb, ", cmsg_type=");
		if (level == 1)
			rn_put_enum(sb, o, RN_XLAT_scm, type, 0);
		else
			rn_put_hex(sb, type);
		size_t dl = cl > 16 && cl - 16 <= n - off - 16 ? (size_t)(cl - 16) : 0;
		const uint8_t *d = c->data + off + 16;
		if (level == 1 && type == 1) { /* SCM_RIGHTS */
			rn_sb_puts(sb, ", cmsg_data=[");
			for (size_t j = 0; j + 4 <= dl; j += 4)
				rn_sb_printf(sb, "%s%d", j ? ", " : "", (int32_t)rn_ld32(d + j));
			rn_sb_putc(sb, ']');
		} else if (level == 1 && type == 2 && dl >= 12) { /* SCM_CREDENTIALS */
			rn_sb_printf(sb, ", cmsg_data={pid=%d, uid=%u, gid=%u}",
			             (int32_t)rn_ld32(d), rn_ld32(d + 4), rn_ld32(d + 8));
		}
		rn_sb_putc(sb, '}');
		if (cl < 16)
			break;
		off += (size_t)((cl + 7) & ~(uint64_t)7);
	}
	rn_sb_putc(sb, ']');
}

/* struct msghdr followed (RN_PLAN_MSGHDR): sendmsg's at entry, recvmsg's at
 * exit with msg_namelen's value before the call. */
void rn_put_msghdr(rn_sb *sb, const rn_decode_opts *o, const rn_syscall *sc, int i, int out)
{
	const rn_capture *h = rn_decode_cap_nth(sc, i, RN_CAP_STRUCT, out, 0);
	const rn_capture *in = out ? rn_decode_cap_nth(sc, i, RN_CAP_STRUCT, 0, 0) : NULL;
	if (out && in && in->len >= 56 && (rn_sc_failed(sc) || (sc->flags & RN_SC_NO_EXIT))) {
		/* strace shows what the call was given to fill */
		rn_sb_printf(sb, "{msg_namelen=%u}", rn_ld32(in->data + 8));
		return;
	}
	if (!h || h->len < 56 || (out && (rn_sc_failed(sc) || (sc->flags & RN_SC_NO_EXIT)))) {
		rn_put_ptr(sb, sc->args[i]);
		return;
	}
	const uint8_t *p = h->data;
	uint64_t name = rn_ld64(p), iov = rn_ld64(p + 16), iovlen = rn_ld64(p + 24);
	uint64_t ctl = rn_ld64(p + 32), ctllen = rn_ld64(p + 40);
	uint32_t namelen = rn_ld32(p + 8), flags = rn_ld32(p + 48);
	rn_sb_puts(sb, "{msg_name=");
	const rn_capture *nm =
	    name && namelen ? rn_decode_cap_nth(sc, i, RN_CAP_STRUCT, out, 1) : NULL;
	if (nm)
		rn_put_sockaddr(sb, o, nm->data, nm->len < namelen ? nm->len : namelen);
	else
		rn_put_ptr(sb, name);
	if (in && in->len >= 56 && rn_ld32(in->data + 8) != namelen)
		rn_sb_printf(sb, ", msg_namelen=%u => %u", rn_ld32(in->data + 8), namelen);
	else
		rn_sb_printf(sb, ", msg_namelen=%u", namelen);
	rn_sb_puts(sb, ", msg_iov=");
	if (iov && iovlen && rn_decode_cap_nth(sc, i, RN_CAP_ARRAY, out, 0))
		put_iovec(sb, o, sc, i, out);
	else
		rn_put_ptr(sb, iov);
	rn_sb_printf(sb, ", msg_iovlen=%llu", (unsigned long long)iovlen);
	if (ctllen) {
		const rn_capture *cm =
		    ctl ? rn_decode_cap_nth(sc, i, RN_CAP_ARRAY, out, iov && iovlen) : NULL;
		rn_sb_puts(sb, ", msg_control=");
		if (cm)
			put_cmsgs(sb, o, cm, ctllen);
		else
			rn_put_ptr(sb, ctl);
	}
	rn_sb_printf(sb, ", msg_controllen=%llu, msg_flags=", (unsigned long long)ctllen);
	rn_put_flags(sb, o, RN_XLAT_msg, flags);
	rn_sb_putc(sb, '}');
}

static uint32_t count_strings(const rn_capture *c)
{
	uint32_t n = c->len ? 1 : 0;
	for (uint32_t k = 0; k < c->len; k++)
		n += c->data[k] == 0;
	return n;
}

static void put_argv(rn_sb *sb, const rn_decode_opts *o, const rn_syscall *sc, int i, int env)
{
	const rn_capture *c = rn_decode_cap(sc, i, RN_CAP_ARGV, 0);
	if (!c) {
		rn_put_ptr(sb, sc->args[i]);
		return;
	}
	if (env) {
		/* (an execve in progress when recording started: the count is
		 * known, the pointer is not) */
		if (c->addr || !(sc->flags & RN_SC_NO_ENTRY)) {
			rn_put_ptr(sb, sc->args[i]);
			rn_sb_putc(sb, ' ');
		}
		uint32_t nv = c->len ? count_strings(c) : c->orig_len; /* envp is only counted */
		rn_sb_printf(sb, "/* %u var%s */", nv, nv == 1 ? "" : "s");
		return;
	}
	rn_sb_putc(sb, '[');
	size_t off = 0;
	uint32_t k = 0;
	while (off < c->len) {
		const uint8_t *s = c->data + off;
		size_t n = strnlen((const char *)s, c->len - off);
		if (k)
			rn_sb_puts(sb, ", ");
		if (k >= rn_dec_max_elems(o)) {
			rn_sb_puts(sb, "...");
			break;
		}
		rn_decode_quote_opts(sb, o, s, n, o->strsize, 0);
		off += n + 1;
		if (off == c->len) { /* a trailing NUL: one more, empty string */
			rn_sb_puts(sb, ", \"\"");
			k++;
		}
		k++;
	}
	if ((c->flags & RN_CAPF_TRUNCATED) && k < rn_dec_max_elems(o))
		rn_sb_puts(sb, k ? ", ..." : "...");
	rn_sb_putc(sb, ']');
}

static int sock_len(const rn_syscall *sc, int i, int out)
{
	const rn_capture *c = rn_decode_cap(sc, i, RN_CAP_ARRAY, out);
	return c && c->len >= 4 ? (int)rn_ld32(c->data) : -1;
}

/* A socklen whose value before the call could not be read (a capture
 * marked unreadable): strace then prints the sockaddr's and the socklen's
 * addresses, never a length it did not see. */
static int sock_len_unread(const rn_syscall *sc, int i)
{
	for (uint16_t k = 0; k < sc->ncap; k++)
		if (sc->caps[k].arg == i && !(sc->caps[k].flags & RN_CAPF_EXIT))
			return (sc->caps[k].flags & RN_CAPF_UNREADABLE) != 0;
	return 0;
}

static void put_sockaddr_arg(rn_sb *sb, const rn_decode_opts *o, const rn_syscall *sc, int i,
                             rn_argspec s, int out)
{
	const rn_capture *c = rn_decode_cap(sc, i, RN_CAP_STRUCT, out);
	if (!c || (out && sock_len_unread(sc, (int)RN_ARG_LEN(s)))) {
		rn_put_ptr(sb, sc->args[i]);
		return;
	}
	size_t len = c->len;
	unsigned lsrc = RN_ARG_LEN(s);
	if (out) {
		int l = sock_len(sc, (int)lsrc, 1);
		if (l == 0) { /* nothing written */
			rn_put_ptr(sb, sc->args[i]);
			return;
		}
		int lin = sock_len(sc, (int)lsrc, 0); /* the kernel wrote at most that */
		if (lin >= 0 && (l < 0 || lin < l))
			l = lin;
		if (l >= 0 && (size_t)l < len)
			len = (size_t)l;
	} else if (lsrc < 6 && rn_dec_len(o, sc, lsrc) < len)
		len = (size_t)rn_dec_len(o, sc, lsrc);
	rn_put_sockaddr(sb, o, c->data, len);
}

void rn_put_pollfds(rn_sb *sb, const rn_decode_opts *o, int32_t pid, const rn_capture *c,
                    int revents)
{
	rn_sb_putc(sb, '[');
	uint32_t shown = 0;
	for (uint32_t k = 0; k + 8 <= c->len; k += 8) {
		int32_t fd = (int32_t)rn_ld32(c->data + k);
		uint16_t ev = rn_ld16(c->data + k + (revents ? 6 : 4));
		if (revents && ev == 0)
			continue;
		if (fd < 0 && !revents) { /* the kernel ignores the events of a negative fd */
			rn_sb_printf(sb, "%s{fd=%d}", shown++ ? ", " : "", fd);
			continue;
		}
		if (shown)
			rn_sb_puts(sb, ", ");
		if (shown++ >= rn_dec_max_elems(o)) { /* arrays are cut at -s elements too */
			rn_sb_puts(sb, "...");
			break;
		}
		rn_sb_puts(sb, "{fd=");
		if (revents)
			rn_put_sdec(sb, fd);
		else
			rn_put_fd(sb, o, pid, fd);
		rn_sb_printf(sb, ", %s=", revents ? "revents" : "events");
		rn_put_flags(sb, o, RN_XLAT_poll_events, ev);
		rn_sb_putc(sb, '}');
	}
	rn_sb_putc(sb, ']');
}

/* -v: [{d_ino=2, d_off=..., d_reclen=24, d_type=DT_DIR, d_name="."}, ...],
 * every entry recorded ("..." when the recording kept fewer bytes). */
static void put_dirents_full(rn_sb *sb, const rn_decode_opts *o, const rn_capture *c, int64_t ret)
{
	uint32_t off = 0;
	rn_sb_putc(sb, '[');
	while (off + 19 <= c->len) {
		uint16_t rl = rn_ld16(c->data + off + 16);
		if (rl < 19 || off + rl > c->len)
			break;
		const uint8_t *n = c->data + off + 19;
		rn_sb_printf(sb, "%s{d_ino=%llu, d_off=%lld, d_reclen=%u, d_type=", off ? ", " : "",
		             (unsigned long long)rn_ld64(c->data + off),
		             (long long)rn_ld64(c->data + off + 8), rl);
		rn_put_enum(sb, o, RN_XLAT_dirent_type, c->data[off + 18], 0);
		rn_sb_puts(sb, ", d_name=");
		rn_decode_quote_opts(sb, o, n, strnlen((const char *)n, rl - 19u), RN_PATH_MAX, 0);
		rn_sb_putc(sb, '}');
		off += rl;
	}
	if (ret > 0 && (uint64_t)ret > off)
		rn_sb_puts(sb, off ? ", ..." : "...");
	rn_sb_putc(sb, ']');
}

static void put_dirents(rn_sb *sb, const rn_decode_opts *o, const rn_syscall *sc, int i)
{
	const rn_capture *c = rn_decode_cap(sc, i, RN_CAP_ARRAY, 1);
	if (!c)
		c = rn_decode_cap(sc, i, RN_CAP_BUFFER, 1);
	if (o->verbose && !rn_sc_failed(sc) && !(sc->flags & RN_SC_NO_EXIT) &&
	    (c || sc->ret == 0)) {
		if (c)
			put_dirents_full(sb, o, c, sc->ret);
		else
			rn_sb_puts(sb, "[]");
		return;
	}
	rn_put_ptr(sb, sc->args[i]);
	if (!c)
		return;
	uint32_t n = 0;
	for (uint32_t off = 0; off + 19 <= c->len;) {
		uint16_t rl = rn_ld16(c->data + off + 16);
		if (rl == 0)
			break;
		off += rl;
		n++;
	}
	rn_sb_printf(sb, " /* %u entr%s */", n, n == 1 ? "y" : "ies");
}

/* getgroups' [0, 4, 24]; [] when the count is 0. */
static void put_ids(rn_sb *sb, const rn_decode_opts *o, const rn_syscall *sc, int i, int out)
{
	const rn_capture *c = rn_decode_cap(sc, i, RN_CAP_ARRAY, out);
	int64_t n = out ? sc->ret : (int64_t)sc->args[0];
	if (!sc->args[i] || (!c && !(n == 0 && !rn_sc_failed(sc)))) {
		rn_put_ptr(sb, sc->args[i]);
		return;
	}
	rn_sb_putc(sb, '[');
	for (uint32_t k = 0; c && k + 4 <= c->len; k += 4) {
		if (k)
			rn_sb_puts(sb, ", ");
		if (k / 4 >= rn_dec_max_elems(o)) {
			rn_sb_puts(sb, "...");
			break;
		}
		rn_put_udec(sb, rn_ld32(c->data + k));
	}
	rn_sb_putc(sb, ']');
}

/* sched_getaffinity's [0 1]: the numbers of the set bits. */
static void put_cpuset(rn_sb *sb, const rn_syscall *sc, int i, int out)
{
	const rn_capture *c = rn_decode_cap(sc, i, RN_CAP_ARRAY, out);
	if (!c) {
		rn_put_ptr(sb, sc->args[i]);
		return;
	}
	rn_sb_putc(sb, '[');
	int first = 1;
	for (uint32_t b = 0; b < c->len * 8; b++)
		if (c->data[b / 8] >> (b % 8) & 1) {
			if (!first)
				rn_sb_putc(sb, ' ');
			first = 0;
			rn_put_udec(sb, b);
		}
	rn_sb_putc(sb, ']');
}

/* A NUMA node mask as strace prints it: (maxnode + 62) / 64 longs, each
 * %#0*lx 16 wide ([0x00000000000001, 0000000000000000]), -s of them at most. */
static void put_nodes(rn_sb *sb, const rn_decode_opts *o, const rn_syscall *sc, int i,
                      uint64_t maxnode, int out)
{
	const rn_capture *c = rn_decode_cap(sc, i, RN_CAP_ARRAY, out);
	uint64_t n = maxnode > UINT64_MAX - 62 ? 0 : (maxnode + 62) / 64;
	if (!c || !n || c->len / 8 < n) {
		rn_put_ptr(sb, sc->args[i]);
		return;
	}
	rn_sb_putc(sb, '[');
	for (uint64_t k = 0; k < n; k++) {
		if (k)
			rn_sb_puts(sb, ", ");
		if (k >= o->strsize) {
			rn_sb_puts(sb, "...");
			break;
		}
		uint64_t v = rn_ld64(c->data + 8 * k);
		if (v)
			rn_sb_printf(sb, "0x%014llx", (unsigned long long)v);
		else
			rn_sb_puts(sb, "0000000000000000");
	}
	rn_sb_putc(sb, ']');
}

/* epoll_wait's [{events=EPOLLIN, data={u32=5, u64=5}}]. */
static void put_epoll_events(rn_sb *sb, const rn_decode_opts *o, const rn_syscall *sc, int i)
{
	const rn_capture *c = rn_decode_cap(sc, i, RN_CAP_ARRAY, 1);
	uint32_t size = rn_dec_struct_size(o, sc, RN_ST_EPOLL_EVENT);
	if (!c && sc->ret == 0 && !rn_sc_failed(sc) && sc->args[i]) {
		rn_sb_puts(sb, "[]");
		return;
	}
	if (!c) {
		rn_put_ptr(sb, sc->args[i]);
		return;
	}
	rn_sb_putc(sb, '[');
	for (uint32_t k = 0; k + size <= c->len; k += size) {
		if (k)
			rn_sb_puts(sb, ", ");
		rn_put_struct(sb, o, RN_ST_EPOLL_EVENT, c->data + k, size);
	}
	rn_sb_putc(sb, ']');
}

void rn_put_fdset(rn_sb *sb, const rn_decode_opts *o, int32_t pid, const rn_capture *c, int nfds)
{
	rn_sb_putc(sb, '[');
	int first = 1;
	for (int fd = 0; fd < nfds && (uint32_t)fd / 8 < c->len; fd++)
		if (c->data[fd / 8] >> (fd % 8) & 1) {
			if (!first)
				rn_sb_putc(sb, ' ');
			first = 0;
			if (o)
				rn_put_fd(sb, o, pid, fd);
			else
				rn_put_udec(sb, (uint64_t)fd);
		}
	rn_sb_putc(sb, ']');
}

static void put_dirfd(rn_sb *sb, const rn_decode_opts *o, const rn_syscall *sc, int i)
{
	if ((int32_t)sc->args[i] != AT_FDCWD_VAL) {
		rn_put_fd(sb, o, sc->pid, (int32_t)sc->args[i]);
		return;
	}
	if (o->xlat == RN_XLAT_RAW)
		rn_sb_puts(sb, "-100");
	else if (o->xlat == RN_XLAT_VERBOSE)
		rn_sb_puts(sb, "-100 /* AT_FDCWD */");
	else
		rn_sb_puts(sb, "AT_FDCWD");
	const char *cwd = o->fd_paths && o->fds ? rn_fdtrack_cwd(o->fds, sc->pid) : NULL;
	if (cwd)
		rn_sb_printf(sb, "<%s>", cwd);
}

static void put_fcntl_arg(rn_sb *sb, const rn_decode_opts *o, const rn_syscall *sc)
{
	uint64_t cmd = (uint32_t)sc->args[1], v = sc->args[2];
	switch (cmd) {
	case 2: /* F_SETFD */
		rn_put_flags(sb, o, RN_XLAT_fdflags, v);
		break;
	case 4: /* F_SETFL */
		rn_put_flags(sb, o, RN_XLAT_open, v);
		break;
	case 0:
	case 1030: /* F_DUPFD, F_DUPFD_CLOEXEC, F_SETPIPE_SZ: strace prints the long */
	case 1031:
		rn_put_sdec(sb, (int64_t)v);
		break;
	case 8: /* F_SETOWN */
		rn_put_sdec(sb, (int32_t)v);
		break;
	case 10: /* F_SETSIG */
		rn_put_signame(sb, o, (int)v);
		break;
	case 1024: /* F_SETLEASE */
		rn_put_enum(sb, o, RN_XLAT_flock_type, v, 0);
		break;
	case 5: /* F_GETLK, F_SETLK, F_SETLKW and the OFD ones: struct flock */
	case 6:
	case 7:
	case 36:
	case 37:
	case 38: {
		int get = cmd == 5 || cmd == 36;
		const rn_capture *c = rn_decode_cap(sc, 2, RN_CAP_STRUCT, get);
		if (!c || c->len < 32 || (get && rn_sc_failed(sc))) {
			rn_put_ptr(sb, v);
			break;
		}
		rn_sb_puts(sb, "{l_type=");
		rn_put_enum(sb, o, RN_XLAT_flock_type, rn_ld16(c->data), 0);
		rn_sb_puts(sb, ", l_whence=");
		rn_put_enum(sb, o, RN_XLAT_seek, rn_ld16(c->data + 2), 0);
		rn_sb_printf(sb, ", l_start=%lld, l_len=%lld", (long long)rn_ld64(c->data + 8),
		             (long long)rn_ld64(c->data + 16));
		if (get)
			rn_sb_printf(sb, ", l_pid=%d", (int32_t)rn_ld32(c->data + 24));
		rn_sb_putc(sb, '}');
		break;
	}
	default:
		rn_put_hex(sb, v);
	}
}

/* clone's named-argument form, in strace's order on every arch (parent_tid,
 * tls, child_tidptr); which register holds tls and which child_tidptr
 * differs (aarch64 is CLONE_BACKWARDS). CLONE_PARENT_SETTID: the kernel
 * stored the new thread's id, the return value, at parent_tid before
 * returning (strace reads it back: [TID]); a failed call stored nothing and
 * shows the pointer. */
void rn_put_clone(rn_sb *sb, const rn_decode_opts *o, const rn_syscall *sc)
{
	const uint64_t *a = sc->args;
	uint64_t flags = a[0];
	/* aarch64 and i386 take tls before child_tid (CLONE_BACKWARDS) */
	int back =
	    o->arch == RN_ARCH_AARCH64 || (sc->flags & (RN_SC_COMPAT | RN_SC_X32)) == RN_SC_COMPAT;
	uint64_t ctid = back ? a[4] : a[3];
	uint64_t tls = back ? a[3] : a[4];
	rn_sb_puts(sb, "child_stack=");
	rn_put_ptr(sb, a[1]);
	rn_sb_puts(sb, ", flags=");
	rn_put_flags(sb, o, RN_XLAT_clone, flags);
	if (flags & 0x100000) {
		rn_sb_puts(sb, ", parent_tid=");
		if (!rn_sc_failed(sc) && sc->ret > 0 && a[2] && !(sc->flags & RN_SC_NO_EXIT))
			rn_sb_printf(sb, "[%lld]", (long long)sc->ret);
		else
			rn_put_ptr(sb, a[2]);
	}
	if (flags & 0x80000) {
		rn_sb_puts(sb, ", tls=");
		rn_put_ptr(sb, tls);
	}
	if (flags & (0x1000000 | 0x200000)) {
		rn_sb_puts(sb, ", child_tidptr=");
		rn_put_ptr(sb, ctid);
	}
}

void rn_decode_arg(rn_sb *sb, const rn_decode_opts *o, const rn_syscall *sc, int i)
{
	RN_DEC_VIEW(o, sc);
	const rn_sysent *e = rn_dec_ent(o, sc);
	uint64_t v = sc->args[i];
	if (!e || i >= e->nargs) {
		rn_put_hex(sb, v);
		return;
	}
	if (rn_dec_ia32_arg(sb, e, sc, i))
		return;
	rn_argspec s = e->args[i];
	int x = (int)RN_ARG_X(s);
	if (rn_dec_is(e, "prctl") && i >= 1) {
		rn_put_prctl_arg(sb, o, sc, i);
		return;
	}
	if (rn_dec_is(e, "arch_prctl") && i == 1) {
		rn_put_arch_prctl_arg(sb, sc);
		return;
	}
	if (rn_dec_is(e, "futex") && i == 4 &&
	    ((sc->args[1] & 127) == 9 || (sc->args[1] & 127) == 10)) {
		/* the bitset ops print val3 in place of uaddr2 */
		if ((uint32_t)sc->args[5] == 0xffffffff && O_ABBREV(o))
			rn_sb_puts(sb, "FUTEX_BITSET_MATCH_ANY");
		else
			rn_put_hex(sb, (uint32_t)sc->args[5]);
		return;
	}
	switch (RN_ARG_KIND(s)) {
	case RN_A_INT:
	case RN_A_PID:
		if ((rn_dec_is(e, "socket") || rn_dec_is(e, "socketpair")) && i == 2 &&
		    (sc->args[0] == 2 || sc->args[0] == 10)) { /* AF_INET, AF_INET6 */
			rn_put_enum(sb, o, RN_XLAT_ipproto, v, o->xlat == RN_XLAT_ABBREV);
			break;
		}
		if (rn_dec_is(e, "socket") && i == 2 &&
		    (uint32_t)sc->args[0] == 17) { /* AF_PACKET */
			uint16_t proto = (uint16_t)(((v & 0xff) << 8) | ((v >> 8) & 0xff));
			const char *pn = rn_xlat_name(RN_XLAT_ethernet_proto, proto);
			if (pn && o->xlat == RN_XLAT_ABBREV && (v >> 16) == 0)
				rn_sb_printf(sb, "htons(%s)", pn);
			else if ((v >> 16) == 0 && o->xlat != RN_XLAT_ABBREV) {
				rn_sb_printf(sb, "htons(%#x", proto);
				if (pn && o->xlat == RN_XLAT_VERBOSE)
					rn_sb_printf(sb, " /* %s */", pn);
				rn_sb_putc(sb, ')');
			} else
				rn_put_sdec(sb, (int32_t)v);
			break;
		}
		if ((rn_dec_is(e, "socket") || rn_dec_is(e, "socketpair")) && i == 2 &&
		    sc->args[0] == 16) { /* AF_NETLINK */
			rn_put_enum(sb, o, RN_XLAT_netlink_proto, v, 1);
			break;
		}
		if (rn_dec_is(e, "socket") || rn_dec_is(e, "socketpair")) {
			rn_put_udec(sb, v); /* other families: strace prints the register */
			break;
		}
		rn_put_sdec(sb, (int32_t)v);
		break;
	case RN_A_LONG:
		rn_put_sdec(sb, (int64_t)v);
		break;
	case RN_A_UINT:
		rn_put_udec(sb, (uint32_t)v);
		break;
	case RN_A_ULONG:
		rn_put_udec(sb, v);
		break;
	case RN_A_HEX:
		rn_put_hex(sb, (uint32_t)v);
		break;
	case RN_A_HEXL:
		rn_put_hex(sb, v);
		break;
	case RN_A_PGOFF: /* strace shows mmap2's offset in bytes */
		rn_put_hex(sb, (uint64_t)(uint32_t)v << 12);
		break;
	case RN_A_FCNTL_ARG:
		put_fcntl_arg(sb, o, sc);
		break;
	case RN_A_OCT:
		rn_put_oct(sb, (uint32_t)v);
		break;
	case RN_A_UID: /* strace's printuid: (uid_t)-1 as -1, the rest unsigned */
		if ((uint32_t)v == UINT32_MAX)
			rn_sb_puts(sb, "-1");
		else
			rn_put_udec(sb, (uint32_t)v);
		break;
	case RN_A_DEV: /* glibc's major() and minor() of the 64-bit dev_t */
		if (o->xlat == RN_XLAT_RAW)
			rn_put_hex(sb, v);
		else
			rn_put_makedev(sb, v);
		break;
	case RN_A_FD:
		rn_put_fd(sb, o, sc->pid, (int32_t)v);
		break;
	case RN_A_DIRFD:
		put_dirfd(sb, o, sc, i);
		break;
	case RN_A_PATH:
	case RN_A_STR:
		put_string_arg(sb, o, sc, i, RN_ARG_KIND(s) == RN_A_PATH);
		break;
	case RN_A_FLAGS:
		if (x == RN_XLAT_seccomp_flags && (uint32_t)sc->args[0] != 1) {
			rn_put_hex(sb, (uint32_t)v); /* named for SECCOMP_SET_MODE_FILTER only */
			break;
		}
		rn_put_flags(sb, o, x, RN_ARG_LEN(s) == RN_W64 ? v : (uint32_t)v);
		break;
	case RN_A_ENUM:
		if (x == RN_XLAT_syslog) { /* strace: the number, the name as a comment */
			rn_put_sdec(sb, (int32_t)v);
			if (rn_xlat_name(x, (uint32_t)v)) /* also under -X raw, as strace */
				rn_sb_printf(sb, " /* %s */", rn_xlat_name(x, (uint32_t)v));
			else
				rn_sb_puts(sb, " /* SYSLOG_ACTION_??? */");
			break;
		}
		if (x == RN_XLAT_ioctl) {
			rn_put_ioctl_cmd(sb, o, (uint32_t)v);
			break;
		}
		/* a System V ctl command: IPC_64|IPC_STAT, as strace's PRINTCTL */
		if ((x == RN_XLAT_shmctl || x == RN_XLAT_msgctl || x == RN_XLAT_semctl) &&
		    ((uint32_t)v & 0x100) && o->xlat != RN_XLAT_RAW) {
			rn_sb_puts(sb, "IPC_64|");
			v = (uint32_t)v & ~0x100u;
		}
		if (RN_ARG_LEN(s) != RN_W64) /* an int: negative names (-1) match sign-extended */
			v = rn_xlat_name(x, (uint64_t)(int64_t)(int32_t)v)
			        ? (uint64_t)(int64_t)(int32_t)v
			        : (uint32_t)v;
		rn_put_enum(sb, o, x, v, 0);
		break;
	case RN_A_MODE:
		rn_put_mode(sb, o, (uint16_t)v, /* umode_t */
		            rn_dec_is(e, "mknod") || rn_dec_is(e, "mknodat"));
		break;
	case RN_A_SIGNAL:
		rn_put_signame(sb, o, (int32_t)v);
		break;
	case RN_A_BUF_IN:
		put_buffer(sb, o, e, sc, i, 0);
		break;
	case RN_A_BUF_OUT:
		put_buffer(sb, o, e, sc, i, RN_ARG_KIND(s) == RN_A_BUF_OUT);
		break;
	case RN_A_STRUCT_IN:
		put_struct_arg(sb, o, sc, i, s, 0);
		break;
	case RN_A_SOCKOPT_NAME:
		rn_put_sockopt_name(sb, o, sc, i);
		break;
	case RN_A_SOCKOPT_IN:
	case RN_A_SOCKOPT_OUT:
		rn_put_sockopt_val(sb, o, sc, i, RN_ARG_KIND(s) == RN_A_SOCKOPT_OUT);
		break;
	case RN_A_IPC_KEY:
		if ((uint32_t)v == 0 && O_ABBREV(o))
			rn_sb_puts(sb, "IPC_PRIVATE");
		else
			rn_put_hex(sb, (uint32_t)v);
		break;
	case RN_A_IPC_FLAGS: {
		uint32_t f = (uint32_t)v & ~0777u;
		if (f) {
			rn_put_flags(sb, o, x, f);
			rn_sb_putc(sb, '|');
		}
		rn_put_oct(sb, (uint32_t)v & 0777);
		break;
	}
	case RN_A_SHMID_DS:
		rn_put_ipc_ds(sb, o, e, sc, i);
		break;
	case RN_A_SEMBUF:
		rn_put_sembuf(sb, o, sc, i);
		break;
	case RN_A_MSGBUF_IN:
	case RN_A_MSGBUF_OUT:
		rn_put_msgbuf(sb, o, sc, i, RN_ARG_KIND(s) == RN_A_MSGBUF_OUT);
		break;
	case RN_A_PAGEVEC_OUT: {
		const rn_capture *c = rn_decode_cap(sc, i, RN_CAP_ARRAY, 1);
		if (!c || rn_sc_failed(sc)) {
			rn_put_ptr(sb, v);
			break;
		}
		uint64_t pages = (rn_dec_len(o, sc, RN_ARG_LEN(s)) + 4095) / 4096;
		rn_sb_putc(sb, '[');
		for (uint32_t k = 0; k < c->len && k < pages; k++) {
			if (k)
				rn_sb_puts(sb, ", ");
			if (k >= o->strsize) {
				rn_sb_puts(sb, "...");
				break;
			}
			rn_put_udec(sb, c->data[k]);
		}
		rn_sb_putc(sb, ']');
		break;
	}
	case RN_A_IOPRIO:
		rn_put_ioprio(sb, o, (uint32_t)v);
		break;
	case RN_A_STRUCT_REM: /* written when interrupted: EINTR, ERESTART* */
		if (sc->ret == -4 || (sc->ret <= -512 && sc->ret >= -516))
			put_struct_arg(sb, o, sc, i, s, 1);
		else
			rn_put_ptr(sb, v);
		break;
	case RN_A_STRUCT_OUT:
	case RN_A_INTPTR_OUT:
		put_struct_arg(sb, o, sc, i, s, 1);
		break;
	case RN_A_STRUCT_INOUT:
		put_struct_arg(sb, o, sc, i, s, 0);
		if (rn_decode_cap(sc, i, RN_CAP_STRUCT, 1) && !rn_dec_left_in_result(e)) {
			rn_sb_puts(sb, " => ");
			put_struct_arg(sb, o, sc, i, s, 1);
		}
		break;
	case RN_A_MSGHDR_IN:
	case RN_A_MSGHDR_OUT:
		rn_put_msghdr(sb, o, sc, i, RN_ARG_KIND(s) == RN_A_MSGHDR_OUT);
		break;
	case RN_A_MMSGHDR_IN:
	case RN_A_MMSGHDR_OUT:
		rn_put_mmsghdrs(sb, o, sc, i, RN_ARG_KIND(s) == RN_A_MMSGHDR_OUT);
		break;
	case RN_A_IOV_IN:
	case RN_A_IOV_OUT:
		put_iovec(sb, o, sc, i, RN_ARG_KIND(s) == RN_A_IOV_OUT);
		break;
	case RN_A_ARGV:
	case RN_A_ENVP:
		put_argv(sb, o, sc, i, RN_ARG_KIND(s) == RN_A_ENVP);
		break;
	case RN_A_SOCKADDR_IN:
	case RN_A_SOCKADDR_OUT:
		put_sockaddr_arg(sb, o, sc, i, s, RN_ARG_KIND(s) == RN_A_SOCKADDR_OUT);
		break;
	case RN_A_SOCKLEN_INOUT: {
		int in = sock_len(sc, i, 0), out = sock_len(sc, i, 1);
		if ((in < 0 && out < 0) || sock_len_unread(sc, i))
			rn_put_ptr(sb, v);
		else if (in >= 0 && out >= 0 && in != out)
			rn_sb_printf(sb, "[%d => %d]", in, out);
		else
			rn_sb_printf(sb, "[%d]", in >= 0 ? in : out);
		break;
	}
	case RN_A_FDPAIR: {
		const rn_capture *c = rn_decode_cap(sc, i, RN_CAP_ARRAY, 1);
		if (c && c->len >= 8 && rn_dec_max_elems(o) == 0) {
			rn_sb_puts(sb, "[...]"); /* -s 0 cuts arrays too */
		} else if (c && c->len >= 8) {
			rn_sb_putc(sb, '[');
			rn_put_fd(sb, o, sc->pid, (int32_t)rn_ld32(c->data));
			rn_sb_puts(sb, ", ");
			rn_put_fd(sb, o, sc->pid, (int32_t)rn_ld32(c->data + 4));
			rn_sb_putc(sb, ']');
		} else
			rn_put_ptr(sb, v);
		break;
	}
	case RN_A_POLLFD: {
		const rn_capture *c = rn_decode_cap(sc, i, RN_CAP_ARRAY, 0);
		if (c)
			rn_put_pollfds(sb, o, sc->pid, c, 0);
		else
			rn_put_ptr(sb, v);
		break;
	}
	case RN_A_DIRENTS:
		put_dirents(sb, o, sc, i);
		break;
	case RN_A_IDS_IN:
	case RN_A_IDS_OUT:
		put_ids(sb, o, sc, i, RN_ARG_KIND(s) == RN_A_IDS_OUT);
		break;
	case RN_A_EPOLL_OUT:
		put_epoll_events(sb, o, sc, i);
		break;
	case RN_A_IOCTL_ARG:
		rn_put_ioctl_arg(sb, o, sc, i);
		break;
	case RN_A_FDSET: {
		const rn_capture *c = rn_decode_cap(sc, i, RN_CAP_ARRAY, 0);
		if (c)
			rn_put_fdset(sb, o, sc->pid, c, (int)(int32_t)sc->args[0]);
		else
			rn_put_ptr(sb, v);
		break;
	}
	case RN_A_CPUSET_IN:
	case RN_A_CPUSET_OUT:
		put_cpuset(sb, sc, i, RN_ARG_KIND(s) == RN_A_CPUSET_OUT);
		break;
	case RN_A_NODES_IN:
	case RN_A_NODES_OUT:
		put_nodes(sb, o, sc, i, sc->args[RN_ARG_LEN(s) < 6 ? RN_ARG_LEN(s) : 0],
		          RN_ARG_KIND(s) == RN_A_NODES_OUT);
		break;
	case RN_A_CLONE_FLAGS:
		rn_put_flags(sb, o, RN_XLAT_clone, v);
		break;
	case RN_A_PTR:
	default:
		rn_put_ptr(sb, v);
		break;
	}
}
