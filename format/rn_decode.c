/* rn_decode.c: one recorded syscall rendered as strace prints it: which
 * arguments print (open's optional mode, fcntl, prctl and futex by their
 * command), the entry/exit split for <unfinished ...> lines, the return
 * value and the " = " column. Arguments are in rn_decode_arg.c; constants,
 * strings and structs have their own files. */
#include "rn_decode_int.h"

#include <stdio.h>

void rn_decode_opts_init(rn_decode_opts *o, uint16_t arch)
{
	*o = (rn_decode_opts){0};
	o->arch = arch;
	o->strsize = 32;
}

const rn_capture *rn_decode_cap_nth(const rn_syscall *sc, int i, int kind, int want_exit, int n)
{
	for (uint16_t k = 0; k < sc->ncap; k++) {
		const rn_capture *c = &sc->caps[k];
		if (c->arg != i || (kind && c->kind != kind))
			continue;
		if (want_exit >= 0 && !!(c->flags & RN_CAPF_EXIT) != want_exit)
			continue;
		if (n-- == 0)
			return (c->flags & RN_CAPF_UNREADABLE) ? NULL : c;
	}
	return NULL;
}

const rn_capture *rn_decode_cap(const rn_syscall *sc, int i, int kind, int want_exit)
{
	return rn_decode_cap_nth(sc, i, kind, want_exit, 0);
}

/* fcntl commands that take no third argument. */
static int fcntl_noarg(uint64_t cmd)
{
	return cmd == 1 || cmd == 3 || cmd == 9 || cmd == 11 || cmd == 1025 || cmd == 1032 ||
	       cmd == 1034;
}

/* Arguments strace prints: open without O_CREAT/O_TMPFILE has no mode, fcntl's
 * third argument depends on the command. */
static int nargs_of(const rn_decode_opts *o, const rn_sysent *e, const rn_syscall *sc)
{
	if (!e)
		return 6;
	int n = e->nargs;
	if (rn_dec_ia32_unread(sc))
		n = 1; /* old mmap, old select with their words unread: the address */
	else if (rn_dec_is(e, "open") || rn_dec_is(e, "openat") || rn_dec_is(e, "mq_open")) {
		int fi = rn_dec_is(e, "openat") ? 2 : 1;
		uint64_t tmpfile = o->arch == RN_ARCH_AARCH64 ? 020040000 : 020200000;
		uint64_t f = sc->args[fi];
		if (!(f & 0100) && (f & tmpfile) != tmpfile)
			n = rn_dec_is(e, "mq_open") ? 2
			                            : n - 1; /* mode (and mq_attr) with O_CREAT */
	} else if (rn_dec_is(e, "mknod") || rn_dec_is(e, "mknodat")) {
		/* dev only for character and block devices */
		uint32_t type = (uint32_t)sc->args[n - 2] & 0170000;
		if (type != 0020000 && type != 0060000)
			n--;
	} else if (rn_dec_is(e, "syslog")) {
		uint32_t t = (uint32_t)sc->args[0]; /* the actions that take no buffer */
		if (t == 0 || t == 1 || t == 5 || t == 6 || t == 7 || t == 9 || t == 10)
			n = 1;
	} else if (rn_dec_is(e, "membarrier")) {
		if (!(sc->args[1] & 1)) /* cpu_id only with MEMBARRIER_CMD_FLAG_CPU */
			n = 2;
	} else if (rn_dec_is(e, "mremap")) {
		if (!(sc->args[3] & 2)) /* new_address only with MREMAP_FIXED */
			n = 4;
	} else if (rn_dec_is(e, "fcntl") && fcntl_noarg(sc->args[1] & 0xffffffff)) {
		n = 2;
	} else if (rn_dec_is(e, "ioctl")) {
		const rn_ioctl_ent *ie = rn_ioctl_find((uint32_t)sc->args[1]);
		if (ie && ie->arg == RN_IOA_NONE)
			n = 2;
	} else if (rn_dec_is(e, "prctl")) {
		const rn_prctl_ent *pe = rn_prctl_find(sc->args[0]);
		n = pe ? pe->nargs : 5;
	} else if (rn_dec_is(e, "futex")) {
		static const int8_t futex_nargs[14] = {4, 3, 3, 5, 6, 6, 4, 2, 2, 5, 5, 5, 6, 4};
		uint64_t cmd = sc->args[1] & 127;
		n = cmd < 14 ? futex_nargs[cmd] : 6;
	}
	return n;
}

