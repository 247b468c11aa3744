/* rn_record_bpf_scope.c: the bpf backend's scopes beyond a launched command:
 * -p (every thread of running processes put in rn_tasks without stopping
 * them, their identity written as the ptrace backend writes it at attach),
 * -a (every process but rn-record) and --cgroup PATH (a cgroup v2 tree),
 * where the kernel takes threads in as they make calls and user space
 * writes each process's identity when it first sees it, from /proc when
 * /proc still shows that very process (start time, comm and argv agree
 * with what the kernel read), else from what the kernel read. Also the
 * stop: SIGINT/SIGTERM/SIGHUP, --duration, or (-p) every thread gone. */
#include "rn_record_bpf.h"

#include "bpf/rn_bpf_scope_abi.h"
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "rn_record_bpf.skel.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#define PROC_PID_INIT_INO 0xEFFFFFFCu /* the host's pid namespace */

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434 /* the same on every architecture */
#endif

static uint64_t t_start;  /* when the programs were attached */
static uint64_t deadline; /* --duration, 0: none */
static pid_t *known;      /* processes whose identity is written (open addressing) */
static size_t nknown, cknown;
/* -p's processes, each with a pidfd (-1: none) that polls readable once
 * its last thread is gone, traced or not */
struct owed {
	pid_t tgid;
	int fd;
};
static struct owed *owed;
static int nowed;

int rn_bpf_scope_on(const rn_rec_opts *o)
{
	return o->npids || o->all || o->cgroup;
}

const char *rn_bpf_scope_name(const rn_rec_opts *o)
{
	return o->all           ? "-a"
	       : o->cgroup      ? "--cgroup"
	       : o->duration_ns ? "--duration"
	       : o->npids       ? "-p"
	                        : "--backend=bpf";
}

/* ---- the processes whose identity is in the trace ---- */

static size_t slot_of(pid_t pid)
{
	return ((uint32_t)pid * 2654435761u) & (cknown - 1);
}

static int known_has(pid_t pid)
{
	if (!cknown)
		return 0;
	for (size_t i = slot_of(pid);; i = (i + 1) & (cknown - 1)) {
		if (known[i] == pid)
			return 1;
		if (!known[i])
			return 0;
	}
}

void rn_bpf_scope_known(pid_t pid)
{
	if (pid <= 0 || known_has(pid))
		return;
	if ((nknown + 1) * 2 > cknown) {
		size_t nc = cknown ? cknown * 2 : 256;
		pid_t *nk = calloc(nc, sizeof(*nk)), *old = known;
		size_t oc = cknown;
		if (!nk)
			return; /* then written again when seen again: never missing */
		known = nk;
		cknown = nc;
		nknown = 0;
		for (size_t i = 0; i < oc; i++)
			if (old[i])
				rn_bpf_scope_known(old[i]);
		free(old);
	}
	size_t i = slot_of(pid);
	while (known[i])
		i = (i + 1) & (cknown - 1);
	known[i] = pid;
	nknown++;
}

/* A process that ended: its pid may come back as another process. */
void rn_bpf_scope_forget(pid_t pid)
{
	if (!known_has(pid))
		return;
	size_t i = slot_of(pid);
	while (known[i] != pid)
		i = (i + 1) & (cknown - 1);
	known[i] = 0;
	nknown--;
	/* re-insert the rest of the cluster (open addressing deletion) */
	for (size_t j = (i + 1) & (cknown - 1); known[j]; j = (j + 1) & (cknown - 1)) {
		pid_t p = known[j];
		known[j] = 0;
		nknown--;
		rn_bpf_scope_known(p);
	}
}

/* ---- set-up ---- */

int rn_bpf_scope_check(const rn_rec_opts *o, char *why, size_t n)
{
	char link[64];
	ssize_t k = readlink("/proc/self/ns/pid", link, sizeof(link) - 1);
	unsigned long ino = 0;
	if (k > 0) {
		link[k] = 0;
		sscanf(link, "pid:[%lu]", &ino);
	}
	if (rn_bpf_scope_on(o) && k > 0 && ino != PROC_PID_INIT_INO) {
		snprintf(why, n,
		         "needs the host's pid namespace (the kernel names processes by their "
		         "host pids; a container needs --pid=host)");
		return -1;
	}
	return 0;
}

