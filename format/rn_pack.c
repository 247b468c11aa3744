/* rn_pack.c: reading and appending pack frames (ELF and debug files carried
 * inside a trace, see rn_pack.h for the layout). Appending copies the trace
 * into a temporary file byte for byte up to its index, adds the frames, then
 * the unchanged index and a trailer pointing at its new offset, and renames
 * the copy over the original. */
#include "rn_pack.h"
#include "rn_grow.h"
#include "rn_header_codec.h"
#include "rn_trace.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zstd.h>

#define PACK_FIXED 32 /* payload bytes before the build-id */

static int pread_all(int fd, void *buf, size_t n, uint64_t off)
{
	size_t got = 0;
	while (got < n) {
		ssize_t k = pread(fd, (char *)buf + got, n - got, (off_t)(off + got));
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		got += (size_t)k;
	}
	return 0;
}

static int write_all(int fd, const void *buf, size_t n)
{
	size_t done = 0;
	while (done < n) {
		ssize_t k = write(fd, (const char *)buf + done, n - done);
		if (k < 0 && errno == EINTR)
			continue;
		if (k == 0)
			errno = ENOSPC;
		if (k <= 0)
			return -1;
		done += (size_t)k;
	}
	return 0;
}

void rn_pack_list_free(rn_pack_entry *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(list[i].path);
	free(list);
}

/* Parses the fixed part of a pack payload at off (payload size psize). */
static int parse_entry(int fd, uint64_t off, uint32_t psize, rn_pack_entry *e)
{
	uint8_t h[PACK_FIXED];
	if (psize < PACK_FIXED + 4 || pread_all(fd, h, sizeof(h), off) < 0 ||
	    memcmp(h, "RNPK", 4) != 0 || rn_le16(h + 4) != RN_PACK_VERSION)
		return -1;
	memset(e, 0, sizeof(*e));
	e->kind = rn_le16(h + 6);
	e->build_id_len = rn_le32(h + 8);
	uint32_t plen = rn_le32(h + 12);
	e->data_len = rn_le64(h + 16);
	e->comp_len = rn_le64(h + 24);
	if (e->build_id_len > RN_PACK_MAX_BUILDID || plen > 4096 ||
	    (uint64_t)PACK_FIXED + e->build_id_len + plen + e->comp_len + 4 != psize)
		return -1;
	e->path = malloc(plen + 1);
	if (!e->path || pread_all(fd, e->build_id, e->build_id_len, off + PACK_FIXED) < 0 ||
	    pread_all(fd, e->path, plen, off + PACK_FIXED + e->build_id_len) < 0) {
		free(e->path);
		e->path = NULL;
		return -1;
	}
	e->path[plen] = 0;
	e->data_off = off + PACK_FIXED + e->build_id_len + plen;
	return 0;
}

