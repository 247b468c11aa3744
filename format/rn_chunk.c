/* rn_chunk.c: chunk builder, FlatBuffer encoder and verifying decoder. The
 * builder keeps events as the fixed records of format 1.x; format 2.x stores
 * syscalls and captures as columns instead (rn_chunk_cols.c), converted at
 * encode time and back to the same records when a chunk is opened. */
#include "rn_chunk.h"
#include "rn_chunk_cols.h"
#include "rn_grow.h"

#include <stdlib.h>
#include <string.h>

/* Chunk table field ids (order of fields in rn.fbs). */
enum {
	F_SEQ,
	F_BASE,
	F_ORDER,
	F_SYSCALLS,
	F_CAPTURES,
	F_PROCS,
	F_SIGNALS,
	F_MAPPINGS,
	F_LOSSES,
	F_SNAPSHOTS,
	F_FDS,
	F_FUNCS,
	F_BLOB,
	F_SYSCALL_COLS, /* 2.x */
	F_CAPTURE_COLS, /* 2.x */
	F_DIRENT_COLS,  /* 2.x */
	F_STAT_COLS,    /* 3.x */
	F_STATX_COLS,   /* 4.x */
	F_COUNT
};

/* FuncBatch field ids. */
enum { FB_PID, FB_TID, FB_BASE, FB_ADDRS, FB_EVENTS, FB_SITES, FB_COUNT };

/* Vector field and record size for each event kind. */
static const struct {
	int field;
	size_t size;
	size_t align;
} kind_vec[RN_EV_KIND_MAX + 1] = {
    [RN_EV_SYSCALL] = {F_SYSCALLS, RN_SYSCALL_SIZE, 8},
    [RN_EV_PROC] = {F_PROCS, RN_PROC_SIZE, 8},
    [RN_EV_SIGNAL] = {F_SIGNALS, RN_SIGNAL_SIZE, 8},
    [RN_EV_MAPPING] = {F_MAPPINGS, RN_MAPPING_SIZE, 8},
    [RN_EV_LOSS] = {F_LOSSES, RN_LOSS_SIZE, 8},
    [RN_EV_SNAPSHOT] = {F_SNAPSHOTS, RN_SNAPSHOT_SIZE, 8},
    [RN_EV_FDINFO] = {F_FDS, RN_FDINFO_SIZE, 4},
    [RN_EV_FUNCS] = {F_FUNCS, 4, 4},
};

static int bytes_grow(rn_bytes *a, size_t n)
{
	if (a->len + n <= a->cap)
		return 0;
	if (n > SIZE_MAX - a->len)
		return -1;
	uint8_t *p = rn_grow(a->p, &a->cap, a->len + n, 1024);
	if (!p)
		return -1;
	a->p = p;
	return 0;
}

/* The byte arrays of the builder, order..funcs, which are laid out in a row. */
static rn_bytes *builder_arrays(rn_chunk_builder *b, int *n)
{
	*n = (int)((&b->funcs - &b->order) + 1);
	return &b->order;
}

void rn_chunk_init(rn_chunk_builder *b)
{
	memset(b, 0, sizeof(*b));
	rn_fbb_init(&b->fbb);
}

void rn_chunk_free(rn_chunk_builder *b)
{
	int n;
	rn_bytes *a = builder_arrays(b, &n);
	for (int i = 0; i < n; i++)
		free(a[i].p);
	rn_fbb_free(&b->fbb);
	rn_cols_free(b->cols);
	memset(b, 0, sizeof(*b));
}

void rn_chunk_reset(rn_chunk_builder *b)
{
	int n;
	rn_bytes *a = builder_arrays(b, &n);
	for (int i = 0; i < n; i++)
		a[i].len = 0;
	b->nfuncs = 0;
	b->base_ns = b->first_ns = b->last_ns = b->prev_entry = 0;
	b->last_func_ns = b->last_other_ns = 0;
	b->nevents = 0;
	b->oom = 0;
}

void rn_chunk_take_scratch(rn_chunk_builder *dst, rn_chunk_builder *src)
{
	if (!dst->cols && src->cols) {
		dst->cols = src->cols;
		src->cols = NULL;
	}
	if (!dst->fbb.cap && src->fbb.cap) {
		rn_fbb t = dst->fbb;
		dst->fbb = src->fbb;
		src->fbb = t;
	}
}

size_t rn_chunk_bytes(const rn_chunk_builder *b)
{
	return b->order.len + b->syscalls.len + b->captures.len + b->procs.len + b->signals.len +
	       b->mappings.len + b->losses.len + b->snapshots.len + b->fds.len + b->blob.len +
	       b->funcs.len;
}

/* Grows the order array, the record array 'rec' by rec_n bytes, the capture
 * array by cap_n bytes and the blob by blob_n bytes, so that adding the event
 * cannot fail half-way: an add either fits entirely or leaves the builder as
 * it was. Blob offsets are 32-bit, so the blob stays below 4 GiB. */
static int reserve_grow(rn_chunk_builder *b, rn_bytes *rec, size_t rec_n, size_t cap_n,
                        size_t blob_n)
{
	if (blob_n > UINT32_MAX - b->blob.len)
		return -1;
	if (bytes_grow(&b->order, 1) < 0 || bytes_grow(rec, rec_n) < 0 ||
	    bytes_grow(&b->captures, cap_n) < 0 || bytes_grow(&b->blob, blob_n) < 0)
		return -1;
	return 0;
}

/* reserve_grow, its common case (everything fits) inline: an event without
 * captures or blob bytes, a million a second from the bpf backend. */
