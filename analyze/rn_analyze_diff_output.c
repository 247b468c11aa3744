/* rn_analyze_diff_output.c: diff's outputs. Text: a table per grouping (calls,
 * errors, total, the p50 compared with its change, the run-to-run noise, the
 * p value and the word), notes, and the verdict as the last line. JSON: the
 * same figures and the verdict. CSV: the main table, one row per key. The
 * word of a row always comes from the p50 change printed beside it. */
#include "rn_analyze_diff.h"

#include <math.h>
#include <string.h>

const char *rn_diff_result_name(int result)
{
	static const char *const n[] = {"untested", "same", "slower", "faster"};
	return n[result];
}

static void pct(char *buf, size_t n, double frac)
{
	if (isinf(frac))
		snprintf(buf, n, "new");
	else
		snprintf(buf, n, "%+.1f%%", 100 * frac);
}

static int tested(const rn_diff_row *r)
{
	return r->result != RN_DIFF_UNTESTED;
}

/* ---- text ---- */

static void text_table(FILE *f, const char *by, const rn_diff_row *rows, size_t n)
{
	int w = 28; /* the key column: as wide as the longest key shown, up to 64 */
	for (size_t i = 0; i < n; i++) {
		int l = (int)strlen(rows[i].key);
		w = l > w ? (l < 64 ? l : 64) : w;
	}
	fprintf(f, "%-*s %17s %13s %21s %21s %8s %7s %8s %s\n", w, by, "calls", "errors", "total",
	        "p50", "change", "noise", "p", "p50 per call");
	for (size_t i = 0; i < n; i++) {
		const rn_diff_row *r = &rows[i];
		char c[48], er[48], t[48], p50[48], x1[16], x2[16], ch[16] = "-", nz[16] = "-",
		                                                    pv[16] = "-";
		snprintf(c, sizeof(c), "%.0f -> %.0f", r->s[0].calls, r->s[1].calls);
		snprintf(er, sizeof(er), "%.0f -> %.0f", r->s[0].errors, r->s[1].errors);
		snprintf(t, sizeof(t), "%s -> %s", rn_analyze_human_ns(r->s[0].total_ns, x1, 16),
		         rn_analyze_human_ns(r->s[1].total_ns, x2, 16));
		snprintf(p50, sizeof(p50), "%s -> %s", rn_analyze_human_ns(r->s[0].p50_ns, x1, 16),
		         rn_analyze_human_ns(r->s[1].p50_ns, x2, 16));
		if (tested(r)) {
			pct(ch, sizeof(ch), r->change);
			snprintf(pv, sizeof(pv), "%.2g", r->p);
			if (r->noise >= 0)
				snprintf(nz, sizeof(nz), "%.1f%%", 100 * r->noise);
			else
				snprintf(nz, sizeof(nz), "?");
		}
		fprintf(f, "%-*.*s %17s %13s %21s %21s %8s %7s %8s %s\n", w, w, r->key, c, er, t,
		        p50, ch, nz, pv, tested(r) ? rn_diff_result_name(r->result) : "-");
	}
}

void rn_diff_print_lost(FILE *f, const rn_diff *d, const char *prefix)
{
	if (!d->lost[0] && !d->lost[1])
		return;
	fprintf(f,
	        "%snote: the recorder reported %llu events lost before, %llu after (see "
	        "rn-replay)\n",
	        prefix, (unsigned long long)d->lost[0], (unsigned long long)d->lost[1]);
}

void rn_diff_print_unread(FILE *f, const rn_diff *d, const char *prefix)
{
	for (int i = 0; i < d->o->nfiles; i++) {
		char line[256];
		rn_loss_tally t = {.unread = d->unread[i]};
		if (rn_unread_line(&t, line, sizeof(line)))
			fprintf(f, "%s%s: %s\n", prefix, d->o->files[i], line);
	}
}

