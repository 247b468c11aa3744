/* rn_record_bpf_plan.c: the bpf backend's capture tables, generated at
 * start-up from the catalog (format/data/syscalls.def, ioctl.def,
 * prctl.def, xlat.def) and -e/-s/--no-data: rn_plans, per syscall number
 * the slots the kernel side reads (which argument, how, how long, when),
 * and rn_sels, the plans of calls whose captures depend on an argument's
 * value (ioctl's request, fcntl's command, prctl's option...). Those are
 * found, and their slots made, by asking the catalog's own plan
 * (rn_catalog_plan) for each value of the argument's table: the kernel
 * side then reads what the ptrace backend reads, with no per-syscall code
 * on either side. */
#include "rn_record_bpf.h"
#include "rn_xlat.h"

#include <bpf/bpf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define MAXREQ 16

enum { X = RN_BPF_SF_EXIT | RN_BPF_SF_OK };
/* An entry slot of memory the call only reads: read again at exit when its
 * entry read faulted (RN_BPF_SF_AGAIN). The entry half of what the call
 * also writes (in/out structs, socklens, pollfd arrays, fd_sets, recvmsg's
 * msghdr) is not: at exit it holds what the kernel wrote. */
enum { A = RN_BPF_SF_AGAIN };
_Static_assert(RN_BPF_MAXCAP == RN_REC_MAXCAP, "rn_bpf_abi.h: RN_BPF_MAXCAP");
_Static_assert(RN_BPF_CAPF_W32 == RN_CAPF_W32, "rn_bpf_abi.h: RN_BPF_CAPF_W32");
_Static_assert(RN_BPF_CAPF_ARGS32 == RN_CAPF_ARGS32, "rn_bpf_abi.h: RN_BPF_CAPF_ARGS32");
_Static_assert(RN_BPF_SF_ARGS32 == RN_BPF_CAPF_ARGS32, "rn_bpf_abi.h: RN_BPF_SF_ARGS32");

/* One slot of a plan; returns 0 when the table is full. */
static struct rn_bpf_slot *slot(struct rn_bpf_plan *p, int how, int arg, int kind, int len_src,
                                uint32_t size, int mult, int flags)
{
	if (p->n >= RN_BPF_SLOTS)
		return NULL;
	/* the kernel side reads args[arg] and args[len_src] with a bounded
	 * load (rn_record.bpf.c step_arg): indexes 0-5 only */
	if ((arg >= 6 && arg != RN_BPF_FD_RET) ||
	    (len_src >= 6 && len_src != RN_BPF_LEN_RET && len_src != RN_BPF_LEN_FIXED))
		return NULL;
	struct rn_bpf_slot *s = &p->slot[p->n++];
	memset(s, 0, sizeof(*s));
	s->how = (uint8_t)how;
	s->arg = (uint8_t)arg;
	s->kind = (uint8_t)kind;
	s->len_src = (uint8_t)len_src;
	s->flags = (uint16_t)flags;
	s->mult = (uint16_t)mult;
	s->size = size < RN_BPF_MAXEV - 256 ? size : RN_BPF_MAXEV - 256;
	return s;
}

/* A memory slot whose length is ((len + 2^rshift - 1) >> rshift) * mult + add. */
static void slot_len(struct rn_bpf_plan *p, int arg, int kind, int len_src, uint32_t size,
                     int rshift, int mult, int add, int flags)
{
	struct rn_bpf_slot *s = slot(p, RN_BPF_READ_MEM, arg, kind, len_src, size, mult, flags);
	if (s) {
		s->rshift = (uint8_t)rshift;
		s->add = (uint16_t)add;
	}
}

/* The catalog's argument kinds as slots (what rn_catalog_plan asks of the
 * ptrace backend). Returns non-zero when the table could not hold them
 * all (each call is then checked in user space, rn_record_bpf_run.c). */
