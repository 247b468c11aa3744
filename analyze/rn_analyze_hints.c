/* rn_analyze_hints.c: `rn-analyze hints`: finds the common performance patterns
 * in one pass, each reported with its evidence (counts, median sizes, time
 * spent) and its most frequent call site (with --source):
 *   small_io       many small read()/write() calls on one descriptor
 *   fsync_each     an fsync/fdatasync after (nearly) every write
 *   repeated_path  the same path stat'ed or opened over and over
 *   many_files     many distinct small files opened in one directory
 *   mmap_churn     mmap/munmap pairs repeated
 *   enoent_storm   a name searched for in many directories (ENOENT)
 *   busy_poll      polls that return at once with nothing, EAGAIN loops */
#include "rn_analyze.h"
#include "rn_grow.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* Thresholds (documented in rn-analyze(1)). */
#define SMALL_IO_MIN_CALLS  100
#define SMALL_IO_MAX_MEDIAN 1024
#define FSYNC_MIN           10
#define REPEAT_MIN          20
#define MANY_FILES_MIN      100
#define MMAP_MIN            100
#define ENOENT_MIN_DIRS     10
#define POLL_MIN            100

enum { K_READ, K_WRITE, K_FSYNC, K_PATH, K_DIR, K_MMAP, K_MUNMAP, K_ENOENT, K_POLL, K_EAGAIN };

/* One accumulator per (kind, key). */
typedef struct acc {
	int kind;
	int32_t pid;
	int64_t fd;
	uint64_t n, n2; /* calls; kind-specific second count */
	uint64_t total_ns;
	rn_analyze_lat vals; /* sizes, lengths... */
	int last_was_write;
	char *what; /* path (of the descriptor), directory, basename */
} acc;

typedef struct hctx {
	rn_analyze_table keys; /* key -> row; accs[row index] */
	acc *accs;
	size_t cap;
	rn_analyze_table sites; /* "index\x1fsite" -> calls */
	rn_analyze_table paths; /* distinct opened paths */
	int oom;
	struct hint *hints; /* collected at the end of the scan */
	size_t nhints;
	rn_loss_tally loss; /* said first (rule 2) */
	char damage[256];   /* the scan's damage line, for the JSON */
} hctx;

static acc *get_acc(hctx *h, int kind, int32_t pid, int64_t fd, const char *what)
{
	char key[4200];
	snprintf(key, sizeof(key), "%d|%d|%" PRId64 "|%s", kind, pid, fd, what ? what : "");
	rn_analyze_row *r = rn_analyze_table_get(&h->keys, key);
	if (!r) {
		h->oom = 1;
		return NULL;
	}
	size_t i = (size_t)(r - h->keys.rows);
	if (i >= h->cap) {
		size_t old = h->cap;
		acc *p = rn_grow_array(h->accs, &h->cap, i + 1, sizeof(*p), 64);
		if (!p) {
			h->oom = 1;
			return NULL;
		}
		memset(p + old, 0, (h->cap - old) * sizeof(*p));
		h->accs = p;
	}
	acc *a = &h->accs[i];
	if (!r->calls++) {
		a->kind = kind;
		a->pid = pid;
		a->fd = fd;
		a->what = what ? strdup(what) : NULL;
	}
	return a;
}

static void note_site(hctx *h, rn_analyze_scan *s, const rn_syscall *sc, const acc *a)
{
	const char *w = rn_analyze_scan_where(s, sc);
	if (!w)
		return;
	char key[4200];
	snprintf(key, sizeof(key), "%zu\x1f%s", (size_t)(a - h->accs), w);
	rn_analyze_row *r = rn_analyze_table_get(&h->sites, key);
	if (r)
		r->calls++;
}

static uint64_t dur(const rn_syscall *sc)
{
	if (sc->flags & RN_SC_NO_ENTRY) /* in progress when recording started: not measured */
		return 0;
	return sc->t_exit > sc->t_entry ? sc->t_exit - sc->t_entry : 0;
}

/* One more call for an accumulator: count, time, call site. */
static void count(hctx *h, rn_analyze_scan *s, const rn_syscall *sc, acc *a)
{
	a->n++;
	a->total_ns += dur(sc);
	note_site(h, s, sc, a);
}

