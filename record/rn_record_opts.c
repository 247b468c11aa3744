/* rn_record_opts.c: rn-record's command line: options, their bounds, and the
 * usage text. Errors follow the tools' convention (one line, exit 2). */
#include "rn_optmsg.h"
#include "rn_record.h"
#include "rn_record_bpf.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "Usage: rn-record [OPTIONS] -- CMD [ARGS...]\n"
    "       rn-record [OPTIONS] -p PID[,PID...]\n"
    "       rn-record [OPTIONS] -a | --cgroup PATH [--duration TIME]\n"
    "Records the system calls of a program into a trace file.\n"
    "\n"
    "  -o FILE              trace file (default trace.rn; an existing one is kept\n"
    "                       as FILE.old)\n"
    "  -f                   follow forks, vforks and threads (with -e, only -f\n"
    "                       lets untraced calls run without stopping)\n"
    "  -p PID[,PID...]      attach to running processes: the threads each has at\n"
    "                       attach time (a thread id names its process); threads\n"
    "                       and children created later only with -f.\n"
    "                       SIGINT/SIGTERM/SIGHUP detach and leave them running\n"
    "  -a, --all            every process on the host but rn-record (bpf backend),\n"
    "                       until SIGINT/SIGTERM or --duration\n"
    "      --cgroup PATH    every process in the cgroup v2 directory PATH and its\n"
    "                       descendants (a container, a systemd unit; bpf backend)\n"
    "      --duration TIME  stop -p/-a/--cgroup after TIME (10, 10s, 500ms, 2m;\n"
    "                       bpf backend)\n"
    "  -e trace=SET         record only SET (strace syntax: names, %file,\n"
    "                       %network..., !negation, /regex/, all, none)\n"
    "  -s N                 bytes of buffer contents kept per capture (default 4096)\n"
    "      --no-data        keep no buffer contents (sizes only)\n"
    "      --stack[=BYTES]  registers and BYTES of user stack at each syscall\n"
    "                       entry, for offline unwinding (default 8192, max 65528)\n"
    "      --max-size SIZE  flight recorder: keep only the newest events within\n"
    "                       SIZE bytes (K, M, G suffixes)\n"
    "      --pin            run the recorder and the program on one CPU (fastest\n"
    "                       here, but the program sees a one-CPU affinity mask)\n"
    "      --spin=US        poll for the next stop US microseconds before\n"
    "                       sleeping (default 200, 0 with --pin; 0 always sleeps)\n"
    "      --clock-res=NS   store times rounded down to NS ns (default: what the\n"
    "                       backend's clock carries, ptrace 1000, bpf 1)\n"
    "  -q                   no messages except errors\n"
    "      --backend=KIND   auto (default: bpf when it can run here and supports\n"
    "                       the options, else ptrace, saying why), bpf (eBPF in\n"
    "                       the kernel: needs root or CAP_BPF+CAP_PERFMON, a\n"
    "                       kernel with BTF) or ptrace. With bpf, -p never stops\n"
    "                       the process; -a, --cgroup and --duration need bpf\n"
    "      --bpf-buffer SIZE  bpf ring buffer per CPU (default 16M; 64M shared beyond 4 CPUs)\n"
    "      --functions      also trace functions of -finstrument-functions programs\n"
    "      --func-depth N   --func-include PATTERNS   --func-exclude PATTERNS\n"
    "      --func-start-disabled (SIGUSR2 toggles)   --func-buffer SIZE\n"
    "      --func-wait MS   longest wait of a thread whose ring is full (default\n"
    "                       5000; 0: never wait, drop and count the events)\n"
    "  -h, --help           this text\n"
    "      --version        the version\n"
    "\n"
    "The exit status is the program's (128+N when killed by signal N); with -p,\n"
    "-a or --cgroup 0 after a clean stop.\n";

enum {
	OPT_NO_DATA = 256,
	OPT_STACK,
	OPT_MAX_SIZE,
	OPT_PIN,
	OPT_SPIN,
	OPT_CLOCK_RES,
	OPT_FUNCTIONS,
	OPT_FUNC_DEPTH,
	OPT_FUNC_INCLUDE,
	OPT_FUNC_EXCLUDE,
	OPT_FUNC_START_DISABLED,
	OPT_FUNC_BUFFER,
	OPT_FUNC_WAIT,
	OPT_BACKEND,
	OPT_BPF_BUFFER,
	OPT_CGROUP,
	OPT_DURATION,
	OPT_VERSION
};

