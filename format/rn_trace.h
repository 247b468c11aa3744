/* rn_trace.h: the trace file container. A trace is a sequence of zstd frames:
 *   header   skippable frame 0x184D2A50: "RNTR", major, minor, Header FlatBuffer
 *   chunk*   skippable marker 0x184D2A51 (seq, sizes, time range, count), then
 *            one ordinary zstd frame holding one size-prefixed Chunk FlatBuffer,
 *            then (4.x) a skippable frame 0x184D2A55: XXH64 of that zstd frame
 *   index    skippable frame 0x184D2A52: one entry per chunk
 *   trailer  skippable frame 0x184D2A53, fixed size, at the very end
 * A file without index and trailer (the recorder died) is read up to its last
 * complete chunk. See docs/format.md for the byte-level description. */
#ifndef RN_TRACE_H
#define RN_TRACE_H

#include "rn_chunk.h"
#include "rn_event.h"

#include <stddef.h>
#include <stdint.h>

#define RN_FORMAT_MAJOR 5 /* written by default; readers read 1.x to 5.x */
#define RN_FORMAT_MINOR 0
#define RN_VERSION      "0.1.0"

#define RN_MAGIC_HEADER      0x184D2A50u
#define RN_MAGIC_CHUNK       0x184D2A51u
#define RN_MAGIC_INDEX       0x184D2A52u
#define RN_MAGIC_TRAILER     0x184D2A53u
#define RN_MAGIC_CHECK       0x184D2A55u /* 4.x: after each chunk's zstd frame */
#define RN_CHUNK_MARKER_SIZE 40          /* payload bytes of a chunk marker */
#define RN_CHECK_SIZE        16          /* payload bytes of a frame check */
#define RN_TRAILER_SIZE      32          /* payload bytes of the trailer */
#define RN_INDEX_ENTRY_SIZE  40
#define RN_CHUNK_MAX         (256u << 20) /* largest decompressed chunk a reader accepts */
#define RN_HEADER_MAX        (1u << 20)   /* largest header a reader accepts */

/* The file header. Strings are owned by the reader (or the caller, writing). */
typedef struct rn_header {
	uint16_t major; /* writing: the format to write, 0 or RN_FORMAT_MAJOR (3.0:
	                 * times at the clock's resolution), 2 (2.0: syscalls as
	                 * columns, times in ns) or 1 (1.0: fixed records) */
	uint16_t minor;
	const char *producer;
	uint16_t arch;
	uint64_t mono_start_ns;
	uint64_t wall_start_ns;
	const char *hostname;
	const char *kernel;
	const char *cwd;
	const char *const *argv;
	uint32_t argc;
	int32_t pid;
	uint32_t flags;
	const char *options;
	/* The resolution of the recorded times in ns (3.x; 1.x and 2.x files read
	 * as 1): the recorder's clock carries no information below it (ptrace:
	 * 1000, bpf: 1). A 3.x writer stores event times as multiples of it,
	 * rounded down; 0 when writing means 1. */
	uint32_t clock_res_ns;
} rn_header;

/* One chunk as listed in the index (or found by scanning). */
typedef struct rn_chunk_info {
	uint64_t offset; /* file offset of the chunk's marker frame */
	uint32_t csize;  /* compressed frame size */
	uint32_t usize;  /* decompressed size */
	uint64_t first_ns;
	uint64_t last_ns;
	uint32_t nevents;
	uint32_t seq;
} rn_chunk_info;

/* Fills a header with this machine's facts: arch, clocks, host name, kernel,
 * cwd, producer. The caller sets argv, pid, flags, options. */
void rn_header_init_local(rn_header *h, const char *producer);
uint16_t rn_arch_native(void);
const char *rn_arch_name(uint16_t arch);
uint64_t rn_now_ns(void); /* CLOCK_MONOTONIC */
/* The header's clock resolution in ns (at least 1). */
uint32_t rn_header_res(const rn_header *h);
/* The Unix time of monotonic time t, rounded down to the clock resolution:
 * the digits below it would be the header clocks' offset, not the event's. */
uint64_t rn_header_unix_ns(const rn_header *h, uint64_t t);
/* Decimals of a microsecond value that the clock resolution carries: 3 for
 * 1 ns, 2 for 10 ns, 1 for 100 ns, 0 for 1 us or coarser (tools print
 * times with these many, docs/format.md §4.4). */
int rn_header_us_decimals(const rn_header *h);

/* ---- writer ---- */

typedef struct rn_writer rn_writer;

typedef struct rn_writer_opts {
	int level; /* zstd level; 0 = default (3) */
} rn_writer_opts;

/* Creates path (mode 0600, fails if it exists) and writes the header.
 * Returns NULL with a one-line reason in err. */
rn_writer *rn_writer_open(const char *path, const rn_header *h, const rn_writer_opts *o, char *err,
                          size_t errlen);
/* Same on an already open file descriptor (empty and positioned at 0; taken
 * over: closed by rn_writer_close/abandon, and on failure). */
rn_writer *rn_writer_open_fd(int fd, const rn_header *h, const rn_writer_opts *o, char *err,
                             size_t errlen);
/* Encodes, compresses and appends the builder's events as one chunk, then
 * resets the builder. An empty builder writes nothing. On a write error
 * (ENOSPC, EFBIG, EIO) the file is cut back to its last complete chunk, the
 * error is sticky and -1 is returned with the reason in err ("write failed:
 * No space left on device"; later calls: "write failed earlier: ..."); the
 * builder is then left as it was (the caller resets it and counts a Loss).
 * A chunk above RN_CHUNK_MAX bytes is refused (not sticky): flush sooner. */
int rn_writer_write_chunk(rn_writer *w, rn_chunk_builder *b, char *err, size_t errlen);
/* Appends the index and trailer and closes. Returns 0, or -1 with err. The
 * writer is freed either way. */
