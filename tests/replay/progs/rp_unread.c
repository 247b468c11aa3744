/* rp_unread.c: captures the bpf backend cannot read, and one nobody can.
 * "c\n" lives in a file page mapped and never touched; write(1, p, 2) to
 * /dev/null succeeds without the kernel reading it, so the page is never
 * faulted in: bpf_probe_read_user fails (the capture is stored unreadable;
 * ptrace's process_vm_readv faults it in and reads it). Then a path at a bad
 * address: openat fails with EFAULT, the program's own fault (rn counts it
 * as no unread capture). Prints the mapping's address. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "../../record/progs/untouched_page.h"

int main(void)
{
	const char *p = untouched_page("rp_unread.data", "c\n", 2, PROT_READ);
	if (!p)
		return 1;
	int null = open("/dev/null", O_WRONLY);
	if (null < 0 || write(null, p, 2) != 2) /* p untouched */
		return 3;
	if (openat(AT_FDCWD, (const char *)8, O_RDONLY) != -1) /* EFAULT */
		return 4;
	printf("%p\n", (const void *)p);
	return 0;
}
