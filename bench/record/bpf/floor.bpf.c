/* floor.bpf.c: the design issue 12 measured before rn's bpf backend existed,
 * as its "libbpf prototype" row describes it: tp_btf/sys_enter and
 * tp_btf/sys_exit write the syscall number, six arguments (or the return
 * value) and a nanosecond time into one BPF ring buffer, for the threads of
 * the traced process tree (a tgid hash filled at fork). No captures, no
 * per-CPU rings, no loss accounting, nothing written to a file: the floor
 * of a kernel-side recorder on this host, for bench/record/backends.py. */
#include "rn_bpf_kernel.h"

#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

struct floor_rec {
	u64 time;
	s64 nr;
	u64 a[6]; /* arguments at entry; a[0] the return value at exit */
	u32 tid;
	u32 exit;
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 16 << 20);
} floor_ring SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, u32);
	__type(value, u8);
} floor_tgids SEC(".maps");

unsigned long long floor_lost = 0;

static __always_inline struct floor_rec *floor_start(s64 nr, u32 exit)
{
	u64 id = bpf_get_current_pid_tgid();
	u32 tgid = (u32)(id >> 32);
	if (!bpf_map_lookup_elem(&floor_tgids, &tgid))
		return 0;
	struct floor_rec *r = bpf_ringbuf_reserve(&floor_ring, sizeof(*r), 0);
	if (!r) {
		__sync_fetch_and_add(&floor_lost, 1);
		return 0;
	}
	r->time = bpf_ktime_get_ns();
	r->nr = nr;
	r->tid = (u32)id;
	r->exit = exit;
	return r;
}

SEC("tp_btf/sys_enter")
int BPF_PROG(floor_enter, struct pt_regs *regs, long id)
{
	struct floor_rec *r = floor_start(id, 0);
	if (!r)
		return 0;
#if defined(__TARGET_ARCH_x86) /* plain loads, as rn's own programs read them */
	r->a[0] = regs->di;
	r->a[1] = regs->si;
	r->a[2] = regs->dx;
	r->a[3] = regs->r10;
	r->a[4] = regs->r8;
	r->a[5] = regs->r9;
#else
	r->a[0] = PT_REGS_PARM1_CORE_SYSCALL(regs);
	r->a[1] = PT_REGS_PARM2_CORE_SYSCALL(regs);
	r->a[2] = PT_REGS_PARM3_CORE_SYSCALL(regs);
	r->a[3] = PT_REGS_PARM4_CORE_SYSCALL(regs);
	r->a[4] = PT_REGS_PARM5_CORE_SYSCALL(regs);
	r->a[5] = PT_REGS_PARM6_CORE_SYSCALL(regs);
#endif
	bpf_ringbuf_submit(r, BPF_RB_NO_WAKEUP);
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(floor_exit, struct pt_regs *regs, long ret)
{
	struct floor_rec *r = floor_start(-1, 1);
	if (!r)
		return 0;
	r->a[0] = (u64)ret;
	bpf_ringbuf_submit(r, BPF_RB_NO_WAKEUP);
	return 0;
}

SEC("tp_btf/sched_process_fork")
int BPF_PROG(floor_fork, struct task_struct *parent, struct task_struct *child)
{
	u32 ptgid = (u32)parent->tgid, ctgid = (u32)child->tgid;
	u8 one = 1;
	if (ptgid != ctgid && bpf_map_lookup_elem(&floor_tgids, &ptgid))
		bpf_map_update_elem(&floor_tgids, &ctgid, &one, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
