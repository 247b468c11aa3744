/* x32calls.c: a 64-bit program making x32 calls (numbers with
 * __X32_SYSCALL_BIT, 0x40000000), as a program built with gcc -mx32
 * would. A kernel without CONFIG_X86_X32_ABI (this one) answers each
 * with ENOSYS; strace names them by the x32 table in its x32 mode.
 * tests/record/test_x32.sh checks that rn-replay prints them as strace
 * does: x32 names (514 is x32's ioctl), not the x86_64 calls of those
 * numbers, and no memory read through x86_64 layouts. */
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#define X32 0x40000000L

int main(void)
{
	syscall(X32 | 39);                                    /* getpid */
	syscall(X32 | 1, 1, "x32\n", 4);                      /* write */
	syscall(X32 | 514, 1, 0x5401, 0);                     /* ioctl (x32's own number) */
	syscall(X32 | 257, -100, "/etc/hostname", 0);         /* openat */
	syscall(X32 | 512, SIGUSR1, (void *)0, (void *)0, 8); /* rt_sigaction */
	syscall(X32 | 16, 1, 0x5401, 0);                      /* x86_64's ioctl: no x32 call */
	return 0;
}
