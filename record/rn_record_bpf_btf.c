/* rn_record_bpf_btf.c: the kernel types the BPF program's CO-RE relocations
 * are resolved against, cut down to what they can reach. libbpf 1.1 scans
 * the whole kernel BTF (~150,000 types) once per relocated local type (nine
 * here: ~10 ms of every start); given this cut-down copy as btf_custom_path
 * it scans a few hundred. Built in one pass over the kernel BTF: every
 * struct, union and enum whose name the program's own BTF has (by essential
 * name: task_struct for task_struct___rnstack), with all its members;
 * structs, unions and arrays embedded in them copied the same way, typedefs
 * and modifiers resolved, pointers made void * (libbpf's field matching only
 * asks that a pointer be a pointer: every pointed-to type it relocates is
 * one of the program's named types, copied whole). The kernel BTF is read
 * in place (mapped, where the kernel allows it: 6.x; else read once), not
 * parsed by libbpf a second time. Lives in a memfd: nothing is written to
 * disk. The same pass finds the ids of the tracepoints the tp_btf programs
 * attach to (their btf_trace_NAME typedefs), so that libbpf need not read
 * and parse the whole kernel BTF for them (rn_record_bpf_load.c): ~5 ms. */
#include "rn_record_bpf.h"

#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <linux/btf.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAXWANT 256 /* named structs, unions and enums of the program (52 now) */

/* The kernel BTF as read: its types by id and its strings. */
typedef struct {
	const uint8_t *raw;
	size_t size;
	int mapped;
	const char *strs;
	uint32_t str_len;
	uint32_t *off; /* type id -> offset of its struct btf_type in raw */
	uint32_t n;    /* type ids 1..n-1 */
} kbtf;

static const struct btf_type *ktype(const kbtf *k, uint32_t id)
{
	return id && id < k->n ? (const struct btf_type *)(k->raw + k->off[id]) : NULL;
}

static const char *kname(const kbtf *k, uint32_t off)
{
	return off < k->str_len ? k->strs + off : "";
}

/* Bytes of type t's record (its btf_type and what follows), 0 for a kind
 * this file does not know. */
static size_t type_size(const struct btf_type *t)
{
	size_t base = sizeof(*t), v = btf_vlen(t);
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
		return base + 4;
	case BTF_KIND_PTR:
	case BTF_KIND_FWD:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_FUNC:
	case BTF_KIND_FLOAT:
	case BTF_KIND_TYPE_TAG:
		return base;
	case BTF_KIND_ARRAY:
		return base + sizeof(struct btf_array);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		return base + v * sizeof(struct btf_member);
	case BTF_KIND_ENUM:
		return base + v * sizeof(struct btf_enum);
	case BTF_KIND_ENUM64:
		return base + v * sizeof(struct btf_enum64);
	case BTF_KIND_FUNC_PROTO:
		return base + v * sizeof(struct btf_param);
	case BTF_KIND_VAR:
		return base + sizeof(struct btf_var);
	case BTF_KIND_DATASEC:
		return base + v * sizeof(struct btf_var_secinfo);
	case BTF_KIND_DECL_TAG:
		return base + sizeof(struct btf_decl_tag);
	default:
		return 0;
	}
}

static void kbtf_free(kbtf *k)
{
	if (k->raw && k->mapped)
		munmap((void *)k->raw, k->size);
	else
		free((void *)k->raw);
	free(k->off);
}

/* Reads /sys/kernel/btf/vmlinux and indexes its types, handing each to
 * each(k, t, id, ctx) as it goes (one pass over the 3 MB of types, not
 * two). 0 or -1. */
