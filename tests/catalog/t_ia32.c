/* The ia32 catalog (RN_ABI_IA32, format/rn_catalog_ia32.c) and the lines
 * of ia32 calls (Syscall.flags COMPAT) from synthetic captures in their
 * ia32 layout: each expected line is what strace 6.1 printed for the same
 * call of a 32-bit program on this machine (tests/record/test_ia32_prog.sh
 * checks real recordings). */
#include "t_decode_calls.h"

static rn_syscall mk32(const char *name, int64_t ret, uint64_t a0, uint64_t a1, uint64_t a2,
                       uint64_t a3, uint64_t a4, uint64_t a5)
{
	rn_syscall sc = {0};
	int nr = rn_syscall_lookup(RN_ABI_IA32, name);
	CHECK(nr >= 0);
	sc.nr = (uint16_t)nr;
	sc.flags = RN_SC_COMPAT;
	sc.ret = ret;
	sc.pid = sc.tid = 100;
	uint64_t a[6] = {a0, a1, a2, a3, a4, a5};
	memcpy(sc.args, a, sizeof(a));
	return sc;
}

static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

static void catalog(void)
{
	const rn_sysent *e = rn_syscall_ent(RN_ABI_IA32, 195);
	CHECK(e && strcmp(e->name, "stat64") == 0);
	CHECK(rn_struct_size(RN_ABI_IA32, RN_ST_STAT) == 96);
	CHECK(rn_struct_size(RN_ABI_IA32, RN_ST_TIMESPEC) == 8);
	CHECK(rn_struct_size(RN_ABI_IA32, RN_ST_TIMESPEC64) == 16);
	CHECK(rn_struct_size(RN_ABI_IA32, RN_ST_MSGHDR) == 0); /* no known layout */
	/* i386's stat (106) takes the old struct stat: an address, never stat64 */
	e = rn_syscall_ent(RN_ABI_IA32, 106);
	CHECK(e && RN_ARG_KIND(e->args[1]) == RN_A_PTR);
	/* clock_gettime64 is clock_gettime with the 64-bit timespec */
	e = rn_syscall_ent(RN_ABI_IA32, 403);
	CHECK(e && strcmp(e->name, "clock_gettime64") == 0 &&
	      RN_ARG_X(e->args[1]) == RN_ST_TIMESPEC64);
	/* sendmsg's msghdr holds 32-bit pointers: an address */
	e = rn_syscall_ent(RN_ABI_IA32, (uint32_t)rn_syscall_lookup(RN_ABI_IA32, "sendmsg"));
	CHECK(e && RN_ARG_KIND(e->args[1]) == RN_A_PTR);
	/* no entry reads a long of 64 bits or a struct with no ia32 layout */
	uint32_t nr;
	int n = 0;
	for (size_t i = 0; rn_syscall_at(RN_ABI_IA32, i, &nr); i++) {
		e = rn_syscall_ent(RN_ABI_IA32, nr);
		if (!e)
			continue;
		n++;
		for (int a = 0; a < e->nargs; a++) {
			int k = RN_ARG_KIND(e->args[a]);
			CHECK(k != RN_A_LONG && k != RN_A_ULONG && k != RN_A_HEXL);
			CHECK(!((k == RN_A_FLAGS || k == RN_A_ENUM) &&
			        RN_ARG_LEN(e->args[a]) == RN_W64));
			if ((k == RN_A_STRUCT_IN || k == RN_A_STRUCT_OUT ||
			     k == RN_A_STRUCT_INOUT || k == RN_A_INTPTR_OUT ||
			     k == RN_A_STRUCT_REM) &&
			    RN_ARG_LEN(e->args[a]) == RN_LEN_FIXED)
				CHECK(rn_struct_size(RN_ABI_IA32, (int)RN_ARG_X(e->args[a])) > 0);
		}
	}
	CHECK(n > 300);
	/* a call's entry is its ABI's */
	rn_syscall sc = {.nr = 20, .flags = RN_SC_COMPAT};
	CHECK(strcmp(rn_sc_ent(RN_ARCH_X86_64, &sc)->name, "getpid") == 0);
}