static int plan_args(uint16_t arch, const rn_sysent *e, const rn_rec_opts *o, struct rn_bpf_plan *p,
                     unsigned *covered)
{
	uint32_t bufmax = o->no_data ? 0 : o->strsize;
	int nd = o->no_data ? RN_BPF_SF_NODATA : 0, want = 0;
	int w32 = arch == RN_ABI_IA32 ? RN_BPF_SF_W32 : 0, mtype = arch == RN_ABI_IA32 ? 4 : 8;
	for (int i = 0; i < e->nargs && i < 6; i++) {
		rn_argspec s = e->args[i];
		int lsrc = (int)RN_ARG_LEN(s), st = (int)RN_ARG_X(s);
		uint32_t ss = lsrc == RN_LEN_FIXED ? rn_struct_size(arch, st) : 4096;
		unsigned before = p->n;
		if (ss > 4096)
			ss = 4096;
		switch (RN_ARG_KIND(s)) {
		case RN_A_PATH:
			slot(p, RN_BPF_READ_STR, i, RN_CAP_STRING, 0, RN_PATH_MAX, 1, A);
			want++;
			break;
		case RN_A_STR:
			slot(p, RN_BPF_READ_STR, i, RN_CAP_STRING, 0, o->strsize + 1, 1,
			     RN_BPF_SF_STRS | A);
			want++;
			break;
		case RN_A_BUF_IN:
			slot(p, RN_BPF_READ_MEM, i, RN_CAP_BUFFER, lsrc, bufmax, 1,
			     RN_BPF_SF_CUT | nd | A);
			want++;
			break;
		case RN_A_BUF_OUT: /* the bytes moved, never past the size that follows */
			slot(p, RN_BPF_READ_MEM, i, RN_CAP_BUFFER, lsrc, bufmax, 1,
			     X | RN_BPF_SF_CUT | nd |
			         (lsrc == RN_LEN_RET && i + 1 < e->nargs ? RN_BPF_SF_CAPNEXT : 0));
			want++;
			break;
		case RN_A_DIRENTS:
			slot(p, RN_BPF_READ_MEM, i, RN_CAP_ARRAY, lsrc, 64u << 10, 1, X);
			want++;
			break;
		case RN_A_STRUCT_IN:
			slot(p, RN_BPF_READ_MEM, i, RN_CAP_STRUCT, lsrc, ss, 1, A);
			want++;
			break;
		case RN_A_STRUCT_INOUT:
			slot(p, RN_BPF_READ_MEM, i, RN_CAP_STRUCT, lsrc, ss, 1, 0);
			slot(p, RN_BPF_READ_MEM, i, RN_CAP_STRUCT, lsrc, ss, 1, X);
			want += 2;
			break;
		case RN_A_STRUCT_OUT:
		case RN_A_INTPTR_OUT:
			slot(p, RN_BPF_READ_MEM, i, RN_CAP_STRUCT, lsrc, ss, 1, X);
			want++;
			break;
		case RN_A_STRUCT_REM:
			slot(p, RN_BPF_READ_MEM, i, RN_CAP_STRUCT, lsrc, ss, 1,
			     RN_BPF_SF_EXIT | RN_BPF_SF_INTR);
			want++;
			break;
		case RN_A_SOCKADDR_IN:
			slot(p, RN_BPF_READ_MEM, i, RN_CAP_STRUCT, lsrc, 128, 1, A);
			want++;
			break;
		case RN_A_SOCKADDR_OUT:
			slot(p, RN_BPF_READ_MEM, i, RN_CAP_STRUCT, RN_BPF_LEN_FIXED, 128, 1, X);
			want++;
			break;
		case RN_A_SOCKLEN_INOUT:
			slot(p, RN_BPF_READ_MEM, i, RN_CAP_ARRAY, RN_BPF_LEN_FIXED, 4, 1, 0);
			slot(p, RN_BPF_READ_MEM, i, RN_CAP_ARRAY, RN_BPF_LEN_FIXED, 4, 1, X);
			want += 2;
			break;
		case RN_A_SOCKOPT_IN:
			slot(p, RN_BPF_READ_MEM, i, RN_CAP_STRUCT, lsrc, 256, 1, A);
			want++;
			break;
		case RN_A_SOCKOPT_OUT:
			slot(p, RN_BPF_READ_MEM, i, RN_CAP_STRUCT, RN_BPF_LEN_FIXED, 4, 1, X);
			want++;
			break;
		case RN_A_IDS_IN:
			slot(p, RN_BPF_READ_MEM, i, RN_CAP_ARRAY, lsrc, 65536 * 4, 4, A);
			want++;
			break;
		case RN_A_IDS_OUT:
			slot(p, RN_BPF_READ_MEM, i, RN_CAP_ARRAY, lsrc, 65536 * 4, 4, X);
			want++;
			break;
		case RN_A_CPUSET_IN:
			slot(p, RN_BPF_READ_MEM, i, RN_CAP_ARRAY, lsrc, 1024, 1, A);
			want++;
			break;
		case RN_A_CPUSET_OUT:
			slot(p, RN_BPF_READ_MEM, i, RN_CAP_ARRAY, lsrc, 1024, 1, X);
			want++;
			break;
		case RN_A_EPOLL_OUT: {
			uint32_t es = rn_struct_size(arch, st);
			slot(p, RN_BPF_READ_MEM, i, RN_CAP_ARRAY, lsrc, 256 * es, (int)es, X);
			want++;
			break;
		}
		case RN_A_POLLFD:
			slot(p, RN_BPF_READ_MEM, i, RN_CAP_ARRAY, lsrc, 1024 * 8, 8, 0);
			slot(p, RN_BPF_READ_MEM, i, RN_CAP_ARRAY, lsrc, 1024 * 8, 8, X);
			want += 2;
			break;
		case RN_A_NODES_IN: /* (maxnode + 63) / 64 longs: one more than strace
		                       reads when maxnode % 64 == 1; the decoder cuts */
			slot_len(p, i, RN_CAP_ARRAY, lsrc, 1024, 6, 8, 0, A);
			want++;
			break;
		case RN_A_NODES_OUT:
			slot_len(p, i, RN_CAP_ARRAY, lsrc, 1024, 6, 8, 0, X);
			want++;
			break;
		case RN_A_FDSET: /* the bits of nfds descriptors, in longs */
			slot_len(p, i, RN_CAP_ARRAY, lsrc, 1024, 6, 8, 0, 0);
			slot_len(p, i, RN_CAP_ARRAY, lsrc, 1024, 6, 8, 0, X);
			want += 2;
			break;
		case RN_A_SEMBUF:
			slot(p, RN_BPF_READ_MEM, i, RN_CAP_ARRAY, lsrc, 1024 * 6, 6, A);
			want++;
			break;
		case RN_A_MSGBUF_IN: /* mtype (a long), then mtext cut at -s */
			slot_len(p, i, RN_CAP_STRUCT, lsrc, mtype + o->strsize, 0, 1, mtype, A);
			want++;
			break;
		case RN_A_MSGBUF_OUT:
			slot_len(p, i, RN_CAP_STRUCT, lsrc, mtype + o->strsize, 0, 1, mtype, X);
			want++;
			break;
		case RN_A_PAGEVEC_OUT: /* a byte per page */
			slot_len(p, i, RN_CAP_ARRAY, lsrc, o->strsize + 1, 12, 1, 0, X);
			want++;
			break;
		/* an ia32 call's iovecs are {u32, u32}, its argv and envp arrays
		 * of 32-bit pointers (RN_BPF_SF_W32) */
		case RN_A_IOV_IN:
			slot(p, RN_BPF_READ_IOV, i, RN_CAP_IOVEC, lsrc, bufmax, 1, nd | w32 | A);
			want++;
			break;
		case RN_A_IOV_OUT:
			slot(p, RN_BPF_READ_IOV, i, RN_CAP_IOVEC, lsrc, bufmax, 1, X | nd | w32);
			want++;
			break;
		case RN_A_MSGHDR_IN:
			slot(p, RN_BPF_READ_MSGHDR, i, RN_CAP_STRUCT, 0, bufmax, 1, nd | A);
			want++;
			break;
		case RN_A_MSGHDR_OUT: /* msg_namelen before the call, then the whole at exit */
			slot(p, RN_BPF_READ_MEM, i, RN_CAP_STRUCT, RN_BPF_LEN_FIXED,
			     rn_struct_size(arch, RN_ST_MSGHDR), 1, 0);
			slot(p, RN_BPF_READ_MSGHDR, i, RN_CAP_STRUCT, 0, bufmax, 1, X | nd);
			want += 2;
			break;
		case RN_A_MMSGHDR_IN: /* msg_len filled at exit; failed or not */
			slot(p, RN_BPF_READ_MMSG, i, RN_CAP_ARRAY, lsrc, bufmax, 0,
			     RN_BPF_SF_EXIT | nd);
			want++;
			break;
		case RN_A_MMSGHDR_OUT:
			slot(p, RN_BPF_READ_MMSG, i, RN_CAP_ARRAY, RN_BPF_LEN_RET, bufmax, 1,
			     X | nd);
			want++;
			break;
		case RN_A_FDPAIR:
			slot(p, RN_BPF_READ_MEM, i, RN_CAP_ARRAY, RN_BPF_LEN_FIXED, 8, 1, X);
			slot(p, RN_BPF_READ_FDINO, i, RN_CAP_STRING, 0, 0, 0, X);
			slot(p, RN_BPF_READ_FDINO, i, RN_CAP_STRING, 0, 0, 1, X);
			want += 3;
			break;
		case RN_A_ARGV:
			slot(p, RN_BPF_READ_ARGV, i, RN_CAP_ARGV, 0, 0, 1, w32);
			want++;
			break;
		case RN_A_ENVP:
			slot(p, RN_BPF_READ_ENVP, i, RN_CAP_ARGV, 0, 0, 1, w32);
			want++;
			break;
		default:
			break;
		}
		if (p->n != before)
			*covered |= 1u << i;
	}
	/* socket, accept, accept4: the new socket's inode (-y) */
	if (e->ret == RN_R_FD && (e->classes & RN_CLASS_NETWORK)) {
		slot(p, RN_BPF_READ_FDINO, RN_BPF_FD_RET, RN_CAP_STRING, 0, 0, 0, X);
		want++;
	}
	return p->n < want;
}

