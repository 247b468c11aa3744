/* rn_analyze_diff.c: `rn-analyze diff BEFORE... [--] AFTER...`: per key (syscall by
 * default, --by path/source/...) the change in calls, errors, total time and
 * the per-call latency, and a verdict that holds up against run-to-run noise:
 *  - the compared statistic is each key's median latency per call (p50), so
 *    how many calls blocked how long does not decide it;
 *  - the calls that wait (RN_CLASS_BLOCKING, format/data/blocking.def) are
 *    left out unless --include-blocking;
 *  - with several recordings a side, a key changed when its log p50 moved
 *    beyond the spread between runs (Student's t on the per-recording values,
 *    Bonferroni over the keys, and by at least RN_DIFF_MIN_EFFECT); with one a side
 *    that spread is unknown (on a loaded 2-CPU machine, one key's p50 in two
 *    runs of the same make -j2 differed 2.75x, and a program's total 4x), so
 *    only large, clear changes count (Mann-Whitney U on the calls and a p50
 *    x4 or /4; a total with the number of calls) and the output says so;
 *  - a key is called slower only when its p50 grew, with the change printed.
 * --fail-on thresholds (exit 1) count only changes beyond the noise too. */
#include "rn_analyze_diff.h"
#include "rn_catalog.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MIN_CALLS   3    /* timed calls of a key in a recording for its p50 to count */
#define NOISE_FLOOR 0.02 /* run-to-run spread assumed at least 2% */

static double rel(double a, double b)
{
	if (a == 0)
		return b == 0 ? 0 : INFINITY;
	return 100.0 * (b - a) / a;
}

/* ---- one grouping over every recording ---- */

typedef struct dset {
	int by;
	rn_analyze_table t[RN_ANALYZE_MAXFILES]; /* one per recording, before then after */
	rn_analyze_row all[RN_ANALYZE_MAXFILES]; /* every key of a recording merged */
	int nt;
	rn_analyze_table keys; /* the union of keys (rows without figures) */
} dset;

static void dset_free(dset *s)
{
	for (int i = 0; i < s->nt; i++) {
		rn_analyze_table_free(&s->t[i]);
		rn_analyze_lat_free(&s->all[i].lat);
	}
	rn_analyze_table_free(&s->keys);
}

static void merge_all(const rn_analyze_table *t, rn_analyze_row *all)
{
	memset(all, 0, sizeof(*all));
	all->min_ns = UINT64_MAX;
	for (size_t i = 0; i < t->n; i++) {
		rn_analyze_row *r = &t->rows[i];
		all->calls += r->calls;
		all->errors += r->errors;
		all->unfinished += r->unfinished;
		all->total_ns += r->total_ns;
		if (r->calls > r->unfinished && r->min_ns < all->min_ns)
			all->min_ns = r->min_ns;
		if (r->max_ns > all->max_ns)
			all->max_ns = r->max_ns;
		for (size_t k = 0; k < rn_analyze_lat_count(&r->lat); k++)
			rn_analyze_lat_add(&all->lat, rn_analyze_lat_at(&r->lat, k));
	}
}

static int dset_build(const rn_analyze_opts *o, int by, dset *s)
{
	memset(s, 0, sizeof(*s));
	s->by = by;
	rn_analyze_opts local = *o;
	local.by = by;
	if (by == RN_BY_SOURCE)
		local.source = 1;
	if (!o->include_blocking)
		local.skip_classes = RN_CLASS_BLOCKING;
	int rc = 0;
	for (int i = 0; i < o->nfiles && rc >= 0; i++) {
		rn_analyze_table_init(&s->t[i]);
		s->nt++;
		int r = rn_analyze_summary_collect(&local, o->files[i], &s->t[i]);
		rc = r < 0 ? r : (rc || r);
		if (r < 0)
			break;
		for (size_t k = 0; k < s->t[i].n; k++)
			if (!rn_analyze_table_get(&s->keys, s->t[i].rows[k].key))
				return -1;
		merge_all(&s->t[i], &s->all[i]);
	}
	return rc;
}

/* ---- figures of one side ---- */

