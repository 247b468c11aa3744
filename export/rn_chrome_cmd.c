/* rn_chrome_cmd.c: `rn-export chrome FILE`: Chrome Trace Event JSON that
 * Perfetto and chrome://tracing load. Each syscall and function call is a
 * complete ("X") event on its (pid, tid) track; ts and dur are microseconds
 * from the start of the recording; process and thread names are metadata
 * ("M") events; signals and execs are thread-scoped instant ("i") events.
 * When events were lost while recording, otherData says how many
 * ("rn.lost_events", "rn.warning"), a global instant event at time 0 shows
 * it on the timeline, and stderr gets the warning line. */
#include "rn_export.h"
#include "rn_export_buf.h"
#include "rn_int_map.h"
#include "rn_loss.h"
#include "rn_span.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct chrome_run {
	rn_model *m;
	FILE *f;
	rn_export_buf b;
	uint64_t t0;        /* rounded down to the clock resolution */
	int decimals;       /* of a microsecond, rn_header_us_decimals */
	rn_int_map threads; /* tid -> pid + 1 */
	int first;
	int err;
} chrome_run;

/* ns as microseconds, with the decimals the clock resolution carries. */
static void put_us(rn_export_buf *b, const char *key, uint64_t ns, int decimals)
{
	static const unsigned div[] = {1000, 100, 10, 1};
	rn_export_buf_printf(b, ",\"%s\":%" PRIu64, key, ns / 1000);
	if (decimals > 0 && decimals <= 3)
		rn_export_buf_printf(b, ".%0*u", decimals, (unsigned)(ns % 1000) / div[decimals]);
}

static void begin_event(chrome_run *c)
{
	rn_export_buf_str(&c->b, c->first ? "\n" : ",\n");
	c->first = 0;
}

static void put_args(rn_export_buf *b, const rn_xattr *a, int n)
{
	rn_export_buf_str(b, ",\"args\":{");
	for (int i = 0; i < n; i++) {
		if (i)
			rn_export_buf_str(b, ",");
		rn_export_buf_json_str(b, a[i].key);
		rn_export_buf_str(b, ":");
		if (a[i].type == RN_XA_STR)
			rn_export_buf_json_str(b, a[i].s);
		else if (a[i].type == RN_XA_BOOL)
			rn_export_buf_str(b, a[i].i ? "true" : "false");
		else if (a[i].type == RN_XA_DOUBLE)
			rn_export_buf_printf(b, "%.17g", a[i].d);
		else
			rn_export_buf_printf(b, "%" PRId64, a[i].i);
	}
	rn_export_buf_str(b, "}");
}

static uint64_t rel(const chrome_run *c, uint64_t t)
{
	return t > c->t0 ? t - c->t0 : 0;
}

static void metadata(chrome_run *c, const char *what, int32_t pid, int32_t tid, const char *name)
{
	begin_event(c);
	rn_export_buf_printf(
	    &c->b, "{\"ph\":\"M\",\"name\":\"%s\",\"pid\":%d,\"tid\":%d,\"args\":{\"name\":", what,
	    (int)pid, (int)tid);
	rn_export_buf_json_str(&c->b, name);
	rn_export_buf_str(&c->b, "}}");
}

static void instants(chrome_run *c, const rn_span *s)
{
	for (int i = 0; i < s->nevents; i++) {
		const rn_xevent *e = &s->events[i];
		int64_t tid = s->tid;
		for (int k = 0; k < e->nattrs; k++)
			if (strcmp(e->attrs[k].key, "thread.id") == 0 && e->attrs[k].i)
				tid = e->attrs[k].i;
		/* Event times are unix ns; go back to the recording's clock. */
		uint64_t mono = e->time - (s->start - s->mono_start);
		begin_event(c);
		rn_export_buf_str(&c->b, "{\"ph\":\"i\",\"s\":\"t\",\"name\":");
		rn_export_buf_json_str(&c->b, e->name);
		rn_export_buf_printf(&c->b, ",\"cat\":\"event\",\"pid\":%d,\"tid\":%" PRId64,
		                     (int)s->pid, tid);
		put_us(&c->b, "ts", rel(c, mono), c->decimals);
		put_args(&c->b, e->attrs, e->nattrs);
		rn_export_buf_str(&c->b, "}");
	}
}

