/* rn_record_bpf.h: the eBPF backend's internal interfaces (--backend=bpf):
 * loading and attaching the BPF program (rn_record_bpf_load.c), the per-CPU
 * ring buffers and their merge by time (rn_record_bpf_ring.c), and the
 * recording itself (rn_record_bpf_run.c). */
#ifndef RN_RECORD_BPF_H
#define RN_RECORD_BPF_H

#include "bpf/rn_bpf_abi.h"
#include "bpf/rn_bpf_stack.h"
#include "rn_record.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#define RN_BPF_RING_DEFAULT (16u << 20) /* bytes per CPU, up to 4 CPUs */
#define RN_BPF_RING_TOTAL   (64u << 20) /* beyond: this shared out */
#define RN_BPF_RING_MIN     (4u << 20)  /* but never less per CPU */
#define RN_BPF_RING_STACK   (64u << 20) /* with --stack, unless that makes over 1 GiB */
#define RN_BPF_MAXTP        16          /* tracepoints the programs attach to */

/* ---- rn_record_bpf_load.c ---- */
typedef struct rn_bpf rn_bpf;
/* The option the bpf backend does not support yet, or NULL. */
const char *rn_bpf_unsupported(const rn_rec_opts *o);
/* Checks privileges and kernel support, loads the program and creates the
 * rings. NULL with one line (what is missing) in why. */
rn_bpf *rn_bpf_open(const rn_rec_opts *o, char *why, size_t n);
/* Adds tid (thread group tgid) to the traced threads (with task-local
 * storage, rn_bpf_tasks.h: a process, tid == tgid). 0 or -1. */
int rn_bpf_trace(rn_bpf *b, pid_t tid, pid_t tgid);
/* Process tgid's end is owed to the trace (rn_groups): its last thread
 * ends it, traced or not. 0, or -1 (errno). */
int rn_bpf_group(rn_bpf *b, pid_t tgid);
/* Non-zero while tgid's end is owed (not seen yet). */
int rn_bpf_group_owed(rn_bpf *b, pid_t tgid);
/* Sets (on) or clears tid's byte in rn_tidmap, which every entry to
 * rn_tasks must have set (the kernel side looks there first). 0 or -1. */
int rn_bpf_mark(rn_bpf *b, pid_t tid, int on);
/* Attaches the programs. 0 or -1 with err. */
int rn_bpf_attach(rn_bpf *b, char *err, size_t n);
/* Detaches the programs (the rings stay readable). */
void rn_bpf_detach(rn_bpf *b);
/* Starts (on) or stops recording in every attached program at once
 * (rn_record_bpf_run.c): set after rn_bpf_attach, cleared before
 * rn_bpf_detach. */
void rn_bpf_live(rn_bpf *b, int on);
/* Non-zero while a traced thread remains. */
int rn_bpf_tracing(rn_bpf *b);
/* The traced thread after *tid (start from 0) and its state: 0, or -1
 * after the last. */
int rn_bpf_task_next(rn_bpf *b, uint32_t *tid, struct rn_bpf_task *v);
/* The loss counters summed over the CPUs. */
void rn_bpf_counters_sum(rn_bpf *b, struct rn_bpf_counters *sum);
/* RN_BPF_KEEP_* of syscall nr (as the kernel side decides it). */
int rn_bpf_keep(const rn_bpf *b, uint64_t nr);
/* rn_thr.nr of a record's nr: an ia32 call (RN_BPF_NR_IA32) in the
 * RN_REC_NR_IA32 range, an x32 one (RN_BPF_NR_X32) with RN_REC_NR_X32
 * (rn_record_compat.c). */
static inline uint16_t rn_bpf_thr_nr(uint64_t nr)
{
	if (nr & RN_BPF_NR_IA32)
		return rn_rec_nr_ia32(nr & ~(uint64_t)RN_BPF_NR_IA32);
	return nr & RN_BPF_NR_X32 ? rn_rec_nr_x32(nr) : (uint16_t)nr;
}
/* Non-zero when the kernel table cannot read every capture the catalog
 * plans for nr (iovecs, msghdr...): each call is then checked. nr: a
 * syscall number or an ia32 call's rn_thr.nr (RN_REC_NR_IA32). */
