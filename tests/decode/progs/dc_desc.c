/* dc_desc.c: descriptor calls: read/write family, dup, fcntl, lseek, pipes,
 * eventfd, flock, poll and select, with int arguments carrying garbage in
 * their upper halves and bad descriptors. */
#include "dc_common.h"
#include <fcntl.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/file.h>
#include <sys/select.h>
#include <sys/uio.h>
#include <time.h>

int main(void)
{
	DC_BEGIN();
	int p[2];
	R(SYS_pipe2, p, O_CLOEXEC | O_NONBLOCK);
	R(SYS_write, p[1] | HI, "hello\n", 6);
	char buf[16];
	R(SYS_read, p[0], buf, sizeof(buf));
	R(SYS_read, p[0], buf, sizeof(buf));
	R(SYS_read, 0x7fffffff, buf, 0);
	R(SYS_write, -1, BADADDR, 5);
	R(SYS_pread64, p[0], buf, 4, 100);
	R(SYS_pwrite64, -1, "abc", 3, -1L);
	struct iovec iov[2] = {{"ab", 2}, {"cde", 3}};
	R(SYS_writev, p[1], iov, 2);
	char b1[1], b2[8];
	struct iovec riov[2] = {{b1, 1}, {b2, 8}};
	R(SYS_readv, p[0], riov, 2);
	R(SYS_dup, 0xffffffffU | HI);
	R(SYS_dup2, p[0], 100 | HI);
	R(SYS_dup3, p[0], 101, O_CLOEXEC);
	R(SYS_close, 100 | HI);
	R(SYS_close, 101);
	R(SYS_close, -2);
	R(SYS_fcntl, p[0], F_GETFD);
	R(SYS_fcntl, p[0], F_SETFD | HI, FD_CLOEXEC);
	R(SYS_fcntl, p[0], F_GETFL);
	R(SYS_fcntl, p[0], F_SETFL, O_NONBLOCK | O_APPEND);
	R(SYS_fcntl, p[0], F_DUPFD, 50);
	R(SYS_fcntl, p[0], F_DUPFD_CLOEXEC, 60 | HI);
	R(SYS_fcntl, p[0], F_GETPIPE_SZ);
	R(SYS_fcntl, -1, F_SETLK, BADADDR);
	int mf = R(SYS_memfd_create, "lk", 0);
	struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 10, .l_len = 20};
	R(SYS_fcntl, mf, F_SETLK, &fl);
	fl.l_type = F_RDLCK;
	R(SYS_fcntl, mf, F_GETLK, &fl);
	fl.l_type = F_UNLCK;
	R(SYS_fcntl, mf, F_SETLKW, &fl);
	R(SYS_fcntl, mf, F_OFD_GETLK, &fl);
	R(SYS_close, mf);
	R(SYS_lseek, p[0], -1L, SEEK_CUR);
	R(SYS_lseek, -1, 123, SEEK_END | HI);
	R(SYS_lseek, -1, 0, SEEK_DATA);
	R(SYS_flock, -1, LOCK_EX | LOCK_NB);
	R(SYS_flock, -1, LOCK_UN | HI);
	R(SYS_close_range, 1000, 0xffffffffU, 0);
	R(SYS_close_range, 1000 | HI, 1001, CLOSE_RANGE_CLOEXEC);
	R(SYS_eventfd2, 7 | HI, EFD_CLOEXEC | EFD_SEMAPHORE);
	R(SYS_ftruncate, -1, 4096);
	R(SYS_fsync, -1);
	R(SYS_fdatasync, 0xdeadbeefU | HI);
	R(SYS_fallocate, -1, 1, 0, 4096);
	R(SYS_fadvise64, -1, 0, 100, POSIX_FADV_DONTNEED);
	struct pollfd pf[3] = {{p[0], POLLIN | POLLPRI, 0}, {-1, POLLOUT, 0}, {p[1], POLLOUT, 0}};
	R(SYS_poll, pf, 3, 0);
	R(SYS_poll, pf, 2, 1 | HI);
	R(SYS_poll, NULL, 0, 0);
	/* ppoll: its timeout as given, and what is left after the fds on success */
	struct timespec pt = {3, 0};
	R(SYS_ppoll, pf, 3, &pt, NULL, 8);
	pt = (struct timespec){0, 1000};
	R(SYS_ppoll, pf, 1, &pt, NULL, 8);
	R(SYS_ppoll, pf + 2, 1, NULL, NULL, 8); /* writable: no wait */
	fd_set r;
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	struct timeval tv = {0, 100};
	R(SYS_select, p[0] + 1, &r, NULL, NULL, &tv);
	R(SYS_select, -1, NULL, NULL, NULL, NULL);
	R(SYS_sendfile, -1, -1, NULL, 10);
	R(SYS_splice, -1, NULL, -1, NULL, 10, 0);
	R(SYS_tee, -1, -1, 10, 0);
	R(SYS_readahead, -1, 0, 10);
	R(SYS_syncfs, -1);
	return 0;
}
