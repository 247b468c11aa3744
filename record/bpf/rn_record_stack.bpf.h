/* rn_record_stack.bpf.h: --stack in the kernel (included by rn_record.bpf.c,
 * after its maps and helpers). rn_enter_stack, tail-called once a call's
 * ENTER record is in the ring, copies the user registers and up to rn_stack
 * bytes of user stack from the stack pointer upwards (on the main thread's
 * stack, not past the initial stack pointer: argv and the environment above
 * it hold no frame) into a per-CPU scratch map and writes them as one RN_BPF_STACK_REC record right
 * behind the ENTER record. The stack is read in page pieces with bpf_probe_read_user, which never
 * faults a page in: the copy stops at the first piece that cannot be read and the record says how
 * much it got (user space marks it short). No stack is written while 3/4 of the ring is not yet
 * drained, so a burst of stacks never costs the calls themselves; a stack left out (or that does
 * not fit) is not counted here: user space sees the call without its stack
 * and reports it. rn_stack_note_maps reads, at
 * the exit of an exec or an mmap/mprotect with PROT_EXEC, the code mapping
 * it made from the VMA (bpf_find_vma: range, offset, file, path), so a
 * process that ends at once still has its mappings. */
#include "rn_bpf_stack.h"

const volatile __u32 rn_stack = 0; /* --stack bytes; 0: off */
const volatile __u32 rn_nr_execve = ~0u, rn_nr_execveat = ~0u, rn_nr_mmap = ~0u,
                     rn_nr_mprotect = ~0u;

#define STACK_PIECE   4096u
#define STACK_TOP_PAD 64                        /* bytes copied past the initial stack pointer */
#define STACK_ROOM    (65536 + 2 * STACK_PIECE) /* the verifier's bounds: at < 64K, k < 8K */

struct rn_stack_buf {
	struct rn_bpf_stack r;
	u8 data[STACK_ROOM];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1); /* one per possible CPU, set at load */
	__type(key, u32);
	__type(value, struct rn_stack_buf);
} rn_stack_scratch SEC(".maps");

struct mm_struct___rnstack {
	unsigned long start_code, start_stack;
} __attribute__((preserve_access_index));
struct task_struct___rnmm {
	struct mm_struct___rnstack *mm;
} __attribute__((preserve_access_index));

#if defined(__TARGET_ARCH_x86)
struct thread_struct___rnstack {
	unsigned long fsbase, gsbase;
};
struct task_struct___rnstack {
	struct thread_struct___rnstack thread;
} __attribute__((preserve_access_index));
#endif

/* The regset: x86_64 struct user_regs_struct begins with pt_regs' 21 words
 * (r15 .. ss, same order), then fs_base, gs_base, ds, es, fs, gs; aarch64
 * struct user_pt_regs is the head of pt_regs. */
static __always_inline u32 stack_regs(struct rn_bpf_stack *r, struct pt_regs *regs)
{
	__builtin_memset(r->regs, 0, sizeof(r->regs));
#if defined(__TARGET_ARCH_x86)
	bpf_probe_read_kernel(r->regs, 21 * 8, regs);
	struct task_struct___rnstack *task = (void *)bpf_get_current_task();
	u64 fsb = BPF_CORE_READ(task, thread.fsbase), gsb = BPF_CORE_READ(task, thread.gsbase);
	__builtin_memcpy(&r->regs[21 * 8], &fsb, 8);
	__builtin_memcpy(&r->regs[22 * 8], &gsb, 8);
	return 216;
#else
	bpf_probe_read_kernel(r->regs, 272, regs);
	return 272;
#endif
}

