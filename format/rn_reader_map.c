/* rn_reader_map.c: the trace file mapped read-only, so that the reader
 * checks and decompresses a chunk's frame where it lies in the page cache
 * instead of copying it out with pread first; and a file cut while mapped
 * (a SIGBUS on the pages past its new end) turned into the read error a
 * short pread gives: the chunk is reported and skipped, never a crash. */
#include "rn_reader_int.h"

#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

/* The thread's guarded reading: where to jump back to, and the map's range
 * (a SIGBUS elsewhere is none of the reader's). */
static _Thread_local sigjmp_buf *guard;
static _Thread_local const uint8_t *guard_lo, *guard_hi;
static struct sigaction old_bus;
static pthread_once_t bus_once = PTHREAD_ONCE_INIT;
static int bus_ok;

static void on_bus(int sig, siginfo_t *si, void *uc)
{
	const uint8_t *at = si ? (const uint8_t *)si->si_addr : NULL;
	if (guard && at >= guard_lo && at < guard_hi)
		siglongjmp(*guard, 1);
	/* Not the reader's: what it would have been without this handler. */
	if (old_bus.sa_flags & SA_SIGINFO) {
		old_bus.sa_sigaction(sig, si, uc);
	} else if (old_bus.sa_handler != SIG_IGN && old_bus.sa_handler != SIG_DFL) {
		old_bus.sa_handler(sig);
	} else {
		/* the fault happens again on return, and then kills as before */
		struct sigaction dfl;
		memset(&dfl, 0, sizeof(dfl));
		dfl.sa_handler = SIG_DFL;
		sigaction(SIGBUS, &dfl, NULL);
	}
}

static void bus_install(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_bus;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	bus_ok = sigaction(SIGBUS, &sa, &old_bus) == 0;
}

void rn_reader_map_open(rn_reader *r)
{
	if (r->st.file_size > SIZE_MAX || pthread_once(&bus_once, bus_install) != 0 || !bus_ok)
		return; /* pread it is */
	void *p = mmap(NULL, (size_t)r->st.file_size, PROT_READ, MAP_PRIVATE, r->fd, 0);
	if (p == MAP_FAILED)
		return;
	r->map = p;
	r->map_len = (size_t)r->st.file_size;
}

void rn_reader_map_close(rn_reader *r)
{
	if (r->map)
		munmap((void *)r->map, r->map_len);
	r->map = NULL;
}

int rn_reader_map_run(rn_reader *r, int (*fn)(rn_reader *, const void *), const void *arg)
{
	if (!r->map)
		return fn(r, arg);
	sigjmp_buf jb;
	sigjmp_buf *outer = guard; /* (not nested today; kept right if it were) */
	if (sigsetjmp(jb, 0)) {    /* (SA_NODEFER: the mask is as it was) */
		guard = outer;
		return RN_READER_MAP_BUS;
	}
	guard = &jb;
	guard_lo = r->map;
	guard_hi = r->map + r->map_len;
	int rc = fn(r, arg);
	guard = outer;
	return rc;
}
