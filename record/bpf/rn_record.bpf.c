/* rn_record.bpf.c: rn-record's kernel side (--backend=bpf). tp_btf programs
 * on sys_enter/sys_exit write one record per syscall entry and exit of the
 * threads in rn_tasks (a launched command and its children, -p's threads,
 * or any thread -a/--cgroup takes in: rn_bpf_scope.h) into this CPU's
 * ring buffer; the entry record carries
 * the strings and input buffers the catalog's plan asks for, the exit record
 * the output buffers. Which argument to read, how long and when comes from
 * rn_plans, a table user space generates from the catalog (no per-syscall
 * code here). sched_process_fork/exec/exit keep rn_tasks right (children
 * added before they run, a thread's exec moving its tid, exits deleting) and
 * report process events; signal_deliver reports delivered signals. Every
 * record that does not fit, and every child that cannot be added, is counted
 * in rn_counters. bpf_probe_read_user never faults a page in: a failed read
 * is stored as unreadable (and an entry string is read again at exit, once
 * the kernel has faulted its page in). Licensed GPL: the helpers that read
 * user memory are GPL-only. */
#include "rn_bpf_kernel.h"

#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "rn_bpf_abi.h"
#include "rn_bpf_compat.h"

char LICENSE[] SEC("license") = "GPL";

/* Set by rn-record before load. */
const volatile __u32 rn_follow = 0;
const volatile __u32 rn_filtered = 0; /* -e trace=: numbers without a plan are not traced */
const volatile __u64 rn_ring_bytes = 8u << 20;
/* Bytes of each ring kept for process events and signals: a syscall
 * record (or stack) that would eat into them is dropped and counted, so a
 * flood of calls that overruns the ring loses calls, never the forks,
 * execs, exits and signals that give the trace its shape. */
const volatile __u64 rn_proc_room = 1u << 20;
/* Set by rn-record once every program is attached and cleared before any is
 * detached (rn_bpf_live): recording starts and stops at one instant for all
 * of them. Attaching or detaching them one by one took up to tens of ms, in
 * which a child's fork, exec and exit were recorded and its calls were not. */
volatile __u32 rn_live = 0;

#define CAP_STRING  1
#define CAP_BUFFER  2
#define CAP_ARGV    4
#define CAPF_EXIT   1
#define CAPF_TRUNC  2
#define CAPF_UNREAD 4
#define SCRATCH     (2 * RN_BPF_MAXEV + 64)

/* v & mask, computed after the compiler forgets what it knew of v: the
 * verifier then sees the bound on the very register used. */
#define BOUND(v, mask)                                                                             \
	({                                                                                         \
		__u64 b_ = (v);                                                                    \
		asm volatile("" : "+r"(b_));                                                       \
		b_ &(mask);                                                                        \
	})

/* The value of a one-entry array map (rn_counters, rn_tidmap...). */
#define ONLY(map)                                                                                  \
	({                                                                                         \
		u32 zero_ = 0;                                                                     \
		bpf_map_lookup_elem(&(map), &zero_);                                               \
	})

struct rn_scratch {
	u8 buf[SCRATCH];
};

#include "rn_bpf_tasks.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, RN_BPF_PLANS);
	__type(key, u32);
	__type(value, struct rn_bpf_plan);
} rn_plans SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1); /* one per possible CPU, set at load */
	__type(key, u32);
	__type(value, struct rn_scratch);
} rn_scratch SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, struct rn_bpf_counters);
} rn_counters SEC(".maps");

struct rn_ring {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 16);
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 1); /* one per possible CPU, set at load */
	__type(key, u32);
	__array(values, struct rn_ring);
} rn_rings SEC(".maps");

static __always_inline struct rn_bpf_counters *counters(void)
{
	return ONLY(rn_counters);
}

static __always_inline struct rn_scratch *scratch(void)
{
	u32 cpu = bpf_get_smp_processor_id();
	return bpf_map_lookup_elem(&rn_scratch, &cpu);
}

/* The processes whose end the trace owes: the launched command's and -p's
 * (added by rn-record), each new process traced, and -a/--cgroup's as
 * their threads are taken in. The last thread of such a process can be
 * one not traced (without -f: a thread started after the attach, or one
 * -a never saw make a call): its exit still ends the process (rn_exit).
 * An entry goes with its process's end. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, RN_BPF_TASKS);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, u32);
	__type(value, u32);
} rn_groups SEC(".maps");

static __always_inline void group_add(u32 tgid)
{
	u32 one = 1;
	if (bpf_map_update_elem(&rn_groups, &tgid, &one, BPF_ANY) < 0) {
		struct rn_bpf_counters *c = counters();
		if (c)
			__sync_fetch_and_add(&c->map_full, 1);
	}
}

/* May a syscall record of size bytes go into ring rb, leaving
 * rn_proc_room for process events? */
static __always_inline int call_fits(void *rb, u64 size)
{
	return bpf_ringbuf_query(rb, BPF_RB_AVAIL_DATA) + size + 8 <= rn_ring_bytes - rn_proc_room;
}

/* May a user stack of size bytes go into ring rb? Stacks are dropped
 * first (the call is kept without it), so they stop another rn_proc_room
 * short of the calls' limit. */
static __always_inline int stack_fits(void *rb, u64 size)
{
	return bpf_ringbuf_query(rb, BPF_RB_AVAIL_DATA) + size + 8 <=
	       rn_ring_bytes - 2 * rn_proc_room;
}

/* For put_call, the common call's record (call_fits without a query per
 * call, ~8 ns): bytes this CPU's ring can still take of syscall records
 * before it reaches rn_proc_room, as known at put_call's last
 * bpf_ringbuf_query and lowered by each of its records since. The ring is
 * this CPU's alone and only the consumer frees room, so that is never
 * above the truth while put_call alone writes; any other record written to
 * the ring sets it to 0 (room_forget: the next call queries again). The
 * room kept for process events is so kept as exactly as with a query per
 * record, but for a signal record written from an interrupt
 * (signal_generate) between put_call's read and write of it, whose size it
 * overstates until the next query: the bound a query per record had in the
 * same race (the interrupt between the query and the reserve). Only
 * put_call tests it: the capture programs' verification (start-up) stays
 * as it was. */
#define ROOM_CPUS 1024 /* CPUs with a room of their own; the others query per call */
#define ROOM_STEP 8    /* u64s per CPU: a cache line each */
__u64 rn_room[ROOM_CPUS * ROOM_STEP] __attribute__((aligned(64)));

/* Before a record other than put_call's goes into cpu's ring (a store
 * without a branch: verifying the capture programs costs no more). */
static __always_inline void room_forget(u32 cpu)
{
	rn_room[BOUND(cpu, ROOM_CPUS - 1) * ROOM_STEP] = 0;
}

/* call_fits for put_call's record of size bytes (which it then writes). */
static __always_inline int quick_fits(u32 cpu, void *rb, u64 size)
{
	/* what the record takes in the ring: its 8-byte header, the whole
	 * rounded to 8 (kernel/bpf/ringbuf.c) */
	u64 takes = (size + 8 + 7) & ~7ull;
	if (cpu >= ROOM_CPUS)
		return call_fits(rb, size);
	u64 *left = &rn_room[BOUND(cpu, ROOM_CPUS - 1) * ROOM_STEP];
	if (*left < takes) {
		u64 used = bpf_ringbuf_query(rb, BPF_RB_AVAIL_DATA);
		u64 lim = rn_ring_bytes - rn_proc_room;
		*left = used < lim ? lim - used : 0;
		if (*left < size + 8) /* call_fits's test */
			return 0;
		if (*left < takes) { /* fits, but leaves less than a record */
			*left = 0;
			return 1;
		}
	}
	*left -= takes;
	return 1;
}

/* Writes size bytes of buf to this CPU's ring; 0, or -1 (counted: as a
 * syscall, or as a process event when proc). */
