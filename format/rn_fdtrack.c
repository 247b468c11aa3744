/* rn_fdtrack.c: per-process descriptor tables rebuilt from recorded events
 * (see rn_fdtrack.h). Tables are reference-counted so CLONE_FILES children
 * share their parent's; each process also keeps its working directory so
 * relative opens resolve to the absolute path strace -y would show. */
#include "rn_fdtrack.h"
#include "rn_catalog.h"
#include "rn_grow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum op {
	OP_NONE = 0,
	OP_OPEN,
	OP_OPENAT,
	OP_CREAT,
	OP_SOCKET,
	OP_ACCEPT,
	OP_SOCKETPAIR,
	OP_PIPE,
	OP_DUP,
	OP_DUP2,
	OP_FCNTL,
	OP_CLOSE,
	OP_CLOSE_RANGE,
	OP_CHDIR,
	OP_FCHDIR,
	OP_ANON,
	OP_MEMFD,
	OP_PIDFD /* named "pid:N" (strace -yy); -y shows anon_inode:[pidfd] */
};

typedef struct fdtab {
	int refs;
	int cap;
	char **path;
	uint8_t *cloexec;
} fdtab;

typedef struct proc {
	int32_t pid;
	fdtab *fds;
	char *cwd;
} proc;

struct rn_fdtrack {
	uint16_t arch;
	int realpath;
	char *cwd0;
	proc *procs;
	size_t nprocs, cap;
	size_t last;
	uint8_t ops[RN_NR_MAX];
	const char *anon[RN_NR_MAX];
};

static const struct {
	const char *name;
	uint8_t op;
	const char *anon;
} op_names[] = {
    {"open", OP_OPEN, NULL},
    {"openat", OP_OPENAT, NULL},
    {"openat2", OP_OPENAT, NULL},
    {"creat", OP_CREAT, NULL},
    {"socket", OP_SOCKET, NULL},
    {"accept", OP_ACCEPT, NULL},
    {"accept4", OP_ACCEPT, NULL},
    {"socketpair", OP_SOCKETPAIR, NULL},
    {"pipe", OP_PIPE, NULL},
    {"pipe2", OP_PIPE, NULL},
    {"dup", OP_DUP, NULL},
    {"dup2", OP_DUP2, NULL},
    {"dup3", OP_DUP2, NULL},
    {"fcntl", OP_FCNTL, NULL},
    {"close", OP_CLOSE, NULL},
    {"close_range", OP_CLOSE_RANGE, NULL},
    {"chdir", OP_CHDIR, NULL},
    {"fchdir", OP_FCHDIR, NULL},
    {"eventfd2", OP_ANON, "anon_inode:[eventfd]"},
    {"epoll_create", OP_ANON, "anon_inode:[eventpoll]"},
    {"epoll_create1", OP_ANON, "anon_inode:[eventpoll]"},
    {"timerfd_create", OP_ANON, "anon_inode:[timerfd]"},
    {"signalfd4", OP_ANON, "anon_inode:[signalfd]"},
    {"inotify_init1", OP_ANON, "anon_inode:inotify"},
    {"pidfd_open", OP_PIDFD, NULL},
    {"eventfd", OP_ANON, "anon_inode:[eventfd]"},
    {"signalfd", OP_ANON, "anon_inode:[signalfd]"},
    {"inotify_init", OP_ANON, "anon_inode:inotify"},
    {"userfaultfd", OP_ANON, "anon_inode:[userfaultfd]"},
    {"perf_event_open", OP_ANON, "anon_inode:[perf_event]"},
    {"fanotify_init", OP_ANON, "anon_inode:[fanotify]"},
    {"io_uring_setup", OP_ANON, "anon_inode:[io_uring]"},
    {"memfd_secret", OP_ANON, "/secretmem (deleted)"},
    {"memfd_create", OP_MEMFD, NULL},
};

rn_fdtrack *rn_fdtrack_new(uint16_t arch, const char *cwd)
{
	rn_fdtrack *t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->arch = arch;
	t->cwd0 = strdup(cwd && cwd[0] ? cwd : "/");
	for (size_t i = 0; i < sizeof(op_names) / sizeof(op_names[0]); i++) {
		int nr = rn_syscall_lookup(arch, op_names[i].name);
		if (nr >= 0 && nr < RN_NR_MAX) {
			t->ops[nr] = op_names[i].op;
			t->anon[nr] = op_names[i].anon;
		}
	}
	return t;
}

