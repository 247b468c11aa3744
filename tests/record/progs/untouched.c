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
#include <unistd.h>

#include "untouched_page.h"

static const char path[] = "/nonexistent/rn-untouched-page";

int main(void)
{
	const char *p = untouched_page("untouched.str", path, sizeof(path), PROT_READ);
	if (!p)
		return 1;
	if (openat(AT_FDCWD, p, O_RDONLY | O_TMPFILE, 0) != -1) /* EINVAL, p untouched */
		return 3;
	if (strcmp(p, path) != 0) /* touched now */
		return 4;
	if (openat(AT_FDCWD, p, O_RDONLY | O_TMPFILE, 0) != -1)
		return 5;
	printf("%p\n", (const void *)p);
	return 0;
}
