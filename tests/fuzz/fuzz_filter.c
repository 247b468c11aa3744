/* fuzz_filter.c: libFuzzer target for -e trace= expressions (rn_filter_parse),
 * for both architectures; the error line must be a NUL-terminated string.
 * It found that glibc's regcomp takes seconds and gigabytes on stacked
 * repetitions (68 bytes: 19 s, 4 GB); rn_filter now refuses such regexes, and
 * that input is in the corpus (corpus/filter/regcomp-oom) as a regression. */
#include "rn_filter.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
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
