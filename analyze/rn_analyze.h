/* rn_analyze.h: rn-analyze's internal API: the options every subcommand shares,
 * the filtered trace scan, keyed latency statistics with exact percentiles,
 * the offline source resolver (libdw) and small output helpers. */
#ifndef RN_ANALYZE_H
#define RN_ANALYZE_H

#include "rn_filter.h"
#include "rn_loss.h"
#include "rn_source.h"
#include "rn_trace.h"

#include <stdint.h>
#include <stdio.h>

#define RN_ANALYZE_PROG "rn-analyze"

/* --by: what a row of the summary stands for. */
enum rn_analyze_by {
	RN_BY_SYSCALL,
	RN_BY_PROCESS,
	RN_BY_THREAD,
	RN_BY_PATH,
	RN_BY_FD,
	RN_BY_SOURCE
};
/* --format */
enum rn_analyze_fmt { RN_FMT_TEXT, RN_FMT_JSON, RN_FMT_CSV };

#define RN_ANALYZE_MAXPID   64
#define RN_ANALYZE_MAXFAIL  16
#define RN_ANALYZE_MAXFILES 32 /* diff: recordings on both sides together */

typedef struct rn_analyze_opts {
	const char *cmd;
	const char *files[RN_ANALYZE_MAXFILES];
	int nfiles;
	int nbefore; /* diff: files[0..nbefore) are BEFORE, the rest AFTER */
	int by;
	const char *sort; /* column name, default "total" */
	int format;
	int have_filter;
	rn_sysset set;
	const char *filter_expr;
	int32_t pids[RN_ANALYZE_MAXPID];
	int npids;
	int64_t from_ns, to_ns; /* relative to the trace start; -1 = unset */
	int source;             /* --source */
	int frames;             /* --frames N: whole stacks (0 = first user frame only) */
	const char *output;     /* -o */
	const char *fail_on[RN_ANALYZE_MAXFAIL];
	int nfail;
	int top;               /* --top N rows / outliers */
	double threshold;      /* anomalies: robust z above which a call is an outlier */
	int quiet_damage;      /* a later pass over the same file: damage already told */
	int need_fds;          /* keep the fd -> path tracker (rn_fdtrack) */
	int skim;              /* the visitor needs no args, captures or event bytes:
	                        * read with RN_READ_SKIM (faster) */
	int fast;              /* --fast: with skim, RN_READ_PREFIX too */
	int threads;           /* --threads: reading threads (0: 2 when it may run on 2 CPUs) */
	int include_blocking;  /* diff --include-blocking */
	uint32_t skip_classes; /* summary tables leave out these RN_CLASS_* (counted) */
	FILE *out_stream;      /* write here instead of -o / stdout (the report) */
} rn_analyze_opts;

/* Parses argv after the subcommand name. Returns 0, or 2 after printing a
 * usage error. nfiles_min/max bound the positional trace files. */
int rn_analyze_opts_parse(rn_analyze_opts *o, int argc, char **argv, int nfiles_min,
                          int nfiles_max);
void rn_analyze_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
const char *rn_analyze_by_name(int by);

/* ---- the scan ---- */

/* A process's program name (from exec, snapshot or the header). */
struct rn_analyze_pname {
	int32_t pid;
	char name[32];
};

typedef struct rn_analyze_scan {
	rn_reader *r;
	const rn_header *h;
	uint16_t arch;
	uint64_t t0; /* trace start (CLOCK_MONOTONIC ns) */
	const rn_analyze_opts *o;
	rn_source *src; /* set when --source */
	uint64_t nsyscalls, nevents;
	rn_loss_tally loss;     /* the Loss events read (all of them, filters aside), and
	                         * the unread captures of the calls the filters pass
	                         * (none when the tool reads without captures) */
	uint64_t unread_paths;  /* of those, the path strings (what hints and --by path show) */
	char damage[256];       /* at the end visit: the reader's damage summary line
	                         * (rn_reader_damage), "" when the trace is whole */
	struct rn_fdtrack *fds; /* with o->need_fds */
	struct rn_analyze_pname *names; /* pid -> program name, from exec/snapshot/header */
	size_t nnames, capnames;
} rn_analyze_scan;

/* Called for every event that passes the filters (syscalls are filtered by
 * -e, --pid and --from/--to; other events all pass), then once more with
 * ev = NULL at the end of the trace (the scan state is still valid). Return
 * 0 to go on. */
typedef int (*rn_analyze_visit_fn)(void *ctx, rn_analyze_scan *s, const rn_event *ev);

