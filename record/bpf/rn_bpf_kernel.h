/* rn_bpf_kernel.h: the few kernel types the BPF program touches, written by
 * hand (no vmlinux.h from the build machine). preserve_access_index makes
 * every field access a CO-RE relocation: libbpf finds each field by name in
 * the running kernel's BTF at load time, so order and offsets here do not
 * matter, only names and types. Also the integer types and map constants
 * libbpf's bpf_helpers.h expects (from the UAPI, stable numbers). */
#ifndef RN_BPF_KERNEL_H
#define RN_BPF_KERNEL_H

typedef unsigned char __u8;
typedef signed char __s8;
typedef unsigned short __u16;
typedef short __s16;
typedef unsigned int __u32;
typedef int __s32;
typedef unsigned long long __u64;
typedef long long __s64;
typedef __u16 __be16;
typedef __u32 __be32;
typedef __u32 __wsum;
typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __s32 s32;
typedef __u64 u64;
typedef __s64 s64;
typedef int pid_t;
typedef _Bool bool;

/* include/uapi/linux/bpf.h */
enum {
	BPF_MAP_TYPE_HASH = 1,
	BPF_MAP_TYPE_ARRAY = 2,
	BPF_MAP_TYPE_PROG_ARRAY = 3,
	BPF_MAP_TYPE_PERCPU_ARRAY = 6,
	BPF_MAP_TYPE_ARRAY_OF_MAPS = 12,
	BPF_MAP_TYPE_RINGBUF = 27
};
enum { BPF_ANY = 0, BPF_NOEXIST = 1, BPF_EXIST = 2 };
enum { BPF_F_NO_PREALLOC = 1, BPF_F_MMAPABLE = 1024 };
enum { BPF_RB_NO_WAKEUP = 1, BPF_RB_FORCE_WAKEUP = 2 };
enum { BPF_RB_AVAIL_DATA = 0 }; /* bpf_ringbuf_query: bytes not yet consumed */

/* x86_64's pt_regs: the order the entry code pushes, fixed since 2.6 (the
 * ptrace ABI's user_regs_struct): no CO-RE relocation, one type fewer for
 * libbpf to look up in the kernel's BTF at every start (~1 ms each). */
#if defined(__TARGET_ARCH_x86)
struct pt_regs {
	unsigned long r15, r14, r13, r12, bp, bx, r11, r10, r9, r8;
	unsigned long ax, cx, dx, si, di, orig_ax, ip, cs, flags, sp, ss;
};
#endif

/* siginfo's head: the UAPI layout, read from a copy (no CO-RE either). */
struct kernel_siginfo {
	int si_signo;
	int si_errno;
	int si_code;
};

#pragma clang attribute push(__attribute__((preserve_access_index)), apply_to = record)

#if defined(__TARGET_ARCH_x86)
#elif defined(__TARGET_ARCH_arm64)
struct pt_regs {
	unsigned long long regs[31]; /* inside anonymous members: matched by name */
	unsigned long long sp, pc, pstate;
	unsigned long long orig_x0;
	int syscallno;
};
#else
#error "rn's BPF recorder supports x86_64 and aarch64"
#endif

typedef struct {
	int counter;
} atomic_t;

struct signal_struct {
	atomic_t live;       /* threads not yet in do_exit's accounting */
	unsigned int flags;  /* SIGNAL_GROUP_EXIT = 4 */
	int group_exit_code; /* with SIGNAL_GROUP_EXIT: the process's wait status */
};

struct completion;

struct mm_struct {
	unsigned long arg_start, arg_end; /* argv strings on the new stack */
};

struct inode {
	unsigned short i_mode;
	unsigned long i_ino;
};

struct file {
	struct inode *f_inode;
};

struct fdtable {
	unsigned int max_fds;
	struct file **fd;
};

struct files_struct {
	struct fdtable *fdt;
};

struct task_struct {
	struct files_struct *files;
	pid_t pid;
	pid_t tgid;
	int exit_code;
	int exit_signal; /* -1 for a thread */
	struct signal_struct *signal;
	struct task_struct *group_leader;
	struct completion *vfork_done;
	struct mm_struct *mm;
	void *bpf_storage; /* 5.11+ (only tested for: rn_bpf_current.h) */
};

struct linux_binprm {
	const char *filename;
	int argc, envc;
};

#pragma clang attribute pop

struct k_sigaction;

#endif
