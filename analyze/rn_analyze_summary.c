/* rn_analyze_summary.c: `rn-analyze summary` (alias -c): per-key calls, errors,
 * share of time, total and exact nearest-rank percentiles, as a strace -c
 * style table, JSON or CSV. Memory is bounded by the distinct keys plus four
 * bytes per completed call (the durations the percentiles need). */
#include "rn_analyze.h"
#include "rn_catalog.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

typedef struct sum_ctx {
	rn_analyze_table *t;
	const rn_analyze_opts *o;
	/* --by syscall: per number, its row index + 1, or SKIP_NR when its
	 * classes are left out (0: not seen yet) */
	uint32_t by_nr[RN_NR_MAX];
	int decimals_set;
} sum_ctx;

#define SKIP_NR UINT32_MAX

/* The row key of a syscall under --by; writes into buf. */
static const char *row_key(rn_analyze_scan *s, const rn_syscall *sc, int by, char *buf, size_t n)
{
	const char *name;
	switch (by) {
	case RN_BY_PROCESS:
	case RN_BY_THREAD: {
		int32_t id = by == RN_BY_PROCESS ? sc->pid : sc->tid;
		name = rn_analyze_scan_pname(s, sc->pid);
		if (name)
			snprintf(buf, n, "%d %s", id, name);
		else
			snprintf(buf, n, "%d", id);
		return buf;
	}
	case RN_BY_PATH: {
		const char *p = rn_analyze_scan_path(s, sc, buf, n);
		return p ? p : "(no path)";
	}
	case RN_BY_FD: {
		int64_t fd = rn_analyze_sc_fd(s, sc);
		if (fd >= 0) {
			const char *p = rn_analyze_scan_fdpath(s, sc->pid, fd);
			snprintf(buf, n, "fd %d%s%s", (int)fd, p ? " " : "", p ? p : "");
			return buf;
		}
		return "(no fd)";
	}
	case RN_BY_SOURCE: {
		const char *w = rn_analyze_scan_where(s, sc);
		if (w)
			return w;
		return sc->flags & RN_SC_HAS_STACK ? "(unresolved)" : "(no stack)";
	}
	}
	if (sc->flags & RN_SC_COMPAT) { /* an ia32 call: its i386 name */
		const char *n = rn_syscall_name(rn_sc_abi(s->arch, sc), sc->nr);
		if (n)
			return n;
	}
	return rn_analyze_sc_name(s, sc->nr);
}

static int visit(void *vctx, rn_analyze_scan *s, const rn_event *ev)
{
	sum_ctx *c = vctx;
	if (!c->decimals_set) {
		c->t->us_decimals = rn_header_us_decimals(s->h);
		c->decimals_set = 1;
	}
	if (ev && ev->kind == RN_EV_LOSS)
		c->t->lost += ev->u.loss.count;
	if (!ev && c->o->by == RN_BY_PATH) /* the paths are captures */
		c->t->unread = s->unread_paths;
	if (!ev)
		memcpy(c->t->damage, s->damage, sizeof(c->t->damage));
	if (!ev || ev->kind != RN_EV_SYSCALL)
		return 0;
	const rn_syscall *sc = &ev->u.sc;
	/* The common case: a row, or a skip, already known for this number. */
	int cache = c->o->by == RN_BY_SYSCALL && sc->nr < RN_NR_MAX && !(sc->flags & RN_SC_COMPAT);
	uint32_t known = cache ? c->by_nr[sc->nr] : 0;
	if (known == SKIP_NR) {
		c->t->skipped++;
		return 0;
	}
	if (known) {
		rn_analyze_row_add(&c->t->rows[known - 1], sc);
		return 0;
	}
	/* (the classes only when asked: their index costs start-up time) */
	if (c->o->skip_classes && !(sc->flags & RN_SC_COMPAT) &&
	    (rn_syscall_classes(s->arch, sc->nr) & c->o->skip_classes)) {
		if (cache)
			c->by_nr[sc->nr] = SKIP_NR;
		c->t->skipped++;
		return 0;
	}
	char buf[4096];
	const char *key = row_key(s, sc, c->o->by, buf, sizeof(buf));
	rn_analyze_row *r = rn_analyze_table_get(c->t, key);
	if (!r) {
		fprintf(stderr, "%s: out of memory\n", RN_ANALYZE_PROG);
		return -1;
	}
	if (cache)
		c->by_nr[sc->nr] = (uint32_t)(r - c->t->rows) + 1;
	rn_analyze_row_add(r, sc);
	return 0;
}