/* Reads a whole trace. Returns 0, 1 when the trace was damaged (the damage
 * line was printed), or -1 on an error (printed). */
int rn_analyze_scan_file(const char *path, const rn_analyze_opts *o, rn_analyze_visit_fn fn,
                         void *ctx);
/* The location of a syscall (file:line in function), or NULL without
 * --source or stack. Valid until the next call. */
const char *rn_analyze_scan_where(rn_analyze_scan *s, const rn_syscall *sc);
/* The path behind fd in process pid (from the fd tracker), or NULL. */
const char *rn_analyze_scan_fdpath(const rn_analyze_scan *s, int32_t pid, int64_t fd);
/* The path a syscall is about: its captured path argument, or for calls on
 * a descriptor (first argument) the descriptor's path; NULL when none. */
const char *rn_analyze_scan_path(const rn_analyze_scan *s, const rn_syscall *sc, char *buf,
                                 size_t n);
/* The descriptor a syscall works on (first argument of kind FD), or -1. */
int64_t rn_analyze_sc_fd(const rn_analyze_scan *s, const rn_syscall *sc);
/* The path a syscall names (first captured string argument), or NULL. */
const char *rn_analyze_sc_path(const rn_syscall *sc, char *buf, size_t n);
/* Program name of a process ("ls"), or NULL when unknown. */
const char *rn_analyze_scan_pname(const rn_analyze_scan *s, int32_t pid);
/* CPUs this process may run on (taskset, cgroup cpusets), at least 1. */
int rn_analyze_cpus(void);
/* Syscall name for a number on the trace's arch. */
const char *rn_analyze_sc_name(const rn_analyze_scan *s, uint32_t nr);

/* ---- keyed statistics ---- */

/* Durations of one key, stored compactly: uint32 ns, with the rare calls of
 * 4.29 s or more in a separate uint64 array. */
typedef struct rn_analyze_lat {
	uint32_t *v;
	uint64_t *big;
	size_t n, cap, nbig, capbig;
	int sorted;      /* 0: as added; 1: sorted; 2: RN_ANALYZE_LAT_SELECTED */
	uint64_t pct[4]; /* RN_ANALYZE_LAT_SELECTED: p50, p90, p99, p99.9 */
} rn_analyze_lat;

/* rn_analyze_lat.sorted: the four percentiles the tables show were found by
 * selection (rn_analyze_lat_select) and kept in pct; the values are permuted. */
#define RN_ANALYZE_LAT_SELECTED 2

typedef struct rn_analyze_row {
	char *key;
	uint64_t calls, errors, unfinished;
	uint64_t total_ns, min_ns, max_ns;
	rn_analyze_lat lat;
} rn_analyze_row;

typedef struct rn_analyze_table {
	rn_analyze_row *rows;
	size_t n, cap;
	uint32_t *slots; /* open addressing: row index + 1 */
	size_t nslots;
	int oom;
	uint64_t lost;    /* events the recorder reported lost (Loss events) */
	uint64_t unread;  /* --by path: paths not read (rn_analyze_scan.unread_paths) */
	uint64_t skipped; /* syscalls left out by opts.skip_classes */
	char damage[256]; /* the scan's damage line ("" when whole) */
	int us_decimals;  /* of the times' clock resolution (rn_header_us_decimals) */
	int threads;      /* rn_analyze_table_select may use 2 (0, 1: one) */
} rn_analyze_table;

void rn_analyze_table_init(rn_analyze_table *t);
void rn_analyze_table_free(rn_analyze_table *t);
/* The row for key, created when new; NULL when out of memory. */
rn_analyze_row *rn_analyze_table_get(rn_analyze_table *t, const char *key);
rn_analyze_row *rn_analyze_table_find(const rn_analyze_table *t, const char *key);
/* Adds one syscall to a row. */
void rn_analyze_row_add(rn_analyze_row *r, const rn_syscall *sc);
/* Adds one duration to a latency set. Returns 0, -1 when out of memory. */
int rn_analyze_lat_add(rn_analyze_lat *l, uint64_t ns);
void rn_analyze_lat_sort(rn_analyze_lat *l);
/* Finds p50, p90, p99 and p99.9 (rn_analyze_lat_pct of 500, 900, 990, 999)
 * without sorting the whole set: the same exact values, by selection
 * (several times cheaper than the sort on large sets). The values are
 * permuted; rn_analyze_lat_sort still sorts them when something needs order. */
