/* fuzz_filter.c: libFuzzer target for -e trace= expressions (rn_filter_parse),
 * for both architectures; the error line must be a NUL-terminated string.
 *
 * Known, reported, not fixed here (format/rn_filter.c is the catalog's):
 * glibc's regcomp takes seconds and gigabytes on a /regex/ with many
 * repetition operators (tests/fuzz/known/filter-regcomp-oom: 68 bytes, 19 s
 * and 4 GB in rn-replay -e). Inputs with more than 4 of + * ? { are skipped
 * until rn_filter bounds its regexes; remove this filter then. */
#include "rn_filter.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t quant = 0;
	for (size_t i = 0; i < size; i++)
		quant += data[i] == '+' || data[i] == '*' || data[i] == '?' || data[i] == '{';
	if (quant > 4)
		return 0;
	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = 0;
	for (uint16_t arch = 1; arch <= 2; arch++) {
		rn_sysset set;
		char err[256];
		memset(err, 'x', sizeof(err));
		if (rn_filter_parse(s, arch, &set, err, sizeof(err)) < 0 &&
		    memchr(err, 0, sizeof(err)) == NULL)
			abort();
	}
	free(s);
	return 0;
}