static int is(const char *name, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(name, *list) == 0)
			return 1;
	return 0;
}

static const char *const reads[] = {"read", "pread64", "readv", "preadv", "recvfrom", "recv", NULL};
static const char *const writes[] = {"write",  "pwrite64", "writev", "pwritev",
                                     "sendto", "send",     NULL};
static const char *const syncs[] = {"fsync", "fdatasync", NULL};
static const char *const lookups[] = {
    "open",   "openat",    "openat2",    "stat",   "lstat",    "newfstatat", "statx",
    "access", "faccessat", "faccessat2", "execve", "readlink", "readlinkat", NULL};
static const char *const opens[] = {"open", "openat", "openat2", "creat", NULL};
static const char *const polls[] = {"poll",       "ppoll",       "select", "pselect6",
                                    "epoll_wait", "epoll_pwait", NULL};

static void on_io(hctx *h, rn_analyze_scan *s, const rn_syscall *sc, int kind)
{
	/* Keyed by descriptor and the file behind it (fd numbers are reused). */
	const char *fp = rn_analyze_scan_fdpath(s, sc->pid, (int64_t)sc->args[0]);
	acc *a = get_acc(h, kind, sc->pid, (int64_t)sc->args[0], fp);
	if (!a)
		return;
	count(h, s, sc, a);
	if (sc->ret >= 0)
		rn_analyze_lat_add(&a->vals, (uint64_t)sc->ret);
	acc *f = get_acc(h, K_FSYNC, sc->pid, (int64_t)sc->args[0], fp);
	if (f && kind == K_WRITE) {
		f->n2++; /* writes on this fd */
		f->last_was_write = 1;
	}
	if (kind == K_READ && sc->ret == -11) {
		acc *e = get_acc(h, K_EAGAIN, sc->pid, (int64_t)sc->args[0], fp);
		if (e)
			count(h, s, sc, e);
	}
}

static void on_fsync(hctx *h, rn_analyze_scan *s, const rn_syscall *sc)
{
	const char *fp = rn_analyze_scan_fdpath(s, sc->pid, (int64_t)sc->args[0]);
	acc *f = get_acc(h, K_FSYNC, sc->pid, (int64_t)sc->args[0], fp);
	if (!f)
		return;
	count(h, s, sc, f);
	if (f->last_was_write)
		rn_analyze_lat_add(&f->vals, 1); /* count of fsyncs right after a write */
	f->last_was_write = 0;
}

static void dir_of(const char *path, char *dir, size_t n)
{
	const char *slash = strrchr(path, '/');
	if (!slash) {
		snprintf(dir, n, ".");
		return;
	}
	size_t len = (size_t)(slash - path);
	if (len >= n)
		len = n - 1;
	memcpy(dir, path, len ? len : 1);
	dir[len ? len : 1] = 0;
}

static void on_lookup(hctx *h, rn_analyze_scan *s, const rn_syscall *sc, const char *name)
{
	char buf[4096];
	const char *path = rn_analyze_sc_path(sc, buf, sizeof(buf));
	if (!path || !path[0])
		return; /* AT_EMPTY_PATH calls name no file */
	acc *a = get_acc(h, K_PATH, 0, 0, path);
	if (a)
		count(h, s, sc, a);
	if (sc->ret == -2) {
		const char *base = strrchr(path, '/');
		acc *e = get_acc(h, K_ENOENT, 0, 0, base ? base + 1 : path);
		char key[4200];
		snprintf(key, sizeof(key), "\x1e%s", path);
		rn_analyze_row *p = rn_analyze_table_get(&h->paths, key);
		if (e) {
			e->n2 += p && ++p->calls == 1; /* a place not tried before */
			count(h, s, sc, e);
		}
	}
	if (is(name, opens) && sc->ret >= 0) {
		rn_analyze_row *p = rn_analyze_table_get(&h->paths, path);
		char dir[4096];
		dir_of(path, dir, sizeof(dir));
		acc *d = get_acc(h, K_DIR, 0, 0, dir);
		if (p && d && ++p->calls == 1) {
			d->n++; /* a new distinct file in this directory */
			note_site(h, s, sc, d);
		}
		if (d)
			d->total_ns += dur(sc);
	}
}