static int exit_kind(rn_argspec s)
{
	switch (RN_ARG_KIND(s)) {
	case RN_A_BUF_OUT:
	case RN_A_STRUCT_OUT:
	case RN_A_STRUCT_REM:
	case RN_A_SHMID_DS:
	case RN_A_PAGEVEC_OUT:
	case RN_A_SOCKOPT_OUT:
	case RN_A_MSGBUF_OUT:
	case RN_A_IOV_OUT:
	case RN_A_SOCKADDR_OUT:
	case RN_A_SOCKLEN_INOUT:
	case RN_A_FDPAIR:
	case RN_A_DIRENTS:
	case RN_A_INTPTR_OUT:
	case RN_A_IDS_OUT:
	case RN_A_CPUSET_OUT:
	case RN_A_NODES_OUT:
	case RN_A_EPOLL_OUT:
	case RN_A_MMSGHDR_IN:
	case RN_A_MMSGHDR_OUT:
		return 1;
	default:
		return 0;
	}
}

int rn_decode_split(const rn_decode_opts *o, const rn_syscall *sc)
{
	RN_DEC_VIEW(o, sc);
	const rn_sysent *e = rn_dec_ent(o, sc);
	int n = nargs_of(o, e, sc);
	if (!e)
		return n;
	for (int i = 0; i < n; i++)
		if (exit_kind(e->args[i]))
			return i;
	return n;
}

/* -N: "name=" before argument i. */
static void put_arg_name(rn_sb *sb, const rn_decode_opts *o, const rn_syscall *sc, int i)
{
	const rn_sysent *e = rn_dec_ent(o, sc);
	const char *an = e ? rn_arg_name(e->name, i) : NULL;
	if (an && i == 4 && rn_dec_is(e, "futex") &&
	    ((sc->args[1] & 127) == 9 || (sc->args[1] & 127) == 10))
		an = "val3"; /* the bitset ops print val3 in uaddr2's place */
	if (an) {
		rn_sb_puts(sb, an);
		rn_sb_putc(sb, '=');
	}
}

/* One argument, after its name and '=' with -N. */
static inline void put_arg(rn_sb *sb, const rn_decode_opts *o, const rn_syscall *sc, int i)
{
	if (o->argnames)
		put_arg_name(sb, o, sc, i);
	rn_decode_arg(sb, o, sc, i);
}

static void put_args_range(rn_sb *sb, const rn_decode_opts *o, const rn_syscall *sc, int from,
                           int to)
{
	const rn_sysent *e = rn_dec_ent(o, sc);
	for (int i = from, any = 0; i < to; i++) {
		if (rn_dec_ia32_skip(e, sc, i))
			continue;
		if (any++)
			rn_sb_puts(sb, ", ");
		put_arg(sb, o, sc, i);
	}
}

void rn_decode_args(rn_sb *sb, const rn_decode_opts *o, const rn_syscall *sc)
{
	RN_DEC_VIEW(o, sc);
	const rn_sysent *e = rn_dec_ent(o, sc);
	if (rn_dec_is(e, "clone")) {
		rn_put_clone(sb, o, sc);
		return;
	}
	if (rn_dec_is(e, "clone3")) {
		put_arg(sb, o, sc, 0);
		const rn_capture *c = rn_decode_cap(sc, 0, RN_CAP_STRUCT, 0);
		if (c && c->len >= 8 && (rn_ld64(c->data) & 0x100000) && !rn_sc_failed(sc) &&
		    sc->ret > 0 && !(sc->flags & RN_SC_NO_EXIT)) /* the kernel wrote the tid */
			rn_sb_printf(sb, " => {parent_tid=[%lld]}", (long long)sc->ret);
		rn_sb_puts(sb, ", ");
		put_arg(sb, o, sc, 1);
		return;
	}
	put_args_range(sb, o, sc, 0, nargs_of(o, e, sc));
}

