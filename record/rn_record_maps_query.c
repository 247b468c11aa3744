/* rn_record_maps_query.c: a process's executable file mappings through the
 * PROCMAP_QUERY ioctl on /proc/PID/maps (Linux 6.11), for rn_maps_scan_at.
 * The kernel hands back only the mappings asked for (executable and file
 * backed), one ioctl each, instead of the whole maps text that was printed
 * by the kernel and parsed back with sscanf line by line: compilers map
 * ~100-300 areas and a scan came after every exec and every executable
 * mmap (135 scans, ~5 ms of the recorder's CPU on `make -j2` of 7 files).
 * The fields are those of the text: the same d_path name (" (deleted)"
 * included), newlines escaped as seq_path escapes them. Kernels without
 * the ioctl answer ENOTTY (or EINVAL): RN_MAPS_NO_QUERY is then returned
 * and the caller reads the text (also for one scan that meets a name longer
 * than the buffer, and with RN_MAPS_TEXT set: the tests compare the two). */
#include "rn_record.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

/* include/uapi/linux/fs.h (Linux 6.11); Debian 12's headers predate it */
struct rn_procmap_query {
	uint64_t size, query_flags, query_addr;
	uint64_t vma_start, vma_end, vma_flags, vma_page_size, vma_offset, inode;
	uint32_t dev_major, dev_minor, vma_name_size, build_id_size;
	uint64_t vma_name_addr, build_id_addr;
};
#define RN_PROCMAP_QUERY     _IOWR('f', 17, struct rn_procmap_query)
#define RN_PMQ_READABLE      0x01
#define RN_PMQ_WRITABLE      0x02
#define RN_PMQ_EXECUTABLE    0x04
#define RN_PMQ_COVERING_NEXT 0x10
#define RN_PMQ_FILE_BACKED   0x20

static int unsupported; /* the ioctl failed as unknown once: text from then on */

/* seq_path's escape of a newline in the name, as the maps text shows it */
static void escape_nl(const char *in, char *out, size_t cap)
{
	size_t o = 0;
	for (; *in && o + 5 < cap; in++) {
		if (*in == '\n') {
			memcpy(out + o, "\\012", 4);
			o += 4;
		} else {
			out[o++] = *in;
		}
	}
	out[o] = 0;
}

int rn_maps_query(pid_t pid, rn_maps_each fn, void *ctx)
{
	if (unsupported || getenv("RN_MAPS_TEXT"))
		return RN_MAPS_NO_QUERY;
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	static char name[4096 + 16], esc[4 * sizeof(name)];
	uint64_t addr = 0;
	int rc = 0;
	for (;;) {
		struct rn_procmap_query q;
		memset(&q, 0, sizeof(q));
		q.size = sizeof(q);
		q.query_flags = RN_PMQ_COVERING_NEXT | RN_PMQ_FILE_BACKED | RN_PMQ_EXECUTABLE;
		q.query_addr = addr;
		q.vma_name_addr = (uint64_t)(uintptr_t)name;
		q.vma_name_size = sizeof(name);
		if (ioctl(fd, RN_PROCMAP_QUERY, &q) < 0) {
			if (errno == ENOENT) /* no mapping left at or after addr */
				break;
			if (addr == 0 && (errno == ENOTTY || errno == EINVAL)) {
				unsupported = 1;
				rc = RN_MAPS_NO_QUERY;
			} else if (errno == ENAMETOOLONG) { /* a name over the buffer */
				rc = RN_MAPS_NO_QUERY;      /* this scan reads the text */
			} else {
				rc = -1; /* ESRCH: the process's memory is gone */
			}
			break;
		}
		if (q.vma_end <= addr) /* never go back: a walk that always ends */
			break;
		addr = q.vma_end;
		if (!q.inode || q.vma_name_size == 0 || name[0] != '/')
			continue; /* as the text's test: a path, and an inode */
		const char *n = name;
		if (memchr(name, '\n', q.vma_name_size)) {
			escape_nl(name, esc, sizeof(esc));
			n = esc;
		}
		int prot = (q.vma_flags & RN_PMQ_READABLE ? PROT_READ : 0) |
		           (q.vma_flags & RN_PMQ_WRITABLE ? PROT_WRITE : 0) | PROT_EXEC;
		fn(ctx, q.vma_start, q.vma_end, q.vma_offset, prot,
		   ((uint64_t)q.dev_major << 32) | q.dev_minor, q.inode, n);
	}
	close(fd);
	return rc;
}
