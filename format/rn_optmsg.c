/* rn_optmsg.c: one line naming the option getopt_long could not take (see
 * rn_optmsg.h). getopt_long reports an unknown option and a missing value
 * alike ('?', unless shortopts starts with ':'), and for a long option sets
 * optopt to the option's code, not a letter: the option is named from argv. */
#include "rn_optmsg.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

/* Does shortopts take a value after letter ch? */
static int short_takes_value(const char *shortopts, int ch)
{
	if (ch <= 0 || ch > 127 || ch == ':')
		return -1; /* not a letter shortopts can hold */
	const char *p =
	    strchr(shortopts[0] == '+' || shortopts[0] == '-' ? shortopts + 1 : shortopts, ch);
	return p ? p[1] == ':' : -1;
}

const char *rn_optmsg(char *buf, size_t n, int c, char *const argv[], const char *shortopts)
{
	const char *arg = optind > 0 ? argv[optind - 1] : "";
	if (arg && strncmp(arg, "--", 2) == 0) {
		size_t len = strcspn(arg, "=");
		if (c == ':' || (optopt && !arg[len]))
			snprintf(buf, n, "option '%.*s' needs a value", (int)len, arg);
		else if (optopt)
			snprintf(buf, n, "option '%.*s' takes no value", (int)len, arg);
		else
			snprintf(buf, n, "unknown option '%.*s'", (int)len, arg);
		return buf;
	}
	int takes = short_takes_value(shortopts, optopt);
	if (c == ':' || takes == 1)
		snprintf(buf, n, "option '-%c' needs a value", optopt);
	else if (optopt > 32 && optopt < 127)
		snprintf(buf, n, "unknown option '-%c'", optopt);
	else
		snprintf(buf, n, "unknown option '%s'", arg ? arg : "");
	return buf;
}