static double mean(const double *v, int n)
{
	double s = 0;
	for (int i = 0; i < n; i++)
		s += v[i];
	return n ? s / n : 0;
}

/* Geometric mean of ns values (through log1p: zeros are fine). */
static double gmean(const double *v, int n)
{
	double s = 0;
	for (int i = 0; i < n; i++)
		s += log1p(v[i]);
	return n ? expm1(s / n) : 0;
}

/* Student's t on two samples (pooled spread, at least floor); returns the
 * p value and sets *spread to the measured spread (before the floor). */
static double t_test(const double *a, int na, const double *b, int nb, double floor, double *spread)
{
	int df = na + nb - 2;
	*spread = -1;
	if (na < 1 || nb < 1 || df < 1)
		return 1;
	double ma = mean(a, na), mb = mean(b, nb), ss = 0;
	for (int i = 0; i < na; i++)
		ss += (a[i] - ma) * (a[i] - ma);
	for (int i = 0; i < nb; i++)
		ss += (b[i] - mb) * (b[i] - mb);
	double sd = sqrt(ss / df);
	*spread = sd;
	if (sd < floor)
		sd = floor;
	if (mb == ma)
		return 1;
	if (sd == 0)
		return 0;
	return rn_analyze_t_pvalue((mb - ma) / (sd * sqrt(1.0 / na + 1.0 / nb)), df);
}

/* The rows of recordings [from, to) for key (NULL: the merged rows). */
static rn_analyze_row *run_row(dset *s, int i, const char *key)
{
	return key ? rn_analyze_table_find(&s->t[i], key) : &s->all[i];
}

/* Fills one side of r and the log p50 of the recordings that have at least
 * MIN_CALLS timed calls (lp, *nlp). */
static void side_figures(dset *s, int from, int to, const char *key, rn_diff_side *out, double *lp,
                         int *nlp)
{
	double calls[RN_ANALYZE_MAXFILES], errors[RN_ANALYZE_MAXFILES], total[RN_ANALYZE_MAXFILES];
	double p50[RN_ANALYZE_MAXFILES], p90[RN_ANALYZE_MAXFILES], p99[RN_ANALYZE_MAXFILES];
	int n = 0, nt = 0, ntest = 0;
	double t50[RN_ANALYZE_MAXFILES], t90[RN_ANALYZE_MAXFILES], t99[RN_ANALYZE_MAXFILES];
	for (int i = from; i < to; i++, n++) {
		rn_analyze_row *r = run_row(s, i, key);
		calls[n] = r ? (double)r->calls : 0;
		errors[n] = r ? (double)r->errors : 0;
		total[n] = r ? (double)r->total_ns : 0;
		size_t timed = r ? rn_analyze_lat_count(&r->lat) : 0;
		if (!timed)
			continue;
		p50[nt] = (double)rn_analyze_row_col(r, RN_COL_P50);
		p90[nt] = (double)rn_analyze_row_col(r, RN_COL_P90);
		p99[nt] = (double)rn_analyze_row_col(r, RN_COL_P99);
		if (timed >= MIN_CALLS) {
			t50[ntest] = p50[nt], t90[ntest] = p90[nt], t99[ntest] = p99[nt];
			lp[ntest++] = log1p(p50[nt]);
		}
		nt++;
	}
	out->calls = mean(calls, n);
	out->errors = mean(errors, n);
	out->total_ns = gmean(total, n);
	/* The p50 shown is the one tested when there is one. */
	if (ntest) {
		out->p50_ns = gmean(t50, ntest);
		out->p90_ns = gmean(t90, ntest);
		out->p99_ns = gmean(t99, ntest);
	} else {
		out->p50_ns = gmean(p50, nt);
		out->p90_ns = gmean(p90, nt);
		out->p99_ns = gmean(p99, nt);
	}
	*nlp = ntest;
}

/* Tests one key (or every key together when key is NULL: then the figures
 * only; the total's own test is in test_total). Sets r->p, r->change,
 * r->noise and r->result to TESTED-but-undecided (SAME) or UNTESTED; the
 * decision waits for the number of tests (decide). */
