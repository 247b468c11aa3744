/* rn_reader.c: reads a trace file chunk by chunk with bounded memory. Every
 * size and offset is checked; a corrupt chunk is reported and skipped, a cut
 * file is read to its last complete chunk, and the damage is summed up in one
 * line (rn_reader_damage). */
#include "rn_grow.h"
#include "rn_header_codec.h"
#include "rn_reader_int.h"
#include "rn_xxh64.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zstd.h>

static void default_warn(void *ctx, const char *file, const char *msg)
{
	(void)ctx;
	fprintf(stderr, "%s: %s: %s\n", program_invocation_short_name, file, msg);
}

/* Tells a problem to the warn callback; one the walk over the chunks found
 * (walk), when the walk runs ahead on its own thread (rn_reader_ahead.c),
 * is kept with the chunk it was found before and told when the caller
 * reaches that chunk. */
static void vsay(rn_reader *r, int walk, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
static void vsay(rn_reader *r, int walk, const char *fmt, va_list ap)
{
	char msg[512];
	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (walk && r->ahead)
		rn_reader_ahead_log(r->prod, msg);
	else if (r->warn)
		r->warn(r->warn_ctx, r->path, msg);
}

static void warnf(rn_reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void warnf(rn_reader *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsay(r, 0, fmt, ap);
	va_end(ap);
}

static void walk_warnf(rn_reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void walk_warnf(rn_reader *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsay(r, 1, fmt, ap);
	va_end(ap);
}

/* Reads exactly n bytes at off: 0, or -1 (short file or I/O error). */
static int read_at(rn_reader *r, uint64_t off, void *buf, size_t n)
{
	size_t got = 0;
	while (got < n) {
		ssize_t k = pread(r->fd, (char *)buf + got, n - got, (off_t)(off + got));
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		got += (size_t)k;
	}
	return 0;
}

/* Makes *p hold n bytes: the first frame's size, then doubling (rn_grow). */
static int grow(uint8_t **p, size_t *cap, size_t n)
{
	if (n <= *cap)
		return 0;
	uint8_t *q = rn_grow(*p, cap, n, n);
	if (!q)
		return -1;
	*p = q;
	return 0;
}

static void errf(char *err, size_t n, const char *path, const char *msg)
{
	if (err && n)
		snprintf(err, n, "%s: %s", path, msg);
}

static int read_header(rn_reader *r, char *err, size_t errlen)
{
	uint8_t h[16];
	if (r->st.file_size < 16 || read_at(r, 0, h, 16) < 0) {
		errf(err, errlen, r->path,
		     r->st.file_size == 0 ? "empty file, not an rn trace"
		                          : "not an rn trace (too short)");
		return -1;
	}
	if (rn_le32(h) != RN_MAGIC_HEADER || memcmp(h + 8, "RNTR", 4) != 0) {
		errf(err, errlen, r->path, "not an rn trace (bad magic)");
		return -1;
	}
	r->hdr.major = rn_le16(h + 12);
	r->hdr.minor = rn_le16(h + 14);
	if (r->hdr.major < RN_CHUNK_MAJOR_MIN || r->hdr.major > RN_CHUNK_MAJOR) {
		char m[160];
		snprintf(m, sizeof(m), "format version %u.%u is %s this reader (reads 1.x to 5.x)",
		         (unsigned)r->hdr.major, (unsigned)r->hdr.minor,
		         r->hdr.major > RN_CHUNK_MAJOR ? "newer than" : "not supported by");
		errf(err, errlen, r->path, m);
		return -1;
	}
	uint32_t size = rn_le32(h + 4);
	if (size < 8 + 12 || size > RN_HEADER_MAX || 8 + (uint64_t)size > r->st.file_size) {
		errf(err, errlen, r->path, "truncated or corrupt file header");
		return -1;
	}
	size_t n = size - 8;
	r->hdr_buf = malloc(n);
	const char *why = "out of memory";
	if (!r->hdr_buf || read_at(r, 16, r->hdr_buf, n) < 0 ||
	    rn_header_decode(r->hdr_buf, n, &r->hdr, &r->hdr_argv, &why) < 0) {
		char m[160];
		snprintf(m, sizeof(m), "corrupt file header (%s)", why);
		errf(err, errlen, r->path, m);
		return -1;
	}
	/* A 1.x or 2.x file's times are ns (the chunk codec reads them so); its
	 * header states a resolution only when it was converted from a 3.x or
	 * 4.x file of a coarser clock, whose times it keeps (multiples of it). */
	r->one.view.clock_res = r->hdr.clock_res_ns;
	r->data_start = 8 + (uint64_t)size;
	return 0;
}

/* Parses a chunk marker payload; 0 when its check word holds. */
static int parse_marker(const uint8_t *m, rn_chunk_info *ci)
{
	if (memcmp(m, "RNCK", 4) != 0 || rn_le32(m + 36) != rn_fnv1a(m, RN_CHUNK_MARKER_SIZE - 4))
		return -1;
	ci->seq = rn_le32(m + 4);
	ci->csize = rn_le32(m + 8);
	ci->usize = rn_le32(m + 12);
	ci->first_ns = rn_le64(m + 16);
	ci->last_ns = rn_le64(m + 24);
	ci->nevents = rn_le32(m + 32);
	return 0;
}

/* Loads the index through the trailer, when the file was closed properly. */
static void read_index(rn_reader *r)
{
	uint8_t t[8 + RN_TRAILER_SIZE];
	uint64_t sz = r->st.file_size;
	if (sz < r->data_start + sizeof(t) || read_at(r, sz - sizeof(t), t, sizeof(t)) < 0)
		return;
	if (rn_le32(t) != RN_MAGIC_TRAILER || rn_le32(t + 4) != RN_TRAILER_SIZE ||
	    memcmp(t + 8, "RNTL", 4) != 0 ||
	    rn_le32(t + 36) != rn_fnv1a(t + 8, RN_TRAILER_SIZE - 4))
		return;
	/* From here on the trailer checked out: a failure is a corrupt index. */
	r->index_bad = 1;
	uint32_t n = rn_le32(t + 12);
	uint64_t ioff = rn_le64(t + 16);
	uint64_t isize = 8 + (uint64_t)n * RN_INDEX_ENTRY_SIZE + 4;
	/* Every chunk takes at least its marker: n is bounded by the file. */
	if (ioff < r->data_start || ioff > sz ||
	    (uint64_t)n * (8 + RN_CHUNK_MARKER_SIZE) > ioff - r->data_start ||
	    ioff + 8 + isize != sz - sizeof(t))
		return;
	uint8_t *p = malloc(8 + isize);
	if (!p)
		return;
	if (read_at(r, ioff, p, 8 + isize) < 0 || rn_le32(p) != RN_MAGIC_INDEX ||
	    rn_le32(p + 4) != isize || memcmp(p + 8, "RNIX", 4) != 0 || rn_le32(p + 12) != n ||
	    rn_le32(p + 8 + isize - 4) != rn_fnv1a(p + 8, isize - 4)) {
		free(p);
		return;
	}
	rn_chunk_info *c = calloc(n ? n : 1, sizeof(*c));
	if (!c) {
		free(p);
		return;
	}
	for (uint32_t i = 0; i < n; i++) {
		const uint8_t *e = p + 16 + (size_t)i * RN_INDEX_ENTRY_SIZE;
		c[i].offset = rn_le64(e);
		c[i].csize = rn_le32(e + 8);
		c[i].usize = rn_le32(e + 12);
		c[i].first_ns = rn_le64(e + 16);
		c[i].last_ns = rn_le64(e + 24);
		c[i].nevents = rn_le32(e + 32);
		c[i].seq = rn_le32(e + 36);
		if (c[i].offset < r->data_start || c[i].offset > ioff ||
		    8 + RN_CHUNK_MARKER_SIZE + (uint64_t)c[i].csize > ioff - c[i].offset ||
		    (i > 0 && c[i].offset <= c[i - 1].offset)) {
			free(c);
			free(p);
			return;
		}
	}
	free(p);
	r->chunks = c;
	r->nchunks = n;
	r->chunks_known = 1;
	r->index_bad = 0;
	r->st.has_trailer = 1;
	r->end = ioff;
}

rn_reader *rn_reader_open(const char *path, char *err, size_t errlen)
{
	rn_reader *r = calloc(1, sizeof(*r));
	if (!r) {
		errf(err, errlen, path, "out of memory");
		return NULL;
	}
	r->fd = -1;
	r->cur = r->prod = &r->one;
	r->ws = &r->st;
	r->path = strdup(path);
	r->warn = default_warn;
	/* O_NONBLOCK: opening a FIFO must not hang; it is refused below. */
	r->fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	struct stat sb;
	if (r->fd < 0 || fstat(r->fd, &sb) < 0) {
		errf(err, errlen, path, strerror(errno));
		rn_reader_close(r);
		return NULL;
	}
	if (!S_ISREG(sb.st_mode)) {
		errf(err, errlen, path,
		     S_ISDIR(sb.st_mode) ? "is a directory, not an rn trace"
		                         : "not a regular file (rn traces are read from files)");
		rn_reader_close(r);
		return NULL;
	}
	r->st.file_size = (uint64_t)sb.st_size;
	r->dctx = rn_reader_new_dctx();
	if (!r->path || !r->dctx) {
		errf(err, errlen, path, "out of memory");
		rn_reader_close(r);
		return NULL;
	}
	if (read_header(r, err, errlen) < 0) {
		rn_reader_close(r);
		return NULL;
	}
	r->end = r->st.file_size;
	read_index(r);
	rn_reader_map_open(r);
	r->pos = r->data_start;
	r->st.good_end = r->data_start;
	return r;
}

ZSTD_DCtx *rn_reader_new_dctx(void)
{
	ZSTD_DCtx *d = ZSTD_createDCtx();
	/* Prefix reading decompresses straight into the chunk's buffer, which
	 * stays put for the whole frame (ZSTD_d_stableOutBuffer): no window
	 * buffer of zstd's own to fault in and copy out of. */
	if (d)
		ZSTD_DCtx_setParameter(d, ZSTD_d_experimentalParam2, 1);
	return d;
}

void rn_reader_close(rn_reader *r)
{
	if (!r)
		return;
	rn_reader_ahead_stop(r);
	if (r->fd >= 0)
		close(r->fd);
	free(r->path);
	free(r->hdr_buf);
	free(r->hdr_argv);
	free(r->chunks);
	ZSTD_freeDCtx(r->dctx);
	rn_reader_map_close(r);
	free(r->cbuf);
	rn_reader_chunk_free(&r->one);
	free(r);
}

const rn_header *rn_reader_header(const rn_reader *r)
{
	return &r->hdr;
}

const char *rn_reader_path(const rn_reader *r)
{
	return r->path;
}

void rn_reader_set_read(rn_reader *r, int how)
{
	rn_reader_ahead_stop(r); /* the walk thread reads these */
	const char *all = getenv("RN_READ_ALL");
	int off = all && *all && strcmp(all, "0") != 0;
	r->skim = (how & RN_READ_SKIM) && !off;
	r->prefix = r->skim && (how & RN_READ_PREFIX);
}

void rn_reader_set_threads(rn_reader *r, int n)
{
	rn_reader_ahead_stop(r);
	r->threads = n;
}

void rn_reader_set_warn(rn_reader *r, rn_reader_warn_fn fn, void *ctx)
{
	r->warn = fn;
	r->warn_ctx = ctx;
}

const rn_reader_status *rn_reader_status_get(const rn_reader *r)
{
	return &r->st;
}

void rn_reader_chunk_free(rn_reader_chunk *c)
{
	free(c->dbuf);
	c->dbuf = NULL;
	c->dcap = 0;
	rn_chunk_view_free(&c->view);
	free(c->log);
	c->log = NULL;
	c->loglen = c->logcap = 0;
}

/* Scans forward from 'from' for the next valid chunk marker; returns its
 * offset, or the end of the data when none. */
static uint64_t resync(rn_reader *r, uint64_t from)
{
	uint8_t buf[65536];
	uint64_t off = from;
	while (off + 8 + RN_CHUNK_MARKER_SIZE <= r->end) {
		size_t want = sizeof(buf);
		if (off + want > r->end)
			want = (size_t)(r->end - off);
		if (read_at(r, off, buf, want) < 0)
			break;
		for (size_t i = 0; i + 8 + RN_CHUNK_MARKER_SIZE <= want; i++) {
			rn_chunk_info ci;
			if (rn_le32(buf + i) == RN_MAGIC_CHUNK &&
			    rn_le32(buf + i + 4) == RN_CHUNK_MARKER_SIZE &&
			    parse_marker(buf + i + 8, &ci) == 0)
				return off + i;
		}
		if (want < sizeof(buf))
			break;
		off += want - (8 + RN_CHUNK_MARKER_SIZE);
	}
	return r->end;
}

static void note_truncated(rn_reader *r, uint64_t at, const char *what)
{
	if (r->ws->truncated)
		return;
	r->ws->truncated = 1;
	walk_warnf(r, "file ends inside %s at offset %llu (cut short)", what,
	           (unsigned long long)at);
}

/* Readies r->dctx for a frame; checked: its frame check (4.x, XXH64 of the
 * compressed bytes) matched, so zstd's own checksum of what comes out is not
 * computed (~5 % of a summary's CPU): the same bytes decompress the same. */
static void zstd_start(rn_reader *r, int checked)
{
	ZSTD_DCtx_reset(r->dctx, ZSTD_reset_session_only);
	ZSTD_DCtx_setParameter(r->dctx, ZSTD_d_experimentalParam3,
	                       checked); /* forceIgnoreChecksum */
}

#define PART_READ (64u << 10) /* skimming: compressed bytes read at a time */
#define PART_FEED (4u << 10)  /* skimming: compressed bytes given zstd at a time */

/* RN_READ_SKIM | RN_READ_PREFIX on a 2.x chunk: reads and decompresses it only as far as the view
 * needs (rn_chunk_open_part). zstd is fed a little at a time, so it returns
 * each block as soon as it has it, and the view is tried on each longer
 * prefix; rn's writer ends a block where a skimming reader's needs end
 * (rn_chunk_builder.skim_end), and the rest of the frame, the other columns,
 * the captures and the blob, is never read. The frame's checksum is verified
 * only when the whole frame was needed. 'got': compressed bytes already in
 * r->csrc (4.x: the whole frame, read to check it against its frame
 * check; mapped: all of it). */
static int open_part(rn_reader *r, const rn_chunk_info *ci, size_t got, int checked,
                     const char **why, char *zmsg, size_t zlen)
{
	uint64_t at = ci->offset + 8 + RN_CHUNK_MARKER_SIZE;
	zstd_start(r, checked);
	ZSTD_inBuffer in = {r->csrc, 0, 0};
	ZSTD_outBuffer out = {r->prod->dbuf, ci->usize, 0};
	size_t tried = 0, left = 1;
	while (left) {
		if (in.size == got && got < ci->csize) {
			size_t n = ci->csize - got < PART_READ ? ci->csize - got : PART_READ;
			if (read_at(r, at + got, r->cbuf + got, n) < 0) {
				*why = "read error";
				return -1;
			}
			got += n;
		}
		in.size = got - in.size > PART_FEED ? in.size + PART_FEED : got;
		size_t ip = in.pos, op = out.pos;
		left = ZSTD_decompressStream(r->dctx, &out, &in);
		if (ZSTD_isError(left)) {
			snprintf(zmsg, zlen, "zstd: %s", ZSTD_getErrorName(left));
			*why = zmsg;
			return -1;
		}
		if (out.pos > tried && out.pos < ci->usize) { /* a longer prefix: enough? */
			tried = out.pos;
			int k = rn_chunk_open_part(&r->prod->view, r->prod->dbuf, out.pos,
			                           ci->usize, r->hdr.major, 1, why);
			if (k <= 0)
				return k;
		}
		if (left && in.pos == ip && out.pos == op && in.size == ci->csize)
			break; /* no progress: the frame is cut, or longer than marked */
	}
	if (left || out.pos != ci->usize) {
		*why = "decompressed size differs from the marker";
		return -1;
	}
	return rn_chunk_open_part(&r->prod->view, r->prod->dbuf, out.pos, ci->usize, r->hdr.major,
	                          1, why);
}

/* 4.x: the frame check that follows the chunk's zstd frame (XXH64 of the
 * compressed bytes, docs/format.md §2.6) into *want: 0; 1 when the data
 * ends with the zstd frame or inside the check (the recorder died, or the
 * file was cut: the walk reports it);
 * -1 when something else follows (a damaged check). Without a check the
 * chunk is decompressed whole. */
static int frame_check(rn_reader *r, const rn_chunk_info *ci, uint64_t *want)
{
	uint8_t k[8 + RN_CHECK_SIZE];
	uint64_t at = ci->offset + 8 + RN_CHUNK_MARKER_SIZE + ci->csize;
	if (at >= r->end || r->end - at < sizeof(k))
		return 1; /* cut: reported as such by the walk */
	if (read_at(r, at, k, sizeof(k)) < 0 || rn_le32(k) != RN_MAGIC_CHECK ||
	    rn_le32(k + 4) != RN_CHECK_SIZE || memcmp(k + 8, "RNFC", 4) != 0 ||
	    rn_le32(k + 12) != ci->seq)
		return -1;
	*want = rn_le64(k + 16);
	return 0;
}

/* 1 when the file now ends before the end of ci's frame: it was cut after
 * it was mapped (the map reads zeros in the last page, and SIGBUS past it,
 * where pread comes up short). */
static int cut_since_open(rn_reader *r, const rn_chunk_info *ci)
{
	struct stat sb;
	return fstat(r->fd, &sb) == 0 &&
	       (uint64_t)sb.st_size < ci->offset + 8 + RN_CHUNK_MARKER_SIZE + ci->csize;
}

/* Decompresses and opens the chunk described by ci (marker at ci->offset),
 * skimming (RN_READ_SKIM) when skim, and decompressing only the part that
 * needs when the reader was also asked for RN_READ_PREFIX. 0 on success; -1
 * when the chunk is corrupt (reported). */
static int load_chunk_in(rn_reader *r, const rn_chunk_info *ci, int skim)
{
	const char *why = NULL;
	char zmsg[128];
	uint64_t want = 0;
	int fc = r->hdr.major >= 4 ? frame_check(r, ci, &want) : 1;
	int checked = fc == 0, mismatch = fc < 0; /* mismatch: the check is damaged or
	                                           * does not match */
	/* Only a prefix is needed: read so when the frame is checked, and
	 * (unchecked) in files older than 4.0. */
	int part = skim && r->prefix && r->hdr.major >= 2 && (checked || r->hdr.major < 4);
	/* The frame from the map when it lies inside it (always, as the walk
	 * bounds chunks by the size at open: checked anyway), else pread. */
	uint64_t at = ci->offset + 8 + RN_CHUNK_MARKER_SIZE;
	const uint8_t *map =
	    r->map && at <= r->map_len && ci->csize <= r->map_len - at ? r->map : NULL;
	if (ci->usize > RN_CHUNK_MAX || ci->usize < 12 ||
	    ci->csize > ZSTD_compressBound(RN_CHUNK_MAX)) {
		why = "implausible chunk size";
	} else if ((!map && grow(&r->cbuf, &r->ccap, ci->csize ? ci->csize : 1) < 0) ||
	           grow(&r->prod->dbuf, &r->prod->dcap, ci->usize) < 0) {
		why = "out of memory";
	} else if (!map && read_at(r, at, r->cbuf, part && !checked ? 0 : ci->csize) < 0) {
		why = "read error";
	} else if ((r->csrc = map ? map + at : r->cbuf),
	           (mismatch |= checked && rn_xxh64(r->csrc, ci->csize, 0) != want),
	           part && !mismatch) {
		/* Without a frame check (before 4.0), only the prefix is read: the
		 * rest goes unchecked. */
		if (open_part(r, ci, checked || map ? ci->csize : 0, checked, &why, zmsg,
		              sizeof(zmsg)) == 0)
			goto opened;
	} else {
		zstd_start(r, checked && !mismatch);
		size_t got =
		    ZSTD_decompressDCtx(r->dctx, r->prod->dbuf, ci->usize, r->csrc, ci->csize);
		if (ZSTD_isError(got)) {
			snprintf(zmsg, sizeof(zmsg), "zstd: %s", ZSTD_getErrorName(got));
			why = zmsg;
		} else if (got != ci->usize) {
			why = "decompressed size differs from the marker";
		} else if (rn_chunk_open_part(&r->prod->view, r->prod->dbuf, got, got, r->hdr.major,
		                              skim, &why) == 0) {
			if (mismatch) { /* the frame is whole (zstd's own checksum): the
				         * frame check is what was damaged */
				r->ws->checks_bad++;
				walk_warnf(r,
				           "chunk %u at offset %llu: its frame check is %s; the "
				           "chunk itself is whole and was read",
				           ci->seq, (unsigned long long)ci->offset,
				           checked ? "corrupt" : "missing or damaged");
			}
			goto opened;
		}
	}
	if (map && cut_since_open(r, ci))
		why = "read error"; /* what pread would have found */
	r->ws->chunks_bad++;
	walk_warnf(r, "chunk %u at offset %llu is corrupt (%s); skipped", ci->seq,
	           (unsigned long long)ci->offset, why);
	return -1;
opened:
	r->prod->have_view = 1;
	r->prod->seq = ci->seq;
	r->prod->off = ci->offset;
	return 0;
}

typedef struct load_arg {
	const rn_chunk_info *ci;
	int skim;
} load_arg;

static int load_cb(rn_reader *r, const void *arg)
{
	const load_arg *a = arg;
	return load_chunk_in(r, a->ci, a->skim);
}

/* load_chunk_in, reading the frame from the map when there is one: a file
 * cut since it was mapped is a read error there too, as with pread, never a
 * SIGBUS. */
static int load_chunk(rn_reader *r, const rn_chunk_info *ci, int skim)
{
	load_arg a = {ci, skim};
	int rc = rn_reader_map_run(r, load_cb, &a);
	if (rc != RN_READER_MAP_BUS)
		return rc;
	r->ws->chunks_bad++;
	walk_warnf(r, "chunk %u at offset %llu is corrupt (%s); skipped", ci->seq,
	           (unsigned long long)ci->offset, "read error");
	return -1;
}

int rn_reader_load(rn_reader *r, const rn_chunk_info *ci)
{
	if (load_chunk(r, ci, r->skim) < 0)
		return -1;
	r->ws->chunks_ok++;
	r->ws->good_end = ci->offset + 8 + RN_CHUNK_MARKER_SIZE + ci->csize;
	return 0;
}

/* Advances to the next readable chunk: 1, or 0 at the end of the data. */
int rn_reader_walk(rn_reader *r)
{
	r->prod->have_view = 0;
	r->prod->deferred = 0;
	while (r->pos < r->end) {
		uint64_t at = r->pos;
		uint8_t h[8 + RN_CHUNK_MARKER_SIZE];
		if (r->end - at < 8) {
			note_truncated(r, at, "a frame header");
			return 0;
		}
		if (read_at(r, at, h, 8) < 0)
			return 0;
		uint32_t magic = rn_le32(h), size = rn_le32(h + 4);
		if (magic == RN_MAGIC_CHUNK && size == RN_CHUNK_MARKER_SIZE) {
			rn_chunk_info ci;
			if (r->end - at < sizeof(h)) {
				note_truncated(r, at, "a chunk marker");
				return 0;
			}
			if (read_at(r, at + 8, h + 8, RN_CHUNK_MARKER_SIZE) < 0 ||
			    parse_marker(h + 8, &ci) < 0)
				goto garbage;
			ci.offset = at;
			uint64_t next = at + sizeof(h) + ci.csize;
			/* A chunk reaching past the end: the file was cut inside it,
			 * unless whole chunks follow (then the marker lies). */
			if (next > r->end && resync(r, at + 1) < r->end)
				goto garbage;
			if (next > r->end) {
				char what[64];
				snprintf(what, sizeof(what), "chunk %u", ci.seq);
				if (!r->ws->truncated)
					r->ws->cut_events = ci.nevents;
				note_truncated(r, at, what);
				return 0;
			}
			r->pos = next;
			if (r->ahead && rn_reader_ahead_defer(r)) {
				r->prod->deferred = 1;
				r->prod->ci = ci;
				return 1;
			}
			if (rn_reader_load(r, &ci) == 0)
				return 1;
			continue;
		}
		if ((magic & 0xFFFFFFF0u) == 0x184D2A50u) {
			/* Index, trailer, or a skippable frame of a newer writer. */
			if ((uint64_t)size > r->end - at - 8) {
				note_truncated(r, at, "a skippable frame");
				return 0;
			}
			r->pos = at + 8 + size;
			continue;
		}
	garbage : {
		uint64_t next = resync(r, at + 1);
		r->ws->bytes_skipped += next - at;
		walk_warnf(r, "%llu bytes of unreadable data at offset %llu skipped",
		           (unsigned long long)(next - at), (unsigned long long)at);
		r->ws->chunks_bad++;
		r->pos = next;
	}
	}
	return 0;
}

int rn_reader_next(rn_reader *r, rn_event *ev)
{
	for (;;) {
		rn_reader_chunk *c = r->cur;
		if (c && c->have_view) {
			const char *why = NULL;
			int k = rn_chunk_next(&c->view, ev, &why);
			if (k == 1) {
				r->st.events++;
				return 1;
			}
			r->st.unknown_events += c->view.unknown;
			if (k < 0) {
				r->st.chunks_bad++;
				r->mid_bad++;
				warnf(r,
				      "chunk %u at offset %llu is corrupt (%s); rest of it skipped",
				      c->seq, (unsigned long long)c->off, why);
			}
			c->have_view = 0;
		}
		if (!r->ahead && r->threads > 1 && rn_reader_ahead_start(r) < 0)
			r->threads = 1; /* no thread to be had: walk here */
		if (!(r->ahead ? rn_reader_ahead_next(r) : rn_reader_walk(r)))
			return 0;
	}
}

const char *rn_reader_damage(rn_reader *r)
{
	const rn_reader_status *s = &r->st;
	if (s->has_trailer && !s->chunks_bad && !s->truncated && !s->checks_bad)
		return NULL;
	const char *why = s->truncated      ? "the file was cut short"
	                  : r->index_bad    ? "the index is corrupt (chunks found by scanning)"
	                  : !s->has_trailer ? "the file has no index (the recorder did not finish)"
	                                    : "the file has corrupt parts";
	snprintf(r->damage, sizeof(r->damage),
	         "recovered %u chunks (%llu events); %u corrupt skipped; %s", s->chunks_ok,
	         (unsigned long long)s->events, s->chunks_bad, why);
	return r->damage;
}

/* Lists chunks by walking the markers (no decompression). */
static int scan_chunks(rn_reader *r)
{
	uint64_t pos = r->data_start;
	size_t cap = 0;
	while (pos + 8 <= r->end) {
		uint8_t h[8 + RN_CHUNK_MARKER_SIZE];
		if (read_at(r, pos, h, 8) < 0)
			break;
		uint32_t magic = rn_le32(h), size = rn_le32(h + 4);
		rn_chunk_info ci;
		if (magic == RN_MAGIC_CHUNK && size == RN_CHUNK_MARKER_SIZE &&
		    pos + sizeof(h) <= r->end && read_at(r, pos + 8, h + 8, size) == 0 &&
		    parse_marker(h + 8, &ci) == 0) {
			ci.offset = pos;
			if (pos + sizeof(h) + ci.csize > r->end)
				break;
			if (r->nchunks == cap) {
				rn_chunk_info *c =
				    rn_grow_array(r->chunks, &cap, r->nchunks + 1, sizeof(*c), 64);
				if (!c)
					return -1;
				r->chunks = c;
			}
			r->chunks[r->nchunks++] = ci;
			pos += sizeof(h) + ci.csize;
		} else if ((magic & 0xFFFFFFF0u) == 0x184D2A50u && magic != RN_MAGIC_CHUNK &&
		           (uint64_t)size <= r->end - pos - 8) {
			pos += 8 + (uint64_t)size;
		} else {
			pos = resync(r, pos + 1);
		}
	}
	r->chunks_known = 1;
	return 0;
}

int rn_reader_chunks(rn_reader *r, const rn_chunk_info **list, uint32_t *n)
{
	if (!r->chunks_known && scan_chunks(r) < 0)
		return -1;
	*list = r->chunks;
	*n = r->nchunks;
	return 0;
}

int rn_reader_seek_time(rn_reader *r, uint64_t t)
{
	const rn_chunk_info *c;
	uint32_t n;
	rn_reader_ahead_stop(r);
	if (rn_reader_chunks(r, &c, &n) < 0)
		return -1;
	r->one.have_view = 0;
	for (uint32_t i = 0; i < n; i++)
		if (c[i].last_ns >= t) {
			r->pos = c[i].offset;
			return 0;
		}
	r->pos = r->end;
	return 0;
}

int rn_reader_chunk_raw(rn_reader *r, uint32_t i, const uint8_t **buf, size_t *len, char *err,
                        size_t errlen)
{
	const rn_chunk_info *c;
	uint32_t n;
	rn_reader_ahead_stop(r);
	if (rn_reader_chunks(r, &c, &n) < 0 || i >= n) {
		errf(err, errlen, r->path, "no such chunk");
		return -1;
	}
	rn_reader_warn_fn w = r->warn;
	uint32_t bad = r->st.chunks_bad;
	r->warn = NULL;
	int rc = load_chunk(r, &c[i], 0);
	r->warn = w;
	r->st.chunks_bad = bad;
	r->one.have_view = 0;
	if (rc < 0) {
		errf(err, errlen, r->path, "corrupt chunk");
		return -1;
	}
	*buf = r->one.dbuf;
	*len = c[i].usize;
	return 0;
}
