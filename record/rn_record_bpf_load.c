/* rn_record_bpf_load.c: gets the BPF program into the kernel. Says in one
 * line what is missing when it cannot (privileges, BTF, lockdown, what the
 * verifier or libbpf refused); sizes the per-CPU scratch and ring maps;
 * fills rn_plans, the per-syscall capture table, from the catalog's argument
 * kinds (format/data/syscalls.def) and -e/-s/--no-data; seeds and watches
 * rn_tasks, the traced threads. */
#include "rn_record_bpf.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/types.h>

#include "rn_record_bpf.skel.h"
#include <errno.h>
#include <linux/capability.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef CAP_PERFMON
#define CAP_PERFMON 38
#endif
#ifndef CAP_BPF
#define CAP_BPF 39
#endif

struct rn_bpf {
	struct rn_record_bpf *skel;
	int ncpu;
	int *rings; /* ring fds per CPU */
	uint8_t keep[RN_BPF_NR_MAX];
	uint8_t partial[RN_BPF_NR_MAX]; /* the table cannot read all the catalog plans */
	int keep_other;                 /* numbers beyond the table */
};

static char last_msg[256];

/* libbpf's messages: kept (the last warning explains a failure), printed
 * only with RN_BPF_DEBUG set. */
static int on_libbpf_msg(enum libbpf_print_level lvl, const char *fmt, va_list ap)
{
	if (getenv("RN_BPF_DEBUG"))
		vfprintf(stderr, fmt, ap);
	else if (lvl == LIBBPF_WARN) {
		vsnprintf(last_msg, sizeof(last_msg), fmt, ap);
		last_msg[strcspn(last_msg, "\n")] = 0;
	}
	return 0;
}

const char *rn_bpf_unsupported(const rn_rec_opts *o)
{
	if (o->npids)
		return "-p";
	if (o->functions)
		return "--functions";
	if (o->pin)
		return "--pin";
	return NULL;
}

static int has_cap(const struct __user_cap_data_struct *d, int cap)
{
	return (d[cap / 32].effective >> (cap % 32)) & 1;
}

/* What keeps this process from loading tracing programs, or NULL. */
static const char *missing_privilege(void)
{
	struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct d[2];
	memset(d, 0, sizeof(d));
	if (syscall(SYS_capget, &h, d) < 0)
		return "cannot read its capabilities";
	if (has_cap(d, CAP_SYS_ADMIN) || (has_cap(d, CAP_BPF) && has_cap(d, CAP_PERFMON)))
		return NULL;
	return "needs root or CAP_BPF and CAP_PERFMON";
}

static const char *lockdown(void)
{
	FILE *f = fopen("/sys/kernel/security/lockdown", "re");
	char buf[128] = "";
	if (!f)
		return NULL;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = 0;
	fclose(f);
	return strstr(buf, "[confidentiality]") ? "kernel lockdown (confidentiality) forbids it"
	                                        : NULL;
}

/* One slot of a plan; returns 0 when the table is full. */
static int slot(struct rn_bpf_plan *p, int how, int arg, int kind, int len_src, uint32_t size,
                int mult, int flags)
{
	if (p->n >= RN_BPF_SLOTS)
		return 0;
	struct rn_bpf_slot *s = &p->slot[p->n++];
	s->how = (uint8_t)how;
	s->arg = (uint8_t)arg;
	s->kind = (uint8_t)kind;
	s->len_src = (uint8_t)len_src;
	s->flags = (uint16_t)flags;
	s->mult = (uint16_t)mult;
	s->size = size < RN_BPF_MAXEV - 256 ? size : RN_BPF_MAXEV - 256;
	return 1;
}

/* The catalog's argument kinds as slots (what rn_catalog_plan asks of the
 * ptrace backend, where it is a plain read). Kinds left out (iovecs,
 * msghdr, ioctl, fd_set, /proc links) are noticed per call in user space
 * (rn_record_bpf_run.c compares with rn_catalog_plan) and reported as lost
 * captures. */
