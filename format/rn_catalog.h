/* rn_catalog.h: the syscall catalog: numbers and names per architecture
 * (generated from the kernel headers), classes for -e trace=%file etc., the
 * kind of each argument, and what memory the recorder must copy out of the
 * tracee for each call (rn_catalog_plan). The recorder and every decoder use
 * this one table (format/data/syscalls.def); nothing else in rn lists
 * syscalls. Lookups go by name, so one table serves x86_64 and aarch64. */
#ifndef RN_CATALOG_H
#define RN_CATALOG_H

#include "rn_event.h"

#include <stddef.h>
#include <stdint.h>

#define RN_NR_MAX 1024 /* syscall numbers are below this on every supported arch */

/* Syscall classes, as strace's -e trace=%CLASS. */
enum {
	RN_CLASS_FILE = 1 << 0, /* takes a file name */
	RN_CLASS_DESC = 1 << 1, /* takes or returns a file descriptor */
	RN_CLASS_NETWORK = 1 << 2,
	RN_CLASS_PROCESS = 1 << 3,
	RN_CLASS_SIGNAL = 1 << 4,
	RN_CLASS_IPC = 1 << 5,
	RN_CLASS_MEMORY = 1 << 6,
	RN_CLASS_CREDS = 1 << 7,
	RN_CLASS_CLOCK = 1 << 8,
	RN_CLASS_STAT = 1 << 9,    /* %%stat: every stat-like call */
	RN_CLASS_STATFS = 1 << 10, /* %%statfs */
	RN_CLASS_PURE = 1 << 11,   /* always succeeds, no arguments (getpid...) */
	RN_CLASS_STAT_P = 1 << 12, /* %stat: stat by path */
	RN_CLASS_LSTAT = 1 << 13,  /* %lstat */
	RN_CLASS_FSTAT = 1 << 14,  /* %fstat: by fd (and fstatat) */
	RN_CLASS_STATFS_P = 1 << 15,
	RN_CLASS_FSTATFS = 1 << 16,
	RN_CLASS_BLOCKING = 1 << 17, /* waits on others (data/blocking.def) */
	/* The process life cycle (not strace classes: no -e trace=%name). The
	 * recorders must see these calls even when -e leaves them out, and the
	 * bpf backend keeps the fork family's entry record (a fork event is
	 * read against the parent's call in progress). */
	RN_CLASS_FORK = 1 << 18,   /* creates a process or thread: fork, vfork, clone... */
	RN_CLASS_EXEC = 1 << 19,   /* replaces the program: execve, execveat */
	RN_CLASS_ENDALL = 1 << 20, /* ends every thread of the process: exit_group */
	RN_CLASS_LIFECYCLE = RN_CLASS_FORK | RN_CLASS_EXEC | RN_CLASS_ENDALL
};

