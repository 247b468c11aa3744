/* rn_writer.c: appends a trace file: header frame, one marker + zstd frame per
 * chunk (written with one write so a crash leaves whole chunks), and at close
 * the index and trailer. On a write error the file is cut back to its last
 * whole chunk so it stays readable. */
#include "rn_grow.h"
#include "rn_header_codec.h"
#include "rn_trace.h"
#include "rn_xxh64.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>
#define ZSTD_STATIC_LINKING_ONLY /* ZSTD_c_stableInBuffer, ZSTD_c_stableOutBuffer */
#include <zstd.h>
#include <zstd_errors.h>

struct rn_writer {
	int fd;
	uint64_t off;
	ZSTD_CCtx *cctx;
	uint8_t *cbuf;
	size_t ccap;
	rn_chunk_info *idx;
	uint32_t nidx;
	size_t cidx;
	uint64_t events;
	int major;          /* format major version written */
	uint32_t clock_res; /* 3.x: times are written as multiples of it (ns) */
	int failed;
	rn_fbb hdr;
};

static void seterr(char *err, size_t n, const char *fmt, const char *what)
{
	if (err && n)
		snprintf(err, n, fmt, what);
}

/* Writes all iov bytes at the writer's offset; 0 or -1 with errno. */
static int write_all(rn_writer *w, struct iovec *iov, int n)
{
	while (n > 0) {
		ssize_t k = writev(w->fd, iov, n);
		if (k < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (k == 0) {
			errno = EIO;
			return -1;
		}
		w->off += (uint64_t)k;
		while (n > 0 && (size_t)k >= iov->iov_len) {
			k -= (ssize_t)iov->iov_len;
			iov++;
			n--;
		}
		if (n > 0) {
			iov->iov_base = (char *)iov->iov_base + k;
			iov->iov_len -= (size_t)k;
		}
	}
	return 0;
}

/* Skippable frame header: magic and payload size, little-endian. */
static void frame_head(uint8_t h[8], uint32_t magic, uint32_t size)
{
	rn_put32(h, magic);
	rn_put32(h + 4, size);
}

/* Writes or fails, rolling the file back to 'good' on failure. */
static int append(rn_writer *w, struct iovec *iov, int n, char *err, size_t errlen)
{
	uint64_t good = w->off;
	if (write_all(w, iov, n) == 0)
		return 0;
	int e = errno;
	if (ftruncate(w->fd, (off_t)good) == 0)
		lseek(w->fd, (off_t)good, SEEK_SET);
	w->off = good;
	w->failed = e ? e : EIO;
	seterr(err, errlen, "write failed: %s", strerror(w->failed));
	return -1;
}

/* The compression parameters, set once: the level, and at the default level
 * 3 the match finder's tables chosen by measurement on real chunks
 * (docs/benchmarks/format.md, "zstd parameters"): level 3's double-fast
 * search with a 2^12-entry chain table instead of 2^16 and matches from 4
 * bytes instead of 5: 0.4-1.5 % smaller chunks, compressed 3-20 % faster
 * (the smaller table stays in cache). Invisible to readers. The chunk stays
 * where it is while it is compressed (ZSTD_c_stableInBuffer), and the frame
 * goes straight into cbuf (ZSTD_c_stableOutBuffer): zstd copies neither. */
static void set_params(ZSTD_CCtx *c, int level)
{
	ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, level);
	if (level == 3) {
		ZSTD_CCtx_setParameter(c, ZSTD_c_strategy, ZSTD_dfast);
		ZSTD_CCtx_setParameter(c, ZSTD_c_hashLog, 17);
		ZSTD_CCtx_setParameter(c, ZSTD_c_chainLog, 12);
		ZSTD_CCtx_setParameter(c, ZSTD_c_minMatch, 4);
	}
	ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, 1);
	ZSTD_CCtx_setParameter(c, ZSTD_c_contentSizeFlag, 1);
	ZSTD_CCtx_setParameter(c, ZSTD_c_stableInBuffer, 1);
	ZSTD_CCtx_setParameter(c, ZSTD_c_stableOutBuffer, 1);
}

