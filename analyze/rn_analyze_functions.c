/* rn_analyze_functions.c: `rn-analyze functions` and `rn-analyze graph`, from the
 * RN_EV_FUNCS batches of a trace recorded with --functions: per function
 * calls, total (inclusive), self (total minus callees), average, min and
 * max, like `uftrace report`; and the call tree with times, like `uftrace
 * graph`. Function addresses are symbolized offline from the Mapping events
 * with libdw (rn_source_func). Each thread keeps a shadow stack; an exit
 * closes the frames above its function (lost exits by longjmp/exceptions);
 * frames still open at the end are closed at the thread's last event. */
#include "rn_analyze.h"
#include "rn_grow.h"
#include "rn_loss.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 65536 /* deeper calls are counted as lost */

typedef struct fstat {
	uint64_t calls, total, self, min, max;
} fstat;

/* A node of the merged call tree: (parent, function). */
typedef struct gnode {
	uint64_t addr;
	int32_t pid;
	uint32_t parent, first_child, next_sibling; /* indices + 1; 0 = none */
	uint64_t calls, total;
} gnode;

typedef struct frame {
	uint64_t addr, entry, child_ns;
	uint32_t node;
	int nested; /* the function is already active below: its time is counted there */
} frame;

typedef struct thr {
	int32_t pid, tid;
	frame *stack;
	int depth, cap, overflow;
	uint64_t last;
} thr;

typedef struct fctx {
	rn_analyze_table fns; /* "pid:addr" -> row; stats in st[] */
	fstat *st;
	size_t capst;
	gnode *nodes;
	size_t nnodes, capnodes;
	thr **thrs;
	size_t nthrs;
	uint64_t nevents;
	int oom;
	rn_source *src;
	rn_loss_tally loss; /* the trace's Loss events */
	char damage[256];   /* the scan's damage line, for the JSON */
} fctx;

static thr *get_thr(fctx *c, int32_t pid, int32_t tid)
{
	for (size_t i = 0; i < c->nthrs; i++)
		if (c->thrs[i]->tid == tid && c->thrs[i]->pid == pid)
			return c->thrs[i];
	thr **p = realloc(c->thrs, (c->nthrs + 1) * sizeof(*p));
	if (!p)
		return NULL;
	c->thrs = p;
	thr *t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->pid = pid;
	t->tid = tid;
	c->thrs[c->nthrs++] = t;
	return t;
}

static fstat *get_fn(fctx *c, int32_t pid, uint64_t addr)
{
	char key[48];
	snprintf(key, sizeof(key), "%d:%" PRIx64, pid, addr);
	rn_analyze_row *r = rn_analyze_table_get(&c->fns, key);
	if (!r)
		return NULL;
	size_t i = (size_t)(r - c->fns.rows);
	if (i >= c->capst) {
		size_t old = c->capst;
		fstat *p = rn_grow_array(c->st, &c->capst, i + 1, sizeof(*p), 64);
		if (!p)
			return NULL;
		memset(p + old, 0, (c->capst - old) * sizeof(*p));
		c->st = p;
	}
	if (!r->calls++)
		c->st[i].min = UINT64_MAX;
	return &c->st[i];
}

/* The child of parent (0 = root) for addr, created when new. */
static uint32_t child_node(fctx *c, uint32_t parent, int32_t pid, uint64_t addr)
{
	uint32_t k = parent ? c->nodes[parent - 1].first_child : 0;
	if (!parent) {
		for (size_t i = 0; i < c->nnodes; i++)
			if (!c->nodes[i].parent && c->nodes[i].addr == addr &&
			    c->nodes[i].pid == pid)
				return (uint32_t)i + 1;
	}
	for (; k; k = c->nodes[k - 1].next_sibling)
		if (c->nodes[k - 1].addr == addr)
			return k;
	if (c->nnodes == c->capnodes) {
		gnode *p = rn_grow_array(c->nodes, &c->capnodes, c->nnodes + 1, sizeof(*p), 256);
		if (!p) {
			c->oom = 1;
			return 0;
		}
		c->nodes = p;
	}
	gnode *n = &c->nodes[c->nnodes];
	memset(n, 0, sizeof(*n));
	n->addr = addr;
	n->pid = pid;
	n->parent = parent;
	if (parent) {
		n->next_sibling = c->nodes[parent - 1].first_child;
		c->nodes[parent - 1].first_child = (uint32_t)c->nnodes + 1;
	}
	return (uint32_t)++c->nnodes;
}

