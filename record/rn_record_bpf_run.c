/* rn_record_bpf_run.c: a recording with the bpf backend. Loads the program
 * (auto falls back to ptrace, saying why), starts the command held on a pipe
 * until its pid is in rn_tasks and the programs are attached, then drains
 * the rings with a back-off poll (no wake-up per event) until every traced
 * thread is gone. Records are turned into the trace's events as the ptrace
 * loop makes them: an entry and its exit paired per thread (rn_thr), the
 * launched child's calls before its execve ignored, exec data from execve's
 * captured path and argv, fork kinds and clone flags from the parent's call,
 * exits as waitpid would report them. Captures the catalog plans but the
 * kernel side cannot read (iovecs, msghdr...) and the loss counters become
 * Loss events; the last line says what was lost. */
#include "rn_record_bpf.h"

#include "bpf/rn_bpf_scope_abi.h"
#include "rn_record_bpf.skel.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434 /* the same on every architecture */
#endif
#define HOLD_NS     2000000ull /* records younger than this may still have older peers in flight */
#define POLL_MIN_NS 50000L
#define POLL_MAX_NS 10000000L
#define MAXREQ      16

static const rn_rec_opts *O;
static rn_out *OUT;
static rn_bpf *B;
static pid_t launched_pid;
static int launched_ended; /* the launched command's end is in the trace */
static uint64_t reaped_ts; /* when waitpid reported its status (0: it did not) */
static uint16_t arch;
static rn_rec_nrs NR;
static uint64_t lost_caps;
static uint64_t admit_seen; /* rn_bpf_scope_lost so far */
static uint64_t last_ts;    /* of the newest record handled: Loss events get it */
static uint8_t *execbuf;
static size_t execcap;

static int is_exec(int nr)
{
	return nr == NR.execve || nr == NR.execveat;
}

/* An exec of either ABI (nr in rn_thr.nr's form). */
static int is_exec_any(uint16_t nr)
{
	return is_exec(nr) || rn_rec_ia32_exec(nr);
}

/* The active chunk builder, taken once for up to BATCH events: the
 * writer's lock per event cost more than the event itself at a million
 * syscalls a second. Given back at the end of each drain and before
 * anything that takes it itself (rn_maps_scan_at, rn_bpf_maps_rec). */
#define BATCH 256
static rn_chunk_builder *CB;
static unsigned CB_n;

static rn_chunk_builder *builder(void)
{
	if (!CB)
		CB = rn_out_get(OUT);
	return CB;
}

static void builder_release(void)
{
	if (CB) {
		rn_out_put(OUT);
		CB = NULL;
		CB_n = 0;
	}
}

static void builder_done(void)
{
	if (++CB_n >= BATCH)
		builder_release();
}

static void emit_loss(uint64_t time, pid_t pid, pid_t tid, uint64_t count, uint32_t reason)
{
	if (rn_out_failed(OUT))
		return;
	rn_loss l = {time, count, pid, tid, reason};
	rn_chunk_add_loss(builder(), &l);
	builder_done();
}

static void emit_proc(int kind, uint64_t time, pid_t pid, pid_t tid, pid_t other, int status,
                      int flags, uint64_t cflags, const uint8_t *data, uint32_t len)
{
	if (rn_out_failed(OUT))
		return;
	rn_proc p = {time,          cflags,         pid,  tid, other, status,
	             (uint8_t)kind, (uint8_t)flags, data, len};
	rn_chunk_add_proc(builder(), &p);
	builder_done();
}

/* Would the ptrace backend have stored a capture that t lacks? Compares
 * with the catalog's plan for this call (phase 0 and 1). */
static int missing_caps(const rn_thr *t, int64_t ret)
{
	rn_cap_req q[MAXREQ];
	for (int phase = 0; phase < 2; phase++) {
		int n = rn_rec_plan(arch, t, ret, phase, O->strsize, q, MAXREQ);
		for (int i = 0; i < n; i++) {
			int found = 0;
			for (int k = 0; k < t->ncap && !found; k++)
				found = t->caps[k].arg == q[i].arg &&
				        ((t->caps[k].flags & RN_CAPF_EXIT) != 0) == phase;
			if (!found)
				return 1;
		}
	}
	return 0;
}

/* Writes t's current syscall and clears it. */
static void emit_sc(rn_thr *t, uint64_t t_exit, int64_t ret, uint16_t flags)
{
	int emits = t->in_sc && t->keep != RN_KEEP_NONE;
	if (emits && t->keep == RN_KEEP_FULL && !(flags & RN_SC_NO_EXIT) &&
	    rn_bpf_partial(B, t->nr) && missing_caps(t, ret))
		t->cap_lost = 1;
	if (emits && t->keep == RN_KEEP_FULL && !(flags & RN_SC_NO_EXIT) &&
	    rn_bpf_mmsg_short(t, arch, ret, O->strsize))
		t->cap_lost = 1;
	/* (a call entered before recording has no entry stack to lose) */
	if (emits && O->stack && !(t->sc_flags & RN_SC_NO_ENTRY) && rn_bpf_stack_missing(t))
		t->cap_lost = 1;
	lost_caps +=
	    (uint64_t)rn_thr_emit_sc(OUT, emits ? builder() : NULL, t, t_exit, ret, flags, 0);
	if (emits)
		builder_done();
}

/* Copies a record's captures into t. An entry capture read again at exit
 * replaces the unreadable one, unless the call wrote where it was read
 * (rn_bpf_reread_ok; exec_ok: the record ends an exec that succeeded). */
