/* rn_filter.h: strace's -e trace=SET expressions, compiled to a set of syscall
 * numbers for one architecture: names, %classes (and the bare class names
 * file, network...), !negation, /regex/, "all"/"none", comma lists. Used by
 * rn-record (seccomp filter, in-tracer filter) and by every reading tool. */
#ifndef RN_FILTER_H
#define RN_FILTER_H

#include "rn_catalog.h"

#include <stddef.h>
#include <stdint.h>

typedef struct rn_sysset {
	uint64_t bits[RN_NR_MAX / 64];
} rn_sysset;

static inline int rn_sysset_has(const rn_sysset *s, uint32_t nr)
{
	return nr < RN_NR_MAX && (s->bits[nr / 64] >> (nr % 64)) & 1;
}
static inline void rn_sysset_add(rn_sysset *s, uint32_t nr)
{
	if (nr < RN_NR_MAX)
		s->bits[nr / 64] |= 1ull << (nr % 64);
}

/* Is call nr of name table abi (arch, or RN_ABI_IA32 for an ia32 call on
 * x86_64) in arch's set? Another ABI's call is in it when the arch call of
 * the same name is, as strace matches each personality's calls by name; a
 * number abi does not name is not. */
int rn_sysset_has_abi(const rn_sysset *set, uint16_t arch, uint16_t abi, uint32_t nr);

/* Parses "trace=EXPR" or a bare EXPR for arch into *set. Returns 0, or -1
 * with a one-line message naming the bad token in err. */
int rn_filter_parse(const char *expr, uint16_t arch, rn_sysset *set, char *err, size_t errlen);
/* All syscalls. */
void rn_sysset_all(rn_sysset *set);

#endif
