/* rn_decode_struct.c: structs captured from the tracee (stat, statx, statfs,
 * timespec, rlimit, sigaction, sockaddr, ...) printed as strace abbreviates
 * them. Layouts are those of the recording arch (x86_64 or aarch64). */
#include "rn_decode_int.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <time.h>

/* strace's comment after a time, in local time: digits 9 or 6 give
 * " / * 2026-12-05T23:55:45.000000002+0000 * /" with that many fraction
 * digits (none when frac is 0, as strace), 0 none, -1 time()'s
 * " (2026-12-05T23:55:45+0000)". */
void rn_put_time_comment(rn_sb *sb, int64_t sec, uint64_t frac, int digits)
{
	time_t t = (time_t)sec;
	struct tm tm;
	char a[64], z[16];
	/* strace comments neither the epoch itself nor a fraction out of range */
	if ((sec == 0 && frac == 0) || (digits == 9 && frac > 999999999) ||
	    (digits == 6 && frac > 999999))
		return;
	if (!localtime_r(&t, &tm) || !strftime(a, sizeof(a), "%Y-%m-%dT%H:%M:%S", &tm) ||
	    !strftime(z, sizeof(z), "%z", &tm))
		return;
	if (digits > 0 && frac)
		rn_sb_printf(sb, " /* %s.%0*llu%s */", a, digits, (unsigned long long)frac, z);
	else if (digits >= 0)
		rn_sb_printf(sb, " /* %s%s */", a, z);
	else
		rn_sb_printf(sb, " (%s%s)", a, z);
}

/* A clock_t in ticks (USER_HZ, 100 on Linux), with strace's seconds comment
 * when not zero: 41 / * 0.41 s * /. */
void rn_put_clock_t(rn_sb *sb, const rn_decode_opts *o, uint64_t v)
{
	rn_put_udec(sb, v);
	if (v && o->xlat != RN_XLAT_RAW)
		rn_sb_printf(sb, " /* %llu.%02llu s */", (unsigned long long)(v / 100),
		             (unsigned long long)(v % 100));
}

static void put_time(rn_sb *sb, const uint8_t *p, const char *sub)
{
	rn_sb_puts(sb, "{tv_sec=");
	rn_put_sdec(sb, (int64_t)rn_ld64(p));
	rn_sb_printf(sb, ", %s=", sub);
	rn_put_sdec(sb, (int64_t)rn_ld64(p + 8));
	rn_sb_putc(sb, '}');
}

void rn_put_makedev(rn_sb *sb, uint64_t dev)
{
	uint64_t major = ((dev >> 8) & 0xfff) | ((dev >> 32) & ~0xfffull);
	uint64_t minor = (dev & 0xff) | ((dev >> 12) & ~0xffull);
	rn_sb_puts(sb, "makedev(");
	rn_put_hex(sb, major);
	rn_sb_puts(sb, ", ");
	rn_put_hex(sb, minor);
	rn_sb_putc(sb, ')');
}

/* st_dev: makedev(0xfe, 0); -X raw: 0xfe00; -X verbose: both. */
static void put_dev(rn_sb *sb, const rn_decode_opts *o, uint64_t dev)
{
	if (o->xlat != RN_XLAT_ABBREV)
		rn_put_hex(sb, dev);
	if (o->xlat == RN_XLAT_VERBOSE)
		rn_sb_puts(sb, " /* ");
	if (o->xlat != RN_XLAT_RAW)
		rn_put_makedev(sb, dev);
	if (o->xlat == RN_XLAT_VERBOSE)
		rn_sb_puts(sb, " */");
}

/* st_atime=1796513860 / * ... * /, st_atime_nsec=522752979 */
static void put_stat_time(rn_sb *sb, const char *name, int64_t sec, uint64_t nsec)
{
	rn_sb_printf(sb, ", %s=%lld", name, (long long)sec);
	rn_put_time_comment(sb, sec, nsec, 9);
	rn_sb_printf(sb, ", %s_nsec=%llu", name, (unsigned long long)nsec);
}

/* -v's statx after stx_mask: every field strace 6.1 prints; the times,
 * mount id and direct-I/O alignment only when the mask says they were filled. */
