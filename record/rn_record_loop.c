/* rn_record_loop.c: the ptrace loop. One waitpid per stop, one
 * PTRACE_GET_SYSCALL_INFO per syscall stop, the catalog's captures read with
 * one process_vm_readv, the event appended to the writer's chunk builder;
 * no allocation, no write(2), no /proc read on the common path. Handles
 * seccomp stops (filter mode), fork/vfork/clone, exec (also from a non-leader
 * thread), signal-delivery stops (the signal is passed on), group-stops
 * (PTRACE_LISTEN, so job control behaves as without tracing), deaths inside
 * a syscall (RN_SC_NO_EXIT) and detaching. */
#include "rn_record.h"

#include <errno.h>
#include <linux/audit.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

volatile sig_atomic_t rn_rec_stop;
volatile pid_t rn_rec_kick;

/* see wait_next: polling stops for SPIN_BACKOFF waits after SPIN_FAILS polls
 * in a row found nothing, and for SPIN_AFTER_SPAWN waits after a new process
 * or an exec (its start-up, measured, runs faster with the CPU left free). */
enum { SPIN_FAILS = 3, SPIN_BACKOFF = 2000, SPIN_AFTER_SPAWN = 200 };
static unsigned spin_skip; /* waits left without polling */

/* After a fork or exec: no polling for SPIN_AFTER_SPAWN waits (a back-off
 * already running is not shortened). */
static void pause_spin(void)
{
	if (spin_skip < SPIN_AFTER_SPAWN)
		spin_skip = SPIN_AFTER_SPAWN;
}
enum { MODE_RECORD, MODE_PASS, MODE_DETACH };

static const rn_rec_opts *O;
static rn_out *OUT;
static rn_loop_result *RES;
static pid_t launched_pid;
static int inherited_done; /* the launched program's inherited fds were recorded */
static int seccomp_mode;   /* launched with a filter: seccomp stops are entries */
static int mode;
static rn_sysset bookset;
static rn_rec_nrs NR;

unsigned long rn_loop_ptrace_opts(const rn_rec_opts *o, int launched)
{
	unsigned long f = PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEEXEC;
	if (o->follow)
		f |= PTRACE_O_TRACECLONE | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK;
	if (launched)
		f |= PTRACE_O_EXITKILL;
	if (launched && rn_seccomp_wanted(o))
		f |= PTRACE_O_TRACESECCOMP;
	return f;
}

static pid_t tgid_of(pid_t tid)
{
	char path[64], buf[512];
	snprintf(path, sizeof(path), "/proc/%d/status", (int)tid);
	FILE *f = fopen(path, "re");
	pid_t tg = tid;
	if (!f)
		return tid;
	while (fgets(buf, sizeof(buf), f))
		if (sscanf(buf, "Tgid: %d", &tg) == 1)
			break;
	fclose(f);
	return tg;
}

static void fix_pid(rn_thr *t)
{
	if (!t->pid)
		t->pid = tgid_of(t->tid);
}

static void emit_proc(int kind, rn_thr *t, pid_t other, int status, int flags, uint64_t cflags,
                      const uint8_t *data, uint32_t len)
{
	if (rn_out_failed(OUT))
		return;
	fix_pid(t);
	rn_proc p = {rn_now_ns(), cflags,        t->pid,         t->tid, other,
	             status,      (uint8_t)kind, (uint8_t)flags, data,   len};
	rn_chunk_add_proc(rn_out_get(OUT), &p);
	rn_out_put(OUT);
}

/* Writes t's current syscall and clears it. */
static void emit_sc(rn_thr *t, uint64_t t_exit, int64_t ret, uint16_t flags)
{
	if (t->in_sc && t->keep != RN_KEEP_NONE)
		fix_pid(t);
	rn_thr_emit_sc(OUT, NULL, t, t_exit, ret, flags, 1);
}

static int keep_of(uint16_t nr)
{
	if (!O->filtered || rn_sysset_has(&O->set, nr))
		return RN_KEEP_FULL;
	return rn_sysset_has(&bookset, nr) ? RN_KEEP_BOOK : RN_KEEP_NONE;
}

