/* rn_record_seccomp.c: compiles a syscall set into a seccomp-bpf program that
 * returns SECCOMP_RET_TRACE for traced syscalls (the tracee stops, the
 * recorder sees it) and SECCOMP_RET_ALLOW for the rest (no stop at all).
 * The set is encoded as sorted ranges, 4 instructions each, so any set fits
 * far below the kernel's 4096-instruction limit (at most 512 ranges).
 * Used only with -f (rn_seccomp_wanted): the filter is inherited by every
 * child, and a child nobody traces would see its traced calls fail. */
#include "rn_record.h"

#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(__x86_64__)
#define RN_AUDIT_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define RN_AUDIT_ARCH AUDIT_ARCH_AARCH64
#endif

#define BPF_MAX 4096

static const char *const mapcalls[] = {"mmap", "mprotect"};

/* The process life cycle (fork family, exec, exit_group: RN_CLASS_LIFECYCLE
 * in the catalog), and with --stack the calls that map code. */
void rn_seccomp_bookkeeping(rn_sysset *set, int with_maps)
{
	uint16_t arch = rn_arch_native();
	uint32_t nr;
	for (size_t i = 0; rn_syscall_at(arch, i, &nr); i++)
		if (rn_syscall_classes(arch, nr) & RN_CLASS_LIFECYCLE)
			rn_sysset_add(set, nr);
	for (size_t i = 0; with_maps && i < sizeof(mapcalls) / sizeof(mapcalls[0]); i++) {
		int nr = rn_syscall_lookup(arch, mapcalls[i]);
		if (nr >= 0)
			rn_sysset_add(set, (uint32_t)nr);
	}
}

int rn_seccomp_build(const rn_sysset *traced, void *progv, int max)
{
	struct sock_filter *p = progv;
	int n = 0;
#define EMIT(code, k, jt, jf)                                                                      \
	do {                                                                                       \
		if (n >= max)                                                                      \
			return -1;                                                                 \
		p[n++] = (struct sock_filter)BPF_JUMP(code, k, jt, jf);                            \
	} while (0)
	/* A syscall of another ABI (i386 int 0x80, x32) is always traced. */
	EMIT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch), 0, 0);
	EMIT(BPF_JMP | BPF_JEQ | BPF_K, RN_AUDIT_ARCH, 1, 0);
	EMIT(BPF_RET | BPF_K, SECCOMP_RET_TRACE, 0, 0);
	EMIT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr), 0, 0);
#if defined(__x86_64__)
	EMIT(BPF_JMP | BPF_JGE | BPF_K, 0x40000000u, 0, 1);
	EMIT(BPF_RET | BPF_K, SECCOMP_RET_TRACE, 0, 0);
#endif
	for (uint32_t a = 0; a < RN_NR_MAX; a++) {
		if (!rn_sysset_has(traced, a))
			continue;
		uint32_t b = a;
		while (b + 1 < RN_NR_MAX && rn_sysset_has(traced, b + 1))
			b++;
		/* nr < a: below every later range too, allow. nr > b: next range. */
		EMIT(BPF_JMP | BPF_JGE | BPF_K, a, 0, 2);
		EMIT(BPF_JMP | BPF_JGT | BPF_K, b == RN_NR_MAX - 1 ? 0xffffffffu : b, 2, 0);
		EMIT(BPF_RET | BPF_K, SECCOMP_RET_TRACE, 0, 0);
		EMIT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW, 0, 0);
		a = b;
	}
	EMIT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW, 0, 0);
#undef EMIT
	return n;
}

int rn_seccomp_install(const rn_sysset *traced)
{
	static struct sock_filter prog[BPF_MAX];
	int n = rn_seccomp_build(traced, prog, BPF_MAX);
	if (n < 0) {
		errno = E2BIG;
		return -1;
	}
	struct sock_fprog fp = {(unsigned short)n, prog};
	/* With CAP_SYS_ADMIN the filter needs no PR_SET_NO_NEW_PRIVS, which
	 * would keep set-user-ID programs run by a root recorder from gaining
	 * their privileges: only set it when the kernel asks for it. */
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fp) == 0)
		return 0;
	if (errno != EACCES || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -1;
	return (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fp);
}

int rn_seccomp_wanted(const rn_rec_opts *o)
{
	/* Children inherit the filter; one nobody traces gets ENOSYS from
	 * every call SECCOMP_RET_TRACE covers. Only with -f is every
	 * descendant traced (strace's --seccomp-bpf has the same rule). */
	return o->filtered && o->follow && !o->npids;
}
