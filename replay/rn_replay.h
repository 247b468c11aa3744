/* rn_replay.h: rn-replay's parts: options (rn_replay_opts.c), the line
 * printer that keeps strace's <unfinished ...>/resumed state
 * (rn_replay_out.c), the first pass that finds calls spanning many events
 * (rn_replay_scan.c), the ordering pass (rn_replay_order.c) and -c's table
 * (rn_replay_count.c). */
#ifndef RN_REPLAY_H
#define RN_REPLAY_H

#include "rn_decode.h"
#include "rn_filter.h"
#include "rn_loss.h"
#include "rn_trace.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define RP_WINDOW 4096 /* events a call may span before the first pass notes it */

/* A set of descriptor numbers (-e read=, -e write=, --trace-fds=): strace's
 * [!]N[,N...], all, none. */
typedef struct rp_fdset {
	int32_t *v;
	size_t n, cap;
	int all; /* every descriptor (after !: the listed ones are out) */
	int neg;
} rp_fdset;
int rp_fdset_has(const rp_fdset *s, int64_t fd);

typedef struct rp_opts {
	const char *trace;
	const char *out_path;
	int follow;          /* -f given */
	int tstamp;          /* 0, 1 (-t), 2 (-tt), 3 (-ttt) */
	int relative;        /* -r */
	int durations;       /* -T */
	int count;           /* 0; 1 = -c (the table alone); 2 = -C (lines, then the table) */
	int only_ok;         /* -z */
	int only_fail;       /* -Z */
	int quiet;           /* -q count: -qq hides the +++ exit lines */
	const char *signals; /* -e signal=SET */
	const char *status;  /* -e status=SET */
	int fd_paths;        /* -y = 1, -yy = 2 */
	int xlat;            /* RN_XLAT_* */
	uint32_t strsize;
	const char *filter; /* -e trace=... */
	int32_t *pids;
	size_t npids;
	int32_t *tids;
	size_t ntids;
	const char *from, *to; /* --from/--to as given */
	uint32_t acolumn;      /* -a: column of " = " (strace's 40) */
	int sysnum;            /* -n */
	int argnames;          /* -N */
	int strhex;            /* -x 1, -xx 2 */
	int verbose;           /* -v */
	const char **paths;    /* -P PATH... */
	size_t npaths, cappaths;
	rp_fdset reads, writes, fds; /* -e read=, -e write=, --trace-fds= */
	int have_fds;
} rp_opts;

/* Parses argv; returns 0, 1 when --help was printed, or 2 after a usage
 * error was reported. */
int rp_opts_parse(rp_opts *o, int argc, char **argv);
void rp_opts_free(rp_opts *o);
/* Parses a --from/--to value against the trace's clock: seconds from the
 * start ("1.5") or wall-clock Unix seconds ("@1700000000.25"). Returns 0
 * and *ns (CLOCK_MONOTONIC ns), or -1. */
int rp_parse_when(const char *s, const rn_header *h, uint64_t first_ns, uint64_t *ns);

/* Makes room for one more element in a growable array (*arr, *cap
 * elements of size elem, n in use): doubles from `first`. 0, or -1 when out
 * of memory (the array is left as it was). */
int rp_grow(void *arr, size_t *cap, size_t n, size_t elem, size_t first);

/* ---- output ---- */
typedef struct rp_out {
	FILE *f; /* an rn_ostream: the -o file or standard output */
	char *buf;
	size_t len, cap;
	size_t col;   /* characters since the last newline */
	int open_tid; /* thread whose line waits for its exit part; 0: none */
	int follow, tstamp, relative;
	uint32_t acolumn;      /* -a: " = " starts at this column (strace's 40) */
	uint64_t mono0, wall0; /* clock conversion */
	uint64_t last_ns;      /* previous line's time, for -r */
	int broken;            /* a write failed (EPIPE, full disk): stop */
} rp_out;

/* Opens path (NULL: standard output); -1 after an error line. */
int rp_out_open(rp_out *w, const char *path);
void rp_out_flush(rp_out *w);
/* Flushes and closes; -1 after an error line naming the file (a closed pipe
 * is quiet and returns 0). */
int rp_out_close(rp_out *w);
/* The three line shapes strace prints. */
void rp_out_entry(rp_out *w, uint64_t t, int32_t tid, const char *text, size_t n);
void rp_out_exit(rp_out *w, uint64_t t, int32_t tid, const char *resumed, const char *args,
                 size_t nargs, const char *ret, size_t nret);
