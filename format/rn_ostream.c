/* rn_ostream.c: output streams that keep the first write error (see
 * rn_ostream.h). A stream is a stdio FILE over a cookie that owns the file
 * descriptor: the cookie's write loops over short writes and records errno
 * the first time write(2) fails, so the reason printed at close is the real
 * one (ENOSPC, EIO, EFBIG...) whatever stdio did in between. A regular file
 * the stream created is removed when a write to it failed: no short file is
 * left behind looking complete. */
#include "rn_ostream.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct ostream {
	struct ostream *next;
	FILE *f;
	int fd;
	int own; /* close fd at the end (not standard output) */
	int reg; /* own and a regular file: removed when a write failed */
	int err; /* first errno of a failed write or close; 0 while all is well */
	char name[];
} ostream;

static ostream *streams; /* the open ones: a tool has one or two */

static ostream *find(FILE *f, ostream ***link)
{
	for (ostream **p = &streams; *p; p = &(*p)->next)
		if ((*p)->f == f) {
			if (link)
				*link = p;
			return *p;
		}
	return NULL;
}

static ssize_t ck_write(void *cookie, const char *buf, size_t n)
{
	ostream *s = cookie;
	size_t off = 0;
	while (!s->err && off < n) {
		ssize_t k = write(s->fd, buf + off, n - off);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			s->err = k < 0 ? errno : ENOSPC;
		else
			off += (size_t)k;
	}
	if (s->err) {
		errno = s->err;
		return -1; /* stdio marks the stream in error */
	}
	return (ssize_t)n;
}

static int ck_close(void *cookie)
{
	ostream *s = cookie;
	if (s->own && close(s->fd) < 0 && !s->err)
		s->err = errno;
	return s->err ? -1 : 0;
}

FILE *rn_ostream_open(const char *path, const char *prog)
{
	int std = !path || strcmp(path, "-") == 0;
	const char *name = std ? RN_OSTREAM_STDOUT : path;
	ostream *s = calloc(1, sizeof(*s) + strlen(name) + 1);
	if (!s) {
		fprintf(stderr, "%s: out of memory\n", prog);
		return NULL;
	}
	strcpy(s->name, name);
	if (std) {
		fflush(stdout); /* whatever was printed before comes first */
		s->fd = 1;
	} else {
		s->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
		if (s->fd < 0) {
			fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
			free(s);
			return NULL;
		}
		s->own = 1;
		struct stat st;
		s->reg = fstat(s->fd, &st) == 0 && S_ISREG(st.st_mode);
	}
	cookie_io_functions_t io = {.write = ck_write, .close = ck_close};
	s->f = fopencookie(s, "w", io);
	if (!s->f) {
		fprintf(stderr, "%s: %s: %s\n", prog, name, strerror(errno));
		if (s->own)
			close(s->fd);
		free(s);
		return NULL;
	}
	if (isatty(s->fd))
		setvbuf(s->f, NULL, _IOLBF, 0);
	s->next = streams;
	streams = s;
	return s->f;
}

int rn_ostream_report(const char *prog, const char *name, int err)
{
	if (err == EPIPE)
		return 0;
	fprintf(stderr, "%s: %s: write failed: %s\n", prog, name, strerror(err));
	return -1;
}

int rn_ostream_failed(FILE *f)
{
	ostream *s = find(f, NULL);
	return s ? s->err != 0 : ferror(f) != 0;
}

int rn_ostream_close(FILE *f, const char *prog)
{
	ostream **link = NULL;
	ostream *s = find(f, &link);
	if (!s) { /* a plain FILE: best effort for the reason */
		errno = 0;
		int bad = fflush(f) != 0;
		bad |= ferror(f) != 0;
		int err = errno ? errno : EIO;
		if (f != stdout && f != stderr && fclose(f) != 0 && !bad) {
			bad = 1;
			err = errno;
		}
		if (bad)
			return rn_ostream_report(prog, f == stdout ? RN_OSTREAM_STDOUT : "output",
			                         err);
		return 0;
	}
	*link = s->next;
	int bad = ferror(f) != 0;
	bad |= fclose(f) != 0; /* flushes; ck_close closes the file */
	int err = s->err ? s->err : (bad ? EIO : 0);
	int rc = err ? rn_ostream_report(prog, s->name, err) : 0;
	if (rc < 0 && s->reg)
		unlink(s->name); /* what it holds is cut short */
	free(s);
	return rc;
}
