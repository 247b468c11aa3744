/* rn_bpf_stack.h: what the BPF program and rn-record's user space agree on
 * for --stack under --backend=bpf: the stack record that follows a call's
 * ENTER record on the same ring (registers and the user stack copied at
 * syscall entry, as perf --call-graph dwarf does), and the code mappings the
 * kernel side reads when a traced process execs or maps code.
 * Plain C types only: included by both the BPF and the host compiler. */
#ifndef RN_BPF_STACK_H
#define RN_BPF_STACK_H

#include "rn_bpf_abi.h"

#define RN_BPF_STACK_REC 16    /* rn_bpf_hdr.type of struct rn_bpf_stack */
#define RN_BPF_REGS_MAX  272   /* aarch64 user_pt_regs; x86_64 uses 216 */
#define RN_BPF_STACK_MAX 65528 /* = RN_REC_STACK_MAX */

/* Registers and stack of one syscall entry: this, then len bytes, padded
 * to 8. The registers are laid out as the kernel's NT_PRSTATUS regset (what
 * PTRACE_GETREGSET gives the ptrace backend). */
struct rn_bpf_stack {
	struct rn_bpf_hdr h;
	unsigned long long sp;
	unsigned int nr;       /* the call, as in its ENTER record */
	unsigned int regs_len; /* bytes of regs used */
	unsigned int want;     /* --stack bytes asked for */
	unsigned int len;      /* bytes read from sp upwards; fewer: a page was unreadable */
	unsigned char regs[RN_BPF_REGS_MAX];
};

/* A code mapping of a traced process, read from its VMA in the kernel right
 * after an exec (the executable's and the interpreter's), or an mmap or
 * mprotect with PROT_EXEC: the process is never stopped, so /proc/PID/maps
 * may be gone by the time user space could read it. This, then ncomp path
 * components of RN_BPF_MAP_NAME bytes each (NUL-terminated), leaf first. */
#define RN_BPF_MAP_REC   17
#define RN_BPF_MAP_DEPTH 32
#define RN_BPF_MAP_NAME  256
struct rn_bpf_maprec {
	struct rn_bpf_hdr h;
	unsigned long long start, end, pgoff, ino;
	unsigned int dev;   /* the kernel's encoding: major << 20 | minor */
	unsigned int prot;  /* PROT_* */
	unsigned int flags; /* RN_BPF_MF_* */
	unsigned int ncomp;
};
enum {
	RN_BPF_MF_RESET = 1,  /* the first after an exec: earlier mappings are gone */
	RN_BPF_MF_FAILED = 2, /* the VMA could not be read (mmap_lock busy): read /proc */
	RN_BPF_MF_DEEP = 4    /* path deeper than RN_BPF_MAP_DEPTH: read /proc */
};

#endif
