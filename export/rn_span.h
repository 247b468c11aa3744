/* rn_span.h: the span model rn-export builds from a trace (one trace per
 * recording: a root span, a span per process, per syscall and per function
 * call) and the sink interface every output format implements. Strings and
 * arrays in a span are valid only during the sink call. */
#ifndef RN_SPAN_H
#define RN_SPAN_H

#include "rn_trace.h"

#include <stddef.h>
#include <stdint.h>

enum rn_xattr_type { RN_XA_STR = 1, RN_XA_INT = 2, RN_XA_BOOL = 3, RN_XA_DOUBLE = 4 };

typedef struct rn_xattr {
	const char *key;
	int type;
	const char *s; /* RN_XA_STR */
	int64_t i;     /* RN_XA_INT, RN_XA_BOOL */
	double d;      /* RN_XA_DOUBLE */
} rn_xattr;

#define RN_XEV_MAX_ATTRS 4
typedef struct rn_xevent {
	uint64_t time; /* unix ns */
	const char *name;
	rn_xattr attrs[RN_XEV_MAX_ATTRS];
	int nattrs;
} rn_xevent;

enum rn_span_kind { RN_XS_ROOT = 1, RN_XS_PROC = 2, RN_XS_SYSCALL = 3, RN_XS_FUNC = 4 };

/* Status codes as in OTLP. */
enum { RN_XST_UNSET = 0, RN_XST_OK = 1, RN_XST_ERROR = 2 };

typedef struct rn_span {
	int kind;
	uint8_t span_id[8];
	uint8_t parent_id[8];
	int has_parent;
	const char *name;
	uint64_t start; /* unix ns (after --rebase-time) */
	uint64_t end;
	uint64_t mono_start; /* CLOCK_MONOTONIC ns as recorded */
	uint64_t mono_end;
	int32_t pid;
	int32_t tid;
	int status;
	const char *status_msg;
	const rn_xattr *attrs;
	int nattrs;
	const rn_xevent *events;
	int nevents;
	uint32_t dropped_events;
} rn_span;

/* Called once per finished span; returns 0, or -1 to stop the walk. */
typedef int (*rn_span_sink)(void *ctx, const rn_span *s);

/* ---- the model (rn_span_model.c) ---- */

typedef struct rn_model rn_model;

typedef struct rn_model_opts {
	const char *service_name;   /* NULL: "rn:" + the command's basename */
	const char *resource_attrs; /* OTEL_RESOURCE_ATTRIBUTES syntax, or NULL */
	int rebase_time;            /* shift so the trace ends now */
	int no_functions;           /* skip function spans */
} rn_model_opts;

/* Opens the model on a trace file. Returns NULL with a reason in err. */
rn_model *rn_model_open(const char *path, const rn_model_opts *o, char *err, size_t errlen);
void rn_model_close(rn_model *m);
rn_reader *rn_model_reader(rn_model *m);
const uint8_t *rn_model_trace_id(const rn_model *m); /* 16 bytes */
/* The resource attributes (service.name, process.*, host.name, os.type...). */
void rn_model_resource(const rn_model *m, const rn_xattr **attrs, int *n);
/* Number of events in the trace (from the chunk index), for progress. */
uint64_t rn_model_total_events(const rn_model *m);
/* The Loss events read so far (all of them once rn_model_run returned). */
const struct rn_loss_tally *rn_model_loss(const rn_model *m);
/* What a quick first pass at open found: the Loss events added up and the
 * damage (rn_damage.h), for the commands to say before the spans (the
 * resource's rn.trace.lost_events and rn.trace.damage carry them too). */
struct rn_damage;
void rn_model_first(const rn_model *m, const struct rn_loss_tally **lt,
                    const struct rn_damage **dmg);
/* The first pass's damage and the model reader's (rn_export_damage_after). */
struct rn_export_dmg *rn_model_damage(rn_model *m);
/* Events read so far. */
uint64_t rn_model_events_read(const rn_model *m);
/* Walks the whole trace, calling sink for every span (the root span last).
 * Returns 0, or -1 when the sink stopped it. */
int rn_model_run(rn_model *m, rn_span_sink sink, void *ctx);
/* Unix ns of a CLOCK_MONOTONIC time of this trace (with --rebase-time). */
uint64_t rn_model_wall(const rn_model *m, uint64_t mono);

/* ---- span ids (rn_span_ids.c) ---- */

void rn_trace_id_from_header(const rn_header *h, uint8_t out[16]);
void rn_span_id_make(const uint8_t trace_id[16], uint64_t kind, uint64_t a, uint64_t b,
                     uint8_t out[8]);

#endif