static void add_caps(rn_thr *t, const uint8_t *p, const uint8_t *end, int n, int exec_ok)
{
	int regroup = -1; /* the argument whose entry captures were replaced */
	int cut = -1;     /* an mmsghdr vector's argument whose next element did not fit */
	struct {
		int k;
		rn_capture was;
		uint32_t off;
	} again[RN_BPF_SLOTS]; /* entry captures read at exit, and what they replaced */
	int nagain = 0;
	for (int i = 0; i < n; i++) {
		if (p + sizeof(struct rn_bpf_cap) > end)
			break;
		const struct rn_bpf_cap *c = (const void *)p;
		const uint8_t *data = p + sizeof(*c);
		uint32_t len = c->len;
		if (data + len > end)
			break;
		p = data + ((len + 7) & ~7u);
		int slot = -1;
		if ((c->flags & RN_BPF_CAPF_REGROUP) && c->arg != regroup) {
			/* an IOV or MSGHDR read again: its captures replace the
			 * argument's entry ones */
			int k = 0;
			for (int j = 0; j < t->ncap; j++)
				if (t->caps[j].arg != c->arg || (t->caps[j].flags & RN_CAPF_EXIT)) {
					t->caps[k] = t->caps[j];
					t->capoff[k++] = t->capoff[j];
				}
			t->ncap = k;
			regroup = c->arg;
		}
		/* a call entered before recording: its entry captures, all read
		 * at exit, are new ones */
		int mid = (t->sc_flags & RN_SC_NO_ENTRY) != 0;
		int re = (c->flags & RN_BPF_CAPF_REREAD) && !(c->flags & RN_BPF_CAPF_REGROUP);
		if (re && nagain == RN_BPF_SLOTS)
			continue; /* (a plan has no more) unchecked: left out */
		if (re && !mid) {
			for (int k = 0; k < t->ncap; k++)
				if (t->caps[k].arg == c->arg &&
				    !(t->caps[k].flags & RN_CAPF_EXIT) &&
				    (t->caps[k].flags & RN_CAPF_UNREADABLE))
					slot = k;
			if (slot < 0 || (c->flags & RN_CAPF_UNREADABLE))
				continue;
			again[nagain].was = t->caps[slot];
			again[nagain].off = t->capoff[slot];
		} else if (c->arg == cut) {
			continue;
		} else if ((c->flags & RN_BPF_CAPF_ELEM) && t->ncap + 5 > RN_REC_MAXCAP) {
			t->cap_lost = 1; /* as ptrace: an element only while a msghdr's 5 fit */
			cut = c->arg;
			continue;
		} else if (t->ncap >= RN_REC_MAXCAP) {
			t->cap_lost = 1;
			continue;
		}
		char link[64];
		uint8_t kind = c->kind;
		uint16_t flags = c->flags & (RN_CAPF_EXIT | RN_CAPF_TRUNCATED | RN_CAPF_UNREADABLE |
		                             RN_CAPF_W32 | RN_CAPF_ARGS32);
		if (kind == RN_BPF_CAP_FDINO) { /* the /proc link text, as readlink gives it */
			const struct rn_bpf_fdino *d = (const void *)data;
			int n = 0;
			if (len == sizeof(*d) && S_ISFIFO(d->mode))
				n = snprintf(link, sizeof(link), "pipe:[%llu]", d->ino);
			else if (len == sizeof(*d) && S_ISSOCK(d->mode))
				n = snprintf(link, sizeof(link), "socket:[%llu]", d->ino);
			if (n <= 0 || (flags & RN_CAPF_UNREADABLE)) {
				n = 0;
				flags |= RN_CAPF_UNREADABLE;
			}
			data = (const uint8_t *)link;
			len = (uint32_t)n;
			kind = RN_CAP_STRING;
			flags |= RN_CAPF_FDLINK;
		}
		long off = rn_thr_reserve(t, len);
		if (off < 0) {
			t->cap_lost = 1;
			continue;
		}
		if (len)
			memcpy(t->buf + off, data, len);
		t->blen = (size_t)off + len;
		if (slot < 0)
			slot = t->ncap++;
		rn_capture *rc = &t->caps[slot];
		memset(rc, 0, sizeof(*rc));
		rc->addr = c->addr;
		rc->len = len;
		rc->orig_len =
		    kind == RN_CAP_STRING && (flags & RN_CAPF_FDLINK) ? len : c->orig_len;
		rc->kind = kind;
		rc->arg = c->arg;
		rc->flags = flags;
		t->capoff[slot] = (uint32_t)off;
		if (re) {
			if (mid) { /* nothing read at entry: unreadable if not kept */
				again[nagain].was = *rc;
				again[nagain].was.len = 0;
				again[nagain].was.flags |= RN_CAPF_UNREADABLE;
				again[nagain].off = (uint32_t)off;
			}
			again[nagain++].k = slot;
		}
	}
	for (int i = 0; i < nagain; i++)
		if (!rn_bpf_reread_ok(t, again[i].k, exec_ok)) {
			t->caps[again[i].k] = again[i].was; /* unreadable, as at entry */
			t->capoff[again[i].k] = again[i].off;
		}
}

/* Starts thread tid's call (t: its rn_thr when the caller has it);
 * NULL when it is not recorded (the launched child before its execve). */
static rn_thr *sc_begin(rn_thr *t, const struct rn_bpf_hdr *h, uint64_t nr,
                        const unsigned long long *args, uint64_t ip, uint64_t t_entry)
{
	if (!t)
		t = rn_thr_add((pid_t)h->tid);
	if (!t)
		return NULL;
	if (!t->pid)
		t->pid = (pid_t)h->tgid;
	if (t->in_sc) /* its exit was lost (counted), or it never came */
		emit_sc(t, 0, 0, RN_SC_NO_EXIT);
	if (t->pre_exec) {
		if (!is_exec((int)nr))
			return NULL;
		t->pre_exec = 0;
	}
	t->nr = rn_bpf_thr_nr(nr);
	memcpy(t->args, args, sizeof(t->args));
	t->ip = ip;
	t->t_entry = t_entry;
	t->in_sc = 1;
	t->ncap = 0;
	t->blen = 0;
	t->sc_flags = 0;
	t->cap_lost = 0;
	t->keep =
	    (uint8_t)(t->nr & RN_REC_NR_IA32 ? rn_rec_keep_ia32(O, t->nr) : rn_bpf_keep(B, nr));
	return t;
}

