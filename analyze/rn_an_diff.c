/* rn_an_diff.c: `rn-analyze diff BEFORE AFTER`: per key (syscall by default,
 * --by path/source/...) the change in calls, errors, total time and
 * percentiles, a Mann-Whitney U test on the latencies (normal approximation
 * with tie correction; significant when p < 0.01), a one-line verdict, and
 * --fail-on thresholds for CI (exit 1 when one holds). */
#include "rn_an.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define ALPHA 0.01

typedef struct drow {
	const char *key;
	rn_an_row *a, *b; /* either may be NULL */
	double z, p;
	int tested;
} drow;

static rn_an_row empty_row;

static rn_an_row *or_empty(rn_an_row *r)
{
	return r ? r : &empty_row;
}

/* All rows of both tables merged into one "total" row each. */
static void merge_all(rn_an_table *t, rn_an_row *all)
{
	memset(all, 0, sizeof(*all));
	all->min_ns = UINT64_MAX;
	for (size_t i = 0; i < t->n; i++) {
		rn_an_row *r = &t->rows[i];
		all->calls += r->calls;
		all->errors += r->errors;
		all->unfinished += r->unfinished;
		all->total_ns += r->total_ns;
		if (r->calls > r->unfinished && r->min_ns < all->min_ns)
			all->min_ns = r->min_ns;
		if (r->max_ns > all->max_ns)
			all->max_ns = r->max_ns;
		for (size_t k = 0; k < rn_an_lat_count(&r->lat); k++)
			rn_an_lat_add(&all->lat, rn_an_lat_at(&r->lat, k));
	}
}

static double rel(double a, double b)
{
	if (a == 0)
		return b == 0 ? 0 : INFINITY;
	return 100.0 * (b - a) / a;
}

/* ---- --fail-on ---- */

typedef struct failexpr {
	int col;       /* RN_COL_* */
	char key[256]; /* empty: all keys together */
	int gt;        /* '>' or '<' */
	double value;
	int percent;
} failexpr;

static int parse_fail(const char *s, failexpr *f)
{
	memset(f, 0, sizeof(*f));
	const char *op = strpbrk(s, "<>");
	if (!op)
		return -1;
	char metric[64];
	size_t mlen = (size_t)(op - s);
	if (mlen == 0 || mlen >= sizeof(metric) + sizeof(f->key))
		return -1;
	char lhs[320];
	memcpy(lhs, s, mlen);
	lhs[mlen] = 0;
	char *colon = strchr(lhs, ':');
	if (colon) {
		*colon = 0;
		snprintf(f->key, sizeof(f->key), "%s", colon + 1);
	}
	if (strlen(lhs) >= sizeof(metric))
		return -1;
	memcpy(metric, lhs, strlen(lhs) + 1);
	f->col = rn_an_col_lookup(metric);
	if (f->col < 0 || f->col == RN_COL_NAME || f->col == RN_COL_TIME)
		return -1;
	f->gt = *op == '>';
	char *end;
	f->value = strtod(op + 1, &end);
	if (end == op + 1)
		return -1;
	if (*end == '%') {
		f->percent = 1;
		end++;
	} else if (strcmp(end, "ms") == 0) {
		f->value *= 1e6, end += 2;
	} else if (strcmp(end, "us") == 0) {
		f->value *= 1e3, end += 2;
	} else if (strcmp(end, "ns") == 0) {
		end += 2;
	} else if (strcmp(end, "s") == 0) {
		f->value *= 1e9, end += 1;
	}
	return *end ? -1 : 0;
}

static const char *col_name(int col)
{
	static const char *const n[] = {"calls", "errors", "time", "total", "avg", "min",
	                                "p50",   "p90",    "p99",  "p999",  "max", "name"};
	return n[col];
}

/* Evaluates one --fail-on; prints the violation; 1 when violated. */
static int check_fail(const char *expr, const failexpr *f, rn_an_row *a, rn_an_row *b)
{
	double va = (double)rn_an_row_col(a, f->col), vb = (double)rn_an_row_col(b, f->col);
	double d = f->percent ? rel(va, vb) : vb - va;
	int bad = f->gt ? d > f->value : d < f->value;
	if (bad)
		fprintf(stderr, "%s: fail-on '%s': %s%s%s %.0f -> %.0f (%+.1f%s)\n", RN_AN_PROG,
		        expr, f->key[0] ? f->key : "", f->key[0] ? " " : "", col_name(f->col), va,
		        vb, d, f->percent ? "%" : "");
	return bad;
}