int rn_bpf_partial(const rn_bpf *b, uint64_t nr);
/* Bytes per ring: --bpf-buffer, or the default for ncpu CPUs; a power of
 * two. */
uint64_t rn_bpf_ring_bytes(const rn_rec_opts *o, int ncpu);
int rn_bpf_ring_fd(const rn_bpf *b, int cpu);
/* Ring cpu's mappings made beside the load (consumer page, producer page
 * and data, as rn_rings_open maps them; *mapped: the data bytes mapped),
 * handed over: 0, or -1 when there are none (map it yourself). */
int rn_bpf_ring_mapped(rn_bpf *b, int cpu, void **cons, void **prod, uint64_t *mapped);
int rn_bpf_ncpu(const rn_bpf *b);
void rn_bpf_close(rn_bpf *b);

/* ---- rn_record_bpf_mkrings.c ---- */
typedef struct rn_mkrings rn_mkrings;
/* Makes the rn_rings map of maps and starts filling it with ncpu rings of
 * bytes each in a thread. NULL with errno. */
rn_mkrings *rn_mkrings_start(int ncpu, uint64_t bytes);
/* The map of maps, for bpf_map__reuse_fd before the program is loaded. */
int rn_mkrings_outer(const rn_mkrings *m);
/* Waits for the thread; the ring fds (malloc'ed, ncpu of them) or NULL
 * with errno; their mappings into *maps (2 per CPU, consumer page then
 * producer page and data, NULL where not mapped; for rn_mkrings_unmap), or
 * unmapped when maps is NULL. Frees m. */
int *rn_mkrings_wait(rn_mkrings *m, void ***maps);
void rn_mkrings_unmap(void **maps, int ncpu, uint64_t bytes);

/* ---- rn_record_bpf_tpid.c ---- */
struct bpf_object;
/* The tracepoints the tp_btf programs of the object file elf (size bytes:
 * the skeleton's, read before any open) attach to, into out (pointing into
 * elf): how many, or -1 beyond max or when elf cannot be read. */
int rn_bpf_tp_names(const void *elf, size_t size, const char **out, int max);
/* Loads and attaches the tp_btf programs of objects opened from now on
 * with the kernel BTF ids of tracepoints tps[0..n) (a section handler;
 * the ids come by rn_bpf_tp_ids before the load): libbpf does not read the
 * kernel BTF for them. 0 or -1. */
int rn_bpf_tp_on(const char *const *tps, int n);
/* The ids of rn_bpf_tp_on's tracepoints, in its order: 0, or -1 when one
 * is 0 (not found). */
int rn_bpf_tp_ids(const uint32_t *ids);
/* After opening obj: what keeps libbpf from reading the kernel BTF anyway
 * (placeholder: any open descriptor; never passed to the kernel). 0 or -1. */
int rn_bpf_tp_fix(struct bpf_object *obj, int placeholder);
/* fn(arg) just before the first tp_btf program this thread loads with
 * the handler above (its object's maps exist by then): once; NULL clears. */
void rn_bpf_tp_first_load(void (*fn)(void *), void *arg);
/* Back to libbpf's own handling (for objects opened after). */
void rn_bpf_tp_off(void);

/* ---- rn_record_bpf_split.c ---- */
struct rn_record_bpf;
struct bpf_program;
typedef struct rn_bpf_split rn_bpf_split;
/* Has copy (a second skeleton, opened and set up as main) load the n
 * programs moved of main's, on a thread, once main's maps exist (which it
 * then uses); main will not load them. first(arg) runs on the thread
 * first, once the maps exist (unless main's load failed: see
 * rn_bpf_split_wait). NULL on failure (copy is the caller's then). */
rn_bpf_split *rn_bpf_split_start(struct rn_record_bpf *main, struct rn_record_bpf *copy,
                                 struct bpf_program *const *moved, int n, void (*first)(void *),
                                 void *arg);
