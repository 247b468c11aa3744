/* t_ring_merge.c: the merge by time of the bpf backend's per-CPU rings
 * (record/rn_record_bpf_ring.c), on rings laid out in memory as the kernel
 * lays them out (a consumer page, a producer page, the data): every
 * committed record handed over once, in time order, ties to the lower ring
 * (as one record at a time picks them), discarded ones skipped, a busy
 * head stopping its ring only, nothing past the limit taken and all of it
 * on the next drain, records wrapping around the ring's end whole, consumer
 * positions published, a ring's data mapped as its producer gets there
 * (rn_rings_map_prod; the rings live in memfds, written through a second
 * mapping). Rings of random records: long runs of one CPU's calls (taken
 * as a run), interleaved ones, and ties between 3 rings. */
#include "../../record/rn_record_bpf.h"
#include "../rn_test.h"

#include <sys/mman.h>
#include <unistd.h>

#define NCPU    3
#define BYTES   (1u << 20)
#define START   (5ull * BYTES - 96) /* where rings 1 and 2 start: near their end */
#define RB_BUSY (1u << 31)
#define RB_DISC (1u << 30)

/* ---- the rings, as rn_bpf would hand them over (stubs) ---- */
static uint8_t *cons_pg[NCPU], *prod_pg[NCPU]; /* (prod_pg: the writable mapping) */
static int fds[NCPU], made[NCPU];
static size_t page;

int rn_bpf_ncpu(const rn_bpf *b)
{
	(void)b;
	return NCPU;
}

int rn_bpf_ring_fd(const rn_bpf *b, int cpu)
{
	(void)b;
	if (!made[cpu]) { /* (asked first: the ring's memfd) */
		made[cpu] = 1;
		fds[cpu] = memfd_create("ring", MFD_CLOEXEC);
		CHECK(fds[cpu] >= 0 && ftruncate(fds[cpu], (off_t)(2 * page + BYTES)) == 0);
	}
	return fds[cpu];
}

/* Ring 0 starts at 0 (its data mapped window by window), the others near
 * their end (wrapping: mapped whole at their first drain). */
int rn_bpf_ring_mapped(rn_bpf *b, int cpu, void **cons, void **prod, uint64_t *mapped)
{
	rn_bpf_ring_fd(b, cpu);
	cons_pg[cpu] = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED, fds[cpu], 0);
	prod_pg[cpu] =
	    mmap(NULL, page + BYTES, PROT_READ | PROT_WRITE, MAP_SHARED, fds[cpu], (off_t)page);
	CHECK(cons_pg[cpu] != MAP_FAILED && prod_pg[cpu] != MAP_FAILED);
	*(uint64_t *)cons_pg[cpu] = *(uint64_t *)prod_pg[cpu] = cpu ? START : 0;
	*cons = cons_pg[cpu];
	*prod = rn_rings_map_prod(fds[cpu], BYTES);
	CHECK(*prod != MAP_FAILED);
	*mapped = rn_rings_window(BYTES);
	CHECK_EQ_U(*mapped, RN_BPF_RING_WINDOW);
	return 0;
}

static uint64_t *cons_of(int c)
{
	return (uint64_t *)cons_pg[c];
}

static uint64_t *prod_of(int c)
{
	return (uint64_t *)prod_pg[c];
}

/* Writes a record at ring c's producer position: header bits flags, the
 * rn_bpf_hdr with ts, tid = c, tgid = seq, size = len, then len - 24 bytes
 * of (seq + i) & 0xff. Wraps around the data area as the kernel's double
 * mapping would show it. */
static void put(int c, uint64_t ts, uint32_t seq, uint32_t len, uint32_t flags)
{
	uint8_t rec[512];
	CHECK(len >= sizeof(struct rn_bpf_hdr) && len <= sizeof(rec));
	struct rn_bpf_hdr h = {ts, (unsigned)c, seq, RN_BPF_CALL, 0, len};
	memcpy(rec, &h, sizeof(h));
	for (uint32_t i = sizeof(h); i < len; i++)
		rec[i] = (uint8_t)(seq + i);
	uint8_t *data = prod_pg[c] + page;
	uint64_t pos = *prod_of(c);
	uint32_t l = len | flags;
	memcpy(data + (pos & (BYTES - 1)), &l, 4);
	memset(data + ((pos + 4) & (BYTES - 1)), 0, 4);
	for (uint32_t i = 0; i < len; i++)
		data[(pos + 8 + i) & (BYTES - 1)] = rec[i];
	*prod_of(c) = pos + ((8 + len + 7) & ~7ull);
}

/* ---- what the merge hands over ---- */
typedef struct got {
	int ring;
	uint32_t seq;
	uint64_t ts;
} got;
static got seen[20000];
static int nseen;

static void take(const struct rn_bpf_hdr *h, void *ctx)
{
	(void)ctx;
	CHECK(nseen < (int)(sizeof(seen) / sizeof(seen[0])));
	for (uint32_t i = sizeof(*h); i < h->size; i++) /* whole, even when it wrapped */
		CHECK_EQ_U(((const uint8_t *)h)[i], (uint8_t)(h->tgid + i));
	seen[nseen++] = (got){(int)h->tid, h->tgid, h->ts};
}

/* The reference: the records of each ring (ts, seq; discarded ones left
 * out), merged one at a time, lowest ts first, the lower ring on ties. */
typedef struct ref {
	uint64_t ts[4000];
	uint32_t seq[4000];
	int n, next;
} ref;
static ref R[NCPU];

