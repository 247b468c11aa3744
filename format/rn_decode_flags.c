/* rn_decode_flags.c: numbers, flag sets, enumerations, modes, signals and
 * signal sets, printed as strace does under -X abbrev|raw|verbose. */
#include "rn_decode_int.h"

#include <stdio.h>

void rn_put_udec(rn_sb *sb, uint64_t v)
{
	char tmp[24];
	int i = (int)sizeof(tmp);
	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	rn_sb_putn(sb, tmp + i, sizeof(tmp) - (size_t)i);
}

void rn_put_sdec(rn_sb *sb, int64_t v)
{
	if (v < 0) {
		rn_sb_putc(sb, '-');
		rn_put_udec(sb, (uint64_t)0 - (uint64_t)v);
	} else
		rn_put_udec(sb, (uint64_t)v);
}

void rn_put_hex(rn_sb *sb, uint64_t v)
{
	static const char digits[] = "0123456789abcdef";
	if (v == 0) {
		rn_sb_putc(sb, '0');
		return;
	}
	char tmp[20];
	int i = (int)sizeof(tmp);
	while (v) {
		tmp[--i] = digits[v & 15];
		v >>= 4;
	}
	tmp[--i] = 'x';
	tmp[--i] = '0';
	rn_sb_putn(sb, tmp + i, sizeof(tmp) - (size_t)i);
}

void rn_put_ptr(rn_sb *sb, uint64_t v)
{
	if (v == 0)
		rn_sb_puts(sb, "NULL");
	else
		rn_put_hex(sb, v);
}

/* Names of the set bits of v in table id, joined by '|'; returns the bits
 * no name covered. *any is set when something was printed. */
static uint64_t put_bits(rn_sb *sb, int id, uint64_t v, int *any)
{
	const rn_xlat *x = rn_xlat_get(id);
	for (uint32_t i = 0; x && i < x->n && v; i++) {
		uint64_t b = x->v[i].val;
		if (b == 0 || (v & b) != b)
			continue;
		if (*any)
			rn_sb_putc(sb, '|');
		rn_sb_puts(sb, x->v[i].name);
		*any = 1;
		v &= ~b;
	}
	return v;
}

static void put_rest(rn_sb *sb, uint64_t rest, int any)
{
	if (!rest && any)
		return;
	if (any)
		rn_sb_putc(sb, '|');
	rn_put_hex(sb, rest);
}

static void put_unknown_comment(rn_sb *sb, int id);

