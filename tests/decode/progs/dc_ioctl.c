/* dc_ioctl.c: ioctl requests on a pseudo-terminal and a file: tty
 * attributes, window size, modem lines, FIONREAD, file system ioctls. */
#include "dc_common.h"
#include <fcntl.h>
#include <linux/fs.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <termios.h>

int main(void)
{
	DC_BEGIN();
	int m = R(SYS_openat, AT_FDCWD, "/dev/ptmx", O_RDWR | O_NOCTTY);
	int lk = 0;
	R(SYS_ioctl, m, TIOCSPTLCK, &lk);
	unsigned n = 0;
	R(SYS_ioctl, m, TIOCGPTN, &n);
	struct winsize ws = {24, 80, 0, 0};
	R(SYS_ioctl, m, TIOCSWINSZ, &ws);
	R(SYS_ioctl, m, TIOCGWINSZ, &ws);
	struct termios t;
	R(SYS_ioctl, m, TCGETS, &t);
	R(SYS_ioctl, m, TCSETS, &t);
	R(SYS_ioctl, m, TCSETSW, &t);
	int bits;
	R(SYS_ioctl, m, TIOCMGET, &bits);
	R(SYS_ioctl, m, FIONREAD, &bits);
	int one = 1;
	R(SYS_ioctl, m, FIONBIO, &one);
	R(SYS_ioctl, m, FIOCLEX);
	R(SYS_ioctl, m, FIONCLEX);
	R(SYS_ioctl, m, TCFLSH, TCIFLUSH);
	R(SYS_ioctl, m, TIOCGPGRP, &bits);
	R(SYS_ioctl, -1, TCSETS, BADADDR);
	R(SYS_ioctl, -1, TIOCSCTTY, 0);
	R(SYS_ioctl, -1, TIOCNOTTY);
	int f = R(SYS_openat, AT_FDCWD, "/proc/self/status", O_RDONLY);
	long flags;
	R(SYS_ioctl, f, FS_IOC_GETFLAGS, &flags);
	R(SYS_ioctl, f, FIGETBSZ, &bits);
	R(SYS_ioctl, f, BLKGETSIZE64, &flags);
	R(SYS_ioctl, f, FICLONE, 0);
	R(SYS_ioctl, f, 0xdeadbeef, 0);
	R(SYS_ioctl, f, TCGETS | HI, &t);
	return 0;
}