static inline int reserve(rn_chunk_builder *b, rn_bytes *rec, size_t rec_n, size_t cap_n,
                          size_t blob_n)
{
	if (b->order.len < b->order.cap && rec_n <= rec->cap - rec->len &&
	    cap_n <= b->captures.cap - b->captures.len && blob_n <= b->blob.cap - b->blob.len &&
	    blob_n <= UINT32_MAX - b->blob.len)
		return 0;
	return reserve_grow(b, rec, rec_n, cap_n, blob_n);
}

/* Takes n reserved bytes at the end of a. */
static inline uint8_t *take(rn_bytes *a, size_t n)
{
	uint8_t *p = a->p + a->len;
	a->len += n;
	return p;
}

/* Notes an event's time span and kind (space reserved by reserve()). */
static void note_event(rn_chunk_builder *b, int kind, uint64_t t0, uint64_t t1)
{
	if (b->nevents == 0) {
		b->base_ns = t0;
		b->prev_entry = t0;
		b->first_ns = t0;
		b->last_ns = t1;
	}
	if (t0 && (t0 < b->first_ns || !b->first_ns))
		b->first_ns = t0;
	if (t1 > b->last_ns)
		b->last_ns = t1;
	uint64_t *last = kind == RN_EV_FUNCS ? &b->last_func_ns : &b->last_other_ns;
	if (t1 > *last)
		*last = t1;
	*take(&b->order, 1) = (uint8_t)kind;
	b->nevents++;
}

/* Copies n reserved bytes into the blob; returns their offset. */
static uint32_t blob_put(rn_chunk_builder *b, const void *d, size_t n)
{
	uint32_t off = (uint32_t)b->blob.len;
	if (n)
		memcpy(take(&b->blob, n), d, n);
	return off;
}

static uint64_t rel(const rn_chunk_builder *b, uint64_t t)
{
	return t - b->base_ns;
}

int rn_chunk_add_syscall(rn_chunk_builder *b, const rn_syscall *sc, const rn_capture *caps,
                         uint16_t ncap)
{
	size_t blob_n = 0;
	for (uint16_t i = 0; i < ncap; i++) {
		if (caps[i].len && !caps[i].data)
			return -1;
		blob_n += caps[i].len;
	}
	if (reserve(b, &b->syscalls, RN_SYSCALL_SIZE, (size_t)ncap * RN_CAPTURE_SIZE, blob_n) < 0)
		return -1;
	uint64_t t1 = sc->t_exit > sc->t_entry ? sc->t_exit : sc->t_entry;
	note_event(b, RN_EV_SYSCALL, sc->t_entry, t1);
	uint8_t *r = take(&b->syscalls, RN_SYSCALL_SIZE);
	rn_put64(r, sc->t_entry - b->prev_entry);
	b->prev_entry = sc->t_entry;
	rn_put64(r + 8, sc->t_exit >= sc->t_entry && !(sc->flags & RN_SC_NO_EXIT)
	                    ? sc->t_exit - sc->t_entry
	                    : 0);
	for (int i = 0; i < 6; i++)
		rn_put64(r + 16 + 8 * i, sc->args[i]);
	rn_put64(r + 64, (uint64_t)sc->ret);
	rn_put64(r + 72, sc->ip);
	rn_put32(r + 80, (uint32_t)sc->pid);
	rn_put32(r + 84, (uint32_t)sc->tid);
	rn_put16(r + 88, sc->nr);
	rn_put16(r + 90, sc->flags);
	rn_put16(r + 92, ncap);
	rn_put16(r + 94, 0);
	for (uint16_t i = 0; i < ncap; i++) {
		const rn_capture *c = &caps[i];
		uint8_t *q = take(&b->captures, RN_CAPTURE_SIZE);
		rn_put64(q, c->addr);
		rn_put32(q + 8, blob_put(b, c->data, c->len));
		rn_put32(q + 12, c->len);
		rn_put32(q + 16, c->orig_len);
		q[20] = c->kind;
		q[21] = c->arg;
		rn_put16(q + 22, c->flags);
	}
	return 0;
}

/* Reserves room for one record of rec_n bytes and blob_n blob bytes. */
static int reserve_one(rn_chunk_builder *b, rn_bytes *rec, size_t rec_n, size_t blob_n)
{
	return reserve(b, rec, rec_n, 0, blob_n);
}

int rn_chunk_add_proc(rn_chunk_builder *b, const rn_proc *p)
{
	if ((p->data_len && !p->data) || reserve_one(b, &b->procs, RN_PROC_SIZE, p->data_len) < 0)
		return -1;
	note_event(b, RN_EV_PROC, p->time, p->time);
	uint8_t *r = take(&b->procs, RN_PROC_SIZE);
	memset(r, 0, RN_PROC_SIZE);
	rn_put64(r, rel(b, p->time));
	rn_put64(r + 8, p->clone_flags);
	rn_put32(r + 16, (uint32_t)p->pid);
	rn_put32(r + 20, (uint32_t)p->tid);
	rn_put32(r + 24, (uint32_t)p->other);
	rn_put32(r + 28, (uint32_t)p->status);
	rn_put32(r + 32, blob_put(b, p->data, p->data_len));
	rn_put32(r + 36, p->data_len);
	r[40] = p->kind;
	r[41] = p->flags;
	return 0;
}

int rn_chunk_add_signal(rn_chunk_builder *b, const rn_signal *s)
{
	if ((s->siginfo_len && !s->siginfo) ||
	    reserve_one(b, &b->signals, RN_SIGNAL_SIZE, s->siginfo_len) < 0)
		return -1;
	note_event(b, RN_EV_SIGNAL, s->time, s->time);
	uint8_t *r = take(&b->signals, RN_SIGNAL_SIZE);
	rn_put64(r, rel(b, s->time));
	rn_put32(r + 8, (uint32_t)s->pid);
	rn_put32(r + 12, (uint32_t)s->tid);
	rn_put32(r + 16, (uint32_t)s->signo);
	rn_put32(r + 20, (uint32_t)s->code);
	rn_put32(r + 24, blob_put(b, s->siginfo, s->siginfo_len));
	rn_put32(r + 28, s->siginfo_len);
	return 0;
}

