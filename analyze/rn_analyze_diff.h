/* rn_analyze_diff.h: what `rn-analyze diff` compares, shared by rn_analyze_diff.c (the
 * recordings of each side, the tests and the verdict) and rn_analyze_diff_output.c
 * (text, JSON and CSV). */
#ifndef RN_ANALYZE_DIFF_H
#define RN_ANALYZE_DIFF_H

#include "rn_analyze.h"

#define RN_DIFF_ALPHA        0.01
#define RN_DIFF_MIN_EFFECT   0.10 /* several recordings: a p50 must move by 10% */
#define RN_DIFF_SINGLE_RATIO 4.0  /* one recording a side: x4 or /4 (2.75x seen as noise) */
#define RN_DIFF_SINGLE_TOTAL 1.5  /* ... and the total time x1.5 or /1.5 with the calls */

/* One side's figures: means over the side's recordings for the counts,
 * geometric means for the times (the p50 is the statistic the tests compare,
 * so the words always agree with these numbers). */
typedef struct rn_diff_side {
	double calls, errors, total_ns, p50_ns, p90_ns, p99_ns;
} rn_diff_side;

enum { RN_DIFF_UNTESTED, RN_DIFF_SAME, RN_DIFF_SLOWER, RN_DIFF_FASTER };

typedef struct rn_diff_row {
	const char *key;
	rn_diff_side s[2]; /* before, after */
	int result;        /* RN_DIFF_* */
	double change;     /* tested: p50 after / p50 before - 1 */
	double noise;      /* run-to-run spread of the p50 (a fraction); < 0 unknown */
	double p;          /* tested: p value */
} rn_diff_row;

typedef struct rn_diff_table {
	int by;
	rn_diff_row *rows;
	size_t n, shown;
} rn_diff_table;

typedef struct rn_diff {
	const rn_analyze_opts *o;
	int runs[2];         /* recordings before, after */
	int noise_known;     /* at least three recordings: the spread between runs is measured */
	rn_diff_row total;   /* every key together; change/noise/p are about total_ns */
	uint64_t skipped[2]; /* blocking calls left out, over each side's recordings */
	uint64_t lost[2];    /* events the recorder reported lost, over each side's recordings */
	uint64_t unread[RN_ANALYZE_MAXFILES];    /* per recording (o->files' order): the paths it
	                                          * could not read, when a paths table is shown */
	const char *damage[RN_ANALYZE_MAXFILES]; /* per recording: its damage line ("" whole) */
	rn_diff_table tables[3];                 /* by the grouping asked, then paths and sources */
	int ntables;
	int nslower, nfaster, ntested;
	const char *word; /* "slower", "faster", "mixed", "no significant change" */
	char verdict[1024];
	int failed; /* a --fail-on held */
} rn_diff;

/* "slower", "faster", "same", "untested". */
const char *rn_diff_result_name(int result);
void rn_diff_print_text(FILE *f, const rn_diff *d);
void rn_diff_print_json(FILE *f, const rn_diff *d);
void rn_diff_print_csv(FILE *f, const rn_diff *d);
/* Rule 2: the "note: ... events lost" line said before the figures (text
 * output's first line; stderr before the CSV). Nothing when none was lost. */
void rn_diff_print_lost(FILE *f, const rn_diff *d, const char *prefix);
/* Rule 2: then, for each recording with paths rn could not read (the paths
 * table lacks them), "PREFIXFILE: " and the rn_unread_line warning. */
void rn_diff_print_unread(FILE *f, const rn_diff *d, const char *prefix);

#endif
