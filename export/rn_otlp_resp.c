/* rn_otlp_resp.c: reads the collector's ExportTraceServiceResponse, protobuf
 * (protobuf-c) or JSON, for partial_success. The body is untrusted input:
 * any length, any bytes. */
#include "rn_otlp.pb-c.h"
#include "rn_otlp_enc.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Finds "key" in JSON text and returns the position after its colon. */
static const char *json_key(const char *s, size_t n, const char *key)
{
	size_t kl = strlen(key);
	for (size_t i = 0; i + kl + 2 <= n; i++) {
		if (s[i] == '"' && memcmp(s + i + 1, key, kl) == 0 && s[i + 1 + kl] == '"') {
			size_t j = i + kl + 2;
			while (j < n && isspace((unsigned char)s[j]))
				j++;
			if (j < n && s[j] == ':')
				return s + j + 1;
		}
	}
	return NULL;
}

static int parse_json(const char *s, size_t n, int64_t *rejected, char *msg, size_t msglen)
{
	const char *end = s + n, *p = json_key(s, n, "rejectedSpans");
	if (p) {
		while (p < end && (isspace((unsigned char)*p) || *p == '"'))
			p++;
		int64_t v = 0;
		while (p < end && isdigit((unsigned char)*p) && v < (int64_t)1 << 50)
			v = v * 10 + (*p++ - '0');
		*rejected = v;
	}
	p = json_key(s, n, "errorMessage");
	if (p && msglen) {
		while (p < end && isspace((unsigned char)*p))
			p++;
		size_t o = 0;
		if (p < end && *p == '"')
			for (p++; p < end && *p != '"' && o + 1 < msglen; p++)
				msg[o++] = isprint((unsigned char)*p) ? *p : '?';
		msg[o] = 0;
	}
	return 0;
}

int rn_otlp_response_parse(const void *body, size_t len, int json, int64_t *rejected, char *msg,
                           size_t msglen)
{
	*rejected = 0;
	if (msglen)
		msg[0] = 0;
	if (!len)
		return 0;
	if (json)
		return parse_json(body, len, rejected, msg, msglen);
	Rnotlp__ExportTraceServiceResponse *r =
	    rnotlp__export_trace_service_response__unpack(NULL, len, body);
	if (!r)
		return -1;
	if (r->partial_success) {
		*rejected = r->partial_success->rejected_spans;
		if (msglen && r->partial_success->error_message)
			snprintf(msg, msglen, "%s", r->partial_success->error_message);
	}
	rnotlp__export_trace_service_response__free_unpacked(r, NULL);
	return 0;
}