void rn_bpf_scope_rodata(struct rn_record_bpf *skel, const rn_rec_opts *o)
{
	skel->rodata->rn_scope = o->all      ? RN_BPF_SCOPE_ALL
	                         : o->cgroup ? RN_BPF_SCOPE_CGROUP
	                                     : RN_BPF_SCOPE_TASKS;
	skel->rodata->rn_self_tgid = (uint32_t)getpid();
	skel->rodata->rn_nr_rt_sigreturn =
	    (uint32_t)rn_syscall_lookup(rn_arch_native(), "rt_sigreturn");
	if (o->all || o->cgroup) /* children: recorded with their fork */
		skel->rodata->rn_follow = 1;
}

int rn_bpf_scope_maps(struct rn_record_bpf *skel, const rn_rec_opts *o, char *why, size_t n)
{
	if (!o->cgroup)
		return 0;
	int fd = open(o->cgroup, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	uint32_t k = 0;
	if (fd < 0) {
		snprintf(why, n, "%s: %s", o->cgroup, strerror(errno));
		return -1;
	}
	int rc = bpf_map_update_elem(bpf_map__fd(skel->maps.rn_cgroup), &k, &fd, BPF_ANY);
	int e = errno;
	close(fd);
	if (rc < 0) {
		snprintf(why, n, "%s: cannot select the cgroup: %s", o->cgroup, strerror(e));
		return -1;
	}
	return 0;
}

/* The thread group of pid (a thread id names its process), or -1. */
static pid_t tgid_of(pid_t pid)
{
	char path[64], buf[4096];
	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	FILE *f = fopen(path, "re");
	if (!f)
		return -1;
	pid_t tgid = -1;
	while (fgets(buf, sizeof(buf), f))
		if (sscanf(buf, "Tgid: %d", &tgid) == 1)
			break;
	fclose(f);
	return tgid;
}

/* A thread that may be inside a call entered before recording started. */
static int seed(rn_bpf *b, pid_t tid, pid_t tgid)
{
	struct rn_bpf_task t;
	memset(&t, 0, sizeof(t));
	t.tgid = (uint32_t)tgid;
	t.reread = RN_BPF_REREAD_MID | RN_BPF_REREAD_ALL;
	t.nr = (uint32_t)rn_syscall_lookup(rn_arch_native(), "rt_sigreturn");
	uint32_t k = (uint32_t)tid;
	if (rn_bpf_mark(b, tid, 1) < 0)
		return -1;
	return bpf_map_update_elem(bpf_map__fd(rn_bpf_skel(b)->maps.rn_tasks), &k, &t, BPF_NOEXIST);
}

/* -p: every thread of tgid into rn_tasks, listing /proc/TGID/task until no
 * new one appears. Returns the number of threads, -1 when gone. */
static int seed_threads(rn_bpf *b, pid_t tgid)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/task", (int)tgid);
	int total = 0, added;
	do {
		DIR *d = opendir(path);
		if (!d)
			return total ? total : -1;
		added = 0;
		struct dirent *e;
		while ((e = readdir(d))) {
			pid_t tid = (pid_t)atoi(e->d_name);
			if (tid <= 0 || rn_thr_get(tid))
				continue;
			if (seed(b, tid, tgid) < 0 && errno != EEXIST) {
				closedir(d);
				return -1;
			}
			rn_thr *t = rn_thr_add(tid);
			if (t)
				t->pid = tgid;
			added++;
		}
		closedir(d);
		total += added;
	} while (added);
	return total;
}

static void on_stop(int sig)
{
	(void)sig;
	rn_rec_stop = 1;
}

void rn_bpf_scope_signals(void)
{
	rn_rec_set_handler(SIGINT, on_stop);
	rn_rec_set_handler(SIGTERM, on_stop);
	rn_rec_set_handler(SIGHUP, on_stop);
	rn_rec_set_handler(SIGXFSZ, SIG_IGN);
}

/* -p: process tgid's end is owed to the trace, even when a thread started
 * after the attach (not traced without -f) is its last. */
static int owe(rn_bpf *b, pid_t tgid, int n)
{
	if (!owed && !(owed = calloc((size_t)n, sizeof(*owed))))
		return -1;
	if (rn_bpf_group(b, tgid) < 0)
		return -1;
	owed[nowed].tgid = tgid;
	owed[nowed++].fd = (int)syscall(SYS_pidfd_open, tgid, 0);
	return 0;
}

/* Is one of -p's processes still running with its end not yet seen (its
 * last threads not traced)? A pidfd tells when the last is gone: its exit
 * record is in the ring by then. */
static int owed_running(rn_bpf *b)
{
	for (int i = 0; i < nowed; i++) {
		struct pollfd p = {owed[i].fd, POLLIN, 0};
		if (owed[i].fd >= 0 && rn_bpf_group_owed(b, owed[i].tgid) && poll(&p, 1, 0) == 0)
			return 1;
	}
	return 0;
}

