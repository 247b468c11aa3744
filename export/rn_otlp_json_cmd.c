/* rn_otlp_json_cmd.c: `rn-export otlp-json FILE`: the spans as OTLP JSON, one
 * ExportTraceServiceRequest per line of up to 512 spans, as an OpenTelemetry
 * Collector's file exporter writes them. */
#include "rn_export.h"
#include "rn_loss.h"
#include "rn_otlp_enc.h"
#include "rn_span_batch.h"

#include <stdio.h>
#include <stdlib.h>

#define OTLP_JSON_BATCH 512

typedef struct oj_run {
	rn_otlp_res res;
	rn_span_batch batch;
	rn_export_buf out;
	FILE *f;
	int err;
} oj_run;

static void flush(oj_run *o)
{
	if (!o->batch.n)
		return;
	o->out.len = 0;
	if (rn_otlp_json_encode(&o->res, o->batch.spans, o->batch.n, &o->out) < 0)
		o->err = 1;
	rn_export_buf_add(&o->out, "\n", 1);
	if (!o->out.oom && fwrite(o->out.p, 1, o->out.len, o->f) != o->out.len && !o->err)
		o->err = 2; /* a write error: reported at close */
	rn_span_batch_reset(&o->batch);
}

static int on_span(void *ctx, const rn_span *s)
{
	oj_run *o = ctx;
	if (rn_span_batch_add(&o->batch, s) < 0) {
		o->err = 1;
		return -1;
	}
	if (o->batch.n >= OTLP_JSON_BATCH)
		flush(o);
	return o->err ? -1 : 0;
}

int rn_export_otlp_json(int argc, char **argv)
{
	rn_file_opts fo;
	char err[512];
	int rc = rn_file_opts_parse("otlp-json", argc, argv, &fo);
	if (rc)
		return rc == 1 ? 0 : rc;
	rn_model_opts mo = {NULL, NULL, fo.rebase_time, fo.no_functions};
	const char *svc = getenv("OTEL_SERVICE_NAME");
	mo.service_name = svc && *svc ? svc : NULL;
	mo.resource_attrs = getenv("OTEL_RESOURCE_ATTRIBUTES");
	rn_model *m = rn_model_open(fo.trace, &mo, err, sizeof(err));
	if (!m)
		return rn_export_error("%s", err);
	oj_run o = {{NULL, 0, rn_model_trace_id(m)}, {0}, {0}, NULL, 0};
	rn_model_resource(m, &o.res.attrs, &o.res.nattrs);
	const rn_loss_tally *lt;
	const rn_damage *pre;
	rn_model_first(m, &lt, &pre);
	rn_export_first(fo.trace, lt, pre); /* before the data (rule 2) */
	o.f = rn_export_open_out(fo.out);
	if (!o.f) {
		rn_model_close(m);
		return 1;
	}
	rn_model_run(m, on_span, &o);
	flush(&o);
	rc = rn_export_close_out(o.f, fo.out);
	if (o.err == 1 && !rc)
		rc = rn_export_error("out of memory");
	rc |= rn_export_damage_after(rn_model_reader(m), rn_model_damage(m));
	rn_span_batch_free(&o.batch);
	rn_export_buf_free(&o.out);
	rn_model_close(m);
	return rc ? 1 : 0;
}
