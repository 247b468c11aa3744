/* fuzz_pack.c: libFuzzer target for the pack frames that carry ELF and debug
 * files inside a trace (format/rn_pack.c, `rn-analyze pack`): the input is a
 * whole trace file; every packed file listed is read and decompressed. For
 * inputs ending in an odd byte the pack frames' check words are fixed up
 * first, so that mutated lengths are believed. */
#include "rn_header_codec.h"
#include "rn_pack.h"
#include "rn_trace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static void fix_pack_words(uint8_t *p, size_t n)
{
	size_t at = 0;
	while (at + 8 <= n) {
		uint32_t magic = rn_le32(p + at), sz = rn_le32(p + at + 4);
		if ((magic & 0xFFFFFFF0u) != 0x184D2A50u || sz > n - at - 8)
			return;
		if (magic == RN_MAGIC_PACK && sz >= 8)
			rn_put32(p + at + 8 + sz - 4, rn_fnv1a(p + at + 8, sz - 4));
		at += 8 + sz;
		if (magic == RN_MAGIC_CHUNK && sz == RN_CHUNK_MARKER_SIZE)
			at += rn_le32(p + at - RN_CHUNK_MARKER_SIZE + 8);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int fd = -1;
	static char path[64];
	if (fd < 0) {
		fd = memfd_create("fuzz-pack", 0);
		if (fd < 0)
			return 0;
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	uint8_t *copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	if (size && data[size - 1] & 1)
		fix_pack_words(copy, size);
	int w = ftruncate(fd, 0) == 0 && pwrite(fd, copy, size, 0) == (ssize_t)size;
	free(copy);
	if (!w)
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