static int kbtf_read(kbtf *k, void (*each)(const kbtf *, const struct btf_type *, uint32_t, void *),
                     void *ctx)
{
	memset(k, 0, sizeof(*k));
	int fd = open("/sys/kernel/btf/vmlinux", O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0 || st.st_size < (off_t)sizeof(struct btf_header)) {
		close(fd);
		return -1;
	}
	k->size = (size_t)st.st_size;
	/* (populated at once: ~1,300 page faults fewer, ~0.3 ms) */
	void *m = mmap(NULL, k->size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
	if (m != MAP_FAILED) {
		k->raw = m;
		k->mapped = 1;
	} else if ((m = malloc(k->size))) {
		size_t got = 0;
		ssize_t r = 1;
		while (got < k->size && (r = read(fd, (uint8_t *)m + got, k->size - got)) > 0)
			got += (size_t)r;
		k->raw = m;
		if (got < k->size) {
			close(fd);
			kbtf_free(k);
			return -1;
		}
	}
	close(fd);
	if (!k->raw)
		return -1;
	const struct btf_header *h = (const void *)k->raw;
	if (h->magic != BTF_MAGIC || h->hdr_len > k->size ||
	    (uint64_t)h->hdr_len + h->type_off + h->type_len > k->size ||
	    (uint64_t)h->hdr_len + h->str_off + h->str_len > k->size) {
		kbtf_free(k);
		return -1;
	}
	k->strs = (const char *)k->raw + h->hdr_len + h->str_off;
	k->str_len = h->str_len;
	size_t at = h->hdr_len + h->type_off, end = at + h->type_len, cap = 1 << 18;
	k->off = malloc(cap * sizeof(*k->off));
	k->n = 1;
	if (!k->off) {
		kbtf_free(k);
		return -1;
	}
	while (at + sizeof(struct btf_type) <= end) {
		size_t sz = type_size((const struct btf_type *)(k->raw + at));
		if (!sz || at + sz > end)
			break;
		if (k->n == cap) {
			uint32_t *p = realloc(k->off, 2 * cap * sizeof(*k->off));
			if (!p)
				break;
			k->off = p;
			cap *= 2;
		}
		k->off[k->n] = (uint32_t)at;
		each(k, (const struct btf_type *)(k->raw + at), k->n, ctx);
		k->n++;
		at += sz;
	}
	if (at != end) {
		kbtf_free(k);
		return -1;
	}
	return 0;
}

typedef struct {
	const kbtf *k; /* the kernel's */
	struct btf *out;
	int *map; /* kernel type id -> id in out (0: not copied yet) */
	int depth;
} cut;

static int copy(cut *c, uint32_t id);

static int copy_composite(cut *c, const struct btf_type *t, const char *name)
{
	uint16_t n = btf_vlen(t);
	const struct btf_member *m = btf_members(t);
	int *ids = calloc(n ? n : 1, sizeof(int));
	if (!ids)
		return -1;
	for (uint16_t i = 0; i < n; i++)
		if ((ids[i] = copy(c, m[i].type)) < 0) {
			free(ids);
			return -1;
		}
	int r = btf_is_struct(t) ? btf__add_struct(c->out, name, t->size)
	                         : btf__add_union(c->out, name, t->size);
	for (uint16_t i = 0; i < n && r > 0; i++)
		if (btf__add_field(c->out, kname(c->k, m[i].name_off), ids[i],
		                   btf_member_bit_offset(t, i), btf_member_bitfield_size(t, i)) < 0)
			r = -1;
	free(ids);
	return r;
}

static int copy_enum(cut *c, const struct btf_type *t, const char *name)
{
	uint16_t n = btf_vlen(t);
	int r;
	if (btf_is_enum(t)) {
		r = btf__add_enum(c->out, name, t->size);
		for (uint16_t i = 0; i < n && r > 0; i++)
			if (btf__add_enum_value(c->out, kname(c->k, btf_enum(t)[i].name_off),
			                        btf_enum(t)[i].val) < 0)
				r = -1;
		return r;
	}
	r = btf__add_enum64(c->out, name, t->size, btf_kflag(t));
	for (uint16_t i = 0; i < n && r > 0; i++)
		if (btf__add_enum64_value(c->out, kname(c->k, btf_enum64(t)[i].name_off),
		                          btf_enum64_value(&btf_enum64(t)[i])) < 0)
			r = -1;
	return r;
}

/* The id in c->out of kernel type id, copied (once) as the header says. */
static int copy(cut *c, uint32_t id)
{
	if (id == 0 || c->map[id])
		return c->map[id];
	const struct btf_type *t = ktype(c->k, id);
	if (!t || ++c->depth > 64)
		return -1;
	const char *name = kname(c->k, t->name_off);
	if (name && !*name)
		name = NULL;
	int r;
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
		r = btf__add_int(c->out, name ? name : "int", t->size, btf_int_encoding(t));
		break;
	case BTF_KIND_FLOAT:
		r = btf__add_float(c->out, name ? name : "float", t->size);
		break;
	case BTF_KIND_PTR:
		r = btf__add_ptr(c->out, 0);
		break;
	case BTF_KIND_ARRAY: {
		const struct btf_array *a = btf_array(t);
		int e = copy(c, a->type), ix = copy(c, a->index_type);
		r = e < 0 || ix < 0 ? -1 : btf__add_array(c->out, ix, e, a->nelems);
		break;
	}
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		r = copy_composite(c, t, name);
		break;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		r = copy_enum(c, t, name);
		break;
	case BTF_KIND_FWD:
		r = btf__add_fwd(c->out, name ? name : "anon",
		                 btf_kflag(t) ? BTF_FWD_UNION : BTF_FWD_STRUCT);
		break;
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
		r = copy(c, t->type);
		break;
	default: /* functions, variables: never embedded in a struct */
		r = 0;
		break;
	}
	c->depth--;
	if (r > 0)
		c->map[id] = r;
	return r;
}