#define RN_REC_SHORTOPTS "+:o:fp:e:s:qha"

static const struct option longopts[] = {
    {"no-data", no_argument, NULL, OPT_NO_DATA},
    {"stack", optional_argument, NULL, OPT_STACK},
    {"max-size", required_argument, NULL, OPT_MAX_SIZE},
    {"pin", no_argument, NULL, OPT_PIN},
    {"spin", required_argument, NULL, OPT_SPIN},
    {"clock-res", required_argument, NULL, OPT_CLOCK_RES},
    {"functions", no_argument, NULL, OPT_FUNCTIONS},
    {"func-depth", required_argument, NULL, OPT_FUNC_DEPTH},
    {"func-include", required_argument, NULL, OPT_FUNC_INCLUDE},
    {"func-exclude", required_argument, NULL, OPT_FUNC_EXCLUDE},
    {"func-start-disabled", no_argument, NULL, OPT_FUNC_START_DISABLED},
    {"func-buffer", required_argument, NULL, OPT_FUNC_BUFFER},
    {"func-wait", required_argument, NULL, OPT_FUNC_WAIT},
    {"backend", required_argument, NULL, OPT_BACKEND},
    {"bpf-buffer", required_argument, NULL, OPT_BPF_BUFFER},
    {"all", no_argument, NULL, 'a'},
    {"cgroup", required_argument, NULL, OPT_CGROUP},
    {"duration", required_argument, NULL, OPT_DURATION},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0}};

static int usage_err(const char *fmt, const char *a)
{
	fprintf(stderr, "rn-record: ");
	fprintf(stderr, fmt, a);
	fprintf(stderr, "\nTry 'rn-record --help'.\n");
	return 2;
}

/* Parses a size with an optional K/M/G suffix (powers of 1024). */
static int parse_size(const char *s, uint64_t *out)
{
	char *end;
	errno = 0;
	if (!isdigit((unsigned char)*s))
		return -1;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno)
		return -1;
	uint64_t mul = 1;
	switch (*end) {
	case 'k':
	case 'K':
		mul = 1ull << 10;
		end++;
		break;
	case 'm':
	case 'M':
		mul = 1ull << 20;
		end++;
		break;
	case 'g':
	case 'G':
		mul = 1ull << 30;
		end++;
		break;
	default:
		break;
	}
	if (*end == 'i' && mul > 1)
		end++;
	if (*end == 'B' || *end == 'b')
		end++;
	if (*end || v > (UINT64_MAX / mul))
		return -1;
	*out = v * mul;
	return 0;
}

static int parse_uint(const char *s, uint64_t max, uint64_t *out)
{
	char *end;
	errno = 0;
	if (!isdigit((unsigned char)*s))
		return -1;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || *end || v > max)
		return -1;
	*out = v;
	return 0;
}

/* A duration: N seconds, or N with s, ms or m (minutes); 1 ms to 1 week. */
static int parse_duration(const char *s, uint64_t *ns)
{
	char *end;
	errno = 0;
	if (!isdigit((unsigned char)*s))
		return -1;
	unsigned long long v = strtoull(s, &end, 10);
	uint64_t unit = 1000000000ull;
	if (!strcmp(end, "ms"))
		unit = 1000000ull;
	else if (!strcmp(end, "m"))
		unit = 60000000000ull;
	else if (*end && strcmp(end, "s"))
		return -1;
	if (errno || v == 0 || v > 604800000ull / (unit / 1000000ull))
		return -1;
	*ns = v * unit;
	return 0;
}

static int parse_pids(const char *s, rn_rec_opts *o)
{
	char *copy = strdup(s), *save = NULL;
	if (!copy)
		return -1;
	int rc = 0;
	for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		uint64_t v;
		if (parse_uint(tok, 0x7fffffff, &v) < 0 || v == 0) {
			rc = -1;
			break;
		}
		pid_t *p = realloc(o->pids, sizeof(*p) * (size_t)(o->npids + 1));
		if (!p) {
			rc = -1;
			break;
		}
		o->pids = p;
		o->pids[o->npids++] = (pid_t)v;
	}
	free(copy);
	return o->npids ? rc : -1;
}