static int scope_start(rn_bpf *b, const rn_rec_opts *o, rn_out *out)
{
	for (int i = 0; i < o->npids; i++) {
		char err[512];
		pid_t tgid = tgid_of(o->pids[i]);
		if (tgid <= 0) {
			rn_attach_explain(o->pids[i], ESRCH, err, sizeof(err));
			rn_rec_err("%s", err);
			return -1;
		}
		if (known_has(tgid))
			continue;
		if (seed_threads(b, tgid) < 0) {
			rn_attach_explain(o->pids[i], errno == ENOENT ? ESRCH : errno, err,
			                  sizeof(err));
			rn_rec_err("%s", err);
			return -1;
		}
		if (owe(b, tgid, o->npids) < 0) {
			rn_rec_err("cannot watch process %d's end: %s", (int)tgid, strerror(errno));
			return -1;
		}
		rn_bpf_scope_known(tgid);
		rn_attach_snapshot(out, tgid, 0);
	}
	return 0;
}

static void scope_say(const rn_rec_opts *o)
{
	char until[64] = "until SIGINT or SIGTERM";
	if (o->duration_ns)
		snprintf(until, sizeof(until), "for %.10g s (or until SIGINT or SIGTERM)",
		         (double)o->duration_ns / 1e9);
	if (o->all)
		rn_rec_err("recording every process (bpf backend) %s", until);
	else if (o->cgroup)
		rn_rec_err("recording cgroup %s (bpf backend) %s", o->cgroup, until);
	else
		rn_rec_err("attached to %d process%s without stopping %s (bpf backend); SIGINT "
		           "or SIGTERM detaches",
		           o->npids, o->npids > 1 ? "es" : "", o->npids > 1 ? "them" : "it");
}

uint64_t rn_bpf_scope_t0(void)
{
	return t_start;
}

int rn_bpf_scope_over(rn_bpf *b, const rn_rec_opts *o, uint64_t now)
{
	if (rn_rec_stop || (deadline && now >= deadline))
		return 1;
	return o->npids && !rn_bpf_tracing(b) && !owed_running(b); /* -p: every process ended */
}

/* ---- identity of a process first seen ---- */

/* Does /proc/PID still show the process the kernel described? Its start
 * time (pid reuse), comm and argv (an exec since) must agree. */
static int same_process(const struct rn_bpf_seen *r, const char *argv, uint32_t alen)
{
	static char buf[RN_BPF_SEEN_ARGV + 1];
	char path[64];
	snprintf(path, sizeof(path), "/proc/%u/stat", r->h.tgid);
	int n = rn_read_file(path, buf, sizeof(buf) - 1);
	if (n <= 0)
		return 0;
	buf[n] = 0;
	char *open_ = strchr(buf, '('), *close_ = strrchr(buf, ')');
	if (!open_ || !close_ || close_ < open_)
		return 0;
	char comm[16];
	memset(comm, 0, sizeof(comm));
	memcpy(comm, r->comm, sizeof(comm) - 1);
	if ((size_t)(close_ - open_ - 1) != strlen(comm) ||
	    memcmp(open_ + 1, comm, strlen(comm)) != 0)
		return 0;
	/* field 22, starttime, in clock ticks; fields 3.. follow ") " */
	unsigned long long start = 0;
	char *p = close_ + 2;
	for (int field = 3; field < 22 && p; field++) {
		p = strchr(p, ' ');
		if (p)
			p++;
	}
	if (!p || sscanf(p, "%llu", &start) != 1)
		return 0;
	long hz = sysconf(_SC_CLK_TCK);
	if (hz <= 0 || start != r->start_ns / (1000000000ull / (unsigned long long)hz))
		return 0;
	if (r->flags & RN_BPF_SEENF_UNREAD)
		return 1;
	snprintf(path, sizeof(path), "/proc/%u/cmdline", r->h.tgid);
	n = rn_read_file(path, buf, sizeof(buf) - 1);
	if (n < 0)
		return 0;
	if (r->flags & RN_BPF_SEENF_TRUNC)
		return (uint32_t)n >= alen && !memcmp(buf, argv, alen);
	return (uint32_t)n == alen && !memcmp(buf, argv, (size_t)n);
}

