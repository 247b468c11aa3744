/* dc_common.h: shared by the decoder test programs (tests/decode/progs):
 * raw syscall() with values whose upper 32 bits are set, so a decoder that
 * forgets an argument's C type shows it, and an address nothing is mapped at. */
#ifndef DC_COMMON_H
#define DC_COMMON_H
#define _GNU_SOURCE
#include <sys/syscall.h>
#include <unistd.h>

#define HI      0xffffffff00000000ULL /* garbage in the upper half of a register */
#define BADADDR ((unsigned long)0xffffffffffffff00ULL)
#ifndef SYS_fchmodat2
#define SYS_fchmodat2 452
#endif
/* The first line the rate counts: what comes before is the C library's
 * start-up, the same in every program. */
#define DC_BEGIN() syscall(SYS_write, -1, "dc-begin", 8)
#define R(nr, ...) syscall(nr, __VA_ARGS__)
#endif
