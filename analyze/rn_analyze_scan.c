/* rn_analyze_scan.c: reads a trace once, event by event, applying the shared
 * filters (-e, --pid, --from/--to) to syscalls, feeding the source resolver
 * with address-space events, and reporting damage the tools' way. */
#include "rn_analyze.h"
#include "rn_damage.h"
#include "rn_fdtrack.h"
#include "rn_grow.h"

#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int pid_wanted(const rn_analyze_opts *o, int32_t pid, int32_t tid)
{
	if (!o->npids)
		return 1;
	for (int i = 0; i < o->npids; i++)
		if (o->pids[i] == pid || o->pids[i] == tid)
			return 1;
	return 0;
}

static int sc_wanted(const rn_analyze_scan *s, const rn_analyze_opts *o, const rn_syscall *sc)
{
	if (o->have_filter && !rn_sysset_has_abi(&o->set, s->arch, rn_sc_abi(s->arch, sc), sc->nr))
		return 0;
	if (!pid_wanted(o, sc->pid, sc->tid))
		return 0;
	int64_t rel = (int64_t)(sc->t_entry - s->t0);
	if (o->from_ns >= 0 && rel < o->from_ns)
		return 0;
	if (o->to_ns >= 0 && rel > o->to_ns)
		return 0;
	return 1;
}

const char *rn_analyze_sc_name(const rn_analyze_scan *s, uint32_t nr)
{
	static char buf[32];
	return rn_syscall_name_buf(s->arch, nr, buf, sizeof(buf));
}

const char *rn_analyze_sc_path(const rn_syscall *sc, char *buf, size_t n)
{
	for (uint16_t i = 0; i < sc->ncap; i++) {
		const rn_capture *c = &sc->caps[i];
		if (c->kind != RN_CAP_STRING || c->arg == RN_CAP_NOARG || (c->flags & RN_CAPF_EXIT))
			continue;
		if (c->flags & RN_CAPF_UNREADABLE) /* not read: no path, never "" */
			return NULL;
		size_t len = c->len < n - 1 ? c->len : n - 1;
		memcpy(buf, c->data, len);
		buf[len] = 0;
		return buf;
	}
	return NULL;
}

/* The path strings (as rn_analyze_sc_path takes them) of sc that rn could
 * not read, counted as rn_loss_tally_sc counts captures. */
static uint64_t unread_paths(const rn_syscall *sc)
{
	if (sc->ret == -EFAULT && !(sc->flags & RN_SC_NO_EXIT))
		return 0;
	uint64_t n = 0;
	for (uint16_t i = 0; i < sc->ncap; i++) {
		const rn_capture *c = &sc->caps[i];
		n += c->kind == RN_CAP_STRING && c->arg != RN_CAP_NOARG &&
		     !(c->flags & RN_CAPF_EXIT) && (c->flags & RN_CAPF_UNREADABLE);
	}
	return n;
}

const char *rn_analyze_scan_pname(const rn_analyze_scan *s, int32_t pid)
{
	for (size_t i = s->nnames; i-- > 0;)
		if (s->names[i].pid == pid)
			return s->names[i].name;
	return NULL;
}

/* Records pid's program name from a path or argv[0] (its last component). */
static void set_pname(rn_analyze_scan *s, int32_t pid, const char *path, size_t len)
{
	const char *base = path;
	for (size_t i = 0; i < len; i++)
		if (path[i] == '/')
			base = path + i + 1;
	len -= (size_t)(base - path);
	struct rn_analyze_pname *e = NULL;
	for (size_t i = 0; i < s->nnames; i++)
		if (s->names[i].pid == pid)
			e = &s->names[i];
	if (!e) {
		if (s->nnames == s->capnames) {
			struct rn_analyze_pname *p =
			    rn_grow_array(s->names, &s->capnames, s->nnames + 1, sizeof(*p), 16);
			if (!p)
				return;
			s->names = p;
		}
		e = &s->names[s->nnames++];
		e->pid = pid;
	}
	if (len >= sizeof(e->name))
		len = sizeof(e->name) - 1;
	memcpy(e->name, base, len);
	e->name[len] = 0;
}