static void tab_unref(fdtab *f)
{
	if (!f || --f->refs > 0)
		return;
	for (int i = 0; i < f->cap; i++)
		free(f->path[i]);
	free(f->path);
	free(f->cloexec);
	free(f);
}

void rn_fdtrack_set_realpath(rn_fdtrack *t, int on)
{
	if (t)
		t->realpath = on;
}

void rn_fdtrack_free(rn_fdtrack *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->nprocs; i++) {
		tab_unref(t->procs[i].fds);
		free(t->procs[i].cwd);
	}
	free(t->procs);
	free(t->cwd0);
	free(t);
}

static proc *find(const rn_fdtrack *t, int32_t pid)
{
	rn_fdtrack *m = (rn_fdtrack *)t;
	if (m->last < m->nprocs && m->procs[m->last].pid == pid)
		return &m->procs[m->last];
	for (size_t i = 0; i < m->nprocs; i++)
		if (m->procs[i].pid == pid) {
			m->last = i;
			return &m->procs[i];
		}
	return NULL;
}

static proc *get(rn_fdtrack *t, int32_t pid)
{
	proc *p = find(t, pid);
	if (p)
		return p;
	if (t->nprocs == t->cap) {
		proc *np = rn_grow_array(t->procs, &t->cap, t->nprocs + 1, sizeof(*np), 16);
		if (!np)
			return NULL;
		t->procs = np;
	}
	p = &t->procs[t->nprocs++];
	p->pid = pid;
	p->fds = calloc(1, sizeof(fdtab));
	if (p->fds)
		p->fds->refs = 1;
	p->cwd = NULL;
	return p;
}

static void drop(rn_fdtrack *t, int32_t pid)
{
	proc *p = find(t, pid);
	if (!p)
		return;
	tab_unref(p->fds);
	free(p->cwd);
	*p = t->procs[--t->nprocs];
	t->last = 0;
}

static void set_fd(proc *p, int64_t fd, const char *path, size_t len, int cloexec)
{
	fdtab *f = p ? p->fds : NULL;
	if (!f || fd < 0 || fd > (1 << 20))
		return;
	if (fd >= f->cap) {
		int cap = f->cap ? f->cap : 16;
		while (cap <= fd)
			cap *= 2;
		char **np = realloc(f->path, (size_t)cap * sizeof(*np));
		if (!np)
			return;
		f->path = np;
		uint8_t *nc = realloc(f->cloexec, (size_t)cap);
		if (!nc)
			return;
		f->cloexec = nc;
		memset(f->path + f->cap, 0, (size_t)(cap - f->cap) * sizeof(*np));
		memset(f->cloexec + f->cap, 0, (size_t)(cap - f->cap));
		f->cap = cap;
	}
	free(f->path[fd]);
	f->path[fd] = NULL;
	if (path) {
		f->path[fd] = malloc(len + 1);
		if (f->path[fd]) {
			memcpy(f->path[fd], path, len);
			f->path[fd][len] = 0;
		}
	}
	f->cloexec[fd] = (uint8_t)cloexec;
}

static const char *fd_path(const proc *p, int64_t fd)
{
	if (!p || !p->fds || fd < 0 || fd >= p->fds->cap)
		return NULL;
	return p->fds->path[fd];
}

