/* rn_argnames.c: the argument names of format/data/argnames.def, looked up
 * by syscall name (rn-replay -N prints name=value as strace --arg-names). */
#include "rn_decode.h"

#include <stdlib.h>
#include <string.h>

typedef struct argnames {
	const char *sc;
	const char *names[6];
} argnames;

/* Rows are kept in strcmp order of the syscall name (tests/format checks). */
#define AN(sc, ...) {#sc, {__VA_ARGS__}},
static const argnames table[] = {
#include "data/argnames.def"
};
#undef AN

static int by_name(const void *a, const void *b)
{
	return strcmp(((const argnames *)a)->sc, ((const argnames *)b)->sc);
}

const char *rn_arg_name(const char *syscall, int i)
{
	if (!syscall || i < 0 || i >= 6)
		return NULL;
	argnames key = {syscall, {0}};
	const argnames *r =
	    bsearch(&key, table, sizeof(table) / sizeof(table[0]), sizeof(table[0]), by_name);
	return r ? r->names[i] : NULL;
}

const char *rn_arg_name_row(size_t k)
{
	return k < sizeof(table) / sizeof(table[0]) ? table[k].sc : NULL;
}
