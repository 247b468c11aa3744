/* rn_funcs_session.c: rn-record's side of --functions, setup and teardown:
 * creates the shared-memory channel (a memfd laid out as in
 * preload/rn_funcs_chan.h), prepares the environment each traced child gets
 * (LD_PRELOAD of librnfunc.so and RN_FUNCS_FD), and frees it all at the end
 * after a last drain. */
#include "rn_funcs_priv.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/futex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_RING_BYTES (8u << 20)
#define MIN_RING_BYTES     RN_FUNCS_RING_MIN
#define MAX_RING_BYTES     RN_FUNCS_RING_MAX
#define DEFAULT_SLOTS      1024
#define FN_BITS            18
#define WAIT_MS            5000 /* a producer's longest wait for room (docs/functions.md) */

static uint64_t pow2_floor(uint64_t v)
{
	uint64_t p = 1;
	while (p * 2 <= v)
		p *= 2;
	return p;
}

static int find_preload(const rn_funcs_opts *o, char *out, size_t outlen, char *err, size_t errlen)
{
	if (o->preload_path) {
		snprintf(out, outlen, "%s", o->preload_path);
	} else {
		char exe[PATH_MAX - 32];
		ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
		if (n <= 0) {
			snprintf(err, errlen, "cannot find librnfunc.so: /proc/self/exe: %s",
			         strerror(errno));
			return -1;
		}
		exe[n] = 0;
		char *slash = strrchr(exe, '/');
		if (slash)
			*slash = 0;
		snprintf(out, outlen, "%s/../lib/librnfunc.so", exe);
	}
	if (access(out, R_OK) != 0) {
		snprintf(err, errlen, "cannot use %s: %s", out, strerror(errno));
		return -1;
	}
	return 0;
}

/* TSC only where it is constant and keeps ticking in idle states. */
static int tsc_usable(void)
{
	const char *e = getenv("RN_FUNCS_CLOCK");
	if (e && strcmp(e, "mono") == 0)
		return 0;
#if defined(__aarch64__)
	return 1;
#elif defined(__x86_64__)
	FILE *f = fopen("/proc/cpuinfo", "r");
	if (!f)
		return 0;
	char line[4096];
	int ok = 0;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, "flags", 5) == 0) {
			ok = strstr(line, " constant_tsc") && strstr(line, " nonstop_tsc");
			break;
		}
	}
	fclose(f);
	return ok;
#else
	return 0;
#endif
}

static int check_patterns(const char *what, const char *p, char *err, size_t errlen)
{
	if (p && strlen(p) >= RN_CHAN_PATTERN_MAX) {
		snprintf(err, errlen, "--func-%s: patterns longer than %d bytes", what,
		         RN_CHAN_PATTERN_MAX - 1);
		return -1;
	}
	return 0;
}

static int make_channel(rn_funcs_session *s, const rn_funcs_opts *o, char *err, size_t errlen)
{
	uint64_t ring = o->buffer_bytes ? o->buffer_bytes : DEFAULT_RING_BYTES;
	if (ring < MIN_RING_BYTES || ring > MAX_RING_BYTES) {
		snprintf(err, errlen, "--func-buffer: %llu bytes is outside %u..%llu",
		         (unsigned long long)ring, MIN_RING_BYTES,
		         (unsigned long long)MAX_RING_BYTES);
		return -1;
	}
	ring = pow2_floor(ring);
	uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);
	uint64_t fn_off = (sizeof(rn_chan_hdr) + 63) & ~63ull;
	uint64_t slot_off = fn_off + (sizeof(rn_chan_fn) << FN_BITS);
	uint64_t ring_off =
	    (slot_off + DEFAULT_SLOTS * sizeof(rn_chan_slot) + page - 1) & ~(page - 1);
	uint64_t size = ring_off + DEFAULT_SLOTS * ring;
	s->fd = memfd_create("rn-funcs", MFD_CLOEXEC);
	if (s->fd < 0 || ftruncate(s->fd, (off_t)size) < 0) {
		snprintf(err, errlen, "function tracing channel: %s", strerror(errno));
		return -1;
	}
	void *m = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_NORESERVE, s->fd, 0);
	if (m == MAP_FAILED) {
		snprintf(err, errlen, "function tracing channel: mmap: %s", strerror(errno));
		return -1;
	}
	rn_chan_hdr *h = m;
	s->hdr = h;
	s->map_size = size;
	h->magic = RN_CHAN_MAGIC;
	h->version = RN_CHAN_VERSION;
	h->nslots = DEFAULT_SLOTS;
	h->ring_events = (uint32_t)(ring / 8);
	h->fn_bits = FN_BITS;
	h->max_depth = o->max_depth > 0 ? (uint32_t)o->max_depth : 0;
	h->start_disabled = o->start_disabled != 0;
	h->wait_ms = o->wait_ms > 0 ? (uint32_t)o->wait_ms : o->wait_ms < 0 ? 0 : WAIT_MS;
	h->fn_off = fn_off;
	h->slot_off = slot_off;
	h->ring_off = ring_off;
	h->size = size;
	snprintf(h->include, sizeof(h->include), "%s", o->include ? o->include : "");
	snprintf(h->exclude, sizeof(h->exclude), "%s", o->exclude ? o->exclude : "");
	h->clock = tsc_usable() ? RN_CHAN_CLOCK_TSC : RN_CHAN_CLOCK_MONO;
	s->fns = rn_chan_fns(h);
	s->slotv = rn_chan_slots(h);
	s->rings = rn_chan_ring(h, 0);
	s->nslots = h->nslots;
	s->ring_events = h->ring_events;
	s->fn_bits = h->fn_bits;
	return 0;
}

