/* rn_record_out.c: the trace output. The tracing loop adds events to the
 * active chunk builder under a mutex; a writer thread swaps it for the spare
 * one when it holds out->flush bytes or is a second old, then encodes, compresses
 * and writes the full one (rn_writer, or rn_flight for --max-size) outside
 * the lock. Function events are moved into the active builder by a drainer
 * thread, every 100 ms and whenever a traced thread's ring passes its
 * high-water mark (it sleeps on the function channel, rn_funcs_wait), so
 * draining overlaps the writer's compression. When both builders are
 * full the loop and the drainer wait: memory stays bounded and nothing is
 * dropped (the traced threads wait for room in their rings). A write
 * error (disk full) is reported once, naming the file, and recording stops;
 * rn-record then exits 1. */
#include "rn_record.h"

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* Raw bytes that make a chunk. Chunks are compressed apart, so what several
 * processes read alike (ELF headers, headers a compiler includes) is stored
 * once per chunk: 2 MiB chunks make make -j2's trace 18 % smaller than 1 MiB
 * ones, git's 11 %, find's 2.5 %; 4 MiB ones 27 %, 11 %, 5 %, but no longer
 * fit the 2 MiB L2 cache: rn-analyze summary took 10 % more CPU on find,
 * 2 MiB 2 % (docs/benchmarks/format.md, "Chunk size"). The flight recorder
 * (--max-size, down to 256 KiB) keeps 1 MiB chunks. */
#define FLUSH_BYTES  (2u << 20)
#define FLIGHT_BYTES (1u << 20)
#define HARD_TIMES   4             /* the loop waits beyond HARD_TIMES chunks' bytes */
#define FLUSH_NS     1000000000ull /* a chunk is at most a second old */
#define TICK_NS      100000000ull  /* writer wake-up period */

struct rn_out {
	pthread_mutex_t mu;
	pthread_cond_t wake, done;
	pthread_t thr;
	pthread_t drainer; /* with fs */
	rn_chunk_builder b[2];
	int active;
	int writing; /* the writer is busy with the other builder */
	int stop;
	atomic_int failed;
	uint64_t last_flush;
	size_t flush; /* FLUSH_BYTES, or FLIGHT_BYTES with --max-size */
	rn_writer *w;
	rn_flight *fl;
	rn_funcs_session *fs;
	const char *path; /* the -o file, named in error lines */
	char err[256];
};

int rn_out_keep_old(const char *path, char *err, size_t errlen)
{
	char old[4096];
	if (snprintf(old, sizeof(old), "%s.old", path) >= (int)sizeof(old)) {
		snprintf(err, errlen, "%s: file name too long", path);
		return -1;
	}
	struct stat st;
	if (lstat(path, &st) < 0)
		return 0; /* nothing to keep; creating it reports any real cause */
	if (!S_ISREG(st.st_mode) && !S_ISLNK(st.st_mode)) { /* never rename /dev/null */
		snprintf(err, errlen, "cannot create %s: it exists and is not a regular file",
		         path);
		return -1;
	}
	if (rename(path, old) < 0 && errno != ENOENT) {
		snprintf(err, errlen, "cannot rename %s to %s: %s", path, old, strerror(errno));
		return -1;
	}
	return 0;
}

static int write_builder(rn_out *out, rn_chunk_builder *b)
{
	if (atomic_load(&out->failed)) {
		rn_chunk_reset(b);
		return -1;
	}
	char err[256];
	int rc = out->fl ? rn_flight_write(out->fl, b, err, sizeof(err))
	                 : rn_writer_write_chunk(out->w, b, err, sizeof(err));
	if (rc < 0) {
		rn_rec_err("%s: %s; recording stopped, the traced programs go on untraced",
		           out->path, err);
		atomic_store(&out->failed, 1);
		rn_chunk_reset(b);
	}
	return rc;
}

static void *writer_main(void *arg)
{
	rn_out *out = arg;
	rn_cpu_unpin_self();
	pthread_mutex_lock(&out->mu);
	for (;;) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += (long)TICK_NS;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		rn_chunk_builder *a = &out->b[out->active];
		if (!out->stop && rn_chunk_bytes(a) < out->flush)
			pthread_cond_timedwait(&out->wake, &out->mu, &ts);
		a = &out->b[out->active];
		uint64_t now = rn_now_ns();
		int due = rn_chunk_events(a) && (out->stop || rn_chunk_bytes(a) >= out->flush ||
		                                 now - out->last_flush >= FLUSH_NS);
		if (due) {
			out->active ^= 1;
			out->writing = 1;
			/* one warm set of encoder memory for the two builders */
			rn_chunk_take_scratch(a, &out->b[out->active]);
			/* the drainer fills the other builder while this one is written */
			pthread_cond_broadcast(&out->done);
			pthread_mutex_unlock(&out->mu);
			write_builder(out, a);
			pthread_mutex_lock(&out->mu);
			out->writing = 0;
			out->last_flush = now;
			pthread_cond_broadcast(&out->done);
		} else if (!rn_chunk_events(a)) {
			out->last_flush = now;
		}
		if (out->stop && !rn_chunk_events(&out->b[out->active]))
			break;
	}
	pthread_mutex_unlock(&out->mu);
	return NULL;
}

/* Moves function events into the active builder when a ring passes its
 * mark (or every tick). A full builder goes to the writer first (the drainer
 * waits for the swap), so chunks stay a few MB and draining overlaps the
 * writing of the previous chunk; while both are full the drainer waits, and
 * so do the traced threads whose rings are full. */
