/* rn_replay_opts.c: rn-replay's command line (strace's flags where strace
 * has them) and the --from/--to time parser. */
#include "rn_optmsg.h"
#include "rn_replay.h"

#include "rn_grow.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "Usage: rn-replay [OPTIONS] TRACE\n"
    "Prints a recorded trace as strace would have printed it.\n"
    "\n"
    "  -f                 prefix lines with the thread id (automatic when the\n"
    "                     trace has several threads or processes)\n"
    "  -t, -tt, -ttt      wall-clock time of day, with microseconds, or as Unix\n"
    "                     seconds\n"
    "  -r                 time since the previous line\n"
    "  -T                 time spent in each call\n"
    "  -c, -C             strace's table of time, calls and errors per syscall,\n"
    "                     instead of the lines (-c) or after them (-C); the time\n"
    "                     is the time inside the calls (strace -c -w; -w is\n"
    "                     accepted): a recording holds no system CPU time\n"
    "  -e trace=SET       print only SET (strace syntax: names, %file, %network,\n"
    "                     ..., !negation, /regex/, all, none, ?name)\n"
    "  -e signal=SET      print only these signals (names, numbers, all, none, !)\n"
    "  -e status=SET      successful, failed, unfinished (also unavailable,\n"
    "                     detached), all, none, !negation\n"
    "  -e read=SET, -e write=SET (--read=SET, --write=SET)  hex and ASCII dump of\n"
    "                     the data read from or written to these descriptors (as\n"
    "                     far as recorded)\n"
    "  -e fd=SET, --trace-fds=SET  only calls on these descriptors\n"
    "  -P, --trace-path=PATH  only calls that use PATH (repeatable)\n"
    "  -z, -Z             print only calls that succeeded, or only failed ones\n"
    "  -q                 no [ Process PID=N runs in 32 bit mode. ] lines\n"
    "  -qq                also no +++ exited lines (kills still show)\n"
    "  -y, -yy            show the paths of file descriptors (-yy: the same; socket\n"
    "                     details are not recorded)\n"
    "  -s N               string and buffer bytes shown (default 32)\n"
    "  -x, -xx            non-ASCII strings in hex; all strings in hex\n"
    "  -v, --no-abbrev    structures in full (stat, statx, uname, rusage, dirents)\n"
    "  -a, --columns=N    align return values at column N (default 40)\n"
    "  -n, --syscall-number  prefix the system call number: [ 39] getpid()\n"
    "  -N, --arg-names    print argument names: close(fd=3)\n"
    "  -o FILE            write the output to FILE\n"
    "  -X raw|abbrev|verbose  how constants print\n"
    "      --pid PID[,PID...]  only these processes\n"
    "      --tid TID[,TID...]  only these threads\n"
    "      --from WHEN, --to WHEN  only events in this window: seconds from the\n"
    "                     start of the trace (1.5) or Unix time (@1700000000.25)\n"
    "  -h, --help         this text\n"
    "      --version      the version\n";

static void usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "rn-replay: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry 'rn-replay --help'.\n");
}

static int parse_ids(const char *s, int32_t **out, size_t *n)
{
	for (const char *p = s; *p;) {
		char *end;
		long v = strtol(p, &end, 10);
		if (end == p || v <= 0 || v > INT32_MAX || (*end && *end != ','))
			return -1;
		int32_t *nv = realloc(*out, (*n + 1) * sizeof(**out));
		if (!nv)
			return -1;
		*out = nv;
		(*out)[(*n)++] = (int32_t)v;
		p = *end ? end + 1 : end;
	}
	return *n ? 0 : -1;
}

/* strace's number-set syntax for descriptors: [!]N[,N...], all, none;
 * empty tokens are skipped, an empty set is an error. "invalid descriptor
 * 'x'" names the bad token, as strace does. */