static void lines(void)
{
	rn_decode_opts_init(&O, RN_ARCH_X86_64);
	rn_capture c[4];
	/* int $0x80 from 64-bit code: the registers' high halves do not count */
	rn_syscall sc = mk32("close", 0, 0xdeadbeef00000003ull, 0, 0, 0, 0, 0);
	CHECK_STR(line(&sc), "close(3) = 0");
	/* a 32-bit long: lseek's offset -1 */
	sc = mk32("lseek", -22, 3, 0xffffffff, 0, 0, 0, 0);
	CHECK_STR(line(&sc), "lseek(3, -1, SEEK_SET) = -1 EINVAL (Invalid argument)");

	/* stat64: i386's 96-byte struct */
	uint8_t st[96] = {0};
	put32(st + 16, 0100644);
	put32(st + 44, 1234);
	sc = mk32("fstat64", 0, 3, 0xffd00000, 0, 0, 0, 0);
	c[0] = cap(1, RN_CAP_STRUCT, 1, st, 96, 96);
	sc.caps = c;
	sc.ncap = 1;
	CHECK_STR(line(&sc), "fstat64(3, {st_mode=S_IFREG|0644, st_size=1234, ...}) = 0");
	c[0].len = 80; /* short: the address */
	CHECK_STR(line(&sc), "fstat64(3, 0xffd00000) = 0");

	/* rlimit32: all ones is RLIM_INFINITY */
	uint8_t rl[8];
	put32(rl, 8192 * 1024);
	put32(rl + 4, 0xffffffff);
	sc = mk32("ugetrlimit", 0, 3, 0xffd00000, 0, 0, 0, 0);
	c[0] = cap(1, RN_CAP_STRUCT, 1, rl, 8, 8);
	sc.caps = c;
	sc.ncap = 1;
	CHECK_STR(line(&sc),
	          "ugetrlimit(RLIMIT_STACK, {rlim_cur=8192*1024, rlim_max=RLIM_INFINITY}) = 0");

	/* old_timespec32 and the time64 call's 64-bit one */
	uint8_t ts[16] = {0};
	put32(ts, 1);
	put32(ts + 4, 1000);
	sc = mk32("nanosleep", 0, 0xffd00000, 0, 0, 0, 0, 0);
	c[0] = cap(0, RN_CAP_STRUCT, 0, ts, 8, 8);
	sc.caps = c;
	sc.ncap = 1;
	CHECK_STR(line(&sc), "nanosleep({tv_sec=1, tv_nsec=1000}, NULL) = 0");
	uint8_t t64[16] = {0};
	put32(t64, 2);
	put32(t64 + 8, 2000);
	sc = mk32("clock_nanosleep_time64", 0, 1, 0, 0xffd00000, 0, 0, 0);
	c[0] = cap(2, RN_CAP_STRUCT, 0, t64, 16, 16);
	sc.caps = c;
	sc.ncap = 1;
	CHECK_STR(line(&sc),
	          "clock_nanosleep_time64(CLOCK_MONOTONIC, 0, {tv_sec=2, tv_nsec=2000}, NULL) = 0");

	/* iovecs of 32-bit words */
	uint8_t iv[16];
	put32(iv, 0x8000);
	put32(iv + 4, 6);
	put32(iv + 8, 0x9000);
	put32(iv + 12, 5);
	sc = mk32("writev", 11, 1, 0xffd00000, 2, 0, 0, 0);
	c[0] = cap(1, RN_CAP_ARRAY, 0, iv, 16, 16);
	c[0].flags |= RN_CAPF_W32;
	c[1] = cap(1, RN_CAP_IOVEC, 0, "hello ia32\n", 11, 11);
	c[1].flags |= RN_CAPF_W32;
	sc.caps = c;
	sc.ncap = 2;
	CHECK_STR(line(&sc), "writev(1, [{iov_base=\"hello \", iov_len=6}, "
	                     "{iov_base=\"ia32\\n\", iov_len=5}], 2) = 11");

	/* offsets: mmap2's in pages, _llseek's and pread64's in two registers */
	sc = mk32("mmap2", 0xf7f04000, 0, 4096, 1, 2, 3, 2);
	CHECK_STR(line(&sc), "mmap2(NULL, 4096, PROT_READ, MAP_PRIVATE, 3, 0x2000) = 0xf7f04000");
	uint8_t pos[8] = {1};
	sc = mk32("_llseek", 0, 3, 0, 1, 0xffd00000, 0, 0);
	c[0] = cap(3, RN_CAP_STRUCT, 1, pos, 8, 8);
	sc.caps = c;
	sc.ncap = 1;
	CHECK_STR(line(&sc), "_llseek(3, 1, [1], SEEK_SET) = 0");
	sc = mk32("ftruncate64", -22, 3, 0, 1, 0, 0, 0);
	CHECK_STR(line(&sc), "ftruncate64(3, 4294967296) = -1 EINVAL (Invalid argument)");

	/* socketcall(SYS_SOCKET, args) as socket(...) */
	uint8_t sa[24] = {0};
	put32(sa, 1);
	put32(sa + 4, 1 | 02000000);
	sc = mk32("socketcall", 3, 1, 0xffd00000, 0, 0, 0, 0);
	c[0] = cap(1, RN_CAP_STRUCT, 0, sa, 24, 24);
	sc.caps = c;
	sc.ncap = 1;
	CHECK_STR(line(&sc), "socket(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC, 0) = 3");
	sc.ncap = 0; /* the arguments not captured: socketcall's own */
	CHECK_STR(line(&sc), "socketcall(1, 0xffd00000) = 3");

	/* set_thread_area: user_desc, and the entry the kernel chose */
	uint8_t ud[16] = {0}, ud2[16];
	put32(ud, 0xffffffff);
	put32(ud + 4, 0x9c5d380);
	put32(ud + 8, 0xfffff);
	put32(ud + 12, 0x51);
	memcpy(ud2, ud, 16);
	put32(ud2, 12);
	sc = mk32("set_thread_area", 0, 0xffd00000, 0, 0, 0, 0, 0);
	c[0] = cap(0, RN_CAP_STRUCT, 0, ud, 16, 16);
	c[1] = cap(0, RN_CAP_STRUCT, 1, ud2, 16, 16);
	sc.caps = c;
	sc.ncap = 2;
	CHECK_STR(line(&sc), "set_thread_area({entry_number=-1, base_addr=0x9c5d380, "
	                     "limit=0x0fffff, seg_32bit=1, contents=0, read_exec_only=0, "
	                     "limit_in_pages=1, seg_not_present=0, useable=1}) = 0 "
	                     "(entry_number=12)");
}

