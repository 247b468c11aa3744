/* rn_event.h: the in-memory form of every trace event, shared by all tools.
 * Times are absolute CLOCK_MONOTONIC nanoseconds; the container turns them into
 * deltas on disk (format/rn.fbs). Pointers (data, caps, path...) point into
 * memory owned by whoever produced the event: the caller when writing, the
 * reader's current chunk when reading (valid until the next rn_reader_next). */
#ifndef RN_EVENT_H
#define RN_EVENT_H

#include <stddef.h>
#include <stdint.h>

/* Event kinds: the codes stored in Chunk.order. Never renumber. */
enum rn_ev_kind {
	RN_EV_SYSCALL = 1,
	RN_EV_PROC = 2,
	RN_EV_SIGNAL = 3,
	RN_EV_MAPPING = 4,
	RN_EV_LOSS = 5,
	RN_EV_SNAPSHOT = 6,
	RN_EV_FDINFO = 7,
	RN_EV_FUNCS = 8,
	RN_EV_KIND_MAX = 8
};

/* Architectures (Header.arch). */
enum rn_arch { RN_ARCH_UNKNOWN = 0, RN_ARCH_X86_64 = 1, RN_ARCH_AARCH64 = 2 };

/* Syscall.flags */
enum {
	RN_SC_NO_EXIT = 1 << 0,   /* exit never seen (thread died or trace ended) */
	RN_SC_NO_ENTRY = 1 << 1,  /* entry not seen (attached mid-call) */
	RN_SC_RESTARTED = 1 << 2, /* kernel restarted it (ERESTART*) */
	RN_SC_FILTERED = 1 << 3,  /* seen only for bookkeeping (e.g. execve under a filter) */
	RN_SC_HAS_STACK = 1 << 4, /* a RN_CAP_STACK capture is attached */
	RN_SC_COMPAT = 1 << 5,    /* x86_64: an ia32 call (int $0x80): nr and args are the
	                             i386 ABI's (format/data/sysnums_ia32.def) */
	RN_SC_X32 = 1 << 6        /* x86_64, with COMPAT: an x32 call (its number had the bit
	                             0x40000000), nr without the bit (data/sysnums_x32.def);
	                             args are the registers, nothing captured */
};

/* Capture.kind: what the captured bytes are. */
enum rn_cap_kind {
	RN_CAP_STRING = 1, /* NUL-terminated string (path, name); len excludes NUL */
	RN_CAP_BUFFER = 2, /* data buffer (read/write payload) */
	RN_CAP_STRUCT = 3, /* fixed-size struct (stat, sockaddr, timespec...) */
	RN_CAP_ARGV = 4,   /* string array: strings joined by NUL */
	RN_CAP_IOVEC = 5,  /* iovec array contents, concatenated */
	RN_CAP_STACK = 6,  /* user stack bytes from the stack pointer upwards */
	RN_CAP_REGS = 7,   /* user registers (struct user_regs_struct of Header.arch) */
	RN_CAP_ARRAY = 8   /* array of fixed-size elements (fds, pollfd, epoll_event) */
};

/* Capture.arg when the capture belongs to no single argument. */
#define RN_CAP_NOARG 255

/* Capture.flags */
enum {
	RN_CAPF_EXIT = 1 << 0,      /* read at syscall exit (kernel-written memory) */
	RN_CAPF_TRUNCATED = 1 << 1, /* fewer bytes than the tracee had (orig_len) */
	RN_CAPF_UNREADABLE = 1 << 2 /* the read faulted; len is 0 */
};

/* ProcEvent.kind */
enum rn_proc_kind {
	RN_PROC_FORK = 1, /* pid forked other (a new process) */
	RN_PROC_VFORK = 2,
	RN_PROC_CLONE = 3,  /* new thread or process per clone_flags */
	RN_PROC_EXEC = 4,   /* pid exec'd; other = former tid when a thread exec'd */
	RN_PROC_EXIT = 5,   /* status = exit code */
	RN_PROC_KILLED = 6, /* status = signal number */
	RN_PROC_ATTACH = 7, /* recorder attached (-p); other = parent pid */
	RN_PROC_DETACH = 8,
	RN_PROC_THREAD_EXIT = 9 /* a thread (not the group) ended; status = code, or the
	                           signal with RN_PROCF_SIGNALED */
};

/* ProcEvent.flags */
enum {
	RN_PROCF_CORE = 1 << 0,
	RN_PROCF_SIGNALED = 1 << 1 /* THREAD_EXIT: killed by signal `status` (its group was) */
};

