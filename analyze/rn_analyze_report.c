/* rn_analyze_report.c: `rn-analyze report FILE -o report.html`: one
 * self-contained HTML file (no scripts, no network, inline SVG): what was
 * recorded, the summary table, latency histograms of the top syscalls, a
 * per-thread timeline (share of each time slice spent in syscalls), the
 * hints, the top functions when the trace has function events, and the top
 * call sites when it has stacks. */
#include "rn_analyze.h"
#include "rn_grow.h"
#include "rn_loss.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TOP_ROWS   25
#define TOP_HISTS  6
#define NBINS      192 /* quarter-octave buckets of ns (4 per power of 2) */
#define TL_WIDTH   1000
#define TL_THREADS 40

typedef struct tl_thread {
	int32_t pid, tid;
	double busy[TL_WIDTH];
	uint64_t total, calls;
} tl_thread;

typedef struct rctx {
	uint64_t t_min, t_max;
	tl_thread *th;
	size_t nth, capth;
	int pass;
	int oom;
	rn_loss_tally loss; /* the trace's Loss events (pass 1); .unread: the paths
	                     * rn could not read (the hints show paths) */
	char damage[256];   /* the damage line (pass 1), "" when whole */
} rctx;

static void html_str(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '&':
			fputs("&amp;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		default:
			if ((unsigned char)*s < 0x20 && *s != '\n' && *s != '\t')
				fputc('?', f);
			else
				fputc(*s, f);
		}
	}
}

static tl_thread *get_th(rctx *c, int32_t pid, int32_t tid)
{
	for (size_t i = 0; i < c->nth; i++)
		if (c->th[i].tid == tid && c->th[i].pid == pid)
			return &c->th[i];
	if (c->nth == c->capth) {
		tl_thread *p = rn_grow_array(c->th, &c->capth, c->nth + 1, sizeof(*p), 8);
		if (!p)
			return NULL;
		c->th = p;
	}
	tl_thread *t = &c->th[c->nth++];
	memset(t, 0, sizeof(*t));
	t->pid = pid;
	t->tid = tid;
	return t;
}

/* Pass 1: the time range; pass 2: spread each call over its time slices. */
static int visit(void *vctx, rn_analyze_scan *s, const rn_event *ev)
{
	rctx *c = vctx;
	if (ev && ev->kind == RN_EV_LOSS && c->pass == 1)
		rn_loss_tally_add(&c->loss, &ev->u.loss);
	if (!ev && c->pass == 1) {
		c->loss.unread = s->unread_paths;
		memcpy(c->damage, s->damage, sizeof(c->damage));
	}
	if (!ev || ev->kind != RN_EV_SYSCALL)
		return 0;
	const rn_syscall *sc = &ev->u.sc;
	uint64_t a = sc->t_entry, b = sc->t_exit ? sc->t_exit : sc->t_entry;
	if (c->pass == 1) {
		if (!c->t_min || a < c->t_min)
			c->t_min = a;
		if (b > c->t_max)
			c->t_max = b;
		return 0;
	}
	tl_thread *t = get_th(c, sc->pid, sc->tid);
	if (!t)
		return -1;
	t->calls++;
	t->total += b - a;
	double span = (double)(c->t_max - c->t_min) + 1;
	double x0 = (double)(a - c->t_min) / span * TL_WIDTH;
	double x1 = (double)(b - c->t_min) / span * TL_WIDTH;
	for (int i = (int)x0; i <= (int)x1 && i < TL_WIDTH; i++) {
		double lo = i > x0 ? i : x0, hi = i + 1 < x1 ? i + 1 : x1;
		if (hi > lo)
			t->busy[i] += hi - lo;
	}
	return 0;
}

static void css(FILE *f)
{
	fprintf(f, "<style>\n"
	           "body{font-family:sans-serif;margin:24px;color:#222;background:#fff}\n"
	           "h1{font-size:22px}h2{font-size:18px;margin-top:28px;border-bottom:1px solid "
	           "#ccc}\n"
	           "table{border-collapse:collapse;font-size:13px}\n"
	           "td,th{padding:3px 8px;border-bottom:1px solid #eee;text-align:right}\n"
	           "td.k,th.k{text-align:left;font-family:monospace}\n"
	           "th{background:#f0f3f7}\n"
	           ".hist{display:inline-block;margin:6px 12px 6px 0}\n"
	           "pre{background:#f7f7f7;padding:10px;font-size:12px;white-space:pre-wrap}\n"
	           ".meta td{text-align:left}\n"
	           "</style>\n");
}

