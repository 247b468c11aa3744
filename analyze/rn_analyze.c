/* rn_analyze.c: rn-analyze's entry point: picks the subcommand and hands it
 * the parsed options. Every subcommand works offline on trace files. */
#include "rn_analyze.h"
#include "rn_ostream.h"

#include <stdlib.h>
#include <string.h>

static void usage(FILE *f)
{
	fprintf(
	    f,
	    "Usage: rn-analyze COMMAND [OPTIONS] FILE...\n"
	    "Analyzes rn traces offline.\n\n"
	    "Commands:\n"
	    "  summary FILE (or -c FILE)  per-syscall calls, errors, time and exact percentiles\n"
	    "  diff BEFORE AFTER          what changed per call, beyond noise, and a verdict\n"
	    "  diff BEFORE... -- AFTER... the same over several recordings a side (run-to-run\n"
	    "                             noise measured: record 3 or more)\n"
	    "  anomalies FILE             slow outliers per syscall (median/MAD robust z-score)\n"
	    "  hints FILE                 common performance problems, with evidence and call "
	    "site\n"
	    "  functions FILE             per-function calls, total, self, average (function "
	    "events)\n"
	    "  graph FILE                 the function call tree with times\n"
	    "  report FILE -o OUT.html    one self-contained HTML report\n"
	    "  pack FILE                  add the ELF files the stacks need, for --source "
	    "elsewhere\n\n"
	    "Options:\n"
	    "  -e trace=SET          only these syscalls (strace syntax)\n"
	    "  --pid PID[,PID...]    only these processes or threads\n"
	    "  --from T, --to T      only syscalls that started in [T1, T2] after the trace start\n"
	    "                        (seconds, or with a unit: 250ms, 20us, 100ns)\n"
	    "  --by KEY              syscall|process|thread|path|fd|source (default syscall)\n"
	    "  --sort COL            calls|errors|time|total|avg|min|p50|p90|p99|p999|max|name\n"
	    "  --format FMT          text|json|csv (--json, --csv)\n"
	    "  --source              file:line in function of the code that made each syscall\n"
	    "  --frames N            up to N frames of each stack (implies --source)\n"
	    "  --top N               at most N rows (tables, outliers, hints)\n"
	    "  --threshold Z         anomalies: robust z-score limit (default 3.5)\n"
	    "  --include-blocking    diff: compare the calls that wait (wait4, poll, futex...)\n"
	    "  --fast                summary, diff --by syscall on a 1.x-3.x trace: decompress\n"
	    "                        only the syscall columns (damage elsewhere in a chunk\n"
	    "                        goes unseen); 4.x traces are read so by default\n"
	    "  --threads N           read the trace on N threads, 1 or 2 (default 2 when it\n"
	    "                        may run on two CPUs and the trace has three chunks\n"
	    "                        or more): the same answer, sooner\n"
	    "  --fail-on EXPR        diff: exit 1 when EXPR holds, e.g. 'total>+10%%',\n"
	    "                        'calls:openat>+0', 'p99:read>+20%%'\n"
	    "  -o, --output FILE     write the output to FILE\n"
	    "  -h, --help            this help\n"
	    "  --version             the version\n\n"
	    "See rn-analyze(1).\n");
}

typedef struct cmd {
	const char *name;
	int (*fn)(rn_analyze_opts *);
	int nmin, nmax;
} cmd;

static const cmd cmds[] = {
    {"summary", rn_analyze_cmd_summary, 1, 1},
    {"diff", rn_analyze_cmd_diff, 2, RN_ANALYZE_MAXFILES},
    {"anomalies", rn_analyze_cmd_anomalies, 1, 1},
    {"hints", rn_analyze_cmd_hints, 1, 1},
    {"functions", rn_analyze_cmd_functions, 1, 1},
    {"graph", rn_analyze_cmd_graph, 1, 1},
    {"report", rn_analyze_cmd_report, 1, 1},
    {"pack", rn_analyze_cmd_pack, 1, 1},
};

static int run(int argc, char **argv)
{
	if (argc < 2) {
		rn_analyze_usage_error("missing command");
		return 2;
	}
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			usage(stdout);
			return 0;
		}
	const char *name = argv[1];
	if (strcmp(name, "--version") == 0) {
		printf("%s %s\n", RN_ANALYZE_PROG, RN_VERSION);
		return 0;
	}
	if (strcmp(name, "-c") == 0)
		name = "summary";
	for (size_t i = 0; i < sizeof(cmds) / sizeof(*cmds); i++) {
		if (strcmp(name, cmds[i].name) != 0)
			continue;
		rn_analyze_opts *o = calloc(1, sizeof(*o));
		if (!o) {
			fprintf(stderr, "%s: out of memory\n", RN_ANALYZE_PROG);
			return 1;
		}
		o->cmd = cmds[i].name;
		int rc = rn_analyze_opts_parse(o, argc - 1, argv + 1, cmds[i].nmin, cmds[i].nmax);
		if (rc == 0)
			rc = cmds[i].fn(o);
		free(o);
		return rc;
	}
	rn_analyze_usage_error("unknown command '%s'", name);
	return 2;
}

int main(int argc, char **argv)
{
	int rc = run(argc, argv);
	/* what went to stdout directly (--help, pack's line) is checked too */
	if (rn_ostream_close(stdout, RN_ANALYZE_PROG) < 0 && rc == 0)
		rc = 1;
	return rc;
}