/* Argument kinds (rn_argspec low byte). */
enum rn_arg_kind {
	RN_A_NONE = 0,
	RN_A_INT,           /* int: the low 32 bits, signed decimal */
	RN_A_LONG,          /* long: all 64 bits, signed decimal */
	RN_A_UINT,          /* unsigned int: the low 32 bits, unsigned decimal */
	RN_A_HEX,           /* unsigned int in hex: the low 32 bits, 0x... */
	RN_A_OCT,           /* int in octal: the low 32 bits, 0755 */
	RN_A_PTR,           /* address, NULL for 0, never dereferenced */
	RN_A_FD,            /* file descriptor (-y shows its path) */
	RN_A_DIRFD,         /* AT_FDCWD or a file descriptor */
	RN_A_PATH,          /* file name, captured whole at entry */
	RN_A_STR,           /* other string, captured up to -s at entry */
	RN_A_FLAGS,         /* bit set; xlat = table */
	RN_A_ENUM,          /* one value; xlat = table */
	RN_A_MODE,          /* file mode bits (0644, S_IFREG|0644 for mknod) */
	RN_A_SIGNAL,        /* signal number */
	RN_A_PID,           /* process id */
	RN_A_BUF_IN,        /* buffer read by the kernel; len = length source */
	RN_A_BUF_OUT,       /* buffer written by the kernel; len = length source */
	RN_A_STRUCT_IN,     /* struct read by the kernel; xlat = RN_ST_* */
	RN_A_STRUCT_OUT,    /* struct written by the kernel (captured on success) */
	RN_A_STRUCT_INOUT,  /* both */
	RN_A_IOV_IN,        /* struct iovec[len] read by the kernel */
	RN_A_IOV_OUT,       /* struct iovec[len] written; bytes moved = ret */
	RN_A_ARGV,          /* NULL-terminated string array, strings printed */
	RN_A_ENVP,          /* NULL-terminated string array, only counted */
	RN_A_SOCKADDR_IN,   /* sockaddr with its length in arg len */
	RN_A_SOCKADDR_OUT,  /* sockaddr written, its length behind pointer arg len */
	RN_A_SOCKLEN_INOUT, /* socklen_t * value-result: [110 => 16] */
	RN_A_FDPAIR,        /* int[2] written (pipe, socketpair) */
	RN_A_POLLFD,        /* struct pollfd[len] read and written */
	RN_A_DIRENTS,       /* getdents64 buffer; bytes = ret */
	RN_A_INTPTR_OUT,    /* int written (wait status, len etc.): xlat = RN_ST_* */
	RN_A_CLONE_FLAGS,   /* clone flags with the exit signal in the low byte */
	RN_A_IDS_IN,        /* int[len] read by the kernel (setgroups) */
	RN_A_IDS_OUT,       /* int[len] written (getgroups: len = RET) */
	RN_A_CPUSET_IN,     /* CPU bit mask of len bytes (sched_setaffinity) */
	RN_A_CPUSET_OUT,    /* CPU bit mask written (len = RET bytes) */
	RN_A_EPOLL_OUT,     /* struct epoll_event[RET] written (epoll_wait) */
	RN_A_IOCTL_ARG,     /* ioctl's third argument: decoded by command */
	RN_A_FDSET,         /* fd_set of arg len descriptors, read and written (select) */
	RN_A_MSGHDR_IN,     /* struct msghdr read by the kernel, followed (sendmsg) */
	RN_A_MSGHDR_OUT,    /* struct msghdr filled by the kernel, followed (recvmsg) */
	RN_A_ULONG,         /* unsigned long, size_t: all 64 bits, unsigned decimal */
	RN_A_HEXL,          /* unsigned long in hex: all 64 bits */
	RN_A_UID,           /* uid_t/gid_t: the low 32 bits unsigned, -1 as -1 */
	RN_A_DEV,           /* mknod's dev_t: makedev(0x1, 0x3), only for devices */
	RN_A_SOCKOPT_NAME,  /* a socket option's name, by the level in argument 1 */
	RN_A_SOCKOPT_IN,    /* setsockopt's value; len: the argument holding its size */
	RN_A_SOCKOPT_OUT,   /* getsockopt's value, its size behind pointer arg len */
	RN_A_IPC_KEY,       /* key_t: IPC_PRIVATE or hex */
	RN_A_IPC_FLAGS,     /* IPC_CREAT|IPC_EXCL|0600: xlat names, then the mode */
	RN_A_SHMID_DS,      /* struct shmid_ds, msqid_ds or semid_ds (xlat = RN_ST_*), written
	                       by the STAT commands of argument len (shmctl, msgctl, semctl) */
	RN_A_SEMBUF,        /* struct sembuf[len] read by the kernel (semop) */
	RN_A_MSGBUF_IN,     /* {mtype, mtext[len]} read by the kernel (msgsnd) */
	RN_A_MSGBUF_OUT,    /* {mtype, mtext[len]} written (msgrcv) */
	RN_A_PAGEVEC_OUT,   /* a byte per page of arg len bytes, written (mincore) */
	RN_A_IOPRIO,        /* IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 4) */
	RN_A_FCNTL_ARG,     /* fcntl's third argument, by command (struct flock...) */
	RN_A_STRUCT_REM,    /* struct the kernel writes only when the call is
	                       interrupted (nanosleep's rem); else an address */
	RN_A_MMSGHDR_IN,    /* struct mmsghdr[len] sent (sendmmsg), followed at exit */
	RN_A_MMSGHDR_OUT,   /* struct mmsghdr[RET] received (recvmmsg), followed at exit */
	RN_A_NODES_IN,      /* NUMA node mask of arg len (maxnode) bits, read (set_mempolicy) */
	RN_A_NODES_OUT,     /* the same, written (get_mempolicy) */
	RN_A_PGOFF,         /* a file offset in 4096-byte pages (mmap2): hex bytes */
	RN_A_LL,            /* ia32: a 64-bit value, low 32 bits here, high in the next */
	RN_A_LLHI,          /* ia32: the high half of the LL before it (not printed) */
	RN_A_KIND_MAX
};