const char *rn_decode_name(const rn_decode_opts *o, const rn_syscall *sc, char *buf, size_t n)
{
	RN_DEC_VIEW(o, sc);
	const rn_sysent *e = rn_dec_ent(o, sc); /* O(1); the name table is a search */
	return e ? e->name : rn_syscall_name_buf(rn_sc_abi(o->arch, sc), sc->nr, buf, n);
}

void rn_decode_entry_part(rn_sb *sb, const rn_decode_opts *o, const rn_syscall *sc)
{
	RN_DEC_VIEW(o, sc);
	char nb[32];
	rn_sb_puts(sb, rn_decode_name(o, sc, nb, sizeof(nb)));
	rn_sb_putc(sb, '(');
	const rn_sysent *e = rn_dec_ent(o, sc);
	if (rn_dec_is(e, "clone") || rn_dec_is(e, "clone3")) {
		rn_decode_args(sb, o, sc);
		return;
	}
	int n = nargs_of(o, e, sc), k = rn_decode_split(o, sc);
	put_args_range(sb, o, sc, 0, k);
	if (k < n && k > 0)
		rn_sb_puts(sb, ", ");
}

void rn_decode_exit_part(rn_sb *sb, const rn_decode_opts *o, const rn_syscall *sc)
{
	RN_DEC_VIEW(o, sc);
	const rn_sysent *e = rn_dec_ent(o, sc);
	if (!(rn_dec_is(e, "clone") || rn_dec_is(e, "clone3")))
		put_args_range(sb, o, sc, rn_decode_split(o, sc), nargs_of(o, e, sc));
	rn_sb_putc(sb, ')');
}

/* What the kernel left of timeout argument i (its STRUCT_INOUT capture at
 * exit), after prefix; 0 when there is none (NULL, not captured). The
 * struct's kind comes from the catalog (select's timeval, the others'
 * timespec). */
static int put_left(rn_sb *sb, const rn_decode_opts *o, const rn_syscall *sc, int i,
                    const char *prefix)
{
	const rn_sysent *e = rn_dec_ent(o, sc);
	const rn_capture *t = rn_decode_cap(sc, i, RN_CAP_STRUCT, 1);
	int st = e ? (int)RN_ARG_X(e->args[i]) : 0;
	uint32_t size = rn_dec_struct_size(o, sc, st);
	if (!t || !size || t->len < size)
		return 0;
	rn_sb_puts(sb, prefix);
	rn_put_struct_sc(sb, o, sc, st, t->data, size);
	return 1;
}

/* select's " (in [3], out [4], left {tv_sec=0, tv_usec=5})" or " (Timeout)". */
static void put_select_result(rn_sb *sb, const rn_decode_opts *o, const rn_syscall *sc)
{
	if (sc->ret == 0) {
		rn_sb_puts(sb, " (Timeout)");
		return;
	}
	static const char *const names[] = {"in", "out", "except"};
	int any = 0;
	for (int k = 0; k < 3; k++) {
		const rn_capture *c = rn_decode_cap(sc, 1 + k, RN_CAP_ARRAY, 1);
		int nfds = (int)(int32_t)sc->args[0], set = 0;
		for (int fd = 0; c && fd < nfds && (uint32_t)fd / 8 < c->len; fd++)
			set |= c->data[fd / 8] >> (fd % 8) & 1;
		if (!set)
			continue;
		rn_sb_printf(sb, "%s%s ", any ? ", " : " (", names[k]);
		rn_put_fdset(sb, NULL, 0, c, nfds);
		any = 1;
	}
	any |= put_left(sb, o, sc, 4, any ? ", left " : " (left ");
	if (any)
		rn_sb_putc(sb, ')');
}

