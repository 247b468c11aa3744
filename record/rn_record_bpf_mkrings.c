/* rn_record_bpf_mkrings.c: creates the per-CPU BPF ring buffers and puts
 * them into the rn_rings map of maps in a thread, started before the
 * skeleton is opened, while the main thread opens it and has libbpf load
 * the program (CO-RE, verifier: ~20 ms). The rings cost
 * ~4 ms of page allocation each, and inserting them into a map of maps waits
 * for an RCU grace period (10-25 ms on a loaded machine): done beside the
 * load they add no wall time. The outer map is made here first (empty, from
 * a one-page template ring) so libbpf reuses it instead of making its own.
 * The rings are mapped here too (their pages mapped at mmap: the first
 * RN_BPF_RING_WINDOW of each, rn_rings_map_prod), as rn_record_bpf_ring.c
 * maps them, for it to take (rn_bpf_ring_mapped). */
#include "rn_record_bpf.h"

#include <bpf/bpf.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

struct rn_mkrings {
	pthread_t thr;
	int ncpu;
	uint64_t bytes;
	int outer;
	int *rings;
	void **maps; /* per CPU: the consumer page, the producer page and data */
	int err;     /* errno of the first failure, or 0 */
};

/* One batch update: one grace period, not one per ring. Kernels without
 * batch updates of this map type get one update per ring. */
static void *make(void *arg)
{
	rn_mkrings *m = arg;
	uint32_t *keys = calloc((size_t)m->ncpu, sizeof(*keys));
	if (!keys) {
		m->err = ENOMEM;
		return NULL;
	}
	for (int c = 0; c < m->ncpu; c++) {
		keys[c] = (uint32_t)c;
		m->rings[c] =
		    bpf_map_create(BPF_MAP_TYPE_RINGBUF, "rn_ring", 0, 0, (uint32_t)m->bytes, NULL);
		if (m->rings[c] < 0) {
			m->err = errno;
			free(keys);
			return NULL;
		}
	}
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	for (int c = 0; c < m->ncpu; c++) { /* (not mapped: rn_rings_open maps it) */
		void *cp = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED, m->rings[c], 0);
		void *pp = rn_rings_map_prod(m->rings[c], m->bytes);
		if (cp != MAP_FAILED && pp != MAP_FAILED) {
			/* the command rn-record forks never sees them: fork would
			 * copy every page-table entry of the ring (its pages are
			 * inserted at mmap, a mixed map: ~0.5 ms a start) */
			madvise(cp, page, MADV_DONTFORK);
			m->maps[2 * c] = cp;
			m->maps[2 * c + 1] = pp;
			continue;
		}
		if (cp != MAP_FAILED)
			munmap(cp, page);
		if (pp != MAP_FAILED)
			munmap(pp, page + m->bytes);
	}
	uint32_t count = (uint32_t)m->ncpu;
	if (bpf_map_update_batch(m->outer, keys, m->rings, &count, NULL) < 0)
		for (int c = 0; c < m->ncpu; c++)
			if (bpf_map_update_elem(m->outer, &keys[c], &m->rings[c], BPF_ANY) < 0) {
				m->err = errno;
				break;
			}
	free(keys);
	return NULL;
}

rn_mkrings *rn_mkrings_start(int ncpu, uint64_t bytes)
{
	rn_mkrings *m = calloc(1, sizeof(*m));
	if (!m || !(m->rings = calloc((size_t)ncpu, sizeof(int))) ||
	    !(m->maps = calloc(2 * (size_t)ncpu, sizeof(void *)))) {
		if (m)
			free(m->rings);
		free(m);
		errno = ENOMEM;
		return NULL;
	}
	for (int c = 0; c < ncpu; c++)
		m->rings[c] = -1;
	m->ncpu = ncpu;
	m->bytes = bytes;
	int tmpl = bpf_map_create(BPF_MAP_TYPE_RINGBUF, "rn_ring_tmpl", 0, 0, 4096, NULL);
	struct bpf_map_create_opts opts;
	memset(&opts, 0, sizeof(opts));
	opts.sz = sizeof(opts);
	opts.inner_map_fd = (uint32_t)tmpl;
	m->outer = tmpl < 0 ? -1
	                    : bpf_map_create(BPF_MAP_TYPE_ARRAY_OF_MAPS, "rn_rings", 4, 4,
	                                     (uint32_t)ncpu, &opts);
	int e = errno;
	if (tmpl >= 0)
		close(tmpl);
	if (m->outer < 0 || pthread_create(&m->thr, NULL, make, m) != 0) {
		if (m->outer >= 0)
			close(m->outer);
		free(m->maps);
		free(m->rings);
		free(m);
		errno = e ? e : EAGAIN;
		return NULL;
	}
	return m;
}

int rn_mkrings_outer(const rn_mkrings *m)
{
	return m->outer;
}

void rn_mkrings_unmap(void **maps, int ncpu, uint64_t bytes)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	for (int c = 0; maps && c < ncpu; c++)
		if (maps[2 * c]) {
			munmap(maps[2 * c], page);
			munmap(maps[2 * c + 1], page + bytes);
		}
	free(maps);
}

int *rn_mkrings_wait(rn_mkrings *m, void ***maps)
{
	pthread_join(m->thr, NULL);
	close(m->outer); /* libbpf holds its own copy */
	int *rings = m->rings, err = m->err, ncpu = m->ncpu;
	if (maps && !err)
		*maps = m->maps;
	else
		rn_mkrings_unmap(m->maps, ncpu, m->bytes);
	free(m);
	if (err) {
		for (int c = 0; c < ncpu; c++)
			if (rings[c] >= 0)
				close(rings[c]);
		free(rings);
		errno = err;
		return NULL;
	}
	return rings;
}
