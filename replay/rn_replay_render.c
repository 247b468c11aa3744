/* rn_replay_render.c: which events print (-e, -z/-Z, --pid/--tid,
 * --from/--to) and their text: a syscall in its entry part, exit arguments
 * and return value; process exits, kills and signals as strace's +++ and
 * --- lines. */
#include "rn_loss.h"
#include "rn_replay.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int rp_grow(void *arr, size_t *cap, size_t n, size_t elem, size_t first)
{
	if (n < *cap)
		return 0;
	size_t c = *cap ? *cap * 2 : first;
	void **p = arr;
	void *nv = realloc(*p, c * elem);
	if (!nv)
		return -1;
	*p = nv;
	*cap = c;
	return 0;
}

int rp_proc_killed(const rn_proc *p)
{
	return p->kind == RN_PROC_KILLED ||
	       (p->kind == RN_PROC_THREAD_EXIT && (p->flags & RN_PROCF_SIGNALED));
}

int rp_proc_superseded(const rn_proc *p)
{
	return p->kind == RN_PROC_EXEC && p->other && p->other != p->tid;
}

uint64_t rp_event_time(const rn_event *ev)
{
	switch (ev->kind) {
	case RN_EV_SYSCALL:
		return ev->u.sc.t_exit > ev->u.sc.t_entry ? ev->u.sc.t_exit : ev->u.sc.t_entry;
	case RN_EV_PROC:
		return ev->u.proc.time;
	case RN_EV_SIGNAL:
		return ev->u.sig.time;
	case RN_EV_LOSS:
		return ev->u.loss.time;
	case RN_EV_MAPPING:
		return ev->u.map.time;
	case RN_EV_SNAPSHOT:
		return ev->u.snap.time;
	default:
		return 0;
	}
}

static int in_list(const int32_t *l, size_t n, int32_t v)
{
	for (size_t i = 0; i < n; i++)
		if (l[i] == v)
			return 1;
	return 0;
}

/* Does -e trace= take sc? An ia32 call (RN_SC_COMPAT) by its ia32 name
 * (socketcall and ipc: the carried call's),
 * as strace matches each personality's calls by name. */
static int rp_in_set(const rp_filter *f, const rn_syscall *sc)
{
	uint16_t abi = rn_sc_abi(f->arch, sc);
	if (abi == RN_ABI_IA32) { /* by the name it prints under (socketcall's, ipc's call) */
		const char *name = rn_catalog_ia32_shown(sc->nr, sc->args);
		int nr = name ? rn_syscall_lookup(f->arch, name) : -1;
		return (nr >= 0 && rn_sysset_has(&f->set, (uint32_t)nr)) || !f->arch_names || !name;
	}
	return rn_sysset_has_abi(&f->set, f->arch, abi, sc->nr) || !f->arch_names ||
	       !rn_syscall_name(abi, sc->nr);
}

/* Is signal sig in -e signal=SET (every signal by default)? */
static int sig_shown(const rp_filter *f, int64_t sig)
{
	return sig >= 1 && sig <= 64 && (f->signals >> (sig - 1) & 1);
}

int rp_wanted(const rp_filter *f, const rn_event *ev)
{
	int32_t pid, tid;
	uint64_t t;
	switch (ev->kind) {
	case RN_EV_SYSCALL: {
		const rn_syscall *sc = &ev->u.sc;
		if (sc->flags & RN_SC_FILTERED)
			return 0;
		/* numbers with no name always print, as strace prints them */
		if (f->have_set && !rp_in_set(f, sc))
			return 0;
		int failed = rn_sc_failed(sc) || (sc->flags & RN_SC_NO_EXIT);
		if ((f->only_ok && failed) || (f->only_fail && !rn_sc_failed(sc)))
			return 0;
		if (f->status) {
			uint32_t st = sc->flags & RN_SC_NO_EXIT ? RP_ST_UNFINISHED
			              : rn_sc_failed(sc)        ? RP_ST_FAILED
			                                        : RP_ST_OK;
			if (!(f->status & st))
				return 0;
		}
		pid = sc->pid;
		tid = sc->tid;
		t = sc->t_entry;
		break;
	}
	case RN_EV_PROC: {
		const rn_proc *p = &ev->u.proc;
		int killed = rp_proc_killed(p);
		if (!killed && p->kind != RN_PROC_EXIT && p->kind != RN_PROC_THREAD_EXIT &&
		    !rp_proc_superseded(p))
			return 0;
		if (f->quiet_exits && !killed && !rp_proc_superseded(p)) /* -qq, as strace */
			return 0;
		/* -e signal=SET hides "+++ killed by SIG... +++" too, as strace */
		if (killed && !sig_shown(f, p->status))
			return 0;
		pid = ev->u.proc.pid;
		tid = ev->u.proc.tid;
		t = ev->u.proc.time;
		break;
	}
	case RN_EV_SIGNAL:
		if (!sig_shown(f, ev->u.sig.signo))
			return 0;
		pid = ev->u.sig.pid;
		tid = ev->u.sig.tid;
		t = ev->u.sig.time;
		break;
	case RN_EV_LOSS:
		pid = ev->u.loss.pid;
		tid = ev->u.loss.tid;
		t = ev->u.loss.time;
		break;
	default:
		return 0;
	}
	return rp_wanted_who(f, pid, tid, t);
}

int rp_wanted_who(const rp_filter *f, int32_t pid, int32_t tid, uint64_t t)
{
	if (f->npids && !in_list(f->pids, f->npids, pid))
		return 0;
	if (f->ntids && !in_list(f->tids, f->ntids, tid))
		return 0;
	if ((f->from && t < f->from) || (f->to && t > f->to))
		return 0;
	return 1;
}