static void put_errno(rn_sb *sb, int64_t ret)
{
	int err = (int)-ret;
	const char *name = rn_errno_name(err);
	const char *desc = rn_errno_desc(err);
	if (err >= 512 && err <= 516)
		rn_sb_puts(sb, "? ");
	else
		rn_sb_puts(sb, "-1 ");
	if (name) {
		rn_sb_puts(sb, name);
		rn_sb_puts(sb, " (");
		rn_sb_puts(sb, desc ? desc : name);
		rn_sb_putc(sb, ')');
	} else
		rn_sb_printf(sb, "E??? (errno %d)", err);
}

void rn_decode_ret(rn_sb *sb, const rn_decode_opts *o, const rn_syscall *sc)
{
	RN_DEC_VIEW(o, sc);
	const rn_sysent *e = rn_dec_ent(o, sc);
	if (sc->flags & RN_SC_NO_EXIT) {
		rn_sb_putc(sb, '?');
		return;
	}
	if (rn_sc_failed(sc)) {
		put_errno(sb, sc->ret);
		return;
	}
	int kind = e ? e->ret : RN_R_INT;
	if (!e && o->arch) {
		rn_put_sdec(sb, sc->ret);
		return;
	}
	switch (kind) {
	case RN_R_HEX:
		rn_put_hex(sb, (uint64_t)sc->ret);
		if (rn_dec_is(e, "personality") && o->xlat != RN_XLAT_RAW) {
			const char *t =
			    rn_xlat_name(RN_XLAT_personality_type, (uint64_t)sc->ret & 0xff);
			uint64_t rest = (uint64_t)sc->ret & ~0xffull;
			if (t) {
				rn_sb_printf(sb, " (%s", t);
				if (rest) {
					rn_sb_putc(sb, '|');
					rn_decode_opts a = *o;
					a.xlat = RN_XLAT_ABBREV;
					rn_put_flags(sb, &a, RN_XLAT_personality, rest);
				}
				rn_sb_putc(sb, ')');
			}
		}
		break;
	case RN_R_FD:
		rn_put_fd(sb, o, sc->pid, sc->ret);
		break;
	case RN_R_OCT:
		rn_put_oct(sb, (uint64_t)sc->ret);
		break;
	case RN_R_NONE:
		rn_sb_putc(sb, '?');
		break;
	case RN_R_FCNTL: {
		uint64_t cmd = (uint32_t)sc->args[1];
		if (cmd == 0 || cmd == 1030)
			rn_put_fd(sb, o, sc->pid, sc->ret);
		else if ((cmd == 1 || cmd == 3) && sc->ret > 0) {
			/* strace prints F_GETFL's flags by name even under -X raw */
			rn_decode_opts a = *o;
			if (cmd == 3)
				a.xlat = RN_XLAT_ABBREV;
			rn_put_hex(sb, (uint64_t)sc->ret);
			rn_sb_puts(sb, " (flags ");
			rn_put_flags(sb, &a, cmd == 1 ? RN_XLAT_fdflags : RN_XLAT_open,
			             (uint64_t)sc->ret);
			rn_sb_putc(sb, ')');
		} else
			rn_put_sdec(sb, sc->ret);
		break;
	}
	default:
		if (rn_dec_is(e, "membarrier") && (uint32_t)sc->args[0] == 0 && sc->ret > 0) {
			rn_put_hex(sb, (uint64_t)sc->ret); /* QUERY: the commands supported */
			rn_sb_puts(sb, " (");
			rn_put_flags(sb, o, RN_XLAT_membarrier_cmd, (uint64_t)sc->ret);
			rn_sb_putc(sb, ')');
			break;
		}
		rn_put_sdec(sb, sc->ret);
		if (rn_dec_is(e, "rt_sigtimedwait") && sc->ret > 0 && o->xlat != RN_XLAT_RAW &&
		    rn_signal_name((int)sc->ret))
			rn_sb_printf(sb, " (%s)", rn_signal_name((int)sc->ret));
		else if (rn_dec_is(e, "prctl"))
			rn_put_prctl_ret(sb, o, sc);
		else if ((sc->flags & RN_SC_COMPAT) && rn_dec_is(e, "set_thread_area"))
			rn_dec_ia32_ret(sb, e, sc);
		else if (rn_dec_is(e, "ioprio_get") && sc->ret >= 0 && o->xlat != RN_XLAT_RAW) {
			rn_sb_puts(sb, " (");
			rn_put_ioprio(sb, o, (uint32_t)sc->ret);
			rn_sb_putc(sb, ')');
		}

		else if (rn_dec_is(e, "time"))
			rn_put_time_comment(sb, sc->ret, 0, -1);
		else if (rn_dec_is(e, "sched_getscheduler") && o->xlat != RN_XLAT_RAW &&
		         rn_xlat_name(RN_XLAT_sched_policy, (uint64_t)sc->ret))
			rn_sb_printf(sb, " (%s)",
			             rn_xlat_name(RN_XLAT_sched_policy, (uint64_t)sc->ret));
		else if (rn_dec_is(e, "select") || rn_dec_is(e, "pselect6") ||
		         rn_dec_is(e, "_newselect"))
			put_select_result(sb, o, sc);
		else if (rn_dec_is(e, "recvmmsg") && put_left(sb, o, sc, 4, " (left "))
			rn_sb_putc(sb, ')');
		else if ((rn_dec_is(e, "poll") || rn_dec_is(e, "ppoll")) && sc->ret == 0)
			rn_sb_puts(sb, " (Timeout)");
		else if (rn_dec_is(e, "poll") || rn_dec_is(e, "ppoll")) {
			const rn_capture *c = rn_decode_cap(sc, 0, RN_CAP_ARRAY, 1);
			if (c) {
				rn_sb_puts(sb, " (");
				rn_put_pollfds(sb, o, sc->pid, c, 1);
			}
			int left = rn_dec_is(e, "ppoll") &&
			           put_left(sb, o, sc, 2, c ? ", left " : " (left ");
			if (c || left)
				rn_sb_putc(sb, ')');
		}
	}
}

