/* The syscall catalog: names and numbers on both arches, the declared
 * argument table found by name on each, classes, nargs, and the capture plan
 * rn-record follows. */
#include "../rn_test.h"
#include "rn_catalog.h"

#include <sys/syscall.h>

static void names(void)
{
	CHECK_STR(rn_syscall_name(RN_ARCH_X86_64, 257), "openat");
	CHECK_STR(rn_syscall_name(RN_ARCH_AARCH64, 56), "openat");
	CHECK_STR(rn_syscall_name(RN_ARCH_X86_64, 0), "read");
	CHECK_STR(rn_syscall_name(RN_ARCH_AARCH64, 63), "read");
	CHECK_EQ_U(rn_syscall_lookup(RN_ARCH_X86_64, "open"), 2);
	CHECK(rn_syscall_lookup(RN_ARCH_AARCH64, "open") == -1); /* aarch64 has no open */
	CHECK(rn_syscall_lookup(RN_ARCH_AARCH64, "fork") == -1);
	CHECK_EQ_U(rn_syscall_lookup(RN_ARCH_AARCH64, "newfstatat"), 79);
	CHECK_EQ_U(rn_syscall_lookup(RN_ARCH_X86_64, "newfstatat"), SYS_newfstatat);
	char buf[32];
	CHECK_STR(rn_syscall_name_buf(RN_ARCH_X86_64, 999, buf, sizeof(buf)), "syscall_0x3e7");
}

static void table(void)
{
	const rn_sysent *e = rn_syscall_ent(RN_ARCH_AARCH64, 56);
	CHECK(e && strcmp(e->name, "openat") == 0);
	CHECK_EQ_U(e->nargs, 4);
	CHECK_EQ_U(RN_ARG_KIND(e->args[0]), RN_A_DIRFD);
	CHECK_EQ_U(RN_ARG_KIND(e->args[1]), RN_A_PATH);
	CHECK_EQ_U(RN_ARG_KIND(e->args[2]), RN_A_FLAGS);
	CHECK_EQ_U(rn_syscall_nargs(RN_ARCH_X86_64, 0), 3);
	CHECK_EQ_U(rn_syscall_nargs(RN_ARCH_X86_64, 39), 0); /* getpid */
	CHECK(rn_syscall_classes(RN_ARCH_X86_64, 257) == (RN_CLASS_FILE | RN_CLASS_DESC));
	CHECK(rn_syscall_classes(RN_ARCH_X86_64, 39) & RN_CLASS_PURE);
	CHECK(rn_syscall_classes(RN_ARCH_AARCH64, 221) & RN_CLASS_PROCESS); /* execve */
	CHECK(rn_syscall_classes(RN_ARCH_X86_64, 42) & RN_CLASS_NETWORK);   /* connect */
	/* blocking (data/blocking.def): waits, on both arches; work calls are not */
	CHECK(rn_syscall_classes(RN_ARCH_X86_64, 61) & RN_CLASS_BLOCKING);     /* wait4 */
	CHECK(rn_syscall_classes(RN_ARCH_AARCH64, 260) & RN_CLASS_BLOCKING);   /* wait4 */
	CHECK(rn_syscall_classes(RN_ARCH_X86_64, 202) & RN_CLASS_BLOCKING);    /* futex */
	CHECK(rn_syscall_classes(RN_ARCH_AARCH64, 73) & RN_CLASS_BLOCKING);    /* ppoll */
	CHECK(rn_syscall_classes(RN_ARCH_X86_64, 7) & RN_CLASS_BLOCKING);      /* poll */
	CHECK(!(rn_syscall_classes(RN_ARCH_X86_64, 0) & RN_CLASS_BLOCKING));   /* read */
	CHECK(!(rn_syscall_classes(RN_ARCH_X86_64, 257) & RN_CLASS_BLOCKING)); /* openat */
	CHECK_EQ_U(rn_struct_size(RN_ARCH_X86_64, RN_ST_STAT), 144);
}

/* The life cycle flags, declared in data/syscalls.def: exactly these names
 * on each arch (aarch64 has no fork or vfork), whatever their numbers. */