/* The catalog's plan for nr with probe values: every pointer and length
 * non-zero, argument sel = val. */
static int probe(uint16_t arch, uint32_t nr, int sel, uint64_t val, int64_t ret, int phase,
                 uint32_t strsize, rn_cap_req *q)
{
	uint64_t args[6];
	for (int k = 0; k < 6; k++)
		args[k] = 0x10000ull * (uint64_t)(k + 1);
	if (sel >= 0)
		args[sel] = val;
	return rn_catalog_plan(arch, nr, args, ret, phase, strsize, q, MAXREQ);
}

/* Exit slots the catalog plans only when the call returned more than 0
 * (wait4's status and rusage) get RN_BPF_SF_POS: the plan at ret 0 says. */
static void mark_positive(uint16_t arch, uint32_t nr, int sel, uint64_t val, uint32_t strsize,
                          struct rn_bpf_plan *p)
{
	rn_cap_req q[MAXREQ];
	int n = probe(arch, nr, sel, val, 0, 1, strsize, q);
	for (unsigned i = 0; i < p->n; i++) {
		struct rn_bpf_slot *s = &p->slot[i];
		if ((s->flags & X) != X || s->arg >= 6)
			continue;
		int found = 0;
		for (int k = 0; k < n && !found; k++)
			found = q[k].arg == s->arg;
		if (!found)
			s->flags |= RN_BPF_SF_POS;
	}
}