static void on_enter(const struct rn_bpf_enter *e)
{
	rn_thr *t = sc_begin(NULL, &e->h, e->nr, e->args, e->ip, e->h.ts);
	if (t)
		add_caps(t, (const uint8_t *)(e + 1), (const uint8_t *)e + e->h.size, e->h.ncap, 0);
}

/* The call a thread was inside of when recording started (-p, -a,
 * --cgroup): entered no later than that moment; its entry captures come
 * with its exit. */
static void on_midenter(const struct rn_bpf_enter *e)
{
	rn_thr *x = rn_thr_get((pid_t)e->h.tid);
	if (x && x->in_sc && (x->sc_flags & RN_SC_NO_ENTRY) && is_exec(x->nr) &&
	    is_exec((int)e->nr)) {
		/* begun at its exec event (on_exec) as an execve: an execveat's
		 * path, argv and envp are its arguments 1 to 3 (begun as an
		 * execveat, from /proc under -p: that number is the entry's, the
		 * exit's is not always) */
		if ((int)e->nr == NR.execveat && x->nr == NR.execve) {
			for (int k = 0; k < x->ncap; k++)
				x->caps[k].arg++;
			x->nr = (uint16_t)e->nr;
		}
		return;
	}
	on_enter(e);
	rn_thr *t = rn_thr_get((pid_t)e->h.tid);
	if (t && t->in_sc) {
		t->t_entry = rn_bpf_scope_t0();
		t->sc_flags |= RN_SC_NO_ENTRY;
	}
}

static int is_restart(int64_t r)
{
	return r == -512 || r == -513 || r == -514 || r == -516;
}

/* x's captures start at caps (after rn_bpf_exit, or rn_bpf_call); t as
 * in sc_begin. */
static void sc_end(rn_thr *t, const struct rn_bpf_exit *x, const uint8_t *caps)
{
	if (!t)
		t = rn_thr_get((pid_t)x->h.tid);
	/* an exec's exit has the new program's ABI: either ends either */
	int exec_pair = t && t->in_sc && is_exec_any(t->nr) && is_exec_any(rn_bpf_thr_nr(x->nr));
	if (!t || !t->in_sc || (t->nr != rn_bpf_thr_nr(x->nr) && !exec_pair))
		return; /* its entry was not seen (before exec, or before attaching) */
	add_caps(t, caps, (const uint8_t *)x + x->h.size, x->h.ncap, exec_pair && x->ret == 0);
	if (is_restart(x->ret)) {
		/* Kept until the thread's next event: if that is its death (a
		 * SIGKILL), the call never returned, as ptrace reports it. */
		t->held = 1;
		t->held_ret = x->ret;
		t->held_ts = x->h.ts;
		return;
	}
	int nr = t->nr;
	uint64_t prot = t->args[2], fd = t->args[4];
	pid_t pid = t->pid;
	emit_sc(t, x->h.ts, x->ret, 0);
	if (x->ret < 0 || rn_out_failed(OUT))
		return;
	if (O->stack) /* the kernel side sent them (RN_BPF_MAP_REC) */
		return;
	/* Mappings, read from /proc as the ptrace backend does; the process
	 * has run on meanwhile, so this is best effort. */
	int exec = is_exec_any((uint16_t)nr);
	if (!exec && !((nr == NR.mmap && (prot & PROT_EXEC) && (int)fd >= 0) ||
	               (nr == NR.mprotect && (prot & PROT_EXEC))))
		return;
	builder_release(); /* rn_maps_scan_at takes it */
	rn_maps_scan_at(OUT, pid, exec, x->h.ts);
}

static void on_exit_rec(const struct rn_bpf_exit *x)
{
	sc_end(NULL, x, (const uint8_t *)(x + 1));
}

/* Per syscall number below RN_BPF_NR_MAX: non-zero when its calls may
 * take call_quick's path: kept whole, every capture the plan asks for
 * read in the kernel, nothing its end adds (an exec, mappings to read, an
 * mmsghdr vector to check, --stack). Filled once, before recording. */
static uint8_t quick_nr[RN_BPF_NR_MAX];

static void quick_fill(void)
{
	for (uint32_t nr = 0; nr < RN_BPF_NR_MAX; nr++)
		quick_nr[nr] = !O->stack && rn_bpf_keep(B, nr) == RN_KEEP_FULL &&
		               !rn_bpf_partial(B, nr) && !is_exec((int)nr) && (int)nr != NR.mmap &&
		               (int)nr != NR.mprotect && !rn_bpf_mmsg_nr(arch, nr);
}

/* The common call (a getppid loop's): no captures, a number quick_nr
 * allows, its thread in no special state, not a restart: its event
 * straight from the record, as sc_begin, sc_end and emit_sc would write
 * it, without passing through the thread's state. 0: not such a call. */
static int call_quick(rn_thr *t, const struct rn_bpf_call *c)
{
	uint64_t nr = c->nr;
	if (nr >= RN_BPF_NR_MAX || !quick_nr[nr] || c->h.ncap || (t->in_sc | t->pre_exec) ||
	    !t->pid || t->sc_tid || is_restart(c->ret) || rn_out_failed(OUT))
		return 0;
	/* the arguments one by one: a memcpy here became a rep movs, slow to
	 * start for 48 bytes */
	const unsigned long long *a = c->args;
	rn_syscall sc = {c->t_entry, c->h.ts,      {a[0], a[1], a[2], a[3], a[4], a[5]},
	                 c->ret,     c->ip,        t->pid,
	                 t->tid,     (uint16_t)nr, 0,
	                 0,          NULL};
	rn_chunk_add_syscall(builder(), &sc, NULL, 0);
	builder_done();
	return 1;
}

/* A call written whole at its exit (no entry captures); t: its thread's
 * rn_thr, or NULL. */
static void on_call(const struct rn_bpf_call *c, rn_thr *t)
{
	if (t && call_quick(t, c))
		return;
	if ((t = sc_begin(t, &c->h, c->nr, c->args, c->ip, c->t_entry)))
		sc_end(t, (const struct rn_bpf_exit *)c, (const uint8_t *)(c + 1));
}

