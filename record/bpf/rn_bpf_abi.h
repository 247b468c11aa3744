/* rn_bpf_abi.h: what the BPF program (rn_record.bpf.c) and rn-record's
 * user-space side (rn_record_bpf_*.c) agree on: the records written to the
 * per-CPU ring buffers, the per-syscall capture table user space generates
 * from the catalog, the per-thread state and the loss counters. Plain C
 * types only: included by both the BPF and the host compiler. */
#ifndef RN_BPF_ABI_H
#define RN_BPF_ABI_H

#define RN_BPF_NR_MAX  1024        /* = RN_NR_MAX */
#define RN_BPF_SLOTS   10          /* captures planned per syscall (pselect6: 9) */
#define RN_BPF_MAXEV   (64u << 10) /* largest record; the scratch holds two */
#define RN_BPF_PATH    4096        /* = RN_PATH_MAX */
#define RN_BPF_ARGV    32          /* argv strings read at entry (exec's record has all) */
#define RN_BPF_ARGSTR  4096        /* bytes per argv string */
#define RN_BPF_ENVP    128         /* envp pointers counted at entry (exec's record: all) */
#define RN_BPF_TASKS   65536       /* traced threads at most */
#define RN_BPF_SIGINFO 128
#define RN_BPF_TIDMAP                                                                              \
	(1u << 22) /* rn_tidmap's bytes at most (PID_MAX_LIMIT); sized from pid_max at load */
#define RN_BPF_IOVSEG  64   /* iovec buffers read per array (= the ptrace backend's) */
#define RN_BPF_IOVMAX  1024 /* iovecs stored per array (= the catalog's plan) */
#define RN_BPF_MMSGMAX 1024 /* mmsghdr elements stored per vector (= the catalog's plan) */
#define RN_BPF_MAXCAP  128  /* = RN_REC_MAXCAP: captures per call */
#define RN_BPF_SELS    1024 /* plans chosen by an argument's value (ioctl, fcntl, prctl...) */

/* Record types (rn_bpf_hdr.type). */
enum {
	RN_BPF_ENTER = 1,  /* rn_bpf_enter + captures */
	RN_BPF_EXIT = 2,   /* rn_bpf_exit + captures */
	RN_BPF_FORK = 3,   /* rn_bpf_proc: tid forked other (a thread when other_tgid == tgid) */
	RN_BPF_EXEC = 4,   /* rn_bpf_proc: tid exec'd; other = former tid */
	RN_BPF_TEXIT = 5,  /* rn_bpf_proc: thread tid ended; status = exit_code; group_dead */
	RN_BPF_SIGNAL = 6, /* rn_bpf_signal */
	RN_BPF_CALL = 7    /* rn_bpf_call + exit captures: a whole call without entry captures */
};

/* In a record's nr (and rn_bpf_task.nr): the call is an ia32 one (int $0x80
 * on x86_64, rn_bpf_compat.h), its number the i386 one in the low bits,
 * its plan the i386 ABI's (RN_BPF_PLAN_KEY). */
#define RN_BPF_NR_IA32 0x80000000u
/* In a record's nr: an x32 call (x86_64's __X32_SYSCALL_BIT, as the
 * kernel reports it); no plan. */
#define RN_BPF_NR_X32 0x40000000u
/* rn_plans' key of an ia32 call (nr with RN_BPF_NR_IA32): its i386 number
 * past the native ones. The map holds RN_BPF_PLANS plans. */
#define RN_BPF_PLANS (2 * RN_BPF_NR_MAX)
#define RN_BPF_PLAN_KEY(nr)                                                                        \
	((nr)&RN_BPF_NR_IA32 ? RN_BPF_NR_MAX + ((nr) & (RN_BPF_NR_MAX - 1)) : (nr))

/* Every record starts with this; records are 8-byte aligned. */
struct rn_bpf_hdr {
	unsigned long long ts; /* CLOCK_MONOTONIC ns */
	unsigned int tid;
	unsigned int tgid;
	unsigned short type;
	unsigned short ncap; /* captures that follow (ENTER, EXIT) */
	unsigned int size;   /* whole record, bytes */
};