static int plan_of(uint16_t arch, const rn_sysent *e, const rn_rec_opts *o, struct rn_bpf_plan *p)
{
	int partial = 0;
	enum { X = RN_BPF_SF_EXIT | RN_BPF_SF_OK };
	uint32_t bufmax = o->no_data ? 0 : o->strsize;
	int nd = o->no_data ? RN_BPF_SF_NODATA : 0;
	for (int i = 0; i < e->nargs && i < 6; i++) {
		rn_argspec s = e->args[i];
		int lsrc = (int)RN_ARG_LEN(s), st = (int)RN_ARG_X(s);
		uint32_t ss = lsrc == RN_LEN_FIXED ? rn_struct_size(arch, st) : 4096;
		if (ss > 4096)
			ss = 4096;
		switch (RN_ARG_KIND(s)) {
		case RN_A_PATH:
			slot(p, RN_BPF_READ_STR, i, RN_CAP_STRING, 0, RN_PATH_MAX, 1, 0);
			break;
		case RN_A_STR:
			slot(p, RN_BPF_READ_STR, i, RN_CAP_STRING, 0, o->strsize + 1, 1,
			     RN_BPF_SF_STRS);
			break;
		case RN_A_BUF_IN:
			slot(p, RN_BPF_READ_MEM, i, RN_CAP_BUFFER, lsrc, bufmax, 1,
			     RN_BPF_SF_CUT | nd);
			break;
		case RN_A_BUF_OUT:
			slot(p, RN_BPF_READ_MEM, i, RN_CAP_BUFFER, lsrc, bufmax, 1,
			     X | RN_BPF_SF_CUT | nd);
			break;
		case RN_A_DIRENTS:
			slot(p, RN_BPF_READ_MEM, i, RN_CAP_ARRAY, lsrc, 64u << 10, 1, X);
			break;
		case RN_A_STRUCT_IN:
			slot(p, RN_BPF_READ_MEM, i, RN_CAP_STRUCT, lsrc, ss, 1, 0);
			break;
		case RN_A_STRUCT_INOUT:
			slot(p, RN_BPF_READ_MEM, i, RN_CAP_STRUCT, lsrc, ss, 1, 0);
			slot(p, RN_BPF_READ_MEM, i, RN_CAP_STRUCT, lsrc, ss, 1, X);
			break;
		case RN_A_STRUCT_OUT:
		case RN_A_INTPTR_OUT:
			slot(p, RN_BPF_READ_MEM, i, RN_CAP_STRUCT, lsrc, ss, 1, X);
			break;
		case RN_A_SOCKADDR_IN:
			slot(p, RN_BPF_READ_MEM, i, RN_CAP_STRUCT, lsrc, 128, 1, 0);
			break;
		case RN_A_SOCKADDR_OUT:
			slot(p, RN_BPF_READ_MEM, i, RN_CAP_STRUCT, RN_BPF_LEN_FIXED, 128, 1, X);
			break;
		case RN_A_SOCKLEN_INOUT:
			slot(p, RN_BPF_READ_MEM, i, RN_CAP_ARRAY, RN_BPF_LEN_FIXED, 4, 1, 0);
			slot(p, RN_BPF_READ_MEM, i, RN_CAP_ARRAY, RN_BPF_LEN_FIXED, 4, 1, X);
			break;
		case RN_A_IDS_IN:
			slot(p, RN_BPF_READ_MEM, i, RN_CAP_ARRAY, lsrc, 65536 * 4, 4, 0);
			break;
		case RN_A_IDS_OUT:
			slot(p, RN_BPF_READ_MEM, i, RN_CAP_ARRAY, lsrc, 65536 * 4, 4, X);
			break;
		case RN_A_CPUSET_IN:
			slot(p, RN_BPF_READ_MEM, i, RN_CAP_ARRAY, lsrc, 1024, 1, 0);
			break;
		case RN_A_CPUSET_OUT:
			slot(p, RN_BPF_READ_MEM, i, RN_CAP_ARRAY, lsrc, 1024, 1, X);
			break;
		case RN_A_EPOLL_OUT: {
			uint32_t es = rn_struct_size(arch, st);
			slot(p, RN_BPF_READ_MEM, i, RN_CAP_ARRAY, lsrc, 256 * es, (int)es, X);
			break;
		}
		case RN_A_POLLFD:
			slot(p, RN_BPF_READ_MEM, i, RN_CAP_ARRAY, lsrc, 1024 * 8, 8, 0);
			slot(p, RN_BPF_READ_MEM, i, RN_CAP_ARRAY, lsrc, 1024 * 8, 8, X);
			break;
		case RN_A_FDPAIR:
			slot(p, RN_BPF_READ_MEM, i, RN_CAP_ARRAY, RN_BPF_LEN_FIXED, 8, 1, X);
			slot(p, RN_BPF_READ_FDINO, i, RN_CAP_STRING, 0, 0, 0, X);
			slot(p, RN_BPF_READ_FDINO, i, RN_CAP_STRING, 0, 0, 1, X);
			break;
		case RN_A_ARGV:
			slot(p, RN_BPF_READ_ARGV, i, RN_CAP_ARGV, 0, 0, 1, 0);
			break;
		case RN_A_ENVP:
			slot(p, RN_BPF_READ_ENVP, i, RN_CAP_ARGV, 0, 0, 1, 0);
			break;
		case RN_A_IOV_IN:
		case RN_A_IOV_OUT:
		case RN_A_MSGHDR_IN:
		case RN_A_MSGHDR_OUT:
		case RN_A_IOCTL_ARG:
		case RN_A_FDSET:
			partial = 1;
			break;
		default:
			break;
		}
	}
	/* socket, accept, accept4: the new socket's inode (-y) */
	if (e->ret == RN_R_FD && (e->classes & RN_CLASS_NETWORK))
		slot(p, RN_BPF_READ_FDINO, RN_BPF_FD_RET, RN_CAP_STRING, 0, 0, 0, X);
	return partial || p->n == RN_BPF_SLOTS; /* a full table may have left some out */
}