static void test_key(const rn_diff *d, dset *s, const char *key, rn_diff_row *r)
{
	double la[RN_ANALYZE_MAXFILES], lb[RN_ANALYZE_MAXFILES];
	int na, nb;
	int nbefore = d->o->nbefore;
	side_figures(s, 0, nbefore, key, &r->s[0], la, &na);
	side_figures(s, nbefore, s->nt, key, &r->s[1], lb, &nb);
	r->result = RN_DIFF_UNTESTED;
	r->noise = -1;
	r->p = 1;
	if (!na || !nb)
		return;
	r->change = r->s[1].p50_ns / r->s[0].p50_ns - 1;
	if (d->noise_known) {
		double spread;
		r->p = t_test(la, na, lb, nb, NOISE_FLOOR, &spread);
		if (spread < 0)
			return;
		r->noise = expm1(spread);
	} else {
		double z;
		rn_analyze_row *a = run_row(s, 0, key), *b = run_row(s, nbefore, key);
		if (rn_analyze_mwu(&a->lat, &b->lat, &z, &r->p) < 0)
			return;
		/* the U test and the p50 must agree on the direction */
		if ((z > 0) != (r->change > 0))
			r->p = 1;
	}
	r->result = RN_DIFF_SAME;
}

static void decide(const rn_diff *d, rn_diff_row *r, int ntests)
{
	if (r->result == RN_DIFF_UNTESTED)
		return;
	int big = d->noise_known ? fabs(r->change) >= RN_DIFF_MIN_EFFECT
	                         : fabs(log1p(r->change)) >= log(RN_DIFF_SINGLE_RATIO);
	if (r->p < RN_DIFF_ALPHA / (ntests ? ntests : 1) && big)
		r->result = r->change > 0 ? RN_DIFF_SLOWER : RN_DIFF_FASTER;
}

/* The total syscall time (blocking calls out). Several recordings: Student's
 * t on the per-recording log totals, or, when one noisy call (a cold execve)
 * swamps a short program's total, the calls: a change in the number of calls
 * beyond their own spread, with the time moving the same way. One recording a
 * side: x1.5 (or /1.5) with a change in the calls the same way (more or less
 * work; time alone swings more than that between identical runs). */
static void test_total(rn_diff *d, dset *s)
{
	rn_diff_row *r = &d->total;
	double la[RN_ANALYZE_MAXFILES], lb[RN_ANALYZE_MAXFILES];
	int nbefore = d->o->nbefore;
	r->key = "(all)";
	test_key(d, s, NULL, r);
	for (int i = 0; i < s->nt; i++)
		*(i < nbefore ? &la[i] : &lb[i - nbefore]) = log1p((double)s->all[i].total_ns);
	r->change = r->s[0].total_ns > 0 ? r->s[1].total_ns / r->s[0].total_ns - 1 : 0;
	r->result = RN_DIFF_SAME;
	r->noise = -1;
	if (d->noise_known) {
		double spread, cspread, ca[RN_ANALYZE_MAXFILES], cb[RN_ANALYZE_MAXFILES];
		for (int i = 0; i < s->nt; i++)
			*(i < nbefore ? &ca[i] : &cb[i - nbefore]) = log1p((double)s->all[i].calls);
		r->p = t_test(la, nbefore, lb, s->nt - nbefore, NOISE_FLOOR, &spread);
		r->noise = spread < 0 ? -1 : expm1(spread);
		double cp = t_test(ca, nbefore, cb, s->nt - nbefore, 0, &cspread);
		double cch = r->s[0].calls > 0 ? r->s[1].calls / r->s[0].calls - 1 : 0;
		int by_time = r->p < RN_DIFF_ALPHA;
		int by_calls = cp < RN_DIFF_ALPHA && fabs(cch) >= RN_DIFF_MIN_EFFECT &&
		               (cch > 0) == (r->change > 0);
		if ((by_time || by_calls) && fabs(r->change) >= RN_DIFF_MIN_EFFECT)
			r->result = r->change > 0 ? RN_DIFF_SLOWER : RN_DIFF_FASTER;
		if (!by_time && by_calls)
			r->p = cp; /* the evidence that counted */
	} else {
		r->p = -1; /* no test: a rule of thumb */
		double cch = r->s[0].calls > 0 ? r->s[1].calls / r->s[0].calls - 1 : 0;
		int work = fabs(cch) >= RN_DIFF_MIN_EFFECT && (cch > 0) == (r->change > 0);
		if (work && r->change + 1 >= RN_DIFF_SINGLE_TOTAL)
			r->result = RN_DIFF_SLOWER;
		else if (work && r->change + 1 <= 1 / RN_DIFF_SINGLE_TOTAL)
			r->result = RN_DIFF_FASTER;
	}
}

