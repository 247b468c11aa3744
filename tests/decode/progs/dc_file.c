/* dc_file.c: file-name calls (open, mknod, chmod/chown, links, renames,
 * xattrs, statfs, truncate, utimensat) on paths under a fresh directory. */
#include "dc_common.h"
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <time.h>

int main(int argc, char **argv)
{
	DC_BEGIN();
	const char *dir = argc > 1 ? argv[1] : "/tmp/dc_file.d";
	if (mkdir(dir, 0700) != 0 || chdir(dir) != 0)
		return 1;
	R(SYS_openat, AT_FDCWD | HI, "f1", O_WRONLY | O_CREAT | O_TRUNC | HI, 0640 | HI);
	R(SYS_openat, AT_FDCWD, "nope/x", O_RDONLY | O_NOFOLLOW | O_DIRECTORY);
	R(SYS_openat, AT_FDCWD, "f2", O_RDWR | O_CREAT | O_EXCL | O_APPEND, 0600);
	R(SYS_open, "f3", O_WRONLY | O_CREAT | O_CLOEXEC, 0755);
	R(SYS_open, BADADDR, O_RDONLY);
	R(SYS_creat, "f4", 0644 | HI);
	R(SYS_mknod, "fifo1", S_IFIFO | 0600, 0);
	R(SYS_mknod, "chr1", S_IFCHR | 0600 | HI, makedev(1, 3));
	R(SYS_mknodat, AT_FDCWD, "reg1", S_IFREG | 0644, 0);
	R(SYS_mknodat, AT_FDCWD, "blk1", S_IFBLK | 0600, makedev(8, 1));
	R(SYS_chmod, "f1", 04755 | HI);
	R(SYS_fchmodat, AT_FDCWD, "f1", 0644);
	R(SYS_chown, "nope", 0xffff0000U | HI, 0xfffe0000U);
	R(SYS_lchown, "nope", -1, -1);
	R(SYS_fchownat, AT_FDCWD, "nope", 123, 456, AT_SYMLINK_NOFOLLOW);
	R(SYS_fchown, 0xffffffffU | HI, 0, 0);
	R(SYS_truncate, "f1", 1234);
	R(SYS_truncate, "nope", -1L);
	R(SYS_access, "f1", R_OK | W_OK | HI);
	R(SYS_faccessat, AT_FDCWD, "f1", X_OK);
	R(SYS_faccessat2, AT_FDCWD, "f1", F_OK, AT_EACCESS | AT_SYMLINK_NOFOLLOW);
	R(SYS_link, "f1", "l1");
	R(SYS_linkat, AT_FDCWD, "f1", AT_FDCWD, "l2", AT_SYMLINK_FOLLOW);
	R(SYS_symlink, "f1", "s1");
	R(SYS_symlinkat, "f2", AT_FDCWD, "s2");
	char buf[64];
	R(SYS_readlink, "s1", buf, sizeof(buf));
	R(SYS_readlinkat, AT_FDCWD, "s2", buf, 1);
	R(SYS_readlink, "f1", buf, sizeof(buf));
	R(SYS_rename, "l1", "l3");
	R(SYS_renameat2, AT_FDCWD, "l2", AT_FDCWD, "l3", RENAME_NOREPLACE);
	R(SYS_renameat2, AT_FDCWD, "l2", AT_FDCWD, "l3", RENAME_EXCHANGE | HI);
	R(SYS_mkdir, "d1", 0750 | HI);
	R(SYS_mkdirat, AT_FDCWD, "d2", 01777);
	R(SYS_rmdir, "d1");
	R(SYS_unlinkat, AT_FDCWD, "d2", AT_REMOVEDIR);
	R(SYS_unlink, "l3");
	R(SYS_umask, 022 | HI);
	R(SYS_umask, 0777);
	R(SYS_umask, 022);
	struct statfs sfs;
	R(SYS_statfs, "nope", &sfs);
	R(SYS_statfs, "f1", BADADDR);
	struct timespec ts[2] = {{1, 2}, {3, UTIME_OMIT}};
	R(SYS_utimensat, AT_FDCWD, "f1", ts, 0);
	ts[0].tv_nsec = UTIME_NOW;
	R(SYS_utimensat, AT_FDCWD, "f1", ts, AT_SYMLINK_NOFOLLOW);
	R(SYS_utimensat, AT_FDCWD, "f1", NULL, 0);
	struct timespec whole[2] = {{1700000000, 0}, {1700000001, 0}}; /* no fraction */
	R(SYS_utimensat, AT_FDCWD, "f1", whole, 0);
	struct timespec epoch[2] = {{0, 0}, {0, 500000000}}; /* strace: no comment for 0 */
	R(SYS_utimensat, AT_FDCWD, "f1", epoch, 0);
	struct statx stx;
	R(SYS_statx, AT_FDCWD, "/", AT_SYMLINK_NOFOLLOW, STATX_ALL, &stx); /* a mount root */
	R(SYS_statx, AT_FDCWD, "f1", 0, STATX_BASIC_STATS, &stx);
	/* -y: the kernel's link text names the caller's ids, not "self" */
	int fd = (int)R(SYS_openat, AT_FDCWD, "/proc/self/status", O_RDONLY);
	R(SYS_close, fd);
	fd = (int)R(SYS_openat, AT_FDCWD, "/proc/thread-self/stat", O_RDONLY);
	R(SYS_close, fd);
	R(SYS_setxattr, "f1", "user.k", "value", 5, XATTR_CREATE);
	R(SYS_getxattr, "f1", "user.k", buf, sizeof(buf));
	R(SYS_getxattr, "f1", "user.none", buf, sizeof(buf));
	R(SYS_removexattr, "f1", "user.k");
	R(SYS_chdir, "/");
	R(SYS_chdir, BADADDR);
	R(SYS_getcwd, buf, sizeof(buf));
	R(SYS_getcwd, buf, 1);
	R(SYS_fchmodat2, AT_FDCWD, "nope", 0600, AT_SYMLINK_NOFOLLOW);
	R(SYS_name_to_handle_at, -1, "", NULL, NULL, AT_EMPTY_PATH);
	/* leave nothing behind, so the next run sees the same directory */
	static const char *const made[] = {"f1",   "f2",   "f3", "f4", "fifo1", "chr1",
	                                   "reg1", "blk1", "l2", "s1", "s2"};
	if (chdir(dir) != 0)
		return 1;
	for (unsigned k = 0; k < sizeof(made) / sizeof(made[0]); k++)
		unlink(made[k]);
	return rmdir(dir) != 0;
}
