/* fuzz_reader.c: libFuzzer target for the trace reader. The input is a whole
 * trace file (header frame, markers, zstd chunks, index, trailer); it is put in
 * a memfd and read the way every tool reads a trace: all events in order (every
 * byte they point to is touched so ASan sees out-of-bounds pointers), the chunk
 * list (index or scan), a seek by time and raw access to each chunk. For
 * inputs ending in an odd byte the check words are fixed up first (below). */
#include "fuzz_touch.h"
#include "rn_header_codec.h"
#include "rn_trace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static void quiet(void *ctx, const char *file, const char *msg)
{
	(void)ctx;
	(void)file;
	(void)msg;
}

/* Recomputes the FNV-1a check words of the chunk markers, the index and the
 * trailer found by walking the frames, so that a mutated size or offset is
 * believed and the code that trusts them is exercised (a fuzzer cannot
 * forge a check word by itself). Done for inputs whose last byte is odd. */
static void fix_check_words(uint8_t *p, size_t n)
{
	size_t at = 0;
	while (at + 8 <= n) {
		uint32_t magic = rn_le32(p + at), sz = rn_le32(p + at + 4);
		if ((magic & 0xFFFFFFF0u) != 0x184D2A50u || sz > n - at - 8)
			return;
		if (sz >= 8 && magic != RN_MAGIC_HEADER)
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
		fd = memfd_create("fuzz-trace", 0);
		if (fd < 0)
			return 0;
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	uint8_t *copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	if (size && data[size - 1] & 1)
		fix_check_words(copy, size);
	int w = ftruncate(fd, 0) == 0 && pwrite(fd, copy, size, 0) == (ssize_t)size;
	free(copy);
	if (!w)
		return 0;
	char err[256];
	rn_reader *r = rn_reader_open(path, err, sizeof(err));
	if (!r)
		return 0;
	rn_reader_set_warn(r, quiet, NULL);
	const rn_header *h = rn_reader_header(r);
	volatile unsigned sink = touch(h->producer, 1) + touch(h->hostname, 1);
	for (uint32_t i = 0; i < h->argc; i++)
		sink += touch(h->argv[i], 1);
	rn_event ev;
	uint64_t t_mid = 0, n = 0;
	while (rn_reader_next(r, &ev) == 1 && n++ < 1000000) {
		sink += touch_event(&ev);
		if (ev.kind == RN_EV_SYSCALL && n == 3)
			t_mid = ev.u.sc.t_entry;
	}
	sink += rn_reader_damage(r) != NULL;
	const rn_chunk_info *ci;
	uint32_t nc;
	if (rn_reader_chunks(r, &ci, &nc) == 0) {
		for (uint32_t i = 0; i < nc && i < 64; i++) {
			const uint8_t *buf;
			size_t len;
			if (rn_reader_chunk_raw(r, i, &buf, &len, err, sizeof(err)) == 0)
				sink += touch(buf, len);
		}
		if (rn_reader_seek_time(r, t_mid) == 0)
			while (rn_reader_next(r, &ev) == 1 && n++ < 2000000)
				sink += touch_event(&ev);
	}
	(void)sink;
	rn_reader_close(r);
	return 0;
}