int rn_analyze_summary_collect(const rn_analyze_opts *o, const char *path, rn_analyze_table *t)
{
	sum_ctx *c = calloc(1, sizeof(*c));
	if (!c)
		return -1;
	c->t = t;
	c->o = o;
	rn_analyze_opts local = *o;
	local.need_fds = o->by == RN_BY_PATH || o->by == RN_BY_FD;
	/* Per syscall: numbers, threads, times and return values are enough. */
	local.skim = o->by == RN_BY_SYSCALL;
	int rc = rn_analyze_scan_file(path, &local, visit, c);
	free(c);
	return rc;
}

int rn_analyze_exit_code(int scan_rc)
{
	return scan_rc == -2 ? 2 : scan_rc != 0 ? 1 : 0;
}

static void totals(const rn_analyze_table *t, rn_analyze_row *sum)
{
	memset(sum, 0, sizeof(*sum));
	for (size_t i = 0; i < t->n; i++) {
		sum->calls += t->rows[i].calls;
		sum->errors += t->rows[i].errors;
		sum->unfinished += t->rows[i].unfinished;
		sum->total_ns += t->rows[i].total_ns;
	}
}

static double pct_of(uint64_t v, uint64_t total)
{
	return total ? 100.0 * (double)v / (double)total : 0;
}

static const int pct_cols[] = {RN_COL_AVG, RN_COL_MIN,  RN_COL_P50, RN_COL_P90,
                               RN_COL_P99, RN_COL_P999, RN_COL_MAX};
static const char *const pct_json[] = {"avg_ns", "min_ns",  "p50_ns", "p90_ns",
                                       "p99_ns", "p999_ns", "max_ns"};
#define NPCT (sizeof(pct_cols) / sizeof(*pct_cols))

static void print_text(FILE *f, rn_analyze_table *t, const rn_analyze_opts *o, size_t nrows)
{
	rn_analyze_row sum;
	totals(t, &sum);
	/* Rule 2: the loss comes first, before any figure it makes incomplete. */
	if (t->lost)
		fprintf(f, "note: the recorder reported %" PRIu64 " events lost (see rn-replay)\n",
		        t->lost);
	rn_analyze_unread_text(f, t->unread);
	fprintf(f, "%6s %11s %9s %8s %10s %10s %10s %10s %10s %10s %10s  %s\n", "% time", "seconds",
	        "calls", "errors", "avg us", "min us", "p50 us", "p90 us", "p99 us", "p99.9 us",
	        "max us", rn_analyze_by_name(o->by));
	const char *dash = "----------------------------------------";
	fprintf(f, "%.6s %.11s %.9s %.8s %.10s %.10s %.10s %.10s %.10s %.10s %.10s  %.16s\n", dash,
	        dash, dash, dash, dash, dash, dash, dash, dash, dash, dash, dash);
	for (size_t i = 0; i < nrows; i++) {
		rn_analyze_row *r = &t->rows[i];
		char errs[24] = "";
		if (r->errors)
			snprintf(errs, sizeof(errs), "%" PRIu64, r->errors);
		fprintf(f, "%6.2f %11.6f %9" PRIu64 " %8s", pct_of(r->total_ns, sum.total_ns),
		        (double)r->total_ns / 1e9, r->calls, errs);
		/* The mean keeps 3 decimals; the others are recorded times, printed
		 * to the clock's resolution. */
		for (size_t k = 0; k < NPCT; k++)
			fprintf(f, " %10.*f", pct_cols[k] == RN_COL_AVG ? 3 : t->us_decimals,
			        (double)rn_analyze_row_col(r, pct_cols[k]) / 1e3);
		fprintf(f, "  %s\n", r->key);
	}
	fprintf(f, "%.6s %.11s %.9s %.8s %.10s %.10s %.10s %.10s %.10s %.10s %.10s  %.16s\n", dash,
	        dash, dash, dash, dash, dash, dash, dash, dash, dash, dash, dash);
	fprintf(f, "%6.2f %11.6f %9" PRIu64 " %8" PRIu64 " %76s  total\n",
	        sum.total_ns ? 100.0 : 0.0, (double)sum.total_ns / 1e9, sum.calls, sum.errors, "");
}

