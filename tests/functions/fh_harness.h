/* fh_harness.h: the function-tracing tests' own recorder and reader: runs a
 * program under rn_funcs_* (no ptrace), writes a real trace file with the
 * format library, and loads it back into plain arrays for assertions. */
#ifndef FH_HARNESS_H
#define FH_HARNESS_H

#include "../../record/rn_funcs.h"
#include "rn_trace.h"

#include <stdint.h>

typedef struct fh_run {
	int status;      /* waitpid status of the program */
	int pid;         /* its pid */
	uint64_t t0, t1; /* CLOCK_MONOTONIC around the run */
	uint64_t t_kill; /* when SIGUSR2 was sent (FH_TOGGLE_MS), else 0 */
	uint64_t lost;   /* what rn_funcs_stop counted lost */
} fh_run;

/* Runs argv[0] with function tracing into trace; with FH_TOGGLE_MS=N in the
 * environment, SIGUSR2 is sent to it N ms after start; with FH_NO_DRAIN=1
 * nothing is drained before the program ends. Returns 0 or fails
 * the test. */
int fh_record(const char *trace, char *const argv[], const rn_funcs_opts *o, fh_run *run);

typedef struct fh_ev {
	int32_t pid, tid;
	uint64_t time, addr;
	int exit;
} fh_ev;

typedef struct fh_trace {
	fh_ev *ev; /* in file order (per thread: time order) */
	size_t n;
	uint64_t lost;    /* sum of RN_LOSS_BUFFER_FULL counts */
	size_t nloss;     /* RN_LOSS_BUFFER_FULL events */
	int killed_by;    /* signal of a RN_PROC_KILLED event, 0 if none */
	uint64_t batches; /* RN_EV_FUNCS events */
} fh_trace;

void fh_load(const char *trace, fh_trace *t);
void fh_free(fh_trace *t);
/* The address a tracee wrote for name in ./addrs.txt (by pid when several). */
uint64_t fh_addr(const char *name);
/* Entries (exit 0) or exits of addr, by pid/tid when not 0. */
size_t fh_count(const fh_trace *t, uint64_t addr, int exit, int32_t pid, int32_t tid);
/* The same for events whose address lies in [addr, addr + 32): -pg programs
 * name a function by a point a few bytes into it. */
size_t fh_count_in(const fh_trace *t, uint64_t addr, int exit, int32_t pid, int32_t tid);
/* Checks per thread: every exit closes the innermost open frame of the same
 * function, times never go back, a callee's span lies within its caller's.
 * Returns the number of frames left open (all threads of pid, or all). */
size_t fh_check_nesting(const fh_trace *t, int32_t pid);
const char *fh_build(void); /* $RN_BUILD */

#endif
