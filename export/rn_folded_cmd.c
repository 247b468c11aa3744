/* rn_folded_cmd.c: `rn-export folded FILE`: folded stacks for flame graphs
 * ("comm;f1;f2;f3 VALUE" lines, VALUE = self time in nanoseconds). From
 * function events when the trace has them (each thread's call stack); else
 * from the stacks recorded with --stack, unwound by rn-analyze's libdw
 * resolver ("comm;main;work;read", VALUE = time in the syscall); else from
 * syscall names ("comm;syscall"). */
#include "rn_export.h"
#include "rn_export_decode.h"
#include "rn_int_map.h"
#include "rn_loss.h"
#include "rn_span_source.h"
#include "rn_symbols.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define FOLD_DEPTH 256

typedef struct fold_ent {
	char *key;
	uint64_t ns;
} fold_ent;

typedef struct fold_map {
	fold_ent *e;
	size_t cap, n;
} fold_map;

static uint64_t str_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
	return h;
}

static int fold_add(fold_map *m, const char *key, uint64_t ns)
{
	if ((m->n + 1) * 2 > m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 1024;
		fold_ent *e = calloc(cap, sizeof(*e));
		if (!e)
			return -1;
		for (size_t i = 0; i < m->cap; i++) {
			if (!m->e[i].key)
				continue;
			size_t j = str_hash(m->e[i].key) & (cap - 1);
			while (e[j].key)
				j = (j + 1) & (cap - 1);
			e[j] = m->e[i];
		}
		free(m->e);
		m->e = e;
		m->cap = cap;
	}
	size_t j = str_hash(key) & (m->cap - 1);
	while (m->e[j].key && strcmp(m->e[j].key, key) != 0)
		j = (j + 1) & (m->cap - 1);
	if (!m->e[j].key) {
		if (!(m->e[j].key = strdup(key)))
			return -1;
		m->n++;
	}
	m->e[j].ns += ns;
	return 0;
}

typedef struct fold_frame {
	uint64_t addr;
	uint64_t start;
	uint64_t child_ns;
	size_t key_len; /* length of the folded key up to and including this frame */
} fold_frame;

typedef struct fold_thread {
	int32_t pid;
	int depth;
	uint32_t overflow;
	char key[8192];
	fold_frame st[FOLD_DEPTH];
} fold_thread;

typedef struct fold_run {
	fold_map map;
	rn_int_map threads;
	rn_int_map comm; /* pid -> char* */
	rn_symbols *sym;
	rn_export_decode *dec;
	rn_span_source *src; /* whole stacks (64 frames) */
	fold_map stk;        /* from recorded stacks */
	int have_funcs;
	int oom;
} fold_run;

static const char *comm_of(fold_run *f, int32_t pid)
{
	const char *c = rn_int_map_get(&f->comm, pid);
	return c ? c : "?";
}

static void set_comm(fold_run *f, int32_t pid, const char *path, size_t len)
{
	const char *s = memrchr(path, '/', len);
	size_t off = s ? (size_t)(s - path) + 1 : 0;
	char *c = strndup(path + off, len - off);
	if (!c)
		return;
	for (char *p = c; *p; p++)
		if (*p == ';' || *p == ' ')
			*p = '_';
	free(rn_int_map_del(&f->comm, pid));
	if (rn_int_map_put(&f->comm, pid, c) < 0)
		free(c);
}

static fold_thread *thread_of(fold_run *f, int32_t pid, int32_t tid)
{
	fold_thread *t = rn_int_map_get(&f->threads, tid);
	if (t && t->pid == pid)
		return t;
	if (!t) {
		t = calloc(1, sizeof(*t));
		if (!t || rn_int_map_put(&f->threads, tid, t) < 0) {
			free(t);
			return NULL;
		}
	}
	t->pid = pid;
	t->depth = 0;
	t->overflow = 0;
	return t;
}

static void push(fold_run *f, fold_thread *t, const rn_func_event *e)
{
	if (t->depth >= FOLD_DEPTH) {
		t->overflow++;
		return;
	}
	size_t len = t->depth ? t->st[t->depth - 1].key_len : 0;
	if (!t->depth)
		len = (size_t)snprintf(t->key, sizeof(t->key), "%s", comm_of(f, t->pid));
	char name[256];
	int found;
	rn_symbols_name(f->sym, t->pid, e->addr, name, sizeof(name), &found);
	if (len < sizeof(t->key))
		len += (size_t)snprintf(t->key + len, sizeof(t->key) - len, ";%s", name);
	if (len >= sizeof(t->key))
		len = sizeof(t->key) - 1;
	t->st[t->depth++] = (fold_frame){e->addr, e->time, 0, len};
}

