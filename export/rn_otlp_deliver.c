/* rn_otlp_deliver.c: delivery by the OTLP spec. A batch is encoded and
 * sent; 429/502/503/504, gRPC's retryable codes and connection failures are
 * retried with exponential backoff and jitter (Retry-After wins when given);
 * 400 and other answers are never retried; a batch answered 413 is split in
 * halves; partial_success rejections are counted. Every span ends in exactly
 * one of sent, rejected or failed. A collector that could not be reached
 * through a whole batch's retries (refused, no such host) fails the batches
 * after it at once: retrying each of them would keep the user waiting
 * minutes for the same answer. */
#include "rn_otlp.h"
#include "rn_rand.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct rn_otlp_deliver {
	const rn_otlp_conf *c;
	rn_otlp_res res;
	rn_otlp_tx *tx;
	rn_export_buf body;
	rn_otlp_stats st;
	uint64_t rng;
	volatile const int *cancel;
	int unreachable; /* a batch gave up without reaching the collector */
};

void rn_otlp_deliver_set_cancel(rn_otlp_deliver *d, volatile const int *flag)
{
	d->cancel = flag;
	rn_otlp_tx_set_cancel(d->tx, flag);
}

static int cancelled(const rn_otlp_deliver *d)
{
	return d->cancel && *d->cancel;
}

rn_otlp_deliver *rn_otlp_deliver_new(const rn_otlp_conf *c, const rn_otlp_res *res)
{
	rn_otlp_deliver *d = calloc(1, sizeof(*d));
	if (!d)
		return NULL;
	d->c = c;
	d->res = *res;
	d->tx = rn_otlp_tx_new(c);
	if (!d->tx) {
		free(d);
		return NULL;
	}
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	d->rng = (uint64_t)ts.tv_nsec ^ ((uint64_t)getpid() << 32) ^ 0x9e3779b97f4a7c15ull;
	return d;
}

void rn_otlp_deliver_free(rn_otlp_deliver *d)
{
	if (!d)
		return;
	rn_otlp_tx_free(d->tx);
	rn_export_buf_free(&d->body);
	free(d);
}

const rn_otlp_stats *rn_otlp_deliver_stats(const rn_otlp_deliver *d)
{
	return &d->st;
}

static uint64_t next_rand(rn_otlp_deliver *d)
{
	return rn_rand_next(&d->rng);
}

/* Backoff before retry number attempt (0-based): base * 2^attempt capped at
 * the maximum, with jitter in [50%, 100%]; Retry-After replaces it. */
static long backoff_ms(rn_otlp_deliver *d, int attempt, long retry_after)
{
	if (retry_after >= 0) /* honoured, up to 5 minutes */
		return retry_after < 300000 ? retry_after : 300000;
	long ms = d->c->retry_base_ms;
	for (int i = 0; i < attempt && ms < d->c->retry_max_ms; i++)
		ms *= 2;
	if (ms > d->c->retry_max_ms)
		ms = d->c->retry_max_ms;
	return ms / 2 + (long)(next_rand(d) % (uint64_t)(ms / 2 + 1));
}

/* Sleeps ms in slices of at most 50 ms, ending early when cancelled. */
static void sleep_ms(const rn_otlp_deliver *d, long ms)
{
	while (ms > 0 && !cancelled(d)) {
		long slice = ms < 50 ? ms : 50;
		struct timespec ts = {0, slice * 1000000L};
		while (nanosleep(&ts, &ts) < 0 && errno == EINTR && !cancelled(d))
			;
		ms -= slice;
	}
}

static int encode(rn_otlp_deliver *d, const rn_span *spans, size_t n)
{
	d->body.len = 0;
	if (d->c->protocol == RN_OTLP_HTTP_JSON)
		return rn_otlp_json_encode(&d->res, spans, n, &d->body);
	return rn_otlp_pb_encode(&d->res, spans, n, &d->body);
}

static void give_up(rn_otlp_deliver *d, size_t n, const char *why)
{
	d->st.failed += n;
	snprintf(d->st.last_error, sizeof(d->st.last_error), "%.250s", why);
}

static void send_range(rn_otlp_deliver *d, const rn_span *spans, size_t n)
{
	rn_tx_result r;
	int counted_retry = 0;
	if (encode(d, spans, n) < 0) {
		give_up(d, n, "out of memory encoding a request");
		return;
	}
	for (int attempt = 0;; attempt++) {
		if (cancelled(d)) {
			give_up(d, n, "interrupted");
			return;
		}
		rn_otlp_tx_send(d->tx, d->body.p, d->body.len, &r);
		d->st.requests++;
		d->st.bytes += r.bytes;
		switch (r.verdict) {
		case RN_TX_OK: {
			uint64_t rej = r.rejected > 0 ? (uint64_t)r.rejected : 0;
			if (rej > n)
				rej = n;
			d->st.rejected += rej;
			d->st.sent += n - rej;
			if (rej)
				snprintf(d->st.last_error, sizeof(d->st.last_error), "%.250s",
				         r.msg);
			return;
		}
		case RN_TX_TOO_LARGE:
			if (n > 1) {
				size_t half = n / 2;
				send_range(d, spans, half);
				send_range(d, spans + half, n - half);
			} else {
				give_up(d, n,
				        "a single span is larger than the collector accepts (413)");
			}
			return;
		case RN_TX_RETRY:
			if (cancelled(d)) {
				give_up(d, n, "interrupted");
				return;
			}
			if (attempt >= d->c->max_retries) {
				char why[300];
				snprintf(why, sizeof(why), "%.200s (gave up after %d retries%s)",
				         r.msg, attempt,
				         r.unreachable ? "; nothing more is sent" : "");
				give_up(d, n, why);
				d->unreachable = r.unreachable;
				return;
			}
			if (!counted_retry) {
				d->st.retried += n;
				counted_retry = 1;
			}
			sleep_ms(d, backoff_ms(d, attempt, r.retry_after_ms));
			continue;
		default:
			give_up(d, n, r.msg);
			return;
		}
	}
}

void rn_otlp_deliver_batch(rn_otlp_deliver *d, const rn_span *spans, size_t n)
{
	if (!n)
		return;
	d->st.spans += n;
	if (cancelled(d))
		give_up(d, n, "interrupted");
	else if (d->unreachable)
		d->st.failed += n; /* last_error already says why */
	else
		send_range(d, spans, n);
}