static void put_statx_rest(rn_sb *sb, const rn_decode_opts *o, const uint8_t *p, uint32_t mask)
{
	rn_sb_printf(sb, ", stx_blksize=%u, stx_attributes=", rn_ld32(p + 4));
	rn_put_flags(sb, o, RN_XLAT_statx_attr, rn_ld64(p + 8));
	rn_sb_printf(sb, ", stx_nlink=%u, stx_uid=%u, stx_gid=%u, stx_mode=", rn_ld32(p + 16),
	             rn_ld32(p + 20), rn_ld32(p + 24));
	rn_put_mode(sb, o, rn_ld16(p + 28), 1);
	rn_sb_printf(sb, ", stx_ino=%llu, stx_size=%llu, stx_blocks=%llu, stx_attributes_mask=",
	             (unsigned long long)rn_ld64(p + 32), (unsigned long long)rn_ld64(p + 40),
	             (unsigned long long)rn_ld64(p + 48));
	rn_put_flags(sb, o, RN_XLAT_statx_attr, rn_ld64(p + 56));
	static const char *const times[] = {"stx_atime", "stx_btime", "stx_ctime", "stx_mtime"};
	static const uint32_t bits[] = {0x20, 0x800, 0x80, 0x40}; /* STATX_ATIME... */
	for (int i = 0; i < 4; i++) {
		if (!(mask & bits[i])) /* not filled by the kernel */
			continue;
		const uint8_t *t = p + 64 + 16 * i;
		rn_sb_printf(sb, ", %s=", times[i]);
		put_time(sb, t, "tv_nsec");
		rn_put_time_comment(sb, (int64_t)rn_ld64(t), rn_ld32(t + 8), 9);
	}
	rn_sb_printf(sb,
	             ", stx_rdev_major=%u, stx_rdev_minor=%u, stx_dev_major=%u, stx_dev_minor=%u",
	             rn_ld32(p + 128), rn_ld32(p + 132), rn_ld32(p + 136), rn_ld32(p + 140));
	if (mask & 0x1000) { /* STATX_MNT_ID */
		rn_sb_puts(sb, ", stx_mnt_id=");
		rn_put_hex(sb, rn_ld64(p + 144));
	}
	if (mask & 0x2000) /* STATX_DIOALIGN */
		rn_sb_printf(sb, ", stx_dio_mem_align=%u, stx_dio_offset_align=%u",
		             rn_ld32(p + 152), rn_ld32(p + 156));
	rn_sb_putc(sb, '}');
}

static void put_stat(rn_sb *sb, const rn_decode_opts *o, const uint8_t *p)
{
	int a64 = o->arch == RN_ARCH_AARCH64;
	uint32_t mode = rn_ld32(p + (a64 ? 16 : 24));
	uint64_t rdev = rn_ld64(p + (a64 ? 32 : 40));
	rn_sb_puts(sb, "{");
	if (o->verbose) { /* -v: every field */
		rn_sb_puts(sb, "st_dev=");
		put_dev(sb, o, rn_ld64(p));
		rn_sb_printf(sb, ", st_ino=%llu, st_mode=", (unsigned long long)rn_ld64(p + 8));
		rn_put_mode(sb, o, mode, 1);
		rn_sb_printf(
		    sb, ", st_nlink=%llu, st_uid=%u, st_gid=%u, st_blksize=%lld, st_blocks=%lld",
		    (unsigned long long)(a64 ? rn_ld32(p + 20) : rn_ld64(p + 16)),
		    rn_ld32(p + (a64 ? 24 : 28)), rn_ld32(p + (a64 ? 28 : 32)),
		    (long long)(a64 ? (int32_t)rn_ld32(p + 56) : (int64_t)rn_ld64(p + 56)),
		    (long long)rn_ld64(p + 64));
	} else {
		rn_sb_puts(sb, "st_mode=");
		rn_put_mode(sb, o, mode, 1);
	}
	uint32_t type = mode & 0170000;
	if (type == 0020000 || type == 0060000) {
		rn_sb_puts(sb, ", st_rdev=");
		put_dev(sb, o, rdev);
	} else {
		rn_sb_puts(sb, ", st_size=");
		rn_put_sdec(sb, (int64_t)rn_ld64(p + 48));
	}
	if (!o->verbose) {
		rn_sb_puts(sb, ", ...}");
		return;
	}
	static const char *const times[] = {"st_atime", "st_mtime", "st_ctime"};
	for (int i = 0; i < 3; i++)
		put_stat_time(sb, times[i], (int64_t)rn_ld64(p + 72 + 16 * i),
		              rn_ld64(p + 80 + 16 * i));
	rn_sb_putc(sb, '}');
}

static void put_statx(rn_sb *sb, const rn_decode_opts *o, const uint8_t *p)
{
	rn_sb_puts(sb, "{stx_mask=");
	uint32_t mask = rn_ld32(p);
	rn_put_flags(sb, o, RN_XLAT_statx_mask, mask); /* STATX_ALL|STATX_MNT_ID */
	if (o->verbose) {
		put_statx_rest(sb, o, p, mask);
		return;
	}
	rn_sb_puts(sb, ", stx_attributes=");
	rn_put_flags(sb, o, RN_XLAT_statx_attr, rn_ld64(p + 8));
	rn_sb_puts(sb, ", stx_mode=");
	rn_put_mode(sb, o, rn_ld16(p + 28), 1);
	rn_sb_puts(sb, ", stx_size=");
	rn_put_udec(sb, rn_ld64(p + 40));
	rn_sb_puts(sb, ", ...}");
}