/* Calls whose arguments are 32-bit words in memory (data/args32_ia32.def):
 * the plan reads the words, then the carried call's captures; the line is
 * the carried call's. */
static void args32(void)
{
	rn_cap_req q[8];
	uint64_t regs[6] = {0xffd00000, 0, 0, 0, 0, 0};
	int mm = rn_syscall_lookup(RN_ABI_IA32, "mmap"),
	    skc = rn_syscall_lookup(RN_ABI_IA32, "socketcall");
	CHECK(mm == 90 && skc == 102);
	CHECK(rn_catalog_plan(RN_ABI_IA32, 90, regs, 0, 0, 64, q, 8) == 1);
	CHECK(q[0].kind == RN_CAP_STRUCT && q[0].arg == 0 && q[0].len == 24 &&
	      q[0].addr == 0xffd00000 && !(q[0].flags & RN_CAPF_ARGS32));
	CHECK(rn_catalog_plan(RN_ABI_IA32, 90, regs, 0, 1, 64, q, 8) == 0);
	rn_args32 a;
	uint64_t conn[6] = {3, 0xffd00000, 0, 0, 0, 0};
	CHECK(rn_catalog_args32(102, conn, &a) == 1);
	CHECK(a.carried == rn_syscall_lookup(RN_ABI_IA32, "connect") && a.reg == 1 && a.words == 3);
	CHECK(rn_catalog_plan(RN_ABI_IA32, 102, conn, 0, 0, 64, q, 8) == 1 && q[0].len == 12 &&
	      q[0].arg == 1);
	uint64_t w[6] = {3, 0xffd10000, 110, 0, 0, 0};
	CHECK(rn_catalog_plan_args32(&a, w, 0, 0, 64, q, 8) == 1);
	CHECK(q[0].kind == RN_CAP_STRUCT && q[0].arg == 1 && q[0].len == 110 &&
	      q[0].addr == 0xffd10000 && (q[0].flags & RN_CAPF_ARGS32));
	uint64_t snd[6] = {9, 0xffd00000, 0, 0, 0, 0};
	CHECK(rn_catalog_args32(102, snd, &a) == 1 && a.carried >= RN_NR_MAX && a.words == 4);
	CHECK(strcmp(rn_catalog_args32_ent((uint32_t)a.carried)->name, "send") == 0);
	uint64_t bad[6] = {99, 0xffd00000, 0, 0, 0, 0};
	CHECK(rn_catalog_args32(102, bad, &a) == 1 && a.carried == -1);
	CHECK(rn_catalog_args32(192, regs, &a) == 0); /* mmap2: registers */
	/* clone3: its clone_args, the tls word in it, then the user_desc */
	int c3 = rn_syscall_lookup(RN_ABI_IA32, "clone3");
	uint64_t cl[6] = {0xffd00000, 88, 0, 0, 0, 0};
	CHECK(c3 > 0 && rn_catalog_args32((uint32_t)c3, cl, &a) == 1 && a.st == RN_ST_USER_DESC);
	CHECK(rn_catalog_plan(RN_ABI_IA32, (uint32_t)c3, cl, 0, 0, 64, q, 8) == 2);
	CHECK(q[0].len == 88 && q[0].addr == 0xffd00000 && q[1].len == 4 &&
	      q[1].addr == 0xffd00000 + 56 && q[1].arg == 0);
	uint64_t tls[6] = {0xf7f00000, 0, 0, 0, 0, 0};
	CHECK(rn_catalog_plan_args32(&a, tls, 0, 0, 64, q, 8) == 1);
	CHECK(q[0].addr == 0xf7f00000 && q[0].len == 16 && (q[0].flags & RN_CAPF_ARGS32));
	CHECK(rn_catalog_plan_args32(&a, tls, 0, 1, 64, q, 8) == 0);

	/* the lines: the words first, then the carried call's captures */
	rn_capture c[3];
	uint8_t words[24] = {0};
	put32(words + 4, 4096);
	put32(words + 8, 1);
	put32(words + 12, 2);
	put32(words + 16, 3);
	put32(words + 20, 4096);
	rn_syscall sc = mk32("mmap", 0xf7f04000, 0xffd00000, 0, 0, 0, 0, 0);
	c[0] = cap(0, RN_CAP_STRUCT, 0, words, 24, 24);
	sc.caps = c;
	sc.ncap = 1;
	CHECK_STR(line(&sc), "mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, 3, 0x1000) = 0xf7f04000");
	sc.ncap = 0; /* the words unread: their address, as strace prints it */
	CHECK_STR(line(&sc), "mmap(0xffd00000) = 0xf7f04000");
	uint8_t un[2 + 6] = {1, 0, '/', 'x', 0};
	memset(words, 0, sizeof(words));
	put32(words, 3);
	put32(words + 4, 0xffd10000);
	put32(words + 8, 110);
	sc = mk32("socketcall", -2, 3, 0xffd00000, 0, 0, 0, 0);
	c[0] = cap(1, RN_CAP_STRUCT, 0, words, 12, 12);
	c[1] = cap(1, RN_CAP_STRUCT, 0, un, 5, 5);
	c[1].flags |= RN_CAPF_ARGS32;
	sc.ncap = 2;
	sc.caps = c;
	CHECK_STR(line(&sc), "connect(3, {sa_family=AF_UNIX, sun_path=\"/x\"}, 110) = -1 ENOENT "
	                     "(No such file or directory)");
	put32(words, 5);
	put32(words + 8, 2);
	sc = mk32("socketcall", 2, 9, 0xffd00000, 0, 0, 0, 0);
	c[0] = cap(1, RN_CAP_STRUCT, 0, words, 16, 16);
	c[1] = cap(1, RN_CAP_BUFFER, 0, "ab", 2, 2);
	c[1].flags |= RN_CAPF_ARGS32;
	sc.ncap = 2;
	sc.caps = c;
	CHECK_STR(line(&sc), "send(5, \"ab\", 2, 0) = 2");
}