/* ---- output ---- */

static int cmp_drow(const void *x, const void *y)
{
	const drow *a = x, *b = y;
	double da = fabs((double)or_empty(a->b)->total_ns - (double)or_empty(a->a)->total_ns);
	double db = fabs((double)or_empty(b->b)->total_ns - (double)or_empty(b->a)->total_ns);
	if (da != db)
		return da < db ? 1 : -1;
	return strcmp(a->key, b->key);
}

static void fmt_rel(char *buf, size_t n, double a, double b)
{
	double r = rel(a, b);
	if (isinf(r))
		snprintf(buf, n, "new");
	else
		snprintf(buf, n, "%+.1f%%", r);
}

/* Appends the significant changes (largest total change first, at most 3). */
static void sig_list(char *buf, size_t n, const drow *rows, size_t nrows)
{
	size_t len = strlen(buf);
	int shown = 0;
	for (size_t i = 0; i < nrows && shown < 3 && len < n; i++) {
		if (!rows[i].tested || rows[i].p >= ALPHA)
			continue;
		char x1[16], x2[16];
		len += (size_t)snprintf(
		    buf + len, n - len, "%s %s %s (p50 %s -> %s)", shown ? "," : ";", rows[i].key,
		    rows[i].z > 0 ? "slower" : "faster",
		    rn_an_human_ns((double)rn_an_row_col(rows[i].a, RN_COL_P50), x1, sizeof(x1)),
		    rn_an_human_ns((double)rn_an_row_col(rows[i].b, RN_COL_P50), x2, sizeof(x2)));
		shown++;
	}
}

static void verdict(char *buf, size_t n, rn_an_row *a, rn_an_row *b, int nsig)
{
	double r = rel((double)a->total_ns, (double)b->total_ns);
	char ta[32], tb[32];
	rn_an_human_ns((double)a->total_ns, ta, sizeof(ta));
	rn_an_human_ns((double)b->total_ns, tb, sizeof(tb));
	const char *what = fabs(r) < 5 ? "about the same" : r < 0 ? "faster" : "slower";
	snprintf(buf, n,
	         "%s: syscall time %s -> %s (%+.1f%%), calls %" PRIu64 " -> %" PRIu64
	         " (%+.1f%%), %d key%s with a significant latency change (p < %.2f)",
	         what, ta, tb, isinf(r) ? 100.0 : r, a->calls, b->calls,
	         isinf(rel((double)a->calls, (double)b->calls))
	             ? 100.0
	             : rel((double)a->calls, (double)b->calls),
	         nsig, nsig == 1 ? "" : "s", ALPHA);
}

static void print_text(FILE *f, const char *by, drow *rows, size_t n)
{
	int w = 28; /* the key column: as wide as the longest key shown, up to 64 */
	for (size_t i = 0; i < n; i++) {
		int l = (int)strlen(rows[i].key);
		w = l > w ? (l < 64 ? l : 64) : w;
	}
	fprintf(f, "%-*s %17s %8s %13s %21s %8s %21s %21s %9s\n", w, by, "calls", "", "errors",
	        "total", "", "p50", "p99", "p");
	for (size_t i = 0; i < n; i++) {
		rn_an_row *a = or_empty(rows[i].a), *b = or_empty(rows[i].b);
		char c[40], er[48], cr[16], t[48], tr[16], p50[48], p99[48], x1[16], x2[16], pv[16];
		snprintf(c, sizeof(c), "%" PRIu64 " -> %" PRIu64, a->calls, b->calls);
		snprintf(er, sizeof(er), "%" PRIu64 " -> %" PRIu64, a->errors, b->errors);
		fmt_rel(cr, sizeof(cr), (double)a->calls, (double)b->calls);
		snprintf(t, sizeof(t), "%s -> %s", rn_an_human_ns((double)a->total_ns, x1, 16),
		         rn_an_human_ns((double)b->total_ns, x2, 16));
		fmt_rel(tr, sizeof(tr), (double)a->total_ns, (double)b->total_ns);
		snprintf(p50, sizeof(p50), "%s -> %s",
		         rn_an_human_ns((double)rn_an_row_col(a, RN_COL_P50), x1, 16),
		         rn_an_human_ns((double)rn_an_row_col(b, RN_COL_P50), x2, 16));
		snprintf(p99, sizeof(p99), "%s -> %s",
		         rn_an_human_ns((double)rn_an_row_col(a, RN_COL_P99), x1, 16),
		         rn_an_human_ns((double)rn_an_row_col(b, RN_COL_P99), x2, 16));
		if (rows[i].tested)
			snprintf(pv, sizeof(pv), "%.2g%s", rows[i].p,
			         rows[i].p < ALPHA ? " *" : "");
		else
			snprintf(pv, sizeof(pv), "-");
		fprintf(f, "%-*.*s %17s %8s %13s %21s %8s %21s %21s %9s\n", w, w, rows[i].key, c,
		        cr, er, t, tr, p50, p99, pv);
	}
}