static void put_statfs(rn_sb *sb, const rn_decode_opts *o, const uint8_t *p)
{
	static const char *const f[] = {"f_bsize",  "f_blocks", "f_bfree",
	                                "f_bavail", "f_files",  "f_ffree"};
	rn_sb_puts(sb, "{f_type=");
	rn_put_enum(sb, o, RN_XLAT_statfs_magic, rn_ld64(p), 0);
	for (int i = 0; i < 6; i++) {
		rn_sb_printf(sb, ", %s=", f[i]);
		rn_put_udec(sb, rn_ld64(p + 8 + 8 * i));
	}
	rn_sb_puts(sb, ", f_fsid={val=[");
	rn_put_hex(sb, rn_ld32(p + 56));
	rn_sb_puts(sb, ", ");
	rn_put_hex(sb, rn_ld32(p + 60));
	rn_sb_puts(sb, "]}, f_namelen=");
	rn_put_udec(sb, rn_ld64(p + 64));
	rn_sb_puts(sb, ", f_frsize=");
	rn_put_udec(sb, rn_ld64(p + 72));
	rn_sb_puts(sb, ", f_flags=");
	rn_put_flags(sb, o, RN_XLAT_statfs_flags, rn_ld64(p + 80));
	rn_sb_putc(sb, '}');
}

static void put_rlim_sym(rn_sb *sb, uint64_t v, const char *inf)
{
	if (v == UINT64_MAX)
		rn_sb_puts(sb, inf);
	else {
		rn_put_udec(sb, v / 1024);
		rn_sb_puts(sb, "*1024");
	}
}

/* 8192*1024, RLIM64_INFINITY; raw: the number; verbose: both. */
static void put_rlim(rn_sb *sb, const rn_decode_opts *o, uint64_t v, const char *inf)
{
	int sym = v == UINT64_MAX || (v > 0 && v % 1024 == 0);
	if (!sym || o->xlat != RN_XLAT_ABBREV)
		rn_put_udec(sb, v);
	if (sym && o->xlat == RN_XLAT_VERBOSE) {
		rn_sb_puts(sb, " /* ");
		put_rlim_sym(sb, v, inf);
		rn_sb_puts(sb, " */");
	} else if (sym && o->xlat == RN_XLAT_ABBREV)
		put_rlim_sym(sb, v, inf);
}

static void put_sigaction(rn_sb *sb, const rn_decode_opts *o, const uint8_t *p)
{
	uint64_t h = rn_ld64(p), flags = rn_ld64(p + 8);
	rn_sb_puts(sb, "{sa_handler=");
	if (h <= 1) /* SIG_DFL, SIG_IGN (0 / * SIG_DFL * / under -X verbose) */
		rn_put_named(sb, o, h, h ? "SIG_IGN" : "SIG_DFL");
	else
		rn_put_hex(sb, h);
	rn_sb_puts(sb, ", sa_mask=");
	rn_put_sigset(sb, o, p + 24, 8);
	rn_sb_puts(sb, ", sa_flags=");
	rn_put_flags(sb, o, RN_XLAT_sa_flags, flags);
	if (flags & 0x4000000) {
		rn_sb_puts(sb, ", sa_restorer=");
		rn_put_hex(sb, rn_ld64(p + 16));
	}
	rn_sb_putc(sb, '}');
}

static void put_waitstatus(rn_sb *sb, const rn_decode_opts *o, uint32_t s)
{
	rn_sb_puts(sb, "[{");
	if ((s & 0x7f) == 0) {
		rn_sb_printf(sb, "WIFEXITED(s) && WEXITSTATUS(s) == %u", (s >> 8) & 0xff);
	} else if ((s & 0xff) == 0x7f) {
		rn_sb_puts(sb, "WIFSTOPPED(s) && WSTOPSIG(s) == ");
		rn_put_signame(sb, o, (int)((s >> 8) & 0xff));
		if (s >> 16)
			rn_sb_printf(sb, " && s >> 16 == %u", s >> 16);
	} else if (s == 0xffff) {
		rn_sb_puts(sb, "WIFCONTINUED(s)");
	} else {
		rn_sb_puts(sb, "WIFSIGNALED(s) && WTERMSIG(s) == ");
		rn_put_signame(sb, o, (int)(s & 0x7f));
		if (s & 0x80)
			rn_sb_puts(sb, " && WCOREDUMP(s)");
	}
	rn_sb_puts(sb, "}]");
}