static int cmp_row(const void *x, const void *y)
{
	const rn_diff_row *a = x, *b = y;
	double da = fabs(a->s[1].total_ns - a->s[0].total_ns);
	double db = fabs(b->s[1].total_ns - b->s[0].total_ns);
	if (da != db)
		return da < db ? 1 : -1;
	return strcmp(a->key, b->key);
}

static int table_build(rn_diff *d, dset *s, rn_diff_table *t, size_t top, int count)
{
	t->by = s->by;
	t->rows = calloc(s->keys.n + 1, sizeof(*t->rows));
	if (!t->rows)
		return -1;
	int ntests = 0;
	for (size_t i = 0; i < s->keys.n; i++) {
		rn_diff_row *r = &t->rows[t->n++];
		r->key = s->keys.rows[i].key;
		test_key(d, s, r->key, r);
		ntests += r->result != RN_DIFF_UNTESTED;
	}
	for (size_t i = 0; i < t->n; i++) {
		decide(d, &t->rows[i], ntests);
		if (count) {
			d->nslower += t->rows[i].result == RN_DIFF_SLOWER;
			d->nfaster += t->rows[i].result == RN_DIFF_FASTER;
		}
	}
	if (count)
		d->ntested = ntests;
	if (t->n > 1)
		qsort(t->rows, t->n, sizeof(*t->rows), cmp_row);
	t->shown = top && top < t->n ? top : t->n;
	return 0;
}

/* Keys that stand for no path or no line are left out of the extra tables. */
static void drop_none(rn_diff_table *t)
{
	size_t k = 0;
	for (size_t i = 0; i < t->shown; i++)
		if (t->rows[i].key[0] != '(')
			t->rows[k++] = t->rows[i];
	t->shown = k;
}

/* ---- the verdict ---- */

static void fmt_pct(char *buf, size_t n, double frac)
{
	if (isinf(frac))
		snprintf(buf, n, "new");
	else
		snprintf(buf, n, "%+.1f%%", 100 * frac);
}

