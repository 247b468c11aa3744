/* rn_replay_show.c: what strace's -n, -e read=/-e write=, -P and
 * --trace-fds add to rn-replay: the "[ 59] " syscall number prefix (the
 * thread's last call for +++ and --- lines), the hex dumps of the data a
 * call moved, and the choice of calls that use a path or a descriptor. */
#include "rn_replay.h"

#include "rn_grow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t ld64(const uint8_t *p)
{
	uint64_t v;
	memcpy(&v, p, 8);
	return v;
}

/* ---- -n ---- */

static uint32_t *last_slot(rp_state *st, int32_t tid)
{
	for (size_t i = 0; i < st->nlast; i++)
		if (st->last[i].tid == tid)
			return &st->last[i].nr;
	void *nv = rn_grow_array(st->last, &st->caplast, st->nlast + 1, sizeof(*st->last), 16);
	if (!nv)
		return NULL;
	st->last = nv;
	st->last[st->nlast].tid = tid;
	st->last[st->nlast].nr = 0;
	return &st->last[st->nlast++].nr;
}

void rp_show_note(rp_state *st, const rn_event *ev)
{
	if (!st->f || !st->f->sysnum || ev->kind != RN_EV_SYSCALL)
		return;
	uint32_t *s = last_slot(st, ev->u.sc.tid);
	if (s)
		*s = ev->u.sc.nr;
}

void rp_show_nr(rn_sb *sb, rp_state *st, int32_t tid, int has_nr, uint32_t nr)
{
	if (!st->f || !st->f->sysnum)
		return;
	if (!has_nr) {
		uint32_t *s = last_slot(st, tid);
		nr = s ? *s : 0;
	}
	rn_sb_printf(sb, "[%4u] ", nr);
}

/* ---- -e read=, -e write= ---- */

/* The bytes a call moved, or -1: n known bytes of data, full in all. */
static void dump_bytes(rn_sb *sb, const uint8_t *data, size_t have, uint64_t full)
{
	size_t n = have < full ? have : (size_t)full;
	rn_decode_hexdump(sb, data, n);
	if (n < full)
		rn_sb_printf(sb, "\n * rn: %llu of %llu bytes were not recorded",
		             (unsigned long long)(full - n), (unsigned long long)full);
}

/* " * N bytes in buffer K" and its dump for each iovec, up to budget bytes
 * (UINT64_MAX: all); the IOVEC capture holds the buffers' first bytes in
 * order. Stops at the first empty buffer, as strace does. */
static void dump_iov(rn_sb *sb, const rn_capture *arr, const rn_capture *dat, uint64_t budget)
{
	size_t off = 0, dlen = dat ? dat->len : 0;
	for (size_t k = 0; arr && k < arr->len / 16; k++) {
		uint64_t len = ld64(arr->data + 16 * k + 8);
		uint64_t moved = len < budget ? len : budget;
		if (!moved)
			break;
		budget -= moved;
		rn_sb_printf(sb, "\n * %llu bytes in buffer %zu", (unsigned long long)moved, k);
		size_t here = dlen - off < len ? dlen - off : (size_t)len;
		dump_bytes(sb, dat ? dat->data + off : NULL, here, moved);
		off += here;
	}
}

static void dump_msghdr(rn_sb *sb, const rn_syscall *sc, int out, uint64_t budget)
{
	const rn_capture *h = rn_decode_cap_nth(sc, 1, RN_CAP_STRUCT, out, 0);
	if (!h || h->len < 56 || !ld64(h->data + 16) || !ld64(h->data + 24))
		return;
	dump_iov(sb, rn_decode_cap_nth(sc, 1, RN_CAP_ARRAY, out, 0),
	         rn_decode_cap_nth(sc, 1, RN_CAP_IOVEC, out, 0), budget);
}

void rp_show_dump(rn_sb *sb, rp_state *st, const rn_syscall *sc)
{
	const rp_filter *f = st->f;
	if (!f || (!f->reads && !f->writes) || (sc->flags & RN_SC_NO_EXIT))
		return;
	const rn_sysent *e = sc->flags & RN_SC_COMPAT ? NULL : rn_syscall_ent(st->d.arch, sc->nr);
	if (!e)
		return;
	int32_t fd = (int32_t)sc->args[0];
	const char *n = e->name;
	int failed = rn_sc_failed(sc);
	uint64_t ret = failed || sc->ret < 0 ? 0 : (uint64_t)sc->ret;
	if (f->writes && rp_fdset_has(f->writes, fd)) { /* strace dumps writes that failed too */
		if (!strcmp(n, "write") || !strcmp(n, "pwrite64") || !strcmp(n, "sendto")) {
			const rn_capture *c = rn_decode_cap(sc, 1, RN_CAP_BUFFER, 0);
			if (c || sc->args[2] == 0)
				dump_bytes(sb, c ? c->data : NULL, c ? c->len : 0, sc->args[2]);
		} else if (!strcmp(n, "writev") || !strcmp(n, "pwritev") || !strcmp(n, "pwritev2"))
			dump_iov(sb, rn_decode_cap(sc, 1, RN_CAP_ARRAY, 0),
			         rn_decode_cap(sc, 1, RN_CAP_IOVEC, 0), UINT64_MAX);
		else if (!strcmp(n, "sendmsg"))
			dump_msghdr(sb, sc, 0, UINT64_MAX);
	}
	if (failed || !f->reads || !rp_fdset_has(f->reads, fd))
		return;
	if (!strcmp(n, "read") || !strcmp(n, "pread64") || !strcmp(n, "recvfrom")) {
		const rn_capture *c = rn_decode_cap(sc, 1, RN_CAP_BUFFER, 1);
		if (c || ret == 0)
			dump_bytes(sb, c ? c->data : NULL, c ? c->len : 0, ret);
	} else if (!strcmp(n, "readv") || !strcmp(n, "preadv") || !strcmp(n, "preadv2"))
		dump_iov(sb, rn_decode_cap(sc, 1, RN_CAP_ARRAY, 1),
		         rn_decode_cap(sc, 1, RN_CAP_IOVEC, 1), ret);
	else if (!strcmp(n, "recvmsg"))
		dump_msghdr(sb, sc, 1, ret);
}

