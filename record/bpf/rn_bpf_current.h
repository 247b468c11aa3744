/* rn_bpf_current.h: the current thread's ids, read the cheapest way the
 * running kernel allows. Every syscall of every thread on the host runs
 * rn_sys_enter and rn_sys_exit, so this is paid per call by traced and
 * untraced threads alike. From 5.11 bpf_get_current_task_btf hands the
 * program a typed pointer to the current task_struct (inlined to one load
 * by recent kernels): its fields are read with plain loads. Before 5.11 the
 * bpf_get_current_pid_tgid helper does it. The test costs nothing at run
 * time (a CO-RE constant: the verifier drops the branch not taken, with
 * its call of a helper an old kernel would refuse) nor at start-up (a field
 * of struct task_struct, whose BTF match libbpf makes anyway): task_struct
 * gained bpf_storage in the same release and series as
 * bpf_get_current_task_btf (task local storage, 5.11). Included by
 * rn_bpf_compat.h (rn_record.bpf.c), after rn_bpf_kernel.h. */
#ifndef RN_BPF_CURRENT_H
#define RN_BPF_CURRENT_H

/* Non-zero when bpf_get_current_task_btf exists. */
#define rn_cur_btf() bpf_core_field_exists(struct task_struct, bpf_storage)

/* As bpf_get_current_pid_tgid(): thread group id << 32 | thread id. */
static __always_inline u64 rn_pid_tgid(void)
{
	if (rn_cur_btf()) {
		struct task_struct *t = bpf_get_current_task_btf();
		return (u64)(u32)t->tgid << 32 | (u32)t->pid;
	}
	return bpf_get_current_pid_tgid();
}

#endif