static __always_inline int submit_rec(void *buf, u32 size, int proc)
{
	u32 cpu = bpf_get_smp_processor_id();
	void *rb = bpf_map_lookup_elem(&rn_rings, &cpu);
	struct rn_bpf_counters *c = counters();
	if (!rb) {
		if (c)
			__sync_fetch_and_add(&c->no_ring, 1);
		return -1;
	}
	size = (u32)BOUND(size, 2 * RN_BPF_MAXEV - 1);
	if (size > RN_BPF_MAXEV)
		size = RN_BPF_MAXEV;
	room_forget(cpu);
	if ((proc || call_fits(rb, size)) &&
	    bpf_ringbuf_output(rb, buf, size, BPF_RB_NO_WAKEUP) == 0)
		return 0;
	if (c) {
		if (size + 8 > rn_ring_bytes / 2)
			__sync_fetch_and_add(&c->too_large, 1);
		else if (proc)
			__sync_fetch_and_add(&c->proc_full, 1);
		else
			__sync_fetch_and_add(&c->ring_full, 1);
	}
	return -1;
}

#define submit(buf, size)      submit_rec(buf, size, 0)
#define submit_proc(buf, size) submit_rec(buf, size, 1)

static __always_inline void fill_hdr(struct rn_bpf_hdr *h, u64 ts, u32 tid, u32 tgid, u16 type)
{
	h->ts = ts;
	h->tid = tid;
	h->tgid = tgid;
	h->type = type;
	h->ncap = 0;
	h->size = 0;
}

static __always_inline void regs_args(struct pt_regs *regs, u64 *a)
{
#if defined(__TARGET_ARCH_x86)
	a[0] = regs->di;
	a[1] = regs->si;
	a[2] = regs->dx;
	a[3] = regs->r10;
	a[4] = regs->r8;
	a[5] = regs->r9;
#else
	a[0] = regs->orig_x0; /* x0 holds the return value at exit */
	a[1] = regs->regs[1];
	a[2] = regs->regs[2];
	a[3] = regs->regs[3];
	a[4] = regs->regs[4];
	a[5] = regs->regs[5];
#endif
}

static __always_inline u64 regs_ip(struct pt_regs *regs)
{
#if defined(__TARGET_ARCH_x86)
	return regs->ip;
#else
	return regs->pc;
#endif
}

static __always_inline u64 regs_nr(struct pt_regs *regs)
{
#if defined(__TARGET_ARCH_x86)
	return regs->orig_ax;
#else
	return (u64)(s64)regs->syscallno;
#endif
}

/* args[i] with a constant index per branch (the verifier refuses variable
 * offsets into the stack). */
static __always_inline u64 arg_of(const u64 *a, u32 i)
{
	switch (i) {
	case 0:
		return a[0];
	case 1:
		return a[1];
	case 2:
		return a[2];
	case 3:
		return a[3];
	case 4:
		return a[4];
	case 5:
		return a[5];
	default:
		return 0;
	}
}

/* args[i] of arguments kept in map memory (a pass's rn_bpf_step): one load
 * at a bounded offset, no branch. arg_of's six branches each gave the
 * verifier a state with its own constant index, which did not prune: ~700
 * of the 6,900 instructions it walked in rn_exit_cap. i < 6: the plans'
 * argument indexes are (rn_record_bpf_plan.c refuses others); a larger one
 * would read the pass's next fields, never outside it. (A bounded variable
 * offset into a map value, and a map value as a lookup key (plan_pick),
 * are verified alike on every kernel this loads on, 5.8 and later: no
 * fallback. What needs newer kernels, bpf_loop (5.17), is chosen at load:
 * rn_record_bpf_load.c.) */
static __always_inline u64 step_arg(const u64 *a, u32 i)
{
	return a[BOUND(i, 7)];
}

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, RN_BPF_SELS);
	__type(key, struct rn_bpf_selkey);
	__type(value, struct rn_bpf_plan);
} rn_sels SEC(".maps");

/* The plan of syscall nr; when it depends on an argument's value (ioctl's
 * request, fcntl's command, prctl's option), the plan for that value.
 * With st the arguments are st's and the lookup's key is built in st too:
 * no stack slot whose contents differ between the verifier's paths. With
 * at_exit a plan found may choose again (ipc's ctl calls by their command:
 * the STAT struct, an exit read; the entry slots are the same). */
static __always_inline struct rn_bpf_plan *plan_pick(u64 nr, const u64 *args, u32 *keep,
                                                     struct rn_bpf_step *st, int at_exit)
{
	struct rn_bpf_plan *pl = 0;
	/* ia32 and x32 calls: user space keeps them by name under a filter */
	u32 k = rn_filtered && !(nr & (RN_BPF_NR_IA32 | RN_BPF_NR_X32)) ? RN_BPF_KEEP_NONE
	                                                                : RN_BPF_KEEP_FULL;
	if ((nr & ~(u64)RN_BPF_NR_IA32) < RN_BPF_NR_MAX) { /* ia32 calls: their own plans */
		u32 key = (u32)RN_BPF_PLAN_KEY(nr);
		pl = bpf_map_lookup_elem(&rn_plans, &key);
		if (pl) {
			k = pl->keep;
			if (pl->sel < 6) {
				struct rn_bpf_plan *ps;
				if (st) {
					st->sk.nr = key;
					st->sk.val = (u32)step_arg(st->args, pl->sel);
					ps = bpf_map_lookup_elem(&rn_sels, &st->sk);
				} else {
					struct rn_bpf_selkey sk = {key, (u32)arg_of(args, pl->sel)};
					ps = bpf_map_lookup_elem(&rn_sels, &sk);
				}
				if (ps) {
					pl = ps;
					if (at_exit && ps->sel < 6 && st) { /* a second choice */
						st->sk.nr = RN_BPF_SEL2(key, st->sk.val);
						st->sk.val = (u32)step_arg(st->args, ps->sel);
						ps = bpf_map_lookup_elem(&rn_sels, &st->sk);
						if (ps)
							pl = ps;
					}
				}
			}
		}
	}
	*keep = k;
	return pl;
}

/* The plan for arguments on the stack (the attached programs). */
static __always_inline struct rn_bpf_plan *plan_of(u64 nr, const u64 *args, u32 *keep)
{
	return plan_pick(nr, args, keep, 0, 0);
}

/* The arguments a slot reads: the call's, or for a slot of the call an
 * ia32 call carries in memory (RN_BPF_SF_ARGS32) the words args32 holds,
 * six further in the pass (an offset, not a choice of pointers: one state
 * for the verifier). */
static __always_inline const u64 *slot_args(struct rn_bpf_step *st, const struct rn_bpf_slot *sl)
{
	_Static_assert(__builtin_offsetof(struct rn_bpf_step, args32) ==
	                   __builtin_offsetof(struct rn_bpf_step, args) + 6 * sizeof(u64),
	               "args32 follows args");
	return st->args + BOUND((sl->flags / RN_BPF_SF_ARGS32 & 1) * 6, 7);
}

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, struct rn_bpf_step);
} rn_steps SEC(".maps");

static __always_inline struct rn_bpf_step *step(void)
{
	return ONLY(rn_steps);
}

/* Reads one planned capture at off; returns the new end (off when the
 * record is full). An entry read of a carried call's slot that faults is
 * not read again at exit (its arguments are not known before the words). */
