/* rn_otlp_pb.c: a batch of spans as a protobuf ExportTraceServiceRequest:
 * the resource, scope and spans are protobuf-c messages built in one scratch
 * allocation; the enclosing request/ResourceSpans/ScopeSpans headers are
 * written directly. */
#include "rn_otlp.pb-c.h"
#include "rn_otlp_enc.h"

#include <stdlib.h>
#include <string.h>

typedef struct pb_scratch {
	Rnotlp__KeyValue *kv;
	Rnotlp__KeyValue **kvp;
	Rnotlp__AnyValue *av;
	size_t nkv;
	Rnotlp__Span *sp;
	Rnotlp__Span **spp;
	Rnotlp__Span__Event *ev;
	Rnotlp__Span__Event **evp;
	size_t nev;
	Rnotlp__Status *st;
} pb_scratch;

static Rnotlp__KeyValue **put_attrs(pb_scratch *s, const rn_xattr *a, int n)
{
	Rnotlp__KeyValue **first = s->kvp + s->nkv;
	for (int i = 0; i < n; i++) {
		Rnotlp__KeyValue *kv = &s->kv[s->nkv];
		Rnotlp__AnyValue *v = &s->av[s->nkv];
		rnotlp__key_value__init(kv);
		rnotlp__any_value__init(v);
		kv->key = (char *)a[i].key;
		kv->value = v;
		switch (a[i].type) {
		case RN_XA_STR:
			v->value_case = RNOTLP__ANY_VALUE__VALUE_STRING_VALUE;
			v->string_value = (char *)(a[i].s ? a[i].s : "");
			break;
		case RN_XA_BOOL:
			v->value_case = RNOTLP__ANY_VALUE__VALUE_BOOL_VALUE;
			v->bool_value = a[i].i != 0;
			break;
		case RN_XA_DOUBLE:
			v->value_case = RNOTLP__ANY_VALUE__VALUE_DOUBLE_VALUE;
			v->double_value = a[i].d;
			break;
		default:
			v->value_case = RNOTLP__ANY_VALUE__VALUE_INT_VALUE;
			v->int_value = a[i].i;
			break;
		}
		s->kvp[s->nkv++] = kv;
	}
	return first;
}

static void put_span(pb_scratch *s, size_t i, const rn_span *x, const uint8_t *trace_id)
{
	Rnotlp__Span *sp = &s->sp[i];
	rnotlp__span__init(sp);
	sp->trace_id = (ProtobufCBinaryData){16, (uint8_t *)trace_id};
	sp->span_id = (ProtobufCBinaryData){8, (uint8_t *)x->span_id};
	if (x->has_parent)
		sp->parent_span_id = (ProtobufCBinaryData){8, (uint8_t *)x->parent_id};
	sp->name = (char *)x->name;
	sp->kind = RNOTLP__SPAN__SPAN_KIND__SPAN_KIND_INTERNAL;
	sp->start_time_unix_nano = x->start;
	sp->end_time_unix_nano = x->end;
	sp->n_attributes = (size_t)x->nattrs;
	sp->attributes = put_attrs(s, x->attrs, x->nattrs);
	if (x->nevents) {
		sp->n_events = (size_t)x->nevents;
		sp->events = s->evp + s->nev;
		for (int k = 0; k < x->nevents; k++) {
			Rnotlp__Span__Event *e = &s->ev[s->nev];
			rnotlp__span__event__init(e);
			e->time_unix_nano = x->events[k].time;
			e->name = (char *)x->events[k].name;
			e->n_attributes = (size_t)x->events[k].nattrs;
			e->attributes = put_attrs(s, x->events[k].attrs, x->events[k].nattrs);
			s->evp[s->nev++] = e;
		}
	}
	sp->dropped_events_count = x->dropped_events;
	if (x->status || x->status_msg) {
		Rnotlp__Status *st = &s->st[i];
		rnotlp__status__init(st);
		st->code = (Rnotlp__Status__StatusCode)x->status;
		st->message = (char *)(x->status_msg ? x->status_msg : "");
		sp->status = st;
	}
	s->spp[i] = sp;
}

/* Appends a protobuf varint. */
static void put_varint(rn_export_buf *out, uint64_t v)
{
	uint8_t b[10];
	size_t n = 0;
	do {
		b[n++] = (uint8_t)((v & 0x7f) | (v > 0x7f ? 0x80 : 0));
		v >>= 7;
	} while (v);
	rn_export_buf_add(out, b, n);
}