static void on_other(hctx *h, rn_analyze_scan *s, const rn_syscall *sc, const char *name)
{
	if (strcmp(name, "mmap") == 0 || strcmp(name, "munmap") == 0) {
		acc *a = get_acc(h, name[0] == 'm' && name[1] == 'm' ? K_MMAP : K_MUNMAP, sc->pid,
		                 0, NULL);
		if (!a)
			return;
		count(h, s, sc, a);
		rn_analyze_lat_add(&a->vals, sc->args[1]);
	} else if (is(name, polls) && sc->ret == 0) {
		acc *a = get_acc(h, K_POLL, sc->pid, 0, name);
		if (a)
			count(h, s, sc, a);
	}
}

static void finish(hctx *h, rn_analyze_scan *s);

static int visit(void *vctx, rn_analyze_scan *s, const rn_event *ev)
{
	hctx *h = vctx;
	if (!ev) {
		h->loss = s->loss;
		memcpy(h->damage, s->damage, sizeof(h->damage));
		h->loss.unread = s->unread_paths; /* hints read no other argument */
		finish(h, s);
		return h->oom ? -1 : 0;
	}
	if (ev->kind != RN_EV_SYSCALL || (ev->u.sc.flags & (RN_SC_NO_EXIT | RN_SC_COMPAT)))
		return 0; /* ia32 calls: their numbers are not the native ones */
	const rn_syscall *sc = &ev->u.sc;
	const char *name = rn_analyze_sc_name(s, sc->nr);
	if (is(name, reads))
		on_io(h, s, sc, K_READ);
	else if (is(name, writes))
		on_io(h, s, sc, K_WRITE);
	else if (is(name, syncs))
		on_fsync(h, s, sc);
	else if (is(name, lookups))
		on_lookup(h, s, sc, name);
	else
		on_other(h, s, sc, name);
	return h->oom ? -1 : 0;
}

/* ---- reporting ---- */

struct hint {
	const char *kind, *title, *fix;
	char evidence[1024];
	const acc *a;
	uint64_t count, total_ns;
	double median;
};
typedef struct hint hint;

static const char *top_site(hctx *h, const acc *a, uint64_t *calls)
{
	char prefix[32];
	int pl = snprintf(prefix, sizeof(prefix), "%zu\x1f", (size_t)(a - h->accs));
	const char *best = NULL;
	*calls = 0;
	for (size_t i = 0; i < h->sites.n; i++) {
		rn_analyze_row *r = &h->sites.rows[i];
		if (strncmp(r->key, prefix, (size_t)pl) == 0 && r->calls > *calls) {
			*calls = r->calls;
			best = r->key + pl;
		}
	}
	return best;
}

static double median(rn_analyze_lat *l)
{
	return rn_analyze_lat_count(l) ? (double)rn_analyze_lat_pct(l, 500) : 0;
}

static acc *find_acc(hctx *h, int kind, int32_t pid, int64_t fd)
{
	char key[64];
	snprintf(key, sizeof(key), "%d|%d|%" PRId64 "|", kind, pid, fd);
	rn_analyze_row *r = rn_analyze_table_find(&h->keys, key);
	return r ? &h->accs[r - h->keys.rows] : NULL;
}

static void fd_name(rn_analyze_scan *s, const acc *a, char *buf, size_t n)
{
	const char *pn = rn_analyze_scan_pname(s, a->pid);
	const char *w = a->what;
	snprintf(buf, n, "fd %" PRId64 "%s%s%s of pid %d%s%s%s", a->fd, w ? " (" : "", w ? w : "",
	         w ? ")" : "", a->pid, pn ? " (" : "", pn ? pn : "", pn ? ")" : "");
}

