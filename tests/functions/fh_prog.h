/* fh_prog.h: runs prog_calls (or its PIE build) in one mode under the
 * harness and loads the trace: the shared start of the function tests. */
#ifndef FH_PROG_H
#define FH_PROG_H

#include "fh_harness.h"

#include <stdio.h>
#include <stdlib.h>

static inline void fh_run_prog(const char *prog, char *const args[], rn_funcs_opts *o, fh_run *run,
                               fh_trace *t)
{
	char path[512], lib[512];
	snprintf(path, sizeof(path), "%s/tests/functions/%s", fh_build(), prog);
	snprintf(lib, sizeof(lib), "%s/lib/librnfunc.so", fh_build());
	char *argv[8] = {path};
	for (int i = 0; i < 6 && args[i]; i++)
		argv[i + 1] = args[i];
	o->preload_path = lib;
	remove("addrs.txt");
	remove("t.rn");
	fh_record("t.rn", argv, o, run);
	fh_load("t.rn", t);
}

#endif
