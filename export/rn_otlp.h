/* rn_otlp.h: OTLP export configuration (flags over OTEL_* environment),
 * transport (libcurl: HTTP/1.1, HTTP/2 for gRPC) and delivery (retries,
 * backoff, splitting, accounting) for `rn-export otlp`. */
#ifndef RN_OTLP_H
#define RN_OTLP_H

#include "rn_otlp_enc.h"

#include <stddef.h>
#include <stdint.h>

enum rn_otlp_proto { RN_OTLP_HTTP_PB = 1, RN_OTLP_HTTP_JSON = 2, RN_OTLP_GRPC = 3 };

#define RN_OTLP_MAX_HEADERS 32

typedef struct rn_otlp_conf {
	char endpoint[2048]; /* final URL, path included */
	int protocol;
	char *headers[RN_OTLP_MAX_HEADERS]; /* "Key: value", owned */
	int nheaders;
	int gzip;
	long timeout_ms;    /* per request */
	size_t batch_size;  /* spans per request */
	size_t queue_size;  /* OTEL_BSP_MAX_QUEUE_SIZE: spans held before sending */
	int max_retries;    /* retries after the first attempt */
	long retry_base_ms; /* first backoff */
	long retry_max_ms;  /* backoff ceiling */
	const char *service_name;
	const char *resource_attrs;
	int rebase_time;
	int progress;            /* -1 auto (terminal), 0 never, 1 always */
	const char *ca_file;     /* trusted CA certificates (PEM) for https:// */
	const char *client_cert; /* client certificate (PEM), mutual TLS */
	const char *client_key;
} rn_otlp_conf;

/* Fills c from the environment and then argv (flags win). Returns 0, 2 for
 * a usage error (message printed), or 1 after --help. *file = the trace. */
int rn_otlp_conf_parse(rn_otlp_conf *c, int argc, char **argv, const char **file);
void rn_otlp_conf_free(rn_otlp_conf *c);
/* Parses "k=v,k2=v2" (percent-encoded) into headers; returns -1 on a bad pair. */
int rn_otlp_conf_headers(rn_otlp_conf *c, const char *spec);

/* ---- transport ---- */

enum rn_tx_verdict {
	RN_TX_OK = 0,    /* accepted (maybe partially: rejected > 0) */
	RN_TX_RETRY = 1, /* retryable: 429/502/503/504, connection failure, grpc 1/4/10/11/14/15 */
	RN_TX_TOO_LARGE = 2, /* 413 (or gRPC RESOURCE_EXHAUSTED for size): split */
	RN_TX_FAIL = 3       /* never retried: 400 and other answers */
};

typedef struct rn_tx_result {
	int verdict;
	long http_status;    /* 0 when no answer */
	int grpc_status;     /* -1 when none */
	long retry_after_ms; /* -1 when none */
	int64_t rejected;
	size_t bytes;    /* body bytes on the wire (compressed, framed) */
	int unreachable; /* no connection could be made (refused, no such host) */
	char msg[256];
} rn_tx_result;

typedef struct rn_otlp_tx rn_otlp_tx;

rn_otlp_tx *rn_otlp_tx_new(const rn_otlp_conf *c);
void rn_otlp_tx_free(rn_otlp_tx *t);
/* Sends one encoded request body (uncompressed; the transport compresses
 * and frames it as configured). */
void rn_otlp_tx_send(rn_otlp_tx *t, const void *body, size_t len, rn_tx_result *r);
/* Aborts a transfer in progress when *flag becomes non-zero. */
void rn_otlp_tx_set_cancel(rn_otlp_tx *t, volatile const int *flag);
/* Classifies an answer (exposed for tests and fuzzing). */
int rn_otlp_classify(int grpc, long http_status, int grpc_status, const char *grpc_msg);
/* gzip (RFC 1952) of in into out. Returns 0 or -1. */
int rn_otlp_gzip(const void *in, size_t len, rn_export_buf *out);

/* ---- delivery ---- */

typedef struct rn_otlp_stats {
	uint64_t spans;    /* handed to delivery */
	uint64_t sent;     /* accepted and not rejected */
	uint64_t rejected; /* partial_success rejections */
	uint64_t retried;  /* span sends repeated after a retryable answer */
	uint64_t failed;   /* given up on */
	uint64_t requests;
	uint64_t bytes; /* request bodies sent (after compression) */
	char last_error[256];
} rn_otlp_stats;

typedef struct rn_otlp_deliver rn_otlp_deliver;

rn_otlp_deliver *rn_otlp_deliver_new(const rn_otlp_conf *c, const rn_otlp_res *res);
void rn_otlp_deliver_free(rn_otlp_deliver *d);
/* Delivers spans[0..n) (encoding, retrying, splitting as needed) and
 * accounts for every one of them in the stats. */
void rn_otlp_deliver_batch(rn_otlp_deliver *d, const rn_span *spans, size_t n);
const rn_otlp_stats *rn_otlp_deliver_stats(const rn_otlp_deliver *d);
/* When *flag becomes non-zero (a signal handler sets it), no new request is
 * started and backoffs end: the remaining spans are counted as failed. */
void rn_otlp_deliver_set_cancel(rn_otlp_deliver *d, volatile const int *flag);

#endif