static __always_inline u32 read_slot_in(struct rn_scratch *s, u32 off, const struct rn_bpf_slot *sl,
                                        u32 i, struct rn_bpf_step *st, int at_exit, int reread,
                                        int *mark)
{
	const u64 *args = slot_args(st, sl);
	s64 ret = st->ret;
	off &= RN_BPF_MAXEV - 1;
	if (off + sizeof(struct rn_bpf_cap) + 8 > RN_BPF_MAXEV)
		return off;
	u32 room = RN_BPF_MAXEV - off - sizeof(struct rn_bpf_cap) - 8;
	struct rn_bpf_cap *c = (void *)&s->buf[off];
	u8 *dst = &s->buf[off + sizeof(struct rn_bpf_cap)];
	u32 arg = sl->arg;
	u64 addr = step_arg(args, arg);
	if (!addr)
		return off; /* NULL: nothing to read, as the catalog plans it */
	addr += sl->off;    /* (READ_ARGS32's words inside a struct: clone3's tls) */
	c->addr = addr;
	c->kind = sl->kind;
	c->arg = sl->arg;
	c->flags = at_exit && !reread ? CAPF_EXIT : 0;
	if (reread)
		c->flags |= RN_BPF_CAPF_REREAD;
	c->flags |= sl->flags & RN_BPF_SF_ARGS32; /* = RN_BPF_CAPF_ARGS32 */
	c->slot = i;
	c->len = 0;
	c->orig_len = 0;
	u32 len = 0;
	if (sl->how == RN_BPF_READ_STR) {
		/* size + 1 bytes: a string of size bytes or more is cut (as the
		 * ptrace backend reads it: no NUL within size bytes). */
		u32 want = sl->size + 1;
		if (want > room)
			want = room;
		want = (u32)BOUND(want, RN_BPF_MAXEV - 1);
		long n = bpf_probe_read_user_str(dst, want, (const void *)addr);
		/* an empty string reads as 0, not 1, before Linux 6.5
		 * (strncpy_from_user_nofault; seen on Debian 11's 5.10) */
		if (n == 0) {
			dst[0] = 0;
			n = 1;
		}
		if (n < 0) {
			c->flags |= CAPF_UNREAD;
			if (!at_exit && i < 32 && !(sl->flags & RN_BPF_SF_ARGS32))
				*mark = 1;
		} else {
			len = (u32)n - 1;
			if (len >= sl->size || (u32)n == want) {
				len = len < sl->size ? len : sl->size;
				c->flags |= CAPF_TRUNC;
			}
			c->len = len;
			c->orig_len = len;
		}
	} else {
		u64 full;
		if (sl->len_src == RN_BPF_LEN_FIXED)
			full = sl->size;
		else if (sl->len_src == RN_BPF_LEN_RET)
			full = ret > 0 ? (u64)ret : 0;
		else
			full = step_arg(args, sl->len_src);
		if (sl->flags & RN_BPF_SF_CAPNEXT) {
			u64 next = step_arg(args, arg + 1);
			full = full < next ? full : next;
		}
		if (sl->rshift)
			full = (full + (1ull << (sl->rshift & 31)) - 1) >> (sl->rshift & 31);
		if (sl->mult > 1)
			full *= sl->mult;
		full += sl->add;
		if (sl->kind != CAP_BUFFER && full > sl->size)
			full =
			    sl->size; /* the plan's limit: structs and arrays are never cut at -s */
		/* through the pass in the map: however it was computed (length
		 * source, caps, rounding), the read below is checked once */
		*(volatile u64 *)&st->sublen = full;
		full = *(volatile u64 *)&st->sublen;
		u64 want = full;
		if (want > sl->size)
			want = sl->size;
		if (sl->flags & RN_BPF_SF_NODATA)
			want = 0;
		if (full == 0 && sl->kind == CAP_BUFFER)
			return off; /* the catalog plans no empty buffer (structs: len 0) */
		if (want > room)
			want = room;
		len = (u32)BOUND(want, RN_BPF_MAXEV - 1);
		c->orig_len = full > 0xffffffffull ? 0xffffffffu : (u32)full;
		if (len && bpf_probe_read_user(dst, len, (const void *)addr) < 0) {
			c->flags |= CAPF_UNREAD;
			len = 0;
			if (!at_exit && i < 32 && !(sl->flags & RN_BPF_SF_ARGS32))
				*mark = 1;
		} else if (len < full) {
			c->flags |= CAPF_TRUNC;
		}
		c->len = len;
	}
	return off + sizeof(struct rn_bpf_cap) + ((len + 7) & ~7u);
}

/* read_slot_in as a global BPF function: the verifier checks it once per
 * program, on its own, not in every state cap_step reaches it in
 * (rn_enter_cap 1,801 -> 1,404 and rn_exit_cap 2,458 -> 1,979
 * instructions walked, Linux 6.18). Scalar arguments only (Linux 5.10):
 * the slot is copied into the pass (st->cur), the scratch and the pass
 * are looked up again (per-CPU: the caller's); bit 31 of the result asks
 * the caller to mark the slot for a read at exit (its entry read faulted). */
#define SLOT_EXIT   1
#define SLOT_REREAD 2
__noinline int rn_read_slot(u32 off, u32 i, u32 mode)
{
	struct rn_scratch *s = scratch();
	struct rn_bpf_step *st = step();
	int mark = 0;
	if (!s || !st)
		return off & (RN_BPF_MAXEV - 1);
	u32 end = read_slot_in(s, off, &st->cur, i, st, mode & SLOT_EXIT, (mode & SLOT_REREAD) != 0,
	                       &mark);
	return (int)(end | (mark ? 0x80000000u : 0));
}

/* Reads slot i (sl) of the call at off through rn_read_slot; a faulted
 * entry read marks the slot in tk (NULL: none to mark). */
static __always_inline u32 read_slot(struct rn_scratch *s, u32 off, const struct rn_bpf_slot *sl,
                                     u32 i, struct rn_bpf_step *st, int at_exit, int reread,
                                     struct rn_bpf_task *tk)
{
	__builtin_memcpy(&st->cur, sl, sizeof(*sl));
	u32 r = (u32)rn_read_slot(off, i, (at_exit ? SLOT_EXIT : 0) | (reread ? SLOT_REREAD : 0));
	if ((r & 0x80000000u) && tk)
		tk->reread |= 1u << (i & 31);
	return r & 0x7fffffffu;
}

/* The arguments of the call an ia32 call carries in memory (old mmap, old
 * select, socketcall; clone3's tls): sl->size bytes of 32-bit words at
 * byte sl->off of its argument's memory, widened into st->args32 (0 when
 * unreadable). */
static __always_inline void args32(struct rn_bpf_step *st, const struct rn_bpf_slot *sl)
{
	u32 w[6] = {0, 0, 0, 0, 0, 0};
	u32 n = sl->size;
	u64 base = step_arg(st->args, sl->arg);
	if (n > sizeof(w))
		n = sizeof(w);
	if (n && base && bpf_probe_read_user(w, n, (const void *)(base + sl->off)) < 0)
		__builtin_memset(w, 0, sizeof(w));
	for (int k = 0; k < 6; k++)
		st->args32[k] = w[k];
	if (sl->flags & RN_BPF_SF_PERM) { /* ipc's: registers and words */
		u32 perm = sl->mult | (u32)sl->add << 16;
		u64 v[6];
		for (int k = 0; k < 6; k++)
			v[k] = st->args[BOUND(perm >> (4 * k), 15)];
		for (int k = 0; k < 6; k++)
			st->args32[k] = v[k];
	}
}

/* The inode of a descriptor the call created, for its /proc link text. */
static __always_inline u32 read_fdino(struct rn_scratch *s, u32 off, const struct rn_bpf_slot *sl,
                                      u32 i, const u64 *args, s64 ret)
{
	off &= RN_BPF_MAXEV - 1;
	if (off + sizeof(struct rn_bpf_cap) + sizeof(struct rn_bpf_fdino) > RN_BPF_MAXEV)
		return off;
	struct rn_bpf_cap *c = (void *)&s->buf[off];
	struct rn_bpf_fdino *d = (void *)&s->buf[off + sizeof(*c)];
	u32 k = sl->mult;
	int fd = (int)ret;
	c->addr = 0;
	if (sl->arg != RN_BPF_FD_RET) {
		c->addr = step_arg(args, sl->arg);
		if (bpf_probe_read_user(&fd, 4, (const void *)(c->addr + 4 * k)) < 0)
			fd = -1;
	}
	c->kind = RN_BPF_CAP_FDINO;
	c->arg = (u8)(0x80 + k); /* RN_CAP_FDLINK + k */
	c->flags = CAPF_EXIT;
	c->slot = i;
	c->len = sizeof(*d);
	c->orig_len = sizeof(*d);
	d->ino = 0;
	d->mode = 0;
	d->fd = (u32)fd;
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct fdtable *fdt = BPF_CORE_READ(task, files, fdt);
	struct file **fds = BPF_CORE_READ(fdt, fd);
	struct file *f = 0;
	if (fd >= 0 && (u32)fd < BPF_CORE_READ(fdt, max_fds))
		bpf_probe_read_kernel(&f, sizeof(f), &fds[fd]);
	if (f) {
		d->ino = BPF_CORE_READ(f, f_inode, i_ino);
		d->mode = BPF_CORE_READ(f, f_inode, i_mode);
	} else {
		c->flags |= CAPF_UNREAD;
	}
	return off + sizeof(*c) + sizeof(*d);
}