rn_writer *rn_writer_open_fd(int fd, const rn_header *h, const rn_writer_opts *o, char *err,
                             size_t errlen)
{
	rn_writer *w = calloc(1, sizeof(*w));
	if (!w) {
		close(fd);
		seterr(err, errlen, "%s", "out of memory");
		return NULL;
	}
	w->fd = fd;
	w->cctx = ZSTD_createCCtx();
	int level = o && o->level ? o->level : 3;
	w->major = h->major ? h->major : RN_FORMAT_MAJOR;
	w->clock_res = w->major >= 3 && h->clock_res_ns ? h->clock_res_ns : 1;
	rn_fbb_init(&w->hdr);
	if (w->major < RN_CHUNK_MAJOR_MIN || w->major > RN_CHUNK_MAJOR) {
		if (err && errlen)
			snprintf(err, errlen, "cannot write format version %d (writes 1 to 3)",
			         w->major);
		rn_writer_abandon(w);
		return NULL;
	}
	if (!w->cctx || rn_header_encode(h, &w->hdr) < 0) {
		seterr(err, errlen, "%s", "out of memory");
		rn_writer_abandon(w);
		return NULL;
	}
	set_params(w->cctx, level);
	uint8_t head[16];
	frame_head(head, RN_MAGIC_HEADER, (uint32_t)(8 + w->hdr.len));
	memcpy(head + 8, "RNTR", 4);
	rn_put16(head + 12, (uint16_t)w->major);
	rn_put16(head + 14, 0);
	struct iovec iov[2] = {{head, 16}, {w->hdr.p, w->hdr.len}};
	if (append(w, iov, 2, err, errlen) < 0) {
		rn_writer_abandon(w);
		return NULL;
	}
	return w;
}

rn_writer *rn_writer_open(const char *path, const rn_header *h, const rn_writer_opts *o, char *err,
                          size_t errlen)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		if (err && errlen)
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	rn_writer *w = rn_writer_open_fd(fd, h, o, err, errlen);
	if (!w) {
		unlink(path);
		if (err && errlen) { /* the header could not be written: name the file */
			char why[256];
			snprintf(why, sizeof(why), "%s", err);
			snprintf(err, errlen, "%s: %s", path, why);
		}
	}
	return w;
}

static int index_add(rn_writer *w, const rn_chunk_info *ci)
{
	if (w->nidx == w->cidx) {
		rn_chunk_info *p =
		    rn_grow_array(w->idx, &w->cidx, (size_t)w->nidx + 1, sizeof(*p), 256);
		if (!p)
			return -1;
		w->idx = p;
	}
	w->idx[w->nidx++] = *ci;
	return 0;
}

/* Compresses the chunk fb[0, len) into w->cbuf as one zstd frame. With
 * 0 < split < len, a zstd block ends at split: a skimming reader, which needs
 * only fb[0, split) (RN_READ_SKIM), decompresses no further. Returns the
 * frame's size, or a zstd error code. */
static size_t compress_chunk(rn_writer *w, const uint8_t *fb, size_t len, size_t split)
{
	if (!split || split >= len)
		return ZSTD_compress2(w->cctx, w->cbuf, w->ccap, fb, len);
	ZSTD_CCtx_reset(w->cctx, ZSTD_reset_session_only);
	size_t r = ZSTD_CCtx_setPledgedSrcSize(w->cctx, len);
	ZSTD_outBuffer out = {w->cbuf, w->ccap, 0};
	ZSTD_inBuffer in = {fb, split, 0};
	for (int part = 0; part < 2 && !ZSTD_isError(r); part++) {
		ZSTD_EndDirective how = part ? ZSTD_e_end : ZSTD_e_flush;
		if (part) /* the same buffer, grown (ZSTD_c_stableInBuffer) */
			in.size = len;
		do {
			size_t at = out.pos;
			r = ZSTD_compressStream2(w->cctx, &out, &in, how);
			if (!ZSTD_isError(r) && r && out.pos == at && out.pos == out.size)
				return (size_t)-ZSTD_error_dstSize_tooSmall;
		} while (!ZSTD_isError(r) && r);
	}
	return ZSTD_isError(r) ? r : out.pos;
}