static void on_entry(rn_thr *t, uint64_t now, const struct __ptrace_syscall_info *si)
{
	if (t->in_sc)
		emit_sc(t, 0, 0, RN_SC_NO_EXIT);
	const uint64_t *a =
	    (const uint64_t *)(si->op == PTRACE_SYSCALL_INFO_SECCOMP ? si->seccomp.args
	                                                             : si->entry.args);
	uint64_t nr = si->op == PTRACE_SYSCALL_INFO_SECCOMP ? si->seccomp.nr : si->entry.nr;
	int ia32 = si->arch == AUDIT_ARCH_I386; /* int $0x80 from a 64-bit program */
	if (ia32)
		nr = rn_rec_nr_ia32(nr); /* no NR.* below can match it */
	else if (si->arch == AUDIT_ARCH_X86_64 && (nr & 0x40000000)) {
		nr = rn_rec_nr_x32(nr); /* x32: not a native number either */
		ia32 = 1;
	}
	if (t->pre_exec) {
		if ((int)nr != NR.execve && (int)nr != NR.execveat)
			return;
		t->pre_exec = 0;
	}
	t->nr = (uint16_t)nr;
	memcpy(t->args, a, sizeof(t->args));
	t->ip = si->instruction_pointer;
	t->sp = si->stack_pointer;
	t->t_entry = now;
	t->in_sc = 1;
	t->ncap = 0;
	t->blen = 0;
	t->sc_flags = 0;
	int keep = ia32 ? rn_rec_keep_ia32(O, t->nr) : keep_of(t->nr);
	t->keep = (uint8_t)keep;
	if (mode != MODE_RECORD)
		return;
	if (keep == RN_KEEP_FULL) {
		rn_mem_capture(t, 0, 0, O);
		if (O->stack)
			rn_mem_stack(t, O->stack);
	}
	if ((int)nr == NR.execve)
		rn_mem_exec_args(t, a[0], a[1], 8);
	else if ((int)nr == NR.execveat)
		rn_mem_exec_args(t, a[1], a[2], 8);
	else if (ia32 && rn_rec_ia32_exec(t->nr) == 1) /* a 32-bit program's */
		rn_mem_exec_args(t, (uint32_t)a[0], (uint32_t)a[1], 4);
	else if (ia32 && rn_rec_ia32_exec(t->nr) == 2)
		rn_mem_exec_args(t, (uint32_t)a[1], (uint32_t)a[2], 4);
}

static int is_restart(int64_t r)
{
	return r == -512 || r == -513 || r == -514 || r == -516;
}

static void on_exit_stop(rn_thr *t, uint64_t now, const struct __ptrace_syscall_info *si)
{
	if (!t->in_sc)
		return; /* exit of a call whose entry was not seen (pre-exec, attach) */
	int64_t ret = si->exit.rval;
	int keep = t->keep;
	if (keep == RN_KEEP_FULL && mode == MODE_RECORD)
		rn_mem_capture(t, 1, ret, O);
	uint16_t nr = t->nr;
	uint64_t prot = t->args[2], fd = t->args[4];
	emit_sc(t, now, ret, is_restart(ret) ? RN_SC_RESTARTED : 0);
	if (mode != MODE_RECORD || ret < 0)
		return;
	if (((int)nr == NR.mmap && (prot & PROT_EXEC) && (int)fd >= 0) ||
	    ((int)nr == NR.mprotect && (prot & PROT_EXEC))) {
		fix_pid(t);
		rn_maps_scan(OUT, t->pid, 0);
	} else if (((int)nr == NR.execve || (int)nr == NR.execveat || rn_rec_ia32_exec(nr)) &&
	           ret == 0) {
		fix_pid(t);
		rn_maps_scan(OUT, t->pid, 1);
		if (t->pid == launched_pid && !inherited_done) {
			/* What the program inherited (0, 1, 2, pipes...), after exec
			 * closed the close-on-exec ones, so -y can name them. */
			inherited_done = 1;
			rn_fds_emit(OUT, t->pid);
		}
	}
}

static uint64_t clone_flags_of(rn_thr *t, int event)
{
	if (event == PTRACE_EVENT_VFORK && (int)t->nr == NR.vfork)
		return 0x4000 | 0x100 | 17; /* CLONE_VFORK | CLONE_VM | SIGCHLD */
	if ((int)t->nr == NR.fork)
		return 17;
	if ((int)t->nr == NR.clone)
		return t->args[0];
	if ((int)t->nr == NR.clone3) {
		uint64_t f = 0;
		rn_mem_read(t->tid, t->args[0], &f, 8);
		return f;
	}
	return 0;
}

static void on_fork(rn_thr *t, int event)
{
	unsigned long msg = 0;
	ptrace(PTRACE_GETEVENTMSG, t->tid, 0, &msg);
	pid_t child = (pid_t)msg;
	uint64_t cf = clone_flags_of(t, event);
	fix_pid(t);
	pid_t ppid = t->pid, ptid = t->tid;
	rn_thr *c = rn_thr_add(child); /* may move t */
	if (c)
		c->pid = (cf & 0x10000 /* CLONE_THREAD */) ? ppid : child;
	int kind = event == PTRACE_EVENT_FORK    ? RN_PROC_FORK
	           : event == PTRACE_EVENT_VFORK ? RN_PROC_VFORK
	                                         : RN_PROC_CLONE;
	t = rn_thr_get(ptid);
	if (t)
		emit_proc(kind, t, child, 0, 0, cf, NULL, 0);
}

