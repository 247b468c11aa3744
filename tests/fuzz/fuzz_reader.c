/* fuzz_reader.c: libFuzzer target for the trace reader. The input is a whole
 * trace file (header frame, markers, zstd chunks, index, trailer); it is put in
 * a memfd and read the way every tool reads a trace: all events in order (every
 * byte they point to is touched so ASan sees out-of-bounds pointers), the chunk
 * list (index or scan), a seek by time and raw access to each chunk; then
 * twice more, skimming (RN_READ_SKIM) and from each chunk's prefix
 * (RN_READ_PREFIX too). For
 * inputs ending in an odd byte the check words are fixed up first (fuzz_file.h). */
#include "fuzz_file.h"
#include "fuzz_touch.h"

#include <stdlib.h>
#include <string.h>

static void quiet(void *ctx, const char *file, const char *msg)
{
	(void)ctx;
	(void)file;
	(void)msg;
}

/* Check words fixed up for odd inputs: markers, index and trailer. */
static int checked_frame(uint32_t magic)
{
	return magic != RN_MAGIC_HEADER;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_file(data, size, checked_frame);
	if (!path)
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
	rn_reader_close(r);
	/* Again skimming, then from each chunk's prefix only. */
	for (int how = RN_READ_SKIM; how <= (RN_READ_SKIM | RN_READ_PREFIX);
	     how += RN_READ_PREFIX) {
		r = rn_reader_open(path, err, sizeof(err));
		if (!r)
			break;
		rn_reader_set_warn(r, quiet, NULL);
		rn_reader_set_read(r, how);
		n = 0;
		while (rn_reader_next(r, &ev) == 1 && n++ < 1000000)
			sink += touch_event(&ev);
		sink += rn_reader_damage(r) != NULL;
		rn_reader_close(r);
	}
	(void)sink;
	return 0;
}
