/* rn_analyze_anomalies.c: `rn-analyze anomalies`: slow outliers per syscall. A first
 * pass collects each syscall's durations; the median m and the median
 * absolute deviation MAD give each call the robust z-score
 *   z = 0.6745 * (d - m) / MAD          (Iglewicz and Hoaglin)
 * and calls with z above --threshold (default 3.5) are outliers. When MAD is
 * 0 (over half the calls take the same time) the mean absolute deviation
 * scaled by 1.2533 stands in. Syscalls with fewer than 8 completed calls are
 * not judged. A second pass prints the outliers, highest score first, with
 * time, pid/tid, the decoded call and its source line (--source). */
#include "rn_analyze.h"
#include "rn_decode.h"
#include "rn_grow.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MIN_CALLS 8
#define MAX_SHOWN 20 /* default --top */

typedef struct outlier {
	double z;
	uint64_t t_rel, dur;
	int32_t pid, tid;
	char *call;      /* decoded */
	char *where;     /* source line, or NULL */
	uint64_t unread; /* its captures rn could not read (rn_loss_tally_sc) */
	char name[32];
} outlier;

typedef struct actx {
	rn_analyze_table t;
	uint32_t by_nr[RN_NR_MAX];
	double med[RN_NR_MAX], scale[RN_NR_MAX]; /* scale = MAD (or stand-in) / 0.6745 */
	int judged[RN_NR_MAX];
	int pass;
	outlier *out;
	size_t nout, capout;
	size_t keep;
	int oom;
	rn_decode_opts dopts;
	rn_loss_tally loss; /* said first (rule 2) */
	char damage[256];   /* the scan's damage line, for the JSON */
} actx;

static uint64_t dur(const rn_syscall *sc)
{
	return sc->t_exit > sc->t_entry ? sc->t_exit - sc->t_entry : 0;
}

static int collect(actx *c, rn_analyze_scan *s, const rn_syscall *sc)
{
	if (sc->nr >= RN_NR_MAX || (sc->flags & RN_SC_COMPAT)) /* ia32 calls: not judged */
		return 0;
	if (!c->by_nr[sc->nr]) {
		rn_analyze_row *r = rn_analyze_table_get(&c->t, rn_analyze_sc_name(s, sc->nr));
		if (!r)
			return -1;
		c->by_nr[sc->nr] = (uint32_t)(r - c->t.rows) + 1;
	}
	rn_analyze_row_add(&c->t.rows[c->by_nr[sc->nr] - 1], sc);
	return 0;
}

static void robust(actx *c)
{
	for (uint32_t nr = 0; nr < RN_NR_MAX; nr++) {
		if (!c->by_nr[nr])
			continue;
		rn_analyze_lat *l = &c->t.rows[c->by_nr[nr] - 1].lat;
		size_t n = rn_analyze_lat_count(l);
		if (n < MIN_CALLS)
			continue;
		double m, mad;
		rn_analyze_lat_mad(l, &m, &mad);
		if (mad == 0) {
			double s = 0;
			for (size_t i = 0; i < n; i++)
				s += fabs((double)rn_analyze_lat_at(l, i) - m);
			mad = 1.2533 * s / (double)n * 0.6745; /* mean abs dev, as a MAD */
		}
		if (mad <= 0)
			continue;
		c->med[nr] = m;
		c->scale[nr] = mad / 0.6745;
		c->judged[nr] = 1;
	}
}

static int cmp_out(const void *x, const void *y)
{
	const outlier *a = x, *b = y;
	return a->z < b->z ? 1 : a->z > b->z ? -1 : 0;
}

/* Sorts the outliers, highest score first, and drops all but c->keep. */
static void trim(actx *c)
{
	if (c->nout > 1)
		qsort(c->out, c->nout, sizeof(*c->out), cmp_out);
	while (c->nout > c->keep) {
		c->nout--;
		free(c->out[c->nout].call);
		free(c->out[c->nout].where);
	}
}

/* Keeps the c->keep highest scores: the array is kept at most 2x keep and
 * trimmed by sorting. */
static void add_outlier(actx *c, rn_analyze_scan *s, const rn_syscall *sc, double z)
{
	if (c->nout == c->capout) {
		trim(c);
		if (c->nout == c->capout) {
			outlier *p = rn_grow_array(c->out, &c->capout, c->nout + 1, sizeof(*p), 64);
			if (!p) {
				c->oom = 1;
				return;
			}
			c->out = p;
		}
	}
	outlier *o = &c->out[c->nout++];
	o->z = z;
	o->t_rel = sc->t_entry - s->t0;
	o->dur = dur(sc);
	o->pid = sc->pid;
	o->tid = sc->tid;
	snprintf(o->name, sizeof(o->name), "%s", rn_analyze_sc_name(s, sc->nr));
	rn_sb sb = {0};
	rn_decode_syscall(&sb, &c->dopts, sc, -1);
	o->call = sb.p ? sb.p : strdup(o->name);
	const char *w = rn_analyze_scan_where(s, sc);
	o->where = w ? strdup(w) : NULL;
	rn_loss_tally one = {0};
	rn_loss_tally_sc(&one, sc);
	o->unread = one.unread;
}

