/* fuzz_chunk.c: libFuzzer target for the FlatBuffers layer without the zstd
 * container (whose checksums hide most mutations from the decoder): the input
 * is one decompressed Chunk (or, with the identifier RNH1, a Header) buffer.
 * Every event is decoded and every byte it points to is read, reading all of
 * it and skimming (RN_READ_SKIM) a prefix and the whole. */
#include "fuzz_touch.h"
#include "rn_header_codec.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* An exact-size, 8-aligned copy, as the reader's decompression buffer. */
	uint8_t *p = malloc(size ? size : 1);
	if (!p)
		return 0;
	memcpy(p, data, size);
	volatile unsigned sink = 0;
	if (size >= 12 && memcmp(p + 8, "RNH1", 4) == 0) {
		rn_header h;
		const char **argv = NULL;
		const char *why;
		memset(&h, 0, sizeof(h));
		if (rn_header_decode(p, size, &h, &argv, &why) == 0) {
			sink += touch(h.producer, strlen(h.producer));
			for (uint32_t i = 0; i < h.argc; i++)
				sink += touch(h.argv[i], strlen(h.argv[i]));
			free(argv);
		}
	} else {
		/* Whole, then skimmed (RN_READ_SKIM) on three quarters of it, as a
		 * skimming reader opens a prefix, then on all of it. */
		for (int pass = 0; pass < 3; pass++) {
			rn_chunk_view v;
			const char *why;
			memset(&v, 0, sizeof(v));
			size_t have = pass == 1 ? size - size / 4 : size;
			if (rn_chunk_open_part(&v, p, have, size, RN_CHUNK_MAJOR, pass > 0, &why) ==
			    0) {
				rn_event ev;
				while (rn_chunk_next(&v, &ev, &why) == 1)
					sink += touch_event(&ev);
			}
			rn_chunk_view_free(&v);
		}
	}
	(void)sink;
	free(p);
	return 0;
}
