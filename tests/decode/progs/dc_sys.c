/* dc_sys.c: the rest of the catalog's named arguments: inotify masks,
 * splice flags, mount and umount flags, seccomp, ioprio, kcmp, keyctl,
 * memory policies, syslog, sched_setaffinity, getrandom, sync_file_range,
 * eventfd, signalfd, pidfd, epoll, statx, unshare, setns. */
#include "dc_common.h"
#include <fcntl.h>
#include <linux/futex.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/stat.h>

int main(void)
{
	DC_BEGIN();
	int in = R(SYS_inotify_init1, IN_NONBLOCK | IN_CLOEXEC);
	R(SYS_inotify_add_watch, in, "/", IN_ACCESS | IN_MODIFY | IN_ONLYDIR | HI);
	R(SYS_inotify_add_watch, in, "/nope", IN_ALL_EVENTS);
	R(SYS_inotify_rm_watch, in, 12345 | HI);
	R(SYS_splice, -1, NULL, -1, NULL, 10, SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
	R(SYS_tee, -1, -1, 10, SPLICE_F_MORE);
	R(SYS_vmsplice, -1, NULL, 0, SPLICE_F_GIFT);
	R(SYS_sync_file_range, -1, 0, 0, SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE);
	R(SYS_umount2, "/nonexistent", MNT_FORCE | MNT_DETACH);
	R(SYS_umount2, "/nonexistent", 0);
	R(SYS_mount, "none", "/nonexistent", "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV, NULL);
	R(SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, NULL);
	R(SYS_seccomp, 0x7f, 0, NULL);
	R(SYS_ioprio_get, 1, 0);
	R(SYS_kcmp, -1, -1, 0, 0, 0);
	R(SYS_syslog, 10, NULL, 0);
	R(SYS_set_mempolicy, 0, NULL, 0);
	R(SYS_get_mempolicy, NULL, NULL, 0, NULL, 0);
	unsigned long mask = 1;
	R(SYS_sched_setaffinity, 0, sizeof(mask), &mask);
	R(SYS_sched_getaffinity, 0, sizeof(mask), &mask);
	char rnd[4];
	R(SYS_getrandom, rnd, sizeof(rnd), GRND_NONBLOCK);
	R(SYS_getrandom, rnd, 0, 0x10);
	int efd = R(SYS_eventfd2, 0, EFD_NONBLOCK);
	sigset_t ss;
	sigemptyset(&ss);
	sigaddset(&ss, SIGUSR1);
	R(SYS_signalfd4, -1, &ss, 8, SFD_CLOEXEC);
	R(SYS_pidfd_open, getpid(), 0);
	R(SYS_pidfd_send_signal, -1, SIGUSR1, NULL, 0);
	int ep = R(SYS_epoll_create1, 0);
	struct epoll_event ev = {EPOLLIN | EPOLLET | EPOLLONESHOT, {.u64 = 7}};
	R(SYS_epoll_ctl, ep, EPOLL_CTL_ADD, efd, &ev);
	R(SYS_epoll_ctl, ep, EPOLL_CTL_DEL, efd, NULL);
	struct epoll_event out[2];
	R(SYS_epoll_wait, ep, out, 2, 0);
	R(SYS_epoll_pwait, ep, out, 2, 0, NULL, 8);
	struct statx sx;
	R(SYS_statx, AT_FDCWD, "/nope", AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, &sx);
	R(SYS_statx, -1, "", AT_EMPTY_PATH | AT_STATX_DONT_SYNC, STATX_ALL, &sx);
	R(SYS_unshare, 0);
	R(SYS_setns, -1, CLONE_NEWNET);
	R(SYS_fchdir, -1);
	R(SYS_getcwd, NULL, 0);
	R(SYS_sched_getparam, -1, NULL);
	R(SYS_sched_setscheduler, 0, SCHED_OTHER | SCHED_RESET_ON_FORK, NULL);
	R(SYS_getitimer, 0, NULL);
	R(SYS_rt_sigpending, NULL, 8);
	R(SYS_rt_sigsuspend, NULL, 8);
	R(SYS_set_robust_list, NULL, 0);
	R(SYS_get_robust_list, 0, NULL, NULL);
	R(SYS_set_tid_address, NULL);
	R(SYS_sysinfo, NULL);
	R(SYS_uname, NULL);
	R(SYS_getrusage, RUSAGE_SELF, NULL);
	R(SYS_flistxattr, -1, NULL, 0);
	R(SYS_fremovexattr, -1, "user.x");
	R(SYS_memfd_create, "m", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	R(SYS_copy_file_range, -1, NULL, -1, NULL, 10, 0);
	R(SYS_pkey_alloc, 0, 0);
	R(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK);
	R(SYS_io_setup, 1, NULL);
	R(SYS_futex, NULL, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
	return 0;
}