static void lifecycle(void)
{
	static const char *const want[3][2][5] = {
	    {{"clone", "clone3", "fork", "vfork", NULL}, {"clone", "clone3", NULL}},
	    {{"execve", "execveat", NULL}, {"execve", "execveat", NULL}},
	    {{"exit_group", NULL}, {"exit_group", NULL}}};
	static const uint32_t bit[3] = {RN_CLASS_FORK, RN_CLASS_EXEC, RN_CLASS_ENDALL};
	static const uint16_t arches[2] = {RN_ARCH_X86_64, RN_ARCH_AARCH64};
	for (int b = 0; b < 3; b++)
		for (int a = 0; a < 2; a++) {
			int n = 0, expect = 0;
			while (want[b][a][expect])
				expect++;
			uint32_t nr;
			const char *name;
			for (size_t i = 0; (name = rn_syscall_at(arches[a], i, &nr)); i++) {
				if (!(rn_syscall_classes(arches[a], nr) & bit[b]))
					continue;
				int known = 0;
				for (int k = 0; k < expect; k++)
					known |= strcmp(want[b][a][k], name) == 0;
				CHECK(known);
				n++;
			}
			CHECK_EQ_U(n, expect);
		}
	CHECK(rn_syscall_classes(RN_ARCH_AARCH64, 220) & RN_CLASS_FORK);       /* clone */
	CHECK(rn_syscall_classes(RN_ARCH_X86_64, 58) & RN_CLASS_FORK);         /* vfork */
	CHECK(!(rn_syscall_classes(RN_ARCH_X86_64, 60) & RN_CLASS_LIFECYCLE)); /* exit */
	CHECK_EQ_U(rn_struct_size(RN_ARCH_AARCH64, RN_ST_STAT), 128);
}