/* Slots for what the catalog plans, for argument sel = val, on arguments
 * plan_args left to it (ioctl's third, prctl's second...): fixed-size
 * structs and strings. An entry one is read again at exit (A) only when
 * the call writes nothing back to its argument. */
static void plan_probed(uint16_t arch, uint32_t nr, int sel, uint64_t val, unsigned open,
                        const rn_rec_opts *o, struct rn_bpf_plan *p)
{
	rn_cap_req q[MAXREQ];
	unsigned written = 0; /* arguments with an exit capture */
	int n = probe(arch, nr, sel, val, 0, 1, o->strsize, q);
	for (int k = 0; k < n; k++)
		if (q[k].arg < 6)
			written |= 1u << q[k].arg;
	for (int phase = 0; phase < 2; phase++) {
		n = probe(arch, nr, sel, val, 0, phase, o->strsize, q);
		for (int k = 0; k < n; k++) {
			if (q[k].arg >= 6 || !(open >> q[k].arg & 1))
				continue;
			int fl = phase ? X : written >> q[k].arg & 1 ? 0 : A;
			if (q[k].kind == RN_CAP_STRING)
				slot(p, RN_BPF_READ_STR, q[k].arg, RN_CAP_STRING, 0,
				     q[k].len == RN_PATH_MAX ? RN_PATH_MAX : o->strsize + 1, 1,
				     fl | (q[k].len == RN_PATH_MAX ? 0 : RN_BPF_SF_STRS));
			else if (q[k].kind == RN_CAP_STRUCT || q[k].kind == RN_CAP_ARRAY)
				slot(p, RN_BPF_READ_MEM, q[k].arg, q[k].kind, RN_BPF_LEN_FIXED,
				     q[k].len, 1, fl);
		}
	}
}

/* A signature of the catalog's plan for argument sel = val. */
static uint64_t plan_sig(uint16_t arch, uint32_t nr, int sel, uint64_t val, uint32_t strsize)
{
	rn_cap_req q[MAXREQ];
	uint64_t h = 1469598103934665603ull;
	for (int phase = 0; phase < 2; phase++) {
		int n = probe(arch, nr, sel, val, 0, phase, strsize, q);
		for (int k = 0; k < n; k++) {
			uint64_t v = (uint64_t)q[k].kind | (uint64_t)q[k].arg << 8 |
			             (uint64_t)q[k].len << 16 | (uint64_t)phase << 48;
			h = (h ^ v) * 1099511628211ull;
		}
	}
	return h;
}

/* An argument with a table of values (ENUM) whose value changes what the
 * catalog plans, or -1. */
