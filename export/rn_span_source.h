/* rn_span_source.h: where in the program a syscall was made, from the stack the
 * recorder copied (--stack): rn-analyze's offline libdw resolver
 * (analyze/rn_source.c) behind a small interface, so rn-export unwinds
 * nothing itself. Without that resolver in the tree, nothing is known. */
#ifndef RN_SPAN_SOURCE_H
#define RN_SPAN_SOURCE_H

#include "rn_event.h"

#include <stddef.h>

typedef struct rn_span_source rn_span_source;

typedef struct rn_span_source_loc {
	const char *text;   /* "prog.c:12 in main" as the resolver prints it */
	char file[512];     /* "" when not known */
	int line;           /* 0 when not known */
	char function[256]; /* "" when not known */
} rn_span_source_loc;

/* frames 0: the first frame in the program's own code; N: up to N frames,
 * innermost first, joined by " <- ". */
rn_span_source *rn_span_source_new(const char *trace_path, uint16_t arch, int frames);
void rn_span_source_free(rn_span_source *s);
/* Every event goes through here in order (mappings, exec, exit). */
void rn_span_source_feed(rn_span_source *s, const rn_event *ev);
/* Fills loc for a syscall with a recorded stack; returns 1, or 0 when
 * nothing is known. With frames > 0 only text is set. */
int rn_span_source_where(rn_span_source *s, const rn_syscall *sc, rn_span_source_loc *loc);

/* The function name in one frame's text: "f.c:3 in main" -> "main",
 * "memcpy (libc.so.6)" -> "memcpy", "lib.so+0x12" -> itself. */
void rn_span_source_frame_func(const char *frame, size_t len, char *out, size_t n);

#endif