/* The symbolic part of a flag value, with the per-table specials. */
static void put_flags_sym(rn_sb *sb, const rn_decode_opts *o, int id, uint64_t v)
{
	int any = 0;
	uint64_t rest = v;
	switch (id) {
	case RN_XLAT_open:
	case RN_XLAT_open_a64:
		if (o->arch == RN_ARCH_AARCH64)
			id = RN_XLAT_open_a64;
		rn_sb_puts(sb, rn_xlat_name(RN_XLAT_open_acc, v & 3));
		any = 1;
		rest = put_bits(sb, id, v & ~3ull, &any);
		break;
	case RN_XLAT_oflags: /* pipe2, dup3...: open flags without the access mode */
		rest = put_bits(sb, o->arch == RN_ARCH_AARCH64 ? RN_XLAT_open_a64 : RN_XLAT_open, v,
		                &any);
		break;
	case RN_XLAT_statx_at: /* the sync type first, even when 0 */
		rn_sb_puts(sb, rn_xlat_name(RN_XLAT_statx_sync, v & 0x6000)
		                   ? rn_xlat_name(RN_XLAT_statx_sync, v & 0x6000)
		                   : "0x6000");
		any = 1;
		rest = put_bits(sb, RN_XLAT_at, v & ~0x6000ull, &any);
		break;
	case RN_XLAT_mmap:
	case RN_XLAT_memfd: { /* the mapping type first; the huge page size last */
		int mm = id == RN_XLAT_mmap;
		const char *t = mm ? rn_xlat_name(RN_XLAT_mmap_type, v & 0xf) : NULL;
		if (t) {
			rn_sb_puts(sb, t);
			any = 1;
			rest &= ~0xfull;
		} else if (mm && (v & 0xf)) {
			rn_put_hex(sb, v & 0xf);
			rn_sb_puts(sb, " /* MAP_??? */");
			any = 1;
			rest &= ~0xfull;
		}
		uint64_t huge = (rest >> 26) & 0x3f;
		rest = put_bits(sb, id, rest & ~(0x3full << 26), &any);
		if (rest) {
			rn_sb_puts(sb, any ? "|" : "");
			rn_put_hex(sb, rest);
			any = 1;
			rest = 0;
		}
		if (huge) {
			rn_sb_printf(sb, "%s%u<<%s_HUGE_SHIFT", any ? "|" : "", (unsigned)huge,
			             mm ? "MAP" : "MFD");
			any = 1;
		}
		if (!any)
			rn_sb_putc(sb, '0');
		return;
	}
	case RN_XLAT_socktype: {
		const char *t = rn_xlat_name(RN_XLAT_socktype, v & 0xf);
		if (t) {
			rn_sb_puts(sb, t);
			any = 1;
			rest &= ~0xfull;
		}
		rest = put_bits(sb, RN_XLAT_sockflags, rest, &any);
		break;
	}
	case RN_XLAT_clone: {
		rest = put_bits(sb, id, v & ~0xffull, &any);
		unsigned sig = (unsigned)(v & 0xff);
		if (sig) {
			if (any)
				rn_sb_putc(sb, '|');
			rn_put_signame(sb, o, (int)sig);
			any = 1;
		}
		break;
	}
	default: {
		const rn_xlat *x = rn_xlat_get(id);
		if (v == 0 && x && x->bits)
			for (uint32_t i = 0; i < x->n; i++)
				if (x->v[i].val == 0) {
					rn_sb_puts(sb, x->v[i].name);
					return;
				}
		rest = put_bits(sb, id, v, &any);
		if (!any && rest) { /* nothing named: 0x... / * PREFIX_??? * / */
			rn_put_hex(sb, rest);
			put_unknown_comment(sb, id);
			return;
		}
	}
	}
	put_rest(sb, rest, any);
}

void rn_put_flags(rn_sb *sb, const rn_decode_opts *o, int id, uint64_t v)
{
	if (id == RN_XLAT_statx_at && o->xlat != RN_XLAT_ABBREV) {
		/* the sync type, then the AT_ flags; strace prints nothing for a
		 * zero sync type under -X raw ("|0x100") */
		uint64_t sync = v & 0x6000, rest = v & ~0x6000ull;
		if (sync || o->xlat == RN_XLAT_VERBOSE)
			rn_put_named(sb, o, sync, rn_xlat_name(RN_XLAT_statx_sync, sync));
		if (rest) {
			rn_sb_putc(sb, '|');
			rn_put_flags(sb, o, RN_XLAT_at, rest);
		}
		return;
	}
	if (id == RN_XLAT_socktype && o->xlat != RN_XLAT_ABBREV && (v & ~0xfull) && (v & 0xf)) {
		/* the type and the flags print apart: 0x1|0x80000 */
		rn_put_named(sb, o, v & 0xf, rn_xlat_name(RN_XLAT_socktype, v & 0xf));
		rn_sb_putc(sb, '|');
		rn_put_flags(sb, o, RN_XLAT_sockflags, v & ~0xfull);
		return;
	}
	if (id == RN_XLAT_clone && o->xlat != RN_XLAT_ABBREV && (v & 0xff)) {
		/* the exit signal prints apart: 0x1200000 / * ... * / |17 / * SIGCHLD * / */
		if (v & ~0xffull) {
			rn_put_flags(sb, o, id, v & ~0xffull);
			rn_sb_putc(sb, '|');
		}
		rn_put_signame(sb, o, (int)(v & 0xff));
		return;
	}
	if (o->xlat == RN_XLAT_RAW) {
		rn_put_hex(sb, v);
		return;
	}
	if (o->xlat == RN_XLAT_VERBOSE) {
		rn_put_hex(sb, v);
		size_t mark = sb->len;
		rn_sb_puts(sb, " /* ");
		size_t sym = sb->len;
		put_flags_sym(sb, o, id, v);
		if (sb->len - sym == 1 && sb->p[sym] == '0') { /* nothing named */
			sb->len = mark;
			sb->p[mark] = 0;
			return;
		}
		rn_sb_puts(sb, " */");
		return;
	}
	put_flags_sym(sb, o, id, v);
}

