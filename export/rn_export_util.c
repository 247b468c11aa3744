/* rn_export_util.c: what every rn-export subcommand shares: error lines in
 * the tools' common form, the FILE [-o OUT] options, output files and the
 * damaged-trace report. */
#include "rn_export.h"
#include "rn_loss.h"
#include "rn_optmsg.h"
#include "rn_ostream.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <string.h>

int rn_export_usage_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, RN_EXPORT_TOOL ": ");
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry '" RN_EXPORT_TOOL " --help'.\n");
	return 2;
}

int rn_export_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, RN_EXPORT_TOOL ": ");
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

/* The file commands' options that only some of them take: given to another
 * it would be ignored, so it is a usage error. */
static const struct {
	const char *opt;
	const char *cmds[4]; /* the commands that take it */
	const char *said;    /* how the error names them */
} file_only[] = {{"--rebase-time", {"otlp-json"}, "otlp and otlp-json"},
                 {"--no-functions",
                  {"chrome", "folded", "json", "otlp-json"},
                  "chrome, folded, json and otlp-json"}};

/* 0 when cmd takes option i of file_only, else the usage error (2). */
static int file_only_check(const char *cmd, size_t i)
{
	for (size_t k = 0; k < 4 && file_only[i].cmds[k]; k++)
		if (strcmp(cmd, file_only[i].cmds[k]) == 0)
			return 0;
	return rn_export_usage_error("%s: %s is taken only by %s", cmd, file_only[i].opt,
	                             file_only[i].said);
}

int rn_file_opts_parse(const char *cmd, int argc, char **argv, rn_file_opts *o)
{
	static const struct option lo[] = {{"output", required_argument, NULL, 'o'},
	                                   {"rebase-time", no_argument, NULL, 'R'},
	                                   {"no-functions", no_argument, NULL, 'F'},
	                                   {"help", no_argument, NULL, 'h'},
	                                   {NULL, 0, NULL, 0}};
	memset(o, 0, sizeof(*o));
	optind = 1;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, "o:h", lo, NULL)) != -1) {
		switch (c) {
		case 'o':
			o->out = optarg;
			break;
		case 'R':
			if (file_only_check(cmd, 0))
				return 2;
			o->rebase_time = 1;
			break;
		case 'F':
			if (file_only_check(cmd, 1))
				return 2;
			o->no_functions = 1;
			break;
		case 'h':
			rn_export_usage(stdout);
			return 1;
		default: {
			char why[256];
			return rn_export_usage_error("%s: %s", cmd,
			                             rn_optmsg(why, sizeof(why), c, argv, "o:h"));
		}
		}
	}
	if (optind >= argc)
		return rn_export_usage_error("%s: no trace file given", cmd);
	if (optind + 1 < argc)
		return rn_export_usage_error("%s: unexpected argument '%s'", cmd, argv[optind + 1]);
	o->trace = argv[optind];
	if (strcmp(o->trace, "-") == 0)
		return rn_export_usage_error("%s: trace files are read from files, not '-'", cmd);
	return 0;
}

FILE *rn_export_open_out(const char *path)
{
	return rn_ostream_open(path, RN_EXPORT_TOOL);
}

int rn_export_close_out(FILE *f, const char *path)
{
	(void)path; /* the stream knows its name */
	return rn_ostream_close(f, RN_EXPORT_TOOL) < 0 ? 1 : 0;
}

int rn_export_loss(const char *trace, const struct rn_loss_tally *t)
{
	char line[512];
	int lost = rn_loss_line(t, line, sizeof(line));
	if (lost)
		fprintf(stderr, RN_EXPORT_TOOL ": %s: %s\n", trace, line);
	if (rn_unread_line(t, line, sizeof(line)))
		fprintf(stderr, RN_EXPORT_TOOL ": %s: %s\n", trace, line);
	return lost;
}

int rn_export_damage(rn_reader *r, rn_damage *d)
{
	rn_damage_end(d, r);
	return rn_damage_print(d, stderr, RN_EXPORT_TOOL, rn_reader_path(r));
}

void rn_export_first(const char *trace, const struct rn_loss_tally *t, const rn_damage *pre)
{
	rn_export_loss(trace, t);
	rn_damage_print(pre, stderr, RN_EXPORT_TOOL, trace);
}

void rn_export_prescan(rn_reader *r, struct rn_loss_tally *t, rn_export_dmg *d)
{
	const char *trace = rn_reader_path(r);
	rn_damage_listen(&d->post, r);
	if (rn_loss_scan_file(trace, t, &d->pre) < 0)
		return;
	rn_export_first(trace, t, &d->pre);
}

int rn_export_damage_after(rn_reader *r, rn_export_dmg *d)
{
	if (d->pre.line[0])
		return 1;
	return rn_export_damage(r, &d->post);
}