int rn_writer_write_chunk(rn_writer *w, rn_chunk_builder *b, char *err, size_t errlen)
{
	if (w->failed) {
		seterr(err, errlen, "write failed earlier: %s", strerror(w->failed));
		return -1;
	}
	if (rn_chunk_events(b) == 0)
		return 0;
	const uint8_t *fb;
	size_t len;
	b->clock_res = w->clock_res;
	if (b->oom || rn_chunk_encode_major(b, w->nidx, w->major, &fb, &len) < 0) {
		seterr(err, errlen, "%s", "out of memory encoding a chunk");
		return -1;
	}
	if (len > RN_CHUNK_MAX) {
		if (err && errlen)
			snprintf(err, errlen,
			         "chunk of %zu bytes exceeds the %u-byte limit; flush sooner", len,
			         RN_CHUNK_MAX);
		return -1;
	}
	size_t bound = ZSTD_compressBound(len) + 64; /* + the split's block header */
	if (bound > w->ccap) {
		uint8_t *p = realloc(w->cbuf, bound);
		if (!p) {
			seterr(err, errlen, "%s", "out of memory compressing a chunk");
			return -1;
		}
		w->cbuf = p;
		w->ccap = bound;
	}
	size_t cs = compress_chunk(w, fb, len, b->skim_end);
	if (ZSTD_isError(cs)) {
		seterr(err, errlen, "zstd: %s", ZSTD_getErrorName(cs));
		return -1;
	}
	/* The events' times were rounded down to the clock's resolution: so are
	 * first_ns and last_ns, except that function events keep their ns (the
	 * times as stored: the same after a conversion to 1.0 and back). */
	uint64_t last = b->last_other_ns - b->last_other_ns % w->clock_res;
	if (b->last_func_ns > last)
		last = b->last_func_ns;
	rn_chunk_info ci = {
	    w->off, (uint32_t)cs,       (uint32_t)len, b->first_ns - b->first_ns % w->clock_res,
	    last,   rn_chunk_events(b), w->nidx};
	uint8_t m[8 + RN_CHUNK_MARKER_SIZE];
	frame_head(m, RN_MAGIC_CHUNK, RN_CHUNK_MARKER_SIZE);
	memcpy(m + 8, "RNCK", 4);
	rn_put32(m + 12, ci.seq);
	rn_put32(m + 16, ci.csize);
	rn_put32(m + 20, ci.usize);
	rn_put64(m + 24, ci.first_ns);
	rn_put64(m + 32, ci.last_ns);
	rn_put32(m + 40, ci.nevents);
	rn_put32(m + 44, rn_fnv1a(m + 8, RN_CHUNK_MARKER_SIZE - 4));
	/* 4.x: the frame check, so that a reader can tell the compressed frame
	 * is whole without decompressing all of it. */
	uint8_t k[8 + RN_CHECK_SIZE];
	frame_head(k, RN_MAGIC_CHECK, RN_CHECK_SIZE);
	memcpy(k + 8, "RNFC", 4);
	rn_put32(k + 12, ci.seq);
	rn_put64(k + 16, rn_xxh64(w->cbuf, cs, 0));
	struct iovec iov[3] = {{m, sizeof(m)}, {w->cbuf, cs}, {k, sizeof(k)}};
	if (append(w, iov, w->major >= 4 ? 3 : 2, err, errlen) < 0)
		return -1;
	if (index_add(w, &ci) < 0) {
		seterr(err, errlen, "%s", "out of memory growing the index");
		return -1;
	}
	w->events += ci.nevents;
	rn_chunk_reset(b);
	return 0;
}

int rn_writer_close(rn_writer *w, char *err, size_t errlen)
{
	int rc = 0;
	if (w->failed) {
		seterr(err, errlen, "write failed earlier: %s", strerror(w->failed));
		rc = -1;
	} else {
		size_t n = 8 + (size_t)w->nidx * RN_INDEX_ENTRY_SIZE + 4;
		uint8_t *p = malloc(8 + n);
		if (!p) {
			seterr(err, errlen, "%s", "out of memory writing the index");
			rc = -1;
		} else {
			uint64_t index_off = w->off;
			frame_head(p, RN_MAGIC_INDEX, (uint32_t)n);
			memcpy(p + 8, "RNIX", 4);
			rn_put32(p + 12, w->nidx);
			for (uint32_t i = 0; i < w->nidx; i++) {
				uint8_t *e = p + 16 + (size_t)i * RN_INDEX_ENTRY_SIZE;
				const rn_chunk_info *c = &w->idx[i];
				rn_put64(e, c->offset);
				rn_put32(e + 8, c->csize);
				rn_put32(e + 12, c->usize);
				rn_put64(e + 16, c->first_ns);
				rn_put64(e + 24, c->last_ns);
				rn_put32(e + 32, c->nevents);
				rn_put32(e + 36, c->seq);
			}
			rn_put32(p + 8 + n - 4, rn_fnv1a(p + 8, n - 4));
			uint8_t t[8 + RN_TRAILER_SIZE];
			frame_head(t, RN_MAGIC_TRAILER, RN_TRAILER_SIZE);
			memcpy(t + 8, "RNTL", 4);
			rn_put32(t + 12, w->nidx);
			rn_put64(t + 16, index_off);
			rn_put64(t + 24, w->events);
			rn_put32(t + 32, 0);
			rn_put32(t + 36, rn_fnv1a(t + 8, RN_TRAILER_SIZE - 4));
			struct iovec iov[2] = {{p, 8 + n}, {t, sizeof(t)}};
			rc = append(w, iov, 2, err, errlen);
			free(p);
		}
	}
	if (close(w->fd) < 0 && rc == 0) {
		seterr(err, errlen, "close failed: %s", strerror(errno));
		rc = -1;
	}
	w->fd = -1;
	rn_writer_abandon(w);
	return rc;
}

void rn_writer_abandon(rn_writer *w)
{
	if (!w)
		return;
	if (w->fd >= 0)
		close(w->fd);
	ZSTD_freeCCtx(w->cctx);
	free(w->cbuf);
	free(w->idx);
	rn_fbb_free(&w->hdr);
	free(w);
}

uint64_t rn_writer_bytes(const rn_writer *w)
{
	return w->off;
}

uint64_t rn_writer_events(const rn_writer *w)
{
	return w->events;
}

uint32_t rn_writer_chunks(const rn_writer *w)
{
	return w->nidx;
}