/* clone flags and the Proc kind of the parent's current call, as ptrace
 * reports them (PTRACE_EVENT_VFORK, _CLONE or _FORK). When that call's
 * entry was not seen (lost to a full ring, and counted; or -p/-a started
 * inside it) the kind comes from the child the kernel made (p): CLONE for
 * a thread or an exit signal other than SIGCHLD, VFORK for a process
 * sharing its parent's memory, and the flags stay 0. */
static int fork_kind(const rn_thr *t, const struct rn_bpf_proc *p, uint64_t *cf)
{
	uint64_t f = 0, sig = 17;
	int seen =
	    t && t->in_sc &&
	    (t->nr == NR.fork || t->nr == NR.vfork || t->nr == NR.clone || t->nr == NR.clone3);
	if (seen) {
		if (t->nr == NR.fork)
			f = 17;
		else if (t->nr == NR.vfork)
			f = 0x4000 | 0x100 | 17;
		else if (t->nr == NR.clone)
			f = t->args[0];
		else
			for (int k = 0; k < t->ncap; k++)
				if (t->caps[k].arg == 0 && t->caps[k].len >= 40) {
					memcpy(&f, t->buf + t->capoff[k], 8);
					memcpy(&sig, t->buf + t->capoff[k] + 32, 8);
				}
		if (t->nr != NR.clone3)
			sig = f & 0xff;
	}
	*cf = f;
	if (!seen)
		return p->flags & RN_BPF_PF_SHARED_VM ? RN_PROC_VFORK
		       : p->status != 17              ? RN_PROC_CLONE
		                                      : RN_PROC_FORK;
	if (f & 0x4000) /* CLONE_VFORK */
		return RN_PROC_VFORK;
	return sig != 17 ? RN_PROC_CLONE : RN_PROC_FORK;
}

/* Processes whose end was written lately. Threads of a group dying at
 * once on several CPUs can each see the group's live count at 0 in
 * sched_process_exit (it is read after every one of them decremented it),
 * so more than one exit record may say "group dead": the process's end is
 * written for the first only. A pid forked again leaves the list. */
static pid_t ended[64];
static unsigned ended_next;

static int ended_seen(pid_t pid)
{
	for (unsigned i = 0; i < sizeof(ended) / sizeof(ended[0]); i++)
		if (ended[i] == pid)
			return 1;
	return 0;
}

static void ended_forget(pid_t pid)
{
	for (unsigned i = 0; i < sizeof(ended) / sizeof(ended[0]); i++)
		if (ended[i] == pid)
			ended[i] = 0;
}

static void on_fork(const struct rn_bpf_proc *p)
{
	rn_thr *t = rn_thr_get((pid_t)p->h.tid);
	uint64_t cf;
	int kind = fork_kind(t, p, &cf);
	rn_thr *c = rn_thr_add((pid_t)p->other); /* may move t */
	if (c)
		c->pid = (pid_t)p->other_tgid;
	if (p->other == p->other_tgid) { /* a new process: its fork is its identity */
		rn_bpf_scope_known((pid_t)p->other);
		ended_forget((pid_t)p->other);
	}
	emit_proc(kind, p->h.ts, (pid_t)p->h.tgid, (pid_t)p->h.tid, (pid_t)p->other, 0, 0, cf, NULL,
	          0);
}

/* exec data: path NUL argv0 NUL argv1 ... from execve's captures. */
static uint32_t exec_data(const rn_thr *t)
{
	int patharg = t->nr == NR.execveat ? 1 : 0;
	size_t need = 1;
	for (int k = 0; k < t->ncap; k++)
		need += t->caps[k].len + 1;
	if (need > execcap) {
		uint8_t *n = realloc(execbuf, need);
		if (!n)
			return 0;
		execbuf = n;
		execcap = need;
	}
	size_t len = 0;
	for (int pass = 0; pass < 2; pass++)
		for (int k = 0; k < t->ncap; k++) {
			const rn_capture *c = &t->caps[k];
			int want = pass == 0 ? c->kind == RN_CAP_STRING && c->arg == patharg
			                     : c->kind == RN_CAP_ARGV && c->arg == patharg + 1;
			if (!want)
				continue;
			if (c->len)
				memcpy(execbuf + len, t->buf + t->capoff[k], c->len);
			len += c->len;
			execbuf[len++] = 0;
		}
	return len ? (uint32_t)len - 1 : 0;
}

/* Entry captures of exec's path, argv and envp (args a, a+1, a+2) that
 * could not be read whole at entry (a page not faulted in, more strings
 * than the entry reads) take the exec record's (rn_exec): the file name,
 * the argv the kernel copied to the new stack, the environment count. */
static void exec_fill(rn_thr *t, const struct rn_bpf_proc *p)
{
	int a = t->nr == NR.execveat ? 1 : 0;
	const uint8_t *q = (const uint8_t *)(p + 1), *end = (const uint8_t *)p + p->h.size;
	for (int i = 0; i < p->h.ncap && q + sizeof(struct rn_bpf_cap) <= end; i++) {
		const struct rn_bpf_cap *c = (const void *)q;
		const uint8_t *data = q + sizeof(*c);
		q = data + ((c->len + 7) & ~7u);
		if ((c->flags & RN_CAPF_UNREADABLE) || data + c->len > end || c->arg > 2)
			continue;
		int arg = a + c->arg, k;
		for (k = 0; k < t->ncap; k++)
			if (t->caps[k].arg == arg && t->caps[k].kind == c->kind)
				break;
		if (k < t->ncap && !(t->caps[k].flags & (RN_CAPF_UNREADABLE | RN_CAPF_TRUNCATED)))
			continue;
		if (k == t->ncap && t->ncap >= RN_REC_MAXCAP)
			continue;
		long off = rn_thr_reserve(t, c->len);
		if (off < 0)
			continue;
		if (c->len)
			memcpy(t->buf + off, data, c->len);
		t->blen = (size_t)off + c->len;
		if (k == t->ncap) {
			t->ncap++;
			memset(&t->caps[k], 0, sizeof(t->caps[k]));
			t->caps[k].addr = t->args[arg];
			t->caps[k].kind = c->kind;
			t->caps[k].arg = (uint8_t)arg;
		}
		t->caps[k].len = c->len;
		t->caps[k].orig_len = c->orig_len;
		t->caps[k].flags &= (uint16_t) ~(RN_CAPF_UNREADABLE | RN_CAPF_TRUNCATED);
		t->capoff[k] = (uint32_t)off;
	}
}