/* envp: only the number of pointers, in orig_len (CAPF_UNREAD when the
 * array cannot be read, CAPF_TRUNC past RN_BPF_ENVP or when a later pointer
 * cannot be read: a page the CPU must fault to mark accessed, as a child's
 * after fork on arm64 cores without hardware access flags; the exec record's
 * count replaces it, rn_record_bpf_run.c exec_fill). With cb one bpf_loop
 * (Linux 5.17: rn_enter_strs_cb), else an unrolled loop (5,000 of the
 * 8,900 instructions the verifier walks in rn_enter_strs). */
struct envp_pass {
	u64 addr;
	u32 n;
	u16 flags;
	u16 w32; /* 4 for an ia32 call's 32-bit pointers (RN_BPF_SF_W32), else 0 */
};

static long envp_cb(u64 k, struct envp_pass *e)
{
	u64 p = 0;
	u32 w = 8 - (e->w32 & 4);
	if (bpf_probe_read_user(&p, w, (const void *)(e->addr + w * k)) < 0) {
		e->flags = k == 0 ? CAPF_UNREAD : CAPF_TRUNC;
		return 1;
	}
	if (!p)
		return 1;
	e->n = (u32)k + 1;
	return 0;
}

static __always_inline u32 count_envp(u64 addr, u32 w32, u16 *flags, int cb)
{
	u32 k;
	*flags = 0;
	if (cb) {
		struct envp_pass e = {addr, 0, 0, (u16)w32};
		bpf_loop(RN_BPF_ENVP, envp_cb, &e, 0);
		k = e.n;
		*flags = e.flags;
	} else {
		u32 w = 8 - (w32 & 4);
		for (k = 0; k < RN_BPF_ENVP; k++) {
			u64 p = 0;
			if (bpf_probe_read_user(&p, w, (const void *)(addr + w * k)) < 0) {
				*flags = k == 0 ? CAPF_UNREAD : CAPF_TRUNC;
				break;
			}
			if (!p)
				break;
		}
	}
	if (k == RN_BPF_ENVP)
		*flags = CAPF_TRUNC;
	return k;
}

#include "rn_bpf_iov.h"
#include "rn_bpf_mmsg.h"

/* Tail calls: entry [0] rn_enter_cap, [1] rn_enter_strs, [2] rn_enter_stack,
 * [3] rn_enter_parts; exit [0] rn_exit_cap, [1] rn_exit_maps, [2]
 * rn_exit_parts (separate arrays: a tail call stays on its program's hook). */
struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 4);
	__type(key, u32);
	__type(value, u32);
} rn_tail_enter SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 3);
	__type(key, u32);
	__type(value, u32);
} rn_tail_exit SEC(".maps");

#include "rn_record_stack.bpf.h"

#define STEP_PARTS       2 /* cap_step: the next slot is an IOV or MSGHDR one */
#define TAIL_ENTER_PARTS 3
#define TAIL_EXIT_PARTS  2

/* Reads the next slot of this phase; returns non-zero when slots remain
 * (STEP_PARTS when the next is read in parts). */
static __always_inline int cap_step(struct rn_bpf_task *tk, struct rn_scratch *s,
                                    struct rn_bpf_step *st, struct rn_bpf_plan *pl, int at_exit)
{
	/* Slots are sorted: entry ones [0, nenter), exit ones [nenter, n). At
	 * exit an entry slot is read again only when its entry read faulted
	 * (or the call was entered before recording: RN_BPF_REREAD_ALL), and
	 * only one of memory the call does not write (RN_BPF_SF_AGAIN): the
	 * bytes it held at entry. */
	u32 i = (u32)BOUND(st->i, 15);
	u32 lim = at_exit ? pl->n : pl->nenter;
	if (i >= RN_BPF_SLOTS || i >= lim)
		return 0;
	st->i = i + 1;
	struct rn_bpf_slot *sl = &pl->slot[i];
	int exit_slot = (sl->flags & RN_BPF_SF_EXIT) != 0;
	int again = at_exit && !exit_slot;
	if (again && (!(tk->reread & (1u << i)) || !(sl->flags & RN_BPF_SF_AGAIN)))
		return st->i < lim;
		/* the return value read afresh for each test: one register narrowed
		 * test after test let the verifier decide some of them, which pins
		 * its range in every state after (no pruning) */
#define RET (*(volatile s64 *)&st->ret)
	if (at_exit && exit_slot &&
	    (((sl->flags & RN_BPF_SF_OK) && RET < 0) || ((sl->flags & RN_BPF_SF_POS) && RET <= 0) ||
	     ((sl->flags & RN_BPF_SF_INTR) && RET != -4 && (RET < -516 || RET > -512))))
		return st->i < lim;
#undef RET
	if (sl->how == RN_BPF_READ_IOV || sl->how == RN_BPF_READ_MSGHDR ||
	    sl->how == RN_BPF_READ_MMSG) {
		st->i = i; /* read by its own program (part_step), verified apart */
		return STEP_PARTS;
	}
	/* argv and envp are entry slots (never read again: nothing marks
	 * them), a new descriptor's inode an exit one: each program has only
	 * its own reader */
	if (sl->how == RN_BPF_READ_ARGV || sl->how == RN_BPF_READ_ENVP) {
		/* read by rn_enter_strs, after the other captures: their slots
		 * noted here, not looked for there (a loop over the slots was
		 * ~1,600 of the 3,600 instructions the verifier walked in it) */
		if (at_exit)
			return st->i < lim;
		if (!st->strs)
			st->argv = st->envp = RN_BPF_SLOTS;
		st->strs = 1;
		if (sl->how == RN_BPF_READ_ARGV)
			st->argv = i;
		else
			st->envp = i;
	} else if (sl->how == RN_BPF_READ_FDINO) {
		if (!at_exit)
			return st->i < lim;
		u32 end = read_fdino(s, st->off, sl, i, slot_args(st, sl), st->ret);
		if (end != st->off)
			st->ncap++;
		st->off = end;
	} else {
		/* the words' capture (not at exit: they are only read again) */
		if (sl->how != RN_BPF_READ_ARGS32 ||
		    !(sl->flags & (RN_BPF_SF_EXIT | RN_BPF_SF_PERM))) {
			u32 end =
			    read_slot(s, st->off, sl, i, st, at_exit, again, at_exit ? 0 : tk);
			if (end != st->off)
				st->ncap++;
			st->off = end;
		}
		if (sl->how == RN_BPF_READ_ARGS32)
			args32(st, sl);
	}
	return st->i < lim;
}

/* The part of slot i (copied into st->cur) that st->sub says, as global
 * BPF functions, one for each program: checked once on their own instead
 * of in every state part_step reaches them in (rn_enter_parts_cb 1,972 ->
 * 1,675 and rn_exit_parts_cb 4,041 -> 2,438 instructions walked, Linux
 * 6.18). mode 2: a msghdr read at exit is the call's own (not a re-read
 * of an entry slot). The iovec buffers the part asks for are left in
 * st->req (part_step reads them with its one read_iovdata). */
static __always_inline u32 read_part_in(u32 i, u32 fl, u32 mode, int at_exit)
{
	struct rn_scratch *s = scratch();
	struct rn_bpf_step *st = step();
	if (!s || !st)
		return 0;
	const struct rn_bpf_slot *sl = &st->cur;
	u64 *req = st->req;
	i &= 15;
	req[0] = req[1] = req[2] = 0;
	return sl->how == RN_BPF_READ_IOV ? read_iov_part(s, st, sl, i, (u16)fl, req)
	       : at_exit && sl->how == RN_BPF_READ_MMSG
	           ? read_mmsg_part(s, st, sl, i, (u16)fl, req)
	           : read_msghdr_part(s, st, sl, i, (u16)fl, at_exit && (mode & 2), req);
}

