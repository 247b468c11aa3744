/* rn_bpf_scope_abi.h: what the kernel side (rn_bpf_scope.h) and user space
 * (rn_record_bpf_scope.c) agree on for the scopes only the kernel can offer:
 * -a (every process but rn-record), --cgroup (a cgroup v2 tree) and -p
 * (attached without stopping). Plain C types: included by both compilers. */
#ifndef RN_BPF_SCOPE_ABI_H
#define RN_BPF_SCOPE_ABI_H

#include "rn_bpf_abi.h"

/* rn_scope (.rodata): how a thread not yet in rn_tasks is taken in. */
enum {
	RN_BPF_SCOPE_TASKS = 0, /* only rn_tasks (a launched command, -p) */
	RN_BPF_SCOPE_ALL = 1,   /* -a: every thread but rn-record's own */
	RN_BPF_SCOPE_CGROUP = 2 /* --cgroup: threads under rn_cgroup[0] */
};

/* Record types of the scopes (rn_bpf_hdr.type; the core ones are 1..15,
 * --stack's 16 and 17: rn_bpf_stack.h). */
enum {
	RN_BPF_SEEN = 24,    /* rn_bpf_seen: a thread taken in by -a/--cgroup */
	RN_BPF_MIDENTER = 25 /* rn_bpf_enter: the call a thread was inside of when
	                        recording started; written just before its exit
	                        record, with the arguments from the exit's registers */
};

/* rn_bpf_task.reread bit: the thread may be inside a call entered before
 * the programs were attached (seeded by -p, or taken in at a call's exit). */
#define RN_BPF_REREAD_MID 0x80000000u
/* every entry slot, read again at the exit */
#define RN_BPF_REREAD_ALL ((1u << RN_BPF_SLOTS) - 1)

#define RN_BPF_SEEN_ARGV 4096 /* bytes of the process's argv kept */

/* What the kernel knows of a process when one of its threads is taken in:
 * read from the task itself at that moment, so user space can tell whether
 * /proc still shows the same process (pid reuse, exec since). */
struct rn_bpf_seen {
	struct rn_bpf_hdr h;
	unsigned long long start_ns; /* the group leader's start_boottime */
	unsigned int ppid;           /* real_parent's tgid */
	unsigned int argv_len;       /* bytes of argv that follow (NUL-joined) */
	unsigned int flags;          /* RN_BPF_SEENF_* */
	char comm[16];               /* the group leader's */
	unsigned int pad;
};
enum {
	RN_BPF_SEENF_UNREAD = 1, /* argv could not be read (no mm, or not paged in) */
	RN_BPF_SEENF_TRUNC = 2   /* argv longer than RN_BPF_SEEN_ARGV */
};

/* Per-CPU counter of the scopes (map rn_scope_counts). */
struct rn_bpf_scope_counts {
	unsigned long long admit_full; /* calls not recorded: rn_tasks was full */
};

#endif