static int fill_plans(rn_bpf *b, const rn_rec_opts *o)
{
	uint16_t arch = rn_arch_native();
	rn_sysset book;
	memset(&book, 0, sizeof(book));
	rn_seccomp_bookkeeping(&book, o->stack != 0); /* --stack: mmap for the mappings */
	int fd = bpf_map__fd(b->skel->maps.rn_plans);
	b->keep_other = o->filtered ? RN_BPF_KEEP_NONE : RN_BPF_KEEP_FULL;
	/* built here, written in one batch update (1024 updates cost 2 ms
	 * quiet, tens of ms on a loaded machine) */
	struct rn_bpf_plan *all = calloc(RN_BPF_NR_MAX, sizeof(*all));
	uint32_t *keys = calloc(RN_BPF_NR_MAX, sizeof(*keys));
	if (!all || !keys) {
		free(all);
		free(keys);
		errno = ENOMEM;
		return -1;
	}
	int forks[4] = {rn_syscall_lookup(arch, "fork"), rn_syscall_lookup(arch, "vfork"),
	                rn_syscall_lookup(arch, "clone"), rn_syscall_lookup(arch, "clone3")};
	for (uint32_t nr = 0; nr < RN_BPF_NR_MAX; nr++) {
		struct rn_bpf_plan p;
		memset(&p, 0, sizeof(p));
		p.keep = RN_BPF_KEEP_FULL;
		if (o->filtered && !rn_sysset_has(&o->set, (uint16_t)nr))
			p.keep = rn_sysset_has(&book, (uint16_t)nr) ? RN_BPF_KEEP_BOOK
			                                            : RN_BPF_KEEP_NONE;
		const rn_sysent *e = rn_syscall_ent(arch, nr);
		if (e && p.keep != RN_BPF_KEEP_NONE)
			b->partial[nr] = (uint8_t)plan_of(arch, e, o, &p);
		/* Bookkeeping calls (-e) keep their slots: exec's path and argv make
		 * the Proc event, clone3's struct the fork kind; the syscall event
		 * itself goes without captures. */
		/* entry slots first, then exit slots, each in plan order */
		struct rn_bpf_plan q = p;
		q.n = 0;
		for (int pass = 0; pass < 2; pass++)
			for (unsigned i = 0; i < p.n; i++)
				if (!!(p.slot[i].flags & RN_BPF_SF_EXIT) == pass) {
					q.slot[q.n++] = p.slot[i];
					*(pass ? &q.nexit : &q.nenter) += 1;
				}
		p = q;
		/* A fork record is read with the parent's call in progress
		 * (its kind and flags): the fork family writes entry records. */
		p.enter_rec = (int)nr == forks[0] || (int)nr == forks[1] || (int)nr == forks[2] ||
		              (int)nr == forks[3];
		b->keep[nr] = (uint8_t)p.keep;
		keys[nr] = nr;
		all[nr] = p;
	}
	uint32_t count = RN_BPF_NR_MAX;
	int rc = bpf_map_update_batch(fd, keys, all, &count, NULL);
	for (uint32_t nr = 0; rc < 0 && nr < RN_BPF_NR_MAX; nr++) /* kernels before 5.6 */
		if (bpf_map_update_elem(fd, &nr, &all[nr], BPF_ANY) < 0)
			break;
		else if (nr + 1 == RN_BPF_NR_MAX)
			rc = 0;
	free(all);
	free(keys);
	return rc < 0 ? -1 : 0;
}

int rn_bpf_partial(const rn_bpf *b, uint64_t nr)
{
	return nr < RN_BPF_NR_MAX ? b->partial[nr] : 0;
}

