/* rn_catalog_plan.c: what rn-record copies out of the tracee for a syscall,
 * derived from the argument kinds of data/syscalls.def (see rn_catalog.h for
 * the meaning of each request). */
#include "rn_catalog.h"

#include <string.h>

#define IOV_MAX_PLAN  1024 /* iovecs followed per call */
#define ARGV_MAX_PLAN 4096 /* argv strings kept per exec */
#define POLL_MAX_PLAN 1024
#define MMSG_MAX_PLAN 1024        /* mmsghdr elements */
#define SOCKADDR_MAX  128         /* sizeof(struct sockaddr_storage) */
#define DENTS_MAX     (64u << 10) /* getdents64 buffers are 32 KiB in glibc */

typedef struct plan {
	rn_cap_req *out;
	int n, max;
} plan;

static void add(plan *p, int kind, int arg, uint64_t addr, uint64_t len, int at_exit)
{
	if (p->n >= p->max || addr == 0)
		return;
	rn_cap_req *r = &p->out[p->n++];
	*r = (rn_cap_req){0};
	r->addr = addr;
	r->len = len > UINT32_MAX ? UINT32_MAX : (uint32_t)len;
	r->kind = (uint8_t)kind;
	r->arg = (uint8_t)arg;
	r->flags = at_exit ? RN_CAPF_EXIT : 0;
}

/* The link text of the k-th descriptor the call created (see
 * RN_CAPF_FDLINK): in the int[2] at fds, or the return value when fds is 0. */
static void add_fdlink(plan *p, uint64_t fds, uint32_t k)
{
	if (p->n >= p->max)
		return;
	rn_cap_req *r = &p->out[p->n++];
	*r = (rn_cap_req){0};
	r->addr = fds;
	r->len = RN_FDLINK_MAX;
	r->kind = RN_CAP_STRING;
	r->arg = (uint8_t)(RN_CAP_FDLINK + k);
	r->flags = RN_CAPF_EXIT | RN_CAPF_FDLINK;
	r->count = k;
}

/* A struct msghdr the recorder follows (RN_PLAN_MSGHDR); budget: bytes the
 * iovec buffers hold (the return value at exit). */
static void add_msghdr(plan *p, int i, uint64_t addr, uint64_t budget, int at_exit)
{
	int before = p->n;
	add(p, RN_PLAN_MSGHDR, i, addr, 56, at_exit);
	if (p->n == before + 1)
		p->out[before].orig_len = budget > UINT32_MAX ? UINT32_MAX : (uint32_t)budget;
}

/* A struct mmsghdr vector the recorder follows (RN_PLAN_MMSGHDR). */
static void add_mmsghdr(plan *p, int i, uint64_t addr, uint64_t count, int by_msg_len)
{
	int before = p->n;
	count = count < MMSG_MAX_PLAN ? count : MMSG_MAX_PLAN;
	add(p, RN_PLAN_MMSGHDR, i, addr, count * 64, 1);
	if (p->n == before + 1) {
		p->out[before].count = (uint32_t)count;
		p->out[before].orig_len = (uint32_t)by_msg_len;
	}
}

static uint64_t min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

/* The length an argument's spec refers to: argument value or return value. */
static uint64_t len_of(const rn_sysent *e, unsigned src, const uint64_t args[6], int64_t ret)
{
	if (src == RN_LEN_RET)
		return ret > 0 ? (uint64_t)ret : 0;
	return src < 6 ? rn_arg_value(e->args[src], args[src]) : 0;
}

static void plan_buffer(plan *p, int i, uint64_t addr, uint64_t full, uint32_t strsize, int at_exit)
{
	if (full == 0)
		return;
	add(p, RN_CAP_BUFFER, i, addr, min_u64(full, strsize), at_exit);
	if (p->n && p->out[p->n - 1].addr == addr)
		p->out[p->n - 1].orig_len = full > UINT32_MAX ? UINT32_MAX : (uint32_t)full;
}