static int parse_fdset(const char *s, rp_fdset *set)
{
	free(set->v);
	memset(set, 0, sizeof(*set));
	set->neg = s[0] == '!';
	s += set->neg;
	if (!*s) {
		usage_error("invalid descriptor '%s'", "");
		return -1;
	}
	const char *p = s;
	while (*p) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		char tok[32];
		if (len >= sizeof(tok)) {
			char *bad = strndup(p, len);
			usage_error("invalid descriptor '%s'", bad ? bad : p);
			free(bad);
			return -1;
		}
		memcpy(tok, p, len);
		tok[len] = 0;
		p += len + (e != NULL);
		if (!len)
			continue;
		if (strcmp(tok, "all") == 0) {
			set->all = 1;
			continue;
		}
		if (strcmp(tok, "none") == 0)
			continue;
		char *end;
		long v = strtol(tok, &end, 10);
		if (*end || v < 0 || v > INT32_MAX) {
			usage_error("invalid descriptor '%s'", tok);
			return -1;
		}
		int32_t *nv = rn_grow_array(set->v, &set->cap, set->n + 1, sizeof(*nv), 8);
		if (!nv)
			return -1;
		set->v = nv;
		set->v[set->n++] = (int32_t)v;
	}
	return 0;
}

int rp_fdset_has(const rp_fdset *s, int64_t fd)
{
	if (fd < 0)
		return 0;
	int in = s->all;
	for (size_t i = 0; i < s->n && !in; i++)
		in = s->v[i] == fd;
	return in != s->neg;
}

/* -e QUALIFIER=VALUE: the qualifiers rn-replay knows (strace's names and
 * aliases); 0, or 2 after a usage error. */
static int parse_qualifier(rp_opts *o, const char *arg)
{
	static const struct {
		const char *name;
		char what;
	} q[] = {{"trace", 't'},     {"t", 't'},        {"signal", 's'}, {"signals", 's'},
	         {"s", 's'},         {"status", 'S'},   {"read", 'r'},   {"reads", 'r'},
	         {"r", 'r'},         {"write", 'w'},    {"writes", 'w'}, {"w", 'w'},
	         {"trace-fds", 'f'}, {"trace-fd", 'f'}, {"fd", 'f'},     {"fds", 'f'}};
	const char *eq = strchr(arg, '=');
	if (!eq) {
		o->filter = arg;
		return 0;
	}
	for (size_t i = 0; i < sizeof(q) / sizeof(q[0]); i++) {
		if (strlen(q[i].name) != (size_t)(eq - arg) || strncmp(arg, q[i].name, eq - arg))
			continue;
		const char *v = eq + 1;
		switch (q[i].what) {
		case 't':
			o->filter = v;
			return 0;
		case 's':
			o->signals = v;
			return 0;
		case 'S':
			o->status = v;
			return 0;
		case 'r':
			return parse_fdset(v, &o->reads) < 0 ? 2 : 0;
		case 'w':
			return parse_fdset(v, &o->writes) < 0 ? 2 : 0;
		default:
			o->have_fds = 1;
			return parse_fdset(v, &o->fds) < 0 ? 2 : 0;
		}
	}
	usage_error("unsupported -e qualifier '%s' (trace=, signal=, status=, read=, write=, "
	            "fd=)",
	            arg);
	return 2;
}

/* strace's string_to_uint: decimal, 0..INT_MAX. */
static int parse_column(const char *opt, const char *s, uint32_t *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (!*s || *end || errno || v < 0 || v > INT32_MAX) {
		fprintf(stderr, "rn-replay: invalid %s argument: '%s'\nTry 'rn-replay --help'.\n",
		        opt, s);
		return -1;
	}
	*out = (uint32_t)v;
	return 0;
}

enum {
	OPT_PID = 256,
	OPT_TID,
	OPT_FROM,
	OPT_TO,
	OPT_COLUMNS,
	OPT_TRACE_FDS,
	OPT_READ,
	OPT_WRITE,
	OPT_VERSION
};

#define RP_SHORTOPTS "+ftrTcCwzZyqs:o:X:e:ha:nNxvP:"