void rn_diff_print_text(FILE *f, const rn_diff *d)
{
	rn_diff_print_lost(f, d, "");
	rn_diff_print_unread(f, d, "");
	for (int k = 0; k < d->ntables; k++) {
		const rn_diff_table *t = &d->tables[k];
		if (k && !t->shown)
			continue;
		if (k)
			fputc('\n', f);
		text_table(f, rn_analyze_by_name(t->by), t->rows, t->shown);
	}
	fprintf(f, "\nrecordings: %d before, %d after; ", d->runs[0], d->runs[1]);
	if (d->noise_known)
		fprintf(f,
		        "a key changed when its p50 moved by %.0f%% or more beyond the spread "
		        "between runs (t test, p < %.2g over %d keys)\n",
		        100 * RN_DIFF_MIN_EFFECT, RN_DIFF_ALPHA, d->ntested);
	else
		fprintf(f,
		        "one recording a side cannot show run-to-run noise: a key changed only "
		        "when its p50 was x%.0f or /%.0f (Mann-Whitney U, p < %.2g over %d keys), "
		        "the total only x%.1f with the calls; record 3 or more runs a side "
		        "(diff B1 B2 B3 -- A1 A2 A3) for a verdict that accounts for noise\n",
		        RN_DIFF_SINGLE_RATIO, RN_DIFF_SINGLE_RATIO, RN_DIFF_ALPHA, d->ntested,
		        RN_DIFF_SINGLE_TOTAL);
	if (!d->o->include_blocking && (d->skipped[0] || d->skipped[1]))
		fprintf(f,
		        "blocking calls left out (wait4, poll, futex...: they wait on others): "
		        "%llu before, %llu after; --include-blocking compares them too\n",
		        (unsigned long long)d->skipped[0], (unsigned long long)d->skipped[1]);
	fprintf(f, "verdict: %s\n", d->verdict);
}

/* ---- JSON ---- */

static void json_side(FILE *f, const rn_diff_side *s)
{
	fprintf(f,
	        "{\"calls\":%.10g,\"errors\":%.10g,\"total_ns\":%.0f,\"p50_ns\":%.0f,"
	        "\"p90_ns\":%.0f,\"p99_ns\":%.0f}",
	        s->calls, s->errors, s->total_ns, s->p50_ns, s->p90_ns, s->p99_ns);
}

static void json_num(FILE *f, const char *name, double v, int have)
{
	if (have && isfinite(v))
		fprintf(f, ",\"%s\":%.6g", name, v);
	else
		fprintf(f, ",\"%s\":null", name);
}

static void json_rows(FILE *f, const char *by, const rn_diff_row *rows, size_t n)
{
	fputc('[', f);
	for (size_t i = 0; i < n; i++) {
		const rn_diff_row *r = &rows[i];
		fprintf(f, "%s\n{\"%s\":", i ? "," : "", by);
		rn_analyze_json_str(f, r->key);
		fprintf(f, ",\"before\":");
		json_side(f, &r->s[0]);
		fprintf(f, ",\"after\":");
		json_side(f, &r->s[1]);
		json_num(f, "p50_change_pct", 100 * r->change, tested(r));
		json_num(f, "noise_pct", 100 * r->noise, tested(r) && r->noise >= 0);
		json_num(f, "p_value", r->p, tested(r));
		fprintf(f, ",\"significant\":%s,\"change\":\"%s\"}",
		        r->result == RN_DIFF_SLOWER || r->result == RN_DIFF_FASTER ? "true"
		                                                                   : "false",
		        rn_diff_result_name(r->result));
	}
	fputc(']', f);
}

static void json_files(FILE *f, const char *const *files, int n)
{
	fputc('[', f);
	for (int i = 0; i < n; i++) {
		if (i)
			fputc(',', f);
		rn_analyze_json_str(f, files[i]);
	}
	fputc(']', f);
}