/* An ia32 call's iovec and argv arrays hold 32-bit words (RN_CAPF_W32). */
static void plan_iovec(plan *p, uint16_t arch, int i, uint64_t addr, uint64_t cnt, uint64_t budget,
                       uint32_t strsize, int at_exit)
{
	int w32 = arch == RN_ABI_IA32;
	cnt = min_u64(cnt, IOV_MAX_PLAN);
	if (cnt == 0)
		return;
	int before = p->n;
	add(p, RN_CAP_ARRAY, i, addr, cnt * (w32 ? 8 : 16), at_exit); /* the iovecs themselves */
	add(p, RN_CAP_IOVEC, i, addr, strsize, at_exit);
	if (p->n == before + 2) {
		p->out[p->n - 1].count = (uint32_t)cnt;
		p->out[p->n - 1].orig_len = budget > UINT32_MAX ? UINT32_MAX : (uint32_t)budget;
		if (w32) {
			p->out[p->n - 2].flags |= RN_CAPF_W32;
			p->out[p->n - 1].flags |= RN_CAPF_W32;
		}
	}
}

/* One argument at entry (phase 0) or exit (phase 1, success only for
 * kernel-written memory). */
static void plan_arg(plan *p, uint16_t arch, const rn_sysent *e, int i, const uint64_t args[6],
                     int64_t ret, int phase, uint32_t strsize)
{
	rn_argspec s = e->args[i];
	uint64_t a = args[i];
	/* wait4 writes the status and rusage only when it reaped a child */
	int ok =
	    phase == 1 && (e->name[0] == 'w' && strcmp(e->name, "wait4") == 0 ? ret > 0 : ret >= 0);
	unsigned lsrc = RN_ARG_LEN(s);
	int st = (int)RN_ARG_X(s);
	uint64_t ssize =
	    lsrc == RN_LEN_FIXED ? rn_struct_size(arch, st) : len_of(e, lsrc, args, ret);
	switch (RN_ARG_KIND(s)) {
	case RN_A_PATH:
		if (phase == 0)
			add(p, RN_CAP_STRING, i, a, RN_PATH_MAX, 0);
		break;
	case RN_A_STR:
		if (phase == 0)
			add(p, RN_CAP_STRING, i, a, (uint64_t)strsize + 1, 0);
		break;
	case RN_A_BUF_IN:
		if (phase == 0)
			plan_buffer(p, i, a, len_of(e, lsrc, args, ret), strsize, 0);
		break;
	case RN_A_BUF_OUT: { /* RET: the bytes moved, never past the size that
		                    follows the buffer (recv's MSG_TRUNC returns more) */
		uint64_t n = len_of(e, lsrc, args, ret);
		if (lsrc == RN_LEN_RET && i + 1 < e->nargs)
			n = min_u64(n, rn_arg_value(e->args[i + 1], args[i + 1]));
		if (ok)
			plan_buffer(p, i, a, n, strsize, 1);
		break;
	}
	case RN_A_DIRENTS: /* whole, not cut at -s: strace counts the entries */
		if (ok)
			add(p, RN_CAP_ARRAY, i, a, min_u64(len_of(e, lsrc, args, ret), DENTS_MAX),
			    1);
		break;
	case RN_A_STRUCT_IN:
	case RN_A_STRUCT_INOUT:
		if (phase == 0 || (RN_ARG_KIND(s) == RN_A_STRUCT_INOUT && ok))
			add(p, RN_CAP_STRUCT, i, a, min_u64(ssize, 4096), phase);
		break;
	case RN_A_SOCKOPT_IN:
		if (phase == 0)
			add(p, RN_CAP_STRUCT, i, a, min_u64(len_of(e, lsrc, args, ret), 256), 0);
		break;
	case RN_A_SOCKOPT_OUT: /* ints, mostly: the written size is not known here */
		if (ok)
			add(p, RN_CAP_STRUCT, i, a, 4, 1);
		break;
	case RN_A_SHMID_DS: /* written by IPC_STAT and the family's STAT commands */
		if (ok && lsrc < 6 && rn_catalog_ipc_stat((int)RN_ARG_X(s), (uint32_t)args[lsrc]))
			add(p, RN_CAP_STRUCT, i, a, rn_struct_size(arch, (int)RN_ARG_X(s)), 1);
		break;
	case RN_A_FCNTL_ARG: { /* struct flock: read by F_SETLK*, written by F_GETLK */
		uint32_t cmd = (uint32_t)args[1];
		if (arch == RN_ABI_IA32)
			break; /* ia32's flock layouts are not known here: the address */
		int set = cmd == 6 || cmd == 7 || cmd == 37 || cmd == 38,
		    get = cmd == 5 || cmd == 36;
		if ((set && phase == 0) || (get && ok))
			add(p, RN_CAP_STRUCT, i, a, 32, phase);
		break;
	}
	case RN_A_SEMBUF:
		if (phase == 0)
			add(p, RN_CAP_ARRAY, i, a, min_u64(len_of(e, lsrc, args, ret), 1024) * 6,
			    0);
		break;
	case RN_A_MSGBUF_IN: /* mtype, a long: 4 bytes in the i386 ABI */
		if (phase == 0)
			add(p, RN_CAP_STRUCT, i, a,
			    (arch == RN_ABI_IA32 ? 4 : 8) +
			        min_u64(len_of(e, lsrc, args, ret), strsize),
			    0);
		break;
	case RN_A_MSGBUF_OUT:
		if (ok)
			add(p, RN_CAP_STRUCT, i, a,
			    (arch == RN_ABI_IA32 ? 4 : 8) +
			        min_u64(len_of(e, lsrc, args, ret), strsize),
			    1);
		break;
	case RN_A_PAGEVEC_OUT:
		if (ok)
			add(p, RN_CAP_ARRAY, i, a,
			    min_u64((len_of(e, lsrc, args, ret) + 4095) / 4096, strsize + 1), 1);
		break;
	case RN_A_STRUCT_REM:
		if (phase == 1 && (ret == -4 || (ret <= -512 && ret >= -516))) /* interrupted */
			add(p, RN_CAP_STRUCT, i, a, min_u64(ssize, 4096), 1);
		break;
	case RN_A_STRUCT_OUT:
	case RN_A_INTPTR_OUT:
		if (ok)
			add(p, RN_CAP_STRUCT, i, a, min_u64(ssize, 4096), 1);
		break;
	case RN_A_IOV_IN:
		if (phase == 0)
			plan_iovec(p, arch, i, a, len_of(e, lsrc, args, ret), UINT32_MAX, strsize,
			           0);
		break;
	case RN_A_IOV_OUT:
		if (ok)
			plan_iovec(p, arch, i, a, len_of(e, lsrc, args, ret), (uint64_t)ret,
			           strsize, 1);
		break;
	case RN_A_ARGV:
	case RN_A_ENVP:
		if (phase == 0) {
			add(p, RN_CAP_ARGV, i, a, (uint64_t)strsize + 1, 0);
			if (p->n && p->out[p->n - 1].addr == a) {
				/* envp: never its strings (they hold secrets); only counted */
				p->out[p->n - 1].count =
				    RN_ARG_KIND(s) == RN_A_ARGV ? ARGV_MAX_PLAN : 0;
				if (arch == RN_ABI_IA32)
					p->out[p->n - 1].flags |= RN_CAPF_W32;
			}
		}
		break;
	case RN_A_SOCKADDR_IN:
		if (phase == 0)
			add(p, RN_CAP_STRUCT, i, a,
			    min_u64(len_of(e, lsrc, args, ret), SOCKADDR_MAX), 0);
		break;
	case RN_A_SOCKADDR_OUT:
		if (ok)
			add(p, RN_CAP_STRUCT, i, a, SOCKADDR_MAX, 1);
		break;
	case RN_A_SOCKLEN_INOUT:
		if (phase == 0 || ok)
			add(p, RN_CAP_ARRAY, i, a, 4, phase);
		break;
	case RN_A_IDS_IN:
		if (phase == 0)
			add(p, RN_CAP_ARRAY, i, a, min_u64(len_of(e, lsrc, args, ret), 65536) * 4,
			    0);
		break;
	case RN_A_IDS_OUT:
		if (ok)
			add(p, RN_CAP_ARRAY, i, a, min_u64(len_of(e, lsrc, args, ret), 65536) * 4,
			    1);
		break;
	case RN_A_CPUSET_IN:
		if (phase == 0)
			add(p, RN_CAP_ARRAY, i, a, min_u64(len_of(e, lsrc, args, ret), 1024), 0);
		break;
	case RN_A_CPUSET_OUT:
		if (ok)
			add(p, RN_CAP_ARRAY, i, a, min_u64(len_of(e, lsrc, args, ret), 1024), 1);
		break;
	case RN_A_EPOLL_OUT:
		if (ok)
			add(p, RN_CAP_ARRAY, i, a,
			    min_u64(len_of(e, lsrc, args, ret), 256) * rn_struct_size(arch, st), 1);
		break;
	case RN_A_IOCTL_ARG: { /* by the request's entry in data/ioctl.def */
		const rn_ioctl_ent *ie = rn_ioctl_find((uint32_t)args[1]);
		static const uint8_t in_len[] = {
		    [RN_IOA_INT_IN] = 4, [RN_IOA_WINSZ_IN] = 8, [RN_IOA_TERMIOS_IN] = 36};
		static const uint8_t out_len[] = {[RN_IOA_INT_OUT] = 4,
		                                  [RN_IOA_U64_OUT] = 8,
		                                  [RN_IOA_WINSZ_OUT] = 8,
		                                  [RN_IOA_TERMIOS_OUT] = 36,
		                                  [RN_IOA_MODEM_OUT] = 4};
		if (ie && phase == 0 && ie->arg < sizeof(in_len) && in_len[ie->arg])
			add(p, RN_CAP_STRUCT, i, a, in_len[ie->arg], 0);
		else if (ie && ok && ie->arg < sizeof(out_len) && out_len[ie->arg])
			add(p, RN_CAP_STRUCT, i, a, out_len[ie->arg], 1);
		break;
	}
	case RN_A_NODES_IN: /* (maxnode + 62) / 64 longs, as strace reads them */
	case RN_A_NODES_OUT:
		if ((RN_ARG_KIND(s) == RN_A_NODES_IN && phase == 0) ||
		    (RN_ARG_KIND(s) == RN_A_NODES_OUT && ok))
			add(p, RN_CAP_ARRAY, i, a,
			    min_u64((len_of(e, lsrc, args, ret) + 62) / 64 * 8, 1024), phase);
		break;
	case RN_A_FDSET: /* the bits of nfds descriptors, in longs */
		if (phase == 0 || ok)
			add(p, RN_CAP_ARRAY, i, a,
			    min_u64((len_of(e, lsrc, args, ret) + 63) / 64 * 8, 1024), phase);
		break;
	case RN_A_MSGHDR_IN:
		if (phase == 0)
			add_msghdr(p, i, a, UINT32_MAX, 0);
		break;
	case RN_A_MSGHDR_OUT:
		if (phase == 0) /* msg_namelen before the call */
			add(p, RN_CAP_STRUCT, i, a, rn_struct_size(arch, RN_ST_MSGHDR), 0);
		else if (ok)
			add_msghdr(p, i, a, (uint64_t)ret, 1);
		break;
	case RN_A_MMSGHDR_IN: /* at exit: msg_len filled; strace shows it failed too */
		if (phase == 1)
			add_mmsghdr(p, i, a, len_of(e, lsrc, args, ret), 0);
		break;
	case RN_A_MMSGHDR_OUT:
		if (ok)
			add_mmsghdr(p, i, a, (uint64_t)ret, 1);
		break;
	case RN_A_FDPAIR:
		if (ok && a) {
			add(p, RN_CAP_ARRAY, i, a, 8, 1);
			add_fdlink(p, a, 0);
			add_fdlink(p, a, 1);
		}
		break;
	case RN_A_POLLFD:
		if (phase == 0 || ok)
			add(p, RN_CAP_ARRAY, i, a,
			    min_u64(len_of(e, lsrc, args, ret), POLL_MAX_PLAN) * 8, phase);
		break;
	default:
		break;
	}
}