int rn_chunk_add_mapping(rn_chunk_builder *b, const rn_mapping *m)
{
	if ((m->path_len && !m->path) || (m->build_id_len && !m->build_id) ||
	    reserve_one(b, &b->mappings, RN_MAPPING_SIZE, (size_t)m->path_len + m->build_id_len) <
	        0)
		return -1;
	note_event(b, RN_EV_MAPPING, m->time, m->time);
	uint8_t *r = take(&b->mappings, RN_MAPPING_SIZE);
	rn_put64(r, rel(b, m->time));
	rn_put64(r + 8, m->start);
	rn_put64(r + 16, m->end);
	rn_put64(r + 24, m->pgoff);
	rn_put32(r + 32, (uint32_t)m->pid);
	rn_put32(r + 36, (uint32_t)m->prot);
	rn_put32(r + 40, blob_put(b, m->path, m->path_len));
	rn_put32(r + 44, m->path_len);
	rn_put32(r + 48, blob_put(b, m->build_id, m->build_id_len));
	rn_put32(r + 52, m->build_id_len);
	return 0;
}

int rn_chunk_add_loss(rn_chunk_builder *b, const rn_loss *l)
{
	if (reserve_one(b, &b->losses, RN_LOSS_SIZE, 0) < 0)
		return -1;
	note_event(b, RN_EV_LOSS, l->time, l->time);
	uint8_t *r = take(&b->losses, RN_LOSS_SIZE);
	rn_put64(r, rel(b, l->time));
	rn_put64(r + 8, l->count);
	rn_put32(r + 16, (uint32_t)l->pid);
	rn_put32(r + 20, (uint32_t)l->tid);
	rn_put32(r + 24, l->reason);
	rn_put32(r + 28, 0);
	return 0;
}

int rn_chunk_add_snapshot(rn_chunk_builder *b, const rn_snapshot *s)
{
	if ((s->cmdline_len && !s->cmdline) || (s->exe_len && !s->exe) || (s->cwd_len && !s->cwd) ||
	    reserve_one(b, &b->snapshots, RN_SNAPSHOT_SIZE,
	                (size_t)s->cmdline_len + s->exe_len + s->cwd_len) < 0)
		return -1;
	note_event(b, RN_EV_SNAPSHOT, s->time, s->time);
	uint8_t *r = take(&b->snapshots, RN_SNAPSHOT_SIZE);
	rn_put64(r, rel(b, s->time));
	rn_put32(r + 8, (uint32_t)s->pid);
	rn_put32(r + 12, (uint32_t)s->ppid);
	rn_put32(r + 16, blob_put(b, s->cmdline, s->cmdline_len));
	rn_put32(r + 20, s->cmdline_len);
	rn_put32(r + 24, blob_put(b, s->exe, s->exe_len));
	rn_put32(r + 28, s->exe_len);
	rn_put32(r + 32, blob_put(b, s->cwd, s->cwd_len));
	rn_put32(r + 36, s->cwd_len);
	return 0;
}

int rn_chunk_add_fdinfo(rn_chunk_builder *b, const rn_fdinfo *f)
{
	if ((f->path_len && !f->path) || reserve_one(b, &b->fds, RN_FDINFO_SIZE, f->path_len) < 0)
		return -1;
	/* fd entries carry no time of their own: they belong to the snapshot
	 * before them. */
	uint64_t t = b->nevents ? b->last_ns : 0;
	note_event(b, RN_EV_FDINFO, t, t);
	uint8_t *r = take(&b->fds, RN_FDINFO_SIZE);
	rn_put32(r, (uint32_t)f->pid);
	rn_put32(r + 4, (uint32_t)f->fd);
	rn_put32(r + 8, blob_put(b, f->path, f->path_len));
	rn_put32(r + 12, f->path_len);
	return 0;
}

/* Function batches are kept serialized as: pid, tid, base_ns, naddrs,
 * nevents, has_sites (32 bytes), addrs, sites, events. A batch whose events
 * refer past its address table is refused (it would make the chunk unreadable). */
int rn_chunk_add_funcs(rn_chunk_builder *b, const rn_funcs *f)
{
	if ((f->naddrs && !f->addrs) || (f->nevents && !f->events))
		return -1;
	uint64_t t = f->base_ns;
	for (uint32_t i = 0; i < f->nevents; i++) {
		if ((f->events[2 * i + 1] & 0x7fffffffu) >= f->naddrs)
			return -1;
		t += f->events[2 * i];
	}
	size_t n = 32 + 8 * (size_t)f->naddrs * (f->call_sites ? 2 : 1) + 8 * (size_t)f->nevents;
	if (reserve_one(b, &b->funcs, n, 0) < 0)
		return -1;
	note_event(b, RN_EV_FUNCS, f->base_ns, t);
	uint8_t *h = take(&b->funcs, 32);
	rn_put32(h, (uint32_t)f->pid);
	rn_put32(h + 4, (uint32_t)f->tid);
	rn_put64(h + 8, f->base_ns);
	rn_put32(h + 16, f->naddrs);
	rn_put32(h + 20, f->nevents);
	rn_put32(h + 24, f->call_sites != NULL);
	rn_put32(h + 28, 0);
	if (f->naddrs)
		memcpy(take(&b->funcs, 8 * (size_t)f->naddrs), f->addrs, 8 * (size_t)f->naddrs);
	if (f->call_sites && f->naddrs)
		memcpy(take(&b->funcs, 8 * (size_t)f->naddrs), f->call_sites,
		       8 * (size_t)f->naddrs);
	if (f->nevents)
		memcpy(take(&b->funcs, 8 * (size_t)f->nevents), f->events, 8 * (size_t)f->nevents);
	b->nfuncs++;
	return 0;
}

