/* rn_record.h: rn-record's internal interfaces: options, the output (writer
 * thread and flight-recorder segments), the traced-thread table, tracee
 * memory captures, maps/build-ids, launching, attaching and the ptrace loop. */
#ifndef RN_RECORD_H
#define RN_RECORD_H

#include "rn_catalog.h"
#include "rn_filter.h"
#include "rn_funcs.h"
#include "rn_trace.h"

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define RN_REC_STRSIZE_DEFAULT 4096u
#define RN_REC_STACK_DEFAULT   8192u
#define RN_REC_STACK_MAX       65528u
#define RN_REC_SPIN_DEFAULT    200 /* microseconds of waitpid(WNOHANG) polling */
#define RN_REC_MAXCAP          128 /* captures per syscall (an mmsghdr vector: 5 an element) */
#define RN_REC_ZSTD_LEVEL      3   /* 5-9 % smaller than 1 on 3.0 chunks (docs/recording.md) */
/* The resolution of the times each backend records, stored in the header
 * (docs/format.md §4.4). ptrace: the tracer reads the clock when it wakes at
 * a stop, so a time marks the stop (a < 0.4 us getppid shows 2.6-3.3 us) and
 * carries that wake-up's noise: identical calls spread by 0.09-0.39 us (IQR,
 * quiet to loaded machine; bench/record/clock_noise.py), so the digits below
 * 1 us describe the stops, not the call. bpf: bpf_ktime_get_ns() at the
 * tracepoints, ns. */
#define RN_REC_PTRACE_CLOCK_RES_NS 1000u
#define RN_REC_BPF_CLOCK_RES_NS    1u

/* --backend */
enum { RN_BACKEND_PTRACE = 0, RN_BACKEND_BPF = 1, RN_BACKEND_AUTO = 2 };

typedef struct rn_rec_opts {
	const char *out;     /* trace file name */
	int follow;          /* -f */
	uint32_t strsize;    /* -s */
	int no_data;         /* --no-data */
	uint32_t stack;      /* --stack bytes, 0 = off */
	uint64_t max_size;   /* --max-size, 0 = unlimited */
	int filtered;        /* -e trace= given */
	rn_sysset set;       /* traced syscalls */
	int pin;             /* --pin: tracer and tracees on one CPU */
	int spin_us;         /* --spin: microseconds to poll before blocking */
	uint32_t clock_res;  /* --clock-res: ns; 0: the backend's resolution */
	int quiet;           /* -q */
	int backend;         /* --backend: RN_BACKEND_* */
	uint64_t bpf_buffer; /* --bpf-buffer bytes per CPU, 0 = default */
	int functions;       /* --functions */
	rn_funcs_opts fopts; /* --func-* */
	pid_t *pids;         /* -p */
	int npids;
	int all;              /* -a/--all: every process on the host (bpf) */
	const char *cgroup;   /* --cgroup PATH: a cgroup v2 tree (bpf) */
	uint64_t duration_ns; /* --duration (bpf: -p, -a, --cgroup), 0 = until a signal */
	char **cmd;           /* -- CMD ARGS */
	int ncmd;
	char options[1024]; /* the options as given, for the header */
} rn_rec_opts;

extern const char *rn_rec_prog; /* "rn-record" */
void rn_rec_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- rn_record_opts.c ---- */
/* Parses argv; returns 0, 1 for --help (printed), or 2 after a usage error. */
int rn_rec_parse(int argc, char **argv, rn_rec_opts *o);
void rn_rec_opts_free(rn_rec_opts *o);

/* ---- rn_record_out.c: writer thread, double-buffered chunk builders ---- */
typedef struct rn_out rn_out;
rn_out *rn_out_open(const rn_rec_opts *o, const rn_header *h, rn_funcs_session *fs, char *err,
                    size_t errlen);
/* The builder events go into; holds the lock until rn_out_put. */
rn_chunk_builder *rn_out_get(rn_out *out);
void rn_out_put(rn_out *out);
/* Non-zero once a write failed (the message was printed). */
int rn_out_failed(const rn_out *out);
/* No more events: the writer starts on the last chunk at once, while the
 * caller tears down the rest (rn_out_close then waits for it). */