/* prctl's second argument by its option (data/prctl.def); arch_prctl's
 * ARCH_GET_FS and ARCH_GET_GS. */
static void plan_prctl(plan *p, const rn_sysent *e, const uint64_t args[6], int64_t ret, int phase,
                       uint32_t strsize)
{
	int ok = phase == 1 && ret >= 0;
	if (e->name[0] == 'a') {
		uint32_t op = (uint32_t)args[0];
		if (ok && (op == 0x1003 || op == 0x1004))
			add(p, RN_CAP_STRUCT, 1, args[1], 8, 1);
		return;
	}
	const rn_prctl_ent *pe = rn_prctl_find(args[0]);
	switch (pe ? pe->arg2 : RN_PRA_HEX) {
	case RN_PRA_STRIN:
		if (phase == 0)
			add(p, RN_CAP_STRING, 1, args[1], (uint64_t)strsize + 1, 0);
		break;
	case RN_PRA_STROUT:
		if (ok)
			add(p, RN_CAP_STRUCT, 1, args[1], 16, 1);
		break;
	case RN_PRA_INTOUT:
		if (ok)
			add(p, RN_CAP_STRUCT, 1, args[1], 4, 1);
		break;
	case RN_PRA_PTROUT:
		if (ok)
			add(p, RN_CAP_STRUCT, 1, args[1], 8, 1);
		break;
	default:
		break;
	}
}