SEC("tp_btf/sys_enter")
int BPF_PROG(rn_enter_stack, struct pt_regs *regs, long id)
{
	u64 pt = bpf_get_current_pid_tgid();
	u32 cpu = bpf_get_smp_processor_id();
	struct rn_stack_buf *b = bpf_map_lookup_elem(&rn_stack_scratch, &cpu);
	void *rb = bpf_map_lookup_elem(&rn_rings, &cpu);
	if (!b || !rb)
		return 0;
	/* Stacks are big: past 3/4 of a ring not yet drained, the calls' own
	 * records keep the rest (user space counts each call left without its
	 * stack). 0 = BPF_RB_AVAIL_DATA */
	if (bpf_ringbuf_query(rb, 0) > rn_ring_bytes / 4 * 3)
		return 0;
	struct rn_bpf_stack *r = &b->r;
	r->regs_len = stack_regs(r, regs);
	u64 sp = regs->sp;
	u32 want = rn_stack < RN_BPF_STACK_MAX ? rn_stack : RN_BPF_STACK_MAX, got = 0, upto = want;
	/* On the main thread's stack nothing above the initial stack pointer
	 * (argc, argv, the environment: often kilobytes) is a frame: the copy
	 * ends just past it, as bcc's libbpf-tools unwinder does. */
	struct task_struct___rnmm *task = (void *)bpf_get_current_task();
	u64 top = BPF_CORE_READ(task, mm, start_stack) + STACK_TOP_PAD;
	if (top > sp && top - sp < upto)
		upto = (u32)(top - sp);
	for (int i = 0; i < RN_BPF_STACK_MAX / STACK_PIECE + 2; i++) {
		if (got >= upto)
			break;
		u64 a = sp + got;
		u32 k = STACK_PIECE - (u32)(a & (STACK_PIECE - 1));
		if (k > upto - got)
			k = upto - got;
		u32 at = (u32)BOUND(got, 65535);
		k = (u32)BOUND(k, 2 * STACK_PIECE - 1);
		if (bpf_probe_read_user(&b->data[at], k, (const void *)a) < 0)
			break;
		got += k;
	}
	fill_hdr(&r->h, bpf_ktime_get_ns(), (u32)pt, (u32)(pt >> 32), RN_BPF_STACK_REC);
	r->sp = sp;
	r->nr = (u32)id | (u32)rn_ia32_bit(); /* as the ENTER record has it */
	r->want = want;
	r->len = got;
	u64 size = sizeof(*r) + ((got + 7) & ~7u);
	size = BOUND(size, 131071);
	if (size > sizeof(*b))
		return 0;
	r->h.size = (u32)size;
	room_forget(cpu);
	if (stack_fits(rb, size)) /* else counted in user space: the call's stack is missing */
		bpf_ringbuf_output(rb, b, size, BPF_RB_NO_WAKEUP);
	return 0;
}

/* ---- code mappings ---- */

struct rn_map_buf {
	struct rn_bpf_maprec r;
	char names[RN_BPF_MAP_DEPTH][RN_BPF_MAP_NAME];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1); /* one per possible CPU, set at load */
	__type(key, u32);
	__type(value, struct rn_map_buf);
} rn_map_scratch SEC(".maps");

struct qstr___rnstack {
	const unsigned char *name;
} __attribute__((preserve_access_index));
struct dentry___rnstack {
	struct dentry___rnstack *d_parent;
	struct qstr___rnstack d_name;
} __attribute__((preserve_access_index));
struct vfsmount___rnstack {
	struct dentry___rnstack *mnt_root;
} __attribute__((preserve_access_index));
struct mount___rnstack {
	struct mount___rnstack *mnt_parent;
	struct dentry___rnstack *mnt_mountpoint;
	struct vfsmount___rnstack mnt;
} __attribute__((preserve_access_index));
struct path___rnstack {
	struct vfsmount___rnstack *mnt;
	struct dentry___rnstack *dentry;
} __attribute__((preserve_access_index));
struct super_block___rnstack {
	unsigned int s_dev;
} __attribute__((preserve_access_index));
struct inode___rnstack {
	unsigned long i_ino;
	struct super_block___rnstack *i_sb;
} __attribute__((preserve_access_index));
struct file___rnstack {
	struct path___rnstack f_path;
	struct inode___rnstack *f_inode;
} __attribute__((preserve_access_index));
struct vm_area_struct___rnstack {
	unsigned long vm_start, vm_end, vm_pgoff, vm_flags;
	struct file___rnstack *vm_file;
} __attribute__((preserve_access_index));

/* bpf_find_vma came with Linux 5.17: older kernels read /proc instead (the
 * check is a CO-RE constant, so the verifier never sees the call there).
 * Before 5.13 a program that merely names a callback is refused ("number of
 * funcs in func_info doesn't match number of subprogs"): those kernels load
 * rn_exit_mapwalk, which has none (rn_record_bpf_stack.c picks) and walks
 * the VMA tree itself (vma_walk). */
enum bpf_func_id___rnstack { BPF_FUNC_find_vma___rnstack = 180 };

struct vma_found {
	u64 start, end, pgoff, flags, file;
};

static __always_inline void vma_read(struct vm_area_struct___rnstack *vma, struct vma_found *v)
{
	v->start = BPF_CORE_READ(vma, vm_start);
	v->end = BPF_CORE_READ(vma, vm_end);
	v->pgoff = BPF_CORE_READ(vma, vm_pgoff);
	v->flags = BPF_CORE_READ(vma, vm_flags);
	v->file = (u64)BPF_CORE_READ(vma, vm_file);
}