struct rn_bpf_enter {
	struct rn_bpf_hdr h;
	unsigned long long nr;
	unsigned long long args[6];
	unsigned long long ip;
};

struct rn_bpf_exit {
	struct rn_bpf_hdr h;
	unsigned long long nr;
	long long ret;
};

/* A call whose entry needed no captures, written once at its exit: the
 * entry's registers and time wait in the thread's rn_bpf_task (half the
 * records of an ENTER/EXIT pair). Starts as rn_bpf_exit does. */
struct rn_bpf_call {
	struct rn_bpf_hdr h;
	unsigned long long nr;
	long long ret;
	unsigned long long t_entry;
	unsigned long long args[6];
	unsigned long long ip;
};

struct rn_bpf_proc {
	struct rn_bpf_hdr h;
	unsigned int other;      /* FORK: child tid; EXEC: former tid; TEXIT with
	                            GROUP_DEAD: the process's wait status */
	unsigned int other_tgid; /* FORK: child's thread group */
	int status;              /* TEXIT: the kernel's exit_code (a wait status);
	                            FORK: the child's exit signal (-1: a thread) */
	unsigned int flags;      /* RN_BPF_PF_* */
};
enum {
	RN_BPF_PF_GROUP_DEAD = 1,
	RN_BPF_PF_SHARED_VM = 2, /* FORK: a process sharing its parent's memory (vfork, CLONE_VM) */
	RN_BPF_PF_UNTRACED = 4   /* TEXIT: a thread not traced was the last of a traced process */
};

struct rn_bpf_signal {
	struct rn_bpf_hdr h;
	int signo;
	int code;
	unsigned char info[RN_BPF_SIGINFO];
};

/* A capture inside ENTER/EXIT: this header, then len bytes, padded to 8. */
struct rn_bpf_cap {
	unsigned long long addr;
	unsigned int len;
	unsigned int orig_len;
	unsigned char kind; /* RN_CAP_* */
	unsigned char arg;
	unsigned short flags; /* RN_CAPF_* and RN_BPF_CAPF_* */
	unsigned int slot;
};
/* An entry capture that faulted, read again at exit (after the kernel itself
 * faulted the page in): it replaces the unreadable one. */
#define RN_BPF_CAPF_REREAD 0x8000
/* With REREAD: one of the captures of an IOV or MSGHDR slot read again at
 * exit; together they replace every entry capture of their argument. */
#define RN_BPF_CAPF_REGROUP 0x4000
/* The header of an element of an mmsghdr vector (READ_MMSG): user space
 * keeps the element only while a msghdr's five captures fit, as ptrace. */
#define RN_BPF_CAPF_ELEM 0x2000
/* = RN_CAPF_W32 (rn_catalog.h): the iovec captures of an ia32 call */
#define RN_BPF_CAPF_W32 0x200
/* = RN_CAPF_ARGS32: a capture of an RN_BPF_SF_ARGS32 slot */
#define RN_BPF_CAPF_ARGS32 0x400

/* How a slot reads (rn_bpf_slot.how). */
enum {
	RN_BPF_READ_STR = 1,  /* NUL-terminated, at most size bytes */
	RN_BPF_READ_MEM = 2,  /* len from len_src (x mult), at most size bytes */
	RN_BPF_READ_ARGV = 3, /* string array, at most RN_BPF_ARGV strings */
	RN_BPF_READ_ENVP = 4, /* pointer array, only counted */
	RN_BPF_READ_FDINO =
	    5,               /* a new descriptor's inode (arg: int[2] or RN_BPF_FD_RET; mult: k) */
	RN_BPF_READ_IOV = 6, /* struct iovec[len_src]: ARRAY of the iovecs, IOVEC of their
	                        buffers (at most size bytes from the first RN_BPF_IOVSEG) */
	RN_BPF_READ_MSGHDR = 7, /* struct msghdr followed: the header, msg_name, the iovecs,
	                          their buffers (size bytes, at most the return value at exit),
	                          msg_control (RN_PLAN_MSGHDR in format/rn_catalog.h) */
	RN_BPF_READ_MMSG = 8,   /* struct mmsghdr[len_src] followed at exit: the vector, then
	                           each element's msghdr as READ_MSGHDR (mult 1: data cut at
	                           msg_len; RN_PLAN_MMSGHDR in format/rn_catalog.h) */
	RN_BPF_READ_ARGS32 = 9  /* size bytes of 32-bit words at arg: the arguments of the
	                           RN_BPF_SF_ARGS32 slots (rn_bpf_step.args32); captured at
	                           entry (old mmap, old select, socketcall) */
};
#define RN_BPF_FD_RET 0xff
/* Capture kind of READ_FDINO: rn_bpf_fdino, turned into the /proc link
 * text ("pipe:[INODE]") in user space (RN_CAPF_FDLINK captures). */