__noinline int rn_read_part_enter(u32 i, u32 fl, u32 mode)
{
	return (int)read_part_in(i, fl, mode, 0);
}

__noinline int rn_read_part_exit(u32 i, u32 fl, u32 mode)
{
	return (int)read_part_in(i, fl, mode, 1);
}

/* One part of the IOV or MSGHDR slot st->i: several captures, one per
 * run; an entry one that faulted makes the whole slot read again at exit. */
static __always_inline void part_step(struct rn_bpf_task *tk, struct rn_scratch *s,
                                      struct rn_bpf_step *st, struct rn_bpf_plan *pl, int at_exit,
                                      int cb)
{
	u32 i = (u32)BOUND(st->i, 15);
	if (i >= RN_BPF_SLOTS || i >= pl->n)
		return;
	struct rn_bpf_slot *sl = &pl->slot[i];
	int again = at_exit && !(sl->flags & RN_BPF_SF_EXIT);
	u16 fl = again ? RN_BPF_CAPF_REREAD | RN_BPF_CAPF_REGROUP : at_exit ? CAPF_EXIT : 0;
	st->w32 = (sl->flags & RN_BPF_SF_W32) != 0;
	if (st->w32)
		fl |= RN_BPF_CAPF_W32;
	volatile u32 *nmp = &st->mcap; /* MMSG: captures of the part (several) */
	*nmp = 0;
	__builtin_memcpy(&st->cur, sl, sizeof(*sl));
	u32 end = (u32)(at_exit ? rn_read_part_exit : rn_read_part_enter)(i, fl, !again ? 2 : 0);
	u64 req[3];
	req[0] = *(volatile u64 *)&st->req[0];
	req[1] = *(volatile u64 *)&st->req[1];
	req[2] = *(volatile u64 *)&st->req[2];
	if (req[0]) { /* the one read of iovec buffers, shared by the parts */
		u32 e = read_iovdata(s, st, end, req[0], req[1], req[2],
		                     sl->flags & RN_BPF_SF_NODATA, sl->arg, fl, i, cb);
		if (e != end && *nmp) /* after an element's other captures */
			*nmp += 1;
		end = e;
	}
	u32 nm = *nmp;
	if (end != st->off) {
		struct rn_bpf_cap *c = (void *)&s->buf[st->off & (RN_BPF_MAXEV - 1)];
		if (!at_exit && (c->flags & CAPF_UNREAD) && i < 32)
			tk->reread |= 1u << i;
		st->ncap += nm ? nm : 1;
	}
	st->off = end;
	if (!st->sub)
		st->i = i + 1;
}

/* What every tail-called capture program starts from: the thread, this
 * CPU's scratch and pass, and the call's plan (entry: the thread's call in
 * flight; exit: the number in the exit record being built; 2, rn_exit_cap:
 * plan_pick's second choice too). NULL when any is missing. */
static __always_inline struct rn_bpf_plan *tail_ctx(int at_exit, struct rn_bpf_task **tk,
                                                    struct rn_scratch **s, struct rn_bpf_step **st,
                                                    u32 *keep)
{
	u64 pt;
	*tk = task_cur(&pt);
	*s = scratch();
	*st = step();
	if (!*tk || !*s || !*st)
		return 0;
	/* (at entry the number rn_sys_enter set, ia32 bit included) */
	u64 nr = at_exit ? ((struct rn_bpf_exit *)(*s)->buf)->nr : (*tk)->nr;
	return plan_pick(nr, (*st)->args, keep, *st, at_exit == 2);
}

/* Ends an entry record: submits it; a lost entry drops its exit too. With
 * --stack a kept call's registers and stack follow (rn_enter_stack). */
static __always_inline void finish_enter(void *ctx, struct rn_scratch *s, struct rn_bpf_task *tk,
                                         u32 off, u32 ncap, u32 keep)
{
	struct rn_bpf_enter *e = (void *)s->buf;
	e->h.ncap = (u16)ncap;
	off = (u32)BOUND(off, 2 * RN_BPF_MAXEV - 1);
	e->h.size = off;
	tk->skip_exit = submit(s->buf, off) < 0;
	if (rn_stack && keep == RN_BPF_KEEP_FULL && !tk->skip_exit)
		bpf_tail_call(ctx, &rn_tail_enter, 2);
}

/* Ends an exit record: submits it. With --stack the code mappings an exec
 * or mmap made follow (rn_exit_maps). */
static __always_inline void finish_exit(void *ctx, struct rn_scratch *s, struct rn_bpf_task *tk,
                                        u32 off, u32 ncap)
{
	struct rn_bpf_exit *x = (void *)s->buf;
	x->h.ncap = (u16)ncap;
	off = (u32)BOUND(off, 2 * RN_BPF_MAXEV - 1);
	x->h.size = off;
	tk->reread = 0;
	submit(s->buf, off);
	if (rn_stack_maps_wanted(x->nr, x->ret))
		bpf_tail_call(ctx, &rn_tail_exit, 1);
}

#include "rn_bpf_scope.h" /* -a, --cgroup, -p */

SEC("tp_btf/sys_enter")
int BPF_PROG(rn_enter_cap, struct pt_regs *regs, long id)
{
	struct rn_bpf_task *tk;
	struct rn_scratch *s;
	struct rn_bpf_step *st;
	u32 keep;
	struct rn_bpf_plan *pl = tail_ctx(0, &tk, &s, &st, &keep);
	if (!pl)
		return 0;
	int more = cap_step(tk, s, st, pl, 0);
	if (more)
		bpf_tail_call(ctx, &rn_tail_enter, more == STEP_PARTS ? TAIL_ENTER_PARTS : 0);
	if (st->strs)
		bpf_tail_call(ctx, &rn_tail_enter, 1);
	finish_enter(ctx, s, tk, st->off, st->ncap, keep);
	return 0;
}

/* A part of an IOV or MSGHDR slot, then back to rn_enter_cap. rn_enter_parts
 * or, where the kernel has bpf_loop (5.17), rn_enter_parts_cb (the loader
 * loads one of the two). */
static __always_inline int enter_parts(void *ctx, long id, int cb)
{
	struct rn_bpf_task *tk;
	struct rn_scratch *s;
	struct rn_bpf_step *st;
	u32 keep;
	struct rn_bpf_plan *pl = tail_ctx(0, &tk, &s, &st, &keep);
	if (!pl)
		return 0;
	part_step(tk, s, st, pl, 0, cb);
	bpf_tail_call(ctx, &rn_tail_enter, 0);
	finish_enter(ctx, s, tk, st->off, st->ncap, keep);
	return 0;
}

SEC("tp_btf/sys_enter")
int BPF_PROG(rn_enter_parts, struct pt_regs *regs, long id)
{
	return enter_parts(ctx, id, 0);
}

SEC("tp_btf/sys_enter")
int BPF_PROG(rn_enter_parts_cb, struct pt_regs *regs, long id)
{
	return enter_parts(ctx, id, 1);
}

/* argv and envp (execve), after the other captures: argv's strings joined
 * by NUL (no NUL after the last), envp only counted. Runs several times
 * (a tail call to itself), ARGV_PER_RUN strings a run: a loop over all of
 * argv in one program took the verifier 40 ms, the most of rn-record's
 * start-up. The first run counts envp and writes argv's capture header. */