/* The prefix strace puts before ???: the names' longest common prefix that
 * ends with '_' ("EPOLL_CTL_" for EPOLL_CTL_ADD, _DEL, _MOD); for a single
 * name all but its last word; else the first name up to its first '_'
 * ("IP_" for a table of IP_ and MCAST_ names). */
static void put_unknown_comment(rn_sb *sb, int id)
{
	const rn_xlat *x = rn_xlat_get(id);
	if (!x || x->n == 0)
		return;
	const char *n = x->v[0].name;
	size_t common = strlen(n);
	for (uint32_t i = 1; i < x->n; i++) {
		size_t k = 0;
		while (k < common && x->v[i].name[k] == n[k])
			k++;
		common = k;
	}
	while (common && n[common - 1] != '_')
		common--;
	if (id == RN_XLAT_sol) { /* strace's own spelling for socket levels */
		rn_sb_puts(sb, " /* SOL_?? */");
		return;
	}
	if (x->n == 1) { /* one name: all but its last word (MEMBARRIER_CMD_FLAG_) */
		const char *u = strrchr(n, '_');
		common = u ? (size_t)(u - n) + 1 : 0;
	}
	if (!common) {
		const char *u = strchr(n, '_');
		if (!u)
			return;
		common = (size_t)(u - n) + 1;
	}
	rn_sb_puts(sb, " /* ");
	rn_sb_putn(sb, n, common);
	rn_sb_puts(sb, "??? */");
}

void rn_put_enum(rn_sb *sb, const rn_decode_opts *o, int id, uint64_t v, int dec)
{
	if (id == RN_XLAT_futex) {
		/* FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME */
		uint64_t clk = v & 256;
		v &= ~256ull;
		const char *n = rn_xlat_name(id, v);
		if (o->xlat != RN_XLAT_RAW && n) {
			if (o->xlat == RN_XLAT_VERBOSE) {
				rn_put_hex(sb, v | clk);
				rn_sb_puts(sb, " /* ");
			}
			rn_sb_puts(sb, n);
			if (clk)
				rn_sb_puts(sb, "|FUTEX_CLOCK_REALTIME");
			if (o->xlat == RN_XLAT_VERBOSE)
				rn_sb_puts(sb, " */");
			return;
		}
		v |= clk;
	}
	const char *n = rn_xlat_name(id, v);
	if (n && o->xlat == RN_XLAT_ABBREV) {
		rn_sb_puts(sb, n);
		return;
	}
	if (dec)
		rn_put_sdec(sb, (int64_t)v);
	else
		rn_put_hex(sb, v);
	if (n && o->xlat == RN_XLAT_VERBOSE)
		rn_sb_printf(sb, " /* %s */", n);
	else if (!n && o->xlat != RN_XLAT_RAW)
		put_unknown_comment(sb, id);
}

void rn_put_mode(rn_sb *sb, const rn_decode_opts *o, uint64_t mode, int with_type)
{
	if (with_type && o->xlat == RN_XLAT_VERBOSE) { /* 0100644 / * S_IFREG|0644 * / */
		rn_sb_printf(sb, "%#03llo /* ", (unsigned long long)mode);
		rn_decode_opts a = *o;
		a.xlat = RN_XLAT_ABBREV;
		rn_put_mode(sb, &a, mode, 1);
		rn_sb_puts(sb, " */");
		return;
	}
	if (with_type && o->xlat != RN_XLAT_RAW) {
		const char *t = rn_xlat_name(RN_XLAT_mode_type, mode & 0170000);
		if (t) {
			rn_sb_puts(sb, t);
			rn_sb_putc(sb, '|');
			mode &= ~0170000ull;
		}
		int any = 0;
		put_bits(sb, RN_XLAT_mode_bits, mode & 07000, &any); /* all three have names */
		if (any)
			rn_sb_putc(sb, '|');
		mode &= 0777;
	}
	rn_put_oct(sb, mode);
}