static void put_utsname(rn_sb *sb, const rn_decode_opts *o, const uint8_t *p)
{
	static const char *const f[] = {"sysname", "nodename", "release",
	                                "version", "machine",  "domainname"};
	rn_sb_putc(sb, '{');
	int nf = o->verbose ? 6 : 2; /* -v: every field */
	for (int i = 0; i < nf; i++) {
		const uint8_t *s = p + 65 * i;
		size_t n = strnlen((const char *)s, 65);
		rn_sb_printf(sb, "%s%s=", i ? ", " : "", f[i]);
		rn_decode_quote_opts(sb, o, s, n, 65, 0);
	}
	rn_sb_puts(sb, o->verbose ? "}" : ", ...}");
}

void rn_put_clone_args(rn_sb *sb, const rn_decode_opts *o, const uint8_t *p, const uint8_t *tls)
{
	uint64_t flags = rn_ld64(p);
	rn_sb_puts(sb, "{flags=");
	rn_put_flags(sb, o, RN_XLAT_clone, flags & ~0xffull);
	if (flags & 0x1000) {
		rn_sb_puts(sb, ", pidfd=");
		rn_put_hex(sb, rn_ld64(p + 8));
	}
	if (flags & (0x1000000 | 0x200000)) {
		rn_sb_puts(sb, ", child_tid=");
		rn_put_hex(sb, rn_ld64(p + 16));
	}
	if (flags & 0x100000) {
		rn_sb_puts(sb, ", parent_tid=");
		rn_put_hex(sb, rn_ld64(p + 24));
	}
	rn_sb_puts(sb, ", exit_signal=");
	uint64_t es = rn_ld64(p + 32);
	if (es)
		rn_put_signame(sb, o, (int)es);
	else
		rn_sb_putc(sb, '0');
	rn_sb_puts(sb, ", stack=");
	rn_put_hex(sb, rn_ld64(p + 40));
	rn_sb_puts(sb, ", stack_size=");
	rn_put_hex(sb, rn_ld64(p + 48));
	if (flags & 0x80000) {
		rn_sb_puts(sb, ", tls=");
		if (tls)
			rn_put_struct(sb, o, RN_ST_USER_DESC, tls, 16);
		else
			rn_put_hex(sb, rn_ld64(p + 56));
	}
	rn_sb_putc(sb, '}');
}

/* 1<<CAP_CHOWN|1<<CAP_KILL; 0 when empty. */
static void put_capset(rn_sb *sb, const rn_decode_opts *o, uint64_t set)
{
	if (!set) {
		rn_put_hex(sb, set);
		return;
	}
	if (o->xlat == RN_XLAT_RAW) { /* strace: the two 32-bit words, low first */
		rn_put_hex(sb, set & 0xffffffff);
		if (set >> 32) {
			rn_sb_putc(sb, '|');
			rn_put_hex(sb, set >> 32);
		}
		return;
	}
	int first = 1;
	for (int b = 0; b < 64; b++) {
		if (!(set >> b & 1))
			continue;
		const char *n = rn_xlat_name(RN_XLAT_caps, (uint64_t)b);
		if (!first)
			rn_sb_putc(sb, '|');
		first = 0;
		if (n)
			rn_sb_printf(sb, "1<<%s", n);
		else
			rn_sb_printf(sb, "1<<%d", b);
	}
}

/* struct file_attr of len bytes (24 or more: the caller checked): the get
 * side has fa_nextents; bytes past the known fields print only when not all
 * zero: a "bytes 24..N" comment, then those bytes in hex, cut at -s. */
static void put_file_attr(rn_sb *sb, const rn_decode_opts *o, const uint8_t *p, size_t len, int get)
{
	rn_sb_puts(sb, "{fa_xflags=");
	rn_put_flags(sb, o, RN_XLAT_fs_xflags, rn_ld64(p));
	rn_sb_printf(sb, ", fa_extsize=%u", rn_ld32(p + 8));
	if (get)
		rn_sb_printf(sb, ", fa_nextents=%u", rn_ld32(p + 12));
	rn_sb_puts(sb, ", fa_projid=");
	rn_put_hex(sb, rn_ld32(p + 16));
	rn_sb_printf(sb, ", fa_cowextsize=%u", rn_ld32(p + 20));
	size_t nz = 24;
	while (nz < len && p[nz] == 0)
		nz++;
	if (nz < len) {
		size_t n = len - 24 < o->strsize ? len - 24 : o->strsize;
		rn_sb_printf(sb, ", /* bytes 24..%zu */ \"", len - 1);
		for (size_t k = 0; k < n; k++)
			rn_sb_printf(sb, "\\x%02x", p[24 + k]);
		rn_sb_puts(sb, n < len - 24 ? "\"..." : "\"");
	}
	rn_sb_putc(sb, '}');
}

/* {entry_number=-1, base_addr=0x..., limit=0x0fffff, seg_32bit=1, ...}:
 * the four bytes of bit fields after base_addr and limit (asm/ldt.h). */
