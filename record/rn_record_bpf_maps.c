/* rn_record_bpf_maps.c: Mapping events for the bpf backend with --stack.
 * The program is never stopped, so /proc/PID/maps may be gone (a process
 * that ends right after a dlopen) by the time user space reads it: the
 * kernel side reads each code mapping an exec, mmap or mprotect makes from
 * its VMA at the call's exit (rn_record_stack.bpf.h) and sends range, file
 * offset, device, inode and path; the build-id is read here from the file,
 * as the ptrace backend does. When the kernel could not read the VMA (its
 * lock was busy) or the path was too deep, /proc/PID/maps is read instead;
 * a process already gone then is counted (a Loss event and the last line):
 * its stacks may not resolve. */
#include "rn_record_bpf.h"

#include <string.h>

static uint64_t missed;
static char path[RN_BPF_MAP_DEPTH * RN_BPF_MAP_NAME + 2];

void rn_bpf_maps_rec(rn_out *out, const struct rn_bpf_hdr *h)
{
	const struct rn_bpf_maprec *r = (const void *)h;
	if (h->size < sizeof(*r) || r->ncomp > RN_BPF_MAP_DEPTH ||
	    (h->size - sizeof(*r)) / RN_BPF_MAP_NAME < r->ncomp)
		return;
	pid_t pid = (pid_t)h->tgid;
	int reset = (r->flags & RN_BPF_MF_RESET) != 0;
	if (r->flags & (RN_BPF_MF_FAILED | RN_BPF_MF_DEEP)) {
		if (rn_maps_scan_at(out, pid, reset, h->ts) < 0) {
			missed++;
			rn_loss l = {h->ts, 1, pid, (pid_t)h->tid, RN_LOSS_READ_FAILED};
			rn_chunk_add_loss(rn_out_get(out), &l);
			rn_out_put(out);
		}
		return;
	}
	if (reset)
		rn_maps_forget(pid);
	const char *names = (const char *)(r + 1);
	size_t len = 0;
	for (unsigned i = r->ncomp; i-- > 0;) {
		const char *c = names + (size_t)i * RN_BPF_MAP_NAME;
		size_t k = strnlen(c, RN_BPF_MAP_NAME - 1);
		if (!k)
			continue; /* a mount point crossed */
		path[len++] = '/';
		memcpy(path + len, c, k);
		len += k;
	}
	if (!len)
		path[len++] = '/';
	path[len] = 0;
	uint64_t dev =
	    ((uint64_t)(r->dev >> 20) << 32) | (r->dev & 0xfffff); /* as /proc shows it */
	rn_maps_add(out, pid, r->start, r->end, r->pgoff, (int)r->prot, dev, r->ino, path, h->ts);
}

uint64_t rn_bpf_maps_missed(void)
{
	return missed;
}