void rn_out_finish(rn_out *out);
/* Flushes, finishes the file and frees. 0 or -1 (message printed). */
int rn_out_close(rn_out *out);
/* Renames an existing trace to NAME.old; 0 or -1 with err. */
int rn_out_keep_old(const char *path, char *err, size_t errlen);

/* ---- rn_record_flight.c: --max-size segments ---- */
typedef struct rn_flight rn_flight;
rn_flight *rn_flight_open(const char *path, uint64_t max, const rn_header *h, char *err,
                          size_t errlen);
int rn_flight_write(rn_flight *f, rn_chunk_builder *b, char *err, size_t errlen);
int rn_flight_close(rn_flight *f, char *err, size_t errlen);

/* ---- rn_record_seccomp.c ---- */
/* Installs the seccomp filter (in the child, before exec): traced syscalls
 * stop the tracee, the rest run freely. Returns 0 or -1 with errno. */
int rn_seccomp_install(const rn_sysset *traced);
/* Whether launching installs the filter: -e restricts the set and -f
 * follows every child (an untraced child would get ENOSYS). */
int rn_seccomp_wanted(const rn_rec_opts *o);
/* Builds the program; returns the instruction count or -1 (too large). */
int rn_seccomp_build(const rn_sysset *traced, void *prog, int max);
/* Adds the bookkeeping syscalls (exec, fork family, exit_group) to set. */
void rn_seccomp_bookkeeping(rn_sysset *set, int with_maps);

/* ---- rn_record_thr.c: traced threads ---- */
typedef struct rn_thr {
	pid_t tid;
	pid_t pid;        /* thread group; 0 until known */
	uint8_t used;     /* slot in use */
	uint8_t in_sc;    /* between entry and exit */
	uint8_t pre_exec; /* launched child before its first execve */
	uint8_t detaching;
	uint8_t group_stopped;
	uint8_t keep;     /* what to write of the current call (RN_KEEP_*) */
	uint8_t cap_lost; /* captures left out (limits or no memory): a Loss event */
	uint16_t sc_flags;
	uint16_t nr;
	pid_t sc_tid; /* tid the current call entered on when not tid (exec from a thread) */
	uint64_t args[6];
	uint64_t ip, sp;
	uint64_t t_entry;
	int ncap;
	rn_capture caps[RN_REC_MAXCAP];
	uint32_t capoff[RN_REC_MAXCAP];
	uint8_t *buf; /* capture bytes */
	size_t blen, bcap;
	int64_t held_ret; /* bpf backend: an ERESTART* exit kept until the thread's next event */
	uint64_t held_ts;
	uint8_t held;
	uint8_t last_sig; /* bpf backend: the last signal sent to it, and when */
	uint64_t last_sig_ts;
	uint8_t *exec; /* execve path NUL argv..., read at entry */
	size_t exec_len, exec_cap;
} rn_thr;

rn_thr *rn_thr_get(pid_t tid); /* existing or NULL */
rn_thr *rn_thr_add(pid_t tid); /* new (or existing) entry; NULL when out of memory */
void rn_thr_del(pid_t tid);
int rn_thr_count(void);
/* Calls fn for every thread. */
void rn_thr_each(void (*fn)(rn_thr *t, void *ctx), void *ctx);
void rn_thr_free_all(void);
/* Reserves n bytes in t's capture buffer; returns the offset or -1. */
long rn_thr_reserve(rn_thr *t, size_t n);
/* What to write of a thread's current call (rn_thr.keep): nothing, all of
 * it, or a bookkeeping call outside -e trace= (RN_SC_FILTERED). */
enum { RN_KEEP_NONE = 0, RN_KEEP_FULL = 1, RN_KEEP_BOOK = 2 };

/* ---- rn_record_compat.c: ia32 calls on x86_64 ---- */
#define RN_REC_NR_IA32 0x8000 /* rn_thr.nr of an ia32 call: this | its i386 number */
#define RN_REC_NR_X32  0x4000 /* with RN_REC_NR_IA32: an x32 call, its x32 number */
#define RN_REC_NR_NUM  0x3fff /* the number's bits */
uint16_t rn_rec_nr_ia32(uint64_t nr);
/* rn_thr.nr of an x32 call (x86_64 number with bit 0x40000000). */
uint16_t rn_rec_nr_x32(uint64_t nr);
/* RN_KEEP_FULL or RN_KEEP_NONE for ia32 or x32 call nr (rn_thr.nr form)
 * under o's filter: by its name in its ABI. */
