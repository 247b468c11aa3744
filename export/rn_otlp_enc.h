/* rn_otlp_enc.h: encoding a batch of spans as one OTLP
 * ExportTraceServiceRequest, in protobuf (protobuf-c, rn_otlp.proto) or in
 * OTLP JSON (hex ids, integer enums, 64-bit integers as decimal strings),
 * and decoding the collector's answer. */
#ifndef RN_OTLP_ENC_H
#define RN_OTLP_ENC_H

#include "rn_export_buf.h"
#include "rn_span.h"

typedef struct rn_otlp_res {
	const rn_xattr *attrs;
	int nattrs;
	const uint8_t *trace_id; /* 16 bytes */
} rn_otlp_res;

#define RN_OTLP_SCOPE "rn-export"

/* Appends the encoded request to out. Returns 0, or -1 when out of memory. */
int rn_otlp_pb_encode(const rn_otlp_res *r, const rn_span *spans, size_t n, rn_export_buf *out);
int rn_otlp_json_encode(const rn_otlp_res *r, const rn_span *spans, size_t n, rn_export_buf *out);

/* Reads an ExportTraceServiceResponse (protobuf, or JSON when json is set):
 * *rejected = partial_success.rejected_spans, msg = its error_message.
 * Returns 0, or -1 when the body is not a valid response (an empty body is
 * valid: full success). */
int rn_otlp_response_parse(const void *body, size_t len, int json, int64_t *rejected, char *msg,
                           size_t msglen);

#endif