/* main's maps exist (arg: the rn_bpf_split; for rn_bpf_tp_first_load). */
void rn_bpf_split_go(void *arg);
/* After main's load (main_err: its result): the copy's, 0 or -errno. */
int rn_bpf_split_wait(rn_bpf_split *s, int main_err);
/* The descriptor of the copy's program of the same name as p, or -1. */
int rn_bpf_split_fd(const rn_bpf_split *s, const struct bpf_program *p);
/* Frees s and the copy (after rn_bpf_split_wait). */
void rn_bpf_split_free(rn_bpf_split *s);

/* ---- rn_record_bpf_times.c ---- */
/* Marks the end of a start-up or teardown phase (RN_BPF_TIMES=1: printed
 * at exit by rn_bpf_times_print; else nothing). */
void rn_bpf_times_mark(const char *phase);
void rn_bpf_times_print(void);

/* ---- rn_record_bpf_mmsg.c ---- */
/* Non-zero when t's sendmmsg/recvmmsg record has fewer mmsghdr elements
 * than the ptrace backend would have followed (a loss to report). */
int rn_bpf_mmsg_short(const rn_thr *t, uint16_t arch, int64_t ret, uint32_t strsize);
/* Non-zero when syscall nr of arch has an mmsghdr vector argument. */
int rn_bpf_mmsg_nr(uint16_t arch, uint32_t nr);

/* ---- rn_record_bpf_reread.c ---- */
/* Non-zero when t's capture k, an entry capture read again at the call's
 * exit, holds what the memory held at entry: the call wrote none of it
 * (its exit captures) and is no exec that succeeded (exec_ok). */
int rn_bpf_reread_ok(const rn_thr *t, int k, int exec_ok);

/* ---- rn_record_bpf_plan.c ---- */
/* Fills the maps rn_plans and rn_sels from the catalog and o; keep[nr]
 * (RN_BPF_KEEP_*) and partial[nr] (the table could not hold every capture
 * the catalog plans) for each of RN_BPF_NR_MAX numbers. 0 or -1 (errno). */
int rn_bpf_plans_fill(int plans_fd, int sels_fd, const rn_rec_opts *o, uint8_t *keep,
                      uint8_t *partial);
/* The tail-called capture programs the tables of o can reach (RN_BPF_NEED_*
 * bits): made as rn_bpf_plans_fill makes them, written nowhere. The others
 * are not loaded (rn_record_bpf_load.c). */
enum {
	RN_BPF_NEED_ENTER_CAP = 1,   /* entry slots: rn_enter_cap */
	RN_BPF_NEED_EXIT_CAP = 2,    /* exit slots, or entry ones read again at exit */
	RN_BPF_NEED_STRS = 4,        /* argv, envp: rn_enter_strs */
	RN_BPF_NEED_ENTER_PARTS = 8, /* iovec, msghdr slots at entry */
	RN_BPF_NEED_EXIT_PARTS = 16, /* iovec, msghdr, mmsghdr slots (entry ones read again) */
	RN_BPF_NEED_ALL = 31
};
unsigned rn_bpf_plans_need(const rn_rec_opts *o);

/* ---- rn_record_bpf_btf.c ---- */
struct btf;
typedef struct rn_bpf_core rn_bpf_core;
/* Starts making, on a thread, the kernel types the program's BTF (the .BTF
 * section of the object file elf, size bytes: the skeleton's, before any
 * open) names, cut down, in a memfd for btf_custom_path (its descriptor in
 * *fd, to be closed by the caller; libbpf reads it at the load); and from
 * the same pass the kernel BTF id of each tracepoint tps[i] (the tp_btf
 * attach target). elf and tps stay valid until rn_bpf_core_wait. NULL when
 * it cannot start. */
rn_bpf_core *rn_bpf_core_start(const void *elf, size_t size, const char *const *tps, int ntp,
                               int *fd);
/* Waits: 0 with the memfd written and ids[i] (0: not found), or -1 when
 * the types could not be made. Frees c. */
int rn_bpf_core_wait(rn_bpf_core *c, uint32_t *ids);

