/* rn_analyze_opts.c: the options shared by every rn-analyze subcommand, parsed
 * once; each subcommand uses the ones that concern it. */
#include "rn_analyze.h"
#include "rn_optmsg.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void rn_analyze_usage_error(const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s: ", RN_ANALYZE_PROG);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry '%s --help'.\n", RN_ANALYZE_PROG);
}

static const char *const by_names[] = {"syscall", "process", "thread", "path", "fd", "source"};

const char *rn_analyze_by_name(int by)
{
	return by_names[by];
}

/* "1.5", "1.5s", "250ms", "20us", "100ns" -> ns; -1 when malformed. */
static int64_t parse_time(const char *s)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (end == s || errno || v < 0)
		return -1;
	double mul = 1e9;
	if (strcmp(end, "ms") == 0)
		mul = 1e6;
	else if (strcmp(end, "us") == 0)
		mul = 1e3;
	else if (strcmp(end, "ns") == 0)
		mul = 1;
	else if (*end && strcmp(end, "s") != 0)
		return -1;
	double ns = v * mul;
	if (ns > 9e18)
		return -1;
	return (int64_t)(ns + 0.5);
}

static int parse_pids(rn_analyze_opts *o, const char *arg)
{
	char *copy = strdup(arg);
	if (!copy)
		return -1;
	int rc = 0;
	for (char *save = NULL, *t = strtok_r(copy, ",", &save); t;
	     t = strtok_r(NULL, ",", &save)) {
		char *end;
		long v = strtol(t, &end, 10);
		if (*end || v <= 0 || v > INT32_MAX || o->npids == RN_ANALYZE_MAXPID) {
			rc = -1;
			break;
		}
		o->pids[o->npids++] = (int32_t)v;
	}
	free(copy);
	return rc;
}

static int parse_int(const char *s, int lo, int hi, int *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (end == s || *end || errno || v < lo || v > hi)
		return -1;
	*out = (int)v;
	return 0;
}

enum {
	OPT_PID = 256,
	OPT_FROM,
	OPT_TO,
	OPT_BY,
	OPT_SORT,
	OPT_FORMAT,
	OPT_SOURCE,
	OPT_FRAMES,
	OPT_FAIL,
	OPT_TOP,
	OPT_THRESHOLD,
	OPT_JSON,
	OPT_CSV,
	OPT_BLOCKING,
	OPT_FAST,
	OPT_THREADS
};

static const struct option long_opts[] = {{"pid", required_argument, NULL, OPT_PID},
                                          {"from", required_argument, NULL, OPT_FROM},
                                          {"to", required_argument, NULL, OPT_TO},
                                          {"by", required_argument, NULL, OPT_BY},
                                          {"sort", required_argument, NULL, OPT_SORT},
                                          {"format", required_argument, NULL, OPT_FORMAT},
                                          {"json", no_argument, NULL, OPT_JSON},
                                          {"csv", no_argument, NULL, OPT_CSV},
                                          {"source", no_argument, NULL, OPT_SOURCE},
                                          {"frames", required_argument, NULL, OPT_FRAMES},
                                          {"fail-on", required_argument, NULL, OPT_FAIL},
                                          {"top", required_argument, NULL, OPT_TOP},
                                          {"threshold", required_argument, NULL, OPT_THRESHOLD},
                                          {"output", required_argument, NULL, 'o'},
                                          {"include-blocking", no_argument, NULL, OPT_BLOCKING},
                                          {"fast", no_argument, NULL, OPT_FAST},
                                          {"threads", required_argument, NULL, OPT_THREADS},
                                          {NULL, 0, NULL, 0}};

/* The options only some commands take (the others all take -o, --pid and
 * --threads; pack only -o): given to another command it would be ignored,
 * so it is a usage error naming the commands that take it. */