static void print_json(FILE *f, rn_analyze_table *t, const rn_analyze_opts *o, size_t nrows)
{
	rn_analyze_row sum;
	totals(t, &sum);
	fprintf(f, "{\"lost_events\":%" PRIu64 ",", t->lost); /* first: rule 2 */
	if (t->unread)
		fprintf(f, "\"unread_captures\":%" PRIu64 ",", t->unread);
	if (t->damage[0]) { /* (said on stderr first) */
		fprintf(f, "\"damage\":");
		rn_analyze_json_str(f, t->damage);
		fputc(',', f);
	}
	fprintf(f, "\"trace\":");
	rn_analyze_json_str(f, o->files[0]);
	fprintf(f,
	        ",\"by\":\"%s\",\"percentile_method\":\"nearest-rank\",\"time_unit\":\"ns\","
	        "\"total\":{\"calls\":%" PRIu64 ",\"errors\":%" PRIu64 ",\"unfinished\":%" PRIu64
	        ",\"total_ns\":%" PRIu64 "},\"rows\":[",
	        rn_analyze_by_name(o->by), sum.calls, sum.errors, sum.unfinished, sum.total_ns);
	for (size_t i = 0; i < nrows; i++) {
		rn_analyze_row *r = &t->rows[i];
		fprintf(f, "%s\n{\"%s\":", i ? "," : "", rn_analyze_by_name(o->by));
		rn_analyze_json_str(f, r->key);
		fprintf(f,
		        ",\"calls\":%" PRIu64 ",\"errors\":%" PRIu64 ",\"unfinished\":%" PRIu64
		        ",\"pct_time\":%.4f,\"total_ns\":%" PRIu64,
		        r->calls, r->errors, r->unfinished, pct_of(r->total_ns, sum.total_ns),
		        r->total_ns);
		for (size_t k = 0; k < NPCT; k++)
			fprintf(f, ",\"%s\":%" PRIu64, pct_json[k],
			        rn_analyze_row_col(r, pct_cols[k]));
		fputc('}', f);
	}
	fprintf(f, "]}\n");
}

static void print_csv(FILE *f, rn_analyze_table *t, const rn_analyze_opts *o, size_t nrows)
{
	rn_analyze_row sum;
	totals(t, &sum);
	fprintf(f, "%s,calls,errors,unfinished,pct_time,total_ns", rn_analyze_by_name(o->by));
	for (size_t k = 0; k < NPCT; k++)
		fprintf(f, ",%s", pct_json[k]);
	fputc('\n', f);
	for (size_t i = 0; i < nrows; i++) {
		rn_analyze_row *r = &t->rows[i];
		rn_analyze_csv_str(f, r->key);
		fprintf(f, ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%.4f,%" PRIu64, r->calls,
		        r->errors, r->unfinished, pct_of(r->total_ns, sum.total_ns), r->total_ns);
		for (size_t k = 0; k < NPCT; k++)
			fprintf(f, ",%" PRIu64, rn_analyze_row_col(r, pct_cols[k]));
		fputc('\n', f);
	}
}

int rn_analyze_cmd_summary(rn_analyze_opts *o)
{
	rn_analyze_table t;
	rn_analyze_table_init(&t);
	/* the percentiles on as many threads as the trace is read on */
	t.threads = o->threads ? o->threads : rn_analyze_cpus() >= 2 ? 2 : 1;
	int rc = rn_analyze_summary_collect(o, o->files[0], &t);
	if (rc < 0) {
		rn_analyze_table_free(&t);
		return rn_analyze_exit_code(rc);
	}
	rn_analyze_table_sort(&t, rn_analyze_col_lookup(o->sort ? o->sort : "total"));
	size_t nrows = o->top && (size_t)o->top < t.n ? (size_t)o->top : t.n;
	FILE *f = rn_analyze_out_open(o);
	if (!f) {
		rn_analyze_table_free(&t);
		return 1;
	}
	if (o->format == RN_FMT_JSON)
		print_json(f, &t, o, nrows);
	else if (o->format == RN_FMT_CSV) {
		/* CSV has no place for a note: it goes to stderr, before the rows. */
		if (t.lost)
			fprintf(stderr,
			        "rn-analyze: %s: note: the recorder reported %" PRIu64
			        " events lost (see rn-replay)\n",
			        o->files[0], t.lost);
		if (t.unread) {
			fprintf(stderr, "rn-analyze: %s: ", o->files[0]);
			rn_analyze_unread_text(stderr, t.unread);
		}
		print_csv(f, &t, o, nrows);
	} else
		print_text(f, &t, o, nrows);
	if (rn_analyze_out_close(f, o) < 0)
		rc = -1;
	rn_analyze_table_free(&t);
	return rn_analyze_exit_code(rc);
}