/* x32 calls (Syscall.flags COMPAT | X32): named by the x32 table, the
 * x86_64 row's kinds on the registers, nothing planned. */
static void x32(void)
{
	CHECK(strcmp(rn_syscall_name(RN_ABI_X32, 514), "ioctl") == 0);
	CHECK(strcmp(rn_syscall_name(RN_ABI_X32, 16), "ioctl#64") == 0);
	CHECK(rn_syscall_lookup(RN_ABI_X32, "ioctl") == 514);
	uint64_t a[6] = {0xffffff9c, 0x55f108fb0009, 0, 0, 0, 0};
	rn_cap_req q[4];
	CHECK(rn_catalog_plan(RN_ABI_X32, 257, a, 0, 0, 64, q, 4) == 0);
	rn_syscall sc = {0};
	sc.flags = RN_SC_COMPAT | RN_SC_X32;
	sc.ret = -38;
	sc.nr = 514;
	sc.args[0] = 1;
	sc.args[1] = 0x5401;
	CHECK_STR(line(&sc), "ioctl(1, TCGETS, NULL) = -1 ENOSYS (Function not implemented)");
	sc.nr = 16;
	CHECK_STR(line(&sc), "ioctl#64(0x1, 0x5401, 0) = -1 ENOSYS (Function not implemented)");
	sc.nr = 257;
	memcpy(sc.args, a, sizeof(a));
	CHECK_STR(line(&sc), "openat(AT_FDCWD, 0x55f108fb0009, O_RDONLY) = -1 ENOSYS (Function "
	                     "not implemented)");
	sc.flags = 0; /* the same number as an x86_64 call */
	sc.nr = 16;
	sc.args[0] = 1;
	sc.args[1] = 0x5401;
	CHECK_STR(line(&sc), "ioctl(1, TCGETS, NULL) = -1 ENOSYS (Function not implemented)");
}

