/* fuzz_pack.c: libFuzzer target for the pack frames that carry ELF and debug
 * files inside a trace (format/rn_pack.c, `rn-analyze pack`): the input is a
 * whole trace file; every packed file listed is read and decompressed. For
 * inputs ending in an odd byte the pack frames' check words are fixed up
 * first, so that mutated lengths are believed. */
#include "fuzz_file.h"
#include "rn_pack.h"

#include <stdlib.h>
#include <string.h>

/* Check words fixed up for odd inputs: the pack frames' only. */
static int pack_frame(uint32_t magic)
{
	return magic == RN_MAGIC_PACK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_file(data, size, pack_frame);
	if (!path)
		return 0;
	rn_pack_entry *list;
	size_t n;
	char err[256];
	if (rn_pack_list(path, &list, &n, err, sizeof(err)) < 0)
		return 0;
	volatile unsigned sink = 0;
	for (size_t i = 0; i < n && i < 4; i++) {
		sink += (unsigned)strlen(list[i].path);
		/* Claimed sizes are bounded by the file (a fuzz input is < 1 MiB). */
		if (list[i].data_len > (64u << 20))
			continue;
		uint8_t *buf;
		size_t len;
		if (rn_pack_read(path, &list[i], &buf, &len, err, sizeof(err)) == 0) {
			for (size_t k = 0; k < len; k++)
				sink += buf[k];
			free(buf);
		}
	}
	(void)sink;
	rn_pack_list_free(list, n);
	return 0;
}