static void meta(FILE *f, const rn_analyze_opts *o, const rn_header *h, rctx *c)
{
	fprintf(f, "<table class=\"meta\"><tr><td>trace</td><td>");
	html_str(f, o->files[0]);
	fprintf(f, "</td></tr><tr><td>command</td><td>");
	for (uint32_t i = 0; i < h->argc; i++) {
		html_str(f, h->argv[i]);
		fputc(' ', f);
	}
	fprintf(f, "</td></tr><tr><td>host</td><td>");
	html_str(f, h->hostname ? h->hostname : "?");
	fprintf(f, " (");
	html_str(f, h->kernel ? h->kernel : "?");
	fprintf(f, ", %s)</td></tr>", rn_arch_name(h->arch));
	char b[32];
	fprintf(f, "<tr><td>syscall time span</td><td>%s</td></tr></table>\n",
	        rn_analyze_human_ns((double)(c->t_max - c->t_min), b, sizeof(b)));
}

static void table(FILE *f, rn_analyze_table *t, const char *what, size_t max)
{
	uint64_t all = 0;
	for (size_t i = 0; i < t->n; i++)
		all += t->rows[i].total_ns;
	fprintf(f,
	        "<table><tr><th class=\"k\">%s</th><th>%% time</th><th>total</th><th>calls</th>"
	        "<th>errors</th><th>avg</th><th>p50</th><th>p90</th><th>p99</th><th>p99.9</th>"
	        "<th>max</th></tr>\n",
	        what);
	for (size_t i = 0; i < t->n && i < max; i++) {
		rn_analyze_row *r = &t->rows[i];
		char b[8][32];
		fprintf(f, "<tr><td class=\"k\">");
		html_str(f, r->key);
		fprintf(f,
		        "</td><td>%.2f</td><td>%s</td><td>%" PRIu64 "</td><td>%" PRIu64
		        "</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></"
		        "tr>\n",
		        all ? 100.0 * (double)r->total_ns / (double)all : 0,
		        rn_analyze_human_ns((double)r->total_ns, b[0], 32), r->calls, r->errors,
		        rn_analyze_human_ns((double)rn_analyze_row_col(r, RN_COL_AVG), b[1], 32),
		        rn_analyze_human_ns((double)rn_analyze_row_col(r, RN_COL_P50), b[2], 32),
		        rn_analyze_human_ns((double)rn_analyze_row_col(r, RN_COL_P90), b[3], 32),
		        rn_analyze_human_ns((double)rn_analyze_row_col(r, RN_COL_P99), b[4], 32),
		        rn_analyze_human_ns((double)rn_analyze_row_col(r, RN_COL_P999), b[5], 32),
		        rn_analyze_human_ns((double)r->max_ns, b[6], 32));
	}
	fprintf(f, "</table>\n");
}

/* A log2-binned latency histogram as inline SVG. */
static void histogram(FILE *f, rn_analyze_row *r)
{
	uint64_t bins[NBINS] = {0}, top = 1;
	size_t n = rn_analyze_lat_count(&r->lat);
	int lo = NBINS, hi = 0;
	for (size_t i = 0; i < n; i++) {
		uint64_t v = rn_analyze_lat_at(&r->lat, i);
		int b = v ? (int)(4 * log2((double)v)) : 0;
		if (b >= NBINS)
			b = NBINS - 1;
		bins[b]++;
		lo = b < lo ? b : lo;
		hi = b > hi ? b : hi;
	}
	if (lo > hi)
		return;
	for (int b = lo; b <= hi; b++)
		top = bins[b] > top ? bins[b] : top;
	int nb = hi - lo + 1, w = 360, hgt = 120, bw = w / nb;
	fprintf(f,
	        "<div class=\"hist\"><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
	        "height=\"%d\"><text x=\"4\" y=\"14\" font-size=\"13\" font-family=\"monospace\">",
	        w + 20, hgt + 50);
	html_str(f, r->key);
	fprintf(f, " (%zu calls)</text>\n", n);
	for (int b = lo; b <= hi; b++) {
		int h = (int)((double)bins[b] / (double)top * hgt);
		if (bins[b] && h < 1)
			h = 1;
		fprintf(
		    f,
		    "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#3b7dd8\"><title>"
		    "%" PRIu64 " calls</title></rect>\n",
		    10 + (b - lo) * bw, 20 + hgt - h, bw > 2 ? bw - 1 : bw, h, bins[b]);
		if (b % 8 == 0) {
			char lab[32];
			rn_analyze_human_ns(pow(2, b / 4.0), lab, sizeof(lab));
			fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"10\">%s</text>\n",
			        10 + (b - lo) * bw, 36 + hgt, lab);
		}
	}
	fprintf(f, "<line x1=\"10\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#444\"/></svg></div>\n",
	        20 + hgt, 10 + nb * bw, 20 + hgt);
}

