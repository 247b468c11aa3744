/* rn_export.h: the subcommands of rn-export and the helpers they share
 * (usage errors, output files, damage reporting). */
#ifndef RN_EXPORT_H
#define RN_EXPORT_H

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
/* At the end of a read: prints the reader's damage line (if any) and
 * returns 1 when the trace was damaged, else 0. */
int rn_export_damage(rn_reader *r);
/* When the trace's Loss events add up to anything, prints the warning line
 * (rn_loss_line) as "rn-export: TRACE: warning: ..." on stderr and returns
 * 1, else 0; then the unread captures' line (rn_unread_line) when t counted
 * any. */
struct rn_loss_tally;
int rn_export_loss(const char *trace, const struct rn_loss_tally *t);
/* For the commands that stream: before any output, a quick pass over the
 * trace (rn_loss_scan_file) fills t and dmg and prints the loss warning, the
 * unread captures' line and the damage line on stderr, so all come first
 * (rule 2). */
void rn_export_prescan(const char *trace, struct rn_loss_tally *t, char *dmg, size_t len);
/* At the end of a read after rn_export_prescan: 1 when the trace was
 * damaged, the line printed unless the prescan printed it already. */
int rn_export_damage_after(rn_reader *r, const char *dmg);

#endif
