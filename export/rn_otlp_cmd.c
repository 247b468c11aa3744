/* rn_otlp_cmd.c: `rn-export otlp FILE`: streams the trace's spans in
 * batches to an OTLP endpoint (a bounded queue of batches in memory) and ends with
 * a line accounting for every span. */
#include "rn_export.h"
#include "rn_loss.h"
#include "rn_otlp.h"
#include "rn_otlp_queue.h"
#include "rn_progress.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Set by SIGINT/SIGTERM: stop reading, send nothing more, account. */
static volatile int interrupted;

static void on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

static void catch_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

typedef struct otlp_run {
	rn_otlp_conf *c;
	rn_model *m;
	rn_otlp_deliver *d;
	rn_otlp_queue *q;
	rn_span_batch *batch; /* being filled */
	rn_progress prog;
	uint64_t spans;
	int oom;
} otlp_run;

static void flush_batch(otlp_run *o)
{
	if (!o->batch->n)
		return;
	rn_otlp_queue_put(o->q, o->batch);
	o->batch = rn_otlp_queue_get(o->q);
}

static int on_span(void *ctx, const rn_span *s)
{
	otlp_run *o = ctx;
	if (interrupted)
		return -1;
	if (rn_span_batch_add(o->batch, s) < 0) {
		o->oom = 1;
		return -1;
	}
	o->spans++;
	if (o->batch->n >= o->c->batch_size)
		flush_batch(o);
	rn_progress_update(&o->prog, rn_model_events_read(o->m), rn_model_total_events(o->m),
	                   o->spans);
	return 0;
}

static const char *proto_name(int p)
{
	return p == RN_OTLP_GRPC ? "grpc" : p == RN_OTLP_HTTP_JSON ? "http/json" : "http/protobuf";
}

int rn_export_otlp(int argc, char **argv)
{
	rn_otlp_conf c;
	const char *file = NULL;
	char err[512];
	int rc = rn_otlp_conf_parse(&c, argc, argv, &file);
	if (rc) {
		rn_otlp_conf_free(&c);
		return rc == 1 ? 0 : rc;
	}
	rn_model_opts mo = {c.service_name, c.resource_attrs, c.rebase_time, 0};
	otlp_run o = {.c = &c};
	o.m = rn_model_open(file, &mo, err, sizeof(err));
	if (!o.m) {
		rn_otlp_conf_free(&c);
		return rn_export_error("%s", err);
	}
	const rn_loss_tally *lt;
	const rn_damage *pre;
	rn_model_first(o.m, &lt, &pre);
	rn_export_first(file, lt, pre); /* before any span is sent (rule 2) */
	rn_otlp_res res = {NULL, 0, rn_model_trace_id(o.m)};
	rn_model_resource(o.m, &res.attrs, &res.nattrs);
	o.d = rn_otlp_deliver_new(&c, &res);
	o.q = o.d ? rn_otlp_queue_start(o.d, c.queue_size / c.batch_size) : NULL;
	if (!o.q) {
		rn_otlp_deliver_free(o.d);
		rn_model_close(o.m);
		rn_otlp_conf_free(&c);
		return rn_export_error("cannot set up the HTTP client");
	}
	rn_otlp_deliver_set_cancel(o.d, &interrupted);
	catch_signals();
	o.batch = rn_otlp_queue_get(o.q);
	rn_progress_start(&o.prog, c.progress < 0 ? isatty(2) : c.progress);
	rn_model_run(o.m, on_span, &o);
	if (!o.oom && o.batch->n)
		rn_otlp_queue_put(o.q, o.batch);
	rn_otlp_queue_finish(o.q);
	rn_progress_end(&o.prog);
	const rn_otlp_stats *st = rn_otlp_deliver_stats(o.d);
	double secs = rn_progress_elapsed(&o.prog);
	uint64_t lost = o.spans - st->sent - st->rejected - st->failed;
	if (st->last_error[0])
		rn_export_error("%s: %s", c.endpoint, st->last_error);
	if (o.oom)
		rn_export_error("out of memory");
	printf(RN_EXPORT_TOOL ": %llu spans to %s (%s): %llu sent, %llu rejected, %llu retried, "
	                      "%llu failed; %llu requests, %llu bytes, %.2f s, %.0f spans/s\n",
	       (unsigned long long)o.spans, c.endpoint, proto_name(c.protocol),
	       (unsigned long long)st->sent, (unsigned long long)st->rejected,
	       (unsigned long long)st->retried, (unsigned long long)(st->failed + lost),
	       (unsigned long long)st->requests, (unsigned long long)st->bytes, secs,
	       secs > 0 ? (double)o.spans / secs : 0);
	fflush(stdout);
	rc = rn_export_damage_after(rn_model_reader(o.m), rn_model_damage(o.m));
	if (st->sent != o.spans || o.oom)
		rc = 1;
	if (interrupted) {
		rn_export_error("interrupted after %llu of the trace's %llu events",
		                (unsigned long long)rn_model_events_read(o.m),
		                (unsigned long long)rn_model_total_events(o.m));
		rc = 130;
	}
	rn_otlp_deliver_free(o.d);
	rn_model_close(o.m);
	rn_otlp_conf_free(&c);
	return rc;
}