/* Length sources for BUF_*, IOV_*, SOCKADDR_*, POLLFD: an argument index
 * (0..5), the return value, or a fixed size from the struct. */
enum { RN_LEN_RET = 6, RN_LEN_FIXED = 7 };

/* Return value kinds. */
enum rn_ret_kind {
	RN_R_INT = 0, /* decimal */
	RN_R_HEX,     /* address (mmap, brk) */
	RN_R_FD,      /* descriptor (-y shows its path) */
	RN_R_OCT,     /* umask */
	RN_R_NONE,    /* never returns (exit, exit_group): "= ?" */
	RN_R_FCNTL    /* depends on the command (F_GETFL flags, F_GETFD...) */
};

/* Struct types (argspec xlat byte for RN_A_STRUCT_*). Sizes per arch come
 * from rn_struct_size(). */
enum rn_struct_type {
	RN_ST_NONE = 0,
	RN_ST_STAT,
	RN_ST_STATX,
	RN_ST_STATFS,
	RN_ST_TIMESPEC,
	RN_ST_TIMESPEC2, /* struct timespec[2] (utimensat) */
	RN_ST_TIMEVAL,
	RN_ST_TIMEZONE,
	RN_ST_RLIMIT,
	RN_ST_SIGACTION, /* kernel struct sigaction */
	RN_ST_SIGSET,    /* size from the sigsetsize argument (8) */
	RN_ST_UTSNAME,
	RN_ST_SYSINFO,
	RN_ST_RUSAGE,
	RN_ST_ITIMERSPEC,
	RN_ST_ITIMERVAL,
	RN_ST_EPOLL_EVENT,
	RN_ST_SCHED_PARAM,
	RN_ST_STACK_T,
	RN_ST_INT,        /* int */
	RN_ST_WAITSTATUS, /* int, printed as [{WIFEXITED(s) && WEXITSTATUS(s) == 0}] */
	RN_ST_U64,        /* 64-bit value (off_t *, __u64 *) */
	RN_ST_CLONE_ARGS,
	RN_ST_TMS,
	RN_ST_WINSIZE,
	RN_ST_MSGHDR,     /* struct msghdr: only the header; contents not followed */
	RN_ST_CAP_HEADER, /* capget/capset header {version, pid} */
	RN_ST_CAP_DATA,   /* two {effective, permitted, inheritable} (v2/v3) */
	RN_ST_PSELECT6,   /* pselect6's {sigset_t *, size_t} */
	RN_ST_SIGINFO,    /* siginfo_t */
	RN_ST_MQ_ATTR,    /* struct mq_attr */
	RN_ST_TIMEVAL2,   /* struct timeval[2] (utimes) */
	RN_ST_UTIMBUF,    /* struct utimbuf (utime) */
	/* newer calls: cachestat, file_getattr/file_setattr */
	RN_ST_CACHESTAT_RANGE, /* struct cachestat_range {off, len} */
	RN_ST_CACHESTAT,       /* struct cachestat: five page counts */
	RN_ST_FILE_ATTR_GET,   /* struct file_attr as file_getattr fills it */
	RN_ST_FILE_ATTR_SET,   /* as file_setattr reads it (no fa_nextents) */
	RN_ST_MPOL_MODE,       /* int, a NUMA policy: [MPOL_DEFAULT] */
	RN_ST_SIGEVENT,        /* struct sigevent (timer_create, mq_notify) */
	/* the 64-bit time structs of the ia32 *_time64 calls: printed and
	 * sized as TIMESPEC, TIMESPEC2, ITIMERSPEC are on x86_64 */
	RN_ST_TIMESPEC64,
	RN_ST_TIMESPEC2_64,
	RN_ST_ITIMERSPEC64,
	RN_ST_SOCKCALL_ARGS, /* socketcall's unsigned long[6] of the i386 ABI (24 bytes) */
	RN_ST_RLIMIT64,      /* prlimit64's struct rlimit64: RLIMIT in both ABIs */
	RN_ST_RLIMIT32,      /* an ia32 RLIMIT once widened: RLIM_INFINITY, not RLIM64_ */
	RN_ST_USER_DESC,     /* struct user_desc (set_thread_area, get_thread_area) */
	RN_ST_SHMID_DS,      /* struct shmid64_ds (IPC_64: what the STAT commands write) */
	RN_ST_MSQID_DS,      /* struct msqid64_ds */
	RN_ST_SEMID_DS,      /* struct semid64_ds */
	RN_ST_STATFS64,      /* i386's struct statfs64 (statfs64, fstatfs64): printed, and
	                        sized once widened, as STATFS */
	RN_ST_MAX
};

