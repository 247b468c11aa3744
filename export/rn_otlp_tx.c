/* rn_otlp_tx.c: one OTLP request over libcurl. OTLP/HTTP: POST over
 * HTTP/1.1 with keep-alive. OTLP/gRPC: HTTP/2 (prior knowledge for http://,
 * ALPN for https://), `te: trailers`, the body framed as flag + big-endian
 * length, success only when the trailers say grpc-status 0. */
#include "rn_otlp.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <zlib.h>

#define RESP_MAX (1u << 20)

struct rn_otlp_tx {
	const rn_otlp_conf *c;
	CURL *curl;
	struct curl_slist *hdrs;
	rn_export_buf gz;
	rn_export_buf frame;
	rn_export_buf resp;
	/* from the header callback */
	int grpc_status;
	char grpc_msg[200];
	long retry_after_ms;
	int fresh;        /* open a new connection for the next request */
	long status_line; /* from the "HTTP/x NNN" line */
	volatile const int *cancel;
};

static int on_progress(void *ud, curl_off_t a, curl_off_t b, curl_off_t c, curl_off_t d)
{
	const rn_otlp_tx *t = ud;
	(void)a;
	(void)b;
	(void)c;
	(void)d;
	return t->cancel && *t->cancel; /* non-zero aborts the transfer */
}

