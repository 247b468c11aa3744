/* rn_bpf_scope.h: the kernel side of -a, --cgroup and -p (included by
 * rn_record.bpf.c after its ring and map helpers). -a and --cgroup take a
 * thread into rn_tasks at the first syscall entry or exit it makes while
 * recording (rn-record's own threads never; for --cgroup only while it is
 * under the cgroup in rn_cgroup, descendants included) and tell user space
 * once per thread what the kernel knows of its process (RN_BPF_SEEN: start
 * time, parent, comm, argv read from the process itself). A thread inside a
 * call when recording started (seeded by -p, or taken in at an exit) has
 * RN_BPF_REREAD_MID set: its first exit is preceded by a RN_BPF_MIDENTER
 * record with the call's arguments, and the entry captures are read at that
 * exit (-1: that record was lost, counted, and the exit is dropped too). */
#ifndef RN_BPF_SCOPE_H
#define RN_BPF_SCOPE_H

#include "rn_bpf_scope_abi.h"

const volatile __u32 rn_scope = RN_BPF_SCOPE_TASKS;
const volatile __u32 rn_self_tgid = 0; /* rn-record: never recorded */
/* the only call whose exit has no number (from the catalog at start-up) */
const volatile __u32 rn_nr_rt_sigreturn = ~0u;

#define RN_BPF_MAP_CGROUP_ARRAY 8 /* BPF_MAP_TYPE_CGROUP_ARRAY */

struct {
	__uint(type, RN_BPF_MAP_CGROUP_ARRAY);
	__uint(max_entries, 1);
	__uint(key_size, sizeof(u32));
	__uint(value_size, sizeof(u32));
} rn_cgroup SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, struct rn_bpf_scope_counts);
} rn_scope_counts SEC(".maps");

/* The fields read here (CO-RE: the ___scope flavour matches the kernel's
 * task_struct by name). */
struct task_struct___scope {
	struct task_struct___scope *real_parent;
	struct task_struct___scope *group_leader;
	pid_t tgid;
	u64 start_boottime;
	char comm[16];
	struct mm_struct *mm;
} __attribute__((preserve_access_index));

/* Non-zero when the current thread is outside --cgroup's tree. */
static __always_inline int scope_out(void)
{
	if (rn_scope != RN_BPF_SCOPE_CGROUP)
		return 0;
	return bpf_current_task_under_cgroup(&rn_cgroup, 0) != 1;
}

/* RN_BPF_SEEN for the current thread's process. */
static __always_inline void put_seen(u32 tid, u32 tgid)
{
	struct rn_scratch *s = scratch();
	if (!s)
		return;
	struct rn_bpf_seen *r = (void *)s->buf;
	struct task_struct___scope *t = (void *)bpf_get_current_task();
	struct task_struct___scope *l = BPF_CORE_READ(t, group_leader);
	fill_hdr(&r->h, bpf_ktime_get_ns(), tid, tgid, RN_BPF_SEEN);
	r->start_ns = BPF_CORE_READ(l, start_boottime);
	r->ppid = (u32)BPF_CORE_READ(t, real_parent, tgid);
	r->flags = 0;
	r->pad = 0;
	bpf_probe_read_kernel_str(r->comm, sizeof(r->comm), &l->comm);
	u64 as = BPF_CORE_READ(t, mm, arg_start), ae = BPF_CORE_READ(t, mm, arg_end);
	u64 len = ae > as ? ae - as : 0;
	if (len > RN_BPF_SEEN_ARGV) {
		len = RN_BPF_SEEN_ARGV;
		r->flags |= RN_BPF_SEENF_TRUNC;
	}
	u32 l32 = (u32)BOUND(len, 2 * RN_BPF_SEEN_ARGV - 1);
	if (l32 > RN_BPF_SEEN_ARGV)
		l32 = RN_BPF_SEEN_ARGV;
	if (!l32 || bpf_probe_read_user(&s->buf[sizeof(*r)], l32, (const void *)as) < 0) {
		r->flags |= RN_BPF_SEENF_UNREAD;
		l32 = 0;
	}
	r->argv_len = l32;
	u32 size = (u32)sizeof(*r) + ((l32 + 7) & ~7u);
	r->h.size = size;
	submit_proc(s->buf, size);
}

/* Takes the current thread in under -a/--cgroup (the caller checked
 * scope_out); NULL when the scope does not take it or the table is full
 * (counted: the call is not recorded). mid: seen first at an exit. */
static __always_inline struct rn_bpf_task *scope_admit(u64 pt, int mid)
{
	if (rn_scope == RN_BPF_SCOPE_TASKS)
		return 0;
	u32 tid = (u32)pt, tgid = (u32)(pt >> 32);
	if (tgid == rn_self_tgid || tgid == 0)
		return 0;
	struct rn_bpf_task t = {.tgid = tgid};
	if (mid) {
		t.reread = RN_BPF_REREAD_MID | RN_BPF_REREAD_ALL;
		t.nr = rn_nr_rt_sigreturn;
	}
	if (bpf_map_update_elem(&rn_tasks, &tid, &t, BPF_NOEXIST) < 0) {
		struct rn_bpf_task *old = bpf_map_lookup_elem(&rn_tasks, &tid);
		if (old)
			return old; /* taken in meanwhile on another CPU (a fork) */
		u32 zero = 0;
		struct rn_bpf_scope_counts *c = bpf_map_lookup_elem(&rn_scope_counts, &zero);
		if (c)
			__sync_fetch_and_add(&c->admit_full, 1);
		return 0;
	}
	tid_mark(tid, 1);
	group_add(tgid);
	put_seen(tid, tgid);
	return bpf_map_lookup_elem(&rn_tasks, &tid);
}

/* Before the first exit of a thread that was inside a call when recording
 * started: the call's number and arguments (from the registers, which the
 * kernel keeps unchanged but for the return value). */
static __always_inline int scope_midcall(struct rn_bpf_task *tk, const u64 *args,
                                         struct pt_regs *regs, u64 nr, u64 pt)
{
	if (!(tk->reread & RN_BPF_REREAD_MID))
		return 0;
	tk->reread &= ~RN_BPF_REREAD_MID;
	struct rn_bpf_enter e;
	fill_hdr(&e.h, bpf_ktime_get_ns(), (u32)pt, (u32)(pt >> 32), RN_BPF_MIDENTER);
	e.h.size = sizeof(e);
	e.nr = nr;
	__builtin_memcpy(e.args, args, sizeof(e.args));
	e.ip = regs_ip(regs);
	if (submit(&e, sizeof(e)) < 0) {
		tk->reread = 0; /* counted (ring full): the whole call is lost */
		return -1;
	}
	return 0;
}

#endif