/* Loss.reason */
enum rn_loss_reason {
	RN_LOSS_WRITE_FAILED = 1,  /* chunk could not be written (disk full...) */
	RN_LOSS_READ_FAILED = 2,   /* tracee memory could not be read */
	RN_LOSS_BUFFER_FULL = 3,   /* a ring overflowed: function tracing, bpf kernel rings */
	RN_LOSS_FLIGHT_WINDOW = 4, /* dropped to keep the file under --max-size */
	RN_LOSS_LIMIT = 5,         /* a capture limit was hit */
	RN_LOSS_DAMAGED = 6        /* recorded, then lost to damage (flight segment, scrub) */
};

/* Header.flags */
enum {
	RN_HDR_ATTACHED = 1 << 0, /* -p: processes were running before the trace */
	RN_HDR_FOLLOW = 1 << 1,   /* -f */
	RN_HDR_STACKS = 1 << 2,   /* --stack */
	RN_HDR_FILTERED = 1 << 3, /* -e trace= restricted the recording */
	RN_HDR_FUNCTIONS = 1 << 4,
	RN_HDR_NO_DATA = 1 << 5 /* --no-data: buffer contents not kept */
};

typedef struct rn_capture {
	uint64_t addr;
	uint32_t len;
	uint32_t orig_len;
	uint8_t kind;
	uint8_t arg;
	uint16_t flags;
	const uint8_t *data; /* len bytes */
} rn_capture;

typedef struct rn_syscall {
	uint64_t t_entry;
	uint64_t t_exit; /* 0 when RN_SC_NO_EXIT */
	uint64_t args[6];
	int64_t ret;
	uint64_t ip;
	int32_t pid;
	int32_t tid;
	uint16_t nr;
	uint16_t flags;
	uint16_t ncap;
	const rn_capture *caps; /* ncap entries */
} rn_syscall;

typedef struct rn_proc {
	uint64_t time;
	uint64_t clone_flags;
	int32_t pid;
	int32_t tid;
	int32_t other;
	int32_t status;
	uint8_t kind;
	uint8_t flags;
	const uint8_t *data; /* exec: path NUL argv0 NUL argv1 NUL ... */
	uint32_t data_len;
} rn_proc;

typedef struct rn_signal {
	uint64_t time;
	int32_t pid;
	int32_t tid;
	int32_t signo;
	int32_t code;
	const uint8_t *siginfo; /* raw siginfo_t bytes as the kernel gave them */
	uint32_t siginfo_len;
} rn_signal;

typedef struct rn_mapping {
	uint64_t time;
	uint64_t start;
	uint64_t end;
	uint64_t pgoff;
	int32_t pid;
	int32_t prot;
	const char *path; /* not NUL-terminated: path_len bytes */
	uint32_t path_len;
	const uint8_t *build_id;
	uint32_t build_id_len;
} rn_mapping;

typedef struct rn_loss {
	uint64_t time;
	uint64_t count;
	int32_t pid;
	int32_t tid;
	uint32_t reason;
} rn_loss;

typedef struct rn_snapshot {
	uint64_t time;
	int32_t pid;
	int32_t ppid;
	const char *cmdline; /* NUL-separated argv, cmdline_len bytes */
	uint32_t cmdline_len;
	const char *exe;
	uint32_t exe_len;
	const char *cwd;
	uint32_t cwd_len;
} rn_snapshot;

typedef struct rn_fdinfo {
	int32_t pid;
	int32_t fd;
	const char *path;
	uint32_t path_len;
} rn_fdinfo;

/* One function entry or exit, decoded. */
typedef struct rn_func_event {
	uint64_t time;
	uint64_t addr;
	int exit; /* 0 entry, 1 exit */
} rn_func_event;

/* A per-thread batch of function events as stored (FuncBatch). Use
 * rn_funcs_get() to decode event i. The arrays point straight into the
 * decoded chunk (8-byte aligned, little-endian: rn runs on little-endian
 * hosts only, x86_64 and aarch64). */
typedef struct rn_funcs {
	int32_t pid;
	int32_t tid;
	uint64_t base_ns;
	const uint64_t *addrs; /* naddrs (aligned, little-endian) */
	uint32_t naddrs;
	const uint32_t *events; /* 2 * nevents words: delta, fn */
	uint32_t nevents;
	const uint64_t *call_sites; /* naddrs or NULL */
} rn_funcs;

typedef struct rn_event {
	int kind; /* enum rn_ev_kind */
	union {
		rn_syscall sc;
		rn_proc proc;
		rn_signal sig;
		rn_mapping map;
		rn_loss loss;
		rn_snapshot snap;
		rn_fdinfo fd;
		rn_funcs funcs;
	} u;
} rn_event;

/* Syscall return values in -4095..-1 are errors (-errno). */
static inline int rn_sc_failed(const rn_syscall *sc)
{
	return !(sc->flags & RN_SC_NO_EXIT) && sc->ret < 0 && sc->ret >= -4095;
}

#endif