/* ipc (data/args32_ia32.def's IPC rows): the call register 0 names (its
 * version in the high 16 bits), its arguments from registers and words;
 * the lines are strace's for the same calls of tests/record/progs32/
 * ia32ipc.c. */
static void ipc(void)
{
	int nr = rn_syscall_lookup(RN_ABI_IA32, "ipc");
	CHECK(nr == 117);
	rn_args32 a;
	uint64_t sctl[6] = {3, 5, 1, 0x10c, 0xffd00000, 0}, view[6], w[6] = {0};
	CHECK(rn_catalog_args32(117, sctl, &a) == 1 && a.reg == 4 && a.words == 1 && !a.ret);
	CHECK(a.carried == rn_syscall_lookup(RN_ABI_IA32, "semctl"));
	rn_catalog_args32_view(&a, sctl, w, view);
	CHECK(view[0] == 5 && view[1] == 1 && view[2] == 0x10c && view[3] == 0);
	uint64_t rcv0[6] = {12, 5, 8, 04000, 0xffd00000, 0},
	         rcv1[6] = {0x1000c, 5, 8, 04000, 0xffd00010, 7};
	CHECK(rn_catalog_args32(117, rcv0, &a) == 1 && a.words == 2);
	CHECK(rn_catalog_args32(117, rcv1, &a) == 1 && a.words == 0);
	rn_catalog_args32_view(&a, rcv1, w, view);
	CHECK(view[1] == 0xffd00010 && view[2] == 8 && view[3] == 7 && view[4] == 04000);
	uint64_t sop[6] = {1, 5, 2, 0, 0xffd00000, 0}, bad[6] = {99, 0, 0, 0, 0, 0};
	CHECK(rn_catalog_args32(117, sop, &a) == 1 && a.carried >= RN_NR_MAX &&
	      strcmp(rn_catalog_args32_ent((uint32_t)a.carried)->name, "semop") == 0);
	CHECK(rn_catalog_args32(117, bad, &a) == 1 && a.carried == -1);
	/* shmat: its result, the word at register 3, read at exit */
	uint64_t at[6] = {21, 5, 010000, 0xffd00020, 0, 0};
	rn_cap_req q[8];
	CHECK(rn_catalog_args32(117, at, &a) == 1 && a.ret == 3);
	CHECK(rn_catalog_plan_args32_ret(&a, at, 0, q, 8) == 1 && q[0].arg == 3 && q[0].len == 4 &&
	      q[0].addr == 0xffd00020 && (q[0].flags & RN_CAPF_EXIT));
	CHECK(rn_catalog_plan_args32_ret(&a, at, -22, q, 8) == 0);

	rn_capture c[2];
	uint8_t un[4] = {0}, res[4];
	rn_syscall sc = mk32("ipc", 7, 3, 5, 1, 0x10c, 0xffd00000, 0);
	c[0] = cap(4, RN_CAP_STRUCT, 0, un, 4, 4);
	sc.caps = c;
	sc.ncap = 1;
	CHECK_STR(line(&sc), "semctl(5, 1, IPC_64|GETVAL, [NULL]) = 7");
	put32(res, 0xf7f74000);
	sc = mk32("ipc", 0, 21, 5, 010000, 0xffd00020, 0, 0);
	c[0] = cap(3, RN_CAP_STRUCT, RN_CAPF_EXIT, res, 4, 4);
	sc.caps = c;
	sc.ncap = 1;
	CHECK_STR(line(&sc), "shmat(5, NULL, SHM_RDONLY) = 0xf7f74000");
	sc = mk32("ipc", 0, 22, 0, 0, 0, 0xf7f74000, 0);
	CHECK_STR(line(&sc), "shmdt(0xf7f74000) = 0");
}

int main(void)
{
	catalog();
	lines();
	args32();
	ipc();
	x32();
	return 0;
}
