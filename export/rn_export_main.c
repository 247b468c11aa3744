/* rn_export_main.c: rn-export's entry point: picks the subcommand. */
#include "rn_export.h"
#include "rn_ostream.h"

#include <string.h>

static int run(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(int, char **);
	} cmds[] = {{"otlp", rn_export_otlp},     {"otlp-json", rn_export_otlp_json},
	            {"chrome", rn_export_chrome}, {"json", rn_export_ndjson},
	            {"csv", rn_export_csv},       {"folded", rn_export_folded},
	            {"scrub", rn_export_scrub}};
	if (argc < 2)
		return rn_export_usage_error("no command given");
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		rn_export_usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf(RN_EXPORT_TOOL " " RN_VERSION "\n");
		return 0;
	}
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (strcmp(argv[1], cmds[i].name) == 0)
			return cmds[i].fn(argc - 1, argv + 1);
	return rn_export_usage_error("unknown command '%s'", argv[1]);
}

int main(int argc, char **argv)
{
	int rc = run(argc, argv);
	/* what went to stdout directly (--help, otlp's summary) is checked too */
	if (rn_ostream_close(stdout, RN_EXPORT_TOOL) < 0 && rc == 0)
		rc = 1;
	return rc;
}