static void pop(fold_run *f, fold_thread *t, uint64_t end)
{
	fold_frame *fr = &t->st[--t->depth];
	uint64_t dur = end > fr->start ? end - fr->start : 0;
	uint64_t self = dur > fr->child_ns ? dur - fr->child_ns : 0;
	t->key[fr->key_len] = 0;
	if (fold_add(&f->map, t->key, self) < 0)
		f->oom = 1;
	if (t->depth)
		t->st[t->depth - 1].child_ns += dur;
}

static void on_funcs(fold_run *f, const rn_funcs *fs)
{
	fold_thread *t = thread_of(f, fs->pid, fs->tid);
	uint64_t time = fs->base_ns;
	f->have_funcs = 1;
	for (uint32_t i = 0; t && i < fs->nevents; i++) {
		rn_func_event e;
		rn_funcs_get(fs, i, &time, &e);
		if (!e.exit) {
			push(f, t, &e);
		} else if (t->overflow) {
			t->overflow--;
		} else {
			int d = t->depth;
			while (d > 0 && t->st[d - 1].addr != e.addr)
				d--;
			while (d > 0 && t->depth >= d)
				pop(f, t, e.time);
		}
	}
}

/* comm;outermost;...;innermost;syscall from the unwound stack. */
static void on_stack(fold_run *f, const rn_syscall *sc, const char *name)
{
	rn_span_source_loc loc;
	char key[8192], fn[256];
	if (!rn_span_source_where(f->src, sc, &loc))
		return;
	size_t o = (size_t)snprintf(key, sizeof(key), "%s", comm_of(f, sc->pid));
	const char *t = loc.text, *end = t + strlen(t);
	/* Frames are innermost first: walk them from the end. */
	while (end > t && o + 2 < sizeof(key)) {
		const char *sep = end, *start = t;
		for (const char *p = t; p + 4 <= end; p++)
			if (memcmp(p, " <- ", 4) == 0)
				sep = p;
		start = sep < end ? sep + 4 : t;
		rn_span_source_frame_func(start, (size_t)(end - start), fn, sizeof(fn));
		for (char *p = fn; *p; p++)
			if (*p == ';' || *p == ' ')
				*p = '_';
		o += (size_t)snprintf(key + o, sizeof(key) - o, ";%s", fn);
		end = sep < end ? sep : t;
	}
	if (o + 2 < sizeof(key))
		snprintf(key + o, sizeof(key) - o, ";%s", name);
	if (fold_add(&f->stk, key, sc->t_exit - sc->t_entry) < 0)
		f->oom = 1;
}

static void on_syscall(fold_run *f, const rn_syscall *sc, fold_map *sys)
{
	char key[512], buf[48];
	if (sc->flags & (RN_SC_NO_EXIT | RN_SC_NO_ENTRY)) /* no measured time */
		return;
	const char *name = rn_export_decode_name(f->dec, sc, buf, sizeof(buf));
	if (sc->flags & RN_SC_HAS_STACK)
		on_stack(f, sc, name);
	snprintf(key, sizeof(key), "%s;%s", comm_of(f, sc->pid), name);
	if (fold_add(sys, key, sc->t_exit - sc->t_entry) < 0)
		f->oom = 1;
}

static void on_event(fold_run *f, const rn_event *ev, fold_map *sys)
{
	rn_span_source_feed(f->src, ev);
	if (ev->kind == RN_EV_FUNCS) {
		on_funcs(f, &ev->u.funcs);
	} else if (ev->kind == RN_EV_MAPPING) {
		rn_symbols_add_mapping(f->sym, &ev->u.map);
	} else if (ev->kind == RN_EV_PROC && ev->u.proc.kind == RN_PROC_EXEC &&
	           ev->u.proc.data_len) {
		const rn_proc *p = &ev->u.proc;
		set_comm(f, p->pid, (const char *)p->data,
		         strnlen((const char *)p->data, p->data_len));
	} else if (ev->kind == RN_EV_PROC &&
	           (ev->u.proc.kind == RN_PROC_FORK || ev->u.proc.kind == RN_PROC_VFORK ||
	            ev->u.proc.kind == RN_PROC_CLONE)) {
		const char *c = rn_int_map_get(&f->comm, ev->u.proc.pid);
		if (c && ev->u.proc.other != ev->u.proc.pid)
			set_comm(f, ev->u.proc.other, c, strlen(c));
	} else if (ev->kind == RN_EV_SYSCALL) {
		on_syscall(f, &ev->u.sc, sys);
	}
}