int rn_bpf_keep(const rn_bpf *b, uint64_t nr)
{
	return nr < RN_BPF_NR_MAX ? b->keep[nr] : b->keep_other;
}

uint64_t rn_bpf_ring_bytes(const rn_rec_opts *o, int ncpu)
{
	/* Default: 16 MiB per CPU up to 4 CPUs, then a 64 MiB total (the rings
	 * are mapped into rn-record and count in its RSS), 4 MiB at least;
	 * more with --stack (rn_bpf_stack_ring). */
	uint64_t want = o->bpf_buffer, r = 4096;
	if (!want && o->stack) {
		want = rn_bpf_stack_ring(ncpu);
	} else if (!want) {
		want = RN_BPF_RING_TOTAL / (uint64_t)(ncpu > 0 ? ncpu : 1);
		want = want > RN_BPF_RING_DEFAULT ? RN_BPF_RING_DEFAULT
		       : want < RN_BPF_RING_MIN   ? RN_BPF_RING_MIN
		                                  : want;
	}
	while (r < want)
		r <<= 1; /* a power of two pages */
	return r;
}

rn_bpf *rn_bpf_open(const rn_rec_opts *o, char *why, size_t n)
{
	const char *miss = missing_privilege();
	if (miss) {
		snprintf(why, n, "%s", miss);
		return NULL;
	}
	if (access("/sys/kernel/btf/vmlinux", R_OK) < 0) {
		snprintf(why, n, "the kernel has no BTF (/sys/kernel/btf/vmlinux: %s)",
		         strerror(errno));
		return NULL;
	}
	if ((miss = lockdown())) {
		snprintf(why, n, "%s", miss);
		return NULL;
	}
	libbpf_set_print(on_libbpf_msg);
	rn_bpf *b = calloc(1, sizeof(*b));
	if (!b) {
		snprintf(why, n, "out of memory");
		return NULL;
	}
	b->ncpu = libbpf_num_possible_cpus();
	if (b->ncpu <= 0) {
		snprintf(why, n, "cannot count the CPUs");
		free(b);
		return NULL;
	}
	if (libbpf_probe_bpf_map_type(BPF_MAP_TYPE_RINGBUF, NULL) <= 0) {
		snprintf(why, n, "the kernel has no BPF ring buffers (Linux 5.8 or later needed)");
		free(b);
		return NULL;
	}
	b->skel = rn_record_bpf__open();
	if (!b->skel) {
		snprintf(why, n, "cannot open the BPF program: %s", last_msg);
		free(b);
		return NULL;
	}
	uint64_t rb = rn_bpf_ring_bytes(o, b->ncpu);
	b->skel->rodata->rn_follow = (uint32_t)o->follow;
	b->skel->rodata->rn_filtered = (uint32_t)o->filtered;
	b->skel->rodata->rn_ring_bytes = rb;
	/* without -f no child is ever added: rn_fork is not even loaded */
	if (!o->follow)
		bpf_program__set_autoload(b->skel->progs.rn_fork, false);
	/* tail-called, never attached */
	bpf_program__set_autoattach(b->skel->progs.rn_enter_cap, false);
	bpf_program__set_autoattach(b->skel->progs.rn_enter_strs, false);
	bpf_program__set_autoattach(b->skel->progs.rn_exit_cap, false);
	bpf_map__set_max_entries(b->skel->maps.rn_scratch, (uint32_t)b->ncpu);
	bpf_map__set_max_entries(b->skel->maps.rn_rings, (uint32_t)b->ncpu);
	rn_bpf_stack_setup(b->skel, o, b->ncpu);
	/* the rings are made while libbpf loads the program */
	rn_mkrings *mk = rn_mkrings_start(b->ncpu, rb);
	if (mk && bpf_map__reuse_fd(b->skel->maps.rn_rings, rn_mkrings_outer(mk)) < 0) {
		int e = errno;
		b->rings = rn_mkrings_wait(mk); /* closed by rn_bpf_close */
		mk = NULL;
		errno = e;
	}
	if (!mk) {
		snprintf(why, n, "cannot create the BPF ring buffers: %s", strerror(errno));
		rn_bpf_close(b);
		return NULL;
	}
	int err = rn_record_bpf__load(b->skel);
	b->rings = rn_mkrings_wait(mk);
	if (err) {
		snprintf(why, n, "the kernel refused the BPF program (%s)%s%s", strerror(-err),
		         last_msg[0] ? ": " : "", last_msg);
		rn_bpf_close(b);
		return NULL;
	}
	if (!b->rings) {
		snprintf(why, n, "cannot create a %llu-byte BPF ring buffer: %s",
		         (unsigned long long)rb, strerror(errno));
		rn_bpf_close(b);
		return NULL;
	}
	uint32_t k0 = 0, k1 = 1;
	int t0 = bpf_program__fd(b->skel->progs.rn_enter_cap);
	int t1 = bpf_program__fd(b->skel->progs.rn_enter_strs);
	int t2 = bpf_program__fd(b->skel->progs.rn_exit_cap);
	int te = bpf_map__fd(b->skel->maps.rn_tail_enter),
	    tx = bpf_map__fd(b->skel->maps.rn_tail_exit);
	if (bpf_map_update_elem(te, &k0, &t0, BPF_ANY) < 0 ||
	    bpf_map_update_elem(te, &k1, &t1, BPF_ANY) < 0 ||
	    bpf_map_update_elem(tx, &k0, &t2, BPF_ANY) < 0 || rn_bpf_stack_tail(b->skel, o) < 0) {
		snprintf(why, n, "cannot set up the BPF tail call: %s", strerror(errno));
		rn_bpf_close(b);
		return NULL;
	}
	if (fill_plans(b, o) < 0) {
		snprintf(why, n, "cannot fill the syscall table: %s", strerror(errno));
		rn_bpf_close(b);
		return NULL;
	}
	return b;
}

