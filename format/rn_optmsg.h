/* rn_optmsg.h: the words for what getopt_long stopped at, so that every tool
 * names a bad option the same way and never prints the number getopt keeps
 * for a long option as if it were a letter. */
#ifndef RN_OPTMSG_H
#define RN_OPTMSG_H

#include <stddef.h>

/* c is what getopt_long returned ('?' or ':'; opterr = 0), shortopts the
 * string it was given, argv its argv; reads optind and optopt. Writes into
 * buf one of "unknown option '--x'", "unknown option '-x'", "option '--x'
 * needs a value", "option '-x' needs a value", "option '--x' takes no value"
 * and returns buf. */
const char *rn_optmsg(char *buf, size_t n, int c, char *const argv[], const char *shortopts);

#endif