static int fold_cmp(const void *a, const void *b)
{
	const fold_ent *x = a, *y = b;
	return strcmp(x->key, y->key);
}

static int write_map(const fold_map *m, FILE *out)
{
	fold_ent *v = malloc((m->n + 1) * sizeof(*v));
	size_t k = 0;
	if (!v)
		return -1;
	for (size_t i = 0; i < m->cap; i++)
		if (m->e[i].key)
			v[k++] = m->e[i];
	qsort(v, k, sizeof(*v), fold_cmp);
	for (size_t i = 0; i < k; i++) {
		if (v[i].ns)
			fprintf(out, "%s %" PRIu64 "\n", v[i].key, v[i].ns);
	}
	free(v);
	return 0;
}

static void free_map(fold_map *m, size_t upto)
{
	for (size_t i = 0; i < upto; i++)
		free(m->e[i].key);
	free(m->e);
}

int rn_export_folded(int argc, char **argv)
{
	rn_file_opts fo;
	char err[512];
	int rc = rn_file_opts_parse("folded", argc, argv, &fo);
	if (rc)
		return rc == 1 ? 0 : rc;
	rn_reader *r = rn_reader_open(fo.trace, err, sizeof(err));
	if (!r)
		return rn_export_error("%s", err);
	rn_damage damage;
	rn_damage_listen(&damage, r);
	const rn_header *h = rn_reader_header(r);
	fold_run f = {0};
	fold_map sys = {0};
	f.sym = rn_symbols_new();
	f.dec = rn_export_decode_new(h);
	f.src = rn_span_source_new(fo.trace, h->arch, 64);
	if (h->argc)
		set_comm(&f, h->pid, h->argv[0], strlen(h->argv[0]));
	FILE *out = rn_export_open_out(fo.out);
	int dmg = 0;
	if (out && f.sym && f.dec && f.src) {
		rn_event ev;
		rn_loss_tally lost = {0};
		while (!f.oom && rn_reader_next(r, &ev) == 1) {
			if (ev.kind == RN_EV_LOSS)
				rn_loss_tally_add(&lost, &ev.u.loss);
			on_event(&f, &ev, &sys);
		}
		/* Both before the stacks (rule 2); folded has no place for them. */
		rn_export_loss(fo.trace, &lost);
		dmg = rn_export_damage(r, &damage);
		/* Calls still open at the end count up to the last event seen. */
		size_t i = 0;
		fold_thread *t;
		uint64_t end = 0;
		const rn_chunk_info *ci;
		uint32_t nci;
		if (rn_reader_chunks(r, &ci, &nci) == 0)
			for (uint32_t k = 0; k < nci; k++)
				end = ci[k].last_ns > end ? ci[k].last_ns : end;
		while ((t = rn_int_map_next(&f.threads, &i, NULL)))
			while (t->depth)
				pop(&f, t, end);
		if (f.map.n && !fo.no_functions)
			write_map(&f.map, out);
		else if (f.stk.n)
			write_map(&f.stk, out);
		else if (sys.n)
			write_map(&sys, out);
		rc = rn_export_close_out(out, fo.out);
		if (f.oom && !rc)
			rc = rn_export_error("out of memory");
	} else {
		rc = 1;
		dmg = rn_export_damage(r, &damage);
	}
	rc |= dmg;
	free_map(&f.map, f.map.cap);
	free_map(&sys, sys.cap);
	free_map(&f.stk, f.stk.cap);
	rn_span_source_free(f.src);
	size_t i = 0;
	void *v;
	while ((v = rn_int_map_next(&f.threads, &i, NULL)))
		free(v);
	i = 0;
	while ((v = rn_int_map_next(&f.comm, &i, NULL)))
		free(v);
	rn_int_map_free(&f.threads);
	rn_int_map_free(&f.comm);
	rn_symbols_free(f.sym);
	rn_export_decode_free(f.dec);
	rn_reader_close(r);
	return rc ? 1 : 0;
}