static void track_names(rn_analyze_scan *s, const rn_event *ev)
{
	if (ev->kind == RN_EV_PROC) {
		const rn_proc *p = &ev->u.proc;
		if (p->kind == RN_PROC_EXEC && p->data_len)
			set_pname(s, p->pid, (const char *)p->data,
			          strnlen((const char *)p->data, p->data_len));
		else if ((p->kind == RN_PROC_FORK || p->kind == RN_PROC_VFORK ||
		          p->kind == RN_PROC_CLONE) &&
		         rn_analyze_scan_pname(s, p->pid) && !rn_analyze_scan_pname(s, p->other)) {
			const char *n = rn_analyze_scan_pname(s, p->pid);
			char copy[32];
			snprintf(copy, sizeof(copy), "%s", n);
			set_pname(s, p->other, copy, strlen(copy));
		}
	} else if (ev->kind == RN_EV_SNAPSHOT && ev->u.snap.exe_len) {
		set_pname(s, ev->u.snap.pid, ev->u.snap.exe, ev->u.snap.exe_len);
	}
}

const char *rn_analyze_scan_fdpath(const rn_analyze_scan *s, int32_t pid, int64_t fd)
{
	if (!s->fds || fd < 0 || fd > INT32_MAX)
		return NULL;
	return rn_fdtrack_path(s->fds, pid, (int32_t)fd);
}

const char *rn_analyze_scan_path(const rn_analyze_scan *s, const rn_syscall *sc, char *buf,
                                 size_t n)
{
	const char *p = rn_analyze_sc_path(sc, buf, n);
	if (p && !p[0] && (int32_t)sc->args[0] >= 0) /* AT_EMPTY_PATH: the dirfd itself */
		return rn_analyze_scan_fdpath(s, sc->pid, (int32_t)sc->args[0]);
	if (p && p[0] != '/' && s->fds) {
		/* Relative: made absolute the way the fd tracker names files. */
		while (p[0] == '.' && p[1] == '/')
			p += 2;
		const char *cwd = rn_fdtrack_cwd(s->fds, sc->pid);
		size_t lc = cwd ? strlen(cwd) : 0, lp = strlen(p);
		if (cwd && lc + lp + 2 <= n) {
			memmove(buf + lc + 1, p, lp + 1);
			memcpy(buf, cwd, lc);
			buf[lc] = '/';
			if (lc == 1)
				memmove(buf + 1, buf + 2, lp + 1); /* cwd "/" */
			return buf;
		}
	}
	if (p)
		return p;
	for (uint16_t i = 0; i < sc->ncap; i++) /* a path rn could not read: not the fd's */
		if (sc->caps[i].kind == RN_CAP_STRING && (sc->caps[i].flags & RN_CAPF_UNREADABLE))
			return NULL;
	int64_t fd = rn_analyze_sc_fd(s, sc);
	return fd >= 0 ? rn_analyze_scan_fdpath(s, sc->pid, fd) : NULL;
}

int64_t rn_analyze_sc_fd(const rn_analyze_scan *s, const rn_syscall *sc)
{
	const rn_sysent *e = sc->flags & RN_SC_COMPAT ? NULL : rn_syscall_ent(s->arch, sc->nr);
	if (!e || e->nargs < 1 || RN_ARG_KIND(e->args[0]) != RN_A_FD)
		return -1;
	int32_t fd = (int32_t)sc->args[0];
	return fd >= 0 ? fd : -1;
}

const char *rn_analyze_scan_where(rn_analyze_scan *s, const rn_syscall *sc)
{
	if (!s->src || !(sc->flags & RN_SC_HAS_STACK))
		return NULL;
	return rn_source_where(s->src, sc);
}

int rn_analyze_cpus(void)
{
	cpu_set_t set;
	if (sched_getaffinity(0, sizeof(set), &set) == 0)
		return CPU_COUNT(&set) > 0 ? CPU_COUNT(&set) : 1;
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (int)n : 1;
}

/* Two threads when there is a second CPU and, as the index says (without
 * one, unknown), three chunks or more to read: with one or two the thread
 * cannot run ahead of anything. Measured on a quiet machine (load 1.4, 21
 * interleaved rounds, bench/analyze/summary_speed.py): find /usr/share
 * -name '*.txt' (70k events, 11 chunks) 8.3M events/s wall on two threads
 * against 7.3M on one, find / -xdev 12.2M against 9.1M. Under load (4 and
 * more on two CPUs) one thread was the faster on the small trace (6.7 ms
 * against 7.6 ms): the second thread waits for a CPU. */