static void on_exec(const struct rn_bpf_proc *p)
{
	pid_t tid = (pid_t)p->h.tid, former = (pid_t)p->other;
	if (former != tid) {
		/* A thread exec'd and took the leader's tid; the leader's own
		 * call never returns. */
		rn_thr *l = rn_thr_get(tid);
		if (l && l->in_sc)
			emit_sc(l, 0, 0, RN_SC_NO_EXIT);
		rn_thr *t = rn_thr_add(tid);
		rn_thr *f = rn_thr_get(former);
		if (t && f) {
			rn_thr tmp = *t;
			*t = *f;
			t->tid = tid;
			if (t->in_sc && !t->sc_tid) /* the execve stays the caller's */
				t->sc_tid = former;
			f->buf = tmp.buf;
			f->bcap = tmp.bcap;
			f->exec = tmp.exec;
			f->exec_cap = tmp.exec_cap;
			rn_thr_del(former);
		}
	}
	rn_thr *t = rn_thr_add(tid);
	if (!t)
		return;
	t->pid = tid;
	t->pre_exec = 0;
	uint32_t len = 0;
	if (t->in_sc && is_exec_any(t->nr)) {
		exec_fill(t, p);
		len = exec_data(t);
	} else if (!t->in_sc && rn_bpf_scope_on(O)) {
		/* execve entered before recording started (-p, -a, --cgroup): the
		 * call begins here, as one in progress; the registers at its exit
		 * are the new program's, so its arguments are what the exec
		 * record holds (file name, argv, envp's count), pointers unknown
		 * (0), never the new image's values; under -p, the number and
		 * arguments /proc showed at the start (an execveat's descriptor
		 * and flags, the old image's pointers) */
		unsigned long long a[6] = {0, 0, 0, 0, 0, 0};
		uint64_t b[6], pc = 0;
		int nr = NR.execve, bnr;
		if (rn_bpf_scope_exec_call(former, &bnr, b, &pc) && is_exec(bnr)) {
			nr = bnr;
			for (int i = 0; i < 6; i++)
				a[i] = b[i];
		} else {
			pc = 0;
		}
		if (sc_begin(t, &p->h, (uint64_t)nr, a, pc, rn_bpf_scope_t0())) {
			t->sc_flags |= RN_SC_NO_ENTRY;
			exec_fill(t, p);
			len = exec_data(t);
		}
	}
	emit_proc(RN_PROC_EXEC, p->h.ts, tid, tid, former != tid ? former : 0, 0, 0, 0, execbuf,
	          len);
}

/* A process's end (CODE in waitpid's form), written once. Another thread
 * can see the group dead before the leader's own exit record arrives (the
 * leader's exit_group, or the call it was in, comes after): the leader's
 * call ends unfinished here, as its record would have ended it, before its
 * state goes. T: the thread whose record says so (NULL: none). */
static void group_end(pid_t pid, const rn_thr *t, uint64_t ts, int code)
{
	int killed = (code & 0x7f) != 0;
	int status = killed ? code & 0x7f : (code >> 8) & 0xff;
	int core = killed && (code & 0x80) ? RN_PROCF_CORE : 0;
	rn_thr *lt = rn_thr_get(pid);
	if (lt && lt != t && lt->in_sc)
		emit_sc(lt, 0, 0, RN_SC_NO_EXIT);
	ended[ended_next++ % (sizeof(ended) / sizeof(ended[0]))] = pid;
	if (pid == launched_pid)
		launched_ended = 1;
	emit_proc(killed ? RN_PROC_KILLED : RN_PROC_EXIT, ts, pid, pid, 0, status, core, 0, NULL,
	          0);
	rn_maps_forget(pid);
	rn_bpf_scope_forget(pid);
	rn_thr_del(pid);
}

static void on_thread_exit(const struct rn_bpf_proc *p)
{
	pid_t tid = (pid_t)p->h.tid, pid = (pid_t)p->h.tgid;
	int dead = (p->flags & RN_BPF_PF_GROUP_DEAD) != 0;
	if (p->flags & RN_BPF_PF_UNTRACED) { /* only its process's end is ours */
		if (dead && !ended_seen(pid))
			group_end(pid, NULL, p->h.ts, (int)p->other);
		return;
	}
	rn_thr *t = rn_thr_get(tid);
	if (t && t->in_sc)
		emit_sc(t, 0, 0, RN_SC_NO_EXIT);
	int code = p->status, killed = (code & 0x7f) != 0;
	int status = killed ? code & 0x7f : (code >> 8) & 0xff;
	int core = killed && (code & 0x80) ? RN_PROCF_CORE : 0;
	/* As waitpid reports it: a thread's end at once, the leader's when the
	 * whole group is gone, with the process's status (the kernel's: not
	 * always this thread's). */
	if (tid != pid) /* a thread of a killed group: killed too (status = signal) */
		emit_proc(RN_PROC_THREAD_EXIT, p->h.ts, pid, tid, 0, status,
		          core | (killed ? RN_PROCF_SIGNALED : 0), 0, NULL, 0);
	if (dead && !ended_seen(pid))
		group_end(pid, t, p->h.ts, (int)p->other);
	if (tid != pid || dead)
		rn_thr_del(tid);
}