static int alloc_state(rn_funcs_session *s)
{
	rn_fbatch *b = &s->batch;
	s->slots = calloc(DEFAULT_SLOTS, sizeof(*s->slots));
	s->heads = calloc(DEFAULT_SLOTS, sizeof(*s->heads));
	b->loc_gen = calloc((size_t)1 << FN_BITS, sizeof(uint32_t));
	b->loc_idx = calloc((size_t)1 << FN_BITS, sizeof(uint32_t));
	b->gen = 1;
	return s->slots && s->heads && b->loc_gen && b->loc_idx ? 0 : -1;
}

static void free_session(rn_funcs_session *s)
{
	if (s->hdr)
		munmap(s->hdr, s->map_size);
	if (s->fd >= 0)
		close(s->fd);
	if (s->slots)
		for (uint32_t i = 0; i < DEFAULT_SLOTS; i++)
			free(s->slots[i].stack);
	free(s->slots);
	free(s->heads);
	free(s->batch.loc_gen);
	free(s->batch.loc_idx);
	free(s->batch.addrs);
	free(s->batch.sites);
	free(s->batch.events);
	free(s->ld_preload);
	free(s);
}

rn_funcs_session *rn_funcs_start(const rn_funcs_opts *o, char *err, size_t errlen)
{
	char lib[PATH_MAX];
	if (check_patterns("include", o->include, err, errlen) < 0 ||
	    check_patterns("exclude", o->exclude, err, errlen) < 0 ||
	    find_preload(o, lib, sizeof(lib), err, errlen) < 0)
		return NULL;
	if (o->max_depth < 0) {
		snprintf(err, errlen, "--func-depth: must be 0 (unlimited) or more");
		return NULL;
	}
	rn_funcs_session *s = calloc(1, sizeof(*s));
	if (!s) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	s->fd = -1;
	if (make_channel(s, o, err, errlen) < 0) {
		free_session(s);
		return NULL;
	}
	if (alloc_state(s) < 0) {
		snprintf(err, errlen, "out of memory");
		free_session(s);
		return NULL;
	}
	rn_fclk_init(&s->clk, s->hdr->clock == RN_CHAN_CLOCK_TSC);
	/* The library goes first in LD_PRELOAD; what the user preloads stays. */
	const char *old = getenv("LD_PRELOAD");
	size_t n = strlen(lib) + (old ? strlen(old) + 1 : 0) + 1;
	s->ld_preload = malloc(n);
	if (!s->ld_preload) {
		snprintf(err, errlen, "out of memory");
		free_session(s);
		return NULL;
	}
	snprintf(s->ld_preload, n, "%s%s%s", lib, old && *old ? ":" : "", old ? old : "");
	return s;
}

void rn_funcs_child_env(rn_funcs_session *s)
{
	if (!s)
		return;
	/* A high fd number keeps clear of the program's own descriptors. */
	int fd = dup2(s->fd, RN_CHAN_FD_HIGH);
	if (fd < 0) {
		fd = s->fd;
		fcntl(fd, F_SETFD, 0);
	}
	snprintf(s->fd_env, sizeof(s->fd_env), "%d", fd);
	setenv(RN_CHAN_ENV_FD, s->fd_env, 1);
	setenv("LD_PRELOAD", s->ld_preload, 1);
}

size_t rn_funcs_drain(rn_funcs_session *s, rn_chunk_builder *b)
{
	return s ? rn_funcs_drain_all(s, b, 0) : 0;
}

void rn_funcs_futex_wake(_Atomic uint32_t *w)
{
	syscall(SYS_futex, (uint32_t *)w, FUTEX_WAKE, INT_MAX, NULL, NULL, 0);
}

/* A producer bumps kick, then wakes the recorder if sleeping is set; this
 * sets sleeping, then reads kick: one of the two sees the other's store. */
int rn_funcs_wait(rn_funcs_session *s, uint64_t timeout_ns)
{
	if (!s)
		return 0;
	if (s->more)
		return 1;
	rn_chan_hdr *h = s->hdr;
	atomic_store(&h->sleeping, 1);
	uint32_t k = atomic_load(&h->kick);
	if (k == s->kick_seen) {
		struct timespec ts = {(time_t)(timeout_ns / 1000000000u),
		                      (long)(timeout_ns % 1000000000u)};
		syscall(SYS_futex, (uint32_t *)&h->kick, FUTEX_WAIT, k, &ts, NULL, 0);
		k = atomic_load(&h->kick);
	}
	atomic_store(&h->sleeping, 0);
	int kicked = k != s->kick_seen;
	s->kick_seen = k;
	return kicked;
}

void rn_funcs_poke(rn_funcs_session *s)
{
	if (!s)
		return;
	atomic_fetch_add(&s->hdr->kick, 1);
	if (atomic_load(&s->hdr->sleeping))
		rn_funcs_futex_wake(&s->hdr->kick);
}

uint64_t rn_funcs_stop(rn_funcs_session *s, rn_chunk_builder *b)
{
	if (!s)
		return 0;
	if (b)
		rn_funcs_drain_all(s, b, 1);
	uint64_t lost = s->lost;
	free_session(s);
	return lost;
}
