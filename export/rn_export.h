/* rn_export.h: the subcommands of rn-export and the helpers they share
 * (usage errors, output files, damage reporting). */
#ifndef RN_EXPORT_H
#define RN_EXPORT_H

#include "rn_damage.h"
#include "rn_trace.h"

#include <stdio.h>

#define RN_EXPORT_TOOL "rn-export"

int rn_export_otlp(int argc, char **argv);
int rn_export_otlp_json(int argc, char **argv);
int rn_export_chrome(int argc, char **argv);
int rn_export_ndjson(int argc, char **argv);
int rn_export_csv(int argc, char **argv);
int rn_export_folded(int argc, char **argv);
int rn_export_scrub(int argc, char **argv);
void rn_export_usage(FILE *f);

/* Prints "rn-export: MESSAGE" and the --help hint on stderr; returns 2. */
int rn_export_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints "rn-export: MESSAGE" on stderr; returns 1. */
int rn_export_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Options shared by the file formats: FILE [-o OUT]. Returns 0, 1 after
 * --help, 2 on a usage error. */
typedef struct rn_file_opts {
	const char *trace;
	const char *out; /* NULL: standard output */
	int rebase_time;
	int no_functions;
} rn_file_opts;
int rn_file_opts_parse(const char *cmd, int argc, char **argv, rn_file_opts *o);
/* Opens the output (stdout when path is NULL). Returns NULL after an error line. */
FILE *rn_export_open_out(const char *path);
/* Closes the output, reporting write errors. Returns 0 or 1. */
int rn_export_close_out(FILE *f, const char *path);
/* At the end of a read of r, whose problems d collected (rn_damage_listen
 * at open): prints the damage lines (rn_damage_print) and returns 1 when
 * the trace was damaged, else 0. */
int rn_export_damage(rn_reader *r, rn_damage *d);
/* When the trace's Loss events add up to anything, prints the warning line
 * (rn_loss_line) as "rn-export: TRACE: warning: ..." on stderr and returns
 * 1, else 0; then the unread captures' line (rn_unread_line) when t counted
 * any. */
struct rn_loss_tally;
int rn_export_loss(const char *trace, const struct rn_loss_tally *t);
/* What a first pass found (pre) and what the real read of the trace finds
 * (post, told by its reader: the first pass said it already). */
typedef struct rn_export_dmg {
	rn_damage pre, post;
} rn_export_dmg;
/* Prints on stderr what comes before any output (rule 2): the loss warning
 * (rn_export_loss), then the damage lines (rn_damage_print). */
void rn_export_first(const char *trace, const struct rn_loss_tally *t, const rn_damage *pre);
/* For the commands that stream: before any output, a quick pass over the
 * trace (rn_loss_scan_file) fills t and d->pre and prints them
 * (rn_export_first: the loss warning, the unread captures' line, the damage
 * lines); r, the reader of the real pass, tells its problems to d->post
 * from now on. */
void rn_export_prescan(rn_reader *r, struct rn_loss_tally *t, rn_export_dmg *d);
/* At the end of the real read: 1 when the trace was damaged, its lines
 * printed unless the first pass printed them already. */
int rn_export_damage_after(rn_reader *r, rn_export_dmg *d);

#endif