static void note_option(rn_rec_opts *o, const char *arg)
{
	size_t l = strlen(o->options);
	if (l + strlen(arg) + 2 < sizeof(o->options))
		snprintf(o->options + l, sizeof(o->options) - l, "%s%s", l ? " " : "", arg);
}

int rn_rec_parse(int argc, char **argv, rn_rec_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->out = "trace.rn";
	o->strsize = RN_REC_STRSIZE_DEFAULT;
	o->spin_us = -1;
	o->backend = RN_BACKEND_AUTO;
	const char *filter = NULL;
	const char *func_opt = NULL; /* a --func-* option given, for its check */
	opterr = 0;
	int c;
	for (int before = optind;
	     (c = getopt_long(argc, argv, RN_REC_SHORTOPTS, longopts, NULL)) != -1;
	     before = optind) {
		uint64_t v;
		/* the words this option took, as given: "-qf" once its last
		 * letter is read, "-o" with its argument "x.rn" */
		for (int i = before; i < optind; i++)
			note_option(o, argv[i]);
		switch (c) {
		case 'o':
			o->out = optarg;
			break;
		case 'f':
			o->follow = 1;
			break;
		case 'p':
			if (parse_pids(optarg, o) < 0)
				return usage_err("invalid process id list '%s'", optarg);
			break;
		case 'e':
			filter = optarg;
			break;
		case 's':
			if (parse_uint(optarg, 1u << 24, &v) < 0)
				return usage_err("invalid -s '%s' (0 to 16777216 bytes)", optarg);
			o->strsize = (uint32_t)v;
			break;
		case 'q':
			o->quiet = 1;
			break;
		case OPT_NO_DATA:
			o->no_data = 1;
			break;
		case OPT_STACK:
			o->stack = RN_REC_STACK_DEFAULT;
			if (optarg) {
				if (parse_size(optarg, &v) < 0 || v == 0 || v > RN_REC_STACK_MAX)
					return usage_err(
					    "invalid --stack size '%s' (1 to 65528 bytes)", optarg);
				o->stack = (uint32_t)v;
			}
			break;
		case OPT_MAX_SIZE:
			if (parse_size(optarg, &o->max_size) < 0 || o->max_size < (256u << 10))
				return usage_err(
				    "invalid --max-size '%s' (a size of 256K or more, in "
				    "bytes or with K, M, G: 512K, 64M, 1G)",
				    optarg);
			break;
		case OPT_PIN:
			o->pin = 1;
			break;
		case OPT_SPIN:
			if (parse_uint(optarg, 1000000, &v) < 0)
				return usage_err("invalid --spin '%s' (0 to 1000000 microseconds)",
				                 optarg);
			o->spin_us = (int)v;
			break;
		case OPT_CLOCK_RES:
			if (parse_uint(optarg, 1000000000, &v) < 0 || v == 0)
				return usage_err("invalid --clock-res '%s' (1 to 1000000000 ns)",
				                 optarg);
			o->clock_res = (uint32_t)v;
			break;
		case OPT_FUNCTIONS:
			o->functions = 1;
			break;
		case OPT_FUNC_DEPTH:
			func_opt = "--func-depth";
			if (parse_uint(optarg, 1u << 16, &v) < 0)
				return usage_err("invalid --func-depth '%s'", optarg);
			o->fopts.max_depth = (int)v;
			break;
		case OPT_FUNC_INCLUDE:
			func_opt = "--func-include";
			o->fopts.include = optarg;
			break;
		case OPT_FUNC_EXCLUDE:
			func_opt = "--func-exclude";
			o->fopts.exclude = optarg;
			break;
		case OPT_FUNC_START_DISABLED:
			func_opt = "--func-start-disabled";
			o->fopts.start_disabled = 1;
			break;
		case OPT_FUNC_BUFFER:
			func_opt = "--func-buffer";
			if (parse_size(optarg, &v) < 0 || v == 0)
				return usage_err("invalid --func-buffer '%s'", optarg);
			if (v < RN_FUNCS_RING_MIN || v > RN_FUNCS_RING_MAX)
				return usage_err("--func-buffer: %s is outside 64K..4G", optarg);
			o->fopts.buffer_bytes = (size_t)v;
			break;
		case OPT_FUNC_WAIT:
			func_opt = "--func-wait";
			if (parse_uint(optarg, 3600000, &v) < 0)
				return usage_err("invalid --func-wait '%s' (0 to 3600000 ms)",
				                 optarg);
			o->fopts.wait_ms = v ? (int)v : -1;
			break;
		case OPT_BACKEND:
			if (!strcmp(optarg, "auto"))
				o->backend = RN_BACKEND_AUTO;
			else if (!strcmp(optarg, "bpf"))
				o->backend = RN_BACKEND_BPF;
			else if (!strcmp(optarg, "ptrace"))
				o->backend = RN_BACKEND_PTRACE;
			else
				return usage_err("invalid --backend '%s' (auto, bpf or ptrace)",
				                 optarg);
			break;
		case OPT_BPF_BUFFER:
			if (parse_size(optarg, &v) < 0 || v < 4096 || v > (1ull << 30))
				return usage_err("invalid --bpf-buffer '%s' (4K to 1G)", optarg);
			o->bpf_buffer = v;
			break;
		case 'a':
			o->all = 1;
			break;
		case OPT_CGROUP:
			if (!*optarg)
				return usage_err("%s", "empty --cgroup path");
			o->cgroup = optarg;
			break;
		case OPT_DURATION:
			if (parse_duration(optarg, &o->duration_ns) < 0)
				return usage_err("invalid --duration '%s' (1ms to 1 week: 10, 10s, "
				                 "500ms, 2m)",
				                 optarg);
			break;
		case 'h':
			fputs(usage, stdout);
			return 1;
		case OPT_VERSION:
			printf("rn-record %s\n", RN_VERSION);
			return 1;
		default: {
			char why[256];
			return usage_err("%s",
			                 rn_optmsg(why, sizeof(why), c, argv, RN_REC_SHORTOPTS));
		}
		}
	}
	if (o->spin_us < 0) /* spinning on the program's only CPU would starve it */
		o->spin_us = o->pin ? 0 : RN_REC_SPIN_DEFAULT;
	o->cmd = argv + optind;
	o->ncmd = argc - optind;
	int scopes = (o->npids > 0) + o->all + (o->cgroup != NULL) + (o->ncmd > 0);
	if (scopes > 1)
		return usage_err("%s", "give one of a command, -p PID, -a or --cgroup PATH");
	if (!scopes)
		return usage_err("%s", "no command to run (rn-record -- CMD) and no -p PID, -a "
		                       "or --cgroup PATH");
	if (o->duration_ns && !o->npids && !o->all && !o->cgroup)
		return usage_err("%s", "--duration needs -p, -a or --cgroup");
	if ((o->all || o->cgroup) && o->backend == RN_BACKEND_PTRACE)
		return usage_err("%s needs the bpf backend (ptrace sees only the processes it "
		                 "starts or attaches to)",
		                 o->all ? "-a" : "--cgroup");
	if (o->duration_ns && o->backend == RN_BACKEND_PTRACE)
		return usage_err("%s", "--duration needs the bpf backend (under ptrace, stop -p "
		                       "with SIGINT)");
	if (o->cgroup) {
		char why[512];
		if (rn_bpf_scope_cgroup_ok(o->cgroup, why, sizeof(why)) < 0)
			return usage_err("--cgroup %s", why);
	}
	if (func_opt && !o->functions) /* it would be ignored */
		return usage_err("%s needs --functions", func_opt);
	if (o->functions && (o->all || o->cgroup))
		return usage_err("%s", "--functions needs a launched command, not -a or --cgroup");
	if (!*o->out)
		return usage_err("%s", "empty -o file name");
	if (o->functions && o->npids)
		return usage_err("%s", "--functions needs a launched command, not -p");
	if (filter) {
		char err[256];
		if (rn_filter_parse(filter, rn_arch_native(), &o->set, err, sizeof(err)) < 0)
			return usage_err("-e: %s", err);
		o->filtered = 1;
	}
	return 0;
}

void rn_rec_opts_free(rn_rec_opts *o)
{
	free(o->pids);
	o->pids = NULL;
}
