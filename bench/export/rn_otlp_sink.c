/* rn_otlp_sink.c: a loopback OTLP/HTTP receiver for rn-export's benchmark:
 * accepts HTTP/1.1 keep-alive POSTs on 127.0.0.1, gunzips when asked,
 * decodes every body as an ExportTraceServiceRequest with protobuf-c (the
 * same messages rn-export encodes; tests use the upstream decoder), counts
 * the spans and discards them, answers 200. Single-threaded, one client at a
 * time; exits after --max-seconds or when the stop file appears.
 * With --walk it parses the wire format without building messages (a
 * cheaper receiver, so rn-export's own speed shows).
 *   rn_otlp_sink [--walk] PORT_FILE STATS_FILE STOP_FILE [MAX_SECONDS] */
#include "rn_otlp.pb-c.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

static unsigned long long nreq, nspans, nbad;

static int gunzip(const unsigned char *in, size_t n, unsigned char **out, size_t *outlen)
{
	static unsigned char *buf;
	static size_t cap;
	z_stream z;
	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, 15 + 16) != Z_OK)
		return -1;
	z.next_in = (unsigned char *)in;
	z.avail_in = (uInt)n;
	size_t o = 0;
	int rc;
	do {
		if (o + 65536 > cap) {
			size_t ncap = cap ? cap * 2 : 1 << 20;
			unsigned char *nb = realloc(buf, ncap);
			if (!nb) {
				inflateEnd(&z);
				return -1;
			}
			buf = nb;
			cap = ncap;
		}
		z.next_out = buf + o;
		z.avail_out = (uInt)(cap - o);
		rc = inflate(&z, Z_NO_FLUSH);
		o = cap - z.avail_out;
	} while (rc == Z_OK);
	inflateEnd(&z);
	*out = buf;
	*outlen = o;
	return rc == Z_STREAM_END ? 0 : -1;
}

/* --walk: decodes the wire format without building messages: every
 * field's tag, varint and length is read and checked, and the spans are
 * counted at request.resource_spans(1).scope_spans(2).spans(2). */
static int varint(const unsigned char **p, const unsigned char *end, uint64_t *v)
{
	*v = 0;
	for (int sh = 0; sh < 64 && *p < end; sh += 7) {
		unsigned char b = *(*p)++;
		*v |= (uint64_t)(b & 0x7f) << sh;
		if (!(b & 0x80))
			return 0;
	}
	return -1;
}

/* Walks a message; depth 0 = request, 1 = ResourceSpans, 2 = ScopeSpans. */
static int walk(const unsigned char *p, const unsigned char *end, int depth)
{
	while (p < end) {
		uint64_t key, v;
		if (varint(&p, end, &key) < 0)
			return -1;
		switch (key & 7) {
		case 0:
			if (varint(&p, end, &v) < 0)
				return -1;
			break;
		case 1:
			if (end - p < 8)
				return -1;
			p += 8;
			break;
		case 5:
			if (end - p < 4)
				return -1;
			p += 4;
			break;
		case 2: {
			if (varint(&p, end, &v) < 0 || v > (uint64_t)(end - p))
				return -1;
			uint64_t f = key >> 3;
			if ((depth == 0 && f == 1) || (depth == 1 && f == 2)) {
				if (walk(p, p + v, depth + 1) < 0)
					return -1;
			} else if (depth == 2 && f == 2) {
				nspans++;
			}
			p += v;
			break;
		}
		default:
			return -1;
		}
	}
	return 0;
}

static int walk_mode;

static void decode(const unsigned char *body, size_t len)
{
	if (walk_mode) {
		nreq++;
		if (walk(body, body + len, 0) < 0)
			nbad++;
		return;
	}
	Rnotlp__ExportTraceServiceRequest *r =
	    rnotlp__export_trace_service_request__unpack(NULL, len, body);
	nreq++;
	if (!r) {
		nbad++;
		return;
	}
	for (size_t i = 0; i < r->n_resource_spans; i++)
		for (size_t k = 0; k < r->resource_spans[i]->n_scope_spans; k++)
			nspans += r->resource_spans[i]->scope_spans[k]->n_spans;
	rnotlp__export_trace_service_request__free_unpacked(r, NULL);
}

/* Serves one connection until it closes. */
static void serve(int fd)
{
	static char *buf;
	static size_t cap;
	size_t len = 0;
	for (;;) {
		char *end = len ? memmem(buf, len, "\r\n\r\n", 4) : NULL;
		if (end) {
			size_t hlen = (size_t)(end - buf) + 4, clen = 0;
			int gz = 0;
			for (char *l = buf; l < end; l = strstr(l, "\r\n") + 2) {
				if (strncasecmp(l, "content-length:", 15) == 0)
					clen = strtoul(l + 15, NULL, 10);
				if (strncasecmp(l, "content-encoding: gzip", 22) == 0)
					gz = 1;
			}
			if (len >= hlen + clen) {
				unsigned char *b = (unsigned char *)buf + hlen, *plain;
				size_t plen;
				if (gz && gunzip(b, clen, &plain, &plen) == 0)
					decode(plain, plen);
				else if (!gz)
					decode(b, clen);
				else
					nbad++;
				static const char ok[] =
				    "HTTP/1.1 200 OK\r\nContent-Type: "
				    "application/x-protobuf\r\nContent-Length: 0\r\n\r\n";
				if (write(fd, ok, sizeof(ok) - 1) < 0)
					return;
				memmove(buf, buf + hlen + clen, len - hlen - clen);
				len -= hlen + clen;
				continue;
			}
		}
		if (len + 65536 > cap) {
			size_t ncap = cap ? cap * 2 : 1 << 20;
			char *nb = realloc(buf, ncap);
			if (!nb)
				return;
			buf = nb;
			cap = ncap;
		}
		ssize_t n = read(fd, buf + len, cap - len);
		if (n <= 0)
			return;
		len += (size_t)n;
	}
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--walk") == 0) {
		walk_mode = 1;
		argc--;
		argv++;
	}
	if (argc < 4)
		return 2;
	double max = argc > 4 ? atof(argv[4]) : 120;
	int s = socket(AF_INET, SOCK_STREAM, 0), one = 1;
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t al = sizeof(a);
	if (bind(s, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(s, 16) < 0 ||
	    getsockname(s, (struct sockaddr *)&a, &al) < 0)
		return 1;
	FILE *pf = fopen(argv[1], "w");
	if (!pf)
		return 1;
	fprintf(pf, "%d", ntohs(a.sin_port));
	fclose(pf);
	time_t t0 = time(NULL);
	while (difftime(time(NULL), t0) < max && access(argv[3], F_OK) != 0) {
		struct pollfd p = {s, POLLIN, 0};
		if (poll(&p, 1, 50) <= 0)
			continue;
		int c = accept(s, NULL, NULL);
		if (c >= 0) {
			serve(c);
			close(c);
		}
	}
	FILE *sf = fopen(argv[2], "w");
	if (sf) {
		fprintf(sf, "requests=%llu spans=%llu bad=%llu\n", nreq, nspans, nbad);
		fclose(sf);
	}
	return 0;
}