int rn_chunk_add_event(rn_chunk_builder *b, const rn_event *ev)
{
	switch (ev->kind) {
	case RN_EV_SYSCALL:
		return rn_chunk_add_syscall(b, &ev->u.sc, ev->u.sc.caps, ev->u.sc.ncap);
	case RN_EV_PROC:
		return rn_chunk_add_proc(b, &ev->u.proc);
	case RN_EV_SIGNAL:
		return rn_chunk_add_signal(b, &ev->u.sig);
	case RN_EV_MAPPING:
		return rn_chunk_add_mapping(b, &ev->u.map);
	case RN_EV_LOSS:
		return rn_chunk_add_loss(b, &ev->u.loss);
	case RN_EV_SNAPSHOT:
		return rn_chunk_add_snapshot(b, &ev->u.snap);
	case RN_EV_FDINFO:
		return rn_chunk_add_fdinfo(b, &ev->u.fd);
	case RN_EV_FUNCS:
		return rn_chunk_add_funcs(b, &ev->u.funcs);
	default:
		return -1;
	}
}

static void encode_funcs(rn_chunk_builder *b, size_t field_pos)
{
	rn_fbb *f = &b->fbb;
	size_t first = rn_fbb_offsets(f, field_pos, b->nfuncs);
	const uint8_t *p = b->funcs.p;
	for (uint32_t i = 0; i < b->nfuncs; i++) {
		uint32_t na = rn_le32(p + 16), ne = rn_le32(p + 20), sites = rn_le32(p + 24);
		rn_fb_field fl[FB_COUNT] = {
		    [FB_PID] = {4, 1, rn_le32(p), 0},
		    [FB_TID] = {4, 1, rn_le32(p + 4), 0},
		    [FB_BASE] = {8, 1, rn_le64(p + 8), 0},
		    [FB_ADDRS] = {4, 1, 0, 0},
		    [FB_EVENTS] = {4, 1, 0, 0},
		    [FB_SITES] = {4, (uint8_t)(sites != 0), 0, 0},
		};
		size_t tbl = rn_fbb_table(f, fl, FB_COUNT);
		rn_fbb_point(f, first + 4 * i, tbl);
		const uint8_t *addrs = p + 32;
		const uint8_t *site = addrs + 8 * (size_t)na;
		const uint8_t *evs = site + (sites ? 8 * (size_t)na : 0);
		rn_fbb_vector(f, fl[FB_ADDRS].pos, addrs, na, 8, 8);
		rn_fbb_vector(f, fl[FB_EVENTS].pos, evs, ne, 8, 4);
		if (sites)
			rn_fbb_vector(f, fl[FB_SITES].pos, site, na, 8, 8);
		p = evs + 8 * (size_t)ne;
	}
}

int rn_chunk_encode(rn_chunk_builder *b, uint32_t seq, const uint8_t **out, size_t *len)
{
	return rn_chunk_encode_major(b, seq, RN_CHUNK_MAJOR, out, len);
}

/* 3.x: rounds base_ns and the times of the fixed records (proc, signal,
 * mapping, loss, snapshot: u64 time_delta first) down to multiples of res, in
 * place, keeping the syscalls' absolute times (their rounding is the column
 * encoder's). Idempotent, so a chunk whose write failed encodes the same. */
static void round_times(rn_chunk_builder *b, uint32_t res)
{
	uint64_t base = b->base_ns - b->base_ns % res;
	rn_bytes *a[] = {&b->procs, &b->signals, &b->mappings, &b->losses, &b->snapshots};
	const size_t sz[] = {RN_PROC_SIZE, RN_SIGNAL_SIZE, RN_MAPPING_SIZE, RN_LOSS_SIZE,
	                     RN_SNAPSHOT_SIZE};
	for (int k = 0; k < 5; k++)
		for (size_t o = 0; o + sz[k] <= a[k]->len; o += sz[k]) {
			uint64_t t = b->base_ns + rn_le64(a[k]->p + o);
			rn_put64(a[k]->p + o, t - t % res - base);
		}
	if (b->syscalls.len) /* the first entry_delta is from base_ns */
		rn_put64(b->syscalls.p, rn_le64(b->syscalls.p) + (b->base_ns - base));
	b->base_ns = base;
}

