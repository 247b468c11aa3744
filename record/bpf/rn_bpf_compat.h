/* rn_bpf_compat.h: tells an ia32 call (int $0x80 from a 64-bit x86 program)
 * from a native one, as the kernel's in_ia32_syscall() does: the thread's
 * thread_info.status has TS_COMPAT (0x0002, "32bit syscall active", in
 * arch/x86/include/asm/processor.h, thread_info.h in older kernels) from the
 * call's entry until its return to user space, so at sys_enter and sys_exit
 * alike (tests/record/test_ia32.sh checks both). Such a call's number is the i386 one and its
 * arguments are the low 32 bits of bx, cx, dx, si, di, bp (the kernel reads
 * no more of them). rn_record.bpf.c marks its number
 * with RN_BPF_NR_IA32 (rn_bpf_abi.h); user space writes it with
 * RN_SC_COMPAT. Other arches: never. Included by rn_record.bpf.c only. */
#ifndef RN_BPF_COMPAT_H
#define RN_BPF_COMPAT_H

#include "rn_bpf_current.h"

#if defined(__TARGET_ARCH_x86)
#define RN_TS_COMPAT 0x0002
struct thread_info___rncompat {
	u32 status;
} __attribute__((preserve_access_index));
struct task_struct___rncompat {
	struct thread_info___rncompat thread_info;
} __attribute__((preserve_access_index));

/* RN_BPF_NR_IA32 when the current call is an ia32 one, else 0: a plain
 * load through the typed task pointer where the kernel has one
 * (rn_bpf_current.h), else a bpf_probe_read_kernel. */
static __always_inline u64 rn_ia32_bit(void)
{
	u32 status;
	if (rn_cur_btf()) {
		struct task_struct___rncompat *t = (void *)bpf_get_current_task_btf();
		status = t->thread_info.status;
	} else {
		struct task_struct___rncompat *task = (void *)bpf_get_current_task();
		status = BPF_CORE_READ(task, thread_info.status);
	}
	return status & RN_TS_COMPAT ? RN_BPF_NR_IA32 : 0;
}

static __always_inline void regs_args_ia32(struct pt_regs *regs, u64 *a)
{
	a[0] = (u32)regs->bx;
	a[1] = (u32)regs->cx;
	a[2] = (u32)regs->dx;
	a[3] = (u32)regs->si;
	a[4] = (u32)regs->di;
	a[5] = (u32)regs->bp;
}
#else
static __always_inline u64 rn_ia32_bit(void)
{
	return 0;
}

/* Never called with a call of the ia32 bit, but the verifier walks that
 * path too (the number is a register's): the arguments are set on it,
 * or their stack slots would be read unwritten (arm64 6.1 refused
 * rn_sys_enter so). */
static __always_inline void regs_args_ia32(struct pt_regs *regs, u64 *a)
{
	(void)regs;
	for (int i = 0; i < 6; i++)
		a[i] = 0;
}
#endif

#endif
