/* rn_header_codec.h: internal: Header table encoding and decoding. */
#ifndef RN_HEADER_CODEC_H
#define RN_HEADER_CODEC_H

#include "rn_flatbuf.h"
#include "rn_trace.h"

int rn_header_encode(const rn_header *h, rn_fbb *b);
/* Decodes the Header FlatBuffer; strings point into p; *argv_out is malloc'd. */
int rn_header_decode(const uint8_t *p, size_t n, rn_header *h, const char ***argv_out,
                     const char **why);
/* FNV-1a over n bytes: the check word of markers, index and trailer. */
static inline uint32_t rn_fnv1a(const uint8_t *p, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

#endif