static int selector_of(uint16_t arch, uint32_t nr, const rn_sysent *e, uint32_t strsize)
{
	for (int j = 0; j < e->nargs && j < 6; j++) {
		if (RN_ARG_KIND(e->args[j]) != RN_A_ENUM)
			continue;
		const rn_xlat *x = rn_xlat_get((int)RN_ARG_X(e->args[j]));
		if (!x || x->n < 2)
			continue;
		uint64_t first = plan_sig(arch, nr, j, x->v[0].val, strsize);
		for (uint32_t k = 1; k < x->n; k++)
			if (plan_sig(arch, nr, j, x->v[k].val, strsize) != first)
				return j;
	}
	return -1;
}

/* Entry slots first, then exit slots, each in plan order but for an exit
 * READ_ARGS32, first of the exit slots: it fills the arguments the others
 * read. */
static void sort_slots(struct rn_bpf_plan *p)
{
	struct rn_bpf_plan q = *p;
	q.n = 0;
	q.nenter = q.nexit = 0;
	for (int pass = 0; pass < 3; pass++)
		for (unsigned i = 0; i < p->n; i++) {
			int x = (p->slot[i].flags & RN_BPF_SF_EXIT) != 0,
			    w = p->slot[i].how == RN_BPF_READ_ARGS32;
			if (pass == (!x ? 0 : w ? 1 : 2)) {
				q.slot[q.n++] = p->slot[i];
				*(pass ? &q.nexit : &q.nenter) += 1;
			}
		}
	*p = q;
}

/* The capture programs plan p can reach (RN_BPF_NEED_*). */
static unsigned plan_need(const struct rn_bpf_plan *p)
{
	unsigned need = 0;
	for (unsigned i = 0; i < p->n && i < RN_BPF_SLOTS; i++) {
		const struct rn_bpf_slot *s = &p->slot[i];
		int at_exit = (s->flags & RN_BPF_SF_EXIT) != 0;
		int parts = s->how == RN_BPF_READ_IOV || s->how == RN_BPF_READ_MSGHDR ||
		            s->how == RN_BPF_READ_MMSG;
		/* an entry read that faults is read again at exit */
		need |= RN_BPF_NEED_EXIT_CAP | (at_exit ? 0 : RN_BPF_NEED_ENTER_CAP);
		if (s->how == RN_BPF_READ_ARGV || s->how == RN_BPF_READ_ENVP)
			need |= RN_BPF_NEED_STRS;
		if (parts)
			need |= RN_BPF_NEED_EXIT_PARTS | (at_exit ? 0 : RN_BPF_NEED_ENTER_PARTS);
	}
	return need;
}

/* The plans of nr for each value of its selector argument that plans
 * something (fd < 0: only *need). Returns -1 when the map refused one. */
static int fill_sels(int fd, uint16_t arch, uint32_t nr, uint32_t key_nr, int sel, unsigned open,
                     const rn_rec_opts *o, const struct rn_bpf_plan *base, int *full,
                     unsigned *need)
{
	const rn_xlat *x = rn_xlat_get((int)RN_ARG_X(rn_syscall_ent(arch, nr)->args[sel]));
	for (uint32_t k = 0; x && k < x->n; k++) {
		struct rn_bpf_plan p = *base;
		p.sel = 0xff;
		plan_probed(arch, nr, sel, x->v[k].val, open, o, &p);
		if (p.n == base->n)
			continue;
		mark_positive(arch, nr, sel, x->v[k].val, o->strsize, &p);
		sort_slots(&p);
		*need |= plan_need(&p);
		struct rn_bpf_selkey key;
		key.nr = key_nr;
		key.val = (uint32_t)x->v[k].val;
		if (fd >= 0 && bpf_map_update_elem(fd, &key, &p, BPF_NOEXIST) < 0) {
			if (errno != E2BIG && errno != EEXIST)
				return -1;
			*full = 1;
		}
	}
	return 0;
}

/* ipc's ctl calls (shmctl, msgctl, semctl): the carried argument that is a
 * struct the STAT commands write, its type in *st, or -1. */
static int ipc_ds(const rn_args32 *m, int *st)
{
	const rn_sysent *e = rn_catalog_args32_ent((uint32_t)m->carried);
	for (int j = 0; e && j < e->nargs && j < 6; j++)
		if (RN_ARG_KIND(e->args[j]) == RN_A_SHMID_DS && RN_ARG_LEN(e->args[j]) < 6) {
			if (st)
				*st = (int)RN_ARG_X(e->args[j]);
			return j;
		}
	return -1;
}