static long vma_cb(struct task_struct *task, struct vm_area_struct___rnstack *vma,
                   struct vma_found *v)
{
	vma_read(vma, v);
	return 0;
}

/* Before 5.17 the VMA holding addr is looked up as find_vma() does it:
 * kernels before 6.1 keep the VMAs in an rbtree (mm->mm_rb, ordered by
 * vm_end). It is read without the mmap lock: a tree another thread changes
 * meanwhile can yield no VMA or one that does not hold addr, and the record
 * then says FAILED (user space reads /proc). 0, or -1. */
struct rb_node___rnwalk {
	struct rb_node___rnwalk *rb_right, *rb_left;
} __attribute__((preserve_access_index));
struct rb_root___rnwalk {
	struct rb_node___rnwalk *rb_node;
} __attribute__((preserve_access_index));
struct mm_struct___rnwalk {
	struct rb_root___rnwalk mm_rb;
} __attribute__((preserve_access_index));
struct task_struct___rnwalk {
	struct mm_struct___rnwalk *mm;
} __attribute__((preserve_access_index));
struct vm_area_struct___rnwalk {
	struct rb_node___rnwalk vm_rb;
} __attribute__((preserve_access_index));

#define rn_vma_walkable() bpf_core_field_exists(struct mm_struct___rnwalk, mm_rb)

static __always_inline long vma_walk(u64 addr, struct vma_found *v)
{
	struct task_struct___rnwalk *task = (void *)bpf_get_current_task();
	struct rb_node___rnwalk *n = BPF_CORE_READ(task, mm, mm_rb.rb_node);
	u64 off = bpf_core_field_offset(struct vm_area_struct___rnwalk, vm_rb);
	struct vm_area_struct___rnstack *found = NULL;
	for (int i = 0; i < 48 && n; i++) { /* the height of a tree of 2^24 */
		struct vm_area_struct___rnstack *vma = (void *)((u64)n - off);
		if (BPF_CORE_READ(vma, vm_end) > addr) {
			found = vma;
			if (BPF_CORE_READ(vma, vm_start) <= addr)
				break;
			n = BPF_CORE_READ(n, rb_left);
		} else {
			n = BPF_CORE_READ(n, rb_right);
		}
	}
	if (!found)
		return -1;
	vma_read(found, v);
	return v->start <= addr && addr < v->end ? 0 : -1;
}

/* The file's path as components, leaf first, up to the mount namespace's
 * root; a mount point crossed takes an empty slot (one slot per step keeps
 * the verifier's states few). */
static __always_inline u32 path_names(struct rn_map_buf *b, struct file___rnstack *f, u32 *flags)
{
	struct dentry___rnstack *d = BPF_CORE_READ(f, f_path.dentry);
	struct vfsmount___rnstack *vm = BPF_CORE_READ(f, f_path.mnt);
	u64 moff = bpf_core_field_offset(struct mount___rnstack, mnt);
	struct mount___rnstack *mnt = (void *)((u64)vm - moff);
	for (u32 i = 0; i < RN_BPF_MAP_DEPTH; i++) {
		struct dentry___rnstack *root = BPF_CORE_READ(vm, mnt_root);
		struct dentry___rnstack *parent = BPF_CORE_READ(d, d_parent);
		b->names[i][0] = 0;
		if (d == root || d == parent) {
			struct mount___rnstack *mp = BPF_CORE_READ(mnt, mnt_parent);
			if (d != root || mp == mnt)
				return i; /* the root */
			d = BPF_CORE_READ(mnt, mnt_mountpoint);
			mnt = mp;
			vm = (void *)((u64)mnt + moff);
			continue;
		}
		bpf_probe_read_kernel_str(b->names[i], RN_BPF_MAP_NAME,
		                          BPF_CORE_READ(d, d_name.name));
		d = parent;
	}
	*flags |= RN_BPF_MF_DEEP;
	return RN_BPF_MAP_DEPTH;
}

/* Writes the record of the code mapping at addr (none for anonymous
 * memory); FAILED when the VMA could not be read. One that does not fit the
 * ring is counted with the process events lost. */