static size_t varint_len(uint64_t v)
{
	size_t n = 1;
	while (v > 0x7f) {
		v >>= 7;
		n++;
	}
	return n;
}

/* A length-delimited field: tag (field, wire type 2) and length. */
static void put_len_field(rn_export_buf *out, uint32_t field, uint64_t len)
{
	put_varint(out, (uint64_t)field << 3 | 2);
	put_varint(out, len);
}

static size_t len_field_size(uint32_t field, uint64_t len)
{
	return varint_len((uint64_t)field << 3 | 2) + varint_len(len) + len;
}

/* The request is ExportTraceServiceRequest{resource_spans(1): ResourceSpans{
 * resource(1), scope_spans(2): ScopeSpans{scope(1), spans(2)...}}}. Resource,
 * scope and each Span are packed by protobuf-c; the three enclosing headers
 * are written here, so each span's size is computed once instead of once per
 * enclosing level. */
int rn_otlp_pb_encode(const rn_otlp_res *r, const rn_span *spans, size_t n, rn_export_buf *out)
{
	size_t nkv = (size_t)r->nattrs, nev = 0;
	for (size_t i = 0; i < n; i++) {
		nkv += (size_t)spans[i].nattrs;
		nev += (size_t)spans[i].nevents;
		for (int k = 0; k < spans[i].nevents; k++)
			nkv += (size_t)spans[i].events[k].nattrs;
	}
	pb_scratch s = {0};
	s.kv = malloc((nkv + 1) * sizeof(*s.kv));
	s.kvp = malloc((nkv + 1) * sizeof(*s.kvp));
	s.av = malloc((nkv + 1) * sizeof(*s.av));
	s.sp = malloc((n + 1) * sizeof(*s.sp));
	s.spp = malloc((n + 1) * sizeof(*s.spp));
	s.st = malloc((n + 1) * sizeof(*s.st));
	s.ev = malloc((nev + 1) * sizeof(*s.ev));
	s.evp = malloc((nev + 1) * sizeof(*s.evp));
	size_t *sizes = malloc((n + 1) * sizeof(*sizes));
	int rc = -1;
	if (!s.kv || !s.kvp || !s.av || !s.sp || !s.spp || !s.st || !s.ev || !s.evp || !sizes)
		goto out;
	Rnotlp__Resource res = RNOTLP__RESOURCE__INIT;
	res.n_attributes = (size_t)r->nattrs;
	res.attributes = put_attrs(&s, r->attrs, r->nattrs);
	Rnotlp__InstrumentationScope scope = RNOTLP__INSTRUMENTATION_SCOPE__INIT;
	scope.name = RN_OTLP_SCOPE;
	scope.version = RN_VERSION;
	size_t res_len = rnotlp__resource__get_packed_size(&res);
	size_t scope_len = rnotlp__instrumentation_scope__get_packed_size(&scope);
	size_t ss_len = len_field_size(1, scope_len);
	for (size_t i = 0; i < n; i++) {
		put_span(&s, i, &spans[i], r->trace_id);
		sizes[i] = rnotlp__span__get_packed_size(&s.sp[i]);
		ss_len += len_field_size(2, sizes[i]);
	}
	size_t rs_len = len_field_size(1, res_len) + len_field_size(2, ss_len);
	if (rn_export_buf_reserve(out, len_field_size(1, rs_len)) < 0)
		goto out;
	put_len_field(out, 1, rs_len);
	put_len_field(out, 1, res_len);
	out->len += rnotlp__resource__pack(&res, (uint8_t *)out->p + out->len);
	put_len_field(out, 2, ss_len);
	put_len_field(out, 1, scope_len);
	out->len += rnotlp__instrumentation_scope__pack(&scope, (uint8_t *)out->p + out->len);
	for (size_t i = 0; i < n; i++) {
		put_len_field(out, 2, sizes[i]);
		out->len += rnotlp__span__pack(&s.sp[i], (uint8_t *)out->p + out->len);
	}
	rc = out->oom ? -1 : 0;
out:
	free(sizes);
	free(s.kv);
	free(s.kvp);
	free(s.av);
	free(s.sp);
	free(s.spp);
	free(s.st);
	free(s.ev);
	free(s.evp);
	return rc;
}