/* FLAGS and ENUM take the low 32 bits of the register (int, unsigned int)
 * unless their len byte says the kernel's type is a long (mmap's flags). */
#define RN_W64 1

/* An argument's spec: kind | len << 8 | xlat-or-struct << 16. */
typedef uint32_t rn_argspec;
#define RN_ARG(kind, len, x) ((rn_argspec)(kind) | (rn_argspec)(len) << 8 | (rn_argspec)(x) << 16)
#define RN_ARG_KIND(s)       ((s)&0xff)
#define RN_ARG_LEN(s)        (((s) >> 8) & 0xff)
#define RN_ARG_X(s)          (((s) >> 16) & 0xffff)

/* One syscall's catalog entry (by name: valid on every arch). */
typedef struct rn_sysent {
	const char *name;
	uint8_t nargs;
	uint8_t ret; /* enum rn_ret_kind */
	uint32_t classes;
	rn_argspec args[6];
} rn_sysent;

/* One memory read the recorder should do at a syscall stop.
 *  STRING: read up to len bytes (stop at NUL); capture len excludes the NUL.
 *  BUFFER: read up to len bytes (the recorder may cut further to its -s);
 *          orig_len here is the full length. Decoders take the full length
 *          from the argument or return value, so a cut is always visible.
 *  STRUCT, ARRAY: read len bytes.
 *  ARGV:   addr is a NULL-terminated pointer array; read at most count
 *          strings, joined by NUL (no NUL after the last). Decoders count the
 *          strings in the data and cut each to their -s. count 0 (envp):
 *          read no string, only count the pointers: the capture's orig_len
 *          is that number (strace prints it as a comment: 37 vars), len 0.
 *  IOVEC:  addr is a struct iovec[count]; the buffers' first bytes are read
 *          in order and concatenated, up to len bytes in all; the decoder
 *          splits them again with the iovec array (an ARRAY capture of the
 *          same argument, planned just before).
 * Requests are listed in the order captures should be stored. */
typedef struct rn_cap_req {
	uint64_t addr;
	uint32_t len;      /* bytes to read; for RN_CAP_STRING the most to read */
	uint8_t kind;      /* RN_CAP_*; ARGV and IOVEC need a second, indirect read */
	uint8_t arg;       /* argument index, or RN_CAP_NOARG */
	uint16_t flags;    /* RN_CAPF_EXIT when read at exit */
	uint32_t count;    /* ARGV: most strings; IOVEC: number of iovecs */
	uint32_t orig_len; /* BUFFER: full length; IOVEC: byte budget */
} rn_cap_req;

#define RN_PATH_MAX 4096

