/* rn_bpf_tasks.h: where the kernel side keeps each traced thread's state
 * (struct rn_bpf_task) and how it tells a traced thread from the others.
 * Every syscall of every thread on the host runs rn_sys_enter and
 * rn_sys_exit, so this is paid per call by traced and untraced threads.
 * First the rn_tidmap byte of the thread's id (an inlined array access):
 * 0 for an untraced thread, which pays nothing more. (Not the task_struct's
 * bpf_storage pointer: a pointer read through a trusted task pointer costs
 * the verifier four searches of the kernel's BTF, ~1 ms of every start per
 * program.) Then the state, one of two ways chosen at load by rn-record
 * (rn_store, .rodata: the verifier walks only the one taken):
 * - task-local storage (rn_store = 1: Linux 5.12+, where tracing programs
 *   may use it, for a launched command with or without -f): the state
 *   hangs off the thread's task_struct (rn_task_store), a
 *   bpf_task_storage_get (5-9 ns a call here) instead of a hash lookup
 *   (17-25 ns: docs/benchmarks/record-backends.md). The launched command's
 *   is made by rn-record through a pidfd before it runs, its children's at
 *   their fork. rn_tasks then only lists the traced threads' ids for user
 *   space (is any left?), written at fork, exec and exit, never on the hot
 *   path;
 * - the rn_tasks hash keyed by thread id (5.8 to 5.11, and -p, -a and
 *   --cgroup, where user space seeds threads by id and reads the calls
 *   still pending at the end: neither can reach a thread's task storage by
 *   id before Linux 6.9's PIDFD_THREAD). rn-record then makes rn_task_store
 *   a one-entry hash (a map the programs name must exist; only code the
 *   verifier drops uses it).
 * With task storage the state follows the task_struct: a thread that execs
 * keeps its own, and a reused thread id never meets a stale one. Included
 * by rn_record.bpf.c after its counters. */
#ifndef RN_BPF_TASKS_H
#define RN_BPF_TASKS_H

#include "rn_bpf_current.h"

#define RN_BPF_MAP_TASK_STORAGE           29 /* BPF_MAP_TYPE_TASK_STORAGE (5.11) */
#define RN_BPF_LOCAL_STORAGE_GET_F_CREATE 1

const volatile __u32 rn_store = 0; /* the traced threads' state in rn_task_store */

struct {
	__uint(type, RN_BPF_MAP_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct rn_bpf_task);
} rn_task_store SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, RN_BPF_TASKS);
	__uint(map_flags, BPF_F_NO_PREALLOC); /* preallocating 65536 entries cost ~4 ms a start */
	__type(key, u32);
	__type(value, struct rn_bpf_task);
} rn_tasks SEC(".maps");

/* One byte per thread id, set while the thread is in rn_tasks (hash way
 * only): for an untraced thread this byte (an inlined array access) is all
 * it pays, not a hash lookup that misses (50 ns a call measured). Mapped by
 * rn-record, which sets the threads it seeds. Sized by rn-record from
 * pid_max (rn_tidmask + 1 bytes, a power of two: 32 KiB where pid_max is
 * 32768, not the 4 MiB of PID_MAX_LIMIT zeroed at every start); an id past
 * it (pid_max raised while recording) is "maybe", looked up. No BTF value
 * type: its size is set at load. */
const volatile __u32 rn_tidmask = RN_BPF_TIDMAP - 1;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(key_size, sizeof(u32));
	__uint(value_size, RN_BPF_TIDMAP);
} rn_tidmap SEC(".maps");

static __always_inline u8 *tidmap(void)
{
	return ONLY(rn_tidmap);
}

static __always_inline void tid_mark(u32 tid, u8 on)
{
	u8 *m = tidmap();
	if (m && tid <= rn_tidmask)
		m[BOUND(tid, rn_tidmask)] = on;
}

/* 0 when thread tid is not traced (ids past the map: maybe) */
static __always_inline int tid_on(u32 tid)
{
	u8 *m = tidmap();
	return !(m && tid <= rn_tidmask && !m[BOUND(tid, rn_tidmask)]);
}

/* Thread t's (thread id tid) state, or NULL. t: a task_struct the program
 * was handed (a tracepoint's argument, or the current one). */
static __always_inline struct rn_bpf_task *task_get(struct task_struct *t, u32 tid)
{
	if (!tid_on(tid))
		return 0;
	if (!rn_store)
		return bpf_map_lookup_elem(&rn_tasks, &tid);
	return bpf_task_storage_get(&rn_task_store, t, 0, 0);
}

/* The current thread's state, or NULL; *pt: its ids as
 * bpf_get_current_pid_tgid() gives them. */
static __always_inline struct rn_bpf_task *task_cur(u64 *pt)
{
	*pt = rn_pid_tgid();
	u32 tid = (u32)*pt;
	if (!tid_on(tid))
		return 0; /* an untraced thread: this byte is all it pays */
	if (!rn_store)
		return bpf_map_lookup_elem(&rn_tasks, &tid);
	return bpf_task_storage_get(&rn_task_store, bpf_get_current_task_btf(), 0, 0);
}

/* Thread t (id tid) traced from now on, in state *init; 0, or -1 when the
 * table has no room (the caller counts it). */
static __always_inline int task_add(struct task_struct *t, u32 tid, struct rn_bpf_task *init)
{
	tid_mark(tid, 1);
	/* a stale entry of a reused tid is replaced (exits delete theirs) */
	if (!rn_store)
		return bpf_map_update_elem(&rn_tasks, &tid, init, BPF_ANY) < 0 ? -1 : 0;
	if (!bpf_task_storage_get(&rn_task_store, t, init, RN_BPF_LOCAL_STORAGE_GET_F_CREATE))
		return -1;
	if (bpf_map_update_elem(&rn_tasks, &tid, init, BPF_ANY) < 0) {
		bpf_task_storage_delete(&rn_task_store, t);
		return -1;
	}
	return 0;
}

/* Thread t (id tid) no longer traced (it ended). */
static __always_inline void task_del(struct task_struct *t, u32 tid)
{
	if (rn_store)
		bpf_task_storage_delete(&rn_task_store, t);
	bpf_map_delete_elem(&rn_tasks, &tid);
	tid_mark(tid, 0);
}

/* Thread t, whose state is tk, exec'd from thread id old: it now has the
 * leader's id tid and thread group tgid. 0, or -1 when the table had no
 * room (counted by the caller). */
static __always_inline int task_moved(struct task_struct *t, struct rn_bpf_task *tk, u32 old,
                                      u32 tid, u32 tgid)
{
	struct rn_bpf_task v = *tk;
	v.tgid = tgid;
	if (rn_store)
		tk->tgid = tgid; /* the state stays with the task_struct */
	bpf_map_delete_elem(&rn_tasks, &old);
	tid_mark(old, 0);
	tid_mark(tid, 1);
	if (bpf_map_update_elem(&rn_tasks, &tid, &v, BPF_ANY) < 0) {
		if (rn_store)
			bpf_task_storage_delete(&rn_task_store, t);
		return -1;
	}
	return 0;
}

#endif
