/* rn_replay_out.c: buffered output in strace's line shapes: the pid and time
 * prefixes, the " = " column, and the <unfinished ...> / <... NAME resumed>
 * pair when another line comes between a call's entry and its exit, and the
 * <detached ...> end of a call the recorder let go of. Output
 * goes through rn_ostream: a failed write (full disk) stops the output and is
 * reported with the file's name; a closed pipe (| head) ends it quietly. */
#include "rn_ostream.h"
#include "rn_replay.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define OUT_CAP (1u << 16)

int rp_out_open(rp_out *w, const char *path)
{
	w->cap = OUT_CAP;
	w->buf = malloc(w->cap);
	if (!w->buf) {
		fprintf(stderr, "rn-replay: out of memory\n");
		return -1;
	}
	w->f = rn_ostream_open(path, "rn-replay");
	if (!w->f) {
		free(w->buf);
		w->buf = NULL;
		return -1;
	}
	setvbuf(w->f, NULL, _IONBF, 0); /* buf is the buffer */
	return 0;
}

void rp_out_flush(rp_out *w)
{
	if (w->len && !w->broken && fwrite(w->buf, 1, w->len, w->f) != w->len)
		w->broken = 1; /* EPIPE or a full disk: stop writing */
	w->len = 0;
}

int rp_out_close(rp_out *w)
{
	if (!w->f)
		return 0;
	rp_out_close_open(w);
	rp_out_flush(w);
	int rc = rn_ostream_close(w->f, "rn-replay");
	w->f = NULL;
	free(w->buf);
	w->buf = NULL;
	return rc;
}

static void put(rp_out *w, const char *s, size_t n)
{
	if (w->len + n > w->cap) {
		rp_out_flush(w);
		if (n > w->cap) {
			char *nb = realloc(w->buf, n);
			if (!nb)
				return;
			w->buf = nb;
			w->cap = n;
		}
	}
	memcpy(w->buf + w->len, s, n);
	w->len += n;
	w->col += n; /* only newline() ends lines (the -e read= dumps after a call's
	              * return value hold newlines, but nothing is padded after them) */
}

static void puts_(rp_out *w, const char *s)
{
	put(w, s, strlen(s));
}

static void newline(rp_out *w)
{
	put(w, "\n", 1);
	w->col = 0;
	if (w->len > w->cap - 4096)
		rp_out_flush(w);
}

static void prefix(rp_out *w, uint64_t t, int32_t tid)
{
	char tmp[64];
	int n;
	if (w->follow) { /* "%-5d " */
		char d[16];
		int k = 0;
		uint32_t v = tid < 0 ? 0 : (uint32_t)tid;
		do {
			d[k++] = (char)('0' + v % 10);
			v /= 10;
		} while (v);
		n = 0;
		while (k)
			tmp[n++] = d[--k];
		while (n < 5)
			tmp[n++] = ' ';
		tmp[n++] = ' ';
		put(w, tmp, (size_t)n);
	}
	if (w->tstamp) {
		uint64_t wall = t - w->mono0 + w->wall0;
		time_t sec = (time_t)(wall / 1000000000u);
		unsigned us = (unsigned)(wall % 1000000000u / 1000u);
		if (w->tstamp == 3) {
			n = snprintf(tmp, sizeof(tmp), "%lld.%06u ", (long long)sec, us);
		} else {
			struct tm tm;
			localtime_r(&sec, &tm);
			n = (int)strftime(tmp, sizeof(tmp), "%H:%M:%S", &tm);
			if (w->tstamp == 2)
				n += snprintf(tmp + n, sizeof(tmp) - (size_t)n, ".%06u", us);
			tmp[n++] = ' ';
		}
		put(w, tmp, (size_t)n);
	}
	if (w->relative) {
		uint64_t d = w->last_ns && t > w->last_ns ? t - w->last_ns : 0;
		n = snprintf(tmp, sizeof(tmp), "%6llu.%06u ", (unsigned long long)(d / 1000000000u),
		             (unsigned)(d % 1000000000u / 1000u));
		put(w, tmp, (size_t)n);
		w->last_ns = t;
	}
}

void rp_out_close_open(rp_out *w)
{
	if (!w->open_tid)
		return;
	puts_(w, " <unfinished ...>");
	newline(w);
	w->open_tid = 0;
}

void rp_out_entry(rp_out *w, uint64_t t, int32_t tid, const char *text, size_t n)
{
	rp_out_close_open(w);
	prefix(w, t, tid);
	put(w, text, n);
	w->open_tid = tid ? tid : -1;
}

void rp_out_detached(rp_out *w, int32_t tid)
{
	if (!w->open_tid || w->open_tid != (tid ? tid : -1))
		return;
	puts_(w, " <detached ...>");
	newline(w);
	w->open_tid = 0;
}

/* Spaces up to column acolumn - 1, where " = " starts (-a 0 and 1: none). */
static void pad(rp_out *w)
{
	static const char sp[] = "                                        ";
	while (w->acolumn > 1 && w->col < w->acolumn - 1) {
		size_t n = w->acolumn - 1 - w->col;
		put(w, sp, n < sizeof(sp) - 1 ? n : sizeof(sp) - 1);
	}
}

void rp_out_exit(rp_out *w, uint64_t t, int32_t tid, const char *resumed, const char *args,
                 size_t nargs, const char *ret, size_t nret)
{
	if (w->open_tid != (tid ? tid : -1)) {
		rp_out_close_open(w);
		prefix(w, t, tid);
		puts_(w, resumed);
	}
	w->open_tid = 0;
	put(w, args, nargs);
	pad(w);
	put(w, ret, nret);
	newline(w);
}

void rp_out_line(rp_out *w, uint64_t t, int32_t tid, const char *text, size_t n)
{
	rp_out_close_open(w);
	prefix(w, t, tid);
	put(w, text, n);
	newline(w);
}

void rp_out_superseded(rp_out *w, uint64_t t, int32_t tid, int32_t former, const char *text,
                       size_t n)
{
	if (w->open_tid && w->open_tid == former) { /* the execve's line, still open */
		char tmp[48];
		int k = snprintf(tmp, sizeof(tmp), " <pid changed to %d ...>", (int)tid);
		put(w, tmp, (size_t)k);
		newline(w);
		w->open_tid = 0;
	}
	rp_out_line(w, t, tid, text, n);
}