/* A capture that is not tracee memory: the /proc/PID/fd/N link text
 * ("pipe:[1234]", "socket:[99]") of a descriptor the call created, read at
 * the exit of pipe, pipe2, socketpair, socket, accept and accept4 so -y can
 * name it as strace does. Stored as kind RN_CAP_STRING, flags RN_CAPF_EXIT |
 * RN_CAPF_FDLINK, arg RN_CAP_FDLINK + k for the call's k-th new descriptor
 * (0: the return value, or fds[0]; 1: fds[1]). In a plan request, addr is
 * the int[2] that holds the descriptor (0 when it is the return value) and
 * count is k. */
#define RN_CAPF_FDLINK (1u << 8)
/* An iovec (RN_CAP_ARRAY and RN_CAP_IOVEC) or argv (RN_CAP_ARGV) read of
 * an ia32 call: the array holds 32-bit words (struct iovec {u32 base, u32
 * len}, u32 pointers). Kept in the trace's capture flags. */
#define RN_CAPF_W32 (1u << 9)
/* A capture of the call an ia32 call carries in memory (old mmap, old
 * select, socketcall: rn_catalog_args32): its arg is the carried call's
 * argument index. Kept in the trace's capture flags. */
#define RN_CAPF_ARGS32 (1u << 10)

/* A plan request kind, never a capture kind: a struct msghdr at addr that
 * the recorder follows (sendmsg at entry, recvmsg at exit), storing in this
 * order, all with the request's arg and phase: RN_CAP_STRUCT the msghdr
 * itself (56 bytes); RN_CAP_STRUCT msg_name (up to 128 bytes of msg_namelen)
 * when not NULL and msg_namelen > 0; RN_CAP_ARRAY the iovecs (at most 1024)
 * and RN_CAP_IOVEC their buffers (up to -s in all, and at most orig_len =
 * the bytes moved at exit) when msg_iov is not NULL and msg_iovlen > 0;
 * RN_CAP_ARRAY msg_control (up to 4096 bytes of msg_controllen) when not
 * NULL and msg_controllen > 0. recvmsg also gets a plain RN_CAP_STRUCT of
 * the msghdr at entry (msg_namelen before the call). */
#define RN_PLAN_MSGHDR 0x40
/* A plan request kind: a struct mmsghdr vector of count elements at addr
 * (64 bytes each: the msghdr, then msg_len), read at exit: RN_CAP_ARRAY the
 * elements (at most 1024), then each element's msghdr stored as
 * RN_PLAN_MSGHDR stores it (the first capture at the element's address)
 * while captures are left. orig_len 1: each element's data is cut at its
 * msg_len (recvmmsg); 0: at -s only (sendmmsg). */
#define RN_PLAN_MMSGHDR 0x41
#define RN_CAP_FDLINK   0x80
#define RN_FDLINK_MAX   256 /* "socket:[4294967295]" and the like */

/* The ABI of ia32 calls made on x86_64 (Syscall.flags RN_SC_COMPAT): not
 * a Header.arch value. Every lookup below takes it as arch. Its entries
 * (rn_catalog_ia32.c) are data/syscalls_ia32.def's, else the x86_64 entry
 * of the same name (or of the name without _time64) with each argument
 * read as the i386 ABI has it: longs and pointers of 32 bits, structs in
 * their ia32 layout (data/structs_ia32.def; a struct with no known ia32
 * layout is an address). rn_struct_size(RN_ABI_IA32, st) is the ia32
 * size, and rn_catalog_plan(RN_ABI_IA32, ...) marks the iovec and argv
 * reads RN_CAPF_W32: their arrays hold 32-bit words. */
#define RN_ABI_IA32 0x100
/* ia32 calls whose arguments are 32-bit words in the caller's memory
 * (data/args32_ia32.def): i386's old mmap and old select, socketcall; and
 * ipc, whose calls take theirs from registers and words in memory. */