#define ARGV_PER_RUN 2
static __always_inline int enter_strs(void *ctx, long id, int cb)
{
	struct rn_bpf_task *tk;
	struct rn_scratch *s;
	struct rn_bpf_step *st;
	u32 keep;
	struct rn_bpf_plan *pl = tail_ctx(0, &tk, &s, &st, &keep);
	if (!pl)
		return 0;
	if (st->strs == 1) { /* first run (cap_step noted the slots) */
		u32 e = (u32)BOUND(st->envp, 15);
		st->eaddr = e < RN_BPF_SLOTS ? step_arg(st->args, pl->slot[e].arg) : 0;
		/* an ia32 call's arrays hold 32-bit pointers (RN_BPF_SF_W32): 4,
		 * else 0, subtracted from 8 (arithmetic: no branch for the
		 * verifier to walk twice) */
		_Static_assert(RN_BPF_SF_W32 == 4 << 6, "w32: flags >> 6 & 4");
		st->w32 = e < RN_BPF_SLOTS ? (u32)pl->slot[e].flags >> 6 & 4 : 0;
		st->ecount = st->eaddr ? count_envp(st->eaddr, st->w32, &st->eflags, cb) : 0;
		st->k = 0;
		st->base = st->at = 0;
		u32 a = (u32)BOUND(st->argv, 15), off = (u32)BOUND(st->off, RN_BPF_MAXEV - 1);
		u64 addr = a < RN_BPF_SLOTS ? step_arg(st->args, pl->slot[a].arg) : 0;
		if (addr && off + sizeof(struct rn_bpf_cap) + 8 <= RN_BPF_MAXEV) {
			struct rn_bpf_cap *c = (void *)&s->buf[off];
			c->addr = addr;
			c->kind = CAP_ARGV;
			c->arg = pl->slot[a].arg;
			_Static_assert(RN_BPF_CAPF_W32 == RN_BPF_SF_W32 << 1, "W32 flags");
			c->flags = pl->slot[a].flags << 1 & RN_BPF_CAPF_W32;
			c->slot = a;
			st->w32 = (u32)pl->slot[a].flags >> 6 & 4;
			st->base = st->at = off + sizeof(struct rn_bpf_cap);
			st->strs = 2;
			bpf_tail_call(ctx, &rn_tail_enter, 1);
		}
		st->strs = 3; /* no argv to read (or the tail call failed) */
	}
	if (st->strs == 2) { /* ARGV_PER_RUN more strings */
		u32 a = (u32)BOUND(st->argv, 15);
		u64 addr = a < RN_BPF_SLOTS ? step_arg(st->args, pl->slot[a].arg) : 0;
		struct rn_bpf_cap *c =
		    (void *)&s->buf[BOUND(st->base - sizeof(*c), RN_BPF_MAXEV - 1)];
		int more = 1;
		u32 w = 8 - (st->w32 & 4);
		for (int j = 0; j < ARGV_PER_RUN && more; j++) {
			u32 k = st->k;
			u64 p = 0;
			if (k >= RN_BPF_ARGV) {
				if (bpf_probe_read_user(&p, w, (const void *)(addr + w * k)) == 0 &&
				    p)
					c->flags |= CAPF_TRUNC;
				more = 0;
				break;
			}
			if (bpf_probe_read_user(&p, w, (const void *)(addr + w * k)) < 0) {
				/* a later pointer unreadable: cut, the exec's argv
				 * replaces it (count_envp) */
				c->flags |= k == 0 ? CAPF_UNREAD : CAPF_TRUNC;
				more = 0;
				break;
			}
			if (!p) {
				more = 0;
				break;
			}
			u32 at = (u32)BOUND(st->at, RN_BPF_MAXEV - 1);
			if (at + RN_BPF_ARGSTR + 16 > RN_BPF_MAXEV) {
				c->flags |= CAPF_TRUNC;
				more = 0;
				break;
			}
			long n =
			    bpf_probe_read_user_str(&s->buf[at], RN_BPF_ARGSTR, (const void *)p);
			if (n <= 0) { /* 0: "" before Linux 6.5 (as above) */
				s->buf[at] = 0;
				if (n < 0) /* exec's record has them (rn_exec) */
					c->flags |= CAPF_UNREAD;
				n = 1;
			}
			st->at = at + (u32)n;
			st->k = k + 1;
		}
		if (more)
			bpf_tail_call(ctx, &rn_tail_enter, 1);
		u32 len = st->at > st->base ? st->at - st->base - 1 : 0;
		c->len = len;
		c->orig_len = len;
		st->off = st->base + ((len + 7) & ~7u); /* the next header may cover the last NUL */
		st->ncap++;
	}
	u32 off = (u32)BOUND(st->off, RN_BPF_MAXEV - 1), e = (u32)BOUND(st->envp, 15);
	if (st->eaddr && e < RN_BPF_SLOTS && off + sizeof(struct rn_bpf_cap) + 8 <= RN_BPF_MAXEV) {
		struct rn_bpf_cap *c = (void *)&s->buf[off];
		c->addr = st->eaddr;
		c->kind = CAP_ARGV;
		c->arg = pl->slot[e].arg;
		c->flags = st->eflags;
		c->slot = e;
		c->len = 0;
		c->orig_len = st->ecount;
		off += sizeof(struct rn_bpf_cap);
		st->ncap++;
	}
	finish_enter(ctx, s, tk, off, st->ncap, keep);
	return 0;
}

/* rn_enter_strs, or rn_enter_strs_cb where the kernel has bpf_loop (the
 * loader loads one of the two) */
SEC("tp_btf/sys_enter")
int BPF_PROG(rn_enter_strs, struct pt_regs *regs, long id)
{
	return enter_strs(ctx, id, 0);
}

SEC("tp_btf/sys_enter")
int BPF_PROG(rn_enter_strs_cb, struct pt_regs *regs, long id)
{
	return enter_strs(ctx, id, 1);
}

/* A saved entry whose exit will not come (the thread ends in the call, or
 * an exit was missed): written as an ENTER record. */
static __always_inline void flush_pending(struct rn_bpf_task *tk, u32 tid, u32 tgid)
{
	struct rn_bpf_enter e;
	fill_hdr(&e.h, tk->ts, tid, tgid, RN_BPF_ENTER);
	e.h.size = sizeof(e);
	e.nr = tk->nr;
	__builtin_memcpy(e.args, tk->args, sizeof(e.args));
	e.ip = tk->ip;
	tk->pending = 0;
	submit(&e, sizeof(e));
}

SEC("tp_btf/sys_enter")
int BPF_PROG(rn_sys_enter, struct pt_regs *regs, long id)
{
	if (!rn_live)
		return 0;
	if (scope_out())
		return 0;
	u64 pt;
	struct rn_bpf_task *tk = task_cur(&pt);
	if (!tk && !(tk = scope_admit(pt, 0)))
		return 0;
	u32 tid = (u32)pt;
	u64 a[6];
	u64 nr = (u64)id | rn_ia32_bit();
	/* the plan may depend on an argument's value (ioctl's request...) */
	if (nr & RN_BPF_NR_IA32)
		regs_args_ia32(regs, a);
	else
		regs_args(regs, a);
	u32 keep;
	struct rn_bpf_plan *pl = plan_of(nr, a, &keep);
	if (keep == RN_BPF_KEEP_NONE)
		return 0;
	if (tk->pending) /* the exit of the call before never came */
		flush_pending(tk, tid, (u32)(pt >> 32));
	if (!rn_stack && (!pl || (!pl->nenter && !pl->enter_rec))) {
		/* Nothing to read at entry: one record at exit (RN_BPF_CALL), its
		 * exit captures after it. With --stack the stack follows an ENTER
		 * record: not this way. */
		tk->ts = bpf_ktime_get_ns();
		__builtin_memcpy(tk->args, a, sizeof(tk->args));
		tk->ip = regs_ip(regs);
		tk->reread = 0;
		tk->nr = (u32)nr;
		tk->pending = 1;
		tk->quick = !pl || !pl->nexit;
		return 0;
	}
	struct rn_scratch *s = scratch();
	if (!s)
		return 0;
	struct rn_bpf_enter *e = (void *)s->buf;
	__builtin_memcpy(e->args, a, sizeof(e->args));
	fill_hdr(&e->h, bpf_ktime_get_ns(), tid, (u32)(pt >> 32), RN_BPF_ENTER);
	e->nr = nr;
	e->ip = regs_ip(regs);
	tk->reread = 0;
	tk->nr = (u32)nr;
	struct rn_bpf_step *st;
	if (pl && pl->nenter && (st = step())) {
		__builtin_memcpy(st->args, e->args, sizeof(st->args));
		st->ret = 0;
		st->off = sizeof(*e);
		st->i = 0;
		st->ncap = 0;
		st->strs = 0;
		st->sub = 0;
		bpf_tail_call(ctx, &rn_tail_enter, 0);
	}
	finish_enter(ctx, s, tk, sizeof(*e), 0, keep); /* no captures, or the tail call failed */
	return 0;
}