/* Turns accumulators into hints; returns how many. */
static size_t collect(hctx *h, rn_analyze_scan *s, hint *out, size_t max)
{
	size_t n = 0;
	char tb[32], who[256];
	for (size_t i = 0; i < h->keys.n && n < max; i++) {
		acc *a = &h->accs[i];
		hint *ht = &out[n];
		memset(ht, 0, sizeof(*ht));
		ht->a = a;
		ht->count = a->n;
		ht->total_ns = a->total_ns;
		rn_analyze_human_ns((double)a->total_ns, tb, sizeof(tb));
		if ((a->kind == K_READ || a->kind == K_WRITE) && a->n >= SMALL_IO_MIN_CALLS &&
		    median(&a->vals) < SMALL_IO_MAX_MEDIAN) {
			ht->median = median(&a->vals);
			fd_name(s, a, who, sizeof(who));
			ht->kind = "small_io";
			ht->title = a->kind == K_READ ? "many small reads (unbuffered input)"
			                              : "many small writes (unbuffered output)";
			ht->fix = a->kind == K_READ
			              ? "read into a large buffer (64 KiB) or use stdio"
			              : "buffer the output (stdio, or build larger writes)";
			snprintf(ht->evidence, sizeof(ht->evidence),
			         "%" PRIu64
			         " %s calls on %s, median %.0f byte%s each, %s in the calls",
			         a->n, a->kind == K_READ ? "read" : "write", who, ht->median,
			         ht->median == 1 ? "" : "s", tb);
		} else if (a->kind == K_FSYNC && a->n >= FSYNC_MIN &&
		           rn_analyze_lat_count(&a->vals) * 10 >= a->n * 8 && a->n * 2 >= a->n2) {
			fd_name(s, a, who, sizeof(who));
			ht->kind = "fsync_each";
			ht->title = "fsync after every write";
			ht->fix = "batch the writes and sync once per batch (or at the end)";
			snprintf(ht->evidence, sizeof(ht->evidence),
			         "%" PRIu64 " fsync calls on %s for %" PRIu64
			         " writes; %zu of them right after a write; %s in fsync",
			         a->n, who, a->n2, rn_analyze_lat_count(&a->vals), tb);
		} else if (a->kind == K_PATH && a->n >= REPEAT_MIN) {
			ht->kind = "repeated_path";
			ht->title = "the same path looked up again and again";
			ht->fix = "look it up once and keep the result (or the open descriptor)";
			snprintf(ht->evidence, sizeof(ht->evidence),
			         "%s was stat'ed/opened %" PRIu64 " times, %s in the calls",
			         a->what, a->n, tb);
		} else if (a->kind == K_DIR && a->n >= MANY_FILES_MIN) {
			ht->kind = "many_files";
			ht->title = "many small files opened one by one";
			ht->fix =
			    "bundle the files into one (or read them with fewer, larger calls)";
			snprintf(ht->evidence, sizeof(ht->evidence),
			         "%" PRIu64 " different files opened in %s, %s in the opens", a->n,
			         a->what, tb);
		} else if (a->kind == K_MMAP && a->n >= MMAP_MIN) {
			acc *u = find_acc(h, K_MUNMAP, a->pid, 0);
			if (!u || u->n * 2 < a->n)
				continue;
			ht->median = median(&a->vals);
			ht->kind = "mmap_churn";
			ht->title = "mmap/munmap churn";
			ht->fix = "keep mappings (or a pool of buffers) instead of remapping";
			snprintf(ht->evidence, sizeof(ht->evidence),
			         "pid %d made %" PRIu64 " mmap and %" PRIu64
			         " munmap calls, median length %.0f bytes, %s in mmap",
			         a->pid, a->n, u->n, ht->median, tb);
		} else if (a->kind == K_ENOENT && a->n2 >= ENOENT_MIN_DIRS) {
			ht->kind = "enoent_storm";
			ht->title = "a name searched for in many places (ENOENT storm)";
			ht->fix = "shorten the search path (LD_LIBRARY_PATH, PATH, include paths)";
			snprintf(ht->evidence, sizeof(ht->evidence),
			         "\"%s\" was looked for %" PRIu64 " times in %" PRIu64
			         " places and not found there, %s in the calls",
			         a->what, a->n, a->n2, tb);
		} else if ((a->kind == K_POLL || a->kind == K_EAGAIN) && a->n >= POLL_MIN) {
			ht->kind = "busy_poll";
			ht->title = "busy polling";
			ht->fix = "block (a timeout, or epoll without a zero timeout) instead of "
			          "spinning";
			if (a->kind == K_POLL)
				snprintf(ht->evidence, sizeof(ht->evidence),
				         "%" PRIu64
				         " %s calls by pid %d returned with nothing ready, %s",
				         a->n, a->what, a->pid, tb);
			else
				snprintf(ht->evidence, sizeof(ht->evidence),
				         "%" PRIu64 " reads on fd %" PRId64
				         " of pid %d failed with EAGAIN",
				         a->n, a->fd, a->pid);
		} else {
			continue;
		}
		n++;
	}
	return n;
}

