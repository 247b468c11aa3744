/* rn_record_bpf_ring.c: reads the per-CPU BPF ring buffers through their
 * mmap'ed pages (the kernel's stable ring buffer layout: a consumer page,
 * then the producer page and the data mapped twice so a record never wraps)
 * (mapped once, not twice as the kernel offers: every mapped page counts in
 * rn-record's RSS, and two 16 MiB views per CPU were most of it; the rare
 * record that wraps around the end is copied whole into a bounce buffer)
 * and hands the records over in time order: each ring is in time order (one
 * CPU writes it), so a k-way merge of the rings' heads gives the global
 * order. Only records older than the caller's limit are taken: a record
 * stamped on one CPU can still be in flight while a later one on another
 * CPU is already visible. Consumer positions are published after each
 * batch, so the kernel gets the space back. A ring's data is mapped as the
 * producer reaches it (rn_rings_map_prod, grow): the kernel inserts every
 * page of a mapping at mmap and removes every one at munmap, ~0.7 and
 * ~0.5 ms for a whole 16 MiB ring, the latter after the program has ended;
 * a short command fills a few KiB of it. */
#include "rn_record_bpf.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define RB_BUSY    (1u << 31)
#define RB_DISCARD (1u << 30)
#define RB_HDR     8
#define PREFETCH   512 /* bytes ahead of the record read */

typedef struct ring {
	uint8_t *cons_page, *prod_page, *data;
	uint64_t mask, cons, prod;
	uint64_t mapped; /* data bytes mapped, from the start */
	int fd;
	size_t page;
	uint8_t *bounce; /* a record that wraps, made whole */
	size_t bcap;
	const struct rn_bpf_hdr *cur; /* head() of this pass, until consumed */
	uint32_t curlen;
} ring;

struct rn_rings {
	ring *r;
	int n;
	int failed; /* errno of a mapping that failed: records were left unread */
};

static void ring_unmap(ring *r)
{
	if (r->cons_page)
		munmap(r->cons_page, r->page);
	if (r->prod_page)
		munmap(r->prod_page, r->page + (r->mask + 1));
	free(r->bounce);
}

uint64_t rn_rings_window(uint64_t bytes)
{
	return bytes < RN_BPF_RING_WINDOW ? bytes : RN_BPF_RING_WINDOW;
}

void *rn_rings_map_prod(int fd, uint64_t bytes)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	uint64_t first = rn_rings_window(bytes);
	void *pp =
	    mmap(NULL, page + bytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (pp == MAP_FAILED)
		return pp;
	if (mmap(pp, page + first, PROT_READ, MAP_SHARED | MAP_FIXED, fd, (off_t)page) ==
	    MAP_FAILED) {
		munmap(pp, page + bytes);
		return MAP_FAILED;
	}
	madvise(pp, page + bytes, MADV_DONTFORK);
	return pp;
}

/* Maps r's data up to offset upto (doubling, to the whole ring): 0, or -1
 * (what is mapped stays). */
static int grow(ring *r, uint64_t upto)
{
	uint64_t size = r->mask + 1, want = r->mapped;
	while (want < upto && want < size)
		want *= 2;
	if (want > size)
		want = size;
	uint8_t *at = r->data + r->mapped;
	if (mmap(at, want - r->mapped, PROT_READ, MAP_SHARED | MAP_FIXED, r->fd,
	         (off_t)(2 * r->page + r->mapped)) == MAP_FAILED)
		return -1;
	madvise(at, want - r->mapped, MADV_DONTFORK);
	r->mapped = want;
	return 0;
}

rn_rings *rn_rings_open(rn_bpf *b, uint64_t bytes, char *err, size_t n)
{
	rn_rings *rs = calloc(1, sizeof(*rs));
	if (!rs || !(rs->r = calloc((size_t)rn_bpf_ncpu(b), sizeof(ring)))) {
		free(rs);
		snprintf(err, n, "out of memory");
		return NULL;
	}
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	for (int c = 0; c < rn_bpf_ncpu(b); c++) {
		ring *r = &rs->r[c];
		int fd = rn_bpf_ring_fd(b, c);
		r->page = page;
		r->mask = bytes - 1;
		r->fd = fd;
		r->mapped = rn_rings_window(bytes);
		void *cp, *pp; /* mapped beside the load (rn_record_bpf_mkrings.c), or now */
		if (rn_bpf_ring_mapped(b, c, &cp, &pp, &r->mapped) == 0) {
			r->cons_page = cp;
			r->prod_page = pp;
		} else {
			r->cons_page = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
			r->prod_page = rn_rings_map_prod(fd, bytes);
		}
		if (r->cons_page == MAP_FAILED || r->prod_page == MAP_FAILED) {
			if (r->cons_page == MAP_FAILED)
				r->cons_page = NULL;
			if (r->prod_page == MAP_FAILED)
				r->prod_page = NULL;
			rs->n = c + 1;
			rn_rings_close(rs);
			snprintf(err, n, "cannot map the BPF ring buffer");
			return NULL;
		}
		r->data = r->prod_page + page;
		r->cons =
		    atomic_load_explicit((_Atomic uint64_t *)r->cons_page, memory_order_acquire);
	}
	rs->n = rn_bpf_ncpu(b);
	return rs;
}