/* Length of name without a ___flavour suffix (as libbpf matches names). */
static size_t essential_len(const char *name)
{
	const char *p = strstr(name, "___");
	return p ? (size_t)(p - name) : strlen(name);
}

/* The id of tracepoint tps[i]'s typedef btf_trace_NAME into ids[i], when
 * t (kernel id id) is one. */
static void tp_match(const kbtf *k, const struct btf_type *t, uint32_t id, const char *const *tps,
                     int ntp, uint32_t *ids)
{
	const char *name = kname(k, t->name_off);
	if (strncmp(name, "btf_trace_", 10))
		return;
	for (int i = 0; i < ntp; i++)
		if (!ids[i] && !strcmp(name + 10, tps[i]))
			ids[i] = id;
}

/* What the pass over the kernel types looks for: the program's named types
 * (by first byte: a kernel type's name is compared with the few wanted
 * names that share it, not with all, ~150,000 names x 52) and the
 * tracepoints' typedefs; the ids of the types to copy, in id order. */
typedef struct {
	const char *const *want;
	const size_t *wlen;
	const uint16_t *first, *next;
	const char *const *tps;
	int ntp;
	uint32_t *ids;
	uint32_t *found;
	uint32_t nfound, cap;
	int failed;
} scan;

static void visit(const kbtf *k, const struct btf_type *t, uint32_t id, void *ctx)
{
	scan *sc = ctx;
	if (btf_is_typedef(t))
		tp_match(k, t, id, sc->tps, sc->ntp, sc->ids);
	if (!btf_is_composite(t) && !btf_is_any_enum(t))
		return;
	const char *name = kname(k, t->name_off);
	for (int w = sc->first[(uint8_t)name[0]] - 1; w >= 0 && *name; w = sc->next[w] - 1)
		if (!strncmp(name, sc->want[w], sc->wlen[w]) &&
		    essential_len(name) == sc->wlen[w]) {
			if (sc->nfound == sc->cap) {
				uint32_t nc = sc->cap ? 2 * sc->cap : 64,
				         *p = realloc(sc->found, nc * sizeof(*p));
				if (!p) {
					sc->failed = 1;
					return;
				}
				sc->found = p;
				sc->cap = nc;
			}
			sc->found[sc->nfound++] = id;
			return;
		}
}

