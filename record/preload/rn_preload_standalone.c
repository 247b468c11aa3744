/* rn_preload_standalone.c: LD_PRELOAD by hand, without rn-record in front:
 *   RN_FUNCS_OUTPUT=trace.rn LD_PRELOAD=/usr/local/lib/librnfunc.so ./app
 * Before the program starts, the library re-executes it under
 * `rn-record --functions -e trace=none -o trace.rn` (found next to the
 * library, ../bin/rn-record, else on PATH), so the trace gets everything
 * rn-record records (mappings for symbols, the drain after a crash). The
 * other RN_FUNCS_* variables become the matching options. Inside, rn-record
 * sets RN_FUNCS_FD, which stops this from happening again. */
#include "rn_preload.h"

#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_ARGS 4096

static const struct {
	const char *env, *opt;
	int flag; /* takes no value: set when the variable is 1 */
} map[] = {
    {"RN_FUNCS_DEPTH", "--func-depth", 0},
    {"RN_FUNCS_INCLUDE", "--func-include", 0},
    {"RN_FUNCS_EXCLUDE", "--func-exclude", 0},
    {"RN_FUNCS_BUFFER", "--func-buffer", 0},
    {"RN_FUNCS_WAIT", "--func-wait", 0},
    {"RN_FUNCS_START_DISABLED", "--func-start-disabled", 1},
};

RN_NOINST static void recorder_path(char *out, size_t len)
{
	Dl_info di;
	snprintf(out, len, "rn-record");
	if (!dladdr((void *)recorder_path, &di) || !di.dli_fname)
		return;
	char dir[PATH_MAX];
	snprintf(dir, sizeof(dir), "%s", di.dli_fname);
	char *slash = strrchr(dir, '/');
	if (!slash)
		return;
	*slash = 0;
	char cand[PATH_MAX + 32];
	snprintf(cand, sizeof(cand), "%s/../bin/rn-record", dir);
	if (access(cand, X_OK) == 0 && strlen(cand) < len)
		snprintf(out, len, "%s", cand);
}

/* rn-record itself runs without this library (a sanitized rn-record even
 * refuses it); it preloads it again into the program. */
RN_NOINST static void drop_self_from_preload(void)
{
	const char *pre = getenv("LD_PRELOAD");
	if (!pre)
		return;
	static char keep[8192], buf[8192];
	snprintf(buf, sizeof(buf), "%s", pre);
	keep[0] = 0;
	size_t used = 0;
	for (char *save = NULL, *tok = strtok_r(buf, ": ", &save); tok;
	     tok = strtok_r(NULL, ": ", &save)) {
		const char *base = strrchr(tok, '/');
		if (strcmp(base ? base + 1 : tok, "librnfunc.so") == 0)
			continue;
		int w = snprintf(keep + used, sizeof(keep) - used, "%s%s", used ? ":" : "", tok);
		if (w < 0 || (size_t)w >= sizeof(keep) - used)
			break;
		used += (size_t)w;
	}
	if (used)
		setenv("LD_PRELOAD", keep, 1);
	else
		unsetenv("LD_PRELOAD");
}

__attribute__((constructor(65535))) RN_NOINST static void standalone(int argc, char **argv)
{
	const char *out = getenv("RN_FUNCS_OUTPUT");
	if (!out || !*out || getenv(RN_CHAN_ENV_FD) || argc < 1 || !argv)
		return;
	static char rec[PATH_MAX], exe[PATH_MAX];
	static char *args[MAX_ARGS];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return;
	exe[n] = 0;
	recorder_path(rec, sizeof(rec));
	int k = 0;
	args[k++] = rec;
	args[k++] = "-q";
	args[k++] = "-f";
	args[k++] = "--functions";
	args[k++] = "-etrace=none";
	args[k++] = "-o";
	args[k++] = (char *)out;
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		char *v = getenv(map[i].env);
		if (!v || !*v)
			continue;
		if (map[i].flag) {
			if (strcmp(v, "1") == 0)
				args[k++] = (char *)map[i].opt;
		} else {
			args[k++] = (char *)map[i].opt;
			args[k++] = v;
		}
	}
	args[k++] = "--";
	args[k++] = exe;
	for (int i = 1; i < argc && k < MAX_ARGS - 1; i++)
		args[k++] = argv[i];
	args[k] = NULL;
	unsetenv("RN_FUNCS_OUTPUT");
	char *pre = getenv("LD_PRELOAD");
	static char saved[8192];
	snprintf(saved, sizeof(saved), "%s", pre ? pre : "");
	drop_self_from_preload();
	execvp(rec, args);
	if (pre)
		setenv("LD_PRELOAD", saved, 1);
	/* No rn-record: say so once and run untraced. */
	fprintf(stderr, "librnfunc: cannot run %s: tracing off\n", rec);
}
