/* fuzz_file.h: puts a fuzz input in a memfd (reused across runs) so that the
 * file-reading APIs see it as a trace file. For inputs whose last byte is odd
 * the FNV-1a check words of the frames chosen by want() are recomputed first,
 * so that mutated sizes and offsets are believed and the code trusting them is
 * exercised (a fuzzer cannot forge a check word by itself). Shared by the
 * targets that read whole files. */
#ifndef FUZZ_FILE_H
#define FUZZ_FILE_H

#include "rn_header_codec.h"
#include "rn_trace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* Walks the frames, chunk payloads included, fixing the check word (the
 * last 4 payload bytes) of each frame whose magic want() accepts. */
static inline void fuzz_fix_frames(uint8_t *p, size_t n, int (*want)(uint32_t magic))
{
	size_t at = 0;
	while (at + 8 <= n) {
		uint32_t magic = rn_le32(p + at), sz = rn_le32(p + at + 4);
		if ((magic & 0xFFFFFFF0u) != 0x184D2A50u || sz > n - at - 8)
			return;
		if (sz >= 8 && want(magic))
			rn_put32(p + at + 8 + sz - 4, rn_fnv1a(p + at + 8, sz - 4));
		at += 8 + sz;
		if (magic == RN_MAGIC_CHUNK && sz == RN_CHUNK_MARKER_SIZE)
			at += rn_le32(p + at - RN_CHUNK_MARKER_SIZE + 8);
	}
}

/* Returns the /proc path of a memfd holding the input, or NULL. */
static inline const char *fuzz_file(const uint8_t *data, size_t size, int (*want)(uint32_t magic))
{
	static int fd = -1;
	static char path[64];
	if (fd < 0) {
		fd = memfd_create("fuzz-input", 0);
		if (fd < 0)
			return NULL;
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	uint8_t *copy = malloc(size ? size : 1);
	if (!copy)
		return NULL;
	memcpy(copy, data, size);
	if (size && data[size - 1] & 1)
		fuzz_fix_frames(copy, size, want);
	int w = ftruncate(fd, 0) == 0 && pwrite(fd, copy, size, 0) == (ssize_t)size;
	free(copy);
	return w ? path : NULL;
}

#endif