void rn_analyze_lat_select(rn_analyze_lat *l);
/* rn_analyze_lat_select of every row, on t->threads threads (up to 2) when
 * there are values enough (rn_analyze_table_select.c). */
void rn_analyze_table_select(rn_analyze_table *t);
/* i-th smallest duration (the set must be sorted; unsorted or selected:
 * the i-th value in storage order). */
uint64_t rn_analyze_lat_at(const rn_analyze_lat *l, size_t i);
size_t rn_analyze_lat_count(const rn_analyze_lat *l);
/* Nearest-rank percentile, permille 0..1000: the value at rank
 * ceil(permille/1000 * N) of the sorted durations (1-based); 0 when empty. */
uint64_t rn_analyze_lat_pct(rn_analyze_lat *l, unsigned permille);
void rn_analyze_lat_free(rn_analyze_lat *l);
/* Median and median absolute deviation. */
void rn_analyze_lat_mad(rn_analyze_lat *l, double *median, double *mad);
/* Mann-Whitney U test of two sorted sets: z score (positive when b is
 * larger) and two-sided p value by the normal approximation with tie
 * correction. Returns -1 when either set has fewer than 2 values. */
int rn_analyze_mwu(rn_analyze_lat *a, rn_analyze_lat *b, double *z, double *p);
/* Two-sided p value of Student's t statistic t with df degrees of freedom. */
double rn_analyze_t_pvalue(double t, double df);

/* Columns of a summary row, by name: calls, errors, time (percent), total,
 * avg, min, p50, p90, p99, p999, max, name. */
int rn_analyze_col_lookup(const char *name);
/* Sorts rows by a column (descending; name ascending). */
void rn_analyze_table_sort(rn_analyze_table *t, int col);
uint64_t rn_analyze_row_col(rn_analyze_row *r, int col);

enum {
	RN_COL_CALLS,
	RN_COL_ERRORS,
	RN_COL_TIME,
	RN_COL_TOTAL,
	RN_COL_AVG,
	RN_COL_MIN,
	RN_COL_P50,
	RN_COL_P90,
	RN_COL_P99,
	RN_COL_P999,
	RN_COL_MAX,
	RN_COL_NAME,
	RN_COL_N
};

/* Builds the summary table of one trace grouped by o->by (rn_analyze_summary.c).
 * Returns the scan's code (0, 1 damaged, -1 error, -2 usage error). */
int rn_analyze_summary_collect(const rn_analyze_opts *o, const char *path, rn_analyze_table *t);
/* Maps a scan code to the exit status. */
int rn_analyze_exit_code(int scan_rc);

/* ---- output ---- */

void rn_analyze_json_str(FILE *f, const char *s);
/* Rule 2: what was lost, said before the data it makes incomplete. Text:
 * the rn_loss_line warning as the first line (nothing when none was lost),
 * then the rn_unread_line warning when captures were not read; JSON:
 * "lost_events":N, as the first field of the object, then
 * "unread_captures":N when there were any, then "damage":"LINE" when the
 * trace was damaged (damage: rn_analyze_scan.damage; stderr said it first). */
void rn_analyze_loss_text(FILE *f, const rn_loss_tally *t);
void rn_analyze_loss_json(FILE *f, const rn_loss_tally *t, const char *damage);
/* The rn_unread_line warning for unread captures, when there were any. */
void rn_analyze_unread_text(FILE *f, uint64_t unread);
void rn_analyze_csv_str(FILE *f, const char *s);
/* Formats ns as a short human time ("12.3us", "4.56ms", "1.20s"). */
const char *rn_analyze_human_ns(double ns, char *buf, size_t n);
/* Opens -o FILE (or stdout). NULL after printing the error. */
FILE *rn_analyze_out_open(const rn_analyze_opts *o);
int rn_analyze_out_close(FILE *f, const rn_analyze_opts *o);

/* ---- subcommands (each returns the exit code) ---- */
int rn_analyze_cmd_summary(rn_analyze_opts *o);
int rn_analyze_cmd_diff(rn_analyze_opts *o);
int rn_analyze_cmd_anomalies(rn_analyze_opts *o);
int rn_analyze_cmd_hints(rn_analyze_opts *o);
int rn_analyze_cmd_functions(rn_analyze_opts *o);
int rn_analyze_cmd_graph(rn_analyze_opts *o);
int rn_analyze_cmd_report(rn_analyze_opts *o);
int rn_analyze_cmd_pack(rn_analyze_opts *o);

#endif