typedef struct rn_args32 {
	int carried;    /* the call carried: an i386 number, or RN_NR_MAX and up
	                   for those with none (send, recv: rn_catalog_args32_ent);
	                   -1 when register 0 names no known call (socketcall) */
	uint8_t reg;    /* the register holding the words' address */
	uint8_t words;  /* how many words */
	uint8_t off;    /* their byte offset in the memory reg points to */
	uint8_t st;     /* PTRIN (clone3): the struct the word points to (RN_ST_*),
	                   the call itself carried; 0 otherwise */
	uint8_t src[6]; /* the carried call's argument k: register src[k] (0..5),
	                   or word src[k] - 6 (6..11): rn_catalog_args32_view */
	uint8_t ret;    /* ipc's shmat: the register whose 32-bit word is the
	                   result once the call succeeded (0: none) */
} rn_args32;
/* 1 when ia32 call nr with registers regs takes its arguments from memory
 * (*a filled), else 0. rn_catalog_plan(RN_ABI_IA32, nr...) plans for such
 * a call the words' read alone (a STRUCT of the words at entry, argument
 * reg) when it carries a known call; the recorder then plans the carried
 * call's captures on the words with rn_catalog_plan_args32. A PTRIN call
 * (a->st: clone3) plans its own captures, then the word (at byte a->off
 * of argument reg's memory); rn_catalog_plan_args32 then plans the struct
 * it points to. */
int rn_catalog_args32(uint32_t nr, const uint64_t regs[6], rn_args32 *a);
/* 1 when System V ctl command cmd (IPC_64 or not) writes the struct of
 * type st (RN_ST_SHMID_DS, RN_ST_MSQID_DS, RN_ST_SEMID_DS): IPC_STAT and
 * the family's STAT and STAT_ANY. */
int rn_catalog_ipc_stat(int st, uint32_t cmd);
/* The carried call's arguments: registers regs and words (a->src). */
void rn_catalog_args32_view(const rn_args32 *a, const uint64_t regs[6], const uint64_t words[6],
                            uint64_t out[6]);
/* The name an ia32 call nr with registers regs prints under: the call it
 * carries (socketcall's, ipc's, by register 0), else its own; NULL when
 * it has none. */
const char *rn_catalog_ia32_shown(uint32_t nr, const uint64_t regs[6]);
/* The ia32 catalog entry of a carried call number, or NULL. */
const rn_sysent *rn_catalog_args32_ent(uint32_t carried);
/* What rn_catalog_plan plans for the call a carries with arguments words
 * (32 bits each, widened), each request flagged RN_CAPF_ARGS32; for a
 * PTRIN call, the struct at words[0] (argument 0: the word's index, at
 * entry). */
int rn_catalog_plan_args32(const rn_args32 *a, const uint64_t words[6], int64_t ret, int phase,
                           uint32_t strsize, rn_cap_req *out, int max);
/* At exit of a successful call with a->ret (ipc's shmat): the 32-bit word
 * at register a->ret that holds its result (a STRUCT of 4 bytes, argument
 * a->ret, not RN_CAPF_ARGS32). Returns the requests made (0 or 1). */
int rn_catalog_plan_args32_ret(const rn_args32 *a, const uint64_t regs[6], int64_t ret,
                               rn_cap_req *out, int max);
/* The ABI of x32 calls on x86_64 (Syscall.flags RN_SC_COMPAT | RN_SC_X32:
 * numbers with bit 0x40000000, the bit left out): its names are
 * data/sysnums_x32.def's; rn_syscall_ent gives the x86_64 row of the same
 * name, to print the registers with; rn_catalog_plan plans nothing (no
 * x32 layout is declared: the recorders capture no memory of an x32 call,
 * its pointers print as addresses). */
#define RN_ABI_X32 0x200
/* The name table a call's nr belongs to: RN_ABI_IA32 for an ia32 call on
 * x86_64, RN_ABI_X32 for an x32 one, otherwise arch. */
uint16_t rn_sc_abi(uint16_t arch, const rn_syscall *sc);
/* The x86_64 catalog entry of the same name as ia32 call nr, or NULL. */
const rn_sysent *rn_syscall_ent_compat(uint16_t arch, uint32_t nr);
/* The catalog entry of a recorded call: rn_syscall_ent of its ABI
 * (rn_sc_abi); NULL when unknown. */
