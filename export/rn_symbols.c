/* rn_symbols.c: names function-tracing addresses from the recorded executable
 * mappings and the ELF symbol tables (.symtab, else .dynsym) of the mapped
 * files, read with libelf when the files are present on this machine.
 * Tables are loaded once per file and searched by binary search. */
#include "rn_symbols.h"
#include "rn_grow.h"

#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct xsym_fn {
	uint64_t addr; /* ELF virtual address */
	uint64_t size;
	char *name;
} xsym_fn;

typedef struct xsym_file {
	char *path;
	uint64_t load_bias_off; /* p_vaddr - p_offset of the executable segment */
	int loaded;
	xsym_fn *fns;
	size_t nfns;
} xsym_file;

typedef struct xsym_map {
	int32_t pid;
	uint64_t start, end, pgoff;
	xsym_file *file;
} xsym_map;

struct rn_symbols {
	xsym_map *maps;
	size_t nmaps, capmaps;
	xsym_file **files;
	size_t nfiles;
};

rn_symbols *rn_symbols_new(void)
{
	return calloc(1, sizeof(rn_symbols));
}

void rn_symbols_free(rn_symbols *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nfiles; i++) {
		for (size_t k = 0; k < s->files[i]->nfns; k++)
			free(s->files[i]->fns[k].name);
		free(s->files[i]->fns);
		free(s->files[i]->path);
		free(s->files[i]);
	}
	free(s->files);
	free(s->maps);
	free(s);
}

static xsym_file *file_get(rn_symbols *s, const char *path, uint32_t len)
{
	for (size_t i = 0; i < s->nfiles; i++)
		if (strlen(s->files[i]->path) == len && memcmp(s->files[i]->path, path, len) == 0)
			return s->files[i];
	xsym_file **nf = realloc(s->files, (s->nfiles + 1) * sizeof(*nf));
	if (!nf)
		return NULL;
	s->files = nf;
	xsym_file *f = calloc(1, sizeof(*f));
	if (!f || !(f->path = strndup(path, len))) {
		free(f);
		return NULL;
	}
	s->files[s->nfiles++] = f;
	return f;
}

void rn_symbols_add_mapping(rn_symbols *s, const rn_mapping *m)
{
	if (!m->path_len || m->path[0] != '/')
		return;
	if (s->nmaps == s->capmaps) {
		xsym_map *n = rn_grow_array(s->maps, &s->capmaps, s->nmaps + 1, sizeof(*n), 64);
		if (!n)
			return;
		s->maps = n;
	}
	xsym_file *f = file_get(s, m->path, m->path_len);
	if (f)
		s->maps[s->nmaps++] = (xsym_map){m->pid, m->start, m->end, m->pgoff, f};
}

static int fn_cmp(const void *a, const void *b)
{
	const xsym_fn *x = a, *y = b;
	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static void read_symtab(xsym_file *f, Elf *e, Elf_Scn *scn, GElf_Shdr *sh)
{
	Elf_Data *d = elf_getdata(scn, NULL);
	if (!d || !sh->sh_entsize)
		return;
	size_t n = sh->sh_size / sh->sh_entsize;
	f->fns = calloc(n ? n : 1, sizeof(*f->fns));
	if (!f->fns)
		return;
	for (size_t i = 0; i < n; i++) {
		GElf_Sym sym;
		if (!gelf_getsym(d, (int)i, &sym) || GELF_ST_TYPE(sym.st_info) != STT_FUNC ||
		    !sym.st_value)
			continue;
		const char *name = elf_strptr(e, sh->sh_link, sym.st_name);
		if (!name || !*name)
			continue;
		char *c = strdup(name);
		if (!c)
			continue;
		f->fns[f->nfns++] = (xsym_fn){sym.st_value, sym.st_size, c};
	}
	qsort(f->fns, f->nfns, sizeof(*f->fns), fn_cmp);
}

static void load(xsym_file *f)
{
	f->loaded = 1;
	int fd = open(f->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	elf_version(EV_CURRENT);
	Elf *e = elf_begin(fd, ELF_C_READ, NULL);
	if (e && elf_kind(e) == ELF_K_ELF) {
		size_t nph = 0;
		elf_getphdrnum(e, &nph);
		for (size_t i = 0; i < nph; i++) {
			GElf_Phdr ph;
			if (gelf_getphdr(e, (int)i, &ph) && ph.p_type == PT_LOAD &&
			    (ph.p_flags & PF_X)) {
				f->load_bias_off = ph.p_vaddr - ph.p_offset;
				break;
			}
		}
		Elf_Scn *scn = NULL, *dyn = NULL, *tab = NULL;
		GElf_Shdr sh, dsh, tsh;
		while ((scn = elf_nextscn(e, scn))) {
			if (!gelf_getshdr(scn, &sh))
				continue;
			if (sh.sh_type == SHT_SYMTAB) {
				tab = scn;
				tsh = sh;
			} else if (sh.sh_type == SHT_DYNSYM) {
				dyn = scn;
				dsh = sh;
			}
		}
		if (tab)
			read_symtab(f, e, tab, &tsh);
		else if (dyn)
			read_symtab(f, e, dyn, &dsh);
	}
	if (e)
		elf_end(e);
	close(fd);
}

static const char *lookup(xsym_file *f, uint64_t vaddr)
{
	if (!f->loaded)
		load(f);
	size_t lo = 0, hi = f->nfns;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (f->fns[mid].addr <= vaddr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return NULL;
	const xsym_fn *fn = &f->fns[lo - 1];
	return (vaddr < fn->addr + (fn->size ? fn->size : 1)) ? fn->name : NULL;
}

const char *rn_symbols_name(rn_symbols *s, int32_t pid, uint64_t addr, char *buf, size_t n,
                            int *found)
{
	*found = 0;
	/* The process's own mappings first; a forked child without an exec
	 * of its own shares its parent's. */
	for (int any = 0; any < 2; any++) {
		for (size_t i = s->nmaps; i-- > 0;) {
			const xsym_map *m = &s->maps[i];
			if ((!any && m->pid != pid) || addr < m->start || addr >= m->end)
				continue;
			uint64_t off = addr - m->start + m->pgoff;
			const char *name = lookup(m->file, off + m->file->load_bias_off);
			if (name) {
				snprintf(buf, n, "%s", name);
				*found = 1;
				return buf;
			}
			any = 2;
			break;
		}
	}
	snprintf(buf, n, "0x%llx", (unsigned long long)addr);
	return buf;
}