int rp_opts_parse(rp_opts *o, int argc, char **argv)
{
	static const struct option longs[] = {{"help", no_argument, NULL, 'h'},
	                                      {"pid", required_argument, NULL, OPT_PID},
	                                      {"tid", required_argument, NULL, OPT_TID},
	                                      {"from", required_argument, NULL, OPT_FROM},
	                                      {"to", required_argument, NULL, OPT_TO},
	                                      {"columns", required_argument, NULL, OPT_COLUMNS},
	                                      {"syscall-number", no_argument, NULL, 'n'},
	                                      {"arg-names", no_argument, NULL, 'N'},
	                                      {"no-abbrev", no_argument, NULL, 'v'},
	                                      {"trace-path", required_argument, NULL, 'P'},
	                                      {"trace-fds", required_argument, NULL, OPT_TRACE_FDS},
	                                      {"read", required_argument, NULL, OPT_READ},
	                                      {"write", required_argument, NULL, OPT_WRITE},
	                                      {"version", no_argument, NULL, OPT_VERSION},
	                                      {NULL, 0, NULL, 0}};
	memset(o, 0, sizeof(*o));
	o->strsize = 32;
	o->acolumn = 40;
	o->xlat = RN_XLAT_ABBREV;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, RP_SHORTOPTS, longs, NULL)) != -1) {
		switch (c) {
		case 'f':
			o->follow = 1;
			break;
		case 't':
			if (o->tstamp < 3)
				o->tstamp++;
			break;
		case 'r':
			o->relative = 1;
			break;
		case 'T':
			o->durations = 1;
			break;
		case 'c':
			if (o->count != 2)
				o->count = 1;
			break;
		case 'C':
			o->count = 2;
			break;
		case 'w': /* -c's time is always the time inside the calls */
			break;
		case 'z':
			o->only_ok = 1;
			break;
		case 'Z':
			o->only_fail = 1;
			break;
		case 'y':
			o->fd_paths++;
			break;
		case 's': {
			char *end;
			long v = strtol(optarg, &end, 10);
			if (*end || end == optarg || v < 0 || v > (1 << 24)) {
				usage_error("invalid -s value '%s'", optarg);
				return 2;
			}
			o->strsize = (uint32_t)v;
			break;
		}
		case 'o':
			o->out_path = optarg;
			break;
		case 'X':
			if (strcmp(optarg, "raw") == 0)
				o->xlat = RN_XLAT_RAW;
			else if (strcmp(optarg, "abbrev") == 0)
				o->xlat = RN_XLAT_ABBREV;
			else if (strcmp(optarg, "verbose") == 0)
				o->xlat = RN_XLAT_VERBOSE;
			else {
				usage_error("invalid -X value '%s' (raw, abbrev or verbose)",
				            optarg);
				return 2;
			}
			break;
		case 'e':
			if (parse_qualifier(o, optarg))
				return 2;
			break;
		case 'a':
		case OPT_COLUMNS:
			if (parse_column(c == 'a' ? "-a" : "--columns", optarg, &o->acolumn) < 0)
				return 2;
			break;
		case 'n':
			o->sysnum = 1;
			break;
		case 'N':
			o->argnames = 1;
			break;
		case 'x':
			if (o->strhex < 2)
				o->strhex++;
			break;
		case 'v':
			o->verbose = 1;
			break;
		case 'P': {
			const char **nv =
			    rn_grow_array(o->paths, &o->cappaths, o->npaths + 1, sizeof(*nv), 4);
			if (!nv)
				return 2;
			o->paths = nv;
			o->paths[o->npaths++] = optarg;
			break;
		}
		case OPT_TRACE_FDS:
			o->have_fds = 1;
			if (parse_fdset(optarg, &o->fds) < 0)
				return 2;
			break;
		case OPT_READ:
		case OPT_WRITE:
			if (parse_fdset(optarg, c == OPT_READ ? &o->reads : &o->writes) < 0)
				return 2;
			break;
		case 'q':
			o->quiet++;
			break;
		case OPT_PID:
		case OPT_TID:
			if (parse_ids(optarg, c == OPT_PID ? &o->pids : &o->tids,
			              c == OPT_PID ? &o->npids : &o->ntids) < 0) {
				usage_error("invalid id list '%s'", optarg);
				return 2;
			}
			break;
		case OPT_FROM:
			o->from = optarg;
			break;
		case OPT_TO:
			o->to = optarg;
			break;
		case 'h':
			fputs(usage, stdout);
			return 1;
		case OPT_VERSION:
			printf("rn-replay %s\n", RN_VERSION);
			return 1;
		default: {
			char why[256];
			usage_error("%s", rn_optmsg(why, sizeof(why), c, argv, RP_SHORTOPTS));
			return 2;
		}
		}
	}
	if (o->only_ok && o->only_fail) {
		usage_error("%s", "-z and -Z exclude each other");
		return 2;
	}
	if (optind >= argc) {
		usage_error("%s", "no trace file given");
		return 2;
	}
	if (optind + 1 < argc) {
		usage_error("unexpected argument '%s'", argv[optind + 1]);
		return 2;
	}
	o->trace = argv[optind];
	if (strcmp(o->trace, "-") == 0) {
		usage_error("%s", "traces are read from files, not '-'");
		return 2;
	}
	return 0;
}