#define SCAN_CMDS "summary, diff, anomalies, hints and report"
static const struct {
	int opt;
	const char *name;
	const char *cmds; /* the commands that take it, as the error names them */
} only_some[] = {
    {'e', "-e", SCAN_CMDS},
    {OPT_FROM, "--from", SCAN_CMDS},
    {OPT_TO, "--to", SCAN_CMDS},
    {OPT_PID, "--pid", "summary, diff, anomalies, hints, functions, graph and report"},
    {OPT_THREADS, "--threads", "summary, diff, anomalies, hints, functions, graph and report"},
    {OPT_BY, "--by", "summary and diff"},
    {OPT_FAST, "--fast", "summary and diff"},
    {OPT_SORT, "--sort", "summary and functions"},
    {OPT_FORMAT, "--format", "summary, diff, anomalies, hints, functions and graph"},
    {OPT_JSON, "--json", "summary, diff, anomalies, hints, functions and graph"},
    {OPT_CSV, "--csv", "summary, diff, anomalies, hints, functions and graph"},
    {OPT_SOURCE, "--source", "summary, diff, anomalies and hints"},
    {OPT_FRAMES, "--frames", "summary, diff, anomalies and hints"},
    {OPT_TOP, "--top", "summary, diff, anomalies, hints, functions and report"},
    {OPT_THRESHOLD, "--threshold", "anomalies"},
    {OPT_BLOCKING, "--include-blocking", "diff"},
    {OPT_FAIL, "--fail-on", "diff"},
};

/* 0 when cmd takes option c, else the usage error (2). */
static int taken(const char *cmd, int c)
{
	for (size_t i = 0; i < sizeof(only_some) / sizeof(*only_some); i++) {
		if (only_some[i].opt != c)
			continue;
		const char *l = only_some[i].cmds;
		size_t n = strlen(cmd);
		for (const char *p = strstr(l, cmd); p; p = strstr(p + 1, cmd))
			if ((p == l || p[-1] == ' ') && (p[n] == ',' || p[n] == ' ' || !p[n]))
				return 0;
		rn_analyze_usage_error("%s: %s is taken only by %s", cmd, only_some[i].name, l);
		return 2;
	}
	return 0;
}

static int set_by(rn_analyze_opts *o, const char *arg)
{
	for (int i = 0; i < (int)(sizeof(by_names) / sizeof(*by_names)); i++)
		if (strcmp(arg, by_names[i]) == 0) {
			o->by = i;
			return 0;
		}
	rn_analyze_usage_error(
	    "--by: unknown grouping '%s' (syscall, process, thread, path, fd, source)", arg);
	return 2;
}

static int set_format(rn_analyze_opts *o, const char *arg)
{
	if (strcmp(arg, "text") == 0)
		o->format = RN_FMT_TEXT;
	else if (strcmp(arg, "json") == 0)
		o->format = RN_FMT_JSON;
	else if (strcmp(arg, "csv") == 0)
		o->format = RN_FMT_CSV;
	else {
		rn_analyze_usage_error("--format: unknown format '%s' (text, json, csv)", arg);
		return 2;
	}
	return 0;
}