static void verdict(rn_diff *d)
{
	const rn_diff_row *t = &d->total;
	const rn_diff_table *m = &d->tables[0];
	if (t->result == RN_DIFF_SLOWER || t->result == RN_DIFF_FASTER)
		d->word = t->result == RN_DIFF_SLOWER ? "slower" : "faster";
	else if (d->nslower && d->nfaster)
		d->word = "mixed";
	else if (d->nslower || d->nfaster)
		d->word = d->nslower ? "slower" : "faster";
	else
		d->word = "no significant change";
	char ta[16], tb[16], pc[16], cc[16], nz[48] = "";
	rn_analyze_human_ns(t->s[0].total_ns, ta, sizeof(ta));
	rn_analyze_human_ns(t->s[1].total_ns, tb, sizeof(tb));
	fmt_pct(pc, sizeof(pc), t->change);
	fmt_pct(cc, sizeof(cc), t->s[0].calls ? t->s[1].calls / t->s[0].calls - 1 : INFINITY);
	if (t->noise >= 0)
		snprintf(nz, sizeof(nz), ", run-to-run noise %.1f%%, p = %.2g", 100 * t->noise,
		         t->p);
	size_t len = (size_t)snprintf(
	    d->verdict, sizeof(d->verdict),
	    "%s: syscall time%s %s -> %s (%s%s), calls %.0f -> %.0f (%s); %d of %d key%s "
	    "changed in p50 latency per call",
	    d->word, d->o->include_blocking ? "" : " without blocking calls", ta, tb, pc, nz,
	    t->s[0].calls, t->s[1].calls, cc, d->nslower + d->nfaster, d->ntested,
	    d->ntested == 1 ? "" : "s");
	int shown = 0;
	for (size_t i = 0; i < m->n && shown < 3 && len < sizeof(d->verdict); i++) {
		const rn_diff_row *r = &m->rows[i];
		if (r->result != RN_DIFF_SLOWER && r->result != RN_DIFF_FASTER)
			continue;
		char a[16], b[16];
		fmt_pct(pc, sizeof(pc), r->change);
		len += (size_t)snprintf(d->verdict + len, sizeof(d->verdict) - len,
		                        "%s %s %s (p50 %s -> %s, %s)", shown ? "," : ":", r->key,
		                        rn_diff_result_name(r->result),
		                        rn_analyze_human_ns(r->s[0].p50_ns, a, sizeof(a)),
		                        rn_analyze_human_ns(r->s[1].p50_ns, b, sizeof(b)), pc);
		shown++;
	}
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
	f->col = rn_analyze_col_lookup(metric);
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

/* Evaluates one --fail-on: the side values (means of counts, geometric means
 * of times over the recordings), the threshold, and whether the change is
 * beyond run-to-run noise. Prints the outcome when the threshold is crossed;
 * 1 when it counts. */
static int check_fail(const rn_diff *d, dset *s, const char *expr, const failexpr *f)
{
	int nbefore = d->o->nbefore;
	int is_time = f->col != RN_COL_CALLS && f->col != RN_COL_ERRORS;
	const char *key = f->key[0] ? f->key : NULL;
	double v[2][RN_ANALYZE_MAXFILES];
	int n[2] = {0, 0};
	for (int i = 0; i < s->nt; i++) {
		int side = i >= nbefore;
		rn_analyze_row *r = run_row(s, i, key);
		double x = r ? (double)rn_analyze_row_col(r, f->col) : 0;
		v[side][n[side]++] = is_time ? log1p(x) : x;
	}
	double va = is_time ? expm1(mean(v[0], n[0])) : mean(v[0], n[0]);
	double vb = is_time ? expm1(mean(v[1], n[1])) : mean(v[1], n[1]);
	double ch = f->percent ? rel(va, vb) : vb - va;
	if (!(f->gt ? ch > f->value : ch < f->value))
		return 0;
	double p = 0, spread;
	const char *why = NULL;
	if (!key && f->col == RN_COL_TOTAL) { /* the verdict's own test */
		int dir = vb > va ? RN_DIFF_SLOWER : RN_DIFF_FASTER;
		p = d->total.p;
		if (d->total.result != dir)
			why = d->noise_known ? "within run-to-run noise"
			                     : "one recording a side: a total counts only x1.5 "
			                       "with a change in the calls";
	} else if (d->noise_known) {
		p = t_test(v[0], n[0], v[1], n[1], is_time ? NOISE_FLOOR : 0, &spread);
		if (p >= RN_DIFF_ALPHA)
			why = "within run-to-run noise";
	} else if (!is_time) {
		p = -1; /* counts are exact */
	} else {        /* a time of one key, one recording a side: what its row says */
		int dir = vb > va ? RN_DIFF_SLOWER : RN_DIFF_FASTER;
		const rn_diff_row *row = NULL;
		for (size_t i = 0; i < d->tables[0].n && !row; i++)
			if (strcmp(d->tables[0].rows[i].key, key) == 0)
				row = &d->tables[0].rows[i];
		p = row && row->result != RN_DIFF_UNTESTED ? row->p : -1;
		if (!row || row->result != dir)
			why = "one recording a side: the key's p50 did not change clearly";
	}
	char pv[32] = "";
	if (p >= 0)
		snprintf(pv, sizeof(pv), ", p = %.2g", p);
	fprintf(stderr, "%s: fail-on '%s': %s%s%s %.0f -> %.0f (%+.1f%s%s)%s%s\n", RN_ANALYZE_PROG,
	        expr, key ? key : "", key ? " " : "", col_name(f->col), va, vb, ch,
	        f->percent ? "%" : "", pv, why ? "; not counted: " : "", why ? why : "");
	return !why;
}

/* ---- the command ---- */

#define EXTRA_ROWS 10 /* rows of the per-path and per-line tables */

static void diff_free(rn_diff *d, dset *sets, int nsets)
{
	for (int k = 0; k < nsets; k++)
		dset_free(&sets[k]);
	for (int k = 0; k < d->ntables; k++)
		free(d->tables[k].rows);
}

int rn_analyze_cmd_diff(rn_analyze_opts *o)
{
	failexpr fe[RN_ANALYZE_MAXFAIL];
	for (int i = 0; i < o->nfail; i++)
		if (parse_fail(o->fail_on[i], &fe[i]) < 0) {
			rn_analyze_usage_error(
			    "--fail-on: cannot parse '%s' (METRIC[:KEY]>|<[+-]N[%%], "
			    "e.g. 'total>+10%%', 'calls:openat>+0')",
			    o->fail_on[i]);
			return 2;
		}
	rn_diff *d = calloc(1, sizeof(*d));
	dset *sets = calloc(3, sizeof(*sets));
	if (!d || !sets) {
		free(d);
		free(sets);
		fprintf(stderr, "%s: out of memory\n", RN_ANALYZE_PROG);
		return 1;
	}
	d->o = o;
	d->runs[0] = o->nbefore;
	d->runs[1] = o->nfiles - o->nbefore;
	d->noise_known = o->nfiles >= 3;
	/* The main comparison, then (grouping by syscall) the paths and, with
	 * --source, the source lines whose time changed most. */
	int nsets = 0;
	size_t top = o->top > 0 ? (size_t)o->top : 0;
	int rc = dset_build(o, o->by, &sets[nsets++]);
	if (rc >= 0 && table_build(d, &sets[0], &d->tables[d->ntables++], top, 1) < 0)
		rc = -1;
	if (rc >= 0 && o->by == RN_BY_SYSCALL) {
		rn_analyze_opts q = *o;
		q.quiet_damage = 1;
		int extra[2] = {RN_BY_PATH, RN_BY_SOURCE};
		size_t lim = top && top < EXTRA_ROWS ? top : EXTRA_ROWS;
		for (int k = 0; k < (o->source ? 2 : 1) && rc >= 0; k++) {
			int r2 = dset_build(&q, extra[k], &sets[nsets++]);
			rn_diff_table *t = &d->tables[d->ntables++];
			if (r2 < 0 || table_build(d, &sets[nsets - 1], t, lim + 1, 0) < 0) {
				rc = -1;
				break;
			}
			drop_none(t);
			if (t->shown > lim)
				t->shown = lim;
		}
	}
	if (rc < 0) {
		diff_free(d, sets, nsets);
		free(d);
		free(sets);
		return rn_analyze_exit_code(rc);
	}
	for (int i = 0; i < sets[0].nt; i++) {
		d->skipped[i >= o->nbefore] += sets[0].t[i].skipped;
		d->lost[i >= o->nbefore] += sets[0].t[i].lost;
		d->damage[i] = sets[0].t[i].damage;
	}
	for (int k = 0; k < nsets; k++) /* the paths table's unread paths (rule 2) */
		for (int i = 0; sets[k].by == RN_BY_PATH && i < sets[k].nt; i++)
			d->unread[i] = sets[k].t[i].unread;
	test_total(d, &sets[0]);
	verdict(d);
	for (int i = 0; i < o->nfail; i++)
		d->failed |= check_fail(d, &sets[0], o->fail_on[i], &fe[i]);
	FILE *f = rn_analyze_out_open(o);
	if (f && o->format == RN_FMT_JSON)
		rn_diff_print_json(f, d);
	else if (f && o->format == RN_FMT_CSV) {
		rn_diff_print_lost(stderr, d, "rn-analyze: "); /* CSV has no place for it */
		if (d->tables[0].by == RN_BY_PATH) /* (the CSV holds the first table only) */
			rn_diff_print_unread(stderr, d, "rn-analyze: ");
		rn_diff_print_csv(f, d);
	} else if (f)
		rn_diff_print_text(f, d);
	if (!f || rn_analyze_out_close(f, o) < 0)
		rc = 1;
	int failed = d->failed;
	diff_free(d, sets, nsets);
	free(d);
	free(sets);
	return rc ? rn_analyze_exit_code(rc) : failed ? 1 : 0;
}