void rn_bpf_scope_seen(const struct rn_bpf_seen *r, rn_out *out)
{
	pid_t tgid = (pid_t)r->h.tgid;
	rn_thr *t = rn_thr_add((pid_t)r->h.tid);
	if (t && !t->pid)
		t->pid = tgid;
	if (known_has(tgid) || rn_out_failed(out))
		return;
	rn_bpf_scope_known(tgid);
	uint32_t alen = r->argv_len;
	if (sizeof(*r) + alen > r->h.size)
		alen = 0;
	const char *argv = (const char *)(r + 1);
	if (alen == r->argv_len && same_process(r, argv, alen)) {
		rn_attach_snapshot(out, tgid, r->h.ts);
		return;
	}
	/* Gone, or another program now: only what the kernel read. */
	while (alen && argv[alen - 1] == 0)
		alen--;
	rn_snapshot s = {r->h.ts, tgid, (int32_t)r->ppid, argv, alen, "", 0, "", 0};
	rn_chunk_add_snapshot(rn_out_get(out), &s);
	rn_out_put(out);
	rn_proc p = {r->h.ts, 0, tgid, tgid, (int32_t)r->ppid, 0, RN_PROC_ATTACH, 0, NULL, 0};
	rn_chunk_add_proc(rn_out_get(out), &p);
	rn_out_put(out);
}

/* ---- -p: threads blocked in a call the whole time ---- */

/* A -p thread inside a call when recording started, as /proc/TID/syscall
 * showed it once the programs were attached. If the thread makes no
 * record until the end, that call never returned: it is written as
 * unfinished (as the ptrace backend and strace show a call still blocked
 * at detach), never left out. */
typedef struct blocked {
	pid_t tid;
	int nr;
	uint64_t args[6], sp, pc;
} blocked;
static blocked *blk;
static int nblk, cblk;

static void note_blocked(rn_thr *t, void *ctx)
{
	(void)ctx;
	char path[64], buf[512];
	snprintf(path, sizeof(path), "/proc/%d/syscall", (int)t->tid);
	int n = rn_read_file(path, buf, sizeof(buf) - 1);
	if (n <= 0)
		return;
	buf[n] = 0;
	blocked b;
	memset(&b, 0, sizeof(b));
	b.tid = t->tid;
	unsigned long long a[8];
	/* "NR 0xA0 ... 0xA5 0xSP 0xPC"; "running" or "-1 SP PC" when in no call */
	if (sscanf(buf, "%d %llx %llx %llx %llx %llx %llx %llx %llx", &b.nr, &a[0], &a[1], &a[2],
	           &a[3], &a[4], &a[5], &a[6], &a[7]) != 9 ||
	    b.nr < 0)
		return;
	for (int i = 0; i < 6; i++)
		b.args[i] = a[i];
	b.sp = a[6];
	b.pc = a[7];
	if (nblk == cblk) {
		int nc = cblk ? cblk * 2 : 16;
		blocked *nb = realloc(blk, sizeof(*nb) * (size_t)nc);
		if (!nb)
			return;
		blk = nb;
		cblk = nc;
	}
	blk[nblk++] = b;
}

static void collect_tid(rn_thr *t, void *ctx)
{
	pid_t **p = ctx;
	*(*p)++ = t->tid;
}

/* Alive and not a zombie (a leader that exited before its threads). */
static int thread_alive(pid_t tid)
{
	char s = rn_proc_state(tid);
	return s && s != 'Z' && s != 'X';
}

static void scope_attached(rn_bpf *b, const rn_rec_opts *o)
{
	if (!o->npids)
		return;
	/* A thread that ended between the listing and the attach left an entry
	 * that no exit will delete: one that would keep -p recording after the
	 * process is gone, and could one day match a stranger reusing the tid. */
	int n = rn_thr_count();
	pid_t *tids = calloc((size_t)n + 1, sizeof(*tids)), *end = tids;
	if (!tids)
		return;
	rn_thr_each(collect_tid, &end);
	for (pid_t *p = tids; p < end; p++) {
		if (thread_alive(*p))
			continue;
		uint32_t k = (uint32_t)*p;
		bpf_map_delete_elem(bpf_map__fd(rn_bpf_skel(b)->maps.rn_tasks), &k);
		rn_bpf_mark(b, *p, 0);
		rn_thr_del(*p);
	}
	free(tids);
	rn_thr_each(note_blocked, NULL);
}

/* k's call, set up in its thread as entered before recording. */
static void blocked_setup(rn_bpf *b, const rn_rec_opts *o, const blocked *k)
{
	rn_thr *t = rn_thr_get(k->tid);
	if (!t || t->in_sc)
		return;
	t->in_sc = 1;
	t->nr = (uint16_t)k->nr;
	memcpy(t->args, k->args, sizeof(t->args));
	t->ip = k->pc;
	t->sp = k->sp;
	t->t_entry = t_start;
	t->sc_flags = RN_SC_NO_ENTRY;
	t->keep = (uint8_t)rn_bpf_keep(b, (uint64_t)k->nr);
	t->ncap = 0;
	t->blen = 0;
	t->cap_lost = 0;
	/* the entry captures, read now (process_vm_readv: nothing stops) */
	if (t->keep == RN_BPF_KEEP_FULL)
		rn_mem_capture(t, 0, 0, o);
}