static void json_side(FILE *f, rn_an_row *r)
{
	fprintf(f,
	        "{\"calls\":%" PRIu64 ",\"errors\":%" PRIu64 ",\"total_ns\":%" PRIu64
	        ",\"p50_ns\":%" PRIu64 ",\"p90_ns\":%" PRIu64 ",\"p99_ns\":%" PRIu64
	        ",\"max_ns\":%" PRIu64 "}",
	        r->calls, r->errors, r->total_ns, rn_an_row_col(r, RN_COL_P50),
	        rn_an_row_col(r, RN_COL_P90), rn_an_row_col(r, RN_COL_P99), r->max_ns);
}

static void json_rows(FILE *f, const char *by, drow *rows, size_t n)
{
	fputc('[', f);
	for (size_t i = 0; i < n; i++) {
		fprintf(f, "%s\n{\"%s\":", i ? "," : "", by);
		rn_an_json_str(f, rows[i].key);
		fprintf(f, ",\"before\":");
		json_side(f, or_empty(rows[i].a));
		fprintf(f, ",\"after\":");
		json_side(f, or_empty(rows[i].b));
		if (rows[i].tested)
			fprintf(f, ",\"z\":%.4f,\"p_value\":%.6g,\"significant\":%s}", rows[i].z,
			        rows[i].p, rows[i].p < ALPHA ? "true" : "false");
		else
			fprintf(f, ",\"z\":null,\"p_value\":null,\"significant\":false}");
	}
	fputc(']', f);
}

/* One comparison: both traces grouped the same way, rows matched by key. */
typedef struct dset {
	int by;
	rn_an_table ta, tb;
	drow *rows;
	size_t n, shown;
	int nsig;
} dset;

static void dset_free(dset *d)
{
	free(d->rows);
	rn_an_table_free(&d->ta);
	rn_an_table_free(&d->tb);
}

/* Collects both traces by 'by' and pairs the rows; returns the scan code. */
static int dset_build(const rn_an_opts *o, int by, dset *d, size_t top)
{
	memset(d, 0, sizeof(*d));
	d->by = by;
	rn_an_opts local = *o;
	local.by = by;
	if (by == RN_BY_SOURCE)
		local.source = 1;
	int ra = rn_an_summary_collect(&local, o->files[0], &d->ta);
	local.quiet_damage = 1;
	int rb = ra < 0 ? ra : rn_an_summary_collect(&local, o->files[1], &d->tb);
	int rc = ra < 0 ? ra : rb < 0 ? rb : (ra || rb);
	d->rows = calloc(d->ta.n + d->tb.n + 1, sizeof(*d->rows));
	if (rc < 0 || !d->rows)
		return rc < 0 ? rc : -1;
	for (size_t i = 0; i < d->ta.n; i++)
		d->rows[d->n++] = (drow){d->ta.rows[i].key,
		                         &d->ta.rows[i],
		                         rn_an_table_find(&d->tb, d->ta.rows[i].key),
		                         0,
		                         1,
		                         0};
	for (size_t i = 0; i < d->tb.n; i++)
		if (!rn_an_table_find(&d->ta, d->tb.rows[i].key))
			d->rows[d->n++] = (drow){d->tb.rows[i].key, NULL, &d->tb.rows[i], 0, 1, 0};
	for (size_t i = 0; i < d->n; i++) {
		drow *r = &d->rows[i];
		if (r->a && r->b && rn_an_mwu(&r->a->lat, &r->b->lat, &r->z, &r->p) == 0)
			r->tested = 1;
		d->nsig += r->tested && r->p < ALPHA;
	}
	if (d->n > 1)
		qsort(d->rows, d->n, sizeof(*d->rows), cmp_drow);
	d->shown = top && top < d->n ? top : d->n;
	return rc;
}

/* Keys that stand for no path or no line are left out of the extra tables. */
static void drop_none(dset *d)
{
	size_t k = 0;
	for (size_t i = 0; i < d->shown; i++)
		if (d->rows[i].key[0] != '(')
			d->rows[k++] = d->rows[i];
	d->shown = k;
}

