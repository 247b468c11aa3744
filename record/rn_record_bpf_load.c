/* rn_record_bpf_load.c: gets the BPF program into the kernel. Says in one
 * line what is missing when it cannot (privileges, BTF, lockdown, what the
 * verifier or libbpf refused); sizes the per-CPU scratch and ring maps;
 * fills the capture tables (rn_record_bpf_plan.c); seeds and watches
 * rn_tasks, the traced threads. */
#include "rn_record_bpf.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/types.h>

#include "rn_record_bpf.skel.h"
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
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
	int *rings;          /* ring fds per CPU */
	rn_bpf_split *split; /* the programs loaded on a second CPU, or NULL */
	void **maps;         /* the rings' mappings not yet taken (rn_mkrings_wait) */
	uint64_t ring_bytes;
	const rn_rec_opts *o;
	int tables; /* rn_bpf_plans_fill: 0, -1 (errno in tables_errno), 1 not yet */
	int tables_errno;
	unsigned need;   /* the capture programs loaded (RN_BPF_NEED_*) */
	int store;       /* the threads' state in task-local storage (rn_bpf_tasks.h) */
	uint32_t tidmap; /* rn_tidmap's bytes: thread ids below it have one */
	uint8_t keep[RN_BPF_PLANS];
	uint8_t partial[RN_BPF_PLANS]; /* the table cannot read all the catalog plans */
	int keep_other;                /* numbers beyond the table */
};

static char last_msg[256];

/* libbpf's messages: kept (the last warning explains a failure), printed
 * only with RN_BPF_DEBUG set. */
static int on_libbpf_msg(enum libbpf_print_level lvl, const char *fmt, va_list ap)
{
	/* RN_BPF_TIMES: libbpf's own steps inside the load, from the
	 * messages it logs at each (the format, not the text: no cost) */
	static int relo, debug = -1;
	const char *f = strncmp(fmt, "libbpf: ", 8) ? fmt : fmt + 8;
	if (!strncmp(f, "loading kernel BTF", 18))
		rn_bpf_times_mark("load.kernel_btf");
	else if (rn_bpf_early_msg(f, ap)) /* (marks load.maps itself) */
		relo = 1;
	else if (!relo && strstr(f, "CO-RE relocations") && (relo = 1))
		rn_bpf_times_mark("load.maps");
	if (debug < 0) /* (looked up once: libbpf logs ~1,000 lines a load) */
		debug = getenv("RN_BPF_DEBUG") != NULL;
	if (debug)
		vfprintf(stderr, fmt, ap);
	else if (lvl == LIBBPF_WARN) {
		vsnprintf(last_msg, sizeof(last_msg), fmt, ap);
		last_msg[strcspn(last_msg, "\n")] = 0;
	}
	return 0;
}

