/* rn_otlp_json.c: a batch of spans as OTLP JSON (the encoding OTLP/HTTP JSON
 * and a collector's file exporter use): ids as hex strings, enums as
 * integers, 64-bit integers as decimal strings, lowerCamelCase field names. */
#include "rn_otlp_enc.h"

#include <inttypes.h>

static void put_attrs(rn_xbuf *b, const rn_xattr *a, int n)
{
	rn_xbuf_str(b, "[");
	for (int i = 0; i < n; i++) {
		if (i)
			rn_xbuf_str(b, ",");
		rn_xbuf_str(b, "{\"key\":");
		rn_xbuf_json_str(b, a[i].key);
		switch (a[i].type) {
		case RN_XA_STR:
			rn_xbuf_str(b, ",\"value\":{\"stringValue\":");
			rn_xbuf_json_str(b, a[i].s);
			rn_xbuf_str(b, "}}");
			break;
		case RN_XA_BOOL:
			rn_xbuf_str(b, a[i].i ? ",\"value\":{\"boolValue\":true}}"
			                      : ",\"value\":{\"boolValue\":false}}");
			break;
		case RN_XA_DOUBLE:
			rn_xbuf_printf(b, ",\"value\":{\"doubleValue\":%.17g}}", a[i].d);
			break;
		default:
			rn_xbuf_str(b, ",\"value\":{\"intValue\":\"");
			rn_xbuf_i64(b, a[i].i);
			rn_xbuf_str(b, "\"}}");
			break;
		}
	}
	rn_xbuf_str(b, "]");
}

static void put_span(rn_xbuf *b, const rn_xspan *s, const uint8_t *trace_id)
{
	rn_xbuf_str(b, "{\"traceId\":\"");
	rn_xbuf_hex(b, trace_id, 16);
	rn_xbuf_str(b, "\",\"spanId\":\"");
	rn_xbuf_hex(b, s->span_id, 8);
	rn_xbuf_str(b, "\",");
	if (s->has_parent) {
		rn_xbuf_str(b, "\"parentSpanId\":\"");
		rn_xbuf_hex(b, s->parent_id, 8);
		rn_xbuf_str(b, "\",");
	}
	rn_xbuf_str(b, "\"name\":");
	rn_xbuf_json_str(b, s->name);
	rn_xbuf_str(b, ",\"kind\":1,\"startTimeUnixNano\":\"");
	rn_xbuf_u64(b, s->start);
	rn_xbuf_str(b, "\",\"endTimeUnixNano\":\"");
	rn_xbuf_u64(b, s->end);
	rn_xbuf_str(b, "\",\"attributes\":");
	put_attrs(b, s->attrs, s->nattrs);
	if (s->nevents) {
		rn_xbuf_str(b, ",\"events\":[");
		for (int i = 0; i < s->nevents; i++) {
			rn_xbuf_printf(b, "%s{\"timeUnixNano\":\"%" PRIu64 "\",\"name\":",
			               i ? "," : "", s->events[i].time);
			rn_xbuf_json_str(b, s->events[i].name);
			rn_xbuf_str(b, ",\"attributes\":");
			put_attrs(b, s->events[i].attrs, s->events[i].nattrs);
			rn_xbuf_str(b, "}");
		}
		rn_xbuf_str(b, "]");
	}
	if (s->dropped_events)
		rn_xbuf_printf(b, ",\"droppedEventsCount\":%u", s->dropped_events);
	if (s->status || s->status_msg) {
		rn_xbuf_printf(b, ",\"status\":{\"code\":%d", s->status);
		if (s->status_msg) {
			rn_xbuf_str(b, ",\"message\":");
			rn_xbuf_json_str(b, s->status_msg);
		}
		rn_xbuf_str(b, "}");
	}
	rn_xbuf_str(b, "}");
}

int rn_otlp_json_encode(const rn_otlp_res *r, const rn_xspan *spans, size_t n, rn_xbuf *out)
{
	rn_xbuf_str(out, "{\"resourceSpans\":[{\"resource\":{\"attributes\":");
	put_attrs(out, r->attrs, r->nattrs);
	rn_xbuf_str(out, "},\"scopeSpans\":[{\"scope\":{\"name\":\"" RN_OTLP_SCOPE
	                 "\",\"version\":\"" RN_VERSION "\"},\"spans\":[");
	for (size_t i = 0; i < n; i++) {
		if (i)
			rn_xbuf_str(out, ",");
		put_span(out, &spans[i], r->trace_id);
	}
	rn_xbuf_str(out, "]}]}]}");
	return out->oom ? -1 : 0;
}