static int default_threads(rn_reader *r)
{
	const rn_chunk_info *c;
	uint32_t n;
	if (rn_analyze_cpus() < 2)
		return 1;
	if (rn_reader_status_get(r)->has_trailer && rn_reader_chunks(r, &c, &n) == 0 && n < 3)
		return 1;
	return 2;
}

int rn_analyze_scan_file(const char *path, const rn_analyze_opts *o, rn_analyze_visit_fn fn,
                         void *ctx)
{
	char err[512];
	rn_reader *r = rn_reader_open(path, err, sizeof(err));
	if (!r) {
		fprintf(stderr, "%s: %s\n", RN_ANALYZE_PROG, err);
		return -1;
	}
	/* Prefix reading by default on 4.x files, whose frame checks show damage
	 * in the part not decompressed; on older ones only with --fast. */
	if (o->skim && !o->source)
		rn_reader_set_read(
		    r, RN_READ_SKIM |
		           (o->fast || rn_reader_header(r)->major >= 4 ? RN_READ_PREFIX : 0));
	/* Decoding runs a few chunks ahead on a second thread when there is a second
	 * CPU for it: the events, and so the answer, are the same. */
	rn_reader_set_threads(r, o->threads ? o->threads : default_threads(r));
	rn_damage damage; /* told with the summary, before the output */
	rn_damage_listen(&damage, r);
	if (o->quiet_damage) /* the first pass told each problem already */
		rn_reader_set_warn(r, rn_damage_quiet, NULL);
	rn_analyze_scan s = {0};
	s.r = r;
	s.h = rn_reader_header(r);
	s.arch = s.h->arch ? s.h->arch : rn_arch_native();
	s.t0 = s.h->mono_start_ns;
	s.o = o;
	rn_analyze_opts local = *o;
	if (o->filter_expr) {
		if (rn_filter_parse(o->filter_expr, s.arch, &local.set, err, sizeof(err)) < 0) {
			rn_analyze_usage_error("-e: %s", err);
			rn_reader_close(r);
			return -2;
		}
		local.have_filter = 1;
	}
	s.o = &local;
	if (s.h->argc && s.h->pid > 0)
		set_pname(&s, s.h->pid, s.h->argv[0], strlen(s.h->argv[0]));
	if (o->source)
		s.src = rn_source_new(path, s.arch, o->frames);
	if (o->need_fds)
		s.fds = rn_fdtrack_new(s.arch, s.h->cwd);
	rn_event ev;
	int first = 1, rc = 0;
	while (rn_reader_next(r, &ev) == 1) {
		s.nevents++;
		if (ev.kind == RN_EV_SYSCALL) {
			if (first && !s.t0)
				s.t0 = ev.u.sc.t_entry;
			first = 0;
			if (!sc_wanted(&s, &local, &ev.u.sc)) {
				if (s.fds)
					rn_fdtrack_event(s.fds, &ev);
				continue;
			}
			s.nsyscalls++;
			rn_loss_tally_sc(&s.loss, &ev.u.sc);
			s.unread_paths += unread_paths(&ev.u.sc);
		} else {
			if (ev.kind == RN_EV_LOSS)
				rn_loss_tally_add(&s.loss, &ev.u.loss);
			track_names(&s, &ev);
			if (s.src)
				rn_source_event(s.src, &ev);
		}
		if (fn(ctx, &s, &ev) != 0) {
			rc = -1;
			break;
		}
		/* After the visitor: a close still shows the path it closes. */
		if (s.fds)
			rn_fdtrack_event(s.fds, &ev);
	}
	/* Rule 2: the damage is said before the end visitor prints anything. */
	if (rc == 0 && !o->quiet_damage) {
		rn_damage_end(&damage, r);
		rn_damage_print(&damage, stderr, RN_ANALYZE_PROG, path);
	}
	if (rc == 0 && rn_reader_damage(r))
		rc = 1;
	if (rc == 1)
		snprintf(s.damage, sizeof(s.damage), "%s", rn_reader_damage(r));
	if (rc != -1 && fn(ctx, &s, NULL) != 0)
		rc = -1;
	if (s.src)
		rn_source_free(s.src);
	if (s.fds)
		rn_fdtrack_free(s.fds);
	free(s.names);
	rn_reader_close(r);
	return rc;
}