/* Joins base and a relative path and removes ".", ".." and doubled slashes. */
static char *resolve(const char *base, const char *rel, size_t rlen)
{
	size_t blen = rel[0] == '/' || !base ? 0 : strlen(base);
	char *buf = malloc(blen + rlen + 2);
	if (!buf)
		return NULL;
	size_t o = 0;
	char *src = malloc(blen + rlen + 2);
	if (!src) {
		free(buf);
		return NULL;
	}
	memcpy(src, base, blen);
	src[blen] = '/';
	memcpy(src + blen + 1, rel, rlen);
	size_t n = blen + 1 + rlen;
	for (size_t i = 0; i < n;) {
		while (i < n && src[i] == '/')
			i++;
		size_t j = i;
		while (j < n && src[j] != '/')
			j++;
		size_t seg = j - i;
		if (seg == 0 || (seg == 1 && src[i] == '.')) {
		} else if (seg == 2 && src[i] == '.' && src[i + 1] == '.') {
			while (o > 0 && buf[o - 1] != '/')
				o--;
			if (o > 0)
				o--;
		} else {
			buf[o++] = '/';
			memcpy(buf + o, src + i, seg);
			o += seg;
		}
		i = j;
	}
	if (o == 0)
		buf[o++] = '/';
	buf[o] = 0;
	free(src);
	return buf;
}

/* /proc/self and /proc/thread-self name the caller: the kernel's link text
 * (what strace -y shows) has its ids. Takes and returns a malloc'd path. */
static char *proc_self(char *full, const rn_syscall *sc)
{
	if (!full || strncmp(full, "/proc/", 6) != 0)
		return full;
	const char *rest = full + 6;
	char id[48];
	size_t skip;
	if (strncmp(rest, "self", 4) == 0 && (rest[4] == '/' || !rest[4])) {
		snprintf(id, sizeof(id), "%d", (int)sc->pid);
		skip = 4;
	} else if (strncmp(rest, "thread-self", 11) == 0 && (rest[11] == '/' || !rest[11])) {
		snprintf(id, sizeof(id), "%d/task/%d", (int)sc->pid, (int)sc->tid);
		skip = 11;
	} else {
		return full;
	}
	size_t n = 6 + strlen(id) + strlen(rest + skip) + 1;
	char *out = malloc(n);
	if (out)
		snprintf(out, n, "/proc/%s%s", id, rest + skip);
	free(full);
	return out;
}

static const char *cwd_of(const rn_fdtrack *t, const proc *p)
{
	return p && p->cwd ? p->cwd : t->cwd0;
}

static void do_open(rn_fdtrack *t, proc *p, const rn_syscall *sc, int dirfd_arg, int path_arg,
                    uint64_t flags)
{
	const rn_capture *c = NULL;
	for (uint16_t k = 0; k < sc->ncap; k++)
		if (sc->caps[k].arg == path_arg && sc->caps[k].kind == RN_CAP_STRING)
			c = &sc->caps[k];
	if (!c) {
		set_fd(p, sc->ret, NULL, 0, 0);
		return;
	}
	const char *base = cwd_of(t, p);
	if (dirfd_arg >= 0 && (int32_t)sc->args[dirfd_arg] != -100)
		base = fd_path(p, (int32_t)sc->args[dirfd_arg]);
	char *full = proc_self(resolve(base ? base : "", (const char *)c->data, c->len), sc);
	/* /proc here describes the replaying machine's processes, not the
	 * recorded ones: its links are never followed */
	if (full && t->realpath && strncmp(full, "/proc/", 6) != 0) {
		char *real = realpath(full, NULL);
		if (real) {
			free(full);
			full = real;
		}
	}
	if (full)
		set_fd(p, sc->ret, full, strlen(full), (flags & 02000000) != 0);
	free(full);
}

static void copy_fd(proc *p, int64_t from, int64_t to, int cloexec)
{
	const char *s = fd_path(p, from);
	char *dup = s ? strdup(s) : NULL;
	set_fd(p, to, dup, dup ? strlen(dup) : 0, cloexec);
	free(dup);
}

/* The recorded link text of the call's k-th new descriptor (RN_CAPF_FDLINK),
 * or the generic text when the trace has none (older recorders). */
static void set_new_fd(proc *p, const rn_syscall *sc, int k, int64_t fd, const char *generic,
                       int cloexec)
{
	for (uint16_t i = 0; i < sc->ncap; i++) {
		const rn_capture *c = &sc->caps[i];
		if ((c->flags & RN_CAPF_FDLINK) && c->arg == RN_CAP_FDLINK + k &&
		    c->kind == RN_CAP_STRING && c->len && !(c->flags & RN_CAPF_UNREADABLE)) {
			set_fd(p, fd, (const char *)c->data, c->len, cloexec);
			return;
		}
	}
	set_fd(p, fd, generic, strlen(generic), cloexec);
}

