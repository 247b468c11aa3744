/* rn_span_source.c: syscall source locations through rn-analyze's resolver, and
 * the split of its "file:line in function" text into code.* fields. */
#include "rn_span_source.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if RN_HAVE_SRC
#include "../analyze/rn_source.h"

struct rn_span_source {
	rn_source *an;
};

rn_span_source *rn_span_source_new(const char *trace_path, uint16_t arch, int frames)
{
	rn_span_source *s = calloc(1, sizeof(*s));
	if (s && !(s->an = rn_source_new(trace_path, arch, frames))) {
		free(s);
		return NULL;
	}
	return s;
}

void rn_span_source_free(rn_span_source *s)
{
	if (!s)
		return;
	rn_source_free(s->an);
	free(s);
}

void rn_span_source_feed(rn_span_source *s, const rn_event *ev)
{
	if (s && (ev->kind == RN_EV_MAPPING || ev->kind == RN_EV_PROC))
		rn_source_event(s->an, ev);
}

static const char *where(rn_span_source *s, const rn_syscall *sc)
{
	return rn_source_where(s->an, sc);
}
#else
struct rn_span_source {
	int unused;
};

rn_span_source *rn_span_source_new(const char *trace_path, uint16_t arch, int frames)
{
	(void)trace_path;
	(void)arch;
	(void)frames;
	return calloc(1, sizeof(rn_span_source));
}

void rn_span_source_free(rn_span_source *s)
{
	free(s);
}

void rn_span_source_feed(rn_span_source *s, const rn_event *ev)
{
	(void)s;
	(void)ev;
}

static const char *where(rn_span_source *s, const rn_syscall *sc)
{
	(void)s;
	(void)sc;
	return NULL;
}
#endif

/* "dir/prog.c:12 in main": file, line and function when they parse. */
static void split(const char *t, rn_span_source_loc *loc)
{
	const char *in = strstr(t, " in ");
	size_t head = in ? (size_t)(in - t) : strlen(t);
	if (in)
		snprintf(loc->function, sizeof(loc->function), "%s", in + 4);
	const char *colon = NULL;
	for (size_t i = 0; i < head; i++)
		if (t[i] == ':')
			colon = t + i;
	if (!colon)
		return;
	char *end;
	long line = strtol(colon + 1, &end, 10);
	if (end != t + head || line <= 0 || line > 10000000)
		return;
	loc->line = (int)line;
	snprintf(loc->file, sizeof(loc->file), "%.*s", (int)(colon - t), t);
}

int rn_span_source_where(rn_span_source *s, const rn_syscall *sc, rn_span_source_loc *loc)
{
	memset(loc, 0, sizeof(*loc));
	if (!s || !(sc->flags & RN_SC_HAS_STACK))
		return 0;
	const char *t = where(s, sc);
	if (!t || !*t)
		return 0;
	loc->text = t;
	split(t, loc);
	return 1;
}

void rn_span_source_frame_func(const char *frame, size_t len, char *out, size_t n)
{
	const char *in = memmem(frame, len, " in ", 4);
	const char *paren = memmem(frame, len, " (", 2);
	const char *start = frame, *end = frame + len;
	if (in)
		start = in + 4;
	else if (paren)
		end = paren;
	snprintf(out, n, "%.*s", (int)(end - start), start);
}
