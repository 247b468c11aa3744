/* rn_model_int.h: the span model's internal state, shared by its files
 * (rn_span_model.c: the walk and syscall spans; rn_span_procs.c: process
 * spans; rn_span_funcs.c: function spans; rn_span_resource.c: resource). */
#ifndef RN_MODEL_INT_H
#define RN_MODEL_INT_H

#include "rn_export.h"
#include "rn_export_decode.h"
#include "rn_int_map.h"
#include "rn_loss.h"
#include "rn_span.h"
#include "rn_span_source.h"
#include "rn_symbols.h"

#define RN_PROC_MAX_EVENTS 64
#define RN_FUNC_MAX_DEPTH  512
#define RN_RES_MAX_ATTRS   48

/* Span id kinds (first input of rn_span_id_make). */
enum { RN_ID_ROOT = 1, RN_ID_PROC = 2, RN_ID_SYSCALL = 3, RN_ID_FUNC = 4 };

typedef struct rn_pevent {
	uint64_t time; /* mono */
	char name[24];
	int32_t tid;
	int32_t signo;
	int32_t code;
	char *path; /* exec: owned */
} rn_pevent;

typedef struct rn_xproc {
	int32_t pid;
	int32_t ppid;
	uint8_t span_id[8];
	uint8_t parent_id[8];
	uint64_t start;
	uint64_t last; /* latest event seen */
	char *exe;
	char *cmdline; /* space-joined */
	int exited;
	int exit_code;
	int killed_by;
	int core;
	rn_pevent *events;
	int nevents;
	uint32_t dropped_events;
} rn_xproc;

typedef struct rn_frame {
	uint64_t addr;
	uint64_t start;
	uint8_t id[8];
} rn_frame;

typedef struct rn_xthread {
	int32_t pid;
	int32_t tid;
	uint64_t seq;
	int depth;
	uint32_t overflow; /* entries past RN_FUNC_MAX_DEPTH not on the stack */
	rn_frame stack[RN_FUNC_MAX_DEPTH];
} rn_xthread;

struct rn_model {
	rn_reader *r;
	const rn_header *h;
	rn_model_opts o;
	uint8_t trace_id[16];
	uint8_t root_id[8];
	int64_t shift; /* added to wall times (--rebase-time) */
	uint64_t first_ns, last_ns;
	uint64_t total_events;
	uint64_t events_read;
	uint64_t syscall_index;
	rn_loss_tally loss;     /* the trace's Loss events */
	rn_loss_tally pre_loss; /* the same, from a first pass at open (rule 2: said first) */
	rn_export_dmg dmg;      /* the first pass's damage and the real read's */
	rn_export_decode *dec;
	rn_symbols *sym;
	rn_span_source *src;
	rn_int_map procs;   /* pid -> rn_xproc */
	rn_int_map pid_gen; /* pid -> generation + 1 (cast) */
	rn_int_map threads; /* tid -> rn_xthread */
	rn_int_map dead;    /* pid -> span id (8 bytes) of its last ended process */
	rn_span_sink sink;
	void *ctx;
	int stopped;
	/* resource */
	rn_xattr res[RN_RES_MAX_ATTRS];
	int nres;
	char *res_store[RN_RES_MAX_ATTRS * 2];
	int nstore;
	/* root */
	rn_pevent root_events[RN_PROC_MAX_EVENTS];
	int nroot_events;
	uint32_t root_dropped;
};

/* Emits a span (fills trace-wide fields); sets m->stopped when the sink says so. */
void rn_model_emit(rn_model *m, rn_span *s);

rn_xproc *rn_procs_get(rn_model *m, int32_t pid, uint64_t t);
void rn_procs_event(rn_model *m, const rn_proc *p);
void rn_procs_signal(rn_model *m, const rn_signal *s);
void rn_procs_snapshot(rn_model *m, const rn_snapshot *s);
/* Emits every process span still open (end of trace). */
void rn_procs_finish(rn_model *m);
/* Span id of pid's process, live or ended, without creating one. */
const uint8_t *rn_procs_span_id(rn_model *m, int32_t pid);
void rn_procs_emit_events(rn_model *m, const rn_pevent *pe, int n, rn_xevent *out);

void rn_funcs_batch(rn_model *m, const rn_funcs *f);
/* Closes the function spans of thread tid (or every thread of pid when tid
 * is 0) at time t. */
void rn_funcs_close(rn_model *m, int32_t pid, int32_t tid, uint64_t t);
void rn_funcs_finish(rn_model *m);

int rn_resource_build(rn_model *m, const char *path);
void rn_resource_free(rn_model *m);
/* Stores a copy of s owned by the model (freed with it). */
const char *rn_model_keep(rn_model *m, const char *s);

#endif