/* A call without captures, reserved and written in the ring in place. */
static __always_inline void put_call(struct rn_bpf_task *tk, u64 now, u32 tid, u32 tgid, u64 nr,
                                     s64 ret)
{
	u32 cpu = bpf_get_smp_processor_id();
	void *rb = bpf_map_lookup_elem(&rn_rings, &cpu);
	struct rn_bpf_call *c =
	    rb && quick_fits(cpu, rb, sizeof(*c)) ? bpf_ringbuf_reserve(rb, sizeof(*c), 0) : 0;
	if (!c) {
		struct rn_bpf_counters *k = counters();
		if (k) {
			if (rb)
				__sync_fetch_and_add(&k->ring_full, 1);
			else
				__sync_fetch_and_add(&k->no_ring, 1);
		}
		return;
	}
	fill_hdr(&c->h, now, tid, tgid, RN_BPF_CALL);
	c->h.size = sizeof(*c);
	c->nr = nr;
	c->ret = ret;
	c->t_entry = tk->ts;
	__builtin_memcpy(c->args, tk->args, sizeof(c->args));
	c->ip = tk->ip;
	bpf_ringbuf_submit(c, BPF_RB_NO_WAKEUP);
}

SEC("tp_btf/sys_exit")
int BPF_PROG(rn_exit_cap, struct pt_regs *regs, long ret)
{
	struct rn_bpf_task *tk;
	struct rn_scratch *s;
	struct rn_bpf_step *st;
	u32 keep;
	/* (2: ipc's ctl calls choose their plan again, by their command; the
	 * parts programs read no slot of theirs) */
	struct rn_bpf_plan *pl = tail_ctx(2, &tk, &s, &st, &keep);
	if (!pl)
		return 0;
	int more = cap_step(tk, s, st, pl, 1);
	if (more)
		bpf_tail_call(ctx, &rn_tail_exit, more == STEP_PARTS ? TAIL_EXIT_PARTS : 0);
	finish_exit(ctx, s, tk, st->off, st->ncap);
	return 0;
}

/* A part of an IOV or MSGHDR slot, then back to rn_exit_cap (_cb: as
 * rn_enter_parts_cb). */