static void put_user_desc(rn_sb *sb, const uint8_t *p)
{
	uint32_t bits = rn_ld32(p + 12);
	rn_sb_printf(sb, "{entry_number=%d, base_addr=", (int32_t)rn_ld32(p));
	rn_put_hex(sb, rn_ld32(p + 4));
	rn_sb_printf(sb,
	             ", limit=%#08x, seg_32bit=%u, contents=%u, read_exec_only=%u, "
	             "limit_in_pages=%u, seg_not_present=%u, useable=%u}",
	             rn_ld32(p + 8), bits & 1, bits >> 1 & 3, bits >> 3 & 1, bits >> 4 & 1,
	             bits >> 5 & 1, bits >> 6 & 1);
}

void rn_put_struct(rn_sb *sb, const rn_decode_opts *o, int st, const uint8_t *p, size_t len)
{
	static const char *const tms[] = {"tms_utime", "tms_stime", "tms_cutime", "tms_cstime"};
	/* an ia32 time64 call's structs: x86_64's */
	st = st == RN_ST_TIMESPEC64     ? RN_ST_TIMESPEC
	     : st == RN_ST_TIMESPEC2_64 ? RN_ST_TIMESPEC2
	     : st == RN_ST_ITIMERSPEC64 ? RN_ST_ITIMERSPEC
	                                : st;
	switch (st) {
	case RN_ST_STAT:
		put_stat(sb, o, p);
		break;
	case RN_ST_STATX:
		put_statx(sb, o, p);
		break;
	case RN_ST_STATFS:
		put_statfs(sb, o, p);
		break;
	case RN_ST_TIMESPEC:
		put_time(sb, p, "tv_nsec");
		break;
	case RN_ST_TIMEVAL:
		put_time(sb, p, "tv_usec");
		break;
	case RN_ST_TIMEVAL2: /* utimes, futimesat */
		for (int i = 0; i < 2; i++) {
			rn_sb_puts(sb, i ? ", " : "[");
			put_time(sb, p + 16 * i, "tv_usec");
			rn_put_time_comment(sb, (int64_t)rn_ld64(p + 16 * i),
			                    rn_ld64(p + 16 * i + 8), 6);
		}
		rn_sb_putc(sb, ']');
		break;
	case RN_ST_UTIMBUF:
		rn_sb_printf(sb, "{actime=%lld", (long long)rn_ld64(p));
		rn_put_time_comment(sb, (int64_t)rn_ld64(p), 0, 0);
		rn_sb_printf(sb, ", modtime=%lld", (long long)rn_ld64(p + 8));
		rn_put_time_comment(sb, (int64_t)rn_ld64(p + 8), 0, 0);
		rn_sb_putc(sb, '}');
		break;
	case RN_ST_TIMESPEC2:
		for (int i = 0; i < 2; i++) {
			rn_sb_puts(sb, i ? ", " : "[");
			uint64_t ns = rn_ld64(p + 16 * i + 8);
			int special = ns == (1ull << 30) - 1 || ns == (1ull << 30) - 2;
			if (special && o->xlat == RN_XLAT_ABBREV)
				rn_sb_puts(sb, ns == (1ull << 30) - 1 ? "UTIME_NOW" : "UTIME_OMIT");
			else {
				put_time(sb, p + 16 * i, "tv_nsec");
				if (special && o->xlat == RN_XLAT_VERBOSE)
					rn_sb_puts(sb, ns == (1ull << 30) - 1
					                   ? " /* UTIME_NOW */"
					                   : " /* UTIME_OMIT */");
				else if (!special) /* the date even under -X raw, as strace */
					rn_put_time_comment(sb, (int64_t)rn_ld64(p + 16 * i), ns,
					                    9);
			}
		}
		rn_sb_putc(sb, ']');
		break;
	case RN_ST_ITIMERSPEC:
	case RN_ST_ITIMERVAL: {
		const char *sub = st == RN_ST_ITIMERSPEC ? "tv_nsec" : "tv_usec";
		rn_sb_puts(sb, "{it_interval=");
		put_time(sb, p, sub);
		rn_sb_puts(sb, ", it_value=");
		put_time(sb, p + 16, sub);
		rn_sb_putc(sb, '}');
		break;
	}
	case RN_ST_TIMEZONE:
		rn_sb_printf(sb, "{tz_minuteswest=%d, tz_dsttime=%d}", (int32_t)rn_ld32(p),
		             (int32_t)rn_ld32(p + 4));
		break;
	case RN_ST_RLIMIT:
	case RN_ST_RLIMIT64:
	case RN_ST_RLIMIT32: {
		const char *inf = st == RN_ST_RLIMIT32 ? "RLIM_INFINITY" : "RLIM64_INFINITY";
		rn_sb_puts(sb, "{rlim_cur=");
		put_rlim(sb, o, rn_ld64(p), inf);
		rn_sb_puts(sb, ", rlim_max=");
		put_rlim(sb, o, rn_ld64(p + 8), inf);
		rn_sb_putc(sb, '}');
		break;
	}
	case RN_ST_USER_DESC:
		put_user_desc(sb, p);
		break;
	case RN_ST_SIGACTION:
		put_sigaction(sb, o, p);
		break;
	case RN_ST_SIGSET:
		rn_put_sigset(sb, o, p, len);
		break;
	case RN_ST_UTSNAME:
		put_utsname(sb, o, p);
		break;
	case RN_ST_SYSINFO: {
		static const char *const mem[] = {"totalram",  "freeram",   "sharedram",
		                                  "bufferram", "totalswap", "freeswap"};
		rn_sb_printf(sb, "{uptime=%lld, loads=[%llu, %llu, %llu]", (long long)rn_ld64(p),
		             (unsigned long long)rn_ld64(p + 8),
		             (unsigned long long)rn_ld64(p + 16),
		             (unsigned long long)rn_ld64(p + 24));
		for (int k = 0; k < 6; k++)
			rn_sb_printf(sb, ", %s=%llu", mem[k],
			             (unsigned long long)rn_ld64(p + 32 + 8 * k));
		rn_sb_printf(sb, ", procs=%u, totalhigh=%llu, freehigh=%llu, mem_unit=%u}",
		             rn_ld16(p + 80), (unsigned long long)rn_ld64(p + 88),
		             (unsigned long long)rn_ld64(p + 96), rn_ld32(p + 104));
		break;
	}
	case RN_ST_RUSAGE:
		rn_sb_puts(sb, "{ru_utime=");
		put_time(sb, p, "tv_usec");
		rn_sb_puts(sb, ", ru_stime=");
		put_time(sb, p + 16, "tv_usec");
		if (o->verbose) { /* -v: every field */
			static const char *const ru[] = {
			    "ru_maxrss", "ru_ixrss",    "ru_idrss",   "ru_isrss",   "ru_minflt",
			    "ru_majflt", "ru_nswap",    "ru_inblock", "ru_oublock", "ru_msgsnd",
			    "ru_msgrcv", "ru_nsignals", "ru_nvcsw",   "ru_nivcsw"};
			for (int k = 0; k < 14; k++)
				rn_sb_printf(sb, ", %s=%lld", ru[k],
				             (long long)rn_ld64(p + 32 + 8 * k));
			rn_sb_putc(sb, '}');
		} else
			rn_sb_puts(sb, ", ...}");
		break;
	case RN_ST_EPOLL_EVENT: {
		rn_sb_puts(sb, "{events=");
		rn_put_flags(sb, o, RN_XLAT_epoll_events, rn_ld32(p));
		uint64_t d = rn_ld64(p + (o->arch == RN_ARCH_AARCH64 ? 8 : 4));
		rn_sb_printf(sb, ", data={u32=%u, u64=%llu}}", (uint32_t)d, (unsigned long long)d);
		break;
	}
	case RN_ST_SCHED_PARAM:
		rn_sb_printf(sb, "[%d]", (int32_t)rn_ld32(p)); /* as strace prints it */
		break;
	case RN_ST_STACK_T: {
		rn_sb_puts(sb, "{ss_sp=");
		rn_put_ptr(sb, rn_ld64(p));
		rn_sb_puts(sb, ", ss_flags=");
		rn_put_flags(sb, o, RN_XLAT_ss_flags, rn_ld32(p + 8));
		rn_sb_printf(sb, ", ss_size=%llu}", (unsigned long long)rn_ld64(p + 16));
		break;
	}
	case RN_ST_INT:
		rn_sb_printf(sb, "[%d]", (int32_t)rn_ld32(p));
		break;
	case RN_ST_MPOL_MODE:
		rn_sb_putc(sb, '[');
		rn_put_enum(sb, o, RN_XLAT_mpol, rn_ld32(p), 0);
		rn_sb_putc(sb, ']');
		break;
	case RN_ST_U64:
		rn_sb_printf(sb, "[%llu]", (unsigned long long)rn_ld64(p));
		break;
	case RN_ST_WAITSTATUS:
		put_waitstatus(sb, o, rn_ld32(p));
		break;
	case RN_ST_CLONE_ARGS:
		rn_put_clone_args(sb, o, p, NULL);
		break;
	case RN_ST_TMS:
		for (int k = 0; k < 4; k++) {
			rn_sb_printf(sb, "%s%s=", k ? ", " : "{", tms[k]);
			rn_put_clock_t(sb, o, rn_ld64(p + 8 * k));
		}
		rn_sb_putc(sb, '}');
		break;
	case RN_ST_WINSIZE:
		rn_sb_printf(sb, "{ws_row=%u, ws_col=%u, ws_xpixel=%u, ws_ypixel=%u}", rn_ld16(p),
		             rn_ld16(p + 2), rn_ld16(p + 4), rn_ld16(p + 6));
		break;
	case RN_ST_MSGHDR:
		rn_sb_puts(sb, "{msg_name=");
		rn_put_ptr(sb, rn_ld64(p));
		rn_sb_printf(sb, ", msg_namelen=%u, msg_iov=", rn_ld32(p + 8));
		rn_put_ptr(sb, rn_ld64(p + 16));
		rn_sb_printf(sb, ", msg_iovlen=%llu, msg_controllen=%llu, msg_flags=%u}",
		             (unsigned long long)rn_ld64(p + 24),
		             (unsigned long long)rn_ld64(p + 40), rn_ld32(p + 48));
		break;
	case RN_ST_SIGINFO:
		rn_put_siginfo(sb, o, p);
		break;
	case RN_ST_PSELECT6:
		rn_sb_puts(sb, "{sigmask=");
		rn_put_ptr(sb, rn_ld64(p));
		rn_sb_printf(sb, ", sigsetsize=%llu}", (unsigned long long)rn_ld64(p + 8));
		break;
	case RN_ST_SIGEVENT: {
		/* strace: sigev_value only when set; the signal by name only when
		 * sigev_notify sends one; then what that kind of notice uses */
		uint64_t val = rn_ld64(p);
		uint32_t notify = rn_ld32(p + 12);
		int sig = (int)rn_ld32(p + 8), sends = notify == 0 || notify == 2 || notify == 4;
		rn_sb_putc(sb, '{');
		if (val)
			rn_sb_printf(sb, "sigev_value={sival_int=%d, sival_ptr=%#llx}, ",
			             (int32_t)val, (unsigned long long)val);
		rn_sb_puts(sb, "sigev_signo=");
		if (sends)
			rn_put_signame(sb, o, sig);
		else
			rn_sb_printf(sb, "%d", sig);
		rn_sb_puts(sb, ", sigev_notify=");
		rn_put_enum(sb, o, RN_XLAT_sigev_notify, notify, 0);
		if (notify == 4) /* SIGEV_THREAD_ID */
			rn_sb_printf(sb, ", sigev_notify_thread_id=%d", (int32_t)rn_ld32(p + 16));
		else if (notify == 2) { /* SIGEV_THREAD */
			rn_sb_puts(sb, ", sigev_notify_function=");
			rn_put_ptr(sb, rn_ld64(p + 16));
			rn_sb_puts(sb, ", sigev_notify_attributes=");
			rn_put_ptr(sb, rn_ld64(p + 24));
		}
		rn_sb_putc(sb, '}');
		break;
	}
	case RN_ST_MQ_ATTR:
		rn_sb_puts(sb, "{mq_flags=");
		rn_put_flags(sb, o, RN_XLAT_oflags, rn_ld64(p));
		rn_sb_printf(sb, ", mq_maxmsg=%lld, mq_msgsize=%lld, mq_curmsgs=%lld}",
		             (long long)rn_ld64(p + 8), (long long)rn_ld64(p + 16),
		             (long long)rn_ld64(p + 24));
		break;
	case RN_ST_CACHESTAT_RANGE:
		rn_sb_puts(sb, "{off=");
		rn_put_hex(sb, rn_ld64(p));
		rn_sb_printf(sb, ", len=%llu}", (unsigned long long)rn_ld64(p + 8));
		break;
	case RN_ST_CACHESTAT: {
		static const char *const cs[] = {"nr_cache", "nr_dirty", "nr_writeback",
		                                 "nr_evicted", "nr_recently_evicted"};
		for (int k = 0; k < 5; k++)
			rn_sb_printf(sb, "%s%s=%llu", k ? ", " : "{", cs[k],
			             (unsigned long long)rn_ld64(p + 8 * k));
		rn_sb_putc(sb, '}');
		break;
	}
	case RN_ST_FILE_ATTR_GET:
	case RN_ST_FILE_ATTR_SET:
		put_file_attr(sb, o, p, len, st == RN_ST_FILE_ATTR_GET);
		break;
	case RN_ST_CAP_HEADER: {
		uint32_t v = rn_ld32(p);
		const char *n = v == 0x19980330   ? "_LINUX_CAPABILITY_VERSION_1"
		                : v == 0x20071026 ? "_LINUX_CAPABILITY_VERSION_2"
		                : v == 0x20080522 ? "_LINUX_CAPABILITY_VERSION_3"
		                                  : NULL;
		rn_sb_puts(sb, "{version=");
		if (n && o->xlat != RN_XLAT_RAW)
			rn_sb_puts(sb, n);
		else
			rn_put_hex(sb, v);
		if (!n && o->xlat != RN_XLAT_RAW)
			rn_sb_puts(sb, " /* _LINUX_CAPABILITY_VERSION_??? */");
		rn_sb_printf(sb, ", pid=%d}", (int32_t)rn_ld32(p + 4));
		break;
	}
	case RN_ST_CAP_DATA: {
		static const char *const f[] = {"effective", "permitted", "inheritable"};
		rn_sb_putc(sb, '{');
		for (int k = 0; k < 3; k++) {
			uint64_t set = rn_ld32(p + 4 * k) | (uint64_t)rn_ld32(p + 12 + 4 * k) << 32;
			rn_sb_printf(sb, "%s%s=", k ? ", " : "", f[k]);
			put_capset(sb, o, set);
		}
		rn_sb_putc(sb, '}');
		break;
	}
	default:
		rn_sb_puts(sb, "{...}");
		break;
	}
}