int rn_pack_list(const char *trace, rn_pack_entry **list, size_t *n, char *err, size_t errlen)
{
	*list = NULL;
	*n = 0;
	int fd = open(trace, O_RDONLY | O_CLOEXEC);
	struct stat sb;
	if (fd < 0 || fstat(fd, &sb) < 0) {
		snprintf(err, errlen, "%s: %s", trace, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	uint64_t size = (uint64_t)sb.st_size, pos = 0;
	size_t cap = 0;
	uint8_t h[8 + RN_CHUNK_MARKER_SIZE];
	while (pos + 8 <= size && pread_all(fd, h, 8, pos) == 0) {
		uint32_t magic = rn_le32(h), fsz = rn_le32(h + 4);
		uint64_t next = pos + 8 + fsz;
		if ((magic & 0xFFFFFFF0u) != 0x184D2A50u || next > size)
			break;
		if (magic == RN_MAGIC_CHUNK) {
			if (fsz != RN_CHUNK_MARKER_SIZE || pread_all(fd, h + 8, fsz, pos + 8) < 0)
				break;
			next += rn_le32(h + 16); /* the compressed chunk after the marker */
		} else if (magic == RN_MAGIC_PACK) {
			rn_pack_entry e;
			if (parse_entry(fd, pos + 8, fsz, &e) == 0) {
				if (*n == cap) {
					rn_pack_entry *p =
					    rn_grow_array(*list, &cap, *n + 1, sizeof(*p), 8);
					if (!p) {
						free(e.path);
						break;
					}
					*list = p;
				}
				(*list)[(*n)++] = e;
			}
		}
		pos = next;
	}
	close(fd);
	return 0;
}

int rn_pack_read(const char *trace, const rn_pack_entry *e, uint8_t **data, size_t *len, char *err,
                 size_t errlen)
{
	*data = NULL;
	if (e->data_len > RN_PACK_MAX_FILE || e->comp_len > RN_PACK_MAX_FILE) {
		snprintf(err, errlen, "%s: packed file too large", trace);
		return -1;
	}
	int fd = open(trace, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", trace, strerror(errno));
		return -1;
	}
	uint64_t head = PACK_FIXED + e->build_id_len + strlen(e->path);
	uint64_t poff = e->data_off - head, psize = head + e->comp_len + 4;
	uint8_t *pay = malloc(psize);
	uint8_t *out = malloc(e->data_len ? e->data_len : 1);
	const char *why = NULL;
	if (!pay || !out)
		why = "out of memory";
	else if (pread_all(fd, pay, psize, poff) < 0)
		why = "cut short";
	else if (rn_le32(pay + psize - 4) != rn_fnv1a(pay, psize - 4))
		why = "corrupt (check word)";
	else {
		size_t got = ZSTD_decompress(out, e->data_len, pay + head, e->comp_len);
		if (ZSTD_isError(got) || got != e->data_len)
			why = "corrupt (zstd)";
	}
	close(fd);
	free(pay);
	if (why) {
		snprintf(err, errlen, "%s: packed %s: %s", trace, e->path, why);
		free(out);
		return -1;
	}
	*data = out;
	*len = e->data_len;
	return 0;
}

/* Builds one pack frame (skippable header included) in a malloc'd buffer. */
static uint8_t *build_frame(const rn_pack_file *f, size_t *flen)
{
	if (f->build_id_len > RN_PACK_MAX_BUILDID)
		return NULL;
	size_t plen = strlen(f->path);
	size_t bound = ZSTD_compressBound(f->len);
	size_t head = 8 + PACK_FIXED + f->build_id_len + plen;
	uint8_t *p = malloc(head + bound + 4);
	if (!p)
		return NULL;
	size_t cs = ZSTD_compress(p + head, bound, f->data, f->len, 9);
	if (ZSTD_isError(cs) || head - 8 + cs + 4 > UINT32_MAX) {
		free(p);
		return NULL;
	}
	size_t psize = head - 8 + cs + 4;
	rn_put32(p, RN_MAGIC_PACK);
	rn_put32(p + 4, (uint32_t)psize);
	memcpy(p + 8, "RNPK", 4);
	rn_put16(p + 12, RN_PACK_VERSION);
	rn_put16(p + 14, f->kind);
	rn_put32(p + 16, f->build_id_len);
	rn_put32(p + 20, (uint32_t)plen);
	rn_put64(p + 24, f->len);
	rn_put64(p + 32, cs);
	memcpy(p + 8 + PACK_FIXED, f->build_id, f->build_id_len);
	memcpy(p + 8 + PACK_FIXED + f->build_id_len, f->path, plen);
	rn_put32(p + 8 + psize - 4, rn_fnv1a(p + 8, psize - 4));
	*flen = 8 + psize;
	return p;
}

/* Copies len bytes at off from in to out. */
static int copy_range(int in, int out, uint64_t off, uint64_t len)
{
	uint8_t buf[1 << 16];
	while (len) {
		size_t n = len < sizeof(buf) ? (size_t)len : sizeof(buf);
		if (pread_all(in, buf, n, off) < 0 || write_all(out, buf, n) < 0)
			return -1;
		off += n;
		len -= n;
	}
	return 0;
}

/* Reads the trailer; returns the index offset, or 0 when there is none. */
static uint64_t trailer_index(int fd, uint64_t size, uint8_t t[8 + RN_TRAILER_SIZE])
{
	if (size < 8 + RN_TRAILER_SIZE || pread_all(fd, t, 8 + RN_TRAILER_SIZE, size - 40) < 0 ||
	    rn_le32(t) != RN_MAGIC_TRAILER || memcmp(t + 8, "RNTL", 4) != 0 ||
	    rn_le32(t + 36) != rn_fnv1a(t + 8, RN_TRAILER_SIZE - 4))
		return 0;
	uint64_t ioff = rn_le64(t + 16);
	return ioff < size - 40 ? ioff : 0;
}

static int pack_into(int in, int out, uint64_t size, const rn_pack_file *files, size_t n,
                     const char **why)
{
	uint8_t t[8 + RN_TRAILER_SIZE];
	uint64_t ioff = trailer_index(in, size, t);
	if (!ioff) {
		*why = "has no index (an unfinished recording); cannot pack";
		return -1;
	}
	*why = NULL; /* a write failed: the reason is errno */
	if (copy_range(in, out, 0, ioff) < 0)
		return -1;
	uint64_t added = 0;
	for (size_t i = 0; i < n; i++) {
		size_t flen;
		uint8_t *fr = build_frame(&files[i], &flen);
		if (!fr) {
			*why = "cannot compress a file to pack";
			return -1;
		}
		int rc = write_all(out, fr, flen);
		free(fr);
		if (rc < 0)
			return -1;
		added += flen;
	}
	if (copy_range(in, out, ioff, size - 40 - ioff) < 0)
		return -1;
	rn_put64(t + 16, ioff + added);
	rn_put32(t + 36, rn_fnv1a(t + 8, RN_TRAILER_SIZE - 4));
	if (write_all(out, t, sizeof(t)) < 0 || fsync(out) < 0)
		return -1;
	return 0;
}

int rn_pack_write(const char *trace, const rn_pack_file *files, size_t n, char *err, size_t errlen)
{
	int in = open(trace, O_RDONLY | O_CLOEXEC);
	struct stat sb;
	if (in < 0 || fstat(in, &sb) < 0) {
		snprintf(err, errlen, "%s: %s", trace, strerror(errno));
		if (in >= 0)
			close(in);
		return -1;
	}
	size_t tl = strlen(trace);
	char *tmp = malloc(tl + 16);
	if (!tmp) {
		close(in);
		snprintf(err, errlen, "%s: out of memory", trace);
		return -1;
	}
	snprintf(tmp, tl + 16, "%s.packXXXXXX", trace);
	int out = mkostemp(tmp, O_CLOEXEC);
	if (out < 0) {
		snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
		free(tmp);
		close(in);
		return -1;
	}
	const char *why = NULL;
	char werr[128];
	int rc = pack_into(in, out, (uint64_t)sb.st_size, files, n, &why);
	if (rc < 0 && !why)
		snprintf(werr, sizeof(werr), "write failed: %s", strerror(errno)), why = werr;
	if (rc == 0 && fchmod(out, sb.st_mode & 07777) < 0)
		rc = -1, why = "cannot set the file mode";
	if (close(out) < 0 && rc == 0)
		snprintf(werr, sizeof(werr), "write failed: %s", strerror(errno)), rc = -1,
		                                                                   why = werr;
	if (rc == 0 && rename(tmp, trace) < 0)
		rc = -1, why = strerror(errno);
	if (rc < 0) {
		unlink(tmp);
		snprintf(err, errlen, "%s: %s", trace, why);
	}
	free(tmp);
	close(in);
	return rc;
}