static void on_signal(const struct rn_bpf_signal *r)
{
	rn_thr *t = rn_thr_get((pid_t)r->h.tid);
	if (t && r->signo > 0 && r->signo < 256) {
		t->last_sig = (uint8_t)r->signo;
		t->last_sig_ts = r->h.ts;
	}
	if (rn_out_failed(OUT))
		return;
	uint8_t info[128];
	memset(info, 0, sizeof(info));
	memcpy(info, r->info, sizeof(r->info) < sizeof(info) ? sizeof(r->info) : sizeof(info));
	rn_signal s = {r->h.ts, (int32_t)r->h.tgid, (int32_t)r->h.tid, r->signo, r->code,
	               info,    sizeof(info)};
	rn_chunk_add_signal(builder(), &s);
	builder_done();
}

static void on_record(const struct rn_bpf_hdr *h, void *ctx)
{
	(void)ctx;
	if (h->ts > last_ts)
		last_ts = h->ts;
	if (rn_bpf_scope_nblocked())
		rn_bpf_scope_saw(B, O, h);
	rn_thr *t = rn_thr_get((pid_t)h->tid);
	if (t && t->held) {
		/* The call returned to be restarted, and the thread died next:
		 * SIGKILL, under ptrace too, ends the call unseen; another
		 * signal sent to this thread during the call and killing it
		 * comes (under ptrace) after the call's exit. */
		t->held = 0;
		int sig = h->type == RN_BPF_TEXIT && h->size >= sizeof(struct rn_bpf_proc)
		              ? ((const struct rn_bpf_proc *)h)->status & 0x7f
		              : -1;
		if (sig < 0 ||
		    (sig != SIGKILL && sig == t->last_sig && t->last_sig_ts >= t->t_entry))
			emit_sc(t, t->held_ts, t->held_ret, RN_SC_RESTARTED);
	}
	switch (h->type) {
	case RN_BPF_ENTER:
		if (h->size >= sizeof(struct rn_bpf_enter))
			on_enter((const struct rn_bpf_enter *)h);
		break;
	case RN_BPF_EXIT:
		if (h->size >= sizeof(struct rn_bpf_exit))
			on_exit_rec((const struct rn_bpf_exit *)h);
		break;
	case RN_BPF_CALL:
		if (h->size >= sizeof(struct rn_bpf_call))
			on_call((const struct rn_bpf_call *)h, t);
		break;
	case RN_BPF_FORK:
		on_fork((const struct rn_bpf_proc *)h);
		break;
	case RN_BPF_EXEC:
		on_exec((const struct rn_bpf_proc *)h);
		break;
	case RN_BPF_TEXIT:
		on_thread_exit((const struct rn_bpf_proc *)h);
		break;
	case RN_BPF_SIGNAL:
		on_signal((const struct rn_bpf_signal *)h);
		break;
	case RN_BPF_STACK_REC:
		rn_bpf_stack_add(t, h);
		break;
	case RN_BPF_MAP_REC:
		builder_release(); /* it takes the builder itself */
		rn_bpf_maps_rec(OUT, h);
		break;
	case RN_BPF_SEEN:
		builder_release(); /* it takes the builder itself */
		if (h->size >= sizeof(struct rn_bpf_seen))
			rn_bpf_scope_seen((const struct rn_bpf_seen *)h, OUT);
		break;
	case RN_BPF_MIDENTER:
		if (h->size >= sizeof(struct rn_bpf_enter))
			on_midenter((const struct rn_bpf_enter *)h);
		break;
	default:
		break;
	}
}

/* Turns counter increases into Loss events. */
static void account_losses(struct rn_bpf_counters *seen)
{
	struct rn_bpf_counters now;
	rn_bpf_counters_sum(B, &now);
	uint64_t t = last_ts ? last_ts : rn_now_ns();
	uint64_t full = now.ring_full + now.no_ring - seen->ring_full - seen->no_ring;
	if (full)
		emit_loss(t, launched_pid, 0, full, RN_LOSS_BUFFER_FULL);
	if (now.too_large - seen->too_large)
		emit_loss(t, launched_pid, 0, now.too_large - seen->too_large, RN_LOSS_LIMIT);
	if (now.proc_full - seen->proc_full)
		emit_loss(t, launched_pid, 0, now.proc_full - seen->proc_full, RN_LOSS_BUFFER_FULL);
	if (now.map_full - seen->map_full)
		emit_loss(t, launched_pid, 0, now.map_full - seen->map_full, RN_LOSS_LIMIT);
	*seen = now;
	if (!O->all && !O->cgroup)
		return;
	uint64_t admit = rn_bpf_scope_lost(B);
	if (admit > admit_seen) /* -a/--cgroup: calls of threads the table could not hold */
		emit_loss(t, 0, 0, admit - admit_seen, RN_LOSS_LIMIT);
	admit_seen = admit;
}

/* The descriptors the held child will keep across its exec (those without
 * close-on-exec), for -y: its /proc fd links and fdinfo flags. */
static void emit_inherited_fds(pid_t pid)
{
	char dp[64];
	snprintf(dp, sizeof(dp), "/proc/%d/fd", (int)pid);
	DIR *d = opendir(dp); /* only the open ones: probing 1024 numbers cost ~5 ms */
	struct dirent *de;
	while (d && (de = readdir(d))) {
		char lp[64], target[4096], line[128];
		if (de->d_name[0] < '0' || de->d_name[0] > '9')
			continue;
		int fd = atoi(de->d_name);
		snprintf(lp, sizeof(lp), "/proc/%d/fdinfo/%d", (int)pid, fd);
		FILE *f = fopen(lp, "re");
		if (!f)
			continue;
		unsigned long flags = 0;
		while (fgets(line, sizeof(line), f))
			if (sscanf(line, "flags: %lo", &flags) == 1)
				break;
		fclose(f);
		if (flags & O_CLOEXEC)
			continue;
		snprintf(lp, sizeof(lp), "/proc/%d/fd/%d", (int)pid, fd);
		ssize_t k = readlink(lp, target, sizeof(target));
		if (k < 0)
			continue;
		rn_fdinfo fi = {pid, fd, target, (uint32_t)k};
		rn_chunk_add_fdinfo(builder(), &fi);
		builder_done();
	}
	if (d)
		closedir(d);
}

static int exit_code(int st)
{
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return 1;
}