int rn_chunk_encode_major(rn_chunk_builder *b, uint32_t seq, int major, const uint8_t **out,
                          size_t *len)
{
	if (major < RN_CHUNK_MAJOR_MIN || major > RN_CHUNK_MAJOR)
		return -1;
	int cols = major >= 2;
	uint32_t res = major >= 3 && b->clock_res ? b->clock_res : 1;
	if (res > 1)
		round_times(b, res);
	rn_fbb *f = &b->fbb;
	rn_fbb_start(f, "RNC1");
	rn_fb_field fl[F_COUNT] = {
	    [F_SEQ] = {4, 1, seq, 0},
	    [F_BASE] = {8, 1, b->base_ns, 0},
	};
	static const struct {
		int field;
		size_t off; /* offsetof the rn_bytes in the builder */
		size_t size, align;
	} vecs[] = {
	    {F_ORDER, offsetof(rn_chunk_builder, order), 1, 1},
	    {F_SYSCALLS, offsetof(rn_chunk_builder, syscalls), RN_SYSCALL_SIZE, 8},
	    {F_CAPTURES, offsetof(rn_chunk_builder, captures), RN_CAPTURE_SIZE, 8},
	    {F_PROCS, offsetof(rn_chunk_builder, procs), RN_PROC_SIZE, 8},
	    {F_SIGNALS, offsetof(rn_chunk_builder, signals), RN_SIGNAL_SIZE, 8},
	    {F_MAPPINGS, offsetof(rn_chunk_builder, mappings), RN_MAPPING_SIZE, 8},
	    {F_LOSSES, offsetof(rn_chunk_builder, losses), RN_LOSS_SIZE, 8},
	    {F_SNAPSHOTS, offsetof(rn_chunk_builder, snapshots), RN_SNAPSHOT_SIZE, 8},
	    {F_FDS, offsetof(rn_chunk_builder, fds), RN_FDINFO_SIZE, 4},
	    {F_BLOB, offsetof(rn_chunk_builder, blob), 1, 1},
	};
	for (size_t i = 0; i < sizeof(vecs) / sizeof(vecs[0]); i++) {
		const rn_bytes *a = (const rn_bytes *)((const char *)b + vecs[i].off);
		fl[vecs[i].field].size = 4;
		fl[vecs[i].field].present = a->len > 0 || vecs[i].field == F_ORDER;
	}
	fl[F_FUNCS].size = 4;
	fl[F_FUNCS].present = b->nfuncs > 0;
	fl[F_SYSCALL_COLS].size = fl[F_CAPTURE_COLS].size = fl[F_DIRENT_COLS].size = 4;
	fl[F_STAT_COLS].size = fl[F_STATX_COLS].size = 4;
	if (cols) {
		fl[F_SYSCALL_COLS].present = fl[F_SYSCALLS].present;
		fl[F_CAPTURE_COLS].present = fl[F_DIRENT_COLS].present = fl[F_CAPTURES].present;
		fl[F_STAT_COLS].present = major >= 3 && fl[F_CAPTURES].present;
		fl[F_STATX_COLS].present = major >= 4 && fl[F_CAPTURES].present;
		fl[F_SYSCALLS].present = fl[F_CAPTURES].present = 0;
	}
	/* With syscall columns, the blob is written by the column encoder. */
	int blob_by_cols = cols && fl[F_SYSCALL_COLS].present;
	rn_fbb_table(f, fl, F_COUNT);
	for (size_t i = 0; i < sizeof(vecs) / sizeof(vecs[0]); i++) {
		const rn_bytes *a = (const rn_bytes *)((const char *)b + vecs[i].off);
		if (fl[vecs[i].field].present && !(blob_by_cols && vecs[i].field == F_BLOB))
			rn_fbb_vector(f, fl[vecs[i].field].pos, a->p, a->len / vecs[i].size,
			              vecs[i].size, vecs[i].align);
	}
	if (b->nfuncs)
		encode_funcs(b, fl[F_FUNCS].pos);
	if (blob_by_cols) {
		rn_cols_at at = {fl[F_SYSCALL_COLS].pos,
		                 fl[F_CAPTURE_COLS].pos,
		                 fl[F_DIRENT_COLS].pos,
		                 fl[F_BLOB].present ? fl[F_BLOB].pos : 0,
		                 fl[F_STAT_COLS].pos,
		                 fl[F_STATX_COLS].pos,
		                 major,
		                 res,
		                 b->base_ns};
		if (rn_cols_encode(&b->cols, f, &at, b->syscalls.p,
		                   (uint32_t)(b->syscalls.len / RN_SYSCALL_SIZE), b->captures.p,
		                   (uint32_t)(b->captures.len / RN_CAPTURE_SIZE), b->blob.p,
		                   b->blob.len) < 0)
			return -1;
	}
	b->skim_end = blob_by_cols ? rn_cols_skim_end(b->cols) : 0;
	if (rn_fbb_finish(f) < 0)
		return -1;
	*out = f->p;
	*len = f->len;
	return 0;
}

/* ---- decoding ---- */

static int chunk_verify(rn_chunk_view *v, const char **why);

int rn_chunk_open(rn_chunk_view *v, const uint8_t *p, size_t n, const char **why)
{
	return rn_chunk_open_major(v, p, n, RN_CHUNK_MAJOR, why);
}

int rn_chunk_open_major(rn_chunk_view *v, const uint8_t *p, size_t n, int major, const char **why)
{
	return rn_chunk_open_part(v, p, n, n, major, 0, why);
}

