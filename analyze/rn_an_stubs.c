/* rn_an_stubs.c: subcommands not written yet (temporary). */
#include "rn_an.h"

int rn_an_cmd_report(rn_an_opts *o)
{
	fprintf(stderr, "%s: %s: not implemented yet\n", RN_AN_PROG, o->cmd);
	return 1;
}