static void on_syscall(rn_fdtrack *t, const rn_syscall *sc)
{
	if (sc->nr >= RN_NR_MAX || !t->ops[sc->nr] || (sc->flags & RN_SC_NO_EXIT))
		return;
	int op = t->ops[sc->nr];
	if (op != OP_CLOSE && rn_sc_failed(sc))
		return;
	proc *p = get(t, sc->pid);
	if (!p)
		return;
	const uint64_t *a = sc->args;
	static const char sock[] = "socket:[?]", pipe_s[] = "pipe:[?]";
	switch (op) {
	case OP_OPEN:
		do_open(t, p, sc, -1, 0, a[1]);
		break;
	case OP_CREAT:
		do_open(t, p, sc, -1, 0, 0);
		break;
	case OP_OPENAT:
		do_open(t, p, sc, 0, 1, a[2]);
		break;
	case OP_SOCKET:
		set_new_fd(p, sc, 0, sc->ret, sock, (a[1] & 02000000) != 0);
		break;
	case OP_ACCEPT: /* accept has no flags argument: only accept4's count */
		set_new_fd(p, sc, 0, sc->ret, sock,
		           rn_syscall_nargs(t->arch, sc->nr) > 3 && (a[3] & 02000000) != 0);
		break;
	case OP_SOCKETPAIR:
	case OP_PIPE: {
		int ai = op == OP_PIPE ? 0 : 3;
		uint64_t fl =
		    a[1]; /* pipe2's flags, socketpair's type: O_CLOEXEC is the same bit */
		const char *s = op == OP_PIPE ? pipe_s : sock;
		for (uint16_t k = 0; k < sc->ncap; k++) {
			const rn_capture *c = &sc->caps[k];
			if (c->arg == ai && c->kind == RN_CAP_ARRAY && c->len >= 8) {
				int32_t fds[2];
				memcpy(fds, c->data, 8);
				set_new_fd(p, sc, 0, fds[0], s, (fl & 02000000) != 0);
				set_new_fd(p, sc, 1, fds[1], s, (fl & 02000000) != 0);
			}
		}
		break;
	}
	case OP_DUP:
		copy_fd(p, (int32_t)a[0], sc->ret, 0);
		break;
	case OP_DUP2:
		if ((int32_t)a[0] != (int32_t)a[1])
			copy_fd(p, (int32_t)a[0], (int32_t)a[1], (a[2] & 02000000) != 0);
		break;
	case OP_FCNTL:
		if (a[1] == 0 || a[1] == 1030)
			copy_fd(p, (int32_t)a[0], sc->ret, a[1] == 1030);
		else if (a[1] == 2 && fd_path(p, (int32_t)a[0]))
			p->fds->cloexec[(int32_t)a[0]] = (uint8_t)(a[2] & 1);
		break;
	case OP_CLOSE:
		if (!(rn_sc_failed(sc) && sc->ret == -9))
			set_fd(p, (int32_t)a[0], NULL, 0, 0);
		break;
	case OP_CLOSE_RANGE: {
		uint64_t last = a[1];
		if (p->fds && last >= (uint64_t)p->fds->cap)
			last = p->fds->cap ? (uint64_t)p->fds->cap - 1 : 0;
		for (uint64_t fd = a[0]; p->fds && fd <= last && fd < (uint64_t)p->fds->cap; fd++) {
			if (a[2] & 4)
				p->fds->cloexec[fd] = 1;
			else
				set_fd(p, (int64_t)fd, NULL, 0, 0);
		}
		break;
	}
	case OP_CHDIR:
	case OP_FCHDIR: {
		char *nc = NULL;
		if (op == OP_FCHDIR) {
			const char *s = fd_path(p, (int32_t)a[0]);
			nc = s ? strdup(s) : NULL;
		} else
			for (uint16_t k = 0; k < sc->ncap; k++)
				if (sc->caps[k].arg == 0 && sc->caps[k].kind == RN_CAP_STRING)
					nc = resolve(cwd_of(t, p), (const char *)sc->caps[k].data,
					             sc->caps[k].len);
		if (nc) {
			free(p->cwd);
			p->cwd = nc;
		}
		break;
	}
	case OP_ANON:
		set_fd(p, sc->ret, t->anon[sc->nr], strlen(t->anon[sc->nr]), 0);
		break;
	case OP_PIDFD: {
		char name[32];
		int n = snprintf(name, sizeof(name), "pid:%d", (int32_t)sc->args[0]);
		set_fd(p, sc->ret, name, (size_t)n, 0);
		break;
	}
	case OP_MEMFD: {
		char name[300] = "/memfd:";
		for (uint16_t k = 0; k < sc->ncap; k++)
			if (sc->caps[k].arg == 0 && sc->caps[k].kind == RN_CAP_STRING)
				snprintf(name, sizeof(name), "/memfd:%.*s (deleted)",
				         (int)(sc->caps[k].len > 250 ? 250 : sc->caps[k].len),
				         (const char *)sc->caps[k].data);
		set_fd(p, sc->ret, name, strlen(name), (a[1] & 1) != 0);
		break;
	}
	default:
		break;
	}
}

