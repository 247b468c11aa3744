/* dc_new.c: the calls newer than the build machine's headers (numbers 451 on,
 * from format/data/sysnums_new.def) and x86_64's unimplemented ones (strace
 * names them and prints their arguments in hex). Debian 12's strace predates
 * 451 on and prints syscall_0x1c3(...) for them: test_decode_new.sh checks
 * rn-replay's own lines for those; the golden test compares the rest. The
 * struct arguments are filled so that the lines do not depend on the page
 * cache or the file system: cachestat's range lies past the end of the file. */
#include "dc_common.h"
#include <fcntl.h>
#include <stdint.h>

#define N_cachestat    451
#define N_file_getattr 468
#define N_file_setattr 469

int main(void)
{
	uint64_t range[2] = {1ULL << 40, 8192}, cs[5] = {1, 2, 3, 4, 5};
	uint8_t attr[32] = {0x10, 0, 0, 0, 0, 0, 0, 0, 7};
	int fd = open("/etc/passwd", O_RDONLY);
	DC_BEGIN();
	R(N_cachestat, fd, range, cs, HI);
	R(N_cachestat, -1, range, cs, 0);
	R(N_cachestat, fd, NULL, NULL, 5);
	R(N_file_getattr, AT_FDCWD, "/", BADADDR, 24, 0);
	R(N_file_setattr, AT_FDCWD, "/nonexistent", attr, 24, AT_SYMLINK_NOFOLLOW);
	R(N_file_setattr, AT_FDCWD, "/nonexistent", attr, 16, 0);
	attr[28] = 0xab;
	R(N_file_setattr, AT_FDCWD, "/nonexistent", attr, 32, 0);
#ifdef __x86_64__
	R(174, HI | 1, 2, 3, 4, 5, 6); /* create_module */
	R(177, 1, 2, 3, 4, 5, 6);      /* get_kernel_syms */
	R(178, 1, 2, 3, 4, 5, 6);      /* query_module */
	R(180, 1, 2, 3, 4, 5, 6);      /* nfsservctl */
	R(181, 1, 2, 3, 4, 5, 6);      /* getpmsg */
	R(182, 1, 2, 3, 4, 5, 6);      /* putpmsg */
	R(183, 1, 2, 3, 4, 5, 6);      /* afs_syscall */
	R(184, 1, 2, 3, 4, 5, 6);      /* tuxcall */
	R(185, 1, 2, 3, 4, 5, 6);      /* security */
	R(236, 1, 2, 3, 4, 5, 0);      /* vserver */
#endif
	return 0;
}