/* ---- rn_record_bpf_early.c ---- */
/* Whether this libbpf creates the maps before it reads btf_custom_path. */
int rn_bpf_early_ok(void);
/* On the thread about to load obj (opened with btf_custom_path naming
 * descriptor path, /dev/null for now): when libbpf has made obj's last map,
 * call maps(arg), wait for cj, set the tracepoint ids (rn_bpf_tp_ids) and
 * dup2 core (the kernel types' memfd) onto path. */
void rn_bpf_early_arm(rn_bpf_core *cj, int core, int path, struct bpf_object *obj,
                      void (*maps)(void *), void *arg);
/* On the split copy's thread, before its load (arg unused: a
 * rn_bpf_split_start first()): its load waits at its last map until the
 * armed thread's gate has the types in place (or never will). */
void rn_bpf_early_join(void *arg);
/* From the libbpf log callback (fmt without "libbpf: "): 1 when it was the
 * gate. */
int rn_bpf_early_msg(const char *fmt, va_list ap);
/* After the load: 0 when the gate ran and put the types in place, else -1
 * (cj is waited for and freed either way). */
int rn_bpf_early_end(void);

/* ---- rn_record_bpf_ring.c ---- */
/* Data bytes of a ring mapped at first; rn_rings_drain maps more, doubling,
 * as the producer gets there. */
#define RN_BPF_RING_WINDOW (256u << 10)
/* Data bytes rn_rings_map_prod maps of a ring of bytes. */
uint64_t rn_rings_window(uint64_t bytes);
/* Maps ring fd's producer page and the first rn_rings_window(bytes) of its
 * data into a reservation of page + bytes (MADV_DONTFORK); MAP_FAILED on
 * failure. Unmapped as page + bytes. */
void *rn_rings_map_prod(int fd, uint64_t bytes);
typedef struct rn_rings rn_rings;
rn_rings *rn_rings_open(rn_bpf *b, uint64_t bytes, char *err, size_t n);
/* Hands fn every record with a time <= upto, in time order across the
 * rings; returns how many. */
typedef void (*rn_rings_fn)(const struct rn_bpf_hdr *h, void *ctx);
long rn_rings_drain(rn_rings *r, uint64_t upto, rn_rings_fn fn, void *ctx);
/* 0, or the errno of a ring's data that could not be mapped (its records
 * were left unread: the recording failed). */
int rn_rings_failed(const rn_rings *r);
/* Bytes written but not yet drained in the fullest ring. */
uint64_t rn_rings_pending(rn_rings *r);
void rn_rings_close(rn_rings *r);

/* ---- rn_record_bpf_scope.c: -p, -a, --cgroup ---- */
struct rn_record_bpf;
struct rn_bpf_seen;
/* The skeleton (maps, .rodata) of an open rn_bpf. */
struct rn_record_bpf *rn_bpf_skel(rn_bpf *b);
/* Non-zero for -p, -a or --cgroup; the option's name for messages. */
int rn_bpf_scope_on(const rn_rec_opts *o);
const char *rn_bpf_scope_name(const rn_rec_opts *o);
/* What keeps the scope from working here (one line in why), or 0. */
int rn_bpf_scope_check(const rn_rec_opts *o, char *why, size_t n);
/* .rodata before load; the cgroup map after (0 or -1 with why). */
void rn_bpf_scope_rodata(struct rn_record_bpf *skel, const rn_rec_opts *o);
int rn_bpf_scope_maps(struct rn_record_bpf *skel, const rn_rec_opts *o, char *why, size_t n);
/* SIGINT, SIGTERM, SIGHUP stop recording (set first thing: one sent while
 * the programs load, seconds on a loaded host, must not be lost). */
void rn_bpf_scope_signals(void);
/* Starts recording: -p seeds every thread (rn_tasks and rn_tidmap) and
 * writes each process's identity, code mappings included; attaches the
 * programs; starts --duration's clock; notes the -p threads /proc shows
 * inside a call; says in one line (unless -q) what is recorded until
 * when. 0, or -1 (printed). */
