/* rn_catalog.c: syscall names per architecture (tables generated from the
 * kernel headers into rn_sysnames_gen.h) and lookups. */
#include "rn_catalog.h"

#include <stdio.h>
#include <string.h>

struct rn_sysname {
	uint32_t nr;
	const char *name;
};

#include "rn_sysnames_gen.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const struct rn_sysname *table_of(uint16_t arch, size_t *n)
{
	switch (arch) {
	case RN_ARCH_X86_64:
		*n = NELEM(rn_sysnames_x86_64);
		return rn_sysnames_x86_64;
	case RN_ARCH_AARCH64:
		*n = NELEM(rn_sysnames_aarch64);
		return rn_sysnames_aarch64;
	default:
		*n = 0;
		return NULL;
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

uint32_t rn_syscall_classes(uint16_t arch, uint32_t nr)
{
	(void)arch;
	(void)nr;
	return 0; /* filled in with the argument table */
}

int rn_syscall_nargs(uint16_t arch, uint32_t nr)
{
	(void)arch;
	(void)nr;
	return 6;
}

int rn_catalog_plan(uint16_t arch, uint32_t nr, const uint64_t args[6], int64_t ret, int phase,
                    uint32_t strsize, rn_cap_req *out, int max)
{
	(void)arch;
	(void)nr;
	(void)args;
	(void)ret;
	(void)phase;
	(void)strsize;
	(void)out;
	(void)max;
	return 0; /* filled in with the argument table */
}