static void plan(void)
{
	rn_cap_req r[8];
	/* openat: the path, whole, at entry; nothing at exit. */
	uint64_t a[6] = {(uint64_t)-100, 0x1000, 0, 0, 0, 0};
	CHECK_EQ_U(rn_catalog_plan(RN_ARCH_X86_64, 257, a, 0, 0, 32, r, 8), 1);
	CHECK_EQ_U(r[0].kind, RN_CAP_STRING);
	CHECK_EQ_U(r[0].arg, 1);
	CHECK_EQ_U(r[0].addr, 0x1000);
	CHECK_EQ_U(r[0].len, RN_PATH_MAX);
	CHECK_EQ_U(rn_catalog_plan(RN_ARCH_X86_64, 257, a, 3, 1, 32, r, 8), 0);
	/* read(3, buf, 4096) = 100: 32 bytes of the buffer at exit, full 100. */
	uint64_t rd[6] = {3, 0x2000, 4096, 0, 0, 0};
	CHECK_EQ_U(rn_catalog_plan(RN_ARCH_X86_64, 0, rd, 0, 0, 32, r, 8), 0);
	CHECK_EQ_U(rn_catalog_plan(RN_ARCH_X86_64, 0, rd, 100, 1, 32, r, 8), 1);
	CHECK_EQ_U(r[0].kind, RN_CAP_BUFFER);
	CHECK_EQ_U(r[0].flags, RN_CAPF_EXIT);
	CHECK_EQ_U(r[0].len, 32);
	CHECK_EQ_U(r[0].orig_len, 100);
	/* A failed read captures nothing. */
	CHECK_EQ_U(rn_catalog_plan(RN_ARCH_X86_64, 0, rd, -11, 1, 32, r, 8), 0);
	/* write(1, buf, 5): the 5 bytes at entry. */
	uint64_t wr[6] = {1, 0x3000, 5, 0, 0, 0};
	CHECK_EQ_U(rn_catalog_plan(RN_ARCH_AARCH64, 64, wr, 0, 0, 32, r, 8), 1);
	CHECK_EQ_U(r[0].len, 5);
	CHECK_EQ_U(r[0].orig_len, 5);
	/* newfstatat: path at entry, struct stat (arch size) at exit. */
	uint64_t st[6] = {3, 0x4000, 0x5000, 0x1000, 0, 0};
	CHECK_EQ_U(rn_catalog_plan(RN_ARCH_AARCH64, 79, st, 0, 1, 32, r, 8), 1);
	CHECK_EQ_U(r[0].kind, RN_CAP_STRUCT);
	CHECK_EQ_U(r[0].len, 128);
	CHECK_EQ_U(r[0].arg, 2);
	/* execve: path, argv strings (cut at -s + 1), envp counted only. */
	uint64_t ex[6] = {0x6000, 0x7000, 0x8000, 0, 0, 0};
	CHECK_EQ_U(rn_catalog_plan(RN_ARCH_X86_64, 59, ex, 0, 0, 32, r, 8), 3);
	CHECK_EQ_U(r[1].kind, RN_CAP_ARGV);
	CHECK_EQ_U(r[1].len, 33);
	CHECK(r[1].count > 0);
	CHECK_EQ_U(r[2].count, 0); /* envp: counted, its strings never read */
	/* writev(1, iov, 3): the iovec array and the data, per iovec up to -s. */
	uint64_t wv[6] = {1, 0x9000, 3, 0, 0, 0};
	CHECK_EQ_U(rn_catalog_plan(RN_ARCH_X86_64, 20, wv, 0, 0, 32, r, 8), 2);
	CHECK_EQ_U(r[0].kind, RN_CAP_ARRAY);
	CHECK_EQ_U(r[0].len, 48);
	CHECK_EQ_U(r[1].kind, RN_CAP_IOVEC);
	CHECK_EQ_U(r[1].count, 3);
	/* pipe2: int[2] at exit, then the link texts of both fds (for -y).
	 * NULL pointers are never requested; failed calls create nothing. */
	uint64_t pp[6] = {0xa000, 0, 0, 0, 0, 0};
	CHECK_EQ_U(rn_catalog_plan(RN_ARCH_X86_64, 293, pp, 0, 1, 32, r, 8), 3);
	CHECK_EQ_U(r[0].kind, RN_CAP_ARRAY);
	CHECK_EQ_U(r[0].len, 8);
	for (int k = 0; k < 2; k++) {
		CHECK_EQ_U(r[1 + k].kind, RN_CAP_STRING);
		CHECK_EQ_U(r[1 + k].flags, RN_CAPF_EXIT | RN_CAPF_FDLINK);
		CHECK_EQ_U(r[1 + k].arg, RN_CAP_FDLINK + k);
		CHECK_EQ_U(r[1 + k].addr, 0xa000);
		CHECK_EQ_U(r[1 + k].count, k);
	}
	CHECK_EQ_U(rn_catalog_plan(RN_ARCH_X86_64, 293, pp, -24, 1, 32, r, 8), 0);
	uint64_t nul[6] = {0};
	CHECK_EQ_U(rn_catalog_plan(RN_ARCH_X86_64, 293, nul, 0, 1, 32, r, 8), 0);
	/* socket (41): the new socket's link text at exit; nothing at entry,
	 * nothing on failure; accept4 (288) after its sockaddr captures. */
	uint64_t sk[6] = {2, 1, 0, 0, 0, 0};
	CHECK_EQ_U(rn_catalog_plan(RN_ARCH_X86_64, 41, sk, 0, 0, 32, r, 8), 0);
	CHECK_EQ_U(rn_catalog_plan(RN_ARCH_X86_64, 41, sk, -24, 1, 32, r, 8), 0);
	CHECK_EQ_U(rn_catalog_plan(RN_ARCH_X86_64, 41, sk, 5, 1, 32, r, 8), 1);
	CHECK_EQ_U(r[0].arg, RN_CAP_FDLINK);
	CHECK_EQ_U(r[0].addr, 0);
	CHECK_EQ_U(r[0].flags, RN_CAPF_EXIT | RN_CAPF_FDLINK);
	uint64_t ac[6] = {3, 0xc000, 0xc100, 0, 0, 0};
	CHECK_EQ_U(rn_catalog_plan(RN_ARCH_X86_64, 288, ac, 6, 1, 32, r, 8), 3);
	CHECK_EQ_U(r[2].arg, RN_CAP_FDLINK);
	/* sendmsg (46): the msghdr followed at entry; recvmsg (47): the msghdr at
	 * entry (msg_namelen given), followed at exit with the bytes received. */
	uint64_t sm[6] = {3, 0xe000, 0, 0, 0, 0};
	CHECK_EQ_U(rn_catalog_plan(RN_ARCH_X86_64, 46, sm, 0, 0, 32, r, 8), 1);
	CHECK_EQ_U(r[0].kind, RN_PLAN_MSGHDR);
	CHECK_EQ_U(r[0].addr, 0xe000);
	CHECK_EQ_U(r[0].arg, 1);
	CHECK_EQ_U(r[0].orig_len, UINT32_MAX);
	CHECK_EQ_U(rn_catalog_plan(RN_ARCH_X86_64, 46, sm, 5, 1, 32, r, 8), 0);
	CHECK_EQ_U(rn_catalog_plan(RN_ARCH_X86_64, 47, sm, 0, 0, 32, r, 8), 1);
	CHECK_EQ_U(r[0].kind, RN_CAP_STRUCT);
	CHECK_EQ_U(r[0].len, 56);
	CHECK_EQ_U(rn_catalog_plan(RN_ARCH_X86_64, 47, sm, 11, 1, 32, r, 8), 1);
	CHECK_EQ_U(r[0].kind, RN_PLAN_MSGHDR);
	CHECK_EQ_U(r[0].flags, RN_CAPF_EXIT);
	CHECK_EQ_U(r[0].orig_len, 11);
	CHECK_EQ_U(rn_catalog_plan(RN_ARCH_X86_64, 47, sm, -11, 1, 32, r, 8), 0);
	/* sendmmsg (307): vlen elements at exit, failed or not, data cut at -s
	 * only; recvmmsg (299): RET elements, each cut at its msg_len. */
	uint64_t mm[6] = {3, 0xf000, 9, 0, 0, 0};
	CHECK_EQ_U(rn_catalog_plan(RN_ARCH_X86_64, 307, mm, 0, 0, 32, r, 8), 0);
	CHECK_EQ_U(rn_catalog_plan(RN_ARCH_X86_64, 307, mm, -11, 1, 32, r, 8), 1);
	CHECK_EQ_U(r[0].kind, RN_PLAN_MMSGHDR);
	CHECK_EQ_U(r[0].addr, 0xf000);
	CHECK_EQ_U(r[0].count, 9);
	CHECK_EQ_U(r[0].len, 9 * 64);
	CHECK_EQ_U(r[0].orig_len, 0);
	CHECK_EQ_U(rn_catalog_plan(RN_ARCH_X86_64, 299, mm, 4, 1, 32, r, 8), 1);
	CHECK_EQ_U(r[0].kind, RN_PLAN_MMSGHDR);
	CHECK_EQ_U(r[0].flags, RN_CAPF_EXIT);
	CHECK_EQ_U(r[0].count, 4);
	CHECK_EQ_U(r[0].orig_len, 1);
	CHECK_EQ_U(rn_catalog_plan(RN_ARCH_X86_64, 299, mm, -11, 1, 32, r, 8), 0);
	/* open (2) returns an fd too, but a file is named from its path. */
	uint64_t op[6] = {0xd000, 0, 0, 0, 0, 0};
	CHECK_EQ_U(rn_catalog_plan(RN_ARCH_X86_64, 2, op, 3, 1, 32, r, 8), 0);
	/* getdents64: the whole buffer (strace counts entries), not cut at -s. */
	uint64_t gd[6] = {3, 0xb000, 32768, 0, 0, 0};
	CHECK_EQ_U(rn_catalog_plan(RN_ARCH_X86_64, 217, gd, 6944, 1, 32, r, 8), 1);
	CHECK_EQ_U(r[0].kind, RN_CAP_ARRAY);
	CHECK_EQ_U(r[0].len, 6944);
	/* max is honoured. */
	CHECK_EQ_U(rn_catalog_plan(RN_ARCH_X86_64, 59, ex, 0, 0, 32, r, 1), 1);
	/* Unknown syscalls need nothing. */
	CHECK_EQ_U(rn_catalog_plan(RN_ARCH_X86_64, 999, ex, 0, 0, 32, r, 8), 0);
}

int main(void)
{
	names();
	table();
	lifecycle();
	plan();
	printf("catalog: ok\n");
	return 0;
}