static int cmp_th(const void *x, const void *y)
{
	const tl_thread *a = x, *b = y;
	return a->total < b->total ? 1 : a->total > b->total ? -1 : 0;
}

static void timeline(FILE *f, rctx *c, rn_analyze_scan *names)
{
	if (c->nth > 1)
		qsort(c->th, c->nth, sizeof(*c->th), cmp_th);
	size_t n = c->nth < TL_THREADS ? c->nth : TL_THREADS;
	int row = 18, left = 150;
	fprintf(f,
	        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%zu\">\n"
	        "<rect x=\"%d\" y=\"0\" width=\"%d\" height=\"%zu\" fill=\"#f4f6f8\"/>\n",
	        left + TL_WIDTH + 10, n * row + 24, left, TL_WIDTH, n * row);
	double slice = (double)(c->t_max - c->t_min + 1) / TL_WIDTH;
	for (size_t i = 0; i < n; i++) {
		tl_thread *t = &c->th[i];
		const char *pn = names ? rn_analyze_scan_pname(names, t->pid) : NULL;
		fprintf(f, "<text x=\"4\" y=\"%zu\" font-size=\"11\" font-family=\"monospace\">",
		        i * row + 13);
		if (pn)
			html_str(f, pn);
		fprintf(f, " %d/%d</text>\n", t->pid, t->tid);
		for (int x = 0; x < TL_WIDTH; x++) {
			double frac = t->busy[x];
			if (frac <= 0)
				continue;
			if (frac > 1)
				frac = 1;
			fprintf(
			    f,
			    "<rect x=\"%d\" y=\"%zu\" width=\"1\" height=\"%d\" fill=\"#d8553b\" "
			    "fill-opacity=\"%.2f\"/>\n",
			    left + x, i * row + 2, row - 4, 0.15 + 0.85 * frac);
		}
	}
	char b[32];
	fprintf(f,
	        "<text x=\"%d\" y=\"%zu\" font-size=\"11\">0</text><text x=\"%d\" y=\"%zu\" "
	        "font-size=\"11\" text-anchor=\"end\">%s (one pixel = %s)</text></svg>\n",
	        left, n * row + 16, left + TL_WIDTH, n * row + 16,
	        rn_analyze_human_ns((double)(c->t_max - c->t_min), b, sizeof(b)),
	        rn_analyze_human_ns(slice, b + 16, 16));
}

/* A warning paragraph of class cls, above the tables. */
static void banner(FILE *f, const char *cls, const char *line)
{
	fprintf(f,
	        "<p class=\"%s\" style=\"background:#fdd;border:1px solid #c00;padding:8px;"
	        "font-weight:bold\">",
	        cls);
	html_str(f, line);
	fprintf(f, "</p>\n");
}

/* Runs another subcommand into a string (its text output). */
static char *capture(rn_analyze_opts *o, int (*cmd)(rn_analyze_opts *), int source)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	if (!m)
		return NULL;
	rn_analyze_opts local = *o;
	local.out_stream = m;
	local.format = RN_FMT_TEXT;
	local.quiet_damage = 1;
	local.source = source;
	cmd(&local);
	fclose(m);
	return buf;
}

/* Keeps the scan's process names for the timeline labels. */
typedef struct names_ctx {
	rctx *c;
	rn_analyze_scan copy;
	struct rn_analyze_pname *names;
} names_ctx;

static int visit2(void *vctx, rn_analyze_scan *s, const rn_event *ev)
{
	names_ctx *n = vctx;
	if (!ev) {
		/* Copy the name table before the scan frees it. */
		n->copy = *s;
		n->copy.names = NULL;
		n->copy.nnames = 0;
		if (s->nnames) {
			size_t sz = s->nnames * sizeof(*s->names);
			n->names = malloc(sz);
			if (n->names) {
				memcpy(n->names, s->names, sz);
				n->copy.names = n->names;
				n->copy.nnames = s->nnames;
			}
		}
		return 0;
	}
	return visit(n->c, s, ev);
}