const char *rn_bpf_unsupported(const rn_rec_opts *o)
{
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

int rn_bpf_partial(const rn_bpf *b, uint64_t nr)
{
	if (nr & RN_REC_NR_X32) /* an x32 call: no plan */
		return 0;
	if (nr & RN_REC_NR_IA32) /* an ia32 call's rn_thr.nr: its plan's key */
		return b->partial[RN_BPF_NR_MAX + (nr & (RN_BPF_NR_MAX - 1))];
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

/* Opens the skeleton into *out (CO-RE against the kernel BTF cut down in
 * core_fd, or the whole one when -1) and sets it up for o; cb: load the
 * bpf_loop programs. 0, or -1 with why. */
static int skel_open(rn_bpf *b, struct rn_record_bpf **out, const rn_rec_opts *o, uint64_t rb,
                     int cb, int core_fd, char *why, size_t n)
{
	struct rn_record_bpf *s;
	char path[64];
	snprintf(path, sizeof(path), "/proc/self/fd/%d", core_fd);
	struct bpf_object_open_opts oo;
	memset(&oo, 0, sizeof(oo));
	oo.sz = sizeof(oo);
	oo.btf_custom_path = core_fd >= 0 ? path : NULL;
	*out = s = rn_record_bpf__open_opts(&oo);
	if (!s) {
		snprintf(why, n, "cannot open the BPF program: %s", last_msg);
		return -1;
	}
	s->rodata->rn_follow = (uint32_t)o->follow;
	s->rodata->rn_filtered = (uint32_t)o->filtered;
	s->rodata->rn_ring_bytes = rb;
	s->rodata->rn_proc_room = rb / 8; /* process events and signals only */
	rn_bpf_scope_rodata(s, o);
	s->rodata->rn_store = (uint32_t)b->store;
	s->rodata->rn_tidmask = b->tidmap - 1;
	bpf_map__set_value_size(s->maps.rn_tidmap, b->tidmap);
	if (!b->store) { /* named by dead code only: made as the smallest hash */
		bpf_map__set_type(s->maps.rn_task_store, BPF_MAP_TYPE_HASH);
		bpf_map__set_max_entries(s->maps.rn_task_store, 1);
	}
	/* without -f (or -a, --cgroup: children of the scope are its members)
	 * no child is ever added: rn_fork is not even loaded */
	if (!s->rodata->rn_follow)
		bpf_program__set_autoload(s->progs.rn_fork, false);
	/* tail-called, never attached */
	bpf_program__set_autoattach(s->progs.rn_enter_cap, false);
	bpf_program__set_autoattach(s->progs.rn_enter_strs, false);
	bpf_program__set_autoattach(s->progs.rn_enter_strs_cb, false);
	bpf_program__set_autoattach(s->progs.rn_exit_cap, false);
	bpf_program__set_autoattach(s->progs.rn_enter_parts, false);
	bpf_program__set_autoattach(s->progs.rn_exit_parts, false);
	bpf_program__set_autoattach(s->progs.rn_enter_parts_cb, false);
	bpf_program__set_autoattach(s->progs.rn_exit_parts_cb, false);
	struct bpf_program *loops[3][2] = {{s->progs.rn_enter_parts, s->progs.rn_enter_parts_cb},
	                                   {s->progs.rn_exit_parts, s->progs.rn_exit_parts_cb},
	                                   {s->progs.rn_enter_strs, s->progs.rn_enter_strs_cb}};
	for (int k = 0; k < 3; k++)
		bpf_program__set_autoload(loops[k][!cb], false);
	/* a capture program no table of this recording reaches is not loaded
	 * (-e trace=: the iovec and msghdr readers, most often): its
	 * tail-call entry stays empty, and nothing calls it */
	struct bpf_program *caps[5] = {s->progs.rn_enter_cap, s->progs.rn_exit_cap, loops[2][cb],
	                               loops[0][cb], loops[1][cb]};
	_Static_assert(RN_BPF_NEED_ENTER_CAP == 1 && RN_BPF_NEED_EXIT_CAP == 2 &&
	                   RN_BPF_NEED_STRS == 4 && RN_BPF_NEED_ENTER_PARTS == 8 &&
	                   RN_BPF_NEED_EXIT_PARTS == 16,
	               "caps[] follows RN_BPF_NEED_*");
	for (int k = 0; k < 5; k++)
		if (!(b->need & (1u << k)))
			bpf_program__set_autoload(caps[k], false);
	bpf_map__set_max_entries(s->maps.rn_scratch, (uint32_t)b->ncpu);
	bpf_map__set_max_entries(s->maps.rn_rings, (uint32_t)b->ncpu);
	rn_bpf_stack_setup(s, o, b->ncpu);
	/* RN_BPF_STATS (with RN_BPF_DEBUG): the verifier's statistics per program */
	if (getenv("RN_BPF_STATS")) {
		struct bpf_program *pg;
		for (pg = bpf_object__next_program(s->obj, NULL); pg;
		     pg = bpf_object__next_program(s->obj, pg))
			bpf_program__set_log_level(pg, 4);
	}
	return 0;
}

/* The syscall tables from the catalog, once the maps exist (on the split
 * thread, or after the load). */
static void fill_tables(void *arg)
{
	rn_bpf *b = arg;
	b->keep_other = b->o->filtered ? RN_BPF_KEEP_NONE : RN_BPF_KEEP_FULL;
	b->tables =
	    rn_bpf_plans_fill(bpf_map__fd(b->skel->maps.rn_plans),
	                      bpf_map__fd(b->skel->maps.rn_sels), b->o, b->keep, b->partial);
	b->tables_errno = b->tables < 0 ? errno : 0;
}

/* At the gate (rn_record_bpf_early.c), the maps made, while the kernel
 * types are: the syscall tables, and the copy may start its load (it waits
 * for the types at its own gate, not for this object's relocations). */
static void maps_made(void *arg)
{
	rn_bpf *b = arg;
	if (b->split)
		rn_bpf_split_go(b->split);
	fill_tables(b);
}

/* Waits for the rings of mk (may be NULL) and closes them. */
static void rings_drop(rn_mkrings *mk, int ncpu)
{
	int *r = mk ? rn_mkrings_wait(mk, NULL) : NULL;
	for (int c = 0; r && c < ncpu; c++)
		close(r[c]);
	free(r);
}

/* Abandons the kernel-types pass of a load that failed before using it:
 * waits for its thread, closes its memfd and libbpf's stand-in path (-1:
 * none), and turns off the tracepoints' ids. */
static void types_drop(rn_bpf_core *cj, uint32_t *tpids, int core, int path)
{
	if (cj) {
		rn_bpf_core_wait(cj, tpids);
		close(core);
	}
	if (path >= 0)
		close(path);
	rn_bpf_tp_off();
}

/* What the kernel lacks (-1, why said) of the two things no other code
 * path stands in for: BTF (btf_errno: /sys/kernel/btf/vmlinux could not be
 * read; tp_btf programs attach by its ids) and BPF ring buffers (5.8),
 * both named when both are missing, as a kernel without either (Ubuntu's
 * 5.4 has BTF, its 5.8 none) needs both. */
static int kernel_lacks(int btf_errno, char *why, size_t n)
{
	int rb = libbpf_probe_bpf_map_type(BPF_MAP_TYPE_RINGBUF, NULL) > 0;
	struct utsname u;
	const char *rel = uname(&u) == 0 ? u.release : "unknown";
	if (btf_errno && !rb)
		snprintf(why, n,
		         "needs BTF and BPF ring buffers: Linux 5.8 or later built with BTF "
		         "(this is %s; /sys/kernel/btf/vmlinux: %s)",
		         rel, strerror(btf_errno));
	else if (btf_errno)
		snprintf(why, n,
		         "needs a kernel built with BTF (CONFIG_DEBUG_INFO_BTF; "
		         "/sys/kernel/btf/vmlinux: %s)",
		         strerror(btf_errno));
	else if (!rb)
		snprintf(why, n, "needs BPF ring buffers: Linux 5.8 or later (this is %s)", rel);
	else
		return 0;
	return -1;
}

/* rn_tidmap's size: pid_max's power of two (every thread id is below
 * pid_max), a page at least, RN_BPF_TIDMAP (PID_MAX_LIMIT) when it cannot
 * be read. A larger map is zeroed page by page at every start (4 MiB: ~0.5
 * ms); an id past it (pid_max raised meanwhile) is looked up in full. */
static uint32_t tidmap_bytes(void)
{
	FILE *f = fopen("/proc/sys/kernel/pid_max", "re");
	unsigned long max = 0;
	if (f) {
		if (fscanf(f, "%lu", &max) != 1)
			max = 0;
		fclose(f);
	}
	if (!max || max > RN_BPF_TIDMAP)
		return RN_BPF_TIDMAP;
	uint32_t r = 4096;
	while (r < max)
		r <<= 1;
	return r;
}

rn_bpf *rn_bpf_open(const rn_rec_opts *o, char *why, size_t n)
{
	rn_bpf_times_mark("begin");
	libbpf_set_print(on_libbpf_msg);
	const char *miss = missing_privilege();
	if (miss) {
		snprintf(why, n, "%s", miss);
		return NULL;
	}
	if (access("/sys/kernel/btf/vmlinux", R_OK) < 0) {
		kernel_lacks(errno, why, n);
		return NULL;
	}
	if ((miss = lockdown())) {
		snprintf(why, n, "%s", miss);
		return NULL;
	}
	if (rn_bpf_scope_check(o, why, n) < 0)
		return NULL;
	rn_bpf *b = calloc(1, sizeof(*b));
	if (!b) {
		snprintf(why, n, "out of memory");
		return NULL;
	}
	b->tidmap = tidmap_bytes();
	b->ncpu = libbpf_num_possible_cpus();
	if (b->ncpu <= 0) {
		snprintf(why, n, "cannot count the CPUs");
		free(b);
		return NULL;
	}
	rn_bpf_times_mark("checks");
	if (kernel_lacks(0, why, n) < 0) {
		free(b);
		return NULL;
	}
	uint64_t rb = rn_bpf_ring_bytes(o, b->ncpu);
	/* the rings are made on a thread from here on (page allocation, an RCU
	 * grace period), beside the opening and the load */
	rn_mkrings *mk = rn_mkrings_start(b->ncpu, rb);
	/* CO-RE against the kernel types the program names, not all 150,000
	 * (rn_record_bpf_btf.c; RN_BPF_FULL_BTF: the whole kernel BTF), made
	 * on a thread from the object file itself, before and while the
	 * skeleton is opened (libbpf reads them only at the load), with the
	 * tracepoints' ids from the same pass (rn_record_bpf_tpid.c;
	 * RN_BPF_LIBBPF_TP: libbpf finds them; its section handler must be
	 * there before the open) */
	size_t esz = 0;
	const void *elf = rn_record_bpf__elf_bytes(&esz);
	const char *tps[RN_BPF_MAXTP];
	uint32_t tpids[RN_BPF_MAXTP];
	int ntp = rn_bpf_tp_names(elf, esz, tps, RN_BPF_MAXTP), core = -1, tp = 0;
	rn_bpf_core *cj = getenv("RN_BPF_FULL_BTF") || ntp <= 0
	                      ? NULL
	                      : rn_bpf_core_start(elf, esz, tps, ntp, &core);
	if (cj)
		tp = !getenv("RN_BPF_LIBBPF_TP") && rn_bpf_tp_on(tps, ntp) == 0;
	/* the load starts before the kernel types are made, where libbpf
	 * makes the maps first (rn_record_bpf_early.c; RN_BPF_LATE_MAPS: after
	 * them): libbpf is given path, /dev/null until they are in place */
	int path = core;
	int early = tp > 0 && rn_bpf_early_ok() && !getenv("RN_BPF_LATE_MAPS") &&
	            (path = open("/dev/null", O_RDONLY | O_CLOEXEC)) >= 0;
	if (!early)
		path = core;
	/* the iovec readers and the envp count with bpf_loop where the kernel
	 * has it (5.17): the unrolled loops cost the verifier ~30 ms a start
	 * (RN_BPF_NO_LOOP: the unrolled ones, as older kernels load, for the
	 * tests) */
	int cb = !getenv("RN_BPF_NO_LOOP") &&
	         libbpf_probe_bpf_helper(BPF_PROG_TYPE_SOCKET_FILTER, BPF_FUNC_loop, NULL) > 0;
	/* -e trace=: the capture programs its tables reach (the same tables
	 * as fill_tables makes, ~0.2 ms); without it every one is reached */
	b->need = o->filtered ? rn_bpf_plans_need(o) : RN_BPF_NEED_ALL;
	/* the threads' state in task-local storage where tracing programs may
	 * use it (5.12: 5.11 has the map for LSM programs only) and user space
	 * never needs it by thread id (a launched command: rn_bpf_tasks.h;
	 * RN_BPF_NO_STORE: the hash, as older kernels load, for the tests).
	 * (libbpf cannot probe a helper for tp_btf programs: kprobes take
	 * theirs from the same table.) */
	b->store =
	    !rn_bpf_scope_on(o) && !getenv("RN_BPF_NO_STORE") &&
	    libbpf_probe_bpf_helper(BPF_PROG_TYPE_KPROBE, BPF_FUNC_task_storage_get, NULL) > 0;
	rn_bpf_times_mark("probes");
	if (skel_open(b, &b->skel, o, rb, cb, path, why, n) < 0) {
		types_drop(cj, tpids, core, early ? path : -1);
		rings_drop(mk, b->ncpu);
		free(b);
		return NULL;
	}
	if (tp && rn_bpf_tp_fix(b->skel->obj, core) < 0)
		tp = -1; /* libbpf's own way: below */
	rn_bpf_times_mark("open");
	if (mk && bpf_map__reuse_fd(b->skel->maps.rn_rings, rn_mkrings_outer(mk)) < 0) {
		int e = errno;
		b->rings = rn_mkrings_wait(mk, NULL); /* closed by rn_bpf_close */
		mk = NULL;
		errno = e;
	}
	if (!mk) {
		snprintf(why, n, "cannot create the BPF ring buffers: %s", strerror(errno));
		types_drop(cj, tpids, core, early ? path : -1);
		rn_bpf_close(b);
		return NULL;
	}
	/* the two parts programs and rn_exit_cap are verified on a thread,
	 * beside the others (rn_record_bpf_split.c; RN_BPF_NO_SPLIT: all on
	 * this one): the heaviest. With the parts alone the copy walked ~7,900
	 * instructions and this thread ~8,400 plus the object's BTF, maps and
	 * relocations, and the copy ended 3-8 ms before it (RN_BPF_STATS,
	 * Linux 6.18); with rn_exit_cap (~1,800) both end together. With
	 * the capture reads as global functions (rn_bpf_iov.h, read_slot) the
	 * copy's three walk ~6,100 and this thread's ~7,600: rn_enter_cap
	 * (~1,400) moves too where bpf_loop is (without it the unrolled parts
	 * programs, ~70,000, are the long pole already) */
	struct rn_record_bpf *copy = NULL;
	int gate = early && tp > 0;
	b->o = o;
	b->tables = 1; /* not yet: filled on the split thread, at the gate, or after */
	struct bpf_program *moved[4] = {
	    cb ? b->skel->progs.rn_enter_parts_cb : b->skel->progs.rn_enter_parts,
	    cb ? b->skel->progs.rn_exit_parts_cb : b->skel->progs.rn_exit_parts,
	    b->skel->progs.rn_exit_cap, b->skel->progs.rn_enter_cap};
	int nmoved = cb ? 4 : 3;
	if (!(b->need & (RN_BPF_NEED_ENTER_PARTS | RN_BPF_NEED_EXIT_PARTS))) {
		/* not loaded (-e trace=): the next heaviest instead */
		moved[0] = b->skel->progs.rn_enter_cap;
		moved[1] = cb ? b->skel->progs.rn_enter_strs_cb : b->skel->progs.rn_enter_strs;
		nmoved = 2;
	}
	if (tp > 0 && !getenv("RN_BPF_NO_SPLIT") &&
	    (bpf_program__autoload(moved[0]) || bpf_program__autoload(moved[1])) &&
	    skel_open(b, &copy, o, rb, cb, path, why, n) == 0 &&
	    rn_bpf_tp_fix(copy->obj, core) == 0) {
		if ((b->split = rn_bpf_split_start(b->skel, copy, moved, nmoved,
		                                   gate ? rn_bpf_early_join : fill_tables, b)))
			rn_bpf_tp_first_load(rn_bpf_split_go, b->split);
	}
	if (copy && !b->split)
		rn_record_bpf__destroy(copy);
	rn_bpf_times_mark("split_open");
	int err = 0;
	if (gate) { /* the gate waits for them (it marks core_btf) */
		rn_bpf_early_arm(cj, core, path, b->skel->obj, maps_made, b);
	} else if (cj) { /* without the cut-down types or the ids: libbpf's own way */
		int cw = rn_bpf_core_wait(cj, tpids), ti = tp > 0 ? rn_bpf_tp_ids(tpids) : 0;
		if (cw < 0 || tp < 0 || ti < 0 || (early && dup2(core, path) < 0))
			err = -ENOENT;
		early = 0;
		rn_bpf_times_mark("core_btf");
	}
	if (!err)
		err = rn_record_bpf__load(b->skel);
	if (early && rn_bpf_early_end() < 0 && !err)
		err = -ENOENT; /* (cannot be: libbpf read /dev/null) */
	rn_bpf_tp_first_load(NULL, NULL);
	if (b->split) {
		/* RN_BPF_TIMES: this object's load, then the wait for the copy's
		 * (load.progs: ~0 when the copy was done first) */
		rn_bpf_times_mark("load.main");
		int serr = rn_bpf_split_wait(b->split, err);
		err = err ? err : serr;
	}
	rn_bpf_times_mark("load.progs");
	if (err && core >= 0) { /* the cut-down types missed something: all of them */
		rn_record_bpf__destroy(b->skel);
		b->skel = NULL;
		rn_bpf_split_free(b->split);
		b->split = NULL;
		b->tables = 1; /* (the new maps are empty) */
		rn_bpf_tp_off();
		if (skel_open(b, &b->skel, o, rb, cb, -1, why, n) == 0 &&
		    bpf_map__reuse_fd(b->skel->maps.rn_rings, rn_mkrings_outer(mk)) == 0)
			err = rn_record_bpf__load(b->skel);
	}
	if (core >= 0)
		close(core);
	if (path != core)
		close(path);
	b->rings = rn_mkrings_wait(mk, &b->maps);
	b->ring_bytes = rb;
	rn_bpf_times_mark("rings_wait");
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
	/* tail-called programs: entry [0] cap, [1] strs, [3] parts; exit [0] cap,
	 * [2] parts (entry [2] and exit [1]: --stack's, rn_bpf_stack_tail) */
	struct bpf_program *tails[2][4] = {
	    {b->skel->progs.rn_enter_cap,
	     cb ? b->skel->progs.rn_enter_strs_cb : b->skel->progs.rn_enter_strs, NULL,
	     cb ? b->skel->progs.rn_enter_parts_cb : b->skel->progs.rn_enter_parts},
	    {b->skel->progs.rn_exit_cap, NULL,
	     cb ? b->skel->progs.rn_exit_parts_cb : b->skel->progs.rn_exit_parts, NULL}};
	int tfd[2] = {bpf_map__fd(b->skel->maps.rn_tail_enter),
	              bpf_map__fd(b->skel->maps.rn_tail_exit)},
	    terr = 0;
	for (int h = 0; h < 2; h++)
		for (uint32_t k = 0; k < 4; k++) {
			int pfd = tails[h][k] ? bpf_program__fd(tails[h][k]) : -1;
			if (pfd < 0 && tails[h][k] && b->split) /* loaded by the copy */
				pfd = rn_bpf_split_fd(b->split, tails[h][k]);
			if (pfd < 0)
				continue;
			terr |= bpf_map_update_elem(tfd[h], &k, &pfd, BPF_ANY) < 0;
		}
	if (terr || rn_bpf_stack_tail(b->skel, o) < 0) {
		snprintf(why, n, "cannot set up the BPF tail call: %s", strerror(errno));
		rn_bpf_close(b);
		return NULL;
	}
	if (b->tables > 0) /* not on the split thread nor at the gate */
		fill_tables(b);
	if (b->tables < 0) {
		snprintf(why, n, "cannot fill the syscall table: %s", strerror(b->tables_errno));
		rn_bpf_close(b);
		return NULL;
	}
	if (rn_bpf_scope_maps(b->skel, o, why, n) < 0) {
		rn_bpf_close(b);
		return NULL;
	}
	rn_bpf_times_mark("tables");
	return b;
}

/* Sets tid's byte in rn_tidmap (the kernel side's cheap "is it traced?"),
 * through a mapping of just its page. */
int rn_bpf_mark(rn_bpf *b, pid_t tid, int on)
{
	if (tid <= 0 || (uint32_t)tid >= b->tidmap)
		return 0; /* (pid_max raised since the start: the programs look it up) */
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	off_t at = (off_t)((size_t)tid & ~(page - 1));
	uint8_t *p = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED,
	                  bpf_map__fd(b->skel->maps.rn_tidmap), at);
	if (p == MAP_FAILED)
		return -1;
	p[(size_t)tid - (size_t)at] = (uint8_t)(on != 0);
	munmap(p, page);
	return 0;
}

struct rn_record_bpf *rn_bpf_skel(rn_bpf *b)
{
	return b->skel;
}

int rn_bpf_trace(rn_bpf *b, pid_t tid, pid_t tgid)
{
	struct rn_bpf_task t;
	memset(&t, 0, sizeof(t));
	t.tgid = (uint32_t)tgid;
	uint32_t k = (uint32_t)tid;
	if (rn_bpf_mark(b, tid, 1) < 0)
		return -1;
	if (b->store) { /* the thread's storage is reached through a pidfd */
		int pfd = (int)syscall(SYS_pidfd_open, tid, 0);
		if (pfd < 0)
			return -1;
		int rc = bpf_map_update_elem(bpf_map__fd(b->skel->maps.rn_task_store), &pfd, &t,
		                             BPF_ANY);
		int e = errno;
		close(pfd);
		if (rc < 0) {
			errno = e;
			return -1;
		}
	}
	if (bpf_map_update_elem(bpf_map__fd(b->skel->maps.rn_tasks), &k, &t, BPF_ANY) < 0)
		return -1;
	return tid == tgid ? rn_bpf_group(b, tgid) : 0;
}

int rn_bpf_group(rn_bpf *b, pid_t tgid)
{
	uint32_t k = (uint32_t)tgid, one = 1;
	return bpf_map_update_elem(bpf_map__fd(b->skel->maps.rn_groups), &k, &one, BPF_ANY);
}

int rn_bpf_group_owed(rn_bpf *b, pid_t tgid)
{
	uint32_t k = (uint32_t)tgid, v;
	return bpf_map_lookup_elem(bpf_map__fd(b->skel->maps.rn_groups), &k, &v) == 0;
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
	/* From tid 0 (never traced: the first key follows), not from NULL,
	 * which valgrind reports as an unaddressable key. */
	uint32_t none = 0, key;
	return bpf_map_get_next_key(bpf_map__fd(b->skel->maps.rn_tasks), &none, &key) == 0;
}

int rn_bpf_task_next(rn_bpf *b, uint32_t *tid, struct rn_bpf_task *v)
{
	int fd = bpf_map__fd(b->skel->maps.rn_tasks);
	uint32_t next;
	while (bpf_map_get_next_key(fd, tid, &next) == 0) {
		*tid = next;
		if (bpf_map_lookup_elem(fd, tid, v) == 0)
			return 0;
	}
	return -1;
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

int rn_bpf_ring_mapped(rn_bpf *b, int cpu, void **cons, void **prod, uint64_t *mapped)
{
	if (!b->maps || !b->maps[2 * cpu])
		return -1;
	*mapped = rn_rings_window(b->ring_bytes);
	*cons = b->maps[2 * cpu];
	*prod = b->maps[2 * cpu + 1];
	b->maps[2 * cpu] = b->maps[2 * cpu + 1] = NULL;
	return 0;
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
	rn_bpf_split_free(b->split);
	rn_mkrings_unmap(b->maps, b->ncpu, b->ring_bytes);
	for (int c = 0; b->rings && c < b->ncpu; c++)
		if (b->rings[c] > 0)
			close(b->rings[c]);
	free(b->rings);
	free(b);
}