int rn_rec_keep_ia32(const rn_rec_opts *o, uint16_t nr);
/* 1 when nr (rn_thr.nr form) is the ia32 execve, 2 execveat, else 0.
 * After an exec into a 32-bit program the kernel reports the call's exit
 * as i386's execve whichever exec entered (__set_personality_ia32 sets the
 * number): the bpf backend, reading the number at exit, matches them. */
int rn_rec_ia32_exec(uint16_t nr);
/* The catalog's plan (rn_catalog_plan) for t's call in flight, of its ABI:
 * an ia32 call's is RN_ABI_IA32's. An ia32 call carrying its arguments in
 * memory (rn_catalog_args32: old mmap, old select, socketcall) plans its
 * words alone until they are t's first capture, then the carried call's
 * captures on them (rn_catalog_plan_args32). */
int rn_rec_plan(uint16_t arch, const rn_thr *t, int64_t ret, int phase, uint32_t strsize,
                rn_cap_req *q, int max);
/* 1 when t's call carries its arguments in memory and nothing is captured
 * yet: the entry's captures are then read in two rounds (the words, then
 * what the carried call's arguments point to). */
int rn_rec_args32_pending(const rn_thr *t);
/* Writes t's current syscall to out (both backends) and clears it: with a
 * Loss event after it when a capture was left out (t->cap_lost); a
 * bookkeeping call keeps its captures only when book_caps. Returns 1 when
 * it wrote that Loss event. held: the chunk builder the caller already
 * holds (the bpf drain takes it once per batch), or NULL to take it here. */
int rn_thr_emit_sc(rn_out *out, rn_chunk_builder *held, rn_thr *t, uint64_t t_exit, int64_t ret,
                   uint16_t flags, int book_caps);

/* ---- rn_record_mem.c: captures ---- */
/* Reads what the catalog plans for t's syscall (phase 0 at entry, 1 at
 * exit) into t->caps / t->buf, batched with process_vm_readv. */
void rn_mem_capture(rn_thr *t, int phase, int64_t ret, const rn_rec_opts *o);
/* Reads the registers and stack for --stack (at entry). */
void rn_mem_stack(rn_thr *t, uint32_t bytes);
/* Reads execve's path and argv (pointers of w bytes: 4 in an ia32 call) into t->exec. */
void rn_mem_exec_args(rn_thr *t, uint64_t path, uint64_t argv, size_t w);
/* Reads len bytes at addr; returns bytes read (0 on fault). */
size_t rn_mem_read(pid_t tid, uint64_t addr, void *dst, size_t len);

/* ---- rn_record_maps.c: Mapping events, ELF build-ids ---- */
/* Emits Mapping events for executable file mappings of pid not emitted yet
 * (all of them after reset). */
void rn_maps_scan(rn_out *out, pid_t pid, int reset);
/* The same, the events stamped with time now (the bpf backend scans later
 * than the call it scans for); -1 when /proc/PID/maps could not be read. */
int rn_maps_scan_at(rn_out *out, pid_t pid, int reset, uint64_t now);
void rn_maps_forget(pid_t pid);
/* A Mapping event for one executable file mapping, unless pid has it
 * already (dev as /proc shows it: major << 32 | minor). */
void rn_maps_add(rn_out *out, pid_t pid, uint64_t start, uint64_t end, uint64_t pgoff, int prot,
                 uint64_t dev, uint64_t ino, const char *path, uint64_t now);
void rn_maps_free(void);
/* ---- rn_record_maps_query.c: the same mappings through PROCMAP_QUERY ---- */
typedef void (*rn_maps_each)(void *ctx, uint64_t start, uint64_t end, uint64_t pgoff, int prot,
                             uint64_t dev, uint64_t ino, const char *path);
#define RN_MAPS_NO_QUERY (-2)
/* Calls fn for each executable file mapping of pid, in address order;
 * 0, -1 when the process's memory could not be read, RN_MAPS_NO_QUERY when
 * the kernel has no PROCMAP_QUERY (read /proc/PID/maps instead). */
