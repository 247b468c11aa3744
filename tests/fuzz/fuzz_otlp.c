/* fuzz_otlp.c: libFuzzer target for the OTLP collector's answer as rn-export
 * reads it (rn_otlp_response_parse in export/rn_otlp_resp.c): the first byte
 * picks protobuf (even) or JSON (odd), the rest is the body. The message it
 * returns must be a NUL-terminated string within its buffer. */
#include "rn_otlp_enc.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	/* An exact-size copy so that ASan sees a read past the body. */
	uint8_t *body = malloc(size - 1 ? size - 1 : 1);
	if (!body)
		return 0;
	memcpy(body, data + 1, size - 1);
	int64_t rejected = 0;
	char msg[128];
	memset(msg, 'x', sizeof(msg));
	if (rn_otlp_response_parse(body, size - 1, data[0] & 1, &rejected, msg, sizeof(msg)) == 0 &&
	    memchr(msg, 0, sizeof(msg)) == NULL)
		abort();
	free(body);
	return 0;
}