void rp_state_init(rp_state *st, const rn_decode_opts *d, const rn_header *h, const rp_filter *f)
{
	memset(st, 0, sizeof(*st));
	st->d = *d;
	st->f = f;
	st->fds = d->fd_paths || (f && f->npaths) ? rn_fdtrack_new(d->arch, h->cwd) : NULL;
	char host[256] = "";
	if (gethostname(host, sizeof(host) - 1) == 0 && h->hostname &&
	    strcmp(host, h->hostname) == 0)
		rn_fdtrack_set_realpath(st->fds, 1); /* the recording machine: resolve links */
	st->d.fds = st->fds;
	st->masks = rp_sigmasks_new(d->arch);
}

void rp_state_free(rp_state *st)
{
	rn_fdtrack_free(st->fds);
	rp_sigmasks_free(st->masks);
	free(st->last);
}

void rp_state_event(rp_state *st, const rn_event *ev)
{
	rn_fdtrack_event(st->fds, ev);
	rp_sigmasks_event(st->masks, ev);
	if (st->f && st->f->sysnum)
		rp_show_note(st, ev);
}

void rp_render_entry(rn_sb *entry, rp_state *st, const rn_syscall *sc)
{
	rp_show_nr(entry, st, sc->tid, 1, sc->nr);
	if (!rp_sigmasks_sigreturn(st->masks, sc, &st->d, entry))
		rn_decode_entry_part(entry, &st->d, sc);
}

void rp_render(rp_parts *p, rp_state *st, const rn_event *ev, int durations)
{
	const rn_syscall *sc = &ev->u.sc;
	rn_sb_reset(&p->entry);
	rn_sb_reset(&p->args);
	rn_sb_reset(&p->ret);
	char nb[32];
	const char *name = rn_decode_name(&st->d, sc, nb, sizeof(nb));
	size_t k = st->f && st->f->sysnum
	               ? (size_t)snprintf(p->resumed, sizeof(p->resumed), "[%4u] ", sc->nr)
	               : 0;
	size_t n = strlen(name); /* every call: memcpy, not printf */
	if (n > sizeof(p->resumed) - k - 15)
		n = sizeof(p->resumed) - k - 15;
	memcpy(p->resumed + k, "<... ", 5);
	memcpy(p->resumed + k + 5, name, n);
	memcpy(p->resumed + k + 5 + n, " resumed>", 10);
	rp_show_nr(&p->entry, st, sc->tid, 1, sc->nr);
	int sigret = rp_sigmasks_sigreturn(st->masks, sc, &st->d, &p->entry);
	if (!sigret)
		rn_decode_entry_part(&p->entry, &st->d, sc);
	rp_state_event(st, ev); /* exit-time arguments see the new descriptors */
	if (sigret)
		rn_sb_putc(&p->args, ')');
	else
		rn_decode_exit_part(&p->args, &st->d, sc);
	if ((sc->flags & RN_SC_NO_EXIT) && !(p->args.len == 1 && p->args.p[0] == ')')) {
		/* Never returned: what strace prints at exit never came. */
		rn_sb_reset(&p->args);
		rn_sb_puts(&p->args, " <unfinished ...>)");
	}
	rn_sb_puts(&p->ret, " = ");
	rn_decode_ret(&p->ret, &st->d, sc);
	/* (a call in progress when recording started: its start was not seen,
	 * so its duration is not known) */
	if (durations && !(sc->flags & (RN_SC_NO_EXIT | RN_SC_NO_ENTRY)) &&
	    sc->t_exit >= sc->t_entry) {
		uint64_t ns = sc->t_exit - sc->t_entry;
		rn_sb_printf(&p->ret, " <%llu.%06u>", (unsigned long long)(ns / 1000000000u),
		             (unsigned)(ns % 1000000000u / 1000u));
	}
	if (st->f && (st->f->reads || st->f->writes))
		rp_show_dump(&p->ret, st, sc);
}

void rp_parts_free(rp_parts *p)
{
	rn_sb_free(&p->entry);
	rn_sb_free(&p->args);
	rn_sb_free(&p->ret);
}

int rp_render_other(rn_sb *sb, rp_state *st, const rn_event *ev)
{
	const rn_decode_opts *d = &st->d;
	rn_sb_reset(sb);
	if (ev->kind == RN_EV_PROC || ev->kind == RN_EV_SIGNAL)
		rp_show_nr(sb, st, ev->kind == RN_EV_PROC ? ev->u.proc.tid : ev->u.sig.tid, 0, 0);
	switch (ev->kind) {
	case RN_EV_PROC: {
		const rn_proc *p = &ev->u.proc;
		if (rp_proc_superseded(p)) {
			rn_sb_printf(sb, "+++ superseded by execve in pid %d +++", (int)p->other);
			return 1;
		}
		if (rp_proc_killed(p)) {
			const char *n = rn_signal_name(p->status);
			if (n)
				rn_sb_printf(sb, "+++ killed by %s%s +++", n,
				             p->flags & RN_PROCF_CORE ? " (core dumped)" : "");
			else
				rn_sb_printf(sb, "+++ killed by signal %d +++", p->status);
			return 1;
		}
		if (p->kind == RN_PROC_EXIT || p->kind == RN_PROC_THREAD_EXIT) {
			rn_sb_printf(sb, "+++ exited with %d +++", p->status);
			return 1;
		}
		return 0;
	}
	case RN_EV_SIGNAL:
		rn_decode_signal(sb, d, &ev->u.sig);
		return 1;
	case RN_EV_LOSS:
		rn_sb_printf(sb, "+++ rn: %llu events lost: %s +++",
		             (unsigned long long)ev->u.loss.count,
		             rn_loss_reason_str(ev->u.loss.reason));
		return 1;
	default:
		return 0;
	}
}