void rn_otlp_tx_set_cancel(rn_otlp_tx *t, volatile const int *flag)
{
	t->cancel = flag;
	curl_easy_setopt(t->curl, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(t->curl, CURLOPT_XFERINFODATA, t);
	curl_easy_setopt(t->curl, CURLOPT_NOPROGRESS, 0L);
}

int rn_otlp_gzip(const void *in, size_t len, rn_export_buf *out)
{
	z_stream z;
	memset(&z, 0, sizeof(z));
	if (deflateInit2(&z, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return -1;
	size_t bound = deflateBound(&z, (uLong)len);
	if (rn_export_buf_reserve(out, bound) < 0) {
		deflateEnd(&z);
		return -1;
	}
	z.next_in = (Bytef *)in;
	z.avail_in = (uInt)len;
	z.next_out = (Bytef *)out->p + out->len;
	z.avail_out = (uInt)bound;
	int rc = deflate(&z, Z_FINISH);
	out->len += bound - z.avail_out;
	deflateEnd(&z);
	return rc == Z_STREAM_END ? 0 : -1;
}

static size_t on_body(char *p, size_t sz, size_t n, void *ud)
{
	rn_otlp_tx *t = ud;
	size_t len = sz * n;
	if (t->resp.len + len <= RESP_MAX)
		rn_export_buf_add(&t->resp, p, len);
	return len;
}

static void trim(char *s)
{
	size_t n = strlen(s);
	while (n && (s[n - 1] == '\r' || s[n - 1] == '\n' || s[n - 1] == ' '))
		s[--n] = 0;
}

/* Retry-After: delay-seconds or an HTTP date. */
static long parse_retry_after(const char *v)
{
	char *end;
	long s = strtol(v, &end, 10);
	if (end != v && !*end)
		return s < 0 ? 0 : s > 3600 ? 3600000 : s * 1000;
	time_t when = curl_getdate(v, NULL);
	if (when == (time_t)-1)
		return -1;
	time_t now = time(NULL);
	long d = when > now ? (long)(when - now) : 0;
	return d > 3600 ? 3600000 : d * 1000;
}

static int hexval(int c)
{
	return c >= '0' && c <= '9'   ? c - '0'
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10
	                              : -1;
}

/* grpc-message is percent-encoded; unprintable bytes become '?'. */
static void pct_decode(char *out, size_t n, const char *in)
{
	size_t o = 0;
	for (; *in && o + 1 < n; in++) {
		int c = (unsigned char)*in;
		if (c == '%' && hexval(in[1]) >= 0 && hexval(in[2]) >= 0) {
			c = hexval(in[1]) * 16 + hexval(in[2]);
			in += 2;
		}
		out[o++] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
	}
	out[o] = 0;
}

/* Headers and, for HTTP/2, trailers (after the blank line) arrive here. */
static size_t on_header(char *p, size_t sz, size_t n, void *ud)
{
	rn_otlp_tx *t = ud;
	size_t len = sz * n;
	char line[512];
	if (len >= sizeof(line))
		return len;
	memcpy(line, p, len);
	line[len] = 0;
	trim(line);
	if (strncmp(line, "HTTP/", 5) == 0) {
		const char *sp = strchr(line, ' ');
		t->status_line = sp ? strtol(sp + 1, NULL, 10) : 0;
		return len;
	}
	char *colon = strchr(line, ':');
	if (!colon)
		return len;
	*colon = 0;
	char *v = colon + 1;
	while (*v == ' ')
		v++;
	if (strcasecmp(line, "grpc-status") == 0)
		t->grpc_status = atoi(v);
	else if (strcasecmp(line, "grpc-message") == 0)
		pct_decode(t->grpc_msg, sizeof(t->grpc_msg), v);
	else if (strcasecmp(line, "retry-after") == 0)
		t->retry_after_ms = parse_retry_after(v);
	return len;
}

rn_otlp_tx *rn_otlp_tx_new(const rn_otlp_conf *c)
{
	static int inited;
	if (!inited) {
		curl_global_init(CURL_GLOBAL_DEFAULT);
		inited = 1;
	}
	rn_otlp_tx *t = calloc(1, sizeof(*t));
	if (!t || !(t->curl = curl_easy_init())) {
		free(t);
		return NULL;
	}
	t->c = c;
	int grpc = c->protocol == RN_OTLP_GRPC;
	struct curl_slist *h = NULL;
	h = curl_slist_append(h, grpc ? "Content-Type: application/grpc"
	                         : c->protocol == RN_OTLP_HTTP_JSON
	                             ? "Content-Type: application/json"
	                             : "Content-Type: application/x-protobuf");
	h = curl_slist_append(h, "Expect:");
	if (grpc) {
		h = curl_slist_append(h, "te: trailers");
		if (c->gzip)
			h = curl_slist_append(h, "grpc-encoding: gzip");
		char to[64];
		snprintf(to, sizeof(to), "grpc-timeout: %ldm", c->timeout_ms);
		h = curl_slist_append(h, to);
	} else if (c->gzip) {
		h = curl_slist_append(h, "Content-Encoding: gzip");
	}
	for (int i = 0; i < c->nheaders; i++)
		h = curl_slist_append(h, c->headers[i]);
	t->hdrs = h;
	CURL *k = t->curl;
	curl_easy_setopt(k, CURLOPT_URL, c->endpoint);
	curl_easy_setopt(k, CURLOPT_POST, 1L);
	curl_easy_setopt(k, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(k, CURLOPT_USERAGENT, "rn-export/" RN_VERSION);
	curl_easy_setopt(k, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(k, CURLOPT_TIMEOUT_MS, c->timeout_ms);
	curl_easy_setopt(k, CURLOPT_CONNECTTIMEOUT_MS, c->timeout_ms);
	curl_easy_setopt(k, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(k, CURLOPT_WRITEDATA, t);
	curl_easy_setopt(k, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(k, CURLOPT_HEADERDATA, t);
	curl_easy_setopt(k, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(k, CURLOPT_TCP_NODELAY, 1L);
	if (c->ca_file)
		curl_easy_setopt(k, CURLOPT_CAINFO, c->ca_file);
	if (c->client_cert)
		curl_easy_setopt(k, CURLOPT_SSLCERT, c->client_cert);
	if (c->client_key)
		curl_easy_setopt(k, CURLOPT_SSLKEY, c->client_key);
	/* libcurl 7.88 fails a second HTTP/2 POST on a reused connection
	 * ("Error in the HTTP2 framing layer"): gRPC opens a connection per
	 * request (cheap next to a 512-span request). */
	if (grpc)
		curl_easy_setopt(k, CURLOPT_FORBID_REUSE, 1L);
	const char *dbg = getenv("RN_EXPORT_DEBUG");
	if (dbg && atoi(dbg) >= 2)
		curl_easy_setopt(k, CURLOPT_VERBOSE, 1L);
	if (grpc)
		curl_easy_setopt(k, CURLOPT_HTTP_VERSION,
		                 strncmp(c->endpoint, "https:", 6) == 0
		                     ? (long)CURL_HTTP_VERSION_2TLS
		                     : (long)CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE);
	else
		curl_easy_setopt(k, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1);
	return t;
}

void rn_otlp_tx_free(rn_otlp_tx *t)
{
	if (!t)
		return;
	curl_easy_cleanup(t->curl);
	curl_slist_free_all(t->hdrs);
	rn_export_buf_free(&t->gz);
	rn_export_buf_free(&t->frame);
	rn_export_buf_free(&t->resp);
	free(t);
}

int rn_otlp_classify(int grpc, long http, int gs, const char *gmsg)
{
	/* gRPC: the status decides, whether it came in trailers or in a
	 * trailers-only answer; HTTP 200 alone means nothing. */
	if (grpc && (http == 200 || gs >= 0)) {
		switch (gs) {
		case 0:
			return RN_TX_OK;
		case 1:  /* CANCELLED */
		case 4:  /* DEADLINE_EXCEEDED */
		case 10: /* ABORTED */
		case 11: /* OUT_OF_RANGE */
		case 14: /* UNAVAILABLE */
		case 15: /* DATA_LOSS */
			return RN_TX_RETRY;
		case 8: /* RESOURCE_EXHAUSTED: a message over the server's limit */
			return gmsg && (strstr(gmsg, "larger than") || strstr(gmsg, "too large"))
			           ? RN_TX_TOO_LARGE
			           : RN_TX_FAIL;
		default:
			return RN_TX_FAIL;
		}
	}
	if (!grpc && http >= 200 && http < 300)
		return RN_TX_OK;
	switch (http) {
	case 429:
	case 502:
	case 503:
	case 504:
		return RN_TX_RETRY;
	case 413:
		return RN_TX_TOO_LARGE;
	default:
		return RN_TX_FAIL;
	}
}

static const rn_export_buf *payload(rn_otlp_tx *t, const void *body, size_t len, int *fail)
{
	const rn_otlp_conf *c = t->c;
	const void *p = body;
	size_t n = len;
	*fail = 0;
	if (c->gzip) {
		t->gz.len = 0;
		if (rn_otlp_gzip(body, len, &t->gz) < 0) {
			*fail = 1;
			return NULL;
		}
		p = t->gz.p;
		n = t->gz.len;
	}
	t->frame.len = 0;
	if (c->protocol == RN_OTLP_GRPC) {
		uint8_t hdr[5] = {c->gzip ? 1 : 0, (uint8_t)(n >> 24), (uint8_t)(n >> 16),
		                  (uint8_t)(n >> 8), (uint8_t)n};
		rn_export_buf_add(&t->frame, hdr, 5);
	}
	rn_export_buf_add(&t->frame, p, n);
	*fail = t->frame.oom;
	return &t->frame;
}

static void read_answer(rn_otlp_tx *t, rn_tx_result *r)
{
	int grpc = t->c->protocol == RN_OTLP_GRPC;
	const char *body = t->resp.p;
	size_t len = t->resp.len;
	if (grpc) {
		/* One length-prefixed, uncompressed message. */
		if (len >= 5 && body[0] == 0) {
			uint32_t ml = ((uint32_t)(uint8_t)body[1] << 24) |
			              ((uint32_t)(uint8_t)body[2] << 16) |
			              ((uint32_t)(uint8_t)body[3] << 8) | (uint8_t)body[4];
			len = ml <= len - 5 ? ml : 0;
			body += 5;
		} else {
			len = 0;
		}
	}
	char msg[200];
	int64_t rej = 0;
	if (rn_otlp_response_parse(body, len, t->c->protocol == RN_OTLP_HTTP_JSON, &rej, msg,
	                           sizeof(msg)) == 0 &&
	    rej > 0) {
		r->rejected = rej;
		snprintf(r->msg, sizeof(r->msg), "partial success: %lld spans rejected%s%s",
		         (long long)rej, msg[0] ? ": " : "", msg);
	}
}

void rn_otlp_tx_send(rn_otlp_tx *t, const void *body, size_t len, rn_tx_result *r)
{
	memset(r, 0, sizeof(*r));
	r->grpc_status = -1;
	r->retry_after_ms = -1;
	int fail;
	const rn_export_buf *pl = payload(t, body, len, &fail);
	if (fail) {
		r->verdict = RN_TX_FAIL;
		snprintf(r->msg, sizeof(r->msg), "out of memory compressing a request");
		return;
	}
	r->bytes = pl->len;
	t->resp.len = 0;
	t->grpc_status = -1;
	t->grpc_msg[0] = 0;
	t->retry_after_ms = -1;
	/* After a failure, do not reuse a connection that may be broken. */
	curl_easy_setopt(t->curl, CURLOPT_FRESH_CONNECT, t->fresh ? 1L : 0L);
	curl_easy_setopt(t->curl, CURLOPT_POSTFIELDS, pl->p);
	curl_easy_setopt(t->curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)pl->len);
	t->status_line = 0;
	CURLcode cc = curl_easy_perform(t->curl);
	if (getenv("RN_EXPORT_DEBUG"))
		fprintf(stderr, "rn-export: debug: curl %d (%s), HTTP %ld, grpc-status %d\n",
		        (int)cc, curl_easy_strerror(cc), t->status_line, t->grpc_status);
	curl_easy_getinfo(t->curl, CURLINFO_RESPONSE_CODE, &r->http_status);
	if (!r->http_status)
		r->http_status = t->status_line;
	r->grpc_status = t->grpc_status;
	r->retry_after_ms = t->retry_after_ms;
	if (cc != CURLE_OK) {
		t->fresh = 1;
		/* Connection refused, reset, timeout: the spec retries these. */
		r->verdict = RN_TX_RETRY;
		r->unreachable = cc == CURLE_COULDNT_CONNECT || cc == CURLE_COULDNT_RESOLVE_HOST ||
		                 cc == CURLE_COULDNT_RESOLVE_PROXY;
		snprintf(r->msg, sizeof(r->msg), "%s", curl_easy_strerror(cc));
		return;
	}
	int grpc = t->c->protocol == RN_OTLP_GRPC;
	r->verdict = rn_otlp_classify(grpc, r->http_status, r->grpc_status, t->grpc_msg);
	t->fresh = r->verdict != RN_TX_OK;
	if (r->verdict == RN_TX_OK) {
		read_answer(t, r);
	} else if (grpc && r->grpc_status >= 0) {
		snprintf(r->msg, sizeof(r->msg), "grpc-status %d%s%s", r->grpc_status,
		         t->grpc_msg[0] ? ": " : "", t->grpc_msg);
	} else {
		snprintf(r->msg, sizeof(r->msg), "HTTP %ld", r->http_status);
	}
}