static int ref_next(uint64_t upto, got *g)
{
	int best = -1;
	for (int c = 0; c < NCPU; c++)
		if (R[c].next < R[c].n &&
		    (best < 0 || R[c].ts[R[c].next] < R[best].ts[R[best].next]))
			best = c;
	if (best < 0 || R[best].ts[R[best].next] > upto)
		return 0;
	*g = (got){best, R[best].seq[R[best].next], R[best].ts[R[best].next]};
	R[best].next++;
	return 1;
}

static void expect(uint64_t upto, int from)
{
	got g;
	int i = from;
	while (ref_next(upto, &g)) {
		CHECK(i < nseen);
		if (seen[i].ring != g.ring || seen[i].seq != g.seq) {
			fprintf(
			    stderr,
			    "record %d: ring %d seq %u ts %llu, expected ring %d seq %u ts %llu\n",
			    i, seen[i].ring, seen[i].seq, (unsigned long long)seen[i].ts, g.ring,
			    g.seq, (unsigned long long)g.ts);
			exit(1);
		}
		i++;
	}
	CHECK_EQ_U(nseen, i);
}

/* Fills the rings: n records in all, a CPU switch after a run of random
 * length (1 to maxrun), time steps of 0 to maxstep (0: ties), one record
 * in 16 discarded. */
static void fill(uint64_t *rnd, int n, int maxrun, int maxstep)
{
	uint64_t ts = 1000;
	uint32_t seq = 0;
	int c = 0, run = 0;
	for (int i = 0; i < n; i++) {
		if (run-- <= 0) {
			c = (int)(rn_rand_next(rnd) % NCPU);
			run = (int)(rn_rand_next(rnd) % (uint64_t)maxrun);
		}
		ts += rn_rand_next(rnd) % (uint64_t)(maxstep + 1);
		uint32_t len =
		    24 + 8 * (uint32_t)(rn_rand_next(rnd) % 12) + (uint32_t)(rn_rand_next(rnd) % 8);
		int disc = rn_rand_next(rnd) % 16 == 0;
		put(c, ts, seq, len, disc ? RB_DISC : 0);
		if (!disc) {
			CHECK(R[c].n < 4000);
			R[c].ts[R[c].n] = ts;
			R[c].seq[R[c].n++] = seq;
		}
		seq++;
	}
}

static void reset(rn_rings *rs)
{
	/* empty: the consumer caught up with the producer */
	for (int c = 0; c < NCPU; c++)
		CHECK_EQ_U(*cons_of(c), *prod_of(c));
	(void)rs;
	memset(R, 0, sizeof(R));
	nseen = 0;
}

int main(void)
{
	page = (size_t)sysconf(_SC_PAGESIZE);
	char err[128];
	static char none; /* the stubs above never look at their rn_bpf */
	rn_rings *rs = rn_rings_open((rn_bpf *)(void *)&none, BYTES, err, sizeof(err));
	CHECK(rs != NULL);
	uint64_t rnd = 0x9e3779b97f4a7c15ull;

	/* Runs of one CPU, interleaved calls, and ties (time steps of 0 or 1),
	 * drained in two parts: up to a time in the middle, then the rest. */
	const int shapes[][2] = {{400, 50}, {1, 3}, {5, 1}, {3, 0}, {2000, 1}};
	for (unsigned k = 0; k < sizeof(shapes) / sizeof(shapes[0]); k++) {
		fill(&rnd, 3000, shapes[k][0], shapes[k][1]);
		uint64_t mid = R[0].n ? R[0].ts[R[0].n / 2] : 0;
		long n1 = rn_rings_drain(rs, mid, take, NULL);
		CHECK_EQ_U(n1, nseen);
		expect(mid, 0);
		for (int i = 0; i < nseen; i++)
			CHECK(seen[i].ts <= mid);
		int before = nseen;
		long n2 = rn_rings_drain(rs, UINT64_MAX, take, NULL);
		CHECK_EQ_U(n2, nseen - before);
		expect(UINT64_MAX, before);
		for (int i = 1; i < nseen; i++) /* global time order */
			CHECK(seen[i].ts >= seen[i - 1].ts);
		reset(rs);
	}

	/* A busy head (reserved, not yet committed) holds its ring back, and
	 * only it: the others are taken; the rest comes once it is committed. */
	uint64_t at = *prod_of(1);
	put(1, 5000, 1, 40, RB_BUSY);
	put(1, 5001, 2, 40, 0);
	put(0, 6000, 3, 40, 0);
	put(2, 4000, 4, 40, 0);
	CHECK_EQ_U(rn_rings_drain(rs, UINT64_MAX, take, NULL), 2);
	CHECK(seen[0].seq == 4 && seen[1].seq == 3);
	uint32_t l = 40;
	memcpy(prod_pg[1] + page + (at & (BYTES - 1)), &l, 4); /* committed */
	CHECK_EQ_U(rn_rings_drain(rs, UINT64_MAX, take, NULL), 2);
	CHECK(seen[2].seq == 1 && seen[3].seq == 2);
	reset(rs);

	/* Rings 1 and 2 started 96 bytes before their end: each wrapped
	 * (records across the end checked whole by take); ring 0 was read
	 * past its first window. */
	for (int c = 1; c < NCPU; c++)
		CHECK(*prod_of(c) / BYTES > START / BYTES);
	CHECK(*prod_of(0) > RN_BPF_RING_WINDOW && *prod_of(0) < BYTES);
	CHECK_EQ_U(rn_rings_failed(rs), 0);

	rn_rings_close(rs);
	printf("ring merge: order, ties, runs, busy heads, wraps\n");
	return 0;
}