int rn_analyze_cmd_report(rn_analyze_opts *o)
{
	if (!o->output) {
		rn_analyze_usage_error("report: -o FILE.html is required");
		return 2;
	}
	char err[512];
	rn_reader *r = rn_reader_open(o->files[0], err, sizeof(err));
	if (!r) {
		fprintf(stderr, "%s: %s\n", RN_ANALYZE_PROG, err);
		return 1;
	}
	int stacks = (rn_reader_header(r)->flags & RN_HDR_STACKS) != 0;
	rctx c = {0};
	c.pass = 1;
	int rc = rn_analyze_scan_file(o->files[0], o, visit, &c);
	rn_analyze_table t;
	rn_analyze_table_init(&t);
	names_ctx nc = {&c, {0}, NULL};
	if (rc >= 0) {
		o->quiet_damage = 1;
		rn_analyze_opts byname = *o;
		byname.by = RN_BY_SYSCALL;
		byname.source = 0;
		rc = rn_analyze_summary_collect(&byname, o->files[0], &t);
		c.pass = 2;
		if (rc >= 0)
			rc = rn_analyze_scan_file(o->files[0], o, visit2, &nc);
	}
	FILE *f = rc >= 0 ? rn_analyze_out_open(o) : NULL;
	if (!f && rc >= 0)
		rc = -1; /* -o could not be created: said so, and no report */
	if (f) {
		rn_analyze_table_sort(&t, RN_COL_TOTAL);
		fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
		           "<title>rn report</title>\n");
		css(f);
		fprintf(f, "</head><body>\n<h1>rn report: ");
		html_str(f, o->files[0]);
		fprintf(f, "</h1>\n");
		/* Rule 2: what the report lacks, before the first table: the
		 * report travels without the stderr that said it. */
		char line[512];
		if (c.damage[0])
			banner(f, "damage", c.damage);
		if (rn_loss_line(&c.loss, line, sizeof(line)))
			banner(f, "lost", line);
		if (rn_unread_line(&c.loss, line, sizeof(line)))
			banner(f, "unread", line);
		meta(f, o, rn_reader_header(r), &c);
		fprintf(f, "<h2>System calls</h2>\n");
		table(f, &t, "syscall", TOP_ROWS);
		fprintf(f, "<h2>Latency histograms (4 buckets per doubling)</h2>\n");
		for (size_t i = 0; i < t.n && i < TOP_HISTS; i++)
			histogram(f, &t.rows[i]);
		fprintf(f, "<h2>Timeline (time in syscalls per thread)</h2>\n");
		timeline(f, &c, &nc.copy);
		char *hints = capture(o, rn_analyze_cmd_hints, stacks);
		fprintf(f, "<h2>Hints</h2>\n<pre>");
		html_str(f, hints ? hints : "(none)");
		fprintf(f, "</pre>\n");
		free(hints);
		if (rn_reader_header(r)->flags & RN_HDR_FUNCTIONS) {
			rn_analyze_opts fo = *o;
			fo.top = TOP_ROWS;
			char *fns = capture(&fo, rn_analyze_cmd_functions, 0);
			fprintf(f, "<h2>Functions</h2>\n<pre>");
			html_str(f, fns ? fns : "(none)");
			fprintf(f, "</pre>\n");
			free(fns);
		}
		if (stacks) {
			rn_analyze_table st;
			rn_analyze_table_init(&st);
			rn_analyze_opts bysrc = *o;
			bysrc.by = RN_BY_SOURCE;
			bysrc.source = 1;
			if (rn_analyze_summary_collect(&bysrc, o->files[0], &st) >= 0) {
				rn_analyze_table_sort(&st, RN_COL_TOTAL);
				fprintf(f, "<h2>Top call sites</h2>\n");
				table(f, &st, "source", TOP_ROWS);
			}
			rn_analyze_table_free(&st);
		}
		fprintf(
		    f, "<p style=\"color:#888;font-size:11px\">rn-analyze %s</p>\n</body></html>\n",
		    RN_VERSION);
		if (rn_analyze_out_close(f, o) < 0)
			rc = -1;
	}
	free(nc.names);
	free(c.th);
	rn_analyze_table_free(&t);
	rn_reader_close(r);
	return rn_analyze_exit_code(rc);
}