/* The exec whose record came last was, for its thread (its id before the
 * exec), a call blocked at the start: kept for rn_bpf_scope_exec_call. */
static blocked exec_blk;

void rn_bpf_scope_saw(rn_bpf *b, const rn_rec_opts *o, const struct rn_bpf_hdr *h)
{
	/* an exec record is the thread's under the id it had (a thread that
	 * exec'd takes its leader's id) */
	pid_t tid = h->type == RN_BPF_EXEC && h->size >= sizeof(struct rn_bpf_proc)
	                ? (pid_t)((const struct rn_bpf_proc *)h)->other
	                : (pid_t)h->tid;
	for (int i = 0; i < nblk; i++)
		if (blk[i].tid == tid) {
			if (h->type == RN_BPF_TEXIT) /* ended (killed) in that call */
				blocked_setup(b, o, &blk[i]);
			if (h->type == RN_BPF_EXEC)
				exec_blk = blk[i];
			blk[i] = blk[--nblk];
			return;
		}
}

int rn_bpf_scope_exec_call(pid_t former, int *nr, uint64_t args[6], uint64_t *pc)
{
	if (!exec_blk.tid || exec_blk.tid != former)
		return 0;
	*nr = exec_blk.nr;
	memcpy(args, exec_blk.args, sizeof(exec_blk.args));
	*pc = exec_blk.pc;
	exec_blk.tid = 0;
	return 1;
}

int rn_bpf_scope_nblocked(void)
{
	return nblk;
}

void rn_bpf_scope_blocked_calls(rn_bpf *b, const rn_rec_opts *o)
{
	for (int i = 0; i < nblk; i++)
		blocked_setup(b, o, &blk[i]);
	free(blk);
	blk = NULL;
	nblk = cblk = 0;
}

/* ---- the start ---- */

int rn_bpf_scope_begin(rn_bpf *b, const rn_rec_opts *o, rn_out *out)
{
	char err[512];
	if (scope_start(b, o, out) < 0) /* printed */
		return -1;
	if (rn_bpf_attach(b, err, sizeof(err)) < 0) {
		rn_rec_err("%s", err);
		return -1;
	}
	rn_bpf_live(b, 1); /* the start: one instant for every program */
	t_start = rn_now_ns();
	deadline = o->duration_ns ? t_start + o->duration_ns : 0;
	scope_attached(b, o);
	if (!o->quiet)
		scope_say(o);
	return 0;
}

/* ---- the end ---- */

static void detach_one(rn_thr *t, void *ctx)
{
	rn_out *out = ctx;
	if (rn_out_failed(out) || !t->pid)
		return;
	rn_proc p = {rn_now_ns(), 0, t->pid, t->tid, 0, 0, RN_PROC_DETACH, 0, NULL, 0};
	rn_chunk_add_proc(rn_out_get(out), &p);
	rn_out_put(out);
}

void rn_bpf_scope_detach(rn_out *out)
{
	rn_thr_each(detach_one, out);
	for (int i = 0; i < nowed; i++)
		if (owed[i].fd >= 0)
			close(owed[i].fd);
	free(owed);
	owed = NULL;
	nowed = 0;
	free(known);
	known = NULL;
	nknown = cknown = 0;
}

uint64_t rn_bpf_scope_lost(rn_bpf *b)
{
	int ncpu = rn_bpf_ncpu(b);
	struct rn_bpf_scope_counts *v = calloc((size_t)ncpu, sizeof(*v));
	uint32_t zero = 0;
	uint64_t sum = 0;
	if (!v)
		return 0;
	if (bpf_map_lookup_elem(bpf_map__fd(rn_bpf_skel(b)->maps.rn_scope_counts), &zero, v) == 0)
		for (int c = 0; c < ncpu; c++)
			sum += v[c].admit_full;
	free(v);
	return sum;
}

/* --cgroup PATH must be a directory of a cgroup v2 file system. */
int rn_bpf_scope_cgroup_ok(const char *path, char *why, size_t n)
{
	struct statfs sf;
	struct stat st;
	if (stat(path, &st) < 0) {
		snprintf(why, n, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode) || statfs(path, &sf) < 0 || sf.f_type != 0x63677270) {
		snprintf(why, n, "%s: not a cgroup v2 directory", path);
		return -1;
	}
	return 0;
}