static int open_view(rn_chunk_view *v, const uint8_t *p, size_t have, size_t n, int major, int skim,
                     const char **why)
{
	/* Vectors of 8-byte structs are handed out as uint64_t arrays (function
	 * batches), so positions counted from p must be real alignments. */
	if ((uintptr_t)p % 8) {
		*why = "chunk buffer is not 8-byte aligned";
		return -1;
	}
	rn_capture *caps = v->caps;
	uint32_t caps_cap = v->caps_cap;
	struct rn_cols *cols = v->cols;
	uint32_t res = v->clock_res;
	memset(v, 0, sizeof(*v));
	v->caps = caps;
	v->caps_cap = caps_cap;
	v->cols = cols;
	v->clock_res = res;
	v->skim = skim;
	size_t root;
	if (rn_fb_open(&v->fb, p, n, "RNC1", &root, why) < 0)
		return -1;
	v->fb.len = have; /* only this much is there to check against */
	if (rn_fb_table_ok(&v->fb, root) < 0) {
		*why = "root table out of bounds";
		return -1;
	}
	v->seq = rn_fb_u32(&v->fb, root, F_SEQ, 0);
	v->base_ns = rn_fb_u64(&v->fb, root, F_BASE, 0);
	v->prev_entry = v->base_ns;
	/* Skimming, captures and blob are not read (nor, in 2.x, decompressed). */
	if (rn_fb_vector(&v->fb, root, F_ORDER, 1, 1, &v->order, &v->norder) < 0 ||
	    (!skim && (rn_fb_vector(&v->fb, root, F_CAPTURES, RN_CAPTURE_SIZE, 8, &v->captures,
	                            &v->ncaptures) < 0 ||
	               rn_fb_vector(&v->fb, root, F_BLOB, 1, 1, &v->blob, &v->blob_len) < 0))) {
		*why = "malformed chunk table";
		return -1;
	}
	for (int k = 1; k <= RN_EV_KIND_MAX; k++)
		if (rn_fb_vector(&v->fb, root, kind_vec[k].field, kind_vec[k].size,
		                 kind_vec[k].align, &v->vec[k], &v->count[k]) < 0) {
			*why = "malformed event vector";
			return -1;
		}
	if (major >= 2) {
		const rn_cols_ids ids = {F_SYSCALL_COLS,
		                         F_CAPTURE_COLS,
		                         F_DIRENT_COLS,
		                         F_STAT_COLS,
		                         F_STATX_COLS,
		                         major,
		                         major >= 3 && res ? res : 1,
		                         v->base_ns};
		rn_cols_out out = {.blob = &v->blob, .blob_len = &v->blob_len};
		int k = rn_cols_decode(&v->cols, &v->fb, root, &ids, skim, &out, why);
		if (k < 0)
			return -1;
		if (k == 1) {
			if (v->count[RN_EV_SYSCALL] || v->ncaptures) {
				*why = "chunk holds syscalls both as records and as columns";
				return -1;
			}
			v->scs = out.sc;
			v->sks = out.skim;
			v->count[RN_EV_SYSCALL] = out.nsc;
			v->cps = out.caps;
			v->ncaptures = out.ncaps;
		}
	}
	return chunk_verify(v, why);
}

int rn_chunk_open_part(rn_chunk_view *v, const uint8_t *p, size_t have, size_t n, int major,
                       int skim, const char **why)
{
	if (have > n) {
		*why = "chunk part longer than the chunk";
		return -1;
	}
	int k = open_view(v, p, have, n, major, skim, why);
	return k < 0 && have < n ? 1 : k;
}

void rn_chunk_view_free(rn_chunk_view *v)
{
	free(v->caps);
	v->caps = NULL;
	v->caps_cap = 0;
	rn_cols_free(v->cols);
	v->cols = NULL;
}

/* Checks that [off, off+len) lies inside the blob; returns a pointer or NULL. */
static const uint8_t *blob_at(const rn_chunk_view *v, uint32_t off, uint32_t len)
{
	if (v->skim)
		return (const uint8_t *)""; /* not read: emptied by skim_bytes */
	if ((uint64_t)off + len > v->blob_len)
		return NULL;
	return len ? v->blob + off : (const uint8_t *)"";
}

static int decode_syscall(rn_chunk_view *v, const uint8_t *r, rn_syscall *sc, const char **why)
{
	sc->t_entry = v->prev_entry + rn_le64(r);
	v->prev_entry = sc->t_entry;
	uint64_t dur = rn_le64(r + 8);
	for (int i = 0; i < 6; i++)
		sc->args[i] = rn_le64(r + 16 + 8 * i);
	sc->ret = (int64_t)rn_le64(r + 64);
	sc->ip = rn_le64(r + 72);
	sc->pid = (int32_t)rn_le32(r + 80);
	sc->tid = (int32_t)rn_le32(r + 84);
	sc->nr = rn_le16(r + 88);
	sc->flags = rn_le16(r + 90);
	sc->ncap = rn_le16(r + 92);
	sc->t_exit = (sc->flags & RN_SC_NO_EXIT) ? 0 : sc->t_entry + dur;
	if (v->skim) {
		memset(sc->args, 0, sizeof(sc->args));
		sc->ip = 0;
		sc->ncap = 0;
		sc->caps = NULL;
		return 0;
	}
	if ((uint64_t)v->next_cap + sc->ncap > v->ncaptures) {
		*why = "syscall refers to captures past the end of the capture vector";
		return -1;
	}
	if (sc->ncap > v->caps_cap) {
		rn_capture *c = realloc(v->caps, sizeof(*c) * sc->ncap);
		if (!c) {
			*why = "out of memory";
			return -1;
		}
		v->caps = c;
		v->caps_cap = sc->ncap;
	}
	for (uint16_t i = 0; i < sc->ncap; i++) {
		const uint8_t *q = v->captures + (size_t)RN_CAPTURE_SIZE * (v->next_cap + i);
		rn_capture *c = &v->caps[i];
		c->addr = rn_le64(q);
		uint32_t off = rn_le32(q + 8);
		c->len = rn_le32(q + 12);
		c->orig_len = rn_le32(q + 16);
		c->kind = q[20];
		c->arg = q[21];
		c->flags = rn_le16(q + 22);
		c->data = blob_at(v, off, c->len);
		if (!c->data) {
			*why = "capture points outside the chunk's blob";
			return -1;
		}
	}
	v->next_cap += sc->ncap;
	sc->caps = v->caps;
	return 0;
}

#define BLOB_OR_FAIL(dst, off, len)                                                                \
	do {                                                                                       \
		(dst) = (const void *)blob_at(v, (off), (len));                                    \
		if (!(dst)) {                                                                      \
			*why = "event points outside the chunk's blob";                            \
			return -1;                                                                 \
		}                                                                                  \
	} while (0)