/* Calls entered while recording that had not returned when it stopped
 * (-p, -a, --cgroup: threads still running): a call without entry
 * captures waits for its exit in the thread's rn_tasks entry (pending),
 * with no record yet. Set up here, to be written unfinished, as the
 * ptrace backend writes a call blocked at detach. */
static void pending_calls(void)
{
	uint32_t tid = 0;
	struct rn_bpf_task v;
	while (rn_bpf_task_next(B, &tid, &v) == 0) {
		if (!v.pending)
			continue;
		rn_thr *t = rn_thr_get((pid_t)tid);
		if (t && t->held) { /* the call before, interrupted: it came first */
			t->held = 0;
			emit_sc(t, t->held_ts, t->held_ret, RN_SC_RESTARTED);
		}
		struct rn_bpf_hdr h;
		memset(&h, 0, sizeof(h));
		h.tid = tid;
		h.tgid = v.tgid;
		sc_begin(t, &h, v.nr, v.args, v.ip, v.ts);
	}
}

static void flush_unfinished(rn_thr *t, void *ctx)
{
	(void)ctx;
	if (t->held) {
		t->held = 0;
		emit_sc(t, t->held_ts, t->held_ret, RN_SC_RESTARTED);
	}
	if (t->in_sc)
		emit_sc(t, 0, 0, RN_SC_NO_EXIT);
}

void rn_bpf_note_backend(rn_rec_opts *o, const char *name)
{
	const char *last = NULL;
	for (const char *p = o->options; (p = strstr(p, "--backend=")); p++)
		last = p + strlen("--backend=");
	size_t n = strlen(name);
	if (last && !strncmp(last, name, n) && (last[n] == ' ' || last[n] == 0))
		return;
	size_t l = strlen(o->options);
	snprintf(o->options + l, sizeof(o->options) - l, "%s--backend=%s", l ? " " : "", name);
}

void rn_bpf_live(rn_bpf *b, int on)
{
	/* .bss is mapped: one store, seen by the next program run on any CPU */
	__atomic_store_n(&rn_bpf_skel(b)->bss->rn_live, on ? 1u : 0u, __ATOMIC_SEQ_CST);
}

/* Drains until every traced thread is gone (a launched command: pid), or
 * the scope says stop (-p, -a, --cgroup: pid 0); returns the launched
 * program's wait status. Between drains it sleeps: HOLD_NS / 2 while
 * records come (what is younger than HOLD_NS waits anyway; draining at
 * once would take a few records a pass and spin a CPU), longer and longer
 * up to POLL_MAX_NS when none do, not at all while a ring is more than an
 * eighth full. The program's end wakes it at once (a pidfd). */
static int record(rn_rings *rings, pid_t pid, uint64_t ring_bytes)
{
	struct rn_bpf_counters seen;
	memset(&seen, 0, sizeof(seen));
	long sleep_ns = POLL_MIN_NS;
	int st = 0, reaped = 0;
	/* Linux 5.3; else plain sleeps (and for the scopes: nothing to wait for) */
	int pidfd = pid > 0 ? (int)syscall(SYS_pidfd_open, pid, 0) : -1;
	for (;;) {
		uint64_t now = rn_now_ns();
		int last = pid ? reaped && !rn_bpf_tracing(B) : rn_bpf_scope_over(B, O, now);
		long n = rn_rings_drain(rings, last ? UINT64_MAX : now - HOLD_NS, on_record, NULL);
		account_losses(&seen);
		builder_release();
		if (last)
			break;
		if (pid && !reaped) {
			pid_t w = waitpid(pid, &st, WNOHANG);
			if (w == pid || (w < 0 && errno == ECHILD)) {
				reaped = 1;
				if (w == pid)
					reaped_ts = rn_now_ns();
				rn_bpf_times_mark("reaped"); /* the program has ended */
				continue;                    /* the last drain may be due at once */
			}
		}
		if (n == 0) {
			sleep_ns = sleep_ns * 2 > POLL_MAX_NS ? POLL_MAX_NS : sleep_ns * 2;
		} else {
			sleep_ns = POLL_MIN_NS;
			if (rn_rings_pending(rings) > ring_bytes / 8)
				continue;
		}
		struct timespec ts = {0, n ? (long)(HOLD_NS / 2) : sleep_ns};
		if (pidfd >= 0 && !reaped) { /* woken at once when the program ends */
			struct pollfd pfd = {pidfd, POLLIN, 0};
			ppoll(&pfd, 1, &ts, NULL);
		} else {
			nanosleep(&ts, NULL);
		}
	}
	if (pidfd >= 0)
		close(pidfd);
	rn_bpf_live(B, 0); /* the stop: one instant for every program */
	rn_bpf_detach(B);
	rn_rings_drain(rings, UINT64_MAX, on_record, NULL);
	account_losses(&seen);
	builder_release();
	return st;
}