/* The ring's next committed record (skipping discarded ones), or NULL. */
static const struct rn_bpf_hdr *head(ring *r, uint32_t *len)
{
	while (r->cons < r->prod) {
		const uint8_t *p = r->data + (r->cons & r->mask);
		/* the records after this one: written on another CPU, their
		 * lines come from its cache while this one is handled */
		__builtin_prefetch(r->data + ((r->cons + PREFETCH) & r->mask));
		__builtin_prefetch(r->data + ((r->cons + PREFETCH + 64) & r->mask));
		uint32_t l = atomic_load_explicit((_Atomic uint32_t *)p, memory_order_acquire);
		if (l & RB_BUSY)
			return NULL;
		if (l & RB_DISCARD) {
			r->cons += ((l & ~RB_DISCARD) + RB_HDR + 7) & ~7ull;
			continue;
		}
		*len = l;
		uint64_t off = r->cons & r->mask, size = r->mask + 1;
		if (off + RB_HDR + l <= size)
			return (const struct rn_bpf_hdr *)(p + RB_HDR);
		/* Wraps (the 8-byte header never does: records are 8-aligned). */
		if (l > r->bcap) {
			uint8_t *nb = realloc(r->bounce, l);
			if (!nb)
				return NULL; /* taken on a later pass */
			r->bounce = nb;
			r->bcap = l;
		}
		size_t first = (size_t)(size - off - RB_HDR);
		memcpy(r->bounce, p + RB_HDR, first);
		memcpy(r->bounce + first, r->data, l - first);
		return (const struct rn_bpf_hdr *)r->bounce;
	}
	return NULL;
}

static void publish(rn_rings *rs)
{
	for (int c = 0; c < rs->n; c++)
		atomic_store_explicit((_Atomic uint64_t *)rs->r[c].cons_page, rs->r[c].cons,
		                      memory_order_release);
}

long rn_rings_drain(rn_rings *rs, uint64_t upto, rn_rings_fn fn, void *ctx)
{
	long done = 0;
	/* Each ring's head is read once and kept until it is taken: within a
	 * pass (prod read once) only taking a record changes a ring's head. */
	for (int c = 0; c < rs->n; c++) {
		ring *r = &rs->r[c];
		r->prod =
		    atomic_load_explicit((_Atomic uint64_t *)r->prod_page, memory_order_acquire);
		/* (positions are data offsets until the first wrap, and the
		 * whole ring is mapped by then) */
		if (r->prod > r->mapped && r->mapped <= r->mask && grow(r, r->prod) < 0) {
			r->prod = r->cons; /* unreadable: nothing taken (rn_rings_failed) */
			rs->failed = errno ? errno : ENOMEM;
		}
		r->cur = head(r, &r->curlen);
	}
	for (;;) {
		int bi = -1;
		for (int c = 0; c < rs->n; c++) {
			ring *r = &rs->r[c];
			if (r->cur && (bi < 0 || r->cur->ts < rs->r[bi].cur->ts))
				bi = c;
		}
		if (bi < 0 || rs->r[bi].cur->ts > upto)
			break;
		/* A run: the records of this ring that come before every other
		 * ring's head, taken without looking at the others again (one
		 * CPU's calls at a time, most often). Ties go to the lower ring,
		 * as when picking one record at a time: before a lower ring's
		 * head (lt) and up to a higher one's (le). */
		uint64_t lt = UINT64_MAX, le = upto;
		for (int c = 0; c < rs->n; c++) {
			const struct rn_bpf_hdr *o = rs->r[c].cur;
			if (!o || c == bi)
				continue;
			if (c < bi && o->ts < lt)
				lt = o->ts;
			else if (c > bi && o->ts < le)
				le = o->ts;
		}
		ring *best = &rs->r[bi];
		do {
			const struct rn_bpf_hdr *bh = best->cur;
			uint32_t blen = best->curlen;
			if (blen >= sizeof(*bh) && bh->size <= blen)
				fn(bh, ctx);
			best->cons += (blen + RB_HDR + 7) & ~7ull;
			best->cur = head(best, &best->curlen);
			if ((++done & 1023) == 0) /* give space back during long batches */
				publish(rs);
		} while (best->cur && best->cur->ts < lt && best->cur->ts <= le);
	}
	publish(rs);
	return done;
}

uint64_t rn_rings_pending(rn_rings *rs)
{
	uint64_t most = 0;
	for (int c = 0; c < rs->n; c++) {
		uint64_t prod = atomic_load_explicit((_Atomic uint64_t *)rs->r[c].prod_page,
		                                     memory_order_acquire);
		if (prod - rs->r[c].cons > most)
			most = prod - rs->r[c].cons;
	}
	return most;
}

int rn_rings_failed(const rn_rings *rs)
{
	return rs->failed;
}

void rn_rings_close(rn_rings *rs)
{
	if (!rs)
		return;
	for (int c = 0; c < rs->n; c++)
		ring_unmap(&rs->r[c]);
	free(rs->r);
	free(rs);
}