#define EXTRA_ROWS 10 /* rows of the per-path and per-line tables */

int rn_an_cmd_diff(rn_an_opts *o)
{
	failexpr fe[RN_AN_MAXFAIL];
	for (int i = 0; i < o->nfail; i++)
		if (parse_fail(o->fail_on[i], &fe[i]) < 0) {
			rn_an_usage_error("--fail-on: cannot parse '%s' (METRIC[:KEY]>|<[+-]N[%%], "
			                  "e.g. 'total>+10%%', 'calls:openat>+0')",
			                  o->fail_on[i]);
			return 2;
		}
	/* The main comparison, then (grouping by syscall) the paths and, with
	 * --source, the source lines whose time changed most. */
	dset sets[3];
	int nsets = 0;
	int rc = dset_build(o, o->by, &sets[nsets++], o->top > 0 ? (size_t)o->top : 0);
	if (rc >= 0 && o->by == RN_BY_SYSCALL) {
		rn_an_opts q = *o;
		q.quiet_damage = 1;
		int extra[2] = {RN_BY_PATH, RN_BY_SOURCE};
		for (int k = 0; k < (o->source ? 2 : 1) && rc >= 0; k++) {
			size_t lim =
			    o->top > 0 && o->top < EXTRA_ROWS ? (size_t)o->top : EXTRA_ROWS;
			int r2 = dset_build(&q, extra[k], &sets[nsets++], lim + 1);
			drop_none(&sets[nsets - 1]);
			if (sets[nsets - 1].shown > lim)
				sets[nsets - 1].shown = lim;
			rc = r2 < 0 ? r2 : rc;
		}
	}
	if (rc < 0) {
		for (int k = 0; k < nsets; k++)
			dset_free(&sets[k]);
		return rn_an_exit_code(rc);
	}
	dset *m = &sets[0];
	rn_an_row alla, allb;
	merge_all(&m->ta, &alla);
	merge_all(&m->tb, &allb);
	char v[512];
	verdict(v, sizeof(v), &alla, &allb, m->nsig);
	sig_list(v, sizeof(v), m->rows, m->shown);
	int failed = 0;
	for (int i = 0; i < o->nfail; i++) {
		rn_an_row *a = &alla, *b = &allb;
		if (fe[i].key[0]) {
			a = or_empty(rn_an_table_find(&m->ta, fe[i].key));
			b = or_empty(rn_an_table_find(&m->tb, fe[i].key));
		}
		failed |= check_fail(o->fail_on[i], &fe[i], a, b);
	}
	FILE *f = rn_an_out_open(o);
	if (f && o->format == RN_FMT_JSON) {
		fprintf(f, "{\"before\":");
		rn_an_json_str(f, o->files[0]);
		fprintf(f, ",\"after\":");
		rn_an_json_str(f, o->files[1]);
		fprintf(f, ",\"by\":\"%s\",\"test\":\"mann-whitney-u\",\"alpha\":%.2f,\"verdict\":",
		        rn_an_by_name(o->by), ALPHA);
		rn_an_json_str(f, v);
		fprintf(f, ",\"fail_on_violated\":%s,\"total\":{\"before\":",
		        failed ? "true" : "false");
		json_side(f, &alla);
		fprintf(f, ",\"after\":");
		json_side(f, &allb);
		fprintf(f, "},\"rows\":");
		json_rows(f, rn_an_by_name(m->by), m->rows, m->shown);
		for (int k = 1; k < nsets; k++) {
			fprintf(f, ",\"%s\":", sets[k].by == RN_BY_PATH ? "paths" : "sources");
			json_rows(f, rn_an_by_name(sets[k].by), sets[k].rows, sets[k].shown);
		}
		fprintf(f, "}\n");
	} else if (f) {
		print_text(f, rn_an_by_name(m->by), m->rows, m->shown);
		for (int k = 1; k < nsets; k++)
			if (sets[k].shown) {
				fputc('\n', f);
				print_text(f, rn_an_by_name(sets[k].by), sets[k].rows,
				           sets[k].shown);
			}
		fprintf(f, "verdict: %s\n", v);
	}
	if (!f || rn_an_out_close(f, o) < 0)
		rc = 1;
	rn_an_lat_free(&alla.lat);
	rn_an_lat_free(&allb.lat);
	for (int k = 0; k < nsets; k++)
		dset_free(&sets[k]);
	return rc ? rn_an_exit_code(rc) : failed ? 1 : 0;
}