/* The plan of an ia32 call carrying its arguments in memory (old mmap, old
 * select, socketcall: rn_catalog_args32) with registers regs: the words
 * (READ_ARGS32: captured at entry, then the arguments of the slots flagged
 * RN_BPF_SF_ARGS32), the carried call's slots as plan_args makes them, and
 * at exit the words again (no capture) when it reads anything then: what
 * rn_rec_plan asks of the ptrace backend. 0 when regs carry no known call. */
static int plan_args32(uint32_t nr, const uint64_t regs[6], const rn_rec_opts *o,
                       struct rn_bpf_plan *p, int *full)
{
	rn_args32 m;
	if (!rn_catalog_args32(nr, regs, &m) || m.carried < 0)
		return 0;
	/* ipc's calls: the words captured (if any), then a READ_ARGS32 that
	 * captures nothing and takes each argument from a register or a word
	 * (RN_BPF_SF_PERM) */
	uint32_t perm = 0;
	int ipc = 0;
	for (int k = 0; k < 6; k++) {
		perm |= (uint32_t)(m.src[k] & 15) << (4 * k);
		ipc |= m.src[k] != 6 + k;
	}
	int pf = ipc ? RN_BPF_SF_PERM : 0;
	if (ipc && m.words)
		slot(p, RN_BPF_READ_MEM, m.reg, RN_CAP_STRUCT, RN_BPF_LEN_FIXED, 4u * m.words, 1,
		     0);
	struct rn_bpf_slot *w = slot(p, RN_BPF_READ_ARGS32, m.reg, RN_CAP_STRUCT, RN_BPF_LEN_FIXED,
	                             4u * m.words, 1, pf);
	if (w && ipc) {
		w->mult = (uint16_t)perm;
		w->add = (uint16_t)(perm >> 16);
	}
	unsigned before = p->n, covered = 0;
	*full |= plan_args(RN_ABI_IA32, rn_catalog_args32_ent((uint32_t)m.carried), o, p, &covered);
	int exits = 0;
	for (unsigned i = before; i < p->n; i++) {
		p->slot[i].flags |= RN_BPF_SF_ARGS32;
		exits |= (p->slot[i].flags & RN_BPF_SF_EXIT) != 0;
	}
	/* shmat's result: the word at a register, once the call succeeded */
	if (m.ret && !slot(p, RN_BPF_READ_MEM, m.ret, RN_CAP_STRUCT, RN_BPF_LEN_FIXED, 4, 1,
	                   RN_BPF_SF_EXIT | RN_BPF_SF_OK))
		*full = 1;
	/* (ipc's ctl calls: always, for the second choice by their command) */
	exits |= ipc && ipc_ds(&m, NULL) >= 0;
	w = exits ? slot(p, RN_BPF_READ_ARGS32, m.reg, RN_CAP_STRUCT, RN_BPF_LEN_FIXED,
	                 4u * m.words, 1, RN_BPF_SF_EXIT | pf)
	          : NULL;
	if (exits && !w)
		*full = 1;
	if (w && ipc) {
		w->mult = (uint16_t)perm;
		w->add = (uint16_t)(perm >> 16);
	}
	sort_slots(p);
	return 1;
}

/* A PTRIN call's slots after its own (clone3: rn_catalog_args32's st): the
 * word at byte off of argument reg's memory (captured, and the
 * RN_BPF_SF_ARGS32 slots' argument 0), then the struct it points to.
 * Returns -1 when nr is no PTRIN call, else plan_args's non-zero when the
 * table could not hold every slot. */
static int plan_ptrin(uint32_t nr, const rn_sysent *e, const rn_rec_opts *o, struct rn_bpf_plan *p,
                      unsigned *covered)
{
	rn_args32 m;
	uint64_t regs[6] = {0};
	if (!rn_catalog_args32(nr, regs, &m) || !m.st)
		return -1;
	int full = plan_args(RN_ABI_IA32, e, o, p, covered);
	struct rn_bpf_slot *w =
	    slot(p, RN_BPF_READ_ARGS32, m.reg, RN_CAP_STRUCT, RN_BPF_LEN_FIXED, 4u * m.words, 1, 0);
	struct rn_bpf_slot *s = slot(p, RN_BPF_READ_MEM, m.reg, RN_CAP_STRUCT, RN_BPF_LEN_FIXED,
	                             rn_struct_size(RN_ABI_IA32, m.st), 1, RN_BPF_SF_ARGS32);
	if (w)
		w->off = m.off;
	if (s) /* the struct's address is the first word */
		s->arg = 0;
	return !w || !s ? 1 : full;
}