static int plan_ent(uint16_t arch, const rn_sysent *e, const uint64_t args[6], int64_t ret,
                    int phase, uint32_t strsize, rn_cap_req *out, int max)
{
	if (!e || max <= 0)
		return 0;
	plan p = {out, 0, max};
	for (int i = 0; i < e->nargs && i < 6; i++)
		plan_arg(&p, arch, e, i, args, ret, phase, strsize);
	if (strcmp(e->name, "prctl") == 0 || strcmp(e->name, "arch_prctl") == 0)
		plan_prctl(&p, e, args, ret, phase, strsize);
	/* socket, accept, accept4: the new socket's inode for -y */
	if (phase == 1 && ret >= 0 && e->ret == RN_R_FD && (e->classes & RN_CLASS_NETWORK))
		add_fdlink(&p, 0, 0);
	return p.n;
}

int rn_catalog_plan(uint16_t arch, uint32_t nr, const uint64_t args[6], int64_t ret, int phase,
                    uint32_t strsize, rn_cap_req *out, int max)
{
	rn_args32 a;
	if (arch == RN_ABI_X32)
		return 0; /* no x32 layout is declared (and no kernel here runs x32) */
	if (arch == RN_ABI_IA32 && rn_catalog_args32(nr, args, &a) && a.carried >= 0) {
		/* the words first: the carried call's plan needs them (a PTRIN
		 * call's own captures, then its word) */
		int n = 0;
		if (a.st)
			n = plan_ent(arch, rn_syscall_ent(arch, nr), args, ret, phase, strsize, out,
			             max);
		plan p = {out, n, max};
		if (phase == 0 && args[a.reg] && a.words)
			add(&p, RN_CAP_STRUCT, a.reg, args[a.reg] + a.off, 4u * a.words, 0);
		return p.n;
	}
	return plan_ent(arch, rn_syscall_ent(arch, nr), args, ret, phase, strsize, out, max);
}