int rn_bpf_main(rn_rec_opts *o, rn_header *h)
{
	char why[512];
	const char *unsup = rn_bpf_unsupported(o);
	int scope = rn_bpf_scope_on(o);
	/* -a, --cgroup and --duration have no ptrace form: they need bpf */
	int must = o->backend == RN_BACKEND_BPF || o->all || o->cgroup || o->duration_ns;
	const char *what =
	    must && o->backend != RN_BACKEND_BPF ? rn_bpf_scope_name(o) : "--backend=bpf";
	if (unsup && must) {
		rn_rec_err("%s: %s is not supported yet%s", what, unsup,
		           o->backend == RN_BACKEND_BPF && !scope ? " (use --backend=ptrace)" : "");
		return 2;
	}
	if (scope && !unsup)
		rn_bpf_scope_signals();
	rn_bpf *b = unsup ? NULL : rn_bpf_open(o, why, sizeof(why));
	if (!b) {
		if (must) {
			rn_rec_err("%s: %s", what, why);
			return 1;
		}
		if (!o->quiet && unsup)
			rn_rec_err("using ptrace: the bpf backend does not support %s yet", unsup);
		else if (!o->quiet)
			rn_rec_err("using ptrace: bpf %s", why);
		rn_bpf_note_backend(o, "ptrace");
		return -1;
	}
	B = b;
	O = o;
	rn_rec_nrs_lookup(&NR);
	arch = rn_arch_native();
	rn_bpf_note_backend(o, "bpf");
	quick_fill();
	h->options = o->options;
	uint64_t rb = rn_bpf_ring_bytes(o, rn_bpf_ncpu(b));
	rn_rings *rings = rn_rings_open(b, rb, why, sizeof(why));
	rn_bpf_times_mark("rings_map");
	int go = -1, shed = -1;
	pid_t pid = rings && !scope ? rn_launch_held(o, NULL, 0, &shed, &go) : 0;
	rn_bpf_times_mark("fork");
	if (!rings)
		rn_rec_err("%s: %s", what, why);
	if (!rings || pid < 0) {
		rn_rings_close(rings);
		rn_bpf_close(b);
		return 1;
	}
	char err[512];
	if (!scope) {
		launched_pid = pid;
		rn_launch_forward_signals(pid);
		h->pid = pid;
	}
	rn_out *out = rn_out_open(o, h, NULL, err, sizeof(err));
	rn_bpf_times_mark("out_open");
	if (scope) {
		OUT = out;
		if (!out)
			rn_rec_err("%s", err);
		if (!out || rn_bpf_scope_begin(b, o, out) < 0) { /* printed */
			if (out)
				rn_out_close(out);
			rn_thr_free_all();
			rn_maps_free();
			rn_rings_close(rings);
			rn_bpf_close(b);
			return 1;
		}
	} else {
		/* the child's closing of its close-on-exec descriptors is over
		 * (done beside the output file's opening): none of those calls
		 * is recorded, not even as one before the exec */
		rn_launch_shed_wait(shed);
		int traced = out ? rn_bpf_trace(b, pid, pid) : -1;
		if (out && traced < 0) /* (task storage: through a pidfd) */
			snprintf(err, sizeof(err),
			         "cannot add the command to the traced threads: %s",
			         strerror(errno));
		if (traced < 0 || rn_bpf_attach(b, err, sizeof(err)) < 0) {
			rn_rec_err("%s", err);
			rn_launch_abort(pid, go);
			if (out)
				rn_out_close(out);
			rn_rings_close(rings);
			rn_bpf_close(b);
			return 1;
		}
		rn_bpf_live(b, 1);
		OUT = out;
		rn_thr *t = rn_thr_add(pid);
		if (t) {
			t->pid = pid;
			t->pre_exec = 1;
		}
		rn_bpf_times_mark("attach");
		emit_inherited_fds(pid);
		builder_release();
		rn_bpf_times_mark("fds");
		rn_launch_go(go); /* the program runs from here */
	}
	int st = record(rings, pid, rb);
	rn_bpf_times_mark("run");
	/* (a launched command's recording ends when no thread is left in
	 * rn_tasks, and nothing adds one after that: not looked for again, a
	 * walk of all 65,536 buckets of the empty table, ~0.2 ms) */
	if (scope) {
		pending_calls();
		rn_bpf_scope_blocked_calls(b, o);
	} else if (!launched_ended && reaped_ts && !rn_out_failed(OUT)) {
		/* No record said the group is dead: without -f the thread that
		 * died last can be one not traced (exit_group with threads still
		 * running), or the record was lost to a full ring (counted). The
		 * end is what waitpid said, when it said it (nothing when it
		 * gave no status: ECHILD). */
		group_end(pid, NULL, reaped_ts > last_ts ? reaped_ts : last_ts, st);
		builder_release();
	}
	rn_thr_each(flush_unfinished, NULL);
	builder_release(); /* rn_bpf_scope_detach takes it itself */
	if (scope)
		rn_bpf_scope_detach(out);
	/* every event is in: the last chunk is written while the rest is
	 * taken down (rings, programs, maps: ~0.3 ms) */
	rn_out_finish(out);
	rn_thr_free_all();
	rn_maps_free();
	struct rn_bpf_counters c;
	rn_bpf_counters_sum(b, &c);
	rn_bpf_times_mark("flush");
	int unread = rn_rings_failed(rings);
	rn_rings_close(rings);
	rn_bpf_times_mark("rings_unmap");
	rn_bpf_close(b);
	rn_bpf_times_mark("bpf_close");
	int failed = rn_out_failed(out);
	if (rn_out_close(out) < 0)
		failed = 1;
	rn_bpf_times_mark("out_close");
	rn_bpf_times_print();
	free(execbuf);
	uint64_t lost = c.ring_full + c.no_ring + c.too_large;
	if (!o->quiet && (lost || c.proc_full || c.map_full || lost_caps))
		rn_rec_err(
		    "lost %llu syscalls and %llu process events or signals (BPF ring buffer "
		    "full: raise --bpf-buffer), %llu processes not traced (table full), %llu "
		    "calls with captures left out",
		    (unsigned long long)lost, (unsigned long long)c.proc_full,
		    (unsigned long long)c.map_full, (unsigned long long)lost_caps);
	if (!o->quiet && admit_seen)
		rn_rec_err("%llu calls not recorded: their threads did not fit in the table of "
		           "traced threads (%u)",
		           (unsigned long long)admit_seen, (unsigned)RN_BPF_TASKS);
	if (!o->quiet && rn_bpf_stack_lost())
		rn_rec_err("%llu calls recorded without their stack (BPF ring buffer busy: raise "
		           "--bpf-buffer or lower --stack)",
		           (unsigned long long)rn_bpf_stack_lost());
	if (!o->quiet && rn_bpf_maps_missed())
		rn_rec_err("%llu processes ended before their mappings could be read: their stacks "
		           "may not resolve",
		           (unsigned long long)rn_bpf_maps_missed());
	if (unread)
		rn_rec_err("cannot map the BPF ring buffer: %s (records left unread)",
		           strerror(unread));
	if (failed || unread) /* a trace that could not be written is an error */
		return 1;
	return scope ? 0 : exit_code(st); /* scopes: a clean stop (signal, --duration, all gone) */
}
