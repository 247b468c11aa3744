/* rn_filter.c: -e trace=SET parsing (see rn_filter.h). Names and "all" only
 * for now; classes, negation and regexes come with the argument table. */
#include "rn_filter.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void rn_sysset_all(rn_sysset *set)
{
	memset(set, 0xff, sizeof(*set));
}

int rn_filter_parse(const char *expr, uint16_t arch, rn_sysset *set, char *err, size_t errlen)
{
	memset(set, 0, sizeof(*set));
	if (strncmp(expr, "trace=", 6) == 0)
		expr += 6;
	char *copy = strdup(expr);
	if (!copy)
		return -1;
	int rc = 0;
	for (char *save = NULL, *tok = strtok_r(copy, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (strcmp(tok, "all") == 0) {
			rn_sysset_all(set);
			continue;
		}
		int nr = rn_syscall_lookup(arch, tok);
		if (nr < 0) {
			snprintf(err, errlen, "invalid system call '%s'", tok);
			rc = -1;
			break;
		}
		rn_sysset_add(set, (uint32_t)nr);
	}
	free(copy);
	return rc;
}