void rn_put_oct(rn_sb *sb, uint64_t v)
{
	char tmp[24];
	int i = (int)sizeof(tmp);
	do {
		tmp[--i] = (char)('0' + (v & 7));
		v >>= 3;
	} while (v);
	while (sizeof(tmp) - (size_t)i < 2)
		tmp[--i] = '0';
	tmp[--i] = '0'; /* %#03o: a leading 0, three digits at least */
	rn_sb_putn(sb, tmp + i, sizeof(tmp) - (size_t)i);
}

void rn_put_signame(rn_sb *sb, const rn_decode_opts *o, int sig)
{
	const char *n = rn_signal_name(sig);
	if (!n || o->xlat == RN_XLAT_RAW) {
		rn_put_sdec(sb, sig);
		return;
	}
	if (o->xlat == RN_XLAT_VERBOSE)
		rn_sb_printf(sb, "%d /* %s */", sig, n);
	else
		rn_sb_puts(sb, n);
}

void rn_put_sigset(rn_sb *sb, const rn_decode_opts *o, const uint8_t *p, size_t size)
{
	int nsig = (int)(size * 8), set = 0;
	for (int s = 1; s <= nsig; s++)
		set += (p[(s - 1) / 8] >> ((s - 1) % 8)) & 1;
	int invert = set * 2 > nsig;
	if (invert)
		rn_sb_putc(sb, '~');
	rn_sb_putc(sb, '[');
	int first = 1;
	for (int s = 1; s <= nsig; s++) {
		int bit = (p[(s - 1) / 8] >> ((s - 1) % 8)) & 1;
		if (bit == invert)
			continue;
		if (!first)
			rn_sb_putc(sb, ' ');
		first = 0;
		const char *n = rn_signal_name(s);
		if (n && o->xlat == RN_XLAT_ABBREV)
			rn_sb_puts(sb, n + 3);
		else
			rn_put_sdec(sb, s);
		if (n && o->xlat == RN_XLAT_VERBOSE)
			rn_sb_printf(sb, " /* %s */", n + 3);
	}
	rn_sb_putc(sb, ']');
}

void rn_decode_sigset(rn_sb *sb, const rn_decode_opts *o, const uint8_t *set, size_t size)
{
	rn_put_sigset(sb, o, set, size);
}

void rn_put_fd(rn_sb *sb, const rn_decode_opts *o, int32_t pid, int64_t fd)
{
	rn_put_sdec(sb, (int32_t)fd);
	if (o->fd_paths && o->fds && fd >= 0) {
		const char *p = rn_fdtrack_path(o->fds, pid, (int32_t)fd);
		if (p && strncmp(p, "pid:", 4) == 0 && o->fd_paths < 2)
			p = "anon_inode:[pidfd]"; /* a pidfd: its pid only with -yy */
		if (p) {
			size_t n = strlen(p), d = sizeof(" (deleted)") - 1;
			int deleted = n > d && strcmp(p + n - d, " (deleted)") == 0;
			rn_sb_putc(sb, '<'); /* strace: </memfd:m>(deleted) */
			rn_sb_putn(sb, p, deleted ? n - d : n);
			rn_sb_puts(sb, deleted ? ">(deleted)" : ">");
		}
	}
}

void rn_put_named(rn_sb *sb, const rn_decode_opts *o, uint64_t v, const char *name)
{
	if (name && o->xlat == RN_XLAT_ABBREV) {
		rn_sb_puts(sb, name);
		return;
	}
	rn_put_hex(sb, v);
	if (name && o->xlat == RN_XLAT_VERBOSE)
		rn_sb_printf(sb, " /* %s */", name);
}

void rn_put_ioprio(rn_sb *sb, const rn_decode_opts *o, uint32_t v)
{
	rn_sb_puts(sb, "IOPRIO_PRIO_VALUE(");
	rn_put_enum(sb, o, RN_XLAT_ioprio_class, v >> 13, 0);
	rn_sb_printf(sb, ", %u)", v & 0x1fff);
}