static void *drainer_main(void *arg)
{
	rn_out *out = arg;
	rn_cpu_unpin_self();
	pthread_mutex_lock(&out->mu);
	while (!out->stop) {
		pthread_mutex_unlock(&out->mu);
		rn_funcs_wait(out->fs, TICK_NS);
		pthread_mutex_lock(&out->mu);
		while (!out->stop && rn_chunk_bytes(&out->b[out->active]) >= out->flush) {
			pthread_cond_signal(&out->wake);
			pthread_cond_wait(&out->done, &out->mu);
		}
		if (out->stop)
			break;
		rn_funcs_drain(out->fs, &out->b[out->active]);
		if (rn_chunk_bytes(&out->b[out->active]) >= out->flush)
			pthread_cond_signal(&out->wake);
	}
	pthread_mutex_unlock(&out->mu);
	return NULL;
}

static rn_out *open_failed(rn_out *out, const char *why, char *err, size_t errlen)
{
	snprintf(err, errlen, "%s", why);
	if (out->w)
		rn_writer_abandon(out->w);
	else
		rn_flight_close(out->fl, NULL, 0);
	free(out);
	return NULL;
}

rn_out *rn_out_open(const rn_rec_opts *o, const rn_header *h, rn_funcs_session *fs, char *err,
                    size_t errlen)
{
	rn_out *out = calloc(1, sizeof(*out));
	if (!out) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if (rn_out_keep_old(o->out, err, errlen) < 0) {
		free(out);
		return NULL;
	}
	rn_writer_opts wopts = {RN_REC_ZSTD_LEVEL};
	if (o->max_size)
		out->fl = rn_flight_open(o->out, o->max_size, h, err, errlen);
	else
		out->w = rn_writer_open(o->out, h, &wopts, err, errlen);
	if (!out->w && !out->fl) {
		/* open(2) failed: "PATH: reason" becomes "cannot create PATH:
		 * reason" (a failed header write already says "write failed") */
		size_t n = strlen(o->out);
		if (strncmp(err, o->out, n) == 0 && strchr(err + n, ':') &&
		    !strstr(err, "write failed")) {
			char why[512];
			snprintf(why, sizeof(why), "%s", err);
			snprintf(err, errlen, "cannot create %s", why);
		}
		free(out);
		return NULL;
	}
	out->fs = fs;
	out->path = o->out;
	out->flush = out->fl ? FLIGHT_BYTES : FLUSH_BYTES;
	pthread_mutex_init(&out->mu, NULL);
	pthread_cond_init(&out->wake, NULL);
	pthread_cond_init(&out->done, NULL);
	rn_chunk_init(&out->b[0]);
	rn_chunk_init(&out->b[1]);
	out->last_flush = rn_now_ns();
	if (pthread_create(&out->thr, NULL, writer_main, out) != 0)
		return open_failed(out, "cannot start the writer thread", err, errlen);
	if (fs && pthread_create(&out->drainer, NULL, drainer_main, out) != 0) {
		pthread_mutex_lock(&out->mu);
		out->stop = 1;
		pthread_cond_signal(&out->wake);
		pthread_mutex_unlock(&out->mu);
		pthread_join(out->thr, NULL);
		return open_failed(out, "cannot start the function drainer thread", err, errlen);
	}
	return out;
}

rn_chunk_builder *rn_out_get(rn_out *out)
{
	pthread_mutex_lock(&out->mu);
	return &out->b[out->active];
}

void rn_out_put(rn_out *out)
{
	rn_chunk_builder *a = &out->b[out->active];
	size_t n = rn_chunk_bytes(a);
	if (n >= out->flush) {
		pthread_cond_signal(&out->wake);
		while (rn_chunk_bytes(&out->b[out->active]) >= HARD_TIMES * out->flush &&
		       out->writing)
			pthread_cond_wait(&out->done, &out->mu);
	}
	if (atomic_load(&out->failed))
		rn_chunk_reset(&out->b[out->active]);
	pthread_mutex_unlock(&out->mu);
}

int rn_out_failed(const rn_out *out)
{
	return atomic_load(&((rn_out *)out)->failed);
}

void rn_out_finish(rn_out *out)
{
	pthread_mutex_lock(&out->mu);
	out->stop = 1;
	pthread_cond_broadcast(&out->wake);
	pthread_cond_broadcast(&out->done);
	rn_funcs_poke(out->fs);
	pthread_mutex_unlock(&out->mu);
}

int rn_out_close(rn_out *out)
{
	rn_out_finish(out);
	if (out->fs)
		pthread_join(out->drainer, NULL);
	pthread_join(out->thr, NULL);
	uint64_t flost = 0;
	if (out->fs) {
		flost = rn_funcs_stop(out->fs, &out->b[0]);
		write_builder(out, &out->b[0]);
	}
	char err[256];
	int rc = 0;
	if (out->fl)
		rc = rn_flight_close(out->fl, err, sizeof(err));
	else if (atomic_load(&out->failed)) {
		rn_writer_abandon(out->w); /* the file stays valid to its last chunk */
		rc = -1;
	} else
		rc = rn_writer_close(out->w, err, sizeof(err));
	if (rc < 0 && !atomic_load(&out->failed))
		rn_rec_err("%s: %s", out->path, err);
	if (flost) /* last, so that it is what the user sees (also with -q) */
		rn_rec_err("%" PRIu64 " function events lost (full rings: see --func-buffer, "
		           "--func-wait); the function views of this trace are incomplete",
		           flost);
	rn_chunk_free(&out->b[0]);
	rn_chunk_free(&out->b[1]);
	pthread_mutex_destroy(&out->mu);
	pthread_cond_destroy(&out->wake);
	pthread_cond_destroy(&out->done);
	free(out);
	return rc;
}
