/* rn_catalog.c: syscall names per architecture (tables generated from the
 * kernel headers into rn_sysnames_gen.h), the declared argument table
 * (data/syscalls.def) indexed by number for each arch, and lookups. */
#include "rn_catalog_defs.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct rn_sysname {
	uint32_t nr;
	const char *name;
};

#include "rn_sysnames_gen.h"

static const struct rn_sysname rn_sysnames_ia32[] = {
#define N(name, nr) {nr, #name},
#include "data/sysnums_ia32.def"
#undef N
};

static const struct rn_sysname rn_sysnames_x32[] = {
#define N(name, nr)   {nr, #name},
#define N64(name, nr) {nr, #name "#64"},
#include "data/sysnums_x32.def"
#undef N
#undef N64
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const rn_sysent sysents[] = {
#include "data/syscalls.def"
};

/* The calls that wait (RN_CLASS_BLOCKING), by name. */
#define B(n) #n,
static const char *const blocking_names[] = {
#include "data/blocking.def"
};
#undef B

/* Per arch: number -> index+1 into sysents (0: not declared). */
static uint16_t ent_index[3][RN_NR_MAX];
/* Per arch: number -> 1 when the call is in data/blocking.def. */
static uint8_t blocking[3][RN_NR_MAX];
static uint8_t blocking_ia32[RN_NR_MAX]; /* by i386 number (futex_time64 as futex) */
static pthread_once_t index_once = PTHREAD_ONCE_INIT;

static const struct rn_sysname *table_of(uint16_t arch, size_t *n)
{
	switch (arch) {
	case RN_ARCH_X86_64:
		*n = NELEM(rn_sysnames_x86_64);
		return rn_sysnames_x86_64;
	case RN_ARCH_AARCH64:
		*n = NELEM(rn_sysnames_aarch64);
		return rn_sysnames_aarch64;
	case RN_ABI_IA32:
		*n = NELEM(rn_sysnames_ia32);
		return rn_sysnames_ia32;
	case RN_ABI_X32:
		*n = NELEM(rn_sysnames_x32);
		return rn_sysnames_x32;
	default:
		*n = 0;
		return NULL;
	}
}

static int by_name(const void *a, const void *b)
{
	return strcmp(sysents[*(const uint16_t *)a].name, sysents[*(const uint16_t *)b].name);
}

/* Matches each arch's numbered names to the declared entries through a
 * name-sorted index: a few thousand comparisons, not one per pair (the
 * pairwise loop was 10% of rn-record's own samples on a short run). */
static void build_index(void)
{
	static uint16_t sorted[NELEM(sysents)];
	for (size_t j = 0; j < NELEM(sysents); j++)
		sorted[j] = (uint16_t)j;
	qsort(sorted, NELEM(sysents), sizeof(sorted[0]), by_name);
	for (size_t i = 0; i < NELEM(rn_sysnames_ia32); i++) {
		const char *n = rn_sysnames_ia32[i].name;
		for (size_t b = 0; b < NELEM(blocking_names) && rn_sysnames_ia32[i].nr < RN_NR_MAX;
		     b++) {
			size_t l = strlen(blocking_names[b]);
			if (strncmp(blocking_names[b], n, l) == 0 &&
			    (n[l] == 0 || strcmp(n + l, "_time64") == 0))
				blocking_ia32[rn_sysnames_ia32[i].nr] = 1;
		}
	}
	for (uint16_t arch = RN_ARCH_X86_64; arch <= RN_ARCH_AARCH64; arch++) {
		size_t n;
		const struct rn_sysname *t = table_of(arch, &n);
		for (size_t i = 0; i < n; i++) {
			if (t[i].nr >= RN_NR_MAX)
				continue;
			for (size_t b = 0; b < NELEM(blocking_names); b++)
				if (strcmp(blocking_names[b], t[i].name) == 0)
					blocking[arch][t[i].nr] = 1;
			size_t lo = 0, hi = NELEM(sysents);
			while (lo < hi) {
				size_t mid = (lo + hi) / 2;
				int c = strcmp(sysents[sorted[mid]].name, t[i].name);
				if (c == 0) {
					ent_index[arch][t[i].nr] = (uint16_t)(sorted[mid] + 1);
					break;
				}
				if (c < 0)
					lo = mid + 1;
				else
					hi = mid;
			}
		}
	}
}

const char *rn_syscall_name(uint16_t arch, uint32_t nr)
{
	size_t n;
	const struct rn_sysname *t = table_of(arch, &n);
	size_t lo = 0, hi = n;
	while (lo < hi) { /* tables are sorted by number */
		size_t mid = (lo + hi) / 2;
		if (t[mid].nr == nr)
			return t[mid].name;
		if (t[mid].nr < nr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const char *rn_syscall_name_buf(uint16_t arch, uint32_t nr, char *buf, size_t n)
{
	const char *s = rn_syscall_name(arch, nr);
	if (s)
		return s;
	snprintf(buf, n, "syscall_%#x", nr);
	return buf;
}

int rn_syscall_lookup(uint16_t arch, const char *name)
{
	size_t n;
	const struct rn_sysname *t = table_of(arch, &n);
	for (size_t i = 0; i < n; i++)
		if (strcmp(t[i].name, name) == 0)
			return (int)t[i].nr;
	return -1;
}

const char *rn_syscall_at(uint16_t arch, size_t i, uint32_t *nr)
{
	size_t n;
	const struct rn_sysname *t = table_of(arch, &n);
	if (i >= n)
		return NULL;
	*nr = t[i].nr;
	return t[i].name;
}

/* An x32 call's entry: the x86_64 row of its name, to print its registers
 * with; a number x32 leaves to x86_64 (ioctl#64) takes that row's count
 * of arguments, each printed raw, as strace prints it. */
static rn_sysent x32_raw[NELEM(rn_sysnames_x32)];
static pthread_once_t x32_once = PTHREAD_ONCE_INIT;

static void x32_build(void)
{
	for (size_t i = 0; i < NELEM(rn_sysnames_x32); i++) {
		const char *name = rn_sysnames_x32[i].name, *h = strchr(name, '#');
		char base[64];
		if (!h || (size_t)(h - name) >= sizeof(base))
			continue;
		memcpy(base, name, (size_t)(h - name));
		base[h - name] = 0;
		int x = rn_syscall_lookup(RN_ARCH_X86_64, base);
		const rn_sysent *e = x >= 0 ? rn_syscall_ent(RN_ARCH_X86_64, (uint32_t)x) : NULL;
		x32_raw[i].name = name;
		x32_raw[i].nargs = e ? e->nargs : 6;
		for (int a = 0; a < 6; a++)
			x32_raw[i].args[a] = RN_ARG(RN_A_HEXL, 0, 0);
	}
}

static const rn_sysent *x32_ent(uint32_t nr)
{
	const char *name = rn_syscall_name(RN_ABI_X32, nr);
	if (!name)
		return NULL;
	if (strchr(name, '#')) {
		pthread_once(&x32_once, x32_build);
		for (size_t i = 0; i < NELEM(rn_sysnames_x32); i++)
			if (rn_sysnames_x32[i].nr == nr)
				return x32_raw[i].name ? &x32_raw[i] : NULL;
		return NULL;
	}
	int x = rn_syscall_lookup(RN_ARCH_X86_64, name);
	return x >= 0 ? rn_syscall_ent(RN_ARCH_X86_64, (uint32_t)x) : NULL;
}

const rn_sysent *rn_syscall_ent(uint16_t arch, uint32_t nr)
{
	if (arch == RN_ABI_IA32)
		return rn_catalog_ia32_ent(nr);
	if (arch == RN_ABI_X32)
		return x32_ent(nr);
	if (arch < RN_ARCH_X86_64 || arch > RN_ARCH_AARCH64 || nr >= RN_NR_MAX)
		return NULL;
	pthread_once(&index_once, build_index);
	uint16_t i = ent_index[arch][nr];
	return i ? &sysents[i - 1] : NULL;
}

uint32_t rn_syscall_classes(uint16_t arch, uint32_t nr)
{
	const rn_sysent *e = rn_syscall_ent(arch, nr); /* builds the index */
	uint32_t c = e ? e->classes : 0;
	if (arch == RN_ABI_IA32) {
		pthread_once(&index_once, build_index);
		return nr < RN_NR_MAX && blocking_ia32[nr] ? c | RN_CLASS_BLOCKING : c;
	}
	if (arch >= RN_ARCH_X86_64 && arch <= RN_ARCH_AARCH64 && nr < RN_NR_MAX &&
	    blocking[arch][nr])
		c |= RN_CLASS_BLOCKING;
	return c;
}

uint16_t rn_sc_abi(uint16_t arch, const rn_syscall *sc)
{
	if (arch != RN_ARCH_X86_64 || !(sc->flags & RN_SC_COMPAT))
		return arch;
	return sc->flags & RN_SC_X32 ? RN_ABI_X32 : RN_ABI_IA32;
}

const rn_sysent *rn_syscall_ent_compat(uint16_t arch, uint32_t nr)
{
	const char *name = arch == RN_ARCH_X86_64 ? rn_syscall_name(RN_ABI_IA32, nr) : NULL;
	int native = name ? rn_syscall_lookup(arch, name) : -1;
	return native >= 0 ? rn_syscall_ent(arch, (uint32_t)native) : NULL;
}

const rn_sysent *rn_sc_ent(uint16_t arch, const rn_syscall *sc)
{
	return rn_syscall_ent(rn_sc_abi(arch, sc), sc->nr);
}

int rn_syscall_nargs(uint16_t arch, uint32_t nr)
{
	const rn_sysent *e = rn_syscall_ent(arch, nr);
	return e ? e->nargs : 6;
}

uint32_t rn_struct_size(uint16_t arch, int st)
{
	if (arch == RN_ABI_IA32)
		return rn_catalog_ia32_size(st);
	switch (st) {
	case RN_ST_STAT:
		return arch == RN_ARCH_AARCH64 ? 128 : 144;
	case RN_ST_STATX:
		return 256;
	case RN_ST_STATFS:
	case RN_ST_STATFS64:
		return 120;
	case RN_ST_TIMESPEC:
	case RN_ST_TIMEVAL:
	case RN_ST_RLIMIT:
	case RN_ST_RLIMIT64:
	case RN_ST_USER_DESC:
		return 16;
	case RN_ST_SHMID_DS:
		return 112;
	case RN_ST_MSQID_DS:
		return 120;
	case RN_ST_SEMID_DS:
		return 104;
	case RN_ST_TIMESPEC64:
		return 16;
	case RN_ST_TIMESPEC2:
	case RN_ST_ITIMERSPEC:
	case RN_ST_TIMESPEC2_64:
	case RN_ST_ITIMERSPEC64:
	case RN_ST_ITIMERVAL:
		return 32;
	case RN_ST_TIMEZONE:
	case RN_ST_SIGSET:
	case RN_ST_U64:
	case RN_ST_WINSIZE:
		return 8;
	case RN_ST_SIGACTION:
		return 32;
	case RN_ST_UTSNAME:
		return 390;
	case RN_ST_SYSINFO:
		return 112;
	case RN_ST_RUSAGE:
		return 144;
	case RN_ST_EPOLL_EVENT:
		return arch == RN_ARCH_AARCH64 ? 16 : 12; /* packed on x86_64 */
	case RN_ST_SCHED_PARAM:
	case RN_ST_INT:
	case RN_ST_WAITSTATUS:
	case RN_ST_MPOL_MODE:
		return 4;
	case RN_ST_STACK_T:
		return 24;
	case RN_ST_CLONE_ARGS:
		return 88;
	case RN_ST_TMS:
		return 32;
	case RN_ST_MSGHDR:
		return 56;
	case RN_ST_CAP_HEADER:
		return 8;
	case RN_ST_CAP_DATA:
		return 24;
	case RN_ST_PSELECT6:
		return 16;
	case RN_ST_SIGINFO:
		return 128;
	case RN_ST_MQ_ATTR:
	case RN_ST_SIGEVENT:
		return 64;
	case RN_ST_TIMEVAL2:
		return 32;
	case RN_ST_UTIMBUF:
	case RN_ST_CACHESTAT_RANGE:
		return 16;
	case RN_ST_CACHESTAT:
		return 40;
	case RN_ST_FILE_ATTR_GET:
	case RN_ST_FILE_ATTR_SET:
		return 24; /* FILE_ATTR_SIZE_VER0; the call's size argument may say more */
	default:
		return 0;
	}
}

uint64_t rn_arg_value(rn_argspec s, uint64_t raw)
{
	switch (RN_ARG_KIND(s)) {
	case RN_A_INT:
	case RN_A_OCT:
	case RN_A_FD:
	case RN_A_DIRFD:
	case RN_A_SIGNAL:
	case RN_A_PID:
		return (uint64_t)(int64_t)(int32_t)raw;
	case RN_A_UINT:
	case RN_A_HEX:
	case RN_A_UID:
	case RN_A_MODE:
		return (uint32_t)raw;
	case RN_A_FLAGS:
	case RN_A_ENUM:
		return RN_ARG_LEN(s) == RN_W64 ? raw : (uint32_t)raw;
	default:
		return raw;
	}
}

#define RN_PRX_NONE                       -1
#define PR(name, value, nargs, arg2, ret) {(uint32_t)(value), nargs, RN_PRA_##arg2, RN_PRX_##ret},
#define RN_PRX_suid_dump                  RN_XLAT_suid_dump
#define RN_PRX_mce_kill                   RN_XLAT_mce_kill
static const rn_prctl_ent prctl_ents[] = {
#include "data/prctl.def"
};
#undef PR

const rn_prctl_ent *rn_prctl_find(uint64_t option)
{
	for (size_t i = 0; i < NELEM(prctl_ents); i++)
		if (prctl_ents[i].option == (uint32_t)option)
			return &prctl_ents[i];
	return NULL;
}

#define IO(name, value, arg) {(uint32_t)(value), RN_IOA_##arg},
static const rn_ioctl_ent ioctl_ents[] = {
#include "data/ioctl.def"
};
#undef IO

const rn_ioctl_ent *rn_ioctl_find(uint32_t cmd)
{
	for (size_t i = 0; i < NELEM(ioctl_ents); i++)
		if (ioctl_ents[i].cmd == cmd)
			return &ioctl_ents[i];
	return NULL;
}