static int one_opt(rn_analyze_opts *o, int c, const char *arg)
{
	char *end;
	switch (c) {
	case 'e':
		o->filter_expr = arg;
		return 0;
	case 'o':
		o->output = arg;
		return 0;
	case OPT_PID:
		if (parse_pids(o, arg) < 0) {
			rn_analyze_usage_error("--pid: bad process id list '%s'", arg);
			return 2;
		}
		return 0;
	case OPT_FROM:
	case OPT_TO: {
		int64_t t = parse_time(arg);
		if (t < 0) {
			rn_analyze_usage_error(
			    "--%s: bad time '%s' (seconds, or a number with ns/us/ms/s)",
			    c == OPT_FROM ? "from" : "to", arg);
			return 2;
		}
		*(c == OPT_FROM ? &o->from_ns : &o->to_ns) = t;
		return 0;
	}
	case OPT_BY:
		return set_by(o, arg);
	case OPT_SORT:
		if (rn_analyze_col_lookup(arg) < 0) {
			rn_analyze_usage_error(
			    "--sort: unknown column '%s' (calls, errors, time, total, avg, "
			    "min, p50, p90, p99, p999, max, name)",
			    arg);
			return 2;
		}
		o->sort = arg;
		return 0;
	case OPT_FORMAT:
		return set_format(o, arg);
	case OPT_JSON:
		o->format = RN_FMT_JSON;
		return 0;
	case OPT_CSV:
		o->format = RN_FMT_CSV;
		return 0;
	case OPT_SOURCE:
		o->source = 1;
		return 0;
	case OPT_BLOCKING:
		o->include_blocking = 1;
		return 0;
	case OPT_FAST:
		o->fast = 1;
		return 0;
	case OPT_THREADS:
		if (parse_int(arg, 1, 2, &o->threads) < 0) {
			rn_analyze_usage_error("--threads: expected 1 or 2, not '%s'", arg);
			return 2;
		}
		return 0;
	case OPT_FRAMES:
		if (parse_int(arg, 1, 256, &o->frames) < 0) {
			rn_analyze_usage_error(
			    "--frames: expected a number from 1 to 256, not '%s'", arg);
			return 2;
		}
		o->source = 1;
		return 0;
	case OPT_FAIL:
		if (o->nfail == RN_ANALYZE_MAXFAIL) {
			rn_analyze_usage_error("too many --fail-on (at most %d)",
			                       RN_ANALYZE_MAXFAIL);
			return 2;
		}
		o->fail_on[o->nfail++] = arg;
		return 0;
	case OPT_TOP:
		if (parse_int(arg, 1, 1000000, &o->top) < 0) {
			rn_analyze_usage_error("--top: expected a positive number, not '%s'", arg);
			return 2;
		}
		return 0;
	case OPT_THRESHOLD:
		o->threshold = strtod(arg, &end);
		if (end == arg || *end || !(o->threshold > 0)) {
			rn_analyze_usage_error("--threshold: expected a positive number, not '%s'",
			                       arg);
			return 2;
		}
		return 0;
	}
	return 2;
}

int rn_analyze_opts_parse(rn_analyze_opts *o, int argc, char **argv, int nfiles_min, int nfiles_max)
{
	o->from_ns = o->to_ns = -1;
	o->threshold = 3.5;
	o->top = 0;
	/* diff BEFORE... -- AFTER...: the "--" becomes a marker getopt keeps in
	 * place among the file names (it keeps their order). */
	static char sides_marker[] = "\001";
	int sides = 0;
	if (strcmp(o->cmd, "diff") == 0)
		for (int i = 1; i < argc; i++)
			if (strcmp(argv[i], "--") == 0) {
				argv[i] = sides_marker;
				sides = 1;
				break;
			}
	optind = 1;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, ":e:o:", long_opts, NULL)) != -1) {
		if (c == '?' || c == ':') {
			char why[256];
			rn_analyze_usage_error("%s", rn_optmsg(why, sizeof(why), c, argv, ":e:o:"));
			return 2;
		}
		int rc = taken(o->cmd, c);
		if (!rc)
			rc = one_opt(o, c, optarg);
		if (rc)
			return rc;
	}
	for (int i = optind; i < argc; i++) {
		if (argv[i] == sides_marker) {
			o->nbefore = o->nfiles;
			continue;
		}
		if (o->nfiles == nfiles_max) {
			rn_analyze_usage_error("%s: too many trace files (expected %d)", o->cmd,
			                       nfiles_max);
			return 2;
		}
		if (strcmp(argv[i], "-") == 0) {
			rn_analyze_usage_error("trace files must be named ('-' is not accepted)");
			return 2;
		}
		o->files[o->nfiles++] = argv[i];
	}
	if (o->nfiles < nfiles_min) {
		rn_analyze_usage_error("%s: missing trace file%s", o->cmd,
		                       nfiles_min > 1 ? "s" : "");
		return 2;
	}
	if (strcmp(o->cmd, "diff") == 0) {
		if (!sides && o->nfiles > 2) {
			rn_analyze_usage_error(
			    "diff: with more than two traces, put -- between the "
			    "sides (diff A1 A2 -- B1 B2)");
			return 2;
		}
		if (!sides)
			o->nbefore = 1;
		if (o->nbefore == 0 || o->nbefore == o->nfiles) {
			rn_analyze_usage_error("diff: no trace %s --",
			                       o->nbefore ? "after" : "before");
			return 2;
		}
	}
	if (o->from_ns >= 0 && o->to_ns >= 0 && o->to_ns < o->from_ns) {
		rn_analyze_usage_error("--to is before --from");
		return 2;
	}
	if (o->by == RN_BY_SOURCE)
		o->source = 1;
	return 0;
}