/* The cut-down types into fd and the tracepoints' ids into ids: 0 or -1. */
static int core_btf(const struct btf *local, const char *const *tps, int ntp, uint32_t *ids, int fd)
{
	memset(ids, 0, (size_t)ntp * sizeof(*ids));
	const char *want[MAXWANT];
	size_t wlen[MAXWANT];
	int nwant = 0;
	uint32_t n = local ? btf__type_cnt(local) : 0;
	for (uint32_t i = 1; i < n; i++) {
		const struct btf_type *t = btf__type_by_id(local, i);
		if (!btf_is_composite(t) && !btf_is_any_enum(t))
			continue;
		const char *name = btf__name_by_offset(local, t->name_off);
		if (!name || !*name)
			continue;
		if (nwant == MAXWANT)
			return -1; /* more than this file expects: the whole kernel BTF */
		want[nwant] = name;
		wlen[nwant++] = essential_len(name);
	}
	if (!nwant)
		return -1;
	/* the wanted names by first byte (scan) */
	uint16_t first[256] = {0}, next[MAXWANT];
	for (int w = nwant - 1; w >= 0; w--) {
		uint8_t f = (uint8_t)want[w][0];
		next[w] = first[f];
		first[f] = (uint16_t)(w + 1);
	}
	kbtf k;
	scan sc = {want, wlen, first, next, tps, ntp, ids, NULL, 0, 0, 0};
	int rd = kbtf_read(&k, visit, &sc);
	if (rd < 0 || sc.failed) {
		if (rd == 0) /* (a failed read frees what it had) */
			kbtf_free(&k);
		free(sc.found);
		return -1;
	}
	cut c = {&k, btf__new_empty(), calloc(k.n, sizeof(int)), 0};
	int ok = c.out && c.map, copied = 0;
	for (uint32_t f = 0; f < sc.nfound && ok; f++, copied++) /* (in id order, as found) */
		ok = copy(&c, sc.found[f]) > 0;
	free(sc.found);
	uint32_t size = 0;
	const void *raw = ok && copied ? btf__raw_data(c.out, &size) : NULL;
	int rc = raw && write(fd, raw, size) == (ssize_t)size ? 0 : -1;
	free(c.map);
	btf__free(c.out);
	kbtf_free(&k);
	return rc;
}

struct rn_bpf_core {
	pthread_t thr;
	const void *elf;
	size_t size;
	const char *const *tps;
	int ntp, fd, rc;
	uint32_t ids[RN_BPF_MAXTP];
};

/* The program's own BTF: the .BTF section of the object file. */
static struct btf *elf_btf(const void *elf, size_t size)
{
	Elf *e = elf_version(EV_CURRENT) == EV_NONE ? NULL : elf_memory((char *)elf, size);
	size_t shstrndx;
	struct btf *b = NULL;
	for (Elf_Scn *scn = e && !elf_getshdrstrndx(e, &shstrndx) ? elf_nextscn(e, NULL) : NULL;
	     scn && !b; scn = elf_nextscn(e, scn)) {
		GElf_Shdr sh;
		const char *name =
		    gelf_getshdr(scn, &sh) ? elf_strptr(e, shstrndx, sh.sh_name) : NULL;
		Elf_Data *d = name && !strcmp(name, ".BTF") ? elf_getdata(scn, NULL) : NULL;
		if (d && d->d_buf && d->d_size)
			b = btf__new(d->d_buf, d->d_size);
		if (d && !b)
			break;
	}
	if (e)
		elf_end(e);
	return b && !libbpf_get_error(b) ? b : NULL;
}

static void *core_run(void *arg)
{
	rn_bpf_core *c = arg;
	struct btf *local = elf_btf(c->elf, c->size);
	c->rc = local ? core_btf(local, c->tps, c->ntp, c->ids, c->fd) : -1;
	if (getenv("RN_BPF_CORE_FAIL")) /* (tests: as if the types could not be made) */
		c->rc = -1;
	btf__free(local);
	return NULL;
}

rn_bpf_core *rn_bpf_core_start(const void *elf, size_t size, const char *const *tps, int ntp,
                               int *fd)
{
	rn_bpf_core *c = ntp <= RN_BPF_MAXTP ? calloc(1, sizeof(*c)) : NULL;
	if (!c || (c->fd = memfd_create("rn-core-btf", MFD_CLOEXEC)) < 0) {
		free(c);
		return NULL;
	}
	c->elf = elf;
	c->size = size;
	c->tps = tps;
	c->ntp = ntp;
	if (pthread_create(&c->thr, NULL, core_run, c) != 0) {
		close(c->fd);
		free(c);
		return NULL;
	}
	*fd = c->fd;
	return c;
}

int rn_bpf_core_wait(rn_bpf_core *c, uint32_t *ids)
{
	pthread_join(c->thr, NULL);
	int rc = c->rc;
	memcpy(ids, c->ids, (size_t)c->ntp * sizeof(*ids));
	free(c);
	return rc;
}
