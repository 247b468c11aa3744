/* rn_preload_filter.c: --func-include/--func-exclude inside the traced
 * process. The first time a function id is seen its name is looked up in the
 * ELF symbol table of the object that holds it (found with dladdr; .symtab,
 * else .dynsym, read from the file) and matched against the glob patterns;
 * the verdict is cached per id, so later calls cost one byte load. */
#include "rn_preload.h"

#include <dlfcn.h>
#include <elf.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <link.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_PATTERNS 64
#define MAX_OBJS     64

typedef struct pat_list {
	char buf[RN_CHAN_PATTERN_MAX];
	const char *p[MAX_PATTERNS];
	int n;
} pat_list;

typedef struct obj_syms {
	uintptr_t base; /* dli_fbase */
	uintptr_t bias; /* subtracted from addresses: base for ET_DYN, 0 for ET_EXEC */
	const ElfW(Sym) * syms;
	size_t nsyms;
	const char *strs;
	size_t strs_len;
} obj_syms;

static pat_list include, exclude;
static obj_syms objs[MAX_OBJS];
static int nobjs;
static atomic_flag lock = ATOMIC_FLAG_INIT;

RN_NOINST static void split(pat_list *l, const char *s)
{
	strncpy(l->buf, s, sizeof(l->buf) - 1);
	l->n = 0;
	for (char *save = NULL, *tok = strtok_r(l->buf, ",", &save); tok && l->n < MAX_PATTERNS;
	     tok = strtok_r(NULL, ",", &save))
		if (*tok)
			l->p[l->n++] = tok;
}

RN_NOINST void rn_pre_filter_init(const char *inc, const char *exc)
{
	split(&include, inc);
	split(&exclude, exc);
}

RN_NOINST static int matches(const pat_list *l, const char *name)
{
	for (int i = 0; i < l->n; i++)
		if (fnmatch(l->p[i], name, 0) == 0)
			return 1;
	return 0;
}

/* Maps the object's file and finds its symbol table (the file mapping stays:
 * symbol strings point into it). */
RN_NOINST static int load_obj(obj_syms *o, const char *path, uintptr_t base)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	struct stat st;
	void *m = MAP_FAILED;
	if (fstat(fd, &st) == 0 && st.st_size > (off_t)sizeof(ElfW(Ehdr)))
		m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (m == MAP_FAILED)
		return -1;
	size_t size = (size_t)st.st_size;
	const ElfW(Ehdr) *eh = m;
	if (memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 || eh->e_shoff == 0 ||
	    eh->e_shoff + (size_t)eh->e_shnum * sizeof(ElfW(Shdr)) > size)
		return -1;
	const ElfW(Shdr) *sh = (const ElfW(Shdr) *)((const char *)m + eh->e_shoff);
	const ElfW(Shdr) *best = NULL;
	for (int i = 0; i < eh->e_shnum; i++)
		if (sh[i].sh_type == SHT_SYMTAB || (!best && sh[i].sh_type == SHT_DYNSYM))
			best = &sh[i];
	if (!best || best->sh_link >= eh->e_shnum)
		return -1;
	const ElfW(Shdr) *str = &sh[best->sh_link];
	if (best->sh_offset + best->sh_size > size || str->sh_offset + str->sh_size > size)
		return -1;
	o->base = base;
	o->bias = eh->e_type == ET_DYN ? base : 0;
	o->syms = (const ElfW(Sym) *)((const char *)m + best->sh_offset);
	o->nsyms = best->sh_size / sizeof(ElfW(Sym));
	o->strs = (const char *)m + str->sh_offset;
	o->strs_len = str->sh_size;
	return 0;
}

RN_NOINST static const char *sym_name(const obj_syms *o, uintptr_t addr)
{
	uintptr_t v = addr - o->bias;
	for (size_t i = 0; i < o->nsyms; i++) {
		const ElfW(Sym) *s = &o->syms[i];
		if (ELF64_ST_TYPE(s->st_info) == STT_FUNC && s->st_value <= v &&
		    v < s->st_value + (s->st_size ? s->st_size : 1) && s->st_name < o->strs_len)
			return o->strs + s->st_name;
	}
	return NULL;
}

RN_NOINST static const char *resolve(uintptr_t addr)
{
	Dl_info di;
	if (!dladdr((void *)addr, &di) || !di.dli_fbase)
		return NULL;
	uintptr_t base = (uintptr_t)di.dli_fbase;
	for (int i = 0; i < nobjs; i++)
		if (objs[i].base == base)
			return objs[i].syms ? sym_name(&objs[i], addr) : NULL;
	if (nobjs == MAX_OBJS)
		return di.dli_sname;
	obj_syms *o = &objs[nobjs++];
	const char *path = di.dli_fname && di.dli_fname[0] ? di.dli_fname : "/proc/self/exe";
	if (load_obj(o, path, base) < 0 && load_obj(o, "/proc/self/exe", base) < 0) {
		memset(o, 0, sizeof(*o));
		o->base = base;
		return di.dli_sname;
	}
	const char *n = sym_name(o, addr);
	return n ? n : di.dli_sname;
}

RN_NOINST int rn_pre_filter_match(uint64_t addr)
{
	while (atomic_flag_test_and_set_explicit(&lock, memory_order_acquire))
		;
	const char *name = resolve((uintptr_t)addr);
	if (!name)
		name = "";
	int ok = (include.n == 0 || matches(&include, name)) && !matches(&exclude, name);
	atomic_flag_clear_explicit(&lock, memory_order_release);
	return ok;
}

RN_NOINST int rn_pre_verdict_slow(rn_pre_tls *t, uint32_t id)
{
	if (t->busy) { /* a signal handler's call during a name lookup */
		rn_pre_drop(t);
		return 0;
	}
	t->busy = 1;
	uint64_t addr = atomic_load_explicit(&rn_pre_fns[id].addr, memory_order_relaxed);
	int ok = rn_pre_filter_match(addr);
	rn_pre_verdict[id] = ok ? 1 : 2;
	t->busy = 0;
	return ok;
}