static int cmp_hint(const void *x, const void *y)
{
	const hint *a = x, *b = y;
	if (a->total_ns != b->total_ns)
		return a->total_ns < b->total_ns ? 1 : -1;
	return a->count < b->count ? 1 : a->count > b->count ? -1 : 0;
}

static void finish(hctx *h, rn_analyze_scan *s)
{
	h->hints = calloc(h->keys.n + 1, sizeof(*h->hints));
	if (!h->hints) {
		h->oom = 1;
		return;
	}
	h->nhints = collect(h, s, h->hints, h->keys.n);
	qsort(h->hints, h->nhints, sizeof(*h->hints), cmp_hint);
}

static void print_hints(FILE *f, const rn_analyze_opts *o, hctx *h, hint *hs, size_t n)
{
	if (o->format == RN_FMT_JSON) {
		fputc('{', f);
		rn_analyze_loss_json(f, &h->loss, h->damage);
		fprintf(f, "\"trace\":");
	} else {
		rn_analyze_loss_text(f, &h->loss);
	}
	if (o->format == RN_FMT_JSON) {
		rn_analyze_json_str(f, o->files[0]);
		fprintf(f, ",\"hints\":[");
	}
	for (size_t i = 0; i < n; i++) {
		uint64_t sc;
		const char *site = top_site(h, hs[i].a, &sc);
		if (o->format == RN_FMT_JSON) {
			fprintf(f, "%s\n{\"kind\":\"%s\",\"title\":", i ? "," : "", hs[i].kind);
			rn_analyze_json_str(f, hs[i].title);
			fprintf(f, ",\"evidence\":");
			rn_analyze_json_str(f, hs[i].evidence);
			fprintf(f,
			        ",\"count\":%" PRIu64 ",\"total_ns\":%" PRIu64 ",\"median\":%.0f,",
			        hs[i].count, hs[i].total_ns, hs[i].median);
			fprintf(f, "\"call_site\":");
			if (site)
				rn_analyze_json_str(f, site);
			else
				fprintf(f, "null");
			fprintf(f, ",\"call_site_calls\":%" PRIu64 ",\"suggestion\":", sc);
			rn_analyze_json_str(f, hs[i].fix);
			fputc('}', f);
			continue;
		}
		fprintf(f, "hint %zu: %s [%s]\n  evidence:  %s\n", i + 1, hs[i].title, hs[i].kind,
		        hs[i].evidence);
		if (site)
			fprintf(f, "  call site: %s (%" PRIu64 " calls)\n", site, sc);
		else if (!o->source)
			fprintf(
			    f,
			    "  call site: (run with --source on a trace recorded with --stack)\n");
		fprintf(f, "  fix:       %s\n", hs[i].fix);
	}
	if (o->format == RN_FMT_JSON)
		fprintf(f, "]}\n");
	else if (!n)
		fprintf(f, "no hints: none of the known patterns was found\n");
}

int rn_analyze_cmd_hints(rn_analyze_opts *o)
{
	hctx *h = calloc(1, sizeof(*h));
	if (!h)
		return 1;
	rn_analyze_opts local = *o;
	local.need_fds = 1;
	int rc = rn_analyze_scan_file(o->files[0], &local, visit, h);
	if (rc >= 0) {
		size_t n = h->nhints;
		if (o->top && (size_t)o->top < n)
			n = (size_t)o->top;
		FILE *f = rn_analyze_out_open(o);
		if (f) {
			print_hints(f, o, h, h->hints, n);
			if (rn_analyze_out_close(f, o) < 0)
				rc = -1;
		} else {
			rc = -1;
		}
	}
	free(h->hints);
	for (size_t i = 0; i < h->keys.n; i++) {
		free(h->accs[i].what);
		rn_analyze_lat_free(&h->accs[i].vals);
	}
	free(h->accs);
	rn_analyze_table_free(&h->keys);
	rn_analyze_table_free(&h->sites);
	rn_analyze_table_free(&h->paths);
	free(h);
	return rn_analyze_exit_code(rc);
}
