/* t_decode_flags.c: what rn-replay's output flags change in the decoders,
 * on synthetic calls: -v's full stat on both arches (layouts differ), -x
 * and -xx, -N's names. Each line is what strace prints for the same call
 * (strace 6.1 here; -N follows strace 6.16's form). */
#include "t_decode_calls.h"

#include <time.h>

static void put(uint8_t *p, size_t off, uint64_t v, size_t n)
{
	memcpy(p + off, &v, n); /* little-endian */
}

static const char full_stat[] =
    "fstat(3, {st_dev=makedev(0xfe, 0), st_ino=42, st_mode=S_IFREG|0644, st_nlink=3, "
    "st_uid=1000, st_gid=100, st_blksize=4096, st_blocks=8, st_size=1234, "
    "st_atime=1700000000 /* 2023-11-14T22:13:20.000000005+0000 */, st_atime_nsec=5, "
    "st_mtime=1700000001 /* 2023-11-14T22:13:21+0000 */, st_mtime_nsec=0, "
    "st_ctime=1700000002 /* 2023-11-14T22:13:22.123456789+0000 */, "
    "st_ctime_nsec=123456789}) = 0";

static void stat_v(int arch)
{
	rn_decode_opts_init(&O, (uint16_t)arch);
	int a64 = arch == RN_ARCH_AARCH64;
	uint8_t st[144] = {0};
	put(st, 0, 0xfe00, 8);
	put(st, 8, 42, 8);
	put(st, a64 ? 16 : 24, 0100644, 4);
	put(st, a64 ? 20 : 16, 3, a64 ? 4 : 8);
	put(st, a64 ? 24 : 28, 1000, 4);
	put(st, a64 ? 28 : 32, 100, 4);
	put(st, 48, 1234, 8);
	put(st, 56, 4096, a64 ? 4 : 8);
	put(st, 64, 8, 8);
	uint64_t t[6] = {1700000000, 5, 1700000001, 0, 1700000002, 123456789};
	memcpy(st + 72, t, sizeof(t));
	rn_syscall sc = mk("fstat", 0, 3, 0x7ffd, 0, 0, 0, 0);
	rn_capture c = {0x7ffd, a64 ? 128 : 144, a64 ? 128 : 144, RN_CAP_STRUCT, 1, RN_CAPF_EXIT,
	                st};
	sc.caps = &c;
	sc.ncap = 1;
	CHECK_STR(line(&sc), "fstat(3, {st_mode=S_IFREG|0644, st_size=1234, ...}) = 0");
	O.verbose = 1;
	CHECK_STR(line(&sc), full_stat);
	O.argnames = 1;
	CHECK(strncmp(line(&sc), "fstat(fd=3, statbuf={st_dev=makedev(0xfe, 0), ", 46) == 0);
}

static void strings(void)
{
	rn_decode_opts_init(&O, RN_ARCH_X86_64);
	rn_syscall sc = mk("write", 5, 1, 0x1000, 5, 0, 0, 0);
	rn_capture c = {0x1000, 5, 5, RN_CAP_BUFFER, 1, 0, (const uint8_t *)"caf\303\251"};
	sc.caps = &c;
	sc.ncap = 1;
	CHECK_STR(line(&sc), "write(1, \"caf\\303\\251\", 5) = 5");
	O.strhex = 1;
	CHECK_STR(line(&sc), "write(1, \"\\x63\\x61\\x66\\xc3\\xa9\", 5) = 5");
	c.data = (const uint8_t *)"ab\t\n";
	c.len = c.orig_len = 4;
	sc.args[2] = 4;
	sc.ret = 4;
	CHECK_STR(line(&sc), "write(1, \"ab\\t\\n\", 4) = 4"); /* whitespace escapes stay */
	O.strhex = 2;
	CHECK_STR(line(&sc), "write(1, \"\\x61\\x62\\x09\\x0a\", 4) = 4");
	O.strhex = 1; /* only the bytes shown decide: the \377 is past -s 2 */
	O.strsize = 2;
	c.data = (const uint8_t *)"ab\377";
	c.len = c.orig_len = 3;
	sc.args[2] = 3;
	sc.ret = 3;
	CHECK_STR(line(&sc), "write(1, \"ab\"..., 3) = 3");
	O.argnames = 1;
	CHECK_STR(line(&sc), "write(fd=1, buf=\"ab\"..., count=3) = 3");
}

int main(void)
{
	setenv("TZ", "UTC", 1); /* strace's time comments are in local time */
	tzset();
	stat_v(RN_ARCH_X86_64);
	stat_v(RN_ARCH_AARCH64);
	strings();
	return 0;
}
