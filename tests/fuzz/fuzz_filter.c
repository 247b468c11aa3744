/* fuzz_filter.c: libFuzzer target for -e trace= expressions (rn_filter_parse),
 * for both architectures; the error line must be a NUL-terminated string. */
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