static void on_proc(rn_fdtrack *t, const rn_proc *pr)
{
	switch (pr->kind) {
	case RN_PROC_FORK:
	case RN_PROC_VFORK:
	case RN_PROC_CLONE: {
		if (pr->kind == RN_PROC_CLONE && (pr->clone_flags & 0x10000)) /* CLONE_THREAD */
			return;
		proc *parent = get(t, pr->pid);
		if (!parent || pr->other == pr->pid)
			return;
		drop(t, pr->other); /* a recycled pid starts afresh */
		proc *child = get(t, pr->other);
		parent = find(t, pr->pid); /* the table may have moved */
		if (!child || !parent)
			return;
		child->cwd = parent->cwd ? strdup(parent->cwd) : NULL;
		if (pr->kind == RN_PROC_CLONE && (pr->clone_flags & 0x400)) { /* CLONE_FILES */
			tab_unref(child->fds);
			child->fds = parent->fds;
			if (child->fds)
				child->fds->refs++;
			return;
		}
		for (int fd = 0; parent->fds && fd < parent->fds->cap; fd++) {
			const char *s = parent->fds->path[fd];
			if (s)
				set_fd(child, fd, s, strlen(s), parent->fds->cloexec[fd]);
		}
		break;
	}
	case RN_PROC_EXEC: {
		proc *p = get(t, pr->pid);
		for (int fd = 0; p && p->fds && fd < p->fds->cap; fd++)
			if (p->fds->cloexec[fd])
				set_fd(p, fd, NULL, 0, 0);
		break;
	}
	case RN_PROC_EXIT:
	case RN_PROC_KILLED:
		drop(t, pr->pid);
		break;
	default:
		break;
	}
}

void rn_fdtrack_event(rn_fdtrack *t, const rn_event *ev)
{
	if (!t)
		return;
	switch (ev->kind) {
	case RN_EV_SYSCALL:
		on_syscall(t, &ev->u.sc);
		break;
	case RN_EV_PROC:
		on_proc(t, &ev->u.proc);
		break;
	case RN_EV_FDINFO: {
		proc *p = get(t, ev->u.fd.pid);
		set_fd(p, ev->u.fd.fd, ev->u.fd.path, ev->u.fd.path_len, 0);
		break;
	}
	case RN_EV_SNAPSHOT: {
		proc *p = get(t, ev->u.snap.pid);
		if (p && ev->u.snap.cwd_len) {
			char *c = malloc(ev->u.snap.cwd_len + 1);
			if (c) {
				memcpy(c, ev->u.snap.cwd, ev->u.snap.cwd_len);
				c[ev->u.snap.cwd_len] = 0;
				free(p->cwd);
				p->cwd = c;
			}
		}
		break;
	}
	default:
		break;
	}
}

const char *rn_fdtrack_path(const rn_fdtrack *t, int32_t pid, int32_t fd)
{
	return t ? fd_path(find(t, pid), fd) : NULL;
}

const char *rn_fdtrack_cwd(const rn_fdtrack *t, int32_t pid)
{
	return t ? cwd_of(t, find(t, pid)) : NULL;
}