static __always_inline int exit_parts(void *ctx, int cb)
{
	struct rn_bpf_task *tk;
	struct rn_scratch *s;
	struct rn_bpf_step *st;
	u32 keep;
	struct rn_bpf_plan *pl = tail_ctx(1, &tk, &s, &st, &keep);
	if (!pl)
		return 0;
	part_step(tk, s, st, pl, 1, cb);
	if (st->sub) /* the slot's next part: one tail call, not two */
		bpf_tail_call(ctx, &rn_tail_exit, TAIL_EXIT_PARTS);
	bpf_tail_call(ctx, &rn_tail_exit, 0);
	finish_exit(ctx, s, tk, st->off, st->ncap);
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(rn_exit_parts, struct pt_regs *regs, long ret)
{
	return exit_parts(ctx, 0);
}

SEC("tp_btf/sys_exit")
int BPF_PROG(rn_exit_parts_cb, struct pt_regs *regs, long ret)
{
	return exit_parts(ctx, 1);
}

SEC("tp_btf/sys_exit")
int BPF_PROG(rn_sys_exit, struct pt_regs *regs, long ret)
{
	if (!rn_live)
		return 0;
	if (scope_out())
		return 0;
	u64 pt;
	struct rn_bpf_task *tk = task_cur(&pt);
	if (!tk && !(tk = scope_admit(pt, 1)))
		return 0;
	u32 tid = (u32)pt;
	if (tk->skip_exit) { /* its entry was lost (counted): drop the whole call */
		tk->skip_exit = 0;
		return 0;
	}
	if (tk->pending && tk->quick) {
		/* The common call: its entry chose the plan (the same number and
		 * arguments choose the same one here), nothing to read at exit. */
		tk->pending = 0;
		put_call(tk, bpf_ktime_get_ns(), tid, (u32)(pt >> 32), tk->nr, ret);
		return 0;
	}
	int pending = tk->pending;
	u64 nr = pending ? tk->nr : regs_nr(regs) | rn_ia32_bit();
	if (nr == (u64)-1) /* rt_sigreturn restored the registers */
		nr = tk->nr;
	tk->pending = 0;
	struct rn_bpf_step *st = step();
	if (!st)
		return 0;
	if (pending) /* the plan is chosen from the entry's arguments */
		__builtin_memcpy(st->args, tk->args, sizeof(st->args));
	else if (nr & RN_BPF_NR_IA32) /* entry not seen: an ia32 call's registers */
		regs_args_ia32(regs, st->args);
	else
		regs_args(regs, st->args);
	u32 keep;
	struct rn_bpf_plan *pl = plan_of(nr, st->args, &keep);
	if (keep == RN_BPF_KEEP_NONE)
		return 0;
	if (scope_midcall(tk, st->args, regs, nr, pt) < 0)
		return 0;
	u64 now = bpf_ktime_get_ns();
	u32 size = sizeof(struct rn_bpf_exit);
	if (pending && !(pl && pl->nexit)) { /* the whole call, no captures: straight to the ring */
		put_call(tk, now, tid, (u32)(pt >> 32), nr, ret);
		return 0;
	}
	struct rn_scratch *s = scratch();
	if (!s)
		return 0;
	struct rn_bpf_exit *x = (void *)s->buf;
	fill_hdr(&x->h, now, tid, (u32)(pt >> 32), pending ? RN_BPF_CALL : RN_BPF_EXIT);
	x->nr = nr;
	x->ret = ret;
	if (pending) {
		struct rn_bpf_call *c = (void *)s->buf;
		c->t_entry = tk->ts;
		__builtin_memcpy(c->args, tk->args, sizeof(c->args));
		c->ip = tk->ip;
		size = sizeof(*c);
	}
	if (pl && (pl->nexit || tk->reread)) {
		st->ret = ret;
		st->sub = 0;
		st->off = size;
		st->i = tk->reread ? 0 : pl->nenter;
		st->ncap = 0;
		st->strs = 0;
		bpf_tail_call(ctx, &rn_tail_exit, 0);
	}
	finish_exit(ctx, s, tk, size, 0);
	return 0;
}

static __always_inline void put_proc(u32 tid, u32 tgid, u16 type, u32 other, u32 other_tgid,
                                     int status, u32 flags)
{
	struct rn_bpf_proc p;
	fill_hdr(&p.h, bpf_ktime_get_ns(), tid, tgid, type);
	p.h.size = sizeof(p);
	p.other = other;
	p.other_tgid = other_tgid;
	p.status = status;
	p.flags = flags;
	submit_proc(&p, sizeof(p));
}

SEC("tp_btf/sched_process_fork")
int BPF_PROG(rn_fork, struct task_struct *parent, struct task_struct *child)
{
	u32 ptid = (u32)parent->pid;
	if (!rn_live)
		return 0;
	if (!rn_follow)
		return 0;
	/* -a, --cgroup: a parent in the scope but not yet seen (it forks from
	 * a call entered before recording) is taken in first: its child must
	 * be traced from its first instruction too (this runs in the parent) */
	if (!task_get(parent, ptid) && (scope_out() || !scope_admit(bpf_get_current_pid_tgid(), 1)))
		return 0;
	u32 ctid = (u32)child->pid, ctgid = (u32)child->tgid;
	struct rn_bpf_task t = {.tgid = ctgid};
	/* The child has not run yet: from its first instruction it is traced. */
	if (task_add(child, ctid, &t) < 0) {
		struct rn_bpf_counters *c = counters();
		if (c)
			__sync_fetch_and_add(&c->map_full, 1);
	} else if (ctid == ctgid) {
		group_add(ctgid);
	}
	/* what the child tells of the kind of fork, for when the parent's
	 * clone entry record was lost to a full ring */
	u32 pf = ctgid != (u32)parent->tgid && BPF_CORE_READ(child, mm) == BPF_CORE_READ(parent, mm)
	             ? RN_BPF_PF_SHARED_VM
	             : 0;
	put_proc(ptid, (u32)parent->tgid, RN_BPF_FORK, ctid, ctgid,
	         BPF_CORE_READ(child, exit_signal), pf);
	return 0;
}

/* The exec record carries the file name (bprm->filename, kernel memory)
 * and the new image's argv (on its fresh stack, just written by the kernel):
 * what the entry could not read without faulting pages in (an execve path
 * in a page never touched) is taken from here. */
SEC("tp_btf/sched_process_exec")
int BPF_PROG(rn_exec, struct task_struct *p, pid_t old_pid, struct linux_binprm *bprm)
{
	u32 tid = (u32)p->pid, old = (u32)old_pid;
	if (!rn_live)
		return 0;
	struct rn_bpf_task *tk = task_get(p, old);
	if (!tk) {
		/* A thread not traced exec'd and took the traced leader's tid:
		 * the traced threads are gone (as ptrace loses them), and the
		 * program that runs on is not the one traced. */
		u32 tgid = (u32)p->tgid;
		if (old != tid)
			bpf_map_delete_elem(&rn_groups, &tgid);
		/* -a, --cgroup: a thread inside execve when recording started is
		 * taken in here (its execve's exit follows as a call in progress) */
		if (scope_out() || !scope_admit(bpf_get_current_pid_tgid(), 1))
			return 0;
	} else if (old != tid) { /* a thread exec'd: it now has the leader's tid */
		if (task_moved(p, tk, old, tid, (u32)p->tgid) < 0) {
			struct rn_bpf_counters *c = counters();
			if (c)
				__sync_fetch_and_add(&c->map_full, 1);
		}
	}
	struct rn_scratch *s = scratch();
	if (!s)
		return 0;
	struct rn_bpf_proc *r = (void *)s->buf;
	fill_hdr(&r->h, bpf_ktime_get_ns(), tid, (u32)p->tgid, RN_BPF_EXEC);
	r->other = old;
	r->other_tgid = 0;
	r->status = 0;
	r->flags = 0;
	u32 off = sizeof(*r);
	struct rn_bpf_cap *c = (void *)&s->buf[off];
	const char *fn = BPF_CORE_READ(bprm, filename);
	long n = bpf_probe_read_kernel_str(&s->buf[off + sizeof(*c)], RN_BPF_PATH, fn);
	c->addr = 0;
	c->kind = CAP_STRING;
	c->arg = 0;
	c->slot = 0;
	c->flags = n > 0 ? 0 : CAPF_UNREAD;
	c->len = n > 0 ? (u32)n - 1 : 0;
	c->orig_len = c->len;
	off += sizeof(*c) + ((c->len + 7) & ~7u);
	off = (u32)BOUND(off, RN_BPF_MAXEV / 2 - 1);
	c = (void *)&s->buf[off];
	u64 as = BPF_CORE_READ(p, mm, arg_start), ae = BPF_CORE_READ(p, mm, arg_end);
	u64 len = ae > as ? ae - as : 0;
	if (len > RN_BPF_MAXEV / 2 - 64)
		len = RN_BPF_MAXEV / 2 - 64;
	u32 l = (u32)BOUND(len, RN_BPF_MAXEV / 2 - 1);
	c->addr = as;
	c->kind = CAP_ARGV;
	c->arg = 1;
	c->slot = 1;
	c->flags = 0;
	if (l && bpf_probe_read_user(&s->buf[off + sizeof(*c)], l, (const void *)as) < 0) {
		c->flags = CAPF_UNREAD;
		l = 0;
	}
	c->len = l ? l - 1 : 0; /* joined: no NUL after the last string */
	c->orig_len = c->len;
	off += sizeof(*c) + ((l + 7) & ~7u);
	off = (u32)BOUND(off, RN_BPF_MAXEV - 1);
	c = (void *)&s->buf[off]; /* envp: only counted */
	c->addr = 0;
	c->kind = CAP_ARGV;
	c->arg = 2;
	c->slot = 2;
	c->flags = 0;
	c->len = 0;
	c->orig_len = (u32)BPF_CORE_READ(bprm, envc);
	off += sizeof(*c);
	r->h.ncap = 3;
	off = (u32)BOUND(off, 2 * RN_BPF_MAXEV - 1);
	r->h.size = off;
	submit_proc(s->buf, off);
	return 0;
}

/* A thread's end; its process's too when it was the last (group dead),
 * with the status waitpid gives for the process: the group's exit code
 * once a thread called exit_group or a signal killed the group (and, from
 * Linux 6.0, once the last thread ended), else the leader's own. The
 * process's end comes from a thread not traced as well, when its process
 * is in rn_groups. */
SEC("tp_btf/sched_process_exit")
int BPF_PROG(rn_exit, struct task_struct *p)
{
	u32 tid = (u32)p->pid, tgid = (u32)p->tgid;
	if (!rn_live)
		return 0;
	struct rn_bpf_task *tk = task_get(p, tid);
	int dead = BPF_CORE_READ(p, signal, live.counter) == 0;
	if (!tk && !(dead && bpf_map_lookup_elem(&rn_groups, &tgid)))
		return 0;
	u32 flags = RN_BPF_PF_UNTRACED, status = 0;
	if (tk) {
		if (tk->pending) /* exit, exit_group, or killed in a call */
			flush_pending(tk, tid, tgid);
		task_del(p, tid);
		flags = 0;
	}
	if (dead) {
		flags |= RN_BPF_PF_GROUP_DEAD;
		bpf_map_delete_elem(&rn_groups, &tgid);
		status = BPF_CORE_READ(p, signal, flags) & 4 /* SIGNAL_GROUP_EXIT */
		             ? BPF_CORE_READ(p, signal, group_exit_code)
		             : BPF_CORE_READ(p, group_leader, exit_code);
	}
	put_proc(tid, tgid, RN_BPF_TEXIT, status, 0, p->exit_code, flags);
	return 0;
}

static __always_inline void put_signal(u32 tid, u32 tgid, int sig, struct kernel_siginfo *info)
{
	struct rn_scratch *s = scratch();
	if (!s)
		return;
	struct rn_bpf_signal *r = (void *)s->buf;
	fill_hdr(&r->h, bpf_ktime_get_ns(), tid, tgid, RN_BPF_SIGNAL);
	r->h.size = sizeof(*r);
	r->signo = sig;
	r->code = 0;
	__builtin_memset(r->info, 0, sizeof(r->info));
	if (info) {
		bpf_probe_read_kernel(r->info, 48, info); /* sizeof(struct kernel_siginfo) */
		r->code = ((struct kernel_siginfo *)r->info)->si_code;
	}
	submit_proc(r, sizeof(*r));
}

SEC("tp_btf/signal_deliver")
int BPF_PROG(rn_signal, int sig, struct kernel_siginfo *info, struct k_sigaction *ka)
{
	u64 pt;
	if (!rn_live || sig == 9 || !task_cur(&pt))
		return 0;
	put_signal((u32)pt, (u32)(pt >> 32), sig, info);
	return 0;
}

/* Signals that never reach signal_deliver, recorded when sent, as ptrace
 * shows them: one the program ignores (SIGCHLD, SIGCONT by default: the
 * kernel drops it at once), and a fatal one with its default action (the
 * sender turns it into a group exit: complete_signal, before this
 * tracepoint). */
SEC("tp_btf/signal_generate")
int BPF_PROG(rn_signal_gen, int sig, struct kernel_siginfo *info, struct task_struct *task,
             int group, int result)
{
	u32 tid = (u32)task->pid;
	if (!rn_live || sig == 9 || result > 1 || !task_get(task, tid))
		return 0; /* 0 delivered, 1 ignored, more: already pending or lost */
	unsigned int flags = BPF_CORE_READ(task, signal, flags);
	if (result == 0 && !(flags & 4)) /* SIGNAL_GROUP_EXIT */
		return 0;
	put_signal(tid, (u32)task->tgid, sig, info);
	return 0;
}