static int decode_funcs(rn_chunk_view *v, const uint8_t *r, rn_funcs *f, const char **why)
{
	size_t tbl;
	const uint8_t *a, *e, *s;
	uint32_t na, ne, ns;
	if (rn_fb_deref(&v->fb, r, &tbl) < 0 || rn_fb_table_ok(&v->fb, tbl) < 0 ||
	    rn_fb_vector(&v->fb, tbl, FB_ADDRS, 8, 8, &a, &na) < 0 ||
	    rn_fb_vector(&v->fb, tbl, FB_EVENTS, 8, 4, &e, &ne) < 0 ||
	    rn_fb_vector(&v->fb, tbl, FB_SITES, 8, 8, &s, &ns) < 0 || (s && ns != na)) {
		*why = "malformed function batch";
		return -1;
	}
	f->pid = (int32_t)rn_fb_u32(&v->fb, tbl, FB_PID, 0);
	f->tid = (int32_t)rn_fb_u32(&v->fb, tbl, FB_TID, 0);
	f->base_ns = rn_fb_u64(&v->fb, tbl, FB_BASE, 0);
	f->addrs = (const uint64_t *)(const void *)a;
	f->naddrs = na;
	f->events = (const uint32_t *)(const void *)e;
	f->nevents = ne;
	f->call_sites = (const uint64_t *)(const void *)s;
	return 0;
}

/* Blob references (offset, length field positions) of each record kind. */
static const struct {
	uint8_t n;
	uint8_t at[3][2];
} blob_refs[RN_EV_KIND_MAX + 1] = {
    [RN_EV_PROC] = {1, {{32, 36}}},
    [RN_EV_SIGNAL] = {1, {{24, 28}}},
    [RN_EV_MAPPING] = {2, {{40, 44}, {48, 52}}},
    [RN_EV_SNAPSHOT] = {3, {{16, 20}, {24, 28}, {32, 36}}},
    [RN_EV_FDINFO] = {1, {{8, 12}}},
};

/* Checks a function batch: its table and vectors, and that every event's
 * function index is inside the batch's address table. *seen counts the
 * events checked so far: batches with disjoint event vectors (as written)
 * hold at most len/8 events in all, so more means shared vectors, refused
 * before they make the check quadratic. */
static int verify_funcs(rn_chunk_view *v, const uint8_t *r, uint64_t *seen, const char **why)
{
	rn_funcs f;
	if (decode_funcs(v, r, &f, why) < 0)
		return -1;
	const uint8_t *e = (const uint8_t *)f.events;
	*seen += f.nevents;
	if (*seen > v->fb.len / 8) {
		*why = "function batches overlap";
		return -1;
	}
	for (uint32_t i = 0; i < f.nevents; i++)
		if ((rn_le32(e + 8 * i + 4) & 0x7fffffffu) >= f.naddrs) {
			*why = "function event refers to an unknown address";
			return -1;
		}
	return 0;
}

/* Checks, before any event is handed out, that every record the order lists
 * exists and that everything it points to lies inside the chunk: a chunk is
 * then either read whole or rejected whole. */
static int chunk_verify(rn_chunk_view *v, const char **why)
{
	uint32_t seen[RN_EV_KIND_MAX + 1] = {0};
	uint64_t ncap = 0;
	uint64_t funcs_seen = 0;
	for (uint32_t i = 0; i < v->norder; i++) {
		unsigned k = v->order[i];
		if (k < 1 || k > RN_EV_KIND_MAX)
			continue;
		if (seen[k] >= v->count[k]) {
			*why = "event order lists more events than the chunk holds";
			return -1;
		}
		if (k == RN_EV_SYSCALL && (v->scs || v->sks || v->skim)) {
			seen[k]++; /* captures checked by the column decoder, or not read */
			continue;
		}
		const uint8_t *r = v->vec[k] + kind_vec[k].size * seen[k]++;
		if (k == RN_EV_SYSCALL) {
			uint16_t nc = rn_le16(r + 92);
			if (ncap + nc > v->ncaptures) {
				*why =
				    "syscall refers to captures past the end of the capture vector";
				return -1;
			}
			for (uint16_t c = 0; c < nc; c++) {
				const uint8_t *q = v->captures + RN_CAPTURE_SIZE * (ncap + c);
				if (!blob_at(v, rn_le32(q + 8), rn_le32(q + 12))) {
					*why = "capture points outside the chunk's blob";
					return -1;
				}
			}
			ncap += nc;
		} else if (k == RN_EV_FUNCS) {
			if (verify_funcs(v, r, &funcs_seen, why) < 0)
				return -1;
		} else {
			for (int j = 0; j < blob_refs[k].n; j++)
				if (!blob_at(v, rn_le32(r + blob_refs[k].at[j][0]),
				             rn_le32(r + blob_refs[k].at[j][1]))) {
					*why = "event points outside the chunk's blob";
					return -1;
				}
		}
	}
	return 0;
}

