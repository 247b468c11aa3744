/* rn_catalog.h: the syscall catalog: numbers and names per architecture
 * (generated from the kernel headers), classes for -e trace=%file etc., the
 * kind of each argument, and what memory the recorder must copy out of the
 * tracee for each call (rn_catalog_plan). The recorder and every decoder use
 * this one table; nothing else in rn lists syscalls. */
#ifndef RN_CATALOG_H
#define RN_CATALOG_H

#include "rn_event.h"

#include <stddef.h>
#include <stdint.h>

#define RN_NR_MAX 1024 /* syscall numbers are below this on every supported arch */

/* Syscall classes, as strace's -e trace=%CLASS. */
enum {
	RN_CLASS_FILE = 1 << 0, /* takes a file name */
	RN_CLASS_DESC = 1 << 1, /* takes or returns a file descriptor */
	RN_CLASS_NETWORK = 1 << 2,
	RN_CLASS_PROCESS = 1 << 3,
	RN_CLASS_SIGNAL = 1 << 4,
	RN_CLASS_IPC = 1 << 5,
	RN_CLASS_MEMORY = 1 << 6,
	RN_CLASS_CREDS = 1 << 7,
	RN_CLASS_CLOCK = 1 << 8,
	RN_CLASS_STAT = 1 << 9, /* %stat, %lstat, %fstat, %%stat: see rn_filter.c */
	RN_CLASS_STATFS = 1 << 10,
	RN_CLASS_PURE = 1 << 11 /* always succeeds, no arguments (getpid...) */
};

/* One memory read the recorder should do at a syscall stop. */
typedef struct rn_cap_req {
	uint64_t addr;
	uint32_t len;   /* bytes to read; for RN_CAP_STRING the most to read */
	uint8_t kind;   /* RN_CAP_*; ARGV and IOVEC need a second, indirect read */
	uint8_t arg;    /* argument index, or RN_CAP_NOARG */
	uint16_t flags; /* RN_CAPF_EXIT when read at exit */
	uint32_t count; /* ARGV: most strings; IOVEC: number of iovecs */
} rn_cap_req;

/* Name of syscall nr on arch, or NULL when the number is unknown. */
const char *rn_syscall_name(uint16_t arch, uint32_t nr);
/* Writes the name, or "syscall_0x1c3" for an unknown number, into buf. */
const char *rn_syscall_name_buf(uint16_t arch, uint32_t nr, char *buf, size_t n);
/* Number of the named syscall on arch, or -1. */
int rn_syscall_lookup(uint16_t arch, const char *name);
/* RN_CLASS_* bits of syscall nr on arch (0 when unknown). */
uint32_t rn_syscall_classes(uint16_t arch, uint32_t nr);
/* How many arguments the syscall takes (6 when unknown). */
int rn_syscall_nargs(uint16_t arch, uint32_t nr);

/* Fills out[] with the memory to copy for a syscall at entry (phase 0, args
 * known) or at exit (phase 1, ret known too), given -s strsize. Returns the
 * number of requests (at most max). Paths are always requested whole
 * (PATH_MAX), whatever strsize. */
int rn_catalog_plan(uint16_t arch, uint32_t nr, const uint64_t args[6], int64_t ret, int phase,
                    uint32_t strsize, rn_cap_req *out, int max);

#endif