static void pad_to(rn_sb *sb, size_t start, int col0)
{
	if (col0 < 0)
		return;
	size_t col = (size_t)col0 + (sb->len - start);
	while (col < 39) {
		rn_sb_putc(sb, ' ');
		col++;
	}
}

void rn_decode_syscall(rn_sb *sb, const rn_decode_opts *o, const rn_syscall *sc, int col0)
{
	RN_DEC_VIEW(o, sc);
	size_t start = sb->len;
	char nb[32];
	rn_sb_puts(sb, rn_decode_name(o, sc, nb, sizeof(nb)));
	rn_sb_putc(sb, '(');
	rn_decode_args(sb, o, sc);
	rn_sb_putc(sb, ')');
	pad_to(sb, start, col0);
	rn_sb_puts(sb, " = ");
	rn_decode_ret(sb, o, sc);
}

static size_t to_buf(rn_sb *sb, char *buf, size_t n)
{
	size_t len = sb->len;
	if (n) {
		size_t c = len < n - 1 ? len : n - 1;
		if (c)
			memcpy(buf, sb->p, c);
		buf[c] = 0;
	}
	rn_sb_free(sb);
	return len;
}

size_t rn_decode_syscall_buf(char *buf, size_t n, const rn_decode_opts *o, const rn_syscall *sc)
{
	rn_sb sb = {0};
	rn_decode_syscall(&sb, o, sc, -1);
	return to_buf(&sb, buf, n);
}

size_t rn_decode_args_buf(char *buf, size_t n, const rn_decode_opts *o, const rn_syscall *sc)
{
	rn_sb sb = {0};
	rn_decode_args(&sb, o, sc);
	return to_buf(&sb, buf, n);
}

size_t rn_decode_arg_buf(char *buf, size_t n, const rn_decode_opts *o, const rn_syscall *sc, int i)
{
	rn_sb sb = {0};
	rn_decode_arg(&sb, o, sc, i);
	return to_buf(&sb, buf, n);
}

size_t rn_decode_ret_buf(char *buf, size_t n, const rn_decode_opts *o, const rn_syscall *sc)
{
	rn_sb sb = {0};
	rn_decode_ret(&sb, o, sc);
	return to_buf(&sb, buf, n);
}