static int on_span(void *ctx, const rn_span *s)
{
	chrome_run *c = ctx;
	if (s->kind == RN_XS_PROC) {
		const char *name = strncmp(s->name, "process ", 8) == 0 ? s->name + 8 : s->name;
		metadata(c, "process_name", s->pid, s->pid, name);
		instants(c, s);
	} else if (s->kind == RN_XS_SYSCALL || s->kind == RN_XS_FUNC) {
		if (!rn_int_map_get(&c->threads, s->tid))
			rn_int_map_put(&c->threads, s->tid,
			               (void *)(intptr_t)((intptr_t)s->pid + 1));
		begin_event(c);
		rn_export_buf_str(&c->b, "{\"ph\":\"X\",\"name\":");
		rn_export_buf_json_str(&c->b, s->name);
		rn_export_buf_printf(&c->b, ",\"cat\":\"%s\",\"pid\":%d,\"tid\":%d",
		                     s->kind == RN_XS_SYSCALL ? "syscall" : "function", (int)s->pid,
		                     (int)s->tid);
		/* function events keep ns: they come from the program's own clock */
		int dec = s->kind == RN_XS_FUNC ? 3 : c->decimals;
		put_us(&c->b, "ts", rel(c, s->mono_start), dec);
		put_us(&c->b, "dur", s->mono_end > s->mono_start ? s->mono_end - s->mono_start : 0,
		       dec);
		put_args(&c->b, s->attrs, s->nattrs);
		rn_export_buf_str(&c->b, "}");
	}
	if (c->b.len > (1u << 20)) {
		if (fwrite(c->b.p, 1, c->b.len, c->f) != c->b.len)
			c->err = 1;
		c->b.len = 0;
	}
	return c->err || c->b.oom ? -1 : 0;
}

int rn_export_chrome(int argc, char **argv)
{
	rn_file_opts fo;
	char err[512];
	int rc = rn_file_opts_parse("chrome", argc, argv, &fo);
	if (rc)
		return rc == 1 ? 0 : rc;
	rn_model_opts mo = {NULL, NULL, 0, fo.no_functions};
	chrome_run c = {0};
	c.first = 1;
	c.m = rn_model_open(fo.trace, &mo, err, sizeof(err));
	if (!c.m)
		return rn_export_error("%s", err);
	const rn_header *h = rn_reader_header(rn_model_reader(c.m));
	c.t0 = h->mono_start_ns - h->mono_start_ns % rn_header_res(h);
	c.decimals = rn_header_us_decimals(h);
	c.f = rn_export_open_out(fo.out);
	if (!c.f) {
		rn_model_close(c.m);
		return 1;
	}
	/* Rule 2: the loss first (from the model's first pass): otherData opens
	 * the file and the loss's global instant event opens the list. */
	char lost[512];
	const rn_loss_tally *lt;
	const rn_damage *pre;
	rn_model_first(c.m, &lt, &pre);
	const char *dmgline = pre->line;
	int said = rn_loss_line(lt, lost, sizeof(lost));
	rn_export_first(fo.trace, lt, pre); /* stderr too, before the data */
	rn_export_buf_printf(&c.b,
	                     "{\"otherData\":{\"producer\":\"rn-export " RN_VERSION
	                     "\",\"rn.lost_events\":%" PRIu64,
	                     lt->total);
	if (said) {
		rn_export_buf_str(&c.b, ",\"rn.warning\":");
		rn_export_buf_json_str(&c.b, lost);
	}
	if (dmgline[0]) {
		rn_export_buf_str(&c.b, ",\"rn.damage\":");
		rn_export_buf_json_str(&c.b, dmgline);
	}
	char unread[256];
	if (rn_unread_line(lt, unread, sizeof(unread))) {
		rn_export_buf_printf(
		    &c.b, ",\"rn.unread_captures\":%" PRIu64 ",\"rn.unread\":", lt->unread);
		rn_export_buf_json_str(&c.b, unread);
	}
	rn_export_buf_str(&c.b, "},\"displayTimeUnit\":\"ns\",\"traceEvents\":[");
	if (said) {
		begin_event(&c);
		rn_export_buf_str(&c.b, "{\"ph\":\"i\",\"s\":\"g\",\"name\":");
		rn_export_buf_json_str(&c.b, lost);
		rn_export_buf_str(&c.b, ",\"cat\":\"loss\",\"pid\":0,\"tid\":0,\"ts\":0}");
	}
	rn_model_run(c.m, on_span, &c);
	size_t i = 0;
	int32_t tid;
	void *v;
	while ((v = rn_int_map_next(&c.threads, &i, &tid))) {
		char name[32];
		int32_t pid = (int32_t)((intptr_t)v - 1);
		snprintf(name, sizeof(name), pid == tid ? "main %d" : "thread %d", (int)tid);
		metadata(&c, "thread_name", pid, tid, name);
	}
	rn_export_buf_str(&c.b, "\n]}\n");
	if (c.b.oom || fwrite(c.b.p, 1, c.b.len, c.f) != c.b.len)
		c.err = 1;
	rc = rn_export_close_out(c.f, fo.out);
	if (c.b.oom && !rc) /* a failed write was reported at close */
		rc = rn_export_error("out of memory");
	rc |= rn_export_damage_after(rn_model_reader(c.m), rn_model_damage(c.m));
	rn_int_map_free(&c.threads);
	rn_export_buf_free(&c.b);
	rn_model_close(c.m);
	return rc ? 1 : 0;
}