/* ---- -P, --trace-fds ---- */

/* Lexically normalised dir/path: "." and ".." resolved, "//" folded. */
static char *join_path(const char *dir, const char *path)
{
	size_t n = strlen(dir) + strlen(path) + 2;
	char *in = malloc(n), *out = malloc(n);
	if (!in || !out) {
		free(in);
		free(out);
		return NULL;
	}
	snprintf(in, n, "%s/%s", path[0] == '/' ? "" : dir, path);
	size_t k = 0;
	for (char *save = NULL, *t = strtok_r(in, "/", &save); t; t = strtok_r(NULL, "/", &save)) {
		if (!strcmp(t, "."))
			continue;
		if (!strcmp(t, "..")) {
			while (k > 0 && out[--k] != '/')
				;
			continue;
		}
		out[k++] = '/';
		size_t l = strlen(t);
		memcpy(out + k, t, l);
		k += l;
	}
	if (!k)
		out[k++] = '/';
	out[k] = 0;
	free(in);
	return out;
}

int rp_paths_init(rp_filter *f, const char *const *paths, size_t n, const char *cwd)
{
	f->paths = calloc(2 * n + 1, sizeof(*f->paths));
	if (!f->paths)
		return -1;
	for (size_t i = 0; i < n; i++) {
		f->paths[f->npaths] = strdup(paths[i]);
		if (!f->paths[f->npaths])
			return -1;
		f->npaths++;
		char *abs = join_path(cwd && *cwd ? cwd : "/", paths[i]);
		if (!abs)
			return -1;
		if (strcmp(abs, paths[i]) != 0) {
			fprintf(stderr, "rn-replay: Requested path \"%s\" resolved into \"%s\"\n",
			        paths[i], abs);
			f->paths[f->npaths++] = abs;
		} else
			free(abs);
	}
	return 0;
}

void rp_paths_free(rp_filter *f)
{
	for (size_t i = 0; i < f->npaths; i++)
		free(f->paths[i]);
	free(f->paths);
	f->paths = NULL;
	f->npaths = 0;
}

static int path_in(const rp_filter *f, const char *p, size_t len)
{
	for (size_t i = 0; p && i < f->npaths; i++)
		if (strlen(f->paths[i]) == len && memcmp(f->paths[i], p, len) == 0)
			return 1;
	return 0;
}

static int fd_matches(const rp_filter *f, const rp_state *st, int32_t pid, int64_t fd)
{
	if (fd < 0)
		return 0;
	if (f->fds && rp_fdset_has(f->fds, fd))
		return 1;
	if (!f->npaths || !st->fds)
		return 0;
	const char *p = rn_fdtrack_path(st->fds, pid, (int32_t)fd);
	return p && path_in(f, p, strlen(p));
}

int rp_show_wanted(const rp_state *st, const rn_event *ev)
{
	const rp_filter *f = st->f;
	if (!f || (!f->npaths && !f->fds) || ev->kind != RN_EV_SYSCALL)
		return 1;
	const rn_syscall *sc = &ev->u.sc;
	const rn_sysent *e = sc->flags & RN_SC_COMPAT ? NULL : rn_syscall_ent(st->d.arch, sc->nr);
	for (int i = 0; e && i < e->nargs && i < 6; i++) {
		switch (RN_ARG_KIND(e->args[i])) {
		case RN_A_FD:
		case RN_A_DIRFD:
			if (fd_matches(f, st, sc->pid, (int32_t)sc->args[i]))
				return 1;
			break;
		case RN_A_PATH: {
			const rn_capture *c = rn_decode_cap(sc, i, RN_CAP_STRING, 0);
			if (f->npaths && c && path_in(f, (const char *)c->data, c->len))
				return 1;
			break;
		}
		default:
			break;
		}
	}
	return 0;
}