#define RN_BPF_CAP_FDINO 0x7f
struct rn_bpf_fdino {
	unsigned long long ino;
	unsigned int mode;
	unsigned int fd;
};
/* Length sources, as the catalog's: argument 0..5, the return value, fixed. */
enum { RN_BPF_LEN_RET = 6, RN_BPF_LEN_FIXED = 7 };
enum {
	RN_BPF_SF_EXIT = 1,     /* read at exit */
	RN_BPF_SF_OK = 2,       /* only when the call succeeded */
	RN_BPF_SF_CUT = 4,      /* cut at -s (buffers) */
	RN_BPF_SF_NODATA = 8,   /* --no-data: length only */
	RN_BPF_SF_STRS = 16,    /* a string cut at -s (STR, not PATH) */
	RN_BPF_SF_POS = 32,     /* only when the call returned > 0 (wait4) */
	RN_BPF_SF_INTR = 64,    /* only when the call was interrupted (nanosleep's rem) */
	RN_BPF_SF_CAPNEXT = 128 /* a length from the return value, at most the next argument */
};
/* IOV: an ia32 call's iovecs, {u32 base, u32 len} */
enum { RN_BPF_SF_W32 = 256 };
/* An entry slot of memory the call only reads (never one it also writes:
 * an in/out struct, socklen, pollfd array, fd_set, recvmsg's msghdr): when
 * its entry read faulted it is read again at exit, where it still holds
 * what it held at entry (rn_record_bpf_plan.c, docs/recording.md). */
enum { RN_BPF_SF_AGAIN = 512 };
/* ARGS32: a slot of the call an ia32 call carries, its arguments the
 * READ_ARGS32 words (= RN_BPF_CAPF_ARGS32, the flag its capture gets) */
enum { RN_BPF_SF_ARGS32 = 1024 };
/* READ_ARGS32 of ipc's calls (args32_ia32.def IPC rows): captures nothing;
 * args32[k] is then pass value (mult | add << 16) >> 4k & 15 of the pass's
 * args (0..5: the registers) and args32 (6..11: the words) */
enum { RN_BPF_SF_PERM = 2048 };
/* The key of a plan chosen a second time, by argument plan.sel of a plan
 * found in rn_sels for value v of key nr (ipc's ctl calls by their
 * command): {RN_BPF_SEL2(nr, v), value} */
#define RN_BPF_SEL2(nr, v) ((nr) | (v) << 16)

struct rn_bpf_slot {
	unsigned char how;
	unsigned char arg;
	unsigned char kind; /* RN_CAP_* stored */
	unsigned char len_src;
	unsigned short flags;
	unsigned short mult;
	unsigned int size; /* most bytes (fixed size for LEN_FIXED) */
	/* Length = ((len + 2^rshift - 1) >> rshift) * mult + add: fd_set bits
	 * in longs, a byte per page, msgbuf's mtype before mtext. */
	unsigned short add;
	unsigned char rshift;
	unsigned char off; /* READ_ARGS32: the words' byte offset in the memory at arg */
};