int rn_catalog_ipc_stat(int st, uint32_t cmd)
{
	cmd &= ~0x100u; /* IPC_64 */
	switch (st) {
	case RN_ST_SHMID_DS: /* SHM_STAT, SHM_STAT_ANY */
		return cmd == 2 || cmd == 13 || cmd == 15;
	case RN_ST_MSQID_DS: /* MSG_STAT, MSG_STAT_ANY */
		return cmd == 2 || cmd == 11 || cmd == 13;
	case RN_ST_SEMID_DS: /* SEM_STAT, SEM_STAT_ANY */
		return cmd == 2 || cmd == 18 || cmd == 20;
	default:
		return 0;
	}
}

int rn_catalog_plan_args32_ret(const rn_args32 *a, const uint64_t regs[6], int64_t ret,
                               rn_cap_req *out, int max)
{
	plan p = {out, 0, max};
	if (a->ret && a->ret < 6 && ret >= 0)
		add(&p, RN_CAP_STRUCT, a->ret, (uint32_t)regs[a->ret], 4, 1);
	return p.n;
}

int rn_catalog_plan_args32(const rn_args32 *a, const uint64_t words[6], int64_t ret, int phase,
                           uint32_t strsize, rn_cap_req *out, int max)
{
	plan p = {out, 0, max};
	if (a->st && phase == 0) /* clone3's tls: a user_desc */
		add(&p, RN_CAP_STRUCT, 0, words[0], rn_struct_size(RN_ABI_IA32, a->st), 0);
	int n = a->st ? p.n
	              : plan_ent(RN_ABI_IA32, rn_catalog_args32_ent((uint32_t)a->carried), words,
	                         ret, phase, strsize, out, max);
	for (int i = 0; i < n; i++)
		out[i].flags |= RN_CAPF_ARGS32;
	return n;
}