void rn_diff_print_json(FILE *f, const rn_diff *d)
{
	const rn_analyze_opts *o = d->o;
	const rn_diff_row *t = &d->total;
	fprintf(f, "{\"lost_events\":{\"before\":%llu,\"after\":%llu}",
	        (unsigned long long)d->lost[0], (unsigned long long)d->lost[1]);
	const char *sep = ",\"unread_captures\":{"; /* only when some were not read */
	for (int i = 0; i < o->nfiles; i++)
		if (d->unread[i]) {
			fputs(sep, f);
			rn_analyze_json_str(f, o->files[i]);
			fprintf(f, ":%llu", (unsigned long long)d->unread[i]);
			sep = ",";
		}
	if (sep[0] == ',' && sep[1] == 0)
		fputc('}', f);
	sep = ",\"damage\":{"; /* only when a recording was damaged */
	for (int i = 0; i < o->nfiles; i++)
		if (d->damage[i] && d->damage[i][0]) {
			fputs(sep, f);
			rn_analyze_json_str(f, o->files[i]);
			fputc(':', f);
			rn_analyze_json_str(f, d->damage[i]);
			sep = ",";
		}
	if (sep[0] == ',' && sep[1] == 0)
		fputc('}', f);
	fprintf(f, ",\"before\":");
	json_files(f, o->files, o->nbefore);
	fprintf(f, ",\"after\":");
	json_files(f, o->files + o->nbefore, o->nfiles - o->nbefore);
	fprintf(f,
	        ",\"by\":\"%s\",\"statistic\":\"p50\",\"test\":\"%s\",\"alpha\":%.2f,"
	        "\"noise_estimated\":%s,\"blocking_included\":%s,"
	        "\"blocking_calls_left_out\":{\"before\":%llu,\"after\":%llu},\"change\":\"%s\","
	        "\"verdict\":",
	        rn_analyze_by_name(o->by),
	        d->noise_known ? "student-t-between-runs" : "mann-whitney-u", RN_DIFF_ALPHA,
	        d->noise_known ? "true" : "false", o->include_blocking ? "true" : "false",
	        (unsigned long long)d->skipped[0], (unsigned long long)d->skipped[1],
	        strcmp(d->word, "no significant change") == 0 ? "none" : d->word);
	rn_analyze_json_str(f, d->verdict);
	fprintf(f, ",\"fail_on_violated\":%s,\"total\":{\"before\":", d->failed ? "true" : "false");
	json_side(f, &t->s[0]);
	fprintf(f, ",\"after\":");
	json_side(f, &t->s[1]);
	json_num(f, "change_pct", 100 * t->change, 1);
	json_num(f, "noise_pct", 100 * t->noise, t->noise >= 0);
	json_num(f, "p_value", t->p, t->p >= 0);
	fprintf(f, ",\"significant\":%s},\"rows\":",
	        t->result == RN_DIFF_SLOWER || t->result == RN_DIFF_FASTER ? "true" : "false");
	json_rows(f, rn_analyze_by_name(d->tables[0].by), d->tables[0].rows, d->tables[0].shown);
	for (int k = 1; k < d->ntables; k++) {
		fprintf(f, ",\"%s\":", d->tables[k].by == RN_BY_PATH ? "paths" : "sources");
		json_rows(f, rn_analyze_by_name(d->tables[k].by), d->tables[k].rows,
		          d->tables[k].shown);
	}
	fprintf(f, "}\n");
}

/* ---- CSV ---- */

static void csv_num(FILE *f, double v, int have)
{
	if (have && isfinite(v))
		fprintf(f, ",%.6g", v);
	else
		fputc(',', f);
}

void rn_diff_print_csv(FILE *f, const rn_diff *d)
{
	const rn_diff_table *t = &d->tables[0];
	fprintf(f,
	        "%s,calls_before,calls_after,errors_before,errors_after,total_ns_before,"
	        "total_ns_after,p50_ns_before,p50_ns_after,p99_ns_before,p99_ns_after,"
	        "p50_change_pct,noise_pct,p_value,change\n",
	        rn_analyze_by_name(t->by));
	for (size_t i = 0; i < t->shown; i++) {
		const rn_diff_row *r = &t->rows[i];
		rn_analyze_csv_str(f, r->key);
		fprintf(f, ",%.10g,%.10g,%.10g,%.10g,%.0f,%.0f,%.0f,%.0f,%.0f,%.0f", r->s[0].calls,
		        r->s[1].calls, r->s[0].errors, r->s[1].errors, r->s[0].total_ns,
		        r->s[1].total_ns, r->s[0].p50_ns, r->s[1].p50_ns, r->s[0].p99_ns,
		        r->s[1].p99_ns);
		csv_num(f, 100 * r->change, tested(r));
		csv_num(f, 100 * r->noise, tested(r) && r->noise >= 0);
		csv_num(f, r->p, tested(r));
		fprintf(f, ",%s\n", rn_diff_result_name(r->result));
	}
}