int rn_maps_query(pid_t pid, rn_maps_each fn, void *ctx);
/* Reads the NT_GNU_BUILD_ID of an ELF file; returns its length (0: none). */
size_t rn_elf_build_id(const char *path, uint8_t *id, size_t max);

/* Syscall numbers both backends look for (native arch), -1 when unknown. */
typedef struct rn_rec_nrs {
	int execve, execveat, clone, clone3, fork, vfork, mmap, mprotect;
} rn_rec_nrs;
void rn_rec_nrs_lookup(rn_rec_nrs *n);

/* ---- rn_record_launch.c ---- */
/* CMD resolved through PATH (into buf), as strace does; CMD when not found. */
const char *rn_launch_resolve(const char *cmd, char *buf, size_t n);
/* Forks and starts CMD traced by ptrace; returns the child's pid or -1 (printed). */
pid_t rn_launch(const rn_rec_opts *o, rn_funcs_session *fs);
/* Forks CMD held on a pipe (either backend; seccomp: the ptrace backend's
 * filter when -e and -f want it; shed, when not NULL: the child closes its
 * close-on-exec descriptors at once, and *shed is for rn_launch_shed_wait);
 * *go is the end rn_launch_go writes to let it exec. -1 (said why) on
 * failure. */
pid_t rn_launch_held(const rn_rec_opts *o, rn_funcs_session *fs, int seccomp, int *shed, int *go);
/* Waits until the child has closed them (shed's descriptor; closes it). */
void rn_launch_shed_wait(int fd);
void rn_launch_go(int go);
/* Kills and reaps a held child. */
void rn_launch_abort(pid_t pid, int go);
/* sigaction without SA_RESTART (a blocked waitpid returns EINTR). */
void rn_rec_set_handler(int sig, void (*fn)(int));
/* Once a command is launched, as a wrapper would: INT and QUIT ignored (the
 * terminal sends them to the program too), TERM and HUP passed on to pid,
 * XFSZ ignored (a file size limit gives EFBIG, reported). Both backends. */
void rn_launch_forward_signals(pid_t pid);

/* ---- rn_record_attach.c ---- */
/* Reads up to n bytes of a (/proc) file; returns the length, -1 when it
 * cannot be opened. */
int rn_read_file(const char *path, char *buf, size_t n);
/* The state letter of /proc/TID/stat (R, S, Z...), or 0. */
char rn_proc_state(pid_t tid);
/* Emits an FdInfo per open descriptor of pid (its /proc/PID/fd link text):
 * at attach, and for a launched program the descriptors it inherits. */
void rn_fds_emit(rn_out *out, pid_t pid);
/* Seizes every thread of each -p process and writes its snapshot. Returns
 * the number of processes attached, -1 after a (printed) error. */
int rn_attach(const rn_rec_opts *o, rn_out *out);
/* Writes what a trace needs of a process that ran before it: a Snapshot
 * (cmdline, exe, cwd, ppid), its FdInfo, executable Mappings and a Proc
 * ATTACH event, stamped time (0: now). */
void rn_attach_snapshot(rn_out *out, pid_t pid, uint64_t time);
/* Cause of a failed PTRACE_SEIZE on pid, as one line. */
void rn_attach_explain(pid_t pid, int err, char *buf, size_t n);

/* ---- rn_record_loop.c ---- */
typedef struct rn_loop_result {
	int status; /* wait status of the launched process (valid when have_status) */
	int have_status;
} rn_loop_result;
extern volatile sig_atomic_t rn_rec_stop; /* set by SIGINT/SIGTERM/SIGHUP in -p mode */
extern volatile pid_t rn_rec_kick;        /* interrupted to wake the loop */
void rn_loop_run(const rn_rec_opts *o, rn_out *out, pid_t launched, int attached,
                 rn_loop_result *res);
/* ptrace options for a tracee. */
unsigned long rn_loop_ptrace_opts(const rn_rec_opts *o, int launched);

/* ---- rn_record_cpu.c ---- */
/* Applies --pin in the recorder (before fork, so the child inherits it). */
int rn_cpu_pin(void);
/* The calling thread gets the CPU set it had before rn_cpu_pin. */
void rn_cpu_unpin_self(void);

#endif