/* Sets tid's byte in rn_tidmap (the kernel side's cheap "is it traced?"),
 * through a mapping of just its page. */
static int tidmap_set(rn_bpf *b, uint32_t tid, uint8_t on)
{
	if (tid >= RN_BPF_TIDMAP)
		return 0; /* cannot be: thread ids stay below PID_MAX_LIMIT */
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	off_t at = (off_t)(tid & ~(page - 1));
	uint8_t *p = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED,
	                  bpf_map__fd(b->skel->maps.rn_tidmap), at);
	if (p == MAP_FAILED)
		return -1;
	p[tid - (uint32_t)at] = on;
	munmap(p, page);
	return 0;
}

int rn_bpf_trace(rn_bpf *b, pid_t tid, pid_t tgid)
{
	struct rn_bpf_task t;
	memset(&t, 0, sizeof(t));
	t.tgid = (uint32_t)tgid;
	uint32_t k = (uint32_t)tid;
	if (tidmap_set(b, k, 1) < 0)
		return -1;
	return bpf_map_update_elem(bpf_map__fd(b->skel->maps.rn_tasks), &k, &t, BPF_ANY);
}

int rn_bpf_attach(rn_bpf *b, char *err, size_t n)
{
	int rc = rn_record_bpf__attach(b->skel);
	if (rc) {
		snprintf(err, n, "cannot attach the BPF programs (%s)%s%s", strerror(-rc),
		         last_msg[0] ? ": " : "", last_msg);
		return -1;
	}
	return 0;
}

void rn_bpf_detach(rn_bpf *b)
{
	rn_record_bpf__detach(b->skel);
}

int rn_bpf_tracing(rn_bpf *b)
{
	uint32_t key;
	return bpf_map_get_next_key(bpf_map__fd(b->skel->maps.rn_tasks), NULL, &key) == 0;
}

void rn_bpf_counters_sum(rn_bpf *b, struct rn_bpf_counters *sum)
{
	memset(sum, 0, sizeof(*sum));
	struct rn_bpf_counters *v = calloc((size_t)b->ncpu, sizeof(*v));
	uint32_t zero = 0;
	if (!v)
		return;
	if (bpf_map_lookup_elem(bpf_map__fd(b->skel->maps.rn_counters), &zero, v) == 0)
		for (int c = 0; c < b->ncpu; c++) {
			sum->ring_full += v[c].ring_full;
			sum->too_large += v[c].too_large;
			sum->map_full += v[c].map_full;
			sum->no_ring += v[c].no_ring;
			sum->proc_full += v[c].proc_full;
		}
	free(v);
}

int rn_bpf_ring_fd(const rn_bpf *b, int cpu)
{
	return b->rings[cpu];
}

int rn_bpf_ncpu(const rn_bpf *b)
{
	return b->ncpu;
}

void rn_bpf_close(rn_bpf *b)
{
	if (!b)
		return;
	if (b->skel)
		rn_record_bpf__destroy(b->skel);
	for (int c = 0; b->rings && c < b->ncpu; c++)
		if (b->rings[c] > 0)
			close(b->rings[c]);
	free(b->rings);
	free(b);
}
