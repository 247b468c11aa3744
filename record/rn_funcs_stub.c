/* rn_funcs_stub.c: placeholder for function tracing until record/rn_funcs_*.c
 * lands; --functions reports that it is unavailable. */
#include "rn_funcs.h"

#include <stdio.h>

rn_funcs_session *rn_funcs_start(const rn_funcs_opts *o, char *err, size_t errlen)
{
	(void)o;
	snprintf(err, errlen, "function tracing is not built into this rn-record");
	return NULL;
}

void rn_funcs_child_env(rn_funcs_session *s)
{
	(void)s;
}

size_t rn_funcs_drain(rn_funcs_session *s, rn_chunk_builder *b)
{
	(void)s;
	(void)b;
	return 0;
}

void rn_funcs_stop(rn_funcs_session *s, rn_chunk_builder *b)
{
	(void)s;
	(void)b;
}
