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

static void print_text(FILE *f, const rn_an_opts *o, drow *rows, size_t n, const char *v)
{
	fprintf(f, "%-28s %17s %8s %21s %8s %21s %21s %9s\n", rn_an_by_name(o->by), "calls", "",
	        "total", "", "p50", "p99", "p");
	for (size_t i = 0; i < n; i++) {
		rn_an_row *a = or_empty(rows[i].a), *b = or_empty(rows[i].b);
		char c[40], cr[16], t[48], tr[16], p50[48], p99[48], x1[16], x2[16], pv[16];
		snprintf(c, sizeof(c), "%" PRIu64 " -> %" PRIu64, a->calls, b->calls);
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
		fprintf(f, "%-28.28s %17s %8s %21s %8s %21s %21s %9s\n", rows[i].key, c, cr, t, tr,
		        p50, p99, pv);
	}
	fprintf(f, "verdict: %s\n", v);
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

static void print_json(FILE *f, const rn_an_opts *o, drow *rows, size_t n, const char *v,
                       rn_an_row *ta, rn_an_row *tb, int failed)
{
	fprintf(f, "{\"before\":");
	rn_an_json_str(f, o->files[0]);
	fprintf(f, ",\"after\":");
	rn_an_json_str(f, o->files[1]);
	fprintf(f, ",\"by\":\"%s\",\"test\":\"mann-whitney-u\",\"alpha\":%.2f,\"verdict\":",
	        rn_an_by_name(o->by), ALPHA);
	rn_an_json_str(f, v);
	fprintf(f, ",\"fail_on_violated\":%s,\"total\":{\"before\":", failed ? "true" : "false");
	json_side(f, ta);
	fprintf(f, ",\"after\":");
	json_side(f, tb);
	fprintf(f, "},\"rows\":[");
	for (size_t i = 0; i < n; i++) {
		fprintf(f, "%s\n{\"%s\":", i ? "," : "", rn_an_by_name(o->by));
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
	fprintf(f, "]}\n");
}

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
	rn_an_table ta, tb;
	rn_an_table_init(&ta);
	rn_an_table_init(&tb);
	int ra = rn_an_summary_collect(o, o->files[0], &ta);
	int rb = ra < 0 ? ra : rn_an_summary_collect(o, o->files[1], &tb);
	int rc = ra < 0 ? ra : rb < 0 ? rb : (ra || rb);
	drow *rows = calloc(ta.n + tb.n + 1, sizeof(*rows));
	if (rc < 0 || !rows) {
		free(rows);
		rn_an_table_free(&ta);
		rn_an_table_free(&tb);
		return rn_an_exit_code(rc < 0 ? rc : -1);
	}
	size_t n = 0;
	for (size_t i = 0; i < ta.n; i++)
		rows[n++] = (drow){
		    ta.rows[i].key, &ta.rows[i], rn_an_table_find(&tb, ta.rows[i].key), 0, 1, 0};
	for (size_t i = 0; i < tb.n; i++)
		if (!rn_an_table_find(&ta, tb.rows[i].key))
			rows[n++] = (drow){tb.rows[i].key, NULL, &tb.rows[i], 0, 1, 0};
	int nsig = 0;
	for (size_t i = 0; i < n; i++) {
		if (rows[i].a && rows[i].b &&
		    rn_an_mwu(&rows[i].a->lat, &rows[i].b->lat, &rows[i].z, &rows[i].p) == 0)
			rows[i].tested = 1;
		nsig += rows[i].tested && rows[i].p < ALPHA;
	}
	qsort(rows, n, sizeof(*rows), cmp_drow);
	if (o->top && (size_t)o->top < n)
		n = (size_t)o->top;
	rn_an_row alla, allb;
	merge_all(&ta, &alla);
	merge_all(&tb, &allb);
	char v[512];
	verdict(v, sizeof(v), &alla, &allb, nsig);
	sig_list(v, sizeof(v), rows, n);
	int failed = 0;
	for (int i = 0; i < o->nfail; i++) {
		rn_an_row *a = &alla, *b = &allb;
		if (fe[i].key[0]) {
			a = or_empty(rn_an_table_find(&ta, fe[i].key));
			b = or_empty(rn_an_table_find(&tb, fe[i].key));
		}
		failed |= check_fail(o->fail_on[i], &fe[i], a, b);
	}
	FILE *f = rn_an_out_open(o);
	if (f) {
		if (o->format == RN_FMT_JSON)
			print_json(f, o, rows, n, v, &alla, &allb, failed);
		else
			print_text(f, o, rows, n, v);
		if (rn_an_out_close(f, o) < 0)
			rc = 1;
	} else {
		rc = 1;
	}
	rn_an_lat_free(&alla.lat);
	rn_an_lat_free(&allb.lat);
	free(rows);
	rn_an_table_free(&ta);
	rn_an_table_free(&tb);
	return rc ? rn_an_exit_code(rc) : failed ? 1 : 0;
}