static void pop(fctx *c, thr *t, uint64_t when)
{
	frame *f = &t->stack[--t->depth];
	uint64_t total = when > f->entry ? when - f->entry : 0;
	fstat *s = get_fn(c, t->pid, f->addr);
	if (!s) {
		c->oom = 1;
		return;
	}
	if (!f->nested)
		s->total += total; /* recursion: the outermost call holds the time */
	s->self += total > f->child_ns ? total - f->child_ns : 0;
	if (total < s->min)
		s->min = total;
	if (total > s->max)
		s->max = total;
	s->calls++;
	if (f->node) {
		c->nodes[f->node - 1].calls++;
		c->nodes[f->node - 1].total += total;
	}
	if (t->depth > 0)
		t->stack[t->depth - 1].child_ns += total;
}

static void on_event(fctx *c, thr *t, const rn_func_event *e)
{
	t->last = e->time;
	c->nevents++;
	if (!e->exit) {
		if (t->depth == t->cap) {
			int cap = t->cap ? t->cap * 2 : 64;
			frame *p =
			    cap <= MAX_DEPTH ? realloc(t->stack, (size_t)cap * sizeof(*p)) : NULL;
			if (!p) {
				t->overflow++;
				return;
			}
			t->stack = p;
			t->cap = cap;
		}
		uint32_t parent = t->depth ? t->stack[t->depth - 1].node : 0;
		int nested = 0;
		for (int k = t->depth - 1; k >= 0 && !nested; k--)
			nested = t->stack[k].addr == e->addr;
		frame *f = &t->stack[t->depth++];
		f->nested = nested;
		f->addr = e->addr;
		f->entry = e->time;
		f->child_ns = 0;
		f->node = child_node(c, parent, t->pid, e->addr);
		return;
	}
	if (t->overflow) {
		t->overflow--;
		return;
	}
	int k = t->depth - 1;
	while (k >= 0 && t->stack[k].addr != e->addr)
		k--;
	if (k < 0)
		return; /* an exit whose entry predates the trace */
	while (t->depth > k)
		pop(c, t, e->time);
}

static int visit(void *vctx, rn_analyze_scan *s, const rn_event *ev)
{
	fctx *c = vctx;
	if (!ev) {
		memcpy(c->damage, s->damage, sizeof(c->damage));
		for (size_t i = 0; i < c->nthrs; i++)
			while (c->thrs[i]->depth > 0)
				pop(c, c->thrs[i], c->thrs[i]->last);
		return 0;
	}
	if (ev->kind == RN_EV_LOSS)
		rn_loss_tally_add(&c->loss, &ev->u.loss);
	if (ev->kind != RN_EV_FUNCS) {
		if (c->src && ev->kind != RN_EV_SYSCALL)
			rn_source_event(c->src, ev);
		return 0;
	}
	const rn_funcs *f = &ev->u.funcs;
	if (s->o->npids) {
		int want = 0;
		for (int i = 0; i < s->o->npids; i++)
			want |= s->o->pids[i] == f->pid || s->o->pids[i] == f->tid;
		if (!want)
			return 0;
	}
	thr *t = get_thr(c, f->pid, f->tid);
	if (!t)
		return -1;
	uint64_t time = f->base_ns;
	for (uint32_t i = 0; i < f->nevents; i++) {
		rn_func_event e;
		rn_funcs_get(f, i, &time, &e);
		on_event(c, t, &e);
	}
	return c->oom ? -1 : 0;
}

static int run(rn_analyze_opts *o, fctx *c)
{
	c->src = rn_source_new(o->files[0], rn_arch_native(), 0);
	/* The scan feeds mappings to its own resolver only with --source; this
	 * command always symbolizes, so it feeds its own. */
	int save = o->source;
	o->source = 0;
	int rc = rn_analyze_scan_file(o->files[0], o, visit, c);
	o->source = save;
	if (rc >= 0 && c->nevents == 0) {
		fprintf(stderr, "%s: %s: no function events (record with rn-record --functions)\n",
		        RN_ANALYZE_PROG, o->files[0]);
		rc = -1;
	}
	return rc;
}

static void free_ctx(fctx *c)
{
	for (size_t i = 0; i < c->nthrs; i++) {
		free(c->thrs[i]->stack);
		free(c->thrs[i]);
	}
	free(c->thrs);
	free(c->st);
	free(c->nodes);
	rn_analyze_table_free(&c->fns);
	rn_source_free(c->src);
	free(c);
}