int rn_bpf_scope_begin(rn_bpf *b, const rn_rec_opts *o, rn_out *out);
/* When recording started: the entry time of calls already in progress. */
uint64_t rn_bpf_scope_t0(void);
/* Non-zero when recording should stop (signal, --duration, -p all gone). */
int rn_bpf_scope_over(rn_bpf *b, const rn_rec_opts *o, uint64_t now);
/* A thread taken in by -a/--cgroup: its process's identity, once. */
void rn_bpf_scope_seen(const struct rn_bpf_seen *r, rn_out *out);
/* A process whose identity the trace has (a recorded fork's child), or no
 * longer has (it ended). */
void rn_bpf_scope_known(pid_t pid);
void rn_bpf_scope_forget(pid_t pid);
/* -p threads /proc showed inside a call once attached: a record of such a
 * thread (saw) forgets it, and when that record is its end, sets up the
 * call as entered before recording (it never returned); at the end,
 * blocked_calls does so for each one still silent. */
void rn_bpf_scope_saw(rn_bpf *b, const rn_rec_opts *o, const struct rn_bpf_hdr *h);
int rn_bpf_scope_nblocked(void);
/* For the exec record of thread former (its id before the exec), read
 * just after rn_bpf_scope_saw: the call it was blocked in when -p started,
 * as /proc/TID/syscall showed it (its number, arguments and pc), the only
 * place an execve or execveat in progress then keeps them (at its exit the
 * registers are the new program's). 1, or 0 when there is none. */
int rn_bpf_scope_exec_call(pid_t former, int *nr, uint64_t args[6], uint64_t *pc);
void rn_bpf_scope_blocked_calls(rn_bpf *b, const rn_rec_opts *o);
/* DETACH events for every thread seen; frees the scope's state. */
void rn_bpf_scope_detach(rn_out *out);
/* Calls not recorded because rn_tasks was full (-a, --cgroup). */
uint64_t rn_bpf_scope_lost(rn_bpf *b);
/* 0 when path is a cgroup v2 directory, else -1 with one line in why. */
int rn_bpf_scope_cgroup_ok(const char *path, char *why, size_t n);

/* ---- rn_record_bpf_run.c ---- */
/* Records o's command with the bpf backend (h: the header, options noted).
 * Returns the exit status, or -1 when auto fell back to ptrace (said why). */
int rn_bpf_main(rn_rec_opts *o, rn_header *h);
/* Ends the header's options with --backend=NAME, the backend used (unless
 * they already do). */
void rn_bpf_note_backend(rn_rec_opts *o, const char *name);

/* ---- rn_record_bpf_stack.c: --stack (kernel side: bpf/rn_record_stack.bpf.h) ---- */
struct rn_record_bpf;
/* Before load: the stack size, syscall numbers and map sizes. */
void rn_bpf_stack_setup(struct rn_record_bpf *skel, const rn_rec_opts *o, int ncpu);
/* After load: the tail call to rn_enter_stack. 0 or -1. */
int rn_bpf_stack_tail(struct rn_record_bpf *skel, const rn_rec_opts *o);
/* A stack record (RN_BPF_STACK_REC) as t's REGS and STACK captures. */
void rn_bpf_stack_add(rn_thr *t, const struct rn_bpf_hdr *h);
/* Non-zero (and counted) when t's current call, about to be written,
 * should have a stack and has none (its record was left out). */
int rn_bpf_stack_missing(const rn_thr *t);
/* Calls written without their stack. */
uint64_t rn_bpf_stack_lost(void);
/* Default bytes per CPU ring with --stack. */
uint64_t rn_bpf_stack_ring(int ncpu);

/* ---- rn_record_bpf_maps.c: Mapping events from the kernel's VMA records ---- */
/* A RN_BPF_MAP_REC record as a Mapping event. */
void rn_bpf_maps_rec(rn_out *out, const struct rn_bpf_hdr *h);
/* Code mappings that could not be read (the process was gone). */
uint64_t rn_bpf_maps_missed(void);

#endif