void rp_out_line(rp_out *w, uint64_t t, int32_t tid, const char *text, size_t n);
/* "+++ superseded by execve in pid FORMER +++" under the leader's tid;
 * the execve's line, when still open, ends as strace ends it:
 * " <pid changed to TID ...>". */
void rp_out_superseded(rp_out *w, uint64_t t, int32_t tid, int32_t former, const char *text,
                       size_t n);
/* Ends an open line with " <unfinished ...>". */
void rp_out_close_open(rp_out *w);
/* A call the recorder detached from (-p) before it returned: strace ends
 * its line with " <detached ...>" when that line is still the open one, and
 * prints nothing more when another line already ended it. */
void rp_out_detached(rp_out *w, int32_t tid);

/* ---- what is printed ---- */
typedef struct rp_filter {
	rn_sysset set;
	int have_set;
	uint16_t arch;
	int arch_names; /* the arch has a name table (unknown numbers always print) */
	int only_ok, only_fail;
	uint32_t status;  /* RP_ST_* bits shown; 0: all */
	uint64_t signals; /* bit s-1 for signal s shown */
	int quiet_exits;
	int personality; /* strace's "[ Process PID=N runs in 32 bit mode. ]" lines (not -q, -o) */
	const int32_t *pids, *tids;
	size_t npids, ntids;
	uint64_t from, to; /* 0: no bound */
	/* -P and --trace-fds: a call prints when one of its descriptor or path
	 * arguments matches either (rn_replay_show.c) */
	char **paths; /* as given, and made absolute against the trace's cwd */
	size_t npaths;
	const rp_fdset *fds;
	/* what is added to the lines */
	int sysnum;                     /* -n */
	const rp_fdset *reads, *writes; /* -e read=, -e write= */
} rp_filter;

enum { RP_ST_OK = 1, RP_ST_FAILED = 2, RP_ST_UNFINISHED = 4 };
/* -e status=SET (successful, failed, unfinished, unavailable, detached,
 * all, none, !negation) and -e signal=SET (names with or without SIG,
 * numbers, all, none, !); 0, or -1 with the bad token in err. */
int rp_parse_status(const char *s, uint32_t *out, char *err, size_t errlen);
int rp_parse_signals(const char *s, uint64_t *out, char *err, size_t errlen);
int rp_wanted(const rp_filter *f, const rn_event *ev);
/* Does -p, --tid, --from/--to keep an event of pid, tid at time t? */
int rp_wanted_who(const rp_filter *f, int32_t pid, int32_t tid, uint64_t t);
/* A process or thread ended by a signal ("+++ killed by ... +++"). */
int rp_proc_killed(const rn_proc *p);
/* An exec by a non-leader thread: the leader's tid is taken over
 * ("+++ superseded by execve in pid FORMER +++"). */
int rp_proc_superseded(const rn_proc *p);
/* Event time used for ordering (syscall: exit, or entry when it has none). */
uint64_t rp_event_time(const rn_event *ev);

/* Each thread's ABI, as strace's personality (rn_replay_pers.c): an x86_64
 * thread starts in 64-bit mode; a call of the other ABI switches it. */
typedef struct rp_pers {
	struct rp_pers_thr {
		int32_t tid;
		int compat;
	} * v; /* threads that ever made an ia32 call */
	size_t n, cap;
} rp_pers;
/* When sc switches its thread's mode: writes strace's line for it into line
 * ("[ Process PID=TID runs in 32 bit mode. ]") and returns 1. */
int rp_pers_switch(rp_pers *p, const rn_syscall *sc, rn_sb *line);
void rp_pers_free(rp_pers *p);

/* Blocked-signal masks per thread (rn_replay_sigmask.c). */
typedef struct rp_sigmasks rp_sigmasks;
rp_sigmasks *rp_sigmasks_new(uint16_t arch);
void rp_sigmasks_free(rp_sigmasks *m);
void rp_sigmasks_event(rp_sigmasks *m, const rn_event *ev);
/* For rt_sigreturn: writes "rt_sigreturn({mask=[...]}" and returns 1. */
int rp_sigmasks_sigreturn(rp_sigmasks *m, const rn_syscall *sc, const rn_decode_opts *d, rn_sb *sb);

/* What a pass keeps while rendering: fd paths (-y, -P) and signal masks,
 * each thread's last syscall number (-n). */