/* Says first that events were lost, when they were: the table's first
 * line, the JSON's first keys; CSV stays data only, so stderr says it. */
static void banner(FILE *f, const rn_analyze_opts *o, const fctx *c)
{
	char line[512];
	int lost = rn_loss_line(&c->loss, line, sizeof(line));
	if (o->format == RN_FMT_JSON) {
		fprintf(f, "{\"lost_events\":%" PRIu64, c->loss.total);
		if (lost) {
			fprintf(f, ",\"warning\":");
			rn_analyze_json_str(f, line);
		}
		if (c->damage[0]) { /* (said on stderr first) */
			fprintf(f, ",\"damage\":");
			rn_analyze_json_str(f, c->damage);
		}
		fputc(',', f);
	} else if (o->format == RN_FMT_CSV) {
		if (lost)
			fprintf(stderr, "%s: %s: %s\n", RN_ANALYZE_PROG, o->files[0], line);
	} else if (lost) {
		fprintf(f, "%s\n", line);
	}
}

/* ---- functions ---- */

typedef struct frow {
	const char *name;
	int32_t pid;
	uint64_t addr;
	fstat *s;
} frow;

static int cmp_frow(const void *x, const void *y)
{
	const frow *a = x, *b = y;
	if (a->s->total != b->s->total)
		return a->s->total < b->s->total ? 1 : -1;
	return strcmp(a->name, b->name);
}

static int cmp_self(const void *x, const void *y)
{
	const frow *a = x, *b = y;
	if (a->s->self != b->s->self)
		return a->s->self < b->s->self ? 1 : -1;
	return strcmp(a->name, b->name);
}

static int cmp_calls(const void *x, const void *y)
{
	const frow *a = x, *b = y;
	if (a->s->calls != b->s->calls)
		return a->s->calls < b->s->calls ? 1 : -1;
	return strcmp(a->name, b->name);
}

int rn_analyze_cmd_functions(rn_analyze_opts *o)
{
	fctx *c = calloc(1, sizeof(*c));
	if (!c)
		return 1;
	int rc = run(o, c);
	frow *rows = rc >= 0 ? calloc(c->fns.n + 1, sizeof(*rows)) : NULL;
	if (rows) {
		size_t n = 0;
		for (size_t i = 0; i < c->fns.n; i++) {
			rn_analyze_row *r = &c->fns.rows[i];
			if (!c->st[i].calls)
				continue;
			frow *fr = &rows[n++];
			fr->s = &c->st[i];
			sscanf(r->key, "%d:%" SCNx64, &fr->pid, &fr->addr);
			fr->name = strdup(rn_source_func(c->src, fr->pid, fr->addr));
		}
		int col = o->sort ? rn_analyze_col_lookup(o->sort) : RN_COL_TOTAL;
		qsort(rows, n, sizeof(*rows),
		      col == RN_COL_CALLS  ? cmp_calls
		      : col == RN_COL_TIME ? cmp_self
		                           : cmp_frow);
		if (o->top && (size_t)o->top < n)
			n = (size_t)o->top;
		FILE *f = rn_analyze_out_open(o);
		if (f)
			banner(f, o, c);
		if (f && o->format == RN_FMT_JSON) {
			fprintf(f, "\"trace\":");
			rn_analyze_json_str(f, o->files[0]);
			fprintf(f, ",\"functions\":[");
		} else if (f && o->format == RN_FMT_CSV) {
			fprintf(f, "function,calls,total_ns,self_ns,avg_ns,min_ns,max_ns\n");
		} else if (f) {
			fprintf(f, "%12s %12s %12s %12s %12s %10s  %s\n", "total", "self", "avg",
			        "min", "max", "calls", "function");
			fprintf(f, "%.12s %.12s %.12s %.12s %.12s %.10s  %.20s\n",
			        "----------------", "----------------", "----------------",
			        "----------------", "----------------", "----------------",
			        "------------------------");
		}
		for (size_t i = 0; f && i < n; i++) {
			fstat *s = rows[i].s;
			uint64_t avg = s->calls ? s->total / s->calls : 0;
			if (o->format == RN_FMT_JSON) {
				fprintf(f, "%s\n{\"function\":", i ? "," : "");
				rn_analyze_json_str(f, rows[i].name ? rows[i].name : "?");
				fprintf(f,
				        ",\"calls\":%" PRIu64 ",\"total_ns\":%" PRIu64
				        ",\"self_ns\":%" PRIu64 ",\"avg_ns\":%" PRIu64
				        ",\"min_ns\":%" PRIu64 ",\"max_ns\":%" PRIu64 "}",
				        s->calls, s->total, s->self, avg, s->min, s->max);
			} else if (o->format == RN_FMT_CSV) {
				rn_analyze_csv_str(f, rows[i].name ? rows[i].name : "?");
				fprintf(f,
				        ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64
				        ",%" PRIu64 "\n",
				        s->calls, s->total, s->self, avg, s->min, s->max);
			} else {
				char b[5][32];
				fprintf(f, "%12s %12s %12s %12s %12s %10" PRIu64 "  %s\n",
				        rn_analyze_human_ns((double)s->total, b[0], 32),
				        rn_analyze_human_ns((double)s->self, b[1], 32),
				        rn_analyze_human_ns((double)avg, b[2], 32),
				        rn_analyze_human_ns((double)s->min, b[3], 32),
				        rn_analyze_human_ns((double)s->max, b[4], 32), s->calls,
				        rows[i].name ? rows[i].name : "?");
			}
		}
		if (f && o->format == RN_FMT_JSON)
			fprintf(f, "]}\n");
		if (!f || rn_analyze_out_close(f, o) < 0)
			rc = -1;
		for (size_t i = 0; i < c->fns.n; i++)
			free((void *)rows[i].name);
	} else if (rc >= 0) {
		rc = -1;
	}
	free(rows);
	free_ctx(c);
	return rn_analyze_exit_code(rc);
}