const rn_sysent *rn_sc_ent(uint16_t arch, const rn_syscall *sc);
/* Name of syscall nr on arch, or NULL when the number is unknown. */
const char *rn_syscall_name(uint16_t arch, uint32_t nr);
/* Writes the name, or "syscall_0x1c3" for an unknown number, into buf. */
const char *rn_syscall_name_buf(uint16_t arch, uint32_t nr, char *buf, size_t n);
/* Number of the named syscall on arch, or -1. */
int rn_syscall_lookup(uint16_t arch, const char *name);
/* RN_CLASS_* bits of syscall nr on arch (0 when unknown). */
uint32_t rn_syscall_classes(uint16_t arch, uint32_t nr);
/* How many arguments the syscall takes (6 when unknown). */
int rn_syscall_nargs(uint16_t arch, uint32_t nr);
/* The catalog entry of syscall nr on arch, or NULL when the table has none
 * (the syscall is then printed with raw arguments). */
const rn_sysent *rn_syscall_ent(uint16_t arch, uint32_t nr);
/* Iterates every name known on arch: *nr and the name of index i, or NULL
 * past the end. */
const char *rn_syscall_at(uint16_t arch, size_t i, uint32_t *nr);
/* An argument's value as its C type gives it: the low 32 bits sign-extended
 * for int kinds, zero-extended for unsigned int kinds, all 64 bits for long
 * kinds and pointers. */
uint64_t rn_arg_value(rn_argspec s, uint64_t raw);
/* Size of a struct type in the recording arch's ABI (0 when variable). */
uint32_t rn_struct_size(uint16_t arch, int st);

/* prctl's options (data/prctl.def): how strace prints each call. */
enum rn_prctl_arg {
	RN_PRA_HEX,
	RN_PRA_DEC,
	RN_PRA_SIG,
	RN_PRA_DUMP,
	RN_PRA_CAP,
	RN_PRA_AMB,
	RN_PRA_PTRACER,
	RN_PRA_STRIN,  /* a string the kernel reads */
	RN_PRA_STROUT, /* a 16-byte name the kernel writes */
	RN_PRA_INTOUT, /* an int the kernel writes */
	RN_PRA_PTROUT  /* a pointer the kernel writes */
};
typedef struct rn_prctl_ent {
	uint32_t option;
	uint8_t nargs;    /* printed, the option included */
	uint8_t arg2;     /* enum rn_prctl_arg */
	int16_t ret_xlat; /* the table naming the return value, or -1 */
} rn_prctl_ent;
/* The entry of a prctl option (the low 32 bits of the register), or NULL. */
const rn_prctl_ent *rn_prctl_find(uint64_t option);

/* ioctl's requests (data/ioctl.def): what the third argument is. */
enum rn_ioctl_arg {
	RN_IOA_NONE,
	RN_IOA_ADDR,
	RN_IOA_VAL,
	RN_IOA_FD,
	RN_IOA_TCFLSH,
	RN_IOA_INT_IN,
	RN_IOA_INT_OUT,
	RN_IOA_U64_OUT,
	RN_IOA_WINSZ_IN,
	RN_IOA_WINSZ_OUT,
	RN_IOA_TERMIOS_OUT,
	RN_IOA_MODEM_OUT,
	RN_IOA_TERMIOS_IN
};
typedef struct rn_ioctl_ent {
	uint32_t cmd;
	uint8_t arg; /* enum rn_ioctl_arg */
} rn_ioctl_ent;
/* The entry of an ioctl request, or NULL. */
const rn_ioctl_ent *rn_ioctl_find(uint32_t cmd);

/* Fills out[] with the memory to copy for a syscall at entry (phase 0, args
 * known) or at exit (phase 1, ret known too), given -s strsize. Returns the
 * number of requests (at most max). Paths are always requested whole
 * (RN_PATH_MAX), whatever strsize. Only what the kernel wrote is read at
 * exit, and only when the call succeeded. */
int rn_catalog_plan(uint16_t arch, uint32_t nr, const uint64_t args[6], int64_t ret, int phase,
                    uint32_t strsize, rn_cap_req *out, int max);

#endif
