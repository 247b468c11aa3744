/* untouched.c: a failed call whose string lives in a page the program never
 * touched. The path is written to a file and mapped read-only; openat with
 * O_RDONLY|O_TMPFILE fails with EINVAL before the kernel reads the path, so
 * the page is never faulted in: ptrace (process_vm_readv) still reads it,
 * the bpf backend cannot (docs/recording.md). Then the page is touched and
 * the same call made again. Prints the mapping's address (rn-replay shows
 * it where the string is unreadable). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static const char path[] = "/nonexistent/rn-untouched-page";

int main(void)
{
	int fd = open("untouched.str", O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, path, sizeof(path)) != (ssize_t)sizeof(path))
		return 1;
	const char *p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED)
		return 2;
	close(fd);
	unlink("untouched.str");
	if (openat(AT_FDCWD, p, O_RDONLY | O_TMPFILE, 0) != -1) /* EINVAL, p untouched */
		return 3;
	if (strcmp(p, path) != 0) /* touched now */
		return 4;
	if (openat(AT_FDCWD, p, O_RDONLY | O_TMPFILE, 0) != -1)
		return 5;
	printf("%p\n", (const void *)p);
	return 0;
}