/* ---- graph ---- */

static void print_node(FILE *f, fctx *c, uint32_t k, char *prefix, size_t plen, int last, int json)
{
	gnode *n = &c->nodes[k - 1];
	const char *name = rn_source_func(c->src, n->pid, n->addr);
	char b[32];
	if (json) {
		fprintf(f, "{\"function\":");
		rn_analyze_json_str(f, name);
		fprintf(f, ",\"calls\":%" PRIu64 ",\"total_ns\":%" PRIu64 ",\"children\":[",
		        n->calls, n->total);
	} else {
		fprintf(f, "%12s : %s%s(%" PRIu64 ") %s\n",
		        rn_analyze_human_ns((double)n->total, b, 32), prefix,
		        n->parent ? (last ? "\u2514\u2500" : "\u251c\u2500") : "", n->calls, name);
	}
	size_t add = n->parent ? strlen(last ? "  " : "\u2502 ") : 0;
	if (plen + add + 8 < 4096) {
		memcpy(prefix + plen, last ? "  " : "\u2502 ", add);
		prefix[plen + add] = 0;
	}
	/* Children were linked newest first: print them in first-call order
	 * (on the heap: the tree may be 1024 deep). */
	size_t nk = 0;
	for (uint32_t ch = n->first_child; ch; ch = c->nodes[ch - 1].next_sibling)
		nk++;
	uint32_t *kids = nk ? malloc(nk * sizeof(*kids)) : NULL;
	size_t j = 0;
	for (uint32_t ch = n->first_child; kids && ch; ch = c->nodes[ch - 1].next_sibling)
		kids[j++] = ch;
	for (size_t i = kids ? nk : 0; i-- > 0;) {
		if (json && i != nk - 1)
			fputc(',', f);
		print_node(f, c, kids[i], prefix, plen + add, i == 0, json);
	}
	free(kids);
	prefix[plen] = 0;
	if (json)
		fprintf(f, "]}");
}

int rn_analyze_cmd_graph(rn_analyze_opts *o)
{
	fctx *c = calloc(1, sizeof(*c));
	if (!c)
		return 1;
	int rc = run(o, c);
	FILE *f = rc >= 0 ? rn_analyze_out_open(o) : NULL;
	if (f) {
		int json = o->format == RN_FMT_JSON;
		char prefix[4096] = "";
		banner(f, o, c);
		if (json)
			fprintf(f, "\"graph\":[");
		else
			fprintf(f, "%12s : %s\n", "total time", "(calls) function");
		int first = 1;
		for (size_t i = 0; i < c->nnodes; i++) {
			if (c->nodes[i].parent)
				continue;
			if (json && !first)
				fputc(',', f);
			first = 0;
			print_node(f, c, (uint32_t)i + 1, prefix, 0, 1, json);
		}
		if (json)
			fprintf(f, "]}\n");
		if (rn_analyze_out_close(f, o) < 0)
			rc = -1;
	} else if (rc >= 0) {
		rc = -1;
	}
	free_ctx(c);
	return rn_analyze_exit_code(rc);
}