/* Per syscall number (map rn_plans), generated from the catalog. */
enum { RN_BPF_KEEP_NONE = 0, RN_BPF_KEEP_FULL = 1, RN_BPF_KEEP_BOOK = 2 };
struct rn_bpf_plan {
	unsigned short n;
	unsigned char sel; /* < 6: argument whose value picks the plan in rn_sels */
	unsigned char pad;
	unsigned int keep;      /* RN_BPF_KEEP_*: -e trace= decided in the kernel */
	unsigned int nenter;    /* slots read at entry */
	unsigned int nexit;     /* slots read at exit */
	unsigned int enter_rec; /* write an ENTER record even without entry slots (fork family:
	                           user space needs the call in progress for the fork's kind) */
	struct rn_bpf_slot slot[RN_BPF_SLOTS];
};

/* Key of rn_sels: the plan of syscall nr when argument plan.sel is val. */
struct rn_bpf_selkey {
	unsigned int nr;
	unsigned int val;
};

/* A capture pass in progress (map rn_steps, per CPU): each tail-called run
 * of rn_enter_cap/rn_exit_cap reads one slot, so the verifier checks the
 * reading code once, not once per slot. */
struct rn_bpf_step {
	unsigned long long args[6];
	/* READ_ARGS32's words, widened (not last: step_arg's bounded index
	 * reads up to two past an array, never past the pass) */
	unsigned long long args32[6];
	long long ret;
	unsigned int off;  /* end of the record so far in the scratch */
	unsigned int i;    /* next slot */
	unsigned int ncap; /* captures so far */
	unsigned int strs; /* argv/envp: 1 to read, 2 reading argv, 3 done (rn_enter_strs) */
	/* rn_enter_strs's progress */
	unsigned int argv, envp; /* their slots (RN_BPF_SLOTS: none) */
	unsigned int k;          /* next argv string */
	unsigned int base, at;   /* argv's data: start, end so far */
	unsigned int ecount;     /* envp pointers */
	unsigned long long eaddr;
	unsigned short eflags;
	unsigned int sub;  /* part of a slot read in several runs (IOV, MSGHDR) */
	unsigned int done; /* IOV: bytes of the buffers read so far */
	unsigned int left; /* IOV: bytes still to read (0 after a fault) */
	/* IOV: the slot's iovecs are {u32, u32} (RN_BPF_SF_W32) */
	unsigned int w32;
	unsigned long long total;  /* IOV: the buffers' total length */
	unsigned long long msg[7]; /* MSGHDR: the header (name, namelen, iov, iovlen, control,
	                              controllen, flags) */
	unsigned long long iov[RN_BPF_IOVSEG][2]; /* the iovecs whose buffers are read */
	unsigned int mend, mcap;   /* MMSG: the record's end and the captures of this run */
	struct rn_bpf_selkey sk;   /* the plan's lookup by an argument (plan_pick) */
	unsigned long long sublen; /* read_sub: the length of a part's capture */
	/* the slot a global function reads (its arguments are scalars):
	 * rn_read_slot's, rn_read_part_*'s */
	struct rn_bpf_slot cur;
	/* rn_read_part_*: the iovec buffers to read (address, count, most) */
	unsigned long long req[3];
};

/* Per traced thread (map rn_tasks, key = tid). */
struct rn_bpf_task {
	unsigned int tgid;
	unsigned int skip_exit; /* the entry record was lost: drop the exit too */
	unsigned int reread;    /* slots whose entry read faulted */
	unsigned int nr;        /* the call in progress (rt_sigreturn's exit has lost it) */
	unsigned int pending;   /* its entry is below, to be written with its exit (RN_BPF_CALL) */
	unsigned int quick;     /* pending, and its exit reads nothing (no exit slot, no --stack
	                           maps): rn_sys_exit writes the record without the plan */
	unsigned long long ts, ip;
	unsigned long long args[6];
};

/* Per-CPU loss counters (map rn_counters). */
struct rn_bpf_counters {
	unsigned long long ring_full; /* syscalls dropped: ring full (entry or exit record) */
	unsigned long long too_large; /* records larger than the ring */
	unsigned long long map_full;  /* children not traced: rn_tasks full */
	unsigned long long no_ring;   /* CPU without a ring */
	unsigned long long proc_full; /* process events and signals dropped: ring full */
};

#endif
