/* untouched_page.h: memory a tracee never touched, for the tests of what
 * the bpf backend cannot read (bpf_probe_read_user fails on a page not
 * faulted in; ptrace's process_vm_readv faults it in): a fresh private
 * mapping of a page of a file written with len bytes of data, the file
 * removed at once. prot: PROT_READ, or PROT_READ | PROT_WRITE for memory
 * the program may later hand to the kernel to write. NULL on failure. */
#ifndef UNTOUCHED_PAGE_H
#define UNTOUCHED_PAGE_H

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

static void *untouched_page(const char *tmp, const void *data, size_t len, int prot)
{
	int fd = open(tmp, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, data, len) != (ssize_t)len)
		return NULL;
	void *p = mmap(NULL, 4096, prot, MAP_PRIVATE, fd, 0);
	close(fd);
	unlink(tmp);
	return p == MAP_FAILED ? NULL : p;
}

#endif
