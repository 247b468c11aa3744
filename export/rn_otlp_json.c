/* rn_otlp_json.c: a batch of spans as OTLP JSON (the encoding OTLP/HTTP JSON
 * and a collector's file exporter use): ids as hex strings, enums as
 * integers, 64-bit integers as decimal strings, lowerCamelCase field names. */
#include "rn_otlp_enc.h"

#include <inttypes.h>

static void put_attrs(rn_export_buf *b, const rn_xattr *a, int n)
{
	rn_export_buf_str(b, "[");
	for (int i = 0; i < n; i++) {
		if (i)
			rn_export_buf_str(b, ",");
		rn_export_buf_str(b, "{\"key\":");
		rn_export_buf_json_str(b, a[i].key);
		switch (a[i].type) {
		case RN_XA_STR:
			rn_export_buf_str(b, ",\"value\":{\"stringValue\":");
			rn_export_buf_json_str(b, a[i].s);
			rn_export_buf_str(b, "}}");
			break;
		case RN_XA_BOOL:
			rn_export_buf_str(b, a[i].i ? ",\"value\":{\"boolValue\":true}}"
			                            : ",\"value\":{\"boolValue\":false}}");
			break;
		case RN_XA_DOUBLE:
			rn_export_buf_printf(b, ",\"value\":{\"doubleValue\":%.17g}}", a[i].d);
			break;
		default:
			rn_export_buf_str(b, ",\"value\":{\"intValue\":\"");
			rn_export_buf_i64(b, a[i].i);
			rn_export_buf_str(b, "\"}}");
			break;
		}
	}
	rn_export_buf_str(b, "]");
}

static void put_span(rn_export_buf *b, const rn_span *s, const uint8_t *trace_id)
{
	rn_export_buf_str(b, "{\"traceId\":\"");
	rn_export_buf_hex(b, trace_id, 16);
	rn_export_buf_str(b, "\",\"spanId\":\"");
	rn_export_buf_hex(b, s->span_id, 8);
	rn_export_buf_str(b, "\",");
	if (s->has_parent) {
		rn_export_buf_str(b, "\"parentSpanId\":\"");
		rn_export_buf_hex(b, s->parent_id, 8);
		rn_export_buf_str(b, "\",");
	}
	rn_export_buf_str(b, "\"name\":");
	rn_export_buf_json_str(b, s->name);
	rn_export_buf_str(b, ",\"kind\":1,\"startTimeUnixNano\":\"");
	rn_export_buf_u64(b, s->start);
	rn_export_buf_str(b, "\",\"endTimeUnixNano\":\"");
	rn_export_buf_u64(b, s->end);
	rn_export_buf_str(b, "\",\"attributes\":");
	put_attrs(b, s->attrs, s->nattrs);
	if (s->nevents) {
		rn_export_buf_str(b, ",\"events\":[");
		for (int i = 0; i < s->nevents; i++) {
			rn_export_buf_printf(b, "%s{\"timeUnixNano\":\"%" PRIu64 "\",\"name\":",
			                     i ? "," : "", s->events[i].time);
			rn_export_buf_json_str(b, s->events[i].name);
			rn_export_buf_str(b, ",\"attributes\":");
			put_attrs(b, s->events[i].attrs, s->events[i].nattrs);
			rn_export_buf_str(b, "}");
		}
		rn_export_buf_str(b, "]");
	}
	if (s->dropped_events)
		rn_export_buf_printf(b, ",\"droppedEventsCount\":%u", s->dropped_events);
	if (s->status || s->status_msg) {
		rn_export_buf_printf(b, ",\"status\":{\"code\":%d", s->status);
		if (s->status_msg) {
			rn_export_buf_str(b, ",\"message\":");
			rn_export_buf_json_str(b, s->status_msg);
		}
		rn_export_buf_str(b, "}");
	}
	rn_export_buf_str(b, "}");
}

int rn_otlp_json_encode(const rn_otlp_res *r, const rn_span *spans, size_t n, rn_export_buf *out)
{
	rn_export_buf_str(out, "{\"resourceSpans\":[{\"resource\":{\"attributes\":");
	put_attrs(out, r->attrs, r->nattrs);
	rn_export_buf_str(out, "},\"scopeSpans\":[{\"scope\":{\"name\":\"" RN_OTLP_SCOPE
	                       "\",\"version\":\"" RN_VERSION "\"},\"spans\":[");
	for (size_t i = 0; i < n; i++) {
		if (i)
			rn_export_buf_str(out, ",");
		put_span(out, &spans[i], r->trace_id);
	}
	rn_export_buf_str(out, "]}]}]}");
	return out->oom ? -1 : 0;
}