static int put_sel(int fd, uint32_t key, uint32_t v, struct rn_bpf_plan *q, int *full,
                   unsigned *need)
{
	*need |= plan_need(q);
	struct rn_bpf_selkey k = {key, v};
	if (fd >= 0 && bpf_map_update_elem(fd, &k, q, BPF_NOEXIST) < 0) {
		if (errno != E2BIG && errno != EEXIST)
			return -1;
		*full = 1;
	}
	return 0;
}

/* ipc's ctl calls: q chooses again by their command's register (q->sel),
 * the plans of the STAT commands (IPC_64 or not) under key2, each with the
 * struct read at exit. */
static int ipc_stat_plans(int fd, uint32_t nr, uint32_t key2, const uint64_t regs[6],
                          struct rn_bpf_plan *q, int *full, unsigned *need)
{
	rn_args32 m;
	int st = 0;
	if (!rn_catalog_args32(nr, regs, &m) || m.carried < 0)
		return 0;
	int j = ipc_ds(&m, &st);
	if (j < 0)
		return 0;
	const rn_sysent *e = rn_catalog_args32_ent((uint32_t)m.carried);
	int creg = m.src[RN_ARG_LEN(e->args[j])];
	if (creg >= 6) /* (a command in a word: none) */
		return 0;
	for (uint32_t cmd = 0; cmd < 0x200; cmd++) {
		if (!rn_catalog_ipc_stat(st, cmd))
			continue;
		struct rn_bpf_plan s = *q;
		if (!slot(&s, RN_BPF_READ_MEM, j, RN_CAP_STRUCT, RN_BPF_LEN_FIXED,
		          rn_struct_size(RN_ABI_IA32, st), 1,
		          RN_BPF_SF_EXIT | RN_BPF_SF_OK | RN_BPF_SF_ARGS32))
			*full = 1;
		sort_slots(&s);
		if (put_sel(fd, key2, cmd, &s, full, need) < 0)
			return -1;
	}
	q->sel = (uint8_t)creg;
	return 0;
}

/* An args32 call's plans: its own (old mmap, old select), or socketcall's
 * for each call register 0 names, in rn_sels. Returns -1 when the map
 * refused one. */
static int fill_args32(int fd, uint32_t nr, uint32_t key, const rn_rec_opts *o,
                       struct rn_bpf_plan *p, int *full, unsigned *need)
{
	uint64_t regs[6] = {0};
	if (plan_args32(nr, regs, o, p, full))
		return 0; /* carries itself */
	struct rn_bpf_plan base = *p;
	/* a call register 0 does not name: the catalog's row (socketcall's
	 * words, 24 bytes) */
	unsigned covered = 0;
	*full |= plan_args(RN_ABI_IA32, rn_syscall_ent(RN_ABI_IA32, nr), o, p, &covered);
	sort_slots(p);
	p->sel = 0;
	/* (ipc: the version in register 0's high 16 bits, 0 or 1: msgrcv's
	 * ipc_kludge or none) */
	for (uint32_t v = 1; v < 0x10040; v = v == 63 ? 0x10001 : v + 1) {
		struct rn_bpf_plan q = base;
		q.sel = 0xff;
		regs[0] = v;
		if (!plan_args32(nr, regs, o, &q, full))
			continue;
		/* (the second choice's plans first: they set q's sel) */
		if (ipc_stat_plans(fd, nr, RN_BPF_SEL2(key, v), regs, &q, full, need) < 0 ||
		    put_sel(fd, key, v, &q, full, need) < 0)
			return -1;
	}
	return 0;
}

/* rn_bpf_plans_fill, and rn_bpf_plans_need with plans_fd < 0 (the maps
 * left alone): *need gets what the plans made can reach. */