void rn_put_sockaddr(rn_sb *sb, const rn_decode_opts *o, const uint8_t *p, size_t len)
{
	if (len < 2) {
		rn_sb_puts(sb, "{}");
		return;
	}
	uint16_t fam = rn_ld16(p);
	rn_sb_puts(sb, "{sa_family=");
	rn_put_enum(sb, o, RN_XLAT_af, fam, o->xlat == RN_XLAT_ABBREV);
	char addr[64];
	if (o->xlat != RN_XLAT_ABBREV && ((fam == 2 && len >= 16) || (fam == 10 && len >= 24))) {
		/* -X raw: ports and addresses as the bytes in memory, as strace;
		 * -X verbose: the same with the abbreviated form as a comment */
		int v6 = fam == 10, vb = o->xlat == RN_XLAT_VERBOSE;
		inet_ntop(fam, p + (v6 ? 8 : 4), addr, sizeof(addr));
		rn_sb_puts(sb, v6 ? ", sin6_port=" : ", sin_port=");
		rn_put_hexstr(sb, p + 2, 2, 2, 0);
		if (vb)
			rn_sb_printf(sb, " /* htons(%u) */", ntohs(rn_ld16(p + 2)));
		if (v6) {
			rn_sb_puts(sb, ", sin6_flowinfo=");
			rn_put_hexstr(sb, p + 4, 4, 4, 0);
			if (vb)
				rn_sb_printf(sb, " /* htonl(%u) */", ntohl(rn_ld32(p + 4)));
		}
		rn_sb_puts(sb, v6 ? ", sin6_addr=" : ", sin_addr=");
		rn_put_hexstr(sb, p + (v6 ? 8 : 4), v6 ? 16 : 4, 16, 0);
		if (vb && v6)
			rn_sb_printf(sb, " /* inet_pton(AF_INET6, \"%s\") */", addr);
		else if (vb)
			rn_sb_printf(sb, " /* inet_addr(\"%s\") */", addr);
		if (v6)
			rn_sb_printf(sb, ", sin6_scope_id=%u", len >= 28 ? rn_ld32(p + 24) : 0);
		rn_sb_putc(sb, '}');
		return;
	}
	if (fam == 1 && len > 2) { /* AF_UNIX */
		const uint8_t *path = p + 2;
		size_t n = len - 2;
		rn_sb_puts(sb, ", sun_path=");
		if (path[0] == 0 && n > 1) {
			rn_sb_putc(sb, '@');
			rn_decode_quote_opts(sb, o, path + 1, n - 1, n, 0);
		} else
			rn_decode_quote_opts(sb, o, path, strnlen((const char *)path, n), n, 0);
	} else if (fam == 2 && len >= 16) { /* AF_INET */
		inet_ntop(2, p + 4, addr, sizeof(addr));
		rn_sb_printf(sb, ", sin_port=htons(%u), sin_addr=inet_addr(",
		             ntohs(rn_ld16(p + 2)));
		rn_decode_quote_opts(sb, o, (const uint8_t *)addr, strlen(addr), sizeof(addr), 0);
		rn_sb_putc(sb, ')');
	} else if (fam == 10 && len >= 24) { /* AF_INET6 */
		inet_ntop(10, p + 8, addr, sizeof(addr));
		rn_sb_printf(sb,
		             ", sin6_port=htons(%u), sin6_flowinfo=htonl(%u), inet_pton(AF_INET6, ",
		             ntohs(rn_ld16(p + 2)), ntohl(rn_ld32(p + 4)));
		rn_decode_quote_opts(sb, o, (const uint8_t *)addr, strlen(addr), sizeof(addr), 0);
		rn_sb_printf(sb, ", &sin6_addr), sin6_scope_id=%u",
		             len >= 28 ? rn_ld32(p + 24) : 0);
	} else if (fam == 16 && len >= 12) { /* AF_NETLINK */
		rn_sb_printf(sb, ", nl_pid=%d, nl_groups=%#08x", (int32_t)rn_ld32(p + 4),
		             rn_ld32(p + 8));
	} else if (len > 2) {
		rn_sb_puts(sb, ", sa_data=");
		rn_decode_quote_opts(sb, o, p + 2, len - 2, len, 0);
	}
	rn_sb_putc(sb, '}');
}
