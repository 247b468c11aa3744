/* rn_record_bpf_stack.c: --stack with the bpf backend, user-space side.
 * Sets up the kernel side (rn_record_stack.bpf.h: the stack size, the
 * syscall numbers that change mappings, the per-CPU scratch, the tail call)
 * and turns each RN_BPF_STACK_REC record into the two captures the ptrace
 * backend stores (rn_mem_stack): RN_CAP_REGS, the NT_PRSTATUS regset, and
 * RN_CAP_STACK, the bytes from SP upwards (orig_len = bytes asked for; a
 * short read is TRUNCATED, none UNREADABLE). */
#include "rn_record_bpf.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <stdlib.h>
#include <string.h>

#include "rn_record_bpf.skel.h"

/* Non-zero when the kernel has bpf_find_vma (5.17): rn_exit_maps, which
 * names its callback, loads only there (asked once, with --stack only;
 * RN_BPF_NO_FIND_VMA: the older kernels' variant, for the tests). */
static int find_vma_ok(void)
{
	static int known = -1;
	if (known < 0)
		known = !getenv("RN_BPF_NO_FIND_VMA") &&
		        libbpf_probe_bpf_helper(BPF_PROG_TYPE_KPROBE, BPF_FUNC_find_vma, NULL) > 0;
	return known;
}

void rn_bpf_stack_setup(struct rn_record_bpf *skel, const rn_rec_opts *o, int ncpu)
{
	uint16_t arch = rn_arch_native();
	skel->rodata->rn_stack = o->stack;
	skel->rodata->rn_nr_execve = (uint32_t)rn_syscall_lookup(arch, "execve");
	skel->rodata->rn_nr_execveat = (uint32_t)rn_syscall_lookup(arch, "execveat");
	skel->rodata->rn_nr_mmap = (uint32_t)rn_syscall_lookup(arch, "mmap");
	skel->rodata->rn_nr_mprotect = (uint32_t)rn_syscall_lookup(arch, "mprotect");
	bpf_program__set_autoattach(skel->progs.rn_enter_stack, false);
	bpf_program__set_autoattach(skel->progs.rn_exit_maps, false);
	bpf_program__set_autoattach(skel->progs.rn_exit_mapwalk, false);
	/* Without --stack they are never called: not even loaded. */
	int vma = o->stack && find_vma_ok();
	bpf_program__set_autoload(skel->progs.rn_enter_stack, o->stack != 0);
	bpf_program__set_autoload(skel->progs.rn_exit_maps, vma);
	bpf_program__set_autoload(skel->progs.rn_exit_mapwalk, o->stack && !vma);
	/* Without --stack the program never runs: the smallest maps. */
	bpf_map__set_max_entries(skel->maps.rn_stack_scratch, o->stack ? (uint32_t)ncpu : 1);
	bpf_map__set_max_entries(skel->maps.rn_map_scratch, o->stack ? (uint32_t)ncpu : 1);
}

int rn_bpf_stack_tail(struct rn_record_bpf *skel, const rn_rec_opts *o)
{
	uint32_t k2 = 2, k1 = 1;
	if (!o->stack)
		return 0;
	int fs = bpf_program__fd(skel->progs.rn_enter_stack);
	int fm = bpf_program__fd(bpf_program__autoload(skel->progs.rn_exit_maps)
	                             ? skel->progs.rn_exit_maps
	                             : skel->progs.rn_exit_mapwalk);
	if (bpf_map_update_elem(bpf_map__fd(skel->maps.rn_tail_enter), &k2, &fs, BPF_ANY) < 0)
		return -1;
	return bpf_map_update_elem(bpf_map__fd(skel->maps.rn_tail_exit), &k1, &fm, BPF_ANY);
}

static uint64_t lost;

uint64_t rn_bpf_stack_ring(int ncpu)
{
	/* A stack per call is ~50x a call's record: 4x the plain default, the
	 * total kept under 1 GiB of kernel memory on many-CPU hosts. */
	uint64_t per = ncpu > 0 ? (1ull << 30) / (uint64_t)ncpu : RN_BPF_RING_STACK;
	if (per > RN_BPF_RING_STACK)
		per = RN_BPF_RING_STACK;
	return per < RN_BPF_RING_DEFAULT ? RN_BPF_RING_DEFAULT : per;
}

int rn_bpf_stack_missing(const rn_thr *t)
{
	if (t->keep != RN_BPF_KEEP_FULL || (t->sc_flags & RN_SC_HAS_STACK))
		return 0;
	lost++;
	return 1;
}

uint64_t rn_bpf_stack_lost(void)
{
	return lost;
}

void rn_bpf_stack_add(rn_thr *t, const struct rn_bpf_hdr *h)
{
	const struct rn_bpf_stack *r = (const void *)h;
	if (h->size < sizeof(*r) || r->len > h->size - sizeof(*r) || r->regs_len > RN_BPF_REGS_MAX)
		return;
	/* Only for the call its ENTER record began (a lost entry drops both). */
	if (!t || !t->in_sc || t->nr != rn_bpf_thr_nr(r->nr) || t->keep != RN_BPF_KEEP_FULL ||
	    (t->sc_flags & RN_SC_HAS_STACK))
		return;
	if (t->ncap + 2 > RN_REC_MAXCAP) {
		t->cap_lost = 1;
		return;
	}
	long off = rn_thr_reserve(t, (size_t)r->regs_len + r->len);
	if (off < 0) {
		t->cap_lost = 1;
		return;
	}
	memcpy(t->buf + off, r->regs, r->regs_len);
	memcpy(t->buf + off + r->regs_len, r + 1, r->len);
	rn_capture *c = &t->caps[t->ncap];
	memset(c, 0, sizeof(*c));
	c->kind = RN_CAP_REGS;
	c->arg = RN_CAP_NOARG;
	c->len = c->orig_len = r->regs_len;
	t->capoff[t->ncap++] = (uint32_t)off;
	c = &t->caps[t->ncap];
	memset(c, 0, sizeof(*c));
	c->kind = RN_CAP_STACK;
	c->arg = RN_CAP_NOARG;
	c->addr = r->sp;
	c->len = r->len;
	c->orig_len = r->want;
	if (r->len < r->want)
		c->flags = r->len ? RN_CAPF_TRUNCATED : RN_CAPF_UNREADABLE;
	t->capoff[t->ncap++] = (uint32_t)(off + (long)r->regs_len);
	t->sc_flags |= RN_SC_HAS_STACK;
}