static __always_inline void put_mapping(void *rb, u64 addr, u32 tid, u32 tgid, u32 flags,
                                        const int find)
{
	u32 cpu = bpf_get_smp_processor_id();
	struct rn_map_buf *b = bpf_map_lookup_elem(&rn_map_scratch, &cpu);
	if (!b)
		return;
	struct vma_found v = {};
	long rc = -1;
	if (find &&
	    bpf_core_enum_value_exists(enum bpf_func_id___rnstack, BPF_FUNC_find_vma___rnstack))
		rc = bpf_find_vma(bpf_get_current_task_btf(), addr, vma_cb, &v, 0);
	else if (!find && rn_vma_walkable())
		rc = vma_walk(addr, &v);
	if (rc < 0)
		flags |= RN_BPF_MF_FAILED;
	else if (!v.file)
		return;
	struct rn_bpf_maprec *r = &b->r;
	r->start = v.start;
	r->end = v.end;
	r->pgoff = v.pgoff << 12;
	r->prot = (u32)(v.flags & 7); /* VM_READ, VM_WRITE, VM_EXEC = PROT_* */
	r->ino = 0;
	r->dev = 0;
	r->ncomp = 0;
	if (v.file) {
		struct file___rnstack *f = (void *)v.file;
		r->ino = BPF_CORE_READ(f, f_inode, i_ino);
		r->dev = BPF_CORE_READ(f, f_inode, i_sb, s_dev);
		r->ncomp = path_names(b, f, &flags);
	}
	r->flags = flags;
	fill_hdr(&r->h, bpf_ktime_get_ns(), tid, tgid, RN_BPF_MAP_REC);
	u64 size = sizeof(*r) + (u64)BOUND(r->ncomp, 63) * RN_BPF_MAP_NAME;
	if (size > sizeof(*b))
		size = sizeof(*b);
	r->h.size = (u32)size;
	room_forget(cpu);
	if (bpf_ringbuf_output(rb, b, size, BPF_RB_NO_WAKEUP) < 0) {
		struct rn_bpf_counters *c = counters(); /* a process event lost */
		if (c)
			__sync_fetch_and_add(&c->proc_full, 1);
	}
}

/* Does this exit make code mappings to report (rn_exit_maps)? */
static __always_inline int rn_stack_maps_wanted(u64 nr, long ret)
{
	return rn_stack && ret >= 0 &&
	       (nr == rn_nr_execve || nr == rn_nr_execveat || nr == rn_nr_mmap ||
	        nr == rn_nr_mprotect);
}

/* Tail-called after a traced call's exit record: the code mappings an exec,
 * or an mmap/mprotect with PROT_EXEC, made; find: read them from the VMA
 * (else user space reads /proc). */
static __always_inline int exit_maps(struct pt_regs *regs, long ret, const int find)
{
	u64 pt = bpf_get_current_pid_tgid();
	u64 nr = regs_nr(regs);
	if (nr == (u64)-1 || ret < 0)
		return 0;
	u32 cpu = bpf_get_smp_processor_id();
	void *rb = bpf_map_lookup_elem(&rn_rings, &cpu);
	if (!rb)
		return 0;
	u32 tid = (u32)pt, tgid = (u32)(pt >> 32);
	if (nr == rn_nr_execve || nr == rn_nr_execveat) {
		struct task_struct___rnmm *task = (void *)bpf_get_current_task();
		u64 code = BPF_CORE_READ(task, mm, start_code);
		put_mapping(rb, code, tid, tgid, RN_BPF_MF_RESET, find); /* the executable */
		/* its interpreter (when /proc is read instead, the one read the
		 * first record asks for has it, and a second read of a process
		 * gone meanwhile would be a loss) */
		if (find || rn_vma_walkable())
			put_mapping(rb, regs_ip(regs), tid, tgid, 0, find);
		return 0;
	}
	if (nr != rn_nr_mmap && nr != rn_nr_mprotect)
		return 0;
	u64 a[6];
	regs_args(regs, a);
	if (!(a[2] & 4)) /* PROT_EXEC */
		return 0;
	if (nr == rn_nr_mmap && (int)a[4] < 0)
		return 0; /* anonymous */
	put_mapping(rb, nr == rn_nr_mmap ? (u64)ret : a[0], tid, tgid, 0, find);
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(rn_exit_maps, struct pt_regs *regs, long ret)
{
	return exit_maps(regs, ret, 1);
}

/* The same without bpf_find_vma's callback, for kernels before 5.17: the
 * VMA tree walked (before 6.1), else /proc. */
SEC("tp_btf/sys_exit")
int BPF_PROG(rn_exit_mapwalk, struct pt_regs *regs, long ret)
{
	return exit_maps(regs, ret, 0);
}