int rn_writer_close(rn_writer *w, char *err, size_t errlen);
/* Closes without index/trailer (as if the recorder died); frees. */
void rn_writer_abandon(rn_writer *w);
uint64_t rn_writer_bytes(const rn_writer *w);  /* file size so far */
uint64_t rn_writer_events(const rn_writer *w); /* events written */
uint32_t rn_writer_chunks(const rn_writer *w);

/* ---- reader ---- */

typedef struct rn_reader rn_reader;

/* What the reader found, for the "recovered N chunks" line. */
typedef struct rn_reader_status {
	uint32_t chunks_ok;
	uint32_t chunks_bad;    /* corrupt chunks skipped */
	uint64_t events;        /* events returned so far */
	uint64_t bytes_skipped; /* bytes passed over while resynchronising */
	int has_trailer;        /* the file was closed properly */
	int truncated;          /* the file ends inside a frame */
	uint64_t file_size;
	uint64_t good_end;       /* offset after the last complete chunk */
	uint32_t unknown_events; /* event kinds newer than this reader */
	uint32_t checks_bad;     /* 4.x: corrupt frame checks of whole chunks */
	uint32_t cut_events;     /* truncated inside a chunk: the events its marker counts */
} rn_reader_status;

/* Called for each problem found while reading (corrupt chunk, truncation).
 * The default prints "PROGRAM: FILE: MESSAGE" on stderr. */
typedef void (*rn_reader_warn_fn)(void *ctx, const char *file, const char *msg);

/* Opens a trace of format 1.x to 4.x. Returns NULL with a one-line reason in
 * err ("FILE: not an rn trace (bad magic)", "FILE: format version 5.0 is newer
 * than this reader (reads 1.x to 4.x)", "FILE: No such file or directory",
 * ...). */
rn_reader *rn_reader_open(const char *path, char *err, size_t errlen);
void rn_reader_close(rn_reader *r);
const rn_header *rn_reader_header(const rn_reader *r);
const char *rn_reader_path(const rn_reader *r);
void rn_reader_set_warn(rn_reader *r, rn_reader_warn_fn fn, void *ctx);
/* What rn_reader_next hands out (rn_reader_set_read; flags).
 * RN_READ_ALL (the default): every field.
 * RN_READ_SKIM: what call statistics need, read faster: syscalls keep their
 * number, pid, tid, times, return value and flags, but args and ip read as 0
 * and captures are left out (ncap 0, caps NULL); other events come without
 * their bytes (exec data, siginfo, mapping path and build id, snapshot
 * strings, fd paths: NULL, length 0). Chunks are still decompressed and
 * their checksums verified whole (damage is reported as with RN_READ_ALL;
 * only malformed capture or dirent columns under a valid checksum go
 * unseen).
 * RN_READ_SKIM | RN_READ_PREFIX: besides, a 2.x to 4.x chunk is
 * decompressed only as far as those fields need (rn's writer puts them
 * first and ends a zstd block there): several times faster on traces with
 * captured data. In a 4.x file each compressed frame is first checked
 * against its frame check (XXH64, docs/format.md §2.6), so damage anywhere
 * in a chunk is still reported (a chunk without its check is decompressed
 * whole); in 2.x and 3.x files damage in the rest of a chunk, and its
 * checksum, go unseen. PREFIX alone means nothing.
 * The environment variable RN_READ_ALL=1 turns both off (to check that a
 * tool's skimmed answer equals its full one). */
enum { RN_READ_ALL = 0, RN_READ_SKIM = 1, RN_READ_PREFIX = 2 };
void rn_reader_set_read(rn_reader *r, int how);
/* Reading on n threads (1, the default, or 2): with 2, the walk over the
 * chunks (reading, frame checks, decompression, column decoding) runs on a
 * second thread a few chunks ahead of the caller. The events, warnings,
 * status and damage line are the same, in the same order, at the same
 * points, as on one: only the wall time differs. The walk thread is
 * started by the first rn_reader_next and stopped by rn_reader_close,
 * rn_reader_seek_time, rn_reader_chunk_raw, rn_reader_set_read and
 * rn_reader_set_threads; it calls no callback (the warn callback is called
 * on the caller's thread). A chunk the walk finds after the caller had to
 * wait for one is loaded by the caller instead, while the walk goes on
 * (RN_READ_DEFER=1 in the environment: every chunk, =0: none; for tests). */
void rn_reader_set_threads(rn_reader *r, int n);
/* Next event in write order: 1, 0 at the end. Corrupt chunks are reported to
 * the warn callback and skipped; reading goes on. */
int rn_reader_next(rn_reader *r, rn_event *ev);
const rn_reader_status *rn_reader_status_get(const rn_reader *r);
/* One line describing an incomplete read, or NULL when the file was whole:
 * "recovered 12 chunks (48213 events); the file ends without its index (the
 * recorder did not finish)". */
const char *rn_reader_damage(rn_reader *r);
/* The chunk list (from the index, or by scanning when there is none). */
int rn_reader_chunks(rn_reader *r, const rn_chunk_info **list, uint32_t *n);
/* Positions the reader at the first chunk whose time range reaches t. */
int rn_reader_seek_time(rn_reader *r, uint64_t t);
/* Raw access for tools and tests: decompresses chunk i of the list into
 * buf and len (the size-prefixed FlatBuffer). Valid until the next call.
 * It reuses the reader's chunk buffer: the rest of the chunk being iterated
 * by rn_reader_next is dropped (iteration goes on with the next chunk). */
int rn_reader_chunk_raw(rn_reader *r, uint32_t i, const uint8_t **buf, size_t *len, char *err,
                        size_t errlen);

#endif