typedef struct rp_state {
	rn_decode_opts d; /* d.fds points at fds */
	rn_fdtrack *fds;
	rp_sigmasks *masks;
	const rp_filter *f;
	struct {
		int32_t tid;
		uint32_t nr;
	} * last;
	size_t nlast, caplast;
} rp_state;
void rp_state_init(rp_state *st, const rn_decode_opts *d, const rn_header *h, const rp_filter *f);
void rp_state_free(rp_state *st);
/* Feeds an event that was not rendered with rp_render. */
void rp_state_event(rp_state *st, const rn_event *ev);

/* Rendered parts of one syscall; resumed is the head of a resumed line,
 * "<... read resumed>" ("[   0] <... read resumed>" with -n). */
typedef struct rp_parts {
	rn_sb entry, args, ret;
	char resumed[64];
} rp_parts;
/* Renders ev's syscall and feeds the event to st between the arguments and
 * the return value (so "= 3</etc/passwd>" knows the new descriptor). */
void rp_render(rp_parts *p, rp_state *st, const rn_event *ev, int durations);
/* Only the entry part (the first pass), nothing fed. */
void rp_render_entry(rn_sb *entry, rp_state *st, const rn_syscall *sc);
void rp_parts_free(rp_parts *p);
/* Non-syscall events that print a line; returns 0 when the event prints
 * nothing. */
int rp_render_other(rn_sb *sb, rp_state *st, const rn_event *ev);

/* rn_replay_show.c: -n, -e read=/write=, -P and --trace-fds. */
/* Notes ev's syscall number as its thread's last (for -n on +++ lines). */
void rp_show_note(rp_state *st, const rn_event *ev);
/* "[ 59] " with -n: nr when has_nr, else the thread's last call's. */
void rp_show_nr(rn_sb *sb, rp_state *st, int32_t tid, int has_nr, uint32_t nr);
/* Appends the dumps of -e read=/write= (each line after a newline). */
void rp_show_dump(rn_sb *sb, rp_state *st, const rn_syscall *sc);
/* 0 when -P/--trace-fds leave ev's syscall out (decided with the
 * descriptors as they were before the call, as strace decides at entry). */
int rp_show_wanted(const rp_state *st, const rn_event *ev);
/* Fills f->paths from -P PATHs (made absolute against cwd, saying so on
 * stderr as strace does); -1 when out of memory. */
int rp_paths_init(rp_filter *f, const char *const *paths, size_t n, const char *cwd);
void rp_paths_free(rp_filter *f);

/* ---- -c, -C: calls, errors and time per syscall (rn_replay_count.c) ---- */
typedef struct rp_count rp_count;
rp_count *rp_count_new(uint16_t arch);
void rp_count_free(rp_count *c);
/* Counts a wanted call that returned (c may be NULL: nothing counted). */
void rp_count_add(rp_count *c, const rn_syscall *sc);
/* strace's table: % time, seconds, usecs/call, calls, errors, syscall. */
void rp_count_print(const rp_count *c, FILE *f);

/* ---- first pass ---- */
typedef struct rp_long {
	uint64_t index; /* position in the event stream */
	uint64_t t_entry;
	int32_t tid;
	char *entry; /* rendered entry part */
} rp_long;

/* A signal recorded while its thread was inside a call (the bpf backend
 * records one the thread ignores when it is sent): strace shows it when it
 * is delivered, after the call returns. */
typedef struct rp_sigmove {
	uint64_t index;      /* the signal's position in the event stream */
	uint64_t call_index; /* the call's record */
	uint64_t time;       /* just after the call's exit */
	int32_t tid, pid;
} rp_sigmove;

typedef struct rp_scan {
	rp_long *calls;
	size_t ncalls, cap;
	rp_sigmove *moves; /* by index */
	size_t nmoves, capmoves;
	rp_sigmove *pending; /* signals whose thread's next call is not read yet */
	size_t npending, cappending;
	int32_t first_pid, first_tid;
	int several_pids, several_tids;
	uint64_t events;
	rn_loss_tally loss; /* every Loss event, filters aside, and the unread captures
	                     * of the calls shown: said before the output */
	rp_count *count;    /* -c, -C: fed every wanted call; NULL: none */
} rp_scan;

/* Reads the whole trace once (r is left at its end); s->count is kept. */
int rp_scan_run(rp_scan *s, rn_reader *r, const rn_decode_opts *d, const rp_filter *f);
void rp_scan_free(rp_scan *s);

/* ---- second pass ---- */
/* Prints every wanted event of r in time order; returns 0, or -1 when the
 * output broke (EPIPE: the caller ends quietly). */
int rp_order_run(rn_reader *r, rp_out *w, const rn_decode_opts *d, const rp_filter *f,
                 const rp_scan *s, int durations);

#endif
