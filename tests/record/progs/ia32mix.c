/* ia32mix.c: a 64-bit program that makes ia32 calls (int $0x80) between
 * native ones, for test_ia32.sh: getpid (i386 20, x86_64 writev), write(1)
 * (i386 4, x86_64 stat), a native getppid, an i386 number no kernel has,
 * and i386 umask (60, x86_64 exit) so a recorder that reads the number as
 * native would also misread the life cycle. Exits 0 when every call did
 * what the i386 ABI says. */
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(__x86_64__)
static long ia32(long nr, long a, long b, long c)
{
	long r;
	__asm__ volatile("int $0x80" : "=a"(r) : "a"(nr), "b"(a), "c"(b), "d"(c) : "memory");
	return r;
}
#endif

int main(void)
{
#if defined(__x86_64__)
	/* int $0x80 passes 32-bit pointers: the text in the low 2 GiB */
	char *msg = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
	                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
	if (msg == MAP_FAILED)
		return 2;
	memcpy(msg, "int80\n", 6);
	long pid = ia32(20, 0, 0, 0);                     /* getpid */
	long w = ia32(4, 1, (long)(unsigned long)msg, 6); /* write(1, msg, 6) */
	long pp = syscall(SYS_getppid);
	long bad = ia32(9999, 0, 0, 0);  /* no such call: -ENOSYS */
	long old = ia32(60, 022, 0, 0);  /* umask(022) */
	long back = ia32(60, old, 0, 0); /* umask(old): returns 022 */
	return pid == getpid() && w == 6 && pp > 0 && bad == -38 && back == 022 ? 0 : 1;
#else
	return 77;
#endif
}