/* Calls f(token, ctx) for each comma-separated token after a leading '!';
 * *neg tells whether it was there. */
static int each_token(const char *s, int *neg, int (*f)(const char *, void *), void *ctx)
{
	*neg = s[0] == '!';
	char *copy = strdup(s + *neg);
	if (!copy)
		return -1;
	int rc = 0;
	for (char *save = NULL, *t = strtok_r(copy, ",", &save); t && !rc;
	     t = strtok_r(NULL, ",", &save))
		rc = f(t, ctx);
	free(copy);
	return rc;
}

struct tok_ctx {
	uint64_t bits;
	char *err;
	size_t errlen;
};

static int status_token(const char *t, void *c)
{
	static const struct {
		const char *name;
		uint32_t bits;
	} names[] = {{"successful", RP_ST_OK},
	             {"failed", RP_ST_FAILED},
	             {"unfinished", RP_ST_UNFINISHED},
	             {"unavailable", RP_ST_UNFINISHED},
	             {"detached", RP_ST_UNFINISHED},
	             {"all", 7},
	             {"none", 0}};
	struct tok_ctx *x = c;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(t, names[i].name) == 0) {
			x->bits |= names[i].bits;
			return 0;
		}
	snprintf(x->err, x->errlen, "invalid status '%s'", t);
	return -1;
}

int rp_parse_status(const char *s, uint32_t *out, char *err, size_t errlen)
{
	struct tok_ctx x = {0, err, errlen};
	int neg;
	if (each_token(s, &neg, status_token, &x) < 0)
		return -1;
	*out = (uint32_t)(neg ? ~x.bits & 7 : x.bits);
	if (!*out)
		*out = 8; /* none: a bit no call has */
	return 0;
}

static int signal_token(const char *t, void *c)
{
	struct tok_ctx *x = c;
	char *end;
	long n = strtol(t, &end, 10);
	if (strcmp(t, "all") == 0)
		x->bits = ~0ull;
	else if (strcmp(t, "none") == 0)
		;
	else if (*t && !*end && n >= 1 && n <= 64)
		x->bits |= 1ull << (n - 1);
	else if ((n = rn_signal_lookup(t)) > 0)
		x->bits |= 1ull << (n - 1);
	else {
		snprintf(x->err, x->errlen, "invalid signal '%s'", t);
		return -1;
	}
	return 0;
}

int rp_parse_signals(const char *s, uint64_t *out, char *err, size_t errlen)
{
	struct tok_ctx x = {0, err, errlen};
	int neg;
	if (each_token(s, &neg, signal_token, &x) < 0)
		return -1;
	*out = neg ? ~x.bits : x.bits;
	return 0;
}

void rp_opts_free(rp_opts *o)
{
	free(o->pids);
	free(o->tids);
	free(o->paths);
	free(o->reads.v);
	free(o->writes.v);
	free(o->fds.v);
}

int rp_parse_when(const char *s, const rn_header *h, uint64_t first_ns, uint64_t *ns)
{
	int wall = s[0] == '@';
	char *end;
	double v = strtod(s + wall, &end);
	if (end == s + wall || *end || v < 0 || v > 1e12)
		return -1;
	uint64_t d = (uint64_t)(v * 1e9 + 0.5);
	if (wall) {
		if (d < h->wall_start_ns)
			d = h->wall_start_ns;
		*ns = d - h->wall_start_ns + h->mono_start_ns;
	} else
		*ns = first_ns + d;
	return 0;
}