static int plans_make(int plans_fd, int sels_fd, const rn_rec_opts *o, uint8_t *keep,
                      uint8_t *partial, unsigned *need)
{
	uint16_t native = rn_arch_native();
	rn_sysset book;
	memset(&book, 0, sizeof(book));
	rn_seccomp_bookkeeping(&book, o->stack != 0); /* --stack: mmap for the mappings */
	/* built here, written in one batch update (1024 updates cost 2 ms
	 * quiet, tens of ms on a loaded machine) */
	struct rn_bpf_plan *all = calloc(RN_BPF_PLANS, sizeof(*all));
	uint32_t *keys = calloc(RN_BPF_PLANS, sizeof(*keys));
	if (!all || !keys) {
		free(all);
		free(keys);
		errno = ENOMEM;
		return -1;
	}
	int bad = 0, rc = -1;
	for (uint32_t key = 0; key < RN_BPF_PLANS && !bad; key++) {
		/* past RN_BPF_NR_MAX: the ia32 calls' plans (x86_64), kept
		 * whatever -e says (user space keeps them by their i386 names) */
		int ia32 = key >= RN_BPF_NR_MAX;
		uint16_t arch = ia32 ? RN_ABI_IA32 : native;
		uint32_t nr = ia32 ? key - RN_BPF_NR_MAX : key;
		if (ia32 && native != RN_ARCH_X86_64) {
			all[key] = (struct rn_bpf_plan){.keep = RN_BPF_KEEP_FULL, .sel = 0xff};
			keys[key] = key;
			keep[key] = RN_BPF_KEEP_FULL;
			continue;
		}
		struct rn_bpf_plan p;
		memset(&p, 0, sizeof(p));
		p.keep = RN_BPF_KEEP_FULL;
		p.sel = 0xff;
		/* A fork record is read with the parent's call in progress (its
		 * kind and flags): the fork family (RN_CLASS_FORK in the
		 * catalog) writes entry records. Other calls write one at entry
		 * only when the catalog plans entry captures (nenter), else one
		 * CALL record at exit. */
		p.enter_rec = (rn_syscall_classes(arch, nr) & RN_CLASS_FORK) != 0;
		if (o->filtered && !ia32 && !rn_sysset_has(&o->set, (uint16_t)nr))
			p.keep = rn_sysset_has(&book, (uint16_t)nr) ? RN_BPF_KEEP_BOOK
			                                            : RN_BPF_KEEP_NONE;
		const rn_sysent *e = rn_syscall_ent(arch, nr);
		/* Bookkeeping calls (-e) keep their slots: exec's path and argv make
		 * the Proc event, clone3's struct the fork kind; the syscall event
		 * itself goes without captures. */
		/* an ia32 call -e leaves out: its records still come (user space
		 * drops them by name), without captures */
		if (ia32 && rn_rec_keep_ia32(o, rn_rec_nr_ia32(nr)) == RN_KEEP_NONE)
			e = NULL;
		rn_args32 m;
		uint64_t none[6] = {0};
		if (ia32 && e && p.keep != RN_BPF_KEEP_NONE && rn_catalog_args32(nr, none, &m) &&
		    !m.st) {
			int full = 0;
			if (fill_args32(sels_fd, nr, key, o, &p, &full, need) < 0)
				bad = 1;
			partial[key] = (uint8_t)full;
		} else if (e && p.keep != RN_BPF_KEEP_NONE) {
			unsigned covered = 0;
			int full = ia32 ? plan_ptrin(nr, e, o, &p, &covered) : -1;
			if (full < 0)
				full = plan_args(arch, e, o, &p, &covered);
			mark_positive(arch, nr, -1, 0, o->strsize, &p);
			int sel = selector_of(arch, nr, e, o->strsize);
			if (sel >= 0) {
				/* the probe plans the arguments plan_args left */
				struct rn_bpf_plan b = p;
				sort_slots(&b);
				p.sel = (uint8_t)sel;
				if (fill_sels(sels_fd, arch, nr, key, sel, ~covered & 0x3f, o, &b,
				              &full, need) < 0)
					bad = 1;
			}
			partial[key] = (uint8_t)full;
		}
		sort_slots(&p);
		if (p.keep != RN_BPF_KEEP_NONE)
			*need |= plan_need(&p);
		keep[key] = (uint8_t)p.keep;
		keys[key] = key;
		all[key] = p;
	}
	uint32_t count = RN_BPF_PLANS;
	if (!bad && plans_fd < 0)
		rc = 0;
	else if (!bad)
		rc = bpf_map_update_batch(plans_fd, keys, all, &count, NULL) < 0 ? -1 : 0;
	for (uint32_t nr = 0; !bad && rc < 0 && nr < RN_BPF_PLANS; nr++) /* kernels before 5.6 */
		if (bpf_map_update_elem(plans_fd, &nr, &all[nr], BPF_ANY) < 0)
			break;
		else if (nr + 1 == RN_BPF_PLANS)
			rc = 0;
	free(all);
	free(keys);
	return rc;
}

int rn_bpf_plans_fill(int plans_fd, int sels_fd, const rn_rec_opts *o, uint8_t *keep,
                      uint8_t *partial)
{
	unsigned need = 0;
	return plans_make(plans_fd, sels_fd, o, keep, partial, &need);
}

unsigned rn_bpf_plans_need(const rn_rec_opts *o)
{
	uint8_t *kp = calloc(2, RN_BPF_PLANS);
	unsigned need = 0;
	if (!kp || plans_make(-1, -1, o, kp, kp + RN_BPF_PLANS, &need) < 0)
		need = RN_BPF_NEED_ALL; /* (cannot tell: all of them) */
	free(kp);
	return need;
}