static void on_exec(rn_thr *t)
{
	unsigned long former = 0;
	ptrace(PTRACE_GETEVENTMSG, t->tid, 0, &former);
	pid_t tid = t->tid;
	if ((pid_t)former != tid) {
		/* A non-leader thread exec'd: it takes the leader's tid. The
		 * leader's own call never returns. The execve stays the calling
		 * thread's: its record keeps the former tid (sc_tid), as strace
		 * shows the call on the thread that made it. */
		rn_thr *f = rn_thr_get((pid_t)former);
		if (t->in_sc)
			emit_sc(t, 0, 0, RN_SC_NO_EXIT);
		if (f) {
			rn_thr tmp = *t;
			*t = *f;
			t->tid = tid;
			t->pid = tid;
			if (t->in_sc && !t->sc_tid)
				t->sc_tid = (pid_t)former;
			f->buf = tmp.buf;
			f->bcap = tmp.bcap;
			f->exec = tmp.exec;
			f->exec_cap = tmp.exec_cap;
			rn_thr_del((pid_t)former);
		}
	}
	t->pid = tid;
	emit_proc(RN_PROC_EXEC, t, (pid_t)former != tid ? (pid_t)former : 0, 0, 0, 0, t->exec,
	          (uint32_t)t->exec_len);
}

static void on_death(pid_t tid, int st)
{
	rn_thr *t = rn_thr_get(tid);
	if (tid == launched_pid) {
		RES->status = st;
		RES->have_status = 1;
	}
	if (!t)
		return;
	if (t->in_sc)
		emit_sc(t, 0, 0, RN_SC_NO_EXIT);
	fix_pid(t);
	int leader = t->pid == tid;
	int kind = WIFSIGNALED(st) ? RN_PROC_KILLED : RN_PROC_EXIT;
	int status = WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st);
	int flags = WIFSIGNALED(st) && WCOREDUMP(st) ? RN_PROCF_CORE : 0;
	if (!leader) {
		/* Each thread of a killed group reports the killing signal. */
		kind = RN_PROC_THREAD_EXIT;
		if (WIFSIGNALED(st))
			flags |= RN_PROCF_SIGNALED;
	}
	emit_proc(kind, t, 0, status, flags, 0, NULL, 0);
	if (leader)
		rn_maps_forget(tid);
	rn_thr_del(tid);
}

static int resume_op(const rn_thr *t)
{
	if (mode == MODE_PASS)
		return PTRACE_CONT;
	/* Under seccomp, stop at the exit only of calls whose entry stopped. */
	return !seccomp_mode || t->in_sc ? PTRACE_SYSCALL : PTRACE_CONT;
}

static void detach(rn_thr *t, int sig)
{
	if (t->in_sc)
		emit_sc(t, 0, 0, RN_SC_NO_EXIT);
	emit_proc(RN_PROC_DETACH, t, 0, 0, 0, 0, NULL, 0);
	ptrace(PTRACE_DETACH, t->tid, 0, (void *)(long)sig);
	rn_thr_del(t->tid);
}

static void on_stop(pid_t tid, int st)
{
	rn_thr *t = rn_thr_get(tid);
	if (!t) {
		t = rn_thr_add(tid); /* a new child whose stop came before its parent's event */
		if (!t) {
			ptrace(PTRACE_CONT, tid, 0, 0);
			return;
		}
	}
	int sig = WSTOPSIG(st), event = (unsigned)st >> 16, inject = 0;
	if (sig == (SIGTRAP | 0x80) || event == PTRACE_EVENT_SECCOMP) {
		uint64_t now = rn_now_ns();
		struct __ptrace_syscall_info si;
		memset(&si, 0, sizeof(si)); /* valgrind does not know the kernel fills it */
		if (ptrace(PTRACE_GET_SYSCALL_INFO, tid, (void *)sizeof(si), &si) > 0) {
			if (si.op == PTRACE_SYSCALL_INFO_ENTRY ||
			    si.op == PTRACE_SYSCALL_INFO_SECCOMP)
				on_entry(t, now, &si);
			else if (si.op == PTRACE_SYSCALL_INFO_EXIT)
				on_exit_stop(t, now, &si);
		}
		t = rn_thr_get(tid);
	} else if (event == PTRACE_EVENT_FORK || event == PTRACE_EVENT_VFORK ||
	           event == PTRACE_EVENT_CLONE) {
		on_fork(t, event);
		if (event != PTRACE_EVENT_CLONE)
			pause_spin();
		t = rn_thr_get(tid);
	} else if (event == PTRACE_EVENT_EXEC) {
		on_exec(t);
		pause_spin();
	} else if (event == PTRACE_EVENT_STOP) {
		if (sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU) {
			/* Group-stop: stay stopped, but let us hear of SIGCONT. */
			if (t->detaching || mode == MODE_DETACH)
				detach(t, 0); /* it stays stopped, as it would untraced */
			else
				ptrace(PTRACE_LISTEN, tid, 0, 0);
			return;
		}
	} else if (event == 0) {
		/* Signal-delivery-stop: record it and deliver it. */
		siginfo_t si;
		memset(&si, 0, sizeof(si));
		inject = sig;
		if (mode == MODE_RECORD && ptrace(PTRACE_GETSIGINFO, tid, 0, &si) == 0) {
			fix_pid(t);
			rn_signal s = {rn_now_ns(), t->pid,     t->tid,
			               si.si_signo, si.si_code, (const uint8_t *)&si,
			               sizeof(si)};
			rn_chunk_add_signal(rn_out_get(OUT), &s);
			rn_out_put(OUT);
		}
	}
	if (!t)
		return;
	if (t->detaching || mode == MODE_DETACH) { /* also children born meanwhile */
		detach(t, inject);
		return;
	}
	ptrace(resume_op(t), tid, 0, (void *)(long)inject);
}