static int decode_record(rn_chunk_view *v, int k, const uint8_t *r, rn_event *ev, const char **why)
{
	switch (k) {
	case RN_EV_SYSCALL:
		return decode_syscall(v, r, &ev->u.sc, why);
	case RN_EV_PROC: {
		rn_proc *p = &ev->u.proc;
		p->time = v->base_ns + rn_le64(r);
		p->clone_flags = rn_le64(r + 8);
		p->pid = (int32_t)rn_le32(r + 16);
		p->tid = (int32_t)rn_le32(r + 20);
		p->other = (int32_t)rn_le32(r + 24);
		p->status = (int32_t)rn_le32(r + 28);
		p->data_len = rn_le32(r + 36);
		p->kind = r[40];
		p->flags = r[41];
		BLOB_OR_FAIL(p->data, rn_le32(r + 32), p->data_len);
		return 0;
	}
	case RN_EV_SIGNAL: {
		rn_signal *s = &ev->u.sig;
		s->time = v->base_ns + rn_le64(r);
		s->pid = (int32_t)rn_le32(r + 8);
		s->tid = (int32_t)rn_le32(r + 12);
		s->signo = (int32_t)rn_le32(r + 16);
		s->code = (int32_t)rn_le32(r + 20);
		s->siginfo_len = rn_le32(r + 28);
		BLOB_OR_FAIL(s->siginfo, rn_le32(r + 24), s->siginfo_len);
		return 0;
	}
	case RN_EV_MAPPING: {
		rn_mapping *m = &ev->u.map;
		m->time = v->base_ns + rn_le64(r);
		m->start = rn_le64(r + 8);
		m->end = rn_le64(r + 16);
		m->pgoff = rn_le64(r + 24);
		m->pid = (int32_t)rn_le32(r + 32);
		m->prot = (int32_t)rn_le32(r + 36);
		m->path_len = rn_le32(r + 44);
		m->build_id_len = rn_le32(r + 52);
		BLOB_OR_FAIL(m->path, rn_le32(r + 40), m->path_len);
		BLOB_OR_FAIL(m->build_id, rn_le32(r + 48), m->build_id_len);
		return 0;
	}
	case RN_EV_LOSS: {
		rn_loss *l = &ev->u.loss;
		l->time = v->base_ns + rn_le64(r);
		l->count = rn_le64(r + 8);
		l->pid = (int32_t)rn_le32(r + 16);
		l->tid = (int32_t)rn_le32(r + 20);
		l->reason = rn_le32(r + 24);
		return 0;
	}
	case RN_EV_SNAPSHOT: {
		rn_snapshot *s = &ev->u.snap;
		s->time = v->base_ns + rn_le64(r);
		s->pid = (int32_t)rn_le32(r + 8);
		s->ppid = (int32_t)rn_le32(r + 12);
		s->cmdline_len = rn_le32(r + 20);
		s->exe_len = rn_le32(r + 28);
		s->cwd_len = rn_le32(r + 36);
		BLOB_OR_FAIL(s->cmdline, rn_le32(r + 16), s->cmdline_len);
		BLOB_OR_FAIL(s->exe, rn_le32(r + 24), s->exe_len);
		BLOB_OR_FAIL(s->cwd, rn_le32(r + 32), s->cwd_len);
		return 0;
	}
	case RN_EV_FDINFO: {
		rn_fdinfo *f = &ev->u.fd;
		f->pid = (int32_t)rn_le32(r);
		f->fd = (int32_t)rn_le32(r + 4);
		f->path_len = rn_le32(r + 12);
		BLOB_OR_FAIL(f->path, rn_le32(r + 8), f->path_len);
		return 0;
	}
	case RN_EV_FUNCS:
		return decode_funcs(v, r, &ev->u.funcs, why);
	}
	*why = "unknown event kind";
	return -1;
}

/* RN_READ_SKIM: the events' bytes (all in the blob) are not handed out. */
static void skim_bytes(rn_event *ev)
{
	switch (ev->kind) {
	case RN_EV_PROC:
		ev->u.proc.data = NULL;
		ev->u.proc.data_len = 0;
		break;
	case RN_EV_SIGNAL:
		ev->u.sig.siginfo = NULL;
		ev->u.sig.siginfo_len = 0;
		break;
	case RN_EV_MAPPING:
		ev->u.map.path = NULL;
		ev->u.map.path_len = 0;
		ev->u.map.build_id = NULL;
		ev->u.map.build_id_len = 0;
		break;
	case RN_EV_SNAPSHOT:
		ev->u.snap.cmdline = ev->u.snap.exe = ev->u.snap.cwd = NULL;
		ev->u.snap.cmdline_len = ev->u.snap.exe_len = ev->u.snap.cwd_len = 0;
		break;
	case RN_EV_FDINFO:
		ev->u.fd.path = NULL;
		ev->u.fd.path_len = 0;
		break;
	}
}

int rn_chunk_next(rn_chunk_view *v, rn_event *ev, const char **why)
{
	while (v->pos < v->norder) {
		int k = v->order[v->pos++];
		if (k < 1 || k > RN_EV_KIND_MAX) {
			v->unknown++; /* a newer writer's event kind: skip */
			continue;
		}
		if (v->idx[k] >= v->count[k]) {
			*why = "event order lists more events than the chunk holds";
			return -1;
		}
		if (k == RN_EV_SYSCALL && v->sks) {
			/* 2.x skimmed: args, ip and captures read as 0 */
			const rn_sc_skim *q = &v->sks[v->idx[k]++];
			ev->kind = k;
			/* field by field: a compound literal becomes a slow rep stos */
			rn_syscall *o = &ev->u.sc;
			o->t_entry = q->t_entry;
			o->t_exit = q->t_exit;
			memset(o->args, 0, sizeof(o->args));
			o->ret = q->ret;
			o->ip = 0;
			o->pid = q->pid;
			o->tid = q->tid;
			o->nr = q->nr;
			o->flags = q->flags;
			o->ncap = 0;
			o->caps = NULL;
			return 1;
		}
		if (k == RN_EV_SYSCALL && v->scs) {
			/* 2.x: decoded already; the whole union is overwritten. */
			const rn_syscall *sc = &v->scs[v->idx[k]++];
			ev->kind = k;
			ev->u.sc = *sc;
			ev->u.sc.caps = v->cps ? v->cps + v->next_cap : NULL;
			v->next_cap += sc->ncap;
			return 1;
		}
		const uint8_t *r = v->vec[k] + kind_vec[k].size * v->idx[k]++;
		memset(ev, 0, sizeof(*ev));
		ev->kind = k;
		if (decode_record(v, k, r, ev, why) < 0)
			return -1;
		if (v->skim)
			skim_bytes(ev);
		return 1;
	}
	return 0;
}

void rn_funcs_get(const rn_funcs *f, uint32_t i, uint64_t *t, rn_func_event *out)
{
	uint32_t fn = f->events[2 * i + 1];
	*t += f->events[2 * i];
	out->time = *t;
	out->addr = f->addrs[fn & 0x7fffffffu];
	out->exit = (fn >> 31) & 1;
}