static int visit(void *vctx, rn_analyze_scan *s, const rn_event *ev)
{
	actx *c = vctx;
	if (!ev && c->pass == 1) {
		c->loss = s->loss;
		memcpy(c->damage, s->damage, sizeof(c->damage));
		c->loss.unread = 0; /* only the outliers shown count (print) */
	}
	if (!ev || ev->kind != RN_EV_SYSCALL || (ev->u.sc.flags & RN_SC_NO_EXIT))
		return 0;
	const rn_syscall *sc = &ev->u.sc;
	if (c->pass == 1)
		return collect(c, s, sc);
	if (sc->flags & RN_SC_NO_ENTRY) /* in progress when recording started: not measured */
		return 0;
	if (sc->nr >= RN_NR_MAX || (sc->flags & RN_SC_COMPAT) || !c->judged[sc->nr])
		return 0;
	double z = ((double)dur(sc) - c->med[sc->nr]) / c->scale[sc->nr];
	if (z > s->o->threshold) {
		if (!c->dopts.arch) {
			rn_decode_opts_init(&c->dopts, s->arch);
			c->dopts.fd_paths = 1; /* as strace -y: read(3</var/log/x>, ...) */
		}
		c->dopts.fds = s->fds;
		add_outlier(c, s, sc, z);
	}
	return c->oom ? -1 : 0;
}

static void print(FILE *f, const rn_analyze_opts *o, actx *c)
{
	char b1[32], b2[32];
	for (size_t i = 0; i < c->nout; i++)
		c->loss.unread += c->out[i].unread;
	if (o->format == RN_FMT_JSON) {
		fputc('{', f);
		rn_analyze_loss_json(f, &c->loss, c->damage);
		fprintf(f, "\"trace\":");
		rn_analyze_json_str(f, o->files[0]);
		fprintf(f, ",\"method\":\"median-mad\",\"threshold\":%.2f,\"outliers\":[",
		        o->threshold);
	} else {
		rn_analyze_loss_text(f, &c->loss);
	}
	if (o->format != RN_FMT_JSON && !c->nout) {
		fprintf(f, "no outliers (robust z-score above %.1f)\n", o->threshold);
	}
	for (size_t i = 0; i < c->nout; i++) {
		outlier *x = &c->out[i];
		uint32_t nr = 0;
		for (uint32_t k = 0; k < RN_NR_MAX; k++)
			if (c->by_nr[k] && strcmp(c->t.rows[c->by_nr[k] - 1].key, x->name) == 0)
				nr = k;
		if (o->format == RN_FMT_JSON) {
			fprintf(f,
			        "%s\n{\"syscall\":\"%s\",\"z\":%.2f,\"time_ns\":%" PRIu64
			        ",\"duration_ns\":%" PRIu64
			        ",\"median_ns\":%.0f,\"pid\":%d,\"tid\":%d,"
			        "\"call\":",
			        i ? "," : "", x->name, x->z, x->t_rel, x->dur, c->med[nr], x->pid,
			        x->tid);
			rn_analyze_json_str(f, x->call);
			fprintf(f, ",\"source\":");
			if (x->where)
				rn_analyze_json_str(f, x->where);
			else
				fprintf(f, "null");
			fputc('}', f);
			continue;
		}
		fprintf(f, "%12.6f s  pid %d tid %d  %s took %s (median %s, z %.1f)\n    %s\n",
		        (double)x->t_rel / 1e9, x->pid, x->tid, x->name,
		        rn_analyze_human_ns((double)x->dur, b1, sizeof(b1)),
		        rn_analyze_human_ns(c->med[nr], b2, sizeof(b2)), x->z, x->call);
		if (x->where)
			fprintf(f, "    at %s\n", x->where);
	}
	if (o->format == RN_FMT_JSON)
		fprintf(f, "]}\n");
}

int rn_analyze_cmd_anomalies(rn_analyze_opts *o)
{
	actx *c = calloc(1, sizeof(*c));
	if (!c)
		return 1;
	c->keep = o->top ? (size_t)o->top : MAX_SHOWN;
	c->pass = 1;
	int save_source = o->source;
	o->source = 0; /* the first pass needs no stacks */
	int rc = rn_analyze_scan_file(o->files[0], o, visit, c);
	o->source = save_source;
	if (rc >= 0) {
		robust(c);
		c->pass = 2;
		o->quiet_damage = 1; /* the first pass told it */
		o->need_fds = 1;
		int rc2 = rn_analyze_scan_file(o->files[0], o, visit, c);
		o->quiet_damage = 0;
		o->need_fds = 0;
		if (rc2 < 0)
			rc = rc2;
	}
	if (rc >= 0) {
		trim(c);
		FILE *f = rn_analyze_out_open(o);
		if (!f || (print(f, o, c), rn_analyze_out_close(f, o)) < 0)
			rc = -1;
	}
	for (size_t i = 0; i < c->nout; i++) {
		free(c->out[i].call);
		free(c->out[i].where);
	}
	free(c->out);
	rn_analyze_table_free(&c->t);
	free(c);
	return rn_analyze_exit_code(rc);
}