static void start_detach(rn_thr *t, void *ctx)
{
	(void)ctx;
	if (!t->detaching) {
		t->detaching = 1;
		/* A thread that ended and waits for the others (the main thread
		 * after exit, under -p without -f: its process's later threads
		 * are not traced) never stops again: let go of it now (the
		 * kernel unlinks it) instead of waiting for the process's end. */
		if (rn_proc_state(t->tid) == 'Z') {
			detach(t, 0);
			return;
		}
		ptrace(PTRACE_INTERRUPT, t->tid, 0, 0);
	}
}

/* Waits for the next stop. Polls first for --spin microseconds: when the
 * program runs on the other CPU its next stop often comes within that time
 * and the tracer is then already awake. When polling keeps failing (the
 * program waits for the CPU the tracer spins on, or sleeps), it stops
 * polling for a while: spinning must not cost more than it saves. It also
 * pauses after a fork or exec (pause_spin). */
static pid_t wait_next(int *st)
{
	if (O->spin_us > 0 && spin_skip == 0) {
		static unsigned fails;
		uint64_t until = rn_now_ns() + (uint64_t)O->spin_us * 1000;
		do {
			pid_t p = waitpid(-1, st, __WALL | WNOHANG);
			if (p != 0) {
				fails = 0;
				return p;
			}
		} while (rn_now_ns() < until && !rn_rec_stop);
		if (++fails >= SPIN_FAILS) {
			fails = 0;
			spin_skip = SPIN_BACKOFF;
		}
	} else if (spin_skip) {
		spin_skip--;
	}
	return waitpid(-1, st, __WALL);
}

static void flush_unfinished(rn_thr *t, void *ctx)
{
	(void)ctx;
	if (t->in_sc)
		emit_sc(t, 0, 0, RN_SC_NO_EXIT);
}

void rn_loop_run(const rn_rec_opts *o, rn_out *out, pid_t launched, int attached,
                 rn_loop_result *res)
{
	O = o;
	OUT = out;
	RES = res;
	launched_pid = launched;
	inherited_done = 0;
	seccomp_mode = launched > 0 && rn_seccomp_wanted(o);
	mode = MODE_RECORD;
	rn_rec_nrs_lookup(&NR);
	memset(&bookset, 0, sizeof(bookset));
	rn_seccomp_bookkeeping(&bookset, o->stack != 0);
	if (launched > 0) {
		rn_thr *t = rn_thr_add(launched);
		if (t) {
			t->pid = launched;
			t->pre_exec = 1;
		}
	}
	while (rn_thr_count() > 0) {
		if (mode == MODE_RECORD && rn_out_failed(out)) {
			/* Disk full: stop recording. Attached tracees are let go;
			 * launched ones stay traced without stops (a seccomp filter
			 * without its tracer would fail their calls). */
			mode = attached ? MODE_DETACH : MODE_PASS;
			if (attached)
				rn_thr_each(start_detach, NULL);
		}
		if (rn_rec_stop && attached && mode != MODE_DETACH) {
			rn_thr_each(flush_unfinished, NULL);
			mode = MODE_DETACH;
			rn_thr_each(start_detach, NULL);
			continue; /* (let go of at once: nothing may be left to wait for) */
		}
		int st;
		pid_t tid = wait_next(&st);
		if (tid < 0) {
			if (errno == EINTR)
				continue;
			break; /* ECHILD: nothing left */
		}
		if (WIFEXITED(st) || WIFSIGNALED(st))
			on_death(tid, st);
		else if (WIFSTOPPED(st))
			on_stop(tid, st);
	}
	rn_thr_each(flush_unfinished, NULL);
	rn_thr_free_all();
	rn_maps_free();
}
